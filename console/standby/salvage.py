"""`dais salvage`: copy every good event of a damaged meeting into a new one; the original is only read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dais.console.lang.errors import MeetingFileError
from dais.console.lang.i18n import _
from dais.console.record.journal import _connect_for_reading, _reason, create, stored_programme, uninitialised
from dais.console.standby.pages import Found, scan
from dais.models import JournalEntry, Programme
from dais.models.events import EventAdapter


@dataclass
class Salvage:
    """What a salvage copied and what it left behind, each skipped event with its reason."""

    source: Path
    target: Path
    copied: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unreadable: str | None = None  # SQLite could not read the rows past the last copied one
    notice: str | None = None  # what placing the new meeting needed first (a stray log moved aside)

    recovered: int = 0  # of the copied, how many were read from the raw pages (SQLite could not reach them)
    lost: tuple[int, int] | None = None  # the last events, first to last, that did not survive (a file cut short)
    cut_short: bool = False  # the file is shorter than its header says: truncated
    programme_from: str | None = None  # the shipped programme its own lost one began as, used instead

    def report(self) -> str:
        """Two lines at most, and a third when a stray log had to be moved aside: what was copied,
        and what was not, the skipped runs and the first reason (never the damaged bytes)."""
        copied = _("copied {n} event(s) from {source} to {target}").format(
            n=self.copied, source=self.source, target=self.target)
        if self.recovered:
            copied += _(" ({n} read from pages SQLite could not reach)").format(n=self.recovered)
        lines = [copied]
        if not self.skipped and self.unreadable is None and self.lost is None and self.programme_from is None:
            lines.append(_("nothing was skipped"))
        parts = []
        if self.programme_from is not None:
            parts.append(_("its programme is damaged: it was the built-in programme {name} (the same length and "
                           "beginning), which the new meeting holds").format(name=self.programme_from))
        if self.skipped:
            runs: list[list[int]] = []  # consecutive sequence numbers, as one run
            for seq, _reason_text in self.skipped:
                if runs and runs[-1][1] == seq - 1:
                    runs[-1][1] = seq
                else:
                    runs.append([seq, seq])
            shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs[:8]) + (", …" if len(runs) > 8 else "")
            first, why = self.skipped[0]
            parts.append(_("skipped {n} damaged event(s): {seqs} (event {first}: {reason})").format(
                n=len(self.skipped), seqs=shown, first=first, reason=why))
        if self.lost is not None:
            parts.append((_("events {first}-{last} did not survive (the file was cut short)") if self.cut_short
                          else _("events {first}-{last} did not survive (their pages are damaged)")).format(
                first=self.lost[0], last=self.lost[1]))
        if self.unreadable is not None:
            parts.append(_("stopped: {reason}").format(reason=self.unreadable))
        if parts:
            lines.append("; ".join(parts))
        if self.notice is not None:
            lines.append(self.notice)
        return "\n".join(lines)


def _programme_text(db: sqlite3.Connection) -> str | None:
    """The programme's JSON as SQLite reads it, or None when it cannot (its page is damaged)."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key='programme'").fetchone()
        return None if row is None else bytes(row[0]).decode("utf-8")
    except (sqlite3.DatabaseError, UnicodeDecodeError, TypeError):
        return None


def _highest(db: sqlite3.Connection) -> int | None:
    for query in ("SELECT seq FROM sqlite_sequence WHERE name = 'events'", "SELECT max(seq) FROM events"):
        try:
            value = db.execute(query).fetchone()[0]
            if isinstance(value, int):
                return value
        except (sqlite3.DatabaseError, TypeError):
            continue
    return None


def _rows(db: sqlite3.Connection, result: Salvage) -> Iterator[tuple[Any, ...]]:
    """Every row SQLite can read, in order. Past a damaged page, the rows are looked up one by one
    up to the last sequence number the file records, so the good rows beyond it are kept; a row
    that cannot be read comes back as (seq, why, None)."""
    last = 0
    while True:
        try:
            rows = db.execute("SELECT seq, at, body FROM events WHERE seq > ? ORDER BY seq LIMIT 512",
                              (last,)).fetchall()
        except sqlite3.DatabaseError:
            break
        if not rows:
            return
        yield from rows
        last = rows[-1][0]
    highest = None
    for query in ("SELECT seq FROM sqlite_sequence WHERE name = 'events'", "SELECT max(seq) FROM events"):
        try:
            highest = db.execute(query).fetchone()[0]
            break
        except (sqlite3.DatabaseError, TypeError):
            continue
    if highest is None:
        result.unreadable = _("the events after {last} cannot be read, nor how many there were").format(last=last)
        return
    for seq in range(last + 1, highest + 1):
        try:
            row = db.execute("SELECT seq, at, body FROM events WHERE seq = ?", (seq,)).fetchone()
        except sqlite3.DatabaseError as error:
            yield seq, _("cannot be read ({error})").format(error=error), None
            continue
        if row is not None:
            yield row


def _without_dangling(programme: Programme, entries: list[JournalEntry], result: Salvage) -> list[JournalEntry]:
    """Leave out requests for the floor by someone not in the roster (see Meeting._dangling)."""
    from dais.console.floor.meeting import base_roster
    from dais.models import ParticipantAdded

    known = {participant.id for participant in base_roster(programme)}
    kept = []
    for entry in entries:
        event = entry.event
        if isinstance(event, ParticipantAdded):
            known.add(event.participant.id)
        elif event.type in ("floor_requested", "point_of_order") and event.participant_id not in known:
            result.skipped.append((entry.seq, _("participant_id {participant} is not in the meeting's roster").format(
                participant=repr(event.participant_id))))
            continue
        kept.append(entry)
    result.skipped.sort()
    return kept


def _shipped_beginning(start: str, length: int) -> tuple[str, str] | None:
    """The built-in programme a damaged one was, as (its JSON, its name), or None: of the same
    length in bytes, and the same as what survives of it from its first letter up to the damage
    (at least its first 200 letters, its title and venue)."""
    from dais.console.room.programme import SHIPPED, shipped_programme

    best: tuple[int, str, str] | None = None
    for name in SHIPPED:
        text = shipped_programme(name).model_dump_json()
        if len(text.encode("utf-8")) != length:
            continue
        same = next((i for i, (a, b) in enumerate(zip(start, text)) if a != b), min(len(start), len(text)))
        if same >= 200 and (best is None or same > best[0]):
            best = (same, text, name)
    return (best[1], best[2]) if best else None


def _entry(seq: int, at: object, body: object) -> JournalEntry:
    """A row as an event, validated against the event models; ValueError saying why not, in words
    (never the damaged bytes themselves, which may hold anything a terminal would act on)."""
    if not isinstance(at, (int, float)) or isinstance(at, bool):
        raise ValueError(_("its time is not a number"))
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(_("its text is not UTF-8")) from None
    if not isinstance(body, str):
        raise ValueError(_("its body is not text"))
    try:
        return JournalEntry(seq, float(at), EventAdapter.validate_json(body))
    except ValidationError as error:
        raise ValueError(_reason(error)) from None


def salvage(source: Path, target: Path, programme: Programme | None = None) -> Salvage:
    """Read `source` read-only, event by event, and build `target` from the good ones.

    SQLite reads what it can; the file's raw pages (console/standby/pages.py) give the rows it cannot
    reach, so a meeting truncated to half still gives every event whose page survived. The
    events keep their sequence numbers and their order, so an undo still names the event it
    cancels. `programme` stands in for the meeting's own only where that did not survive. The
    new meeting is built beside its name and linked into place whole (console.record.journal.create):
    a salvage cut short leaves no file under the new name."""
    source, target = Path(source), Path(target)
    if not source.exists():
        raise MeetingFileError(_("{source} does not exist").format(source=source))
    if not uninitialised(target):
        raise MeetingFileError(_("{target} already exists; salvage writes a new meeting and never overwrites one").format(
            target=target))
    result = Salvage(source, target)
    rows: dict[int, tuple[Any, Any]] = {}
    text, highest, opened = None, None, False
    try:
        db, _immutable = _connect_for_reading(source)
        opened = True
    except (sqlite3.DatabaseError, MeetingFileError):
        pass
    if opened:
        db.text_factory = bytes  # damaged text is judged here, not quoted in SQLite's error
        try:
            text = _programme_text(db)
            for seq, at, body in _rows(db, result):
                rows[seq] = (at, body)
            highest = _highest(db)
        finally:
            db.close()
    try:
        found = scan(source)
    except (OSError, ValueError):
        if not opened:
            raise MeetingFileError(_("{source} cannot be read at all (it is not an SQLite database, or its first "
                                     "page is lost); nothing to salvage").format(source=source)) from None
        found = Found()
    if text is None:
        text = found.programme
    if text is None and programme is None and (shipped := _shipped_beginning(*found.programme_start)):
        text, result.programme_from = shipped
    if text is not None:
        try:
            meeting_programme = stored_programme(text, source)
        except MeetingFileError:
            if programme is not None:
                meeting_programme = programme
            elif shipped := _shipped_beginning(text, len(text.encode("utf-8"))):
                meeting_programme, result.programme_from = stored_programme(shipped[0], source), shipped[1]
            else:
                raise
    elif programme is not None:
        meeting_programme = programme
    else:
        raise MeetingFileError(_("{source}: the programme it held did not survive; nothing to salvage. Give it "
                                 "with: dais salvage {source} -o {target} --programme NAME").format(
            source=source, target=target))
    good: list[JournalEntry] = []
    seqs = sorted(set(rows) | set(found.events))
    highest = max(filter(None, (highest, found.highest, seqs[-1] if seqs else None)), default=0)
    last_read = max(seqs, default=0)
    if found.highest is not None:
        result.unreadable = None  # the pages say how many there were: the gaps are named below
    for seq in range(1, highest + 1):
        tried: list[str] = []
        if seq in rows and rows[seq][1] is not None:
            try:
                good.append(_entry(seq, *rows[seq]))
                continue
            except ValueError as error:
                tried.append(str(error))
        elif seq in rows:
            tried.append(str(rows[seq][0]))  # SQLite could not read it: why
        if seq in found.events:
            at, _type, body = found.events[seq]
            try:
                good.append(_entry(seq, at, body))
                result.recovered += 1
                continue
            except ValueError as error:
                tried.append(str(error))
        if seq > last_read:
            result.lost = (seq, highest)
            result.cut_short = found.cut_short
            break
        result.skipped.append((seq, tried[0] if tried else _("its page did not survive")))
    good = _without_dangling(meeting_programme, good, result)
    lock = create(target, meeting_programme, good)
    if lock is None:
        raise MeetingFileError(_("{target} was created by another process meanwhile; nothing written").format(
            target=target))
    lock.release()
    result.notice = lock.notice
    result.copied = len(good)
    return result
