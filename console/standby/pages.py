"""A meeting's rows read straight from its SQLite pages, for `dais salvage` where SQLite cannot.

A meeting truncated to half (a copy cut short, a full disk) has lost its last pages, and with
them the b-tree's way down to its rows, so SQLite refuses the whole file; yet every leaf page
that survives still holds its event rows whole. This reads the file format itself (sqlite.org
"Database File Format": the header, table b-tree leaf pages, record format, overflow chains),
from the main file and then the frames of its -wal, and keeps each row shaped like an event
(seq as rowid; at, type, body) or like the meeting's programme (key, value). Nothing here
trusts what it finds: the caller validates each body against the event models.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_HEADER = b"SQLite format 3\x00"
_TABLE_LEAF = 0x0D
_WAL_MAGIC = (0x377F0682, 0x377F0683)


@dataclass
class Found:
    """What the pages held: event rows by sequence number, and the programme's JSON if it survived."""

    events: dict[int, tuple[float, str, str]] = field(default_factory=dict)
    programme: str | None = None
    programme_start: tuple[str, int] = ("", 0)  # what survives of a damaged programme, and its whole length
    cut_short: bool = False  # shorter than its header says it is (a copy cut short, a full disk)
    highest: int | None = None  # the last sequence number the file gave out (sqlite_sequence), if it survived
    pages: int = 0  # pages read, main file and log


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's big-endian variable-length integer at `at`: its value and the offset after it."""
    value = 0
    for i in range(9):
        if at + i >= len(data):
            raise ValueError("varint past the end")
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise ValueError("unreachable")


def _column(serial: int, data: bytes, at: int) -> tuple[object, int]:
    """One value of a record by its serial type, and the offset after it."""
    if serial == 0:
        return None, at
    if 1 <= serial <= 6:
        size = (1, 2, 3, 4, 6, 8)[serial - 1]
        if at + size > len(data):
            raise ValueError("column past the end")
        return int.from_bytes(data[at:at + size], "big", signed=True), at + size
    if serial == 7:
        if at + 8 > len(data):
            raise ValueError("column past the end")
        return struct.unpack(">d", data[at:at + 8])[0], at + 8
    if serial in (8, 9):
        return serial - 8, at
    if serial >= 12:
        size = (serial - 12) // 2
        if at + size > len(data):
            raise ValueError("column past the end")
        raw = data[at:at + size]
        return (raw if serial % 2 == 0 else raw.decode("utf-8")), at + size
    raise ValueError(f"serial type {serial}")


def _record(payload: bytes) -> list[object]:
    size, at = _varint(payload, 0)
    serials = []
    while at < size:
        serial, at = _varint(payload, at)
        serials.append(serial)
    at, values = size, []
    for serial in serials:
        value, at = _column(serial, payload, at)
        values.append(value)
    return values


class _Pages:
    """The pages of the main file, by number, with the log's newest copy of each over them."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        if not data.startswith(_HEADER):
            raise ValueError("not an SQLite file")
        size = struct.unpack(">H", data[16:18])[0]
        self.size = 65536 if size == 1 else size
        if self.size < 512 or self.size & (self.size - 1):
            raise ValueError("page size")
        self.usable = self.size - data[20]
        self.cut_short = len(data) < struct.unpack(">I", data[28:32])[0] * self.size
        self.pages: dict[int, bytes] = {}
        for number in range(1, len(data) // self.size + 1):  # a last page cut in half is lost
            self.pages[number] = data[(number - 1) * self.size:number * self.size]
        self._log(path.with_name(path.name + "-wal"))

    def _log(self, wal: Path) -> None:
        try:
            data = wal.read_bytes()
        except OSError:
            return
        if len(data) < 32 or struct.unpack(">I", data[:4])[0] not in _WAL_MAGIC:
            return
        if struct.unpack(">I", data[8:12])[0] != self.size:
            return  # a log of another page size: not this file's
        salt = data[16:24]
        frame = 24 + self.size
        pending: dict[int, bytes] = {}
        for start in range(32, len(data) - frame + 1, frame):
            if data[start + 8:start + 16] != salt:
                break  # past the log's last valid write
            number, committed = struct.unpack(">II", data[start:start + 8])
            pending[number] = data[start + 24:start + frame]
            if committed:  # a commit's last frame: its pages stand; a transaction never committed does not
                self.pages.update(pending)
                pending = {}

    def payload(self, page: bytes, at: int, length: int) -> tuple[bytes, bool]:
        """A cell's payload from `at`, following its overflow chain, and whether it is whole (a
        chain that leads to a lost page gives the part before it)."""
        local_max = self.usable - 35
        if length <= local_max:
            return page[at:at + length], at + length <= len(page)
        least = ((self.usable - 12) * 32 // 255) - 23
        local = least + (length - least) % (self.usable - 4)
        if local > local_max:
            local = least
        parts, following = [page[at:at + local]], struct.unpack(">I", page[at + local:at + local + 4])[0]
        remaining, seen = length - local, set()
        while remaining > 0:
            overflow = self.pages.get(following)
            if overflow is None or following in seen:
                return b"".join(parts), False
            seen.add(following)
            chunk = overflow[4:4 + min(remaining, self.usable - 4)]
            parts.append(chunk)
            remaining -= len(chunk)
            following = struct.unpack(">I", overflow[:4])[0]
        return b"".join(parts), True

    def cells(self) -> Iterator[tuple[int, bytes, bool]]:
        """(rowid, payload, whole) of every cell of every table leaf page that can be read."""
        for number, page in sorted(self.pages.items()):
            top = 100 if number == 1 else 0
            if page[top] != _TABLE_LEAF:
                continue
            count = struct.unpack(">H", page[top + 3:top + 5])[0]
            for index in range(count):
                try:
                    pointer = struct.unpack(">H", page[top + 8 + 2 * index:top + 10 + 2 * index])[0]
                    length, at = _varint(page, pointer)
                    rowid, at = _varint(page, at)
                    payload, whole = self.payload(page, at, length)
                except (ValueError, struct.error, IndexError):
                    continue
                yield rowid, payload, whole


def _programme_start(payload: bytes) -> tuple[str, int] | None:
    """The beginning of the programme's JSON, from a meta row whose overflow pages are lost or
    damaged, and the length in bytes the whole had."""
    try:
        size, at = _varint(payload, 0)
        key_serial, at = _varint(payload, at)
        value_serial, at = _varint(payload, at)
        key, at = _column(key_serial, payload, size)
    except (ValueError, UnicodeDecodeError):
        return None
    if key != "programme" or value_serial < 13 or value_serial % 2 == 0:
        return None
    value = payload[at:at + (value_serial - 13) // 2]
    try:
        return value.decode("utf-8"), (value_serial - 13) // 2
    except UnicodeDecodeError as error:  # up to the first damaged byte (or a letter cut in two)
        return value[:error.start].decode("utf-8"), (value_serial - 13) // 2


def scan(path: Path) -> Found:
    """Every event row and the programme that the pages of `path` (and its -wal) still hold.

    Raises ValueError when the file is not SQLite at all. A row seen twice (an older copy in a
    freed page or in the log) is the same row, events being appended and never changed: the
    log's copy, read last, stands."""
    pages = _Pages(path)
    found = Found(pages=len(pages.pages), cut_short=pages.cut_short)
    for rowid, payload, whole in pages.cells():
        if not whole:
            if (begun := _programme_start(payload)) is not None and len(begun[0]) > len(found.programme_start[0]):
                found.programme_start = begun
            continue
        try:
            values = _record(payload)
        except UnicodeDecodeError:
            if (begun := _programme_start(payload)) is not None and len(begun[0]) > len(found.programme_start[0]):
                found.programme_start = begun
            continue
        except ValueError:
            continue
        if (len(values) == 4 and values[0] is None and isinstance(values[1], (int, float))
                and isinstance(values[2], str) and isinstance(values[3], str) and rowid > 0):
            try:
                tag = json.loads(values[3]).get("type")
            except (ValueError, AttributeError):
                continue
            if tag == values[2]:
                found.events[rowid] = (float(values[1]), values[2], values[3])
        elif len(values) == 2 and values[0] == "programme" and isinstance(values[1], str):
            found.programme = values[1]
        elif len(values) == 2 and values[0] == "events" and isinstance(values[1], int):
            found.highest = max(found.highest or 0, values[1])
    return found
