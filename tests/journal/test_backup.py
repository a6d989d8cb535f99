"""`dais backup` and `dais restore` on real meeting files, with the real Litestream binary."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dais.console.standby.backup import check_copy, restore, rfc3339
from dais.console.lang.errors import DaisError
from dais.console.floor.meeting import Meeting
from dais.console.standby.replicate import Replicator

DAIS = str(Path(sys.executable).with_name("dais"))

# A writer appending 1,000 events as fast as the journal takes them; after 900 it waits for a
# file, so that the backups the test takes while it writes are certainly taken during the run.
WRITER = """
import asyncio, sys, time
from pathlib import Path
from dais.console.record.journal import Journal
from dais.console.room.programme import shipped_programme
from dais.models import FloorRequested, RequestWithdrawn

async def main(path, go):
    journal = await Journal.create_or_open(path, shipped_programme())
    for n in range(1, 1001):
        if n == 901:
            while not go.exists():
                await asyncio.sleep(0.05)
        event = FloorRequested(participant_id="KEN") if n % 2 else RequestWithdrawn(request=n - 1)
        await journal.append(event, 1_000_000.0 + n)
    await journal.close()

asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
"""


def events(path: Path) -> list[tuple]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT seq, at, type, body FROM events ORDER BY seq").fetchall()
    finally:
        db.close()


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([DAIS, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "DAIS_HOME": str(home)})


def test_backup_during_a_thousand_appends_is_a_checked_prefix(tmp_path):
    source, go = tmp_path / "live.dais", tmp_path / "go"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(go)])
    try:
        copies = []
        for number, at_least in enumerate([50, 300]):
            deadline = time.monotonic() + 120
            while True:
                acknowledged = len(events(source)) if source.exists() and source.stat().st_size else 0
                if acknowledged >= at_least or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert writer.poll() is None  # still appending
            copy = tmp_path / f"copy-{number}.dais"
            done = run("backup", str(source), "-o", str(copy), home=tmp_path)
            assert done.returncode == 0, done.stderr
            count = int(re.search(r": (\d+) events, integrity ok", done.stdout)[1])
            assert count >= acknowledged  # not stale: everything committed before it began
            copies.append((copy, count))
        go.touch()
        assert writer.wait(timeout=300) == 0
    finally:
        go.touch()
        writer.kill()
        writer.wait()
    journal = events(source)
    assert len(journal) == 1000
    for copy, count in copies:
        assert check_copy(copy).events == count
        assert events(copy) == journal[:count]  # a prefix: the journal at one commit
        assert not Path(f"{copy}-wal").exists()  # one self-contained file to archive


def test_backup_refuses_to_overwrite_and_explains_bad_input(tmp_path):
    run("open", "geneva", home=tmp_path)  # not a terminal: created, its state printed
    existing = tmp_path / "there.dais"
    existing.write_bytes(b"keep me")
    refused = run("backup", "geneva", "-o", str(existing), home=tmp_path)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert existing.read_bytes() == b"keep me"
    not_a_meeting = tmp_path / "notes.txt"
    not_a_meeting.write_text("minutes of the meeting\n")
    bad = run("backup", str(not_a_meeting), "-o", str(tmp_path / "x.dais"), home=tmp_path)
    assert bad.returncode == 1 and "not a Dais meeting file" in bad.stderr
    for failed in (refused, bad):
        assert "Traceback" not in failed.stdout + failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1


def test_restore_commands_say_one_clear_line(tmp_path):
    nothing = run("restore", str(tmp_path / "no-replica"), "-o", "standby", home=tmp_path)
    assert nothing.returncode == 1
    assert nothing.stderr.startswith("dais: nothing to restore at")
    bad = run("restore", "ftp://host/x", "-o", "standby", home=tmp_path)
    assert bad.returncode == 1 and "not a replication destination" in bad.stderr
    missing = subprocess.run([DAIS, "restore", str(tmp_path), "-o", "standby"], capture_output=True, text=True,
                             env={**os.environ, "DAIS_HOME": str(tmp_path), "DAIS_LITESTREAM": "/nonexistent"})
    assert missing.returncode == 1 and "Litestream is not installed" in missing.stderr
    for failed in (nothing, bad, missing):
        assert "Traceback" not in failed.stdout + failed.stderr
    assert not (tmp_path / "standby.dais").exists()


def test_a_time_without_a_zone_is_local(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Zurich")
    time.tzset()
    try:
        assert rfc3339("2017-05-08T11:40:00") == "2017-05-08T09:40:00Z"
        assert rfc3339("2017-05-08T11:40:00-04:00") == "2017-05-08T15:40:00Z"
        with pytest.raises(DaisError, match="not a time"):
            rfc3339("at lunch")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


async def _replicated(meeting: Meeting, replica: Path, probes: Path) -> None:
    """Wait until a restore holds every event the meeting has acknowledged."""
    for attempt in range(240):
        try:
            copy = await restore(str(replica), probes / f"probe-{time.monotonic_ns()}.dais")
        except DaisError:  # nothing shipped yet
            copy = None
        if copy is not None and copy.events == len(meeting.entries):
            return
        await asyncio.sleep(0.5)
    raise AssertionError("the replica never caught up")


async def test_restore_at_a_timestamp_gives_the_state_then(tmp_path, programme):
    replica, probes = tmp_path / "replica", tmp_path / "probes"
    probes.mkdir()
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    replicator = Replicator(meeting.path, str(replica), tmp_path / "litestream.log")
    await replicator.start()
    try:
        for pid in ["KEN", "MEX", "BRA"]:
            await meeting.request_floor(pid)
        await _replicated(meeting, replica, probes)
        await asyncio.sleep(2.5)  # Litestream keeps whole seconds: the point in time between the two
        between = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        await asyncio.sleep(2.5)
        await meeting.give_floor()
        await meeting.request_floor("CHL")
        await _replicated(meeting, replica, probes)
    finally:
        await meeting.close()
        await replicator.close()
    earlier = await restore(str(replica), tmp_path / "then.dais", timestamp=between)
    latest = await restore(str(replica), tmp_path / "now.dais")
    assert (earlier.events, latest.events) == (3, 5)
    then = await Meeting.watch(earlier.path)
    try:
        assert then.state.speaking is None
        assert [r.participant_id for r in then.state.queue()] == ["KEN", "MEX", "BRA"]
    finally:
        await then.close()
