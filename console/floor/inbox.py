"""The room's inbox: requests for the floor from delegates' phones, kept beside the meeting.

The dais stays the meeting's one writer. `dais serve --requests` alone writes the inbox (a
second SQLite file, NAME.dais-inbox beside NAME.dais, WAL, each row in its own durable
transaction before the phone is answered 202); the dais only reads it. A pending row enters
the speaking order when the secretary takes it: the usual floor_requested, carrying the row's
id (`inbox`), so the fold knows it taken and the rules refuse to take it twice. A decline is a
journal event too. What became of each row is therefore the fold of the journal over the
inbox's rows, computed here by pure functions that the server and the dais share.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from dais.console.lang.errors import DaisError
from dais.console.lang.i18n import _
from dais.models import AccessCode, RequestStatus

if TYPE_CHECKING:
    from dais.console.record.fold import MeetingState
    from dais.console.floor.forecast import QueueRow

SUFFIX = ".dais-inbox"
POLL_S = 0.2  # how often the dais looks at the inbox: one PRAGMA data_version while nothing is new
CAP = 20_000  # rows in all: past it the server refuses new requests (a flood cannot fill the disk)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('ask', 'withdraw')),
    code TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    seat INTEGER,
    on_behalf_of TEXT,
    item_id TEXT NOT NULL,
    address TEXT NOT NULL,
    target INTEGER,
    confirmed INTEGER NOT NULL DEFAULT 0
);
"""
_COLUMNS = "id, at, kind, code, participant_id, seat, on_behalf_of, item_id, address, target, confirmed"

# Short codes read off paper and typed on a phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY34679"


def inbox_path(meeting: Path) -> Path:
    """hearing.dais -> hearing.dais-inbox, in the same folder."""
    return meeting.with_name(meeting.stem + SUFFIX)


def new_code(taken: Iterable[str] = ()) -> str:
    """A fresh code like "K7QM-4XHD" (8 letters of 25: 1.5e11 codes against guessing)."""
    used = set(taken)
    while True:
        letters = "".join(secrets.choice(CODE_LETTERS) for _n in range(8))
        code = f"{letters[:4]}-{letters[4:]}"
        if code not in used:
            return code


def normal_code(text: str) -> str:
    """What a delegate typed, as the code is kept: upper case, the dash put back, spaces gone."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else letters


def codes_for(state: MeetingState, secretaries: int = 0, confirming: bool = False) -> list[AccessCode]:
    """New codes for every delegation of the roster without a live one (at its seat, where it
    has one), and `secretaries` secretaries' codes (`confirming`: their entries need no key at
    the dais). The panel asks nobody for the floor."""
    from dais.models import Category

    held = {c.participant_id for c in state.codes.values() if c.code not in state.revoked}
    taken = set(state.codes)
    made: list[AccessCode] = []
    for participant in state.roster:
        if participant.category is Category.PANEL or participant.id in held:
            continue
        code = new_code(taken)
        taken.add(code)
        made.append(AccessCode(code=code, participant_id=participant.id, seat=participant.seat))
    for _n in range(secretaries):
        code = new_code(taken)
        taken.add(code)
        made.append(AccessCode(code=code, secretary=True, confirms=confirming))
    return made


def live_codes(state: MeetingState) -> list[AccessCode]:
    """The codes handed out and not revoked, by seat then name (the order they are printed in)."""
    roster = state.roster

    def key(code: AccessCode) -> tuple[int, int, str]:
        if code.participant_id is None:
            return (1, 0, code.code)
        return (0, code.seat if code.seat is not None else 1_000_000, roster.name(code.participant_id))

    return sorted((c for c in state.codes.values() if c.code not in state.revoked), key=key)


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One row of the inbox: a request for the floor ("ask") or the withdrawal of one."""

    id: int
    at: float
    kind: str  # "ask" or "withdraw"
    code: str
    participant_id: str
    seat: int | None
    on_behalf_of: str | None
    item_id: str
    address: str
    target: int | None = None  # a withdrawal: the ask's id
    confirmed: bool = False  # entered with a confirming secretary's code: the dais takes it in itself


class Standing(StrEnum):
    """What became of a request from the room, as its phone shows it."""

    PENDING = "pending"  # in the inbox, not yet seen to by the secretary
    QUEUED = "queued"  # taken into the speaking order, waiting
    SPEAKING = "speaking"  # given the floor, speaking now
    SPOKE = "spoke"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CLEARED = "cleared"  # the item moved on without the waiting requests


@dataclass(frozen=True, slots=True)
class Where:
    """A request's standing, with its place in line and forecast while queued."""

    row: InboxRow
    standing: Standing
    position: int | None = None
    estimated_start: float | None = None
    reason: str | None = None


def withdrawn_asks(rows: Iterable[InboxRow]) -> dict[int, int]:
    """ask id -> the withdrawal's id."""
    return {r.target: r.id for r in rows if r.kind == "withdraw" and r.target is not None}


def pending(rows: Sequence[InboxRow], state: MeetingState) -> list[InboxRow]:
    """The asks the secretary has still to take or decline, oldest first."""
    gone = withdrawn_asks(rows)
    return [r for r in rows if r.kind == "ask" and r.id not in gone and r.id not in state.inbox_taken
            and r.id not in state.inbox_declined]


def where(row: InboxRow, rows: Sequence[InboxRow], state: MeetingState,
          queue: Sequence[QueueRow] | None = None) -> Where:
    """The standing of an ask; `queue`: the speaking order's rows (console.floor.forecast.queue_rows)."""
    seq = state.inbox_taken.get(row.id)
    if seq is None:
        if row.id in state.inbox_declined:
            return Where(row, Standing.DECLINED, reason=state.inbox_declined[row.id])
        if row.id in withdrawn_asks(rows):
            return Where(row, Standing.WITHDRAWN)
        return Where(row, Standing.PENDING)
    request = state.requests[seq]
    if request.status is RequestStatus.WAITING:
        if row.id in withdrawn_asks(rows):  # withdrawn from the phone: the dais journals it at its next look
            return Where(row, Standing.WITHDRAWN)
        for queued in queue or ():
            if queued.request.id == seq:
                return Where(row, Standing.QUEUED, queued.position, queued.estimated_start)
        return Where(row, Standing.QUEUED)
    if request.status is RequestStatus.SPOKE:
        speaking = state.speaking
        if speaking is not None and speaking.request_id == seq:
            return Where(row, Standing.SPEAKING)
        return Where(row, Standing.SPOKE)
    if request.status is RequestStatus.WITHDRAWN:
        return Where(row, Standing.WITHDRAWN)
    return Where(row, Standing.CLEARED)


def withdrawals_due(rows: Sequence[InboxRow], state: MeetingState) -> list[tuple[InboxRow, int]]:
    """Withdrawals from phones of requests already in the speaking order and still waiting:
    (the withdrawal, the request's seq), for the dais to journal."""
    by_id = {r.id: r for r in rows}
    due = []
    for ask_id, withdrawal in withdrawn_asks(rows).items():
        seq = state.inbox_taken.get(ask_id)
        if seq is not None and ask_id in by_id and state.requests[seq].status is RequestStatus.WAITING:
            due.append((by_id[withdrawal], seq))
    return due


def ask_refusal(state: MeetingState, rows: Sequence[InboxRow], code: AccessCode,
                participant_id: str | None = None) -> str | None:
    """Why this code may not ask now (for `participant_id`, a second secretary's entry), in the
    interface's language; None: it may."""
    from dais.models import Category

    pid = code.participant_id if not code.secretary else participant_id
    if pid is None:
        return _("a secretary's code enters requests from the secretaries' page")
    if pid not in state.roster:
        return _("this code's delegation is not in the meeting's roster")
    if state.roster.get(pid).category is Category.PANEL:
        return _("{name} is on the panel: the dais gives it the floor").format(name=state.roster.name(pid))
    if state.list_closed:
        return _("The list of speakers is closed: no new requests are taken.")
    item = state.item.id
    for row in rows:
        same = row.participant_id == pid if code.secretary else row.code == code.code
        if row.kind == "ask" and row.item_id == item and same:
            if where(row, rows, state).standing in (Standing.PENDING, Standing.QUEUED):
                if code.secretary:
                    return _("{name} has already asked for the floor on this item.").format(
                        name=state.roster.name(pid))
                return _("You have already asked for the floor on this item.")
    if state.waiting_request_of(pid) is not None:
        if code.secretary:
            return _("{name} is already in the speaking order.").format(name=state.roster.name(pid))
        return _("Your delegation is already in the speaking order.")
    return None


def _row(values: tuple[Any, ...]) -> InboxRow:
    rid, at, kind, code, pid, seat, behalf, item, address, target, confirmed = values
    return InboxRow(rid, at, kind, code, pid, seat, behalf, item, address, target, bool(confirmed))


class Inbox:
    """The inbox file, opened by the server to write (and keep every row in memory: it is the
    file's one writer) or by the dais to read what is new."""

    def __init__(self, path: Path, db: aiosqlite.Connection, rows: list[InboxRow], writer: bool) -> None:
        self.path = path
        self._db = db
        self.rows = rows
        self.writer = writer
        self._data_version: int | None = None

    @classmethod
    async def create_or_open(cls, path: Path) -> Inbox:
        """For the server: the inbox, made if new; every commit durable before it returns."""
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=FULL")
            await db.execute("PRAGMA busy_timeout=5000")
            await db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise DaisError(f"cannot open the requests inbox {path}: {error}") from None
        inbox = cls(path, db, [], writer=True)
        inbox.rows = await inbox._read(0)
        return inbox

    @classmethod
    async def open_reader(cls, path: Path) -> Inbox | None:
        """For the dais: None while no server has made the inbox yet."""
        if not path.exists():
            return None
        try:
            db = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
            await db.execute("PRAGMA busy_timeout=2000")
            inbox = cls(path, db, [], writer=False)
            inbox.rows = await inbox._read(0)
        except sqlite3.Error as error:
            raise DaisError(f"cannot read the requests inbox {path}: {error}") from None
        return inbox

    async def close(self) -> None:
        await self._db.close()

    async def _read(self, after: int) -> list[InboxRow]:
        async with self._db.execute(f"SELECT {_COLUMNS} FROM inbox WHERE id > ? ORDER BY id", (after,)) as cursor:
            return [_row(tuple(values)) for values in await cursor.fetchall()]

    async def poll(self) -> list[InboxRow]:
        """The rows added since the last look; cheap when there are none (PRAGMA data_version)."""
        try:
            async with self._db.execute("PRAGMA data_version") as cursor:
                found = await cursor.fetchone()
            version = found[0] if found else None
            if version == self._data_version:
                return []
            self._data_version = version
            new = await self._read(self.rows[-1].id if self.rows else 0)
        except sqlite3.Error as error:
            raise DaisError(f"cannot read the requests inbox {self.path}: {error}") from None
        self.rows.extend(new)
        return new

    async def add(self, kind: str, code: AccessCode, participant_id: str, item_id: str, address: str, at: float,
                  on_behalf_of: str | None = None, target: int | None = None, seat: int | None = None) -> InboxRow:
        """Append one row in its own durable transaction; DaisError if the inbox is full. A
        secretary's entry carries the delegation's `seat`, a delegate's the seat of its code."""
        if len(self.rows) >= CAP:
            raise DaisError(_("The requests inbox is full: ask the secretariat."))
        confirmed = code.secretary and code.confirms and kind == "ask"
        values = (at, kind, code.code, participant_id, seat if code.secretary else code.seat, on_behalf_of,
                  item_id, address, target)
        try:
            cursor = await self._db.execute(
                "INSERT INTO inbox (at, kind, code, participant_id, seat, on_behalf_of, item_id, address, target,"
                " confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, int(confirmed)))
        except sqlite3.Error as error:
            raise DaisError(f"cannot write to the requests inbox: {error}") from None
        assert cursor.lastrowid is not None
        row = InboxRow(cursor.lastrowid, *values, confirmed=confirmed)
        self.rows.append(row)
        return row


class RoomInbox:
    """The dais's view of the room's inbox: opened once a server has made it, then followed."""

    def __init__(self, meeting: Path) -> None:
        self.path = inbox_path(meeting)
        self._inbox: Inbox | None = None

    @property
    def rows(self) -> list[InboxRow]:
        return self._inbox.rows if self._inbox is not None else []

    async def poll(self) -> bool:
        """Whether rows came in since the last look: a stat while there is no inbox, then one
        PRAGMA data_version per look while nothing changes."""
        if self._inbox is None:
            if not self.path.exists():
                return False
            self._inbox = await Inbox.open_reader(self.path)
            return bool(self._inbox is not None and self._inbox.rows)
        return bool(await self._inbox.poll())

    async def close(self) -> None:
        if self._inbox is not None:
            await self._inbox.close()
            self._inbox = None
