"""`dais salvage`: copy every good event of a damaged meeting into a new one; the original is only read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dais.console.errors import MeetingFileError
from dais.console.i18n import _
from dais.console.journal import _connect_for_reading, _reason, create, stored_programme, uninitialised
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

    def report(self) -> str:
        lines = [_("copied {n} event(s) from {source} to {target}").format(
            n=self.copied, source=self.source, target=self.target)]
        if not self.skipped and self.unreadable is None:
            lines.append(_("nothing was skipped"))
        runs: list[list[Any]] = []  # consecutive events skipped for the same reason, as one line
        for seq, reason in self.skipped:
            if runs and runs[-1][1] == seq - 1 and runs[-1][2] == reason:
                runs[-1][1] = seq
            else:
                runs.append([seq, seq, reason])
        for first, last, reason in runs:
            if first == last:
                lines.append(_("skipped event {first}: {reason}").format(first=first, reason=reason))
            else:
                lines.append(_("skipped events {first}-{last}: {reason}").format(first=first, last=last, reason=reason))
        if self.unreadable is not None:
            lines.append(_("stopped: {reason}").format(reason=self.unreadable))
        if self.notice is not None:
            lines.append(self.notice)
        return "\n".join(lines)


def _programme(db: sqlite3.Connection, source: Path) -> Programme:
    try:
        row = db.execute("SELECT value FROM meta WHERE key='programme'").fetchone()
    except sqlite3.DatabaseError as error:
        raise MeetingFileError(_("{source}: its programme cannot be read ({error}); nothing to salvage").format(
            source=source, error=error)) from None
    if row is None:
        raise MeetingFileError(_("{source} holds no programme; nothing to salvage").format(source=source))
    return stored_programme(row[0], source)


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
    from dais.console.meeting import base_roster
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


def salvage(source: Path, target: Path) -> Salvage:
    """Read `source` read-only, event by event, and build `target` from the good ones.

    The events keep their sequence numbers, so an undo still names the event it cancels. The
    new meeting is built beside its name and linked into place whole (console.journal.create):
    a salvage cut short leaves no file under the new name."""
    source, target = Path(source), Path(target)
    if not source.exists():
        raise MeetingFileError(_("{source} does not exist").format(source=source))
    if not uninitialised(target):
        raise MeetingFileError(_("{target} already exists; salvage writes a new meeting and never overwrites one").format(
            target=target))
    try:
        db, _immutable = _connect_for_reading(source)
    except sqlite3.DatabaseError as error:
        raise MeetingFileError(_("{source} cannot be read at all ({error}); nothing to salvage").format(
            source=source, error=error)) from None
    result = Salvage(source, target)
    good: list[JournalEntry] = []
    try:
        programme = _programme(db, source)
        for seq, at, body in _rows(db, result):
            try:
                if body is None:
                    raise ValueError(at)  # a row SQLite could not read: `at` holds why
                if not isinstance(at, (int, float)):
                    raise ValueError(f"its time {at!r} is not a number")
                good.append(JournalEntry(seq, float(at), EventAdapter.validate_json(body)))
            except ValidationError as error:
                result.skipped.append((seq, _reason(error)))
            except (ValueError, TypeError) as error:
                result.skipped.append((seq, str(error)))
    finally:
        db.close()
    good = _without_dangling(programme, good, result)
    lock = create(target, programme, good)
    if lock is None:
        raise MeetingFileError(_("{target} was created by another process meanwhile; nothing written").format(
            target=target))
    lock.release()
    result.notice = lock.notice
    result.copied = len(good)
    return result
