"""The journal on real SQLite files: durability, one writer, readers, bad files."""

import asyncio
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dais.console.lang.errors import JournalWriteError, MeetingFileError, MeetingLocked
from dais.console.record.journal import APPLICATION_ID, SCHEMA_VERSION, Journal, holder_of
from dais.models import (Category, FloorEnded, FloorGiven, FloorRequested, Participant, ParticipantAdded,
                         SeatingSet)
from dais.models.events import SHARED_EVENTS, entries_from_json

CHILD = Path(__file__).parent.parent / "journal_child.py"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_new_meeting_uses_wal_full_sync_and_versioned_schema(tmp_path, programme):
    path = tmp_path / "m.dais"
    journal = await Journal.create_or_open(path, programme)
    await journal.append(FloorRequested(participant_id="KEN"), 1.0)
    await journal.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("SELECT seq, type FROM events").fetchall() == [(1, "floor_requested")]


async def test_synchronous_full_on_the_writer(tmp_path, programme):
    journal = await Journal.create_or_open(tmp_path / "m.dais", programme)
    row = await (await journal._db.execute("PRAGMA synchronous")).fetchone()
    assert row[0] == 2  # FULL
    await journal.close()


async def test_second_writer_is_refused_naming_the_holder_and_nothing_changes(tmp_path, programme):
    path = tmp_path / "m.dais"
    first = await Journal.create_or_open(path, programme)
    await first.append(FloorRequested(participant_id="KEN"), 1.0)
    before = digest(path)
    with pytest.raises(MeetingLocked, match=rf"process {os.getpid()} on \S+.*dais watch"):
        await Journal.create_or_open(path, programme)
    assert digest(path) == before
    assert holder_of(path) is not None
    await first.close()
    assert holder_of(path) is None
    again = await Journal.create_or_open(path)
    assert [e.seq for e in await again.entries()] == [1]
    await again.close()


async def test_reader_works_while_the_writer_runs(tmp_path, programme):
    path = tmp_path / "m.dais"
    writer = await Journal.create_or_open(path, programme)
    reader = await Journal.open_reader(path)
    await writer.append(FloorRequested(participant_id="KEN"), 1.0)
    assert [e.event.participant_id for e in await reader.entries()] == ["KEN"]
    with pytest.raises(JournalWriteError, match="read-only"):
        await reader.append(FloorRequested(participant_id="MEX"), 2.0)
    await writer.append(FloorRequested(participant_id="MEX"), 2.0)
    assert [e.seq for e in await reader.entries(after=1)] == [2]
    await reader.close()
    await writer.close()


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "newer", "corrupt"])
async def test_bad_files_give_a_clear_error_and_are_never_modified(tmp_path, programme, kind):
    path = tmp_path / "bad.dais"
    if kind == "text":
        path.write_text("minutes of the meeting\n" * 100)
        expected = "not an SQLite database"
    elif kind == "other-sqlite":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE t(x)")
        db.commit()
        db.close()
        expected = "not a Dais meeting"
    elif kind == "newer":
        journal = await Journal.create_or_open(path, programme)
        await journal.close()
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        db.commit()
        db.close()
        expected = "newer Dais"
    else:
        journal = await Journal.create_or_open(path, programme)
        for n in range(400):
            await journal.append(FloorRequested(participant_id="KEN", on_behalf_of="x" * 200), float(n))
        await journal.close()
        db = sqlite3.connect(path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        data = bytearray(path.read_bytes())
        page = 4096
        for offset in range(page * 2, min(len(data), page * 6)):
            data[offset] = 0xA5
        path.write_bytes(bytes(data))
        expected = "damaged"
    before = digest(path)
    for opener in (lambda: Journal.create_or_open(path, programme), lambda: Journal.open_reader(path)):
        with pytest.raises(MeetingFileError, match=expected):
            await opener()
    assert digest(path) == before


def test_crash_loses_no_acknowledged_event_and_frees_the_lock(tmp_path):
    rng = random.Random(2017)
    path = tmp_path / "crash.dais"
    acknowledged = 0
    for _ in range(4):
        child = subprocess.Popen([sys.executable, str(CHILD), str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.05, 0.4)
        last = 0
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.strip():
                last = int(line)
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()  # appends acknowledged before the kill
        child.wait()
        for line in rest.split():
            last = int(line)
        acknowledged = max(acknowledged, last)
        assert last > 0
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        stored = db.execute("SELECT MAX(seq), COUNT(*) FROM events").fetchone()
        db.close()
        assert stored[0] >= last and stored[0] == stored[1]
        assert holder_of(path) is None
    assert acknowledged > 0


async def test_disk_full_is_reported_and_nothing_is_recorded(tmp_path, programme):
    path = tmp_path / "m.dais"
    journal = await Journal.create_or_open(path, programme)
    await journal._db.execute("PRAGMA max_page_count=1")  # the database cannot grow: as a full disk
    await journal._db.execute(f"PRAGMA max_page_count={(await (await journal._db.execute('PRAGMA page_count')).fetchone())[0]}")
    with pytest.raises(JournalWriteError, match="NOT recorded"):
        for n in range(200):
            await journal.append(FloorRequested(participant_id="KEN", on_behalf_of="x" * 2000), float(n))
    count = len(await journal.entries())
    await journal.close()
    reopened = await Journal.create_or_open(path)
    assert len(await reopened.entries()) == count
    await reopened.close()


# -- reading many events at once (models/events.py entries_from_json) -------------------------


async def a_journal_of_every_kind(path: Path, programme) -> list[tuple[int, float, str]]:
    """A meeting whose events repeat one another, as a real one's do, of kinds that hold
    mutable values (a seating list) and kinds that do not; returns its rows."""
    journal = await Journal.create_or_open(path, programme)
    events = [FloorRequested(participant_id="KEN"), FloorRequested(participant_id="MEX"),
              SeatingSet(seats={"KEN": 1}), FloorGiven(participant_id="KEN", role="floor", allotted_s=180, request=1),
              FloorEnded(), FloorRequested(participant_id="KEN"), SeatingSet(seats={"KEN": 1}), FloorEnded(),
              ParticipantAdded(participant=Participant(id="ngo:x", name="X", category=Category.STAKEHOLDER))]
    for at, event in enumerate(events, start=1):
        await journal.append(event, float(at))
    await journal.close()
    db = sqlite3.connect(path)
    rows = db.execute("SELECT seq, at, body FROM events ORDER BY seq").fetchall()
    db.close()
    return rows


async def test_the_one_pass_read_gives_what_reading_row_by_row_gives(tmp_path, programme):
    rows = await a_journal_of_every_kind(tmp_path / "m.dais", programme)
    reader = await Journal.open_reader(tmp_path / "m.dais")
    fast = await reader.entries()
    assert fast == reader._good_prefix(rows) and reader.damaged is None
    assert [e.seq for e in fast] == list(range(1, 10)) and all(type(e.at) is float for e in fast)
    await reader.close()


def test_identical_bodies_share_an_event_only_when_nothing_in_it_can_change(tmp_path, programme):
    entries = entries_from_json(asyncio.run(a_journal_of_every_kind(tmp_path / "m.dais", programme)))
    seatings = [e.event for e in entries if isinstance(e.event, SeatingSet)]
    assert seatings[0] == seatings[1] and seatings[0].seats is not seatings[1].seats
    assert SeatingSet not in SHARED_EVENTS and FloorEnded in SHARED_EVENTS and FloorRequested in SHARED_EVENTS
    assert ParticipantAdded in SHARED_EVENTS  # a frozen participant: nothing in it can change


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("at", "noon", "its time 'noon' is not a number"),
    ("body", '{"type": "floor_ended"}, {"type": "floor_ended"}', "Invalid JSON: trailing characters"),
    ("body", '{"type": "floor_ended"', "Invalid JSON: EOF while parsing an object"),
])
async def test_a_row_the_one_pass_read_cannot_take_is_found_and_read_up_to(tmp_path, programme, column, value,
                                                                            reason):
    await a_journal_of_every_kind(tmp_path / "m.dais", programme)
    db = sqlite3.connect(tmp_path / "m.dais")
    db.execute(f"UPDATE events SET {column} = ? WHERE seq = 4", (value,))
    db.commit()
    db.close()
    reader = await Journal.open_reader(tmp_path / "m.dais")
    assert [e.seq for e in await reader.entries()] == [1, 2, 3]
    assert reader.damaged is not None and reader.damaged.seq == 4 and reason in reader.damaged.reason
    await reader.close()
