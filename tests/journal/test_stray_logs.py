"""A meeting file is never paired with a journal log that is not its own (real files, real
processes, SIGKILL): a log left at a name is moved aside before a new file takes the name, and a
meeting read through a hard link is read through the name its log is beside."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dais.console.standby.backup import backup, restore
from dais.console.lang.errors import MeetingFileError
from dais.console.record.journal import Journal
from dais.console.floor.meeting import Meeting
from dais.console.standby.replicate import Replicator
from dais.console.standby.salvage import salvage
from dais.models import FloorRequested
from tests.journal.test_backup import _replicated

ROOT = Path(__file__).resolve().parents[2]


def _writer(path: Path) -> subprocess.Popen[str]:
    """tests/journal_child.py appending to `path` as fast as it can, once it says it is ready."""
    child = subprocess.Popen([sys.executable, "-m", "tests.journal_child", str(path)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    for _ in range(40):  # some events in its log, not yet checkpointed into the file
        child.stdout.readline()
    return child


def _killed_leaving_a_log(path: Path) -> int:
    """A writer killed mid-meeting, then its file removed: the -wal (and -shm) stay at the name."""
    child = _writer(path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdout is not None
    child.stdout.close()
    path.unlink()
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0
    return wal.stat().st_size


def _aside(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(name + "-") and ".stray" in p.name)


async def _events(path: Path) -> list[int]:
    journal = await Journal.open_reader(path)
    try:
        return [entry.seq for entry in await journal.entries()]
    finally:
        await journal.close()


async def _meeting_of(path: Path, programme, n: int) -> None:
    meeting = await Meeting.open(path, programme)
    for pid in ["KEN", "MEX", "BRA", "CHL", "PER"][:n]:
        await meeting.request_floor(pid)
    await meeting.close()


async def test_a_new_meeting_at_the_name_of_a_killed_one_holds_none_of_its_events(tmp_path, programme):
    path = tmp_path / "hearing.dais"
    size = _killed_leaving_a_log(path)
    meeting = await Meeting.open(path, programme)
    try:
        assert meeting.entries == []
        assert meeting.state.queue() == []
        (notice,) = meeting.journal.notices
        assert "\n" not in notice and "hearing.dais-wal.stray-" in notice and "kept" in notice
    finally:
        await meeting.close()
    aside = _aside(tmp_path, "hearing.dais")
    assert any(name.startswith("hearing.dais-wal.stray-") for name in aside)
    # the old log is kept whole, and nothing of it reached the new file
    wal = next(tmp_path / name for name in aside if name.startswith("hearing.dais-wal"))
    assert wal.stat().st_size == size
    assert await _events(path) == []


async def test_a_backup_to_the_name_of_a_killed_meeting_opens_with_its_own_events(tmp_path, programme):
    source, target = tmp_path / "geneva.dais", tmp_path / "hearing.dais"
    await _meeting_of(source, programme, 3)
    _killed_leaving_a_log(target)
    copy = backup(source, target)
    assert copy.events == 3
    assert await _events(target) == [1, 2, 3]
    meeting = await Meeting.open(target)  # the writer too: not "database disk image is malformed"
    try:
        assert [r.participant_id for r in meeting.state.queue()] == ["KEN", "MEX", "BRA"]
    finally:
        await meeting.close()
    assert copy.notice is not None and "\n" not in copy.notice


async def test_a_salvage_to_the_name_of_a_killed_meeting_holds_only_the_salvaged_events(tmp_path, programme):
    source, target = tmp_path / "geneva.dais", tmp_path / "hearing.dais"
    await _meeting_of(source, programme, 2)
    _killed_leaving_a_log(target)
    result = salvage(source, target)
    assert result.copied == 2
    assert "hearing.dais-wal.stray-" in result.report()
    assert await _events(target) == [1, 2]


async def test_a_restore_to_the_name_of_a_killed_meeting_opens_with_the_replica_events(tmp_path, programme):
    replica, live = tmp_path / "replica", tmp_path / "live.dais"
    meeting = await Meeting.open(live, programme)
    replicator = Replicator(meeting.path, str(replica), tmp_path / "litestream.log")
    await replicator.start()
    try:
        for pid in ["KEN", "MEX", "BRA"]:
            await meeting.request_floor(pid)
        probes = tmp_path / "probes"
        probes.mkdir()
        await _replicated(meeting, replica, probes)
    finally:
        await meeting.close()
        await replicator.close()
    target = tmp_path / "hearing.dais"
    _killed_leaving_a_log(target)
    copy = await restore(str(replica), target)
    assert copy.events == 3
    assert await _events(target) == [1, 2, 3]
    reopened = await Meeting.open(target)
    try:
        assert len(reopened.entries) == 3
    finally:
        await reopened.close()
    assert copy.notice is not None


async def test_a_log_still_open_by_a_writer_of_a_deleted_meeting_is_refused_and_left(tmp_path, programme):
    path = tmp_path / "hearing.dais"
    child = _writer(path)
    try:
        path.unlink()  # the writer goes on, on a file with no name
        with pytest.raises(MeetingFileError, match="still open in process") as refused:
            await Journal.create_or_open(path, programme)
        assert "\n" not in str(refused.value)
        assert not path.exists() and path.with_name("hearing.dais-wal").exists()
        assert _aside(tmp_path, "hearing.dais") == []
    finally:
        child.kill()
        child.wait()
        assert child.stdout is not None
        child.stdout.close()


async def test_a_reader_through_a_hard_link_sees_the_live_meeting_and_leaves_no_log(tmp_path):
    path, link = tmp_path / "geneva.dais", tmp_path / "copy.dais"
    child = _writer(path)
    try:
        os.link(path, link)
        seen = await _events(link)
        assert len(seen) >= 40
        journal = await Journal.open_reader(link)
        try:
            (notice,) = journal.notices
            assert "hard link" in notice and "geneva.dais" in notice
        finally:
            await journal.close()
        copy = backup(link, tmp_path / "archived.dais")  # not "0 events, integrity ok"
        assert copy.events >= 40
        assert not link.with_name("copy.dais-wal").exists()
        assert not link.with_name("copy.dais-shm").exists()
    finally:
        child.kill()
        child.wait()
        assert child.stdout is not None
        child.stdout.close()


async def test_a_writer_through_a_hard_link_replays_the_log_left_at_the_other_name(tmp_path, programme):
    path, link = tmp_path / "geneva.dais", tmp_path / "copy.dais"
    child = _writer(path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdout is not None
    child.stdout.close()
    killed_with = len(await _events(path))
    os.link(path, link)
    journal = await Journal.create_or_open(link, programme)
    try:
        assert len(await journal.entries()) == killed_with
        assert any("hard link" in notice for notice in journal.notices)
        await journal.append(FloorRequested(participant_id="KEN"), 1.0)
    finally:
        await journal.close()
    assert len(await _events(path)) == killed_with + 1


async def test_a_meeting_moved_and_replaced_under_a_reader_is_noticed(tmp_path, programme):
    path = tmp_path / "geneva.dais"
    await _meeting_of(path, programme, 3)
    other = tmp_path / "other.dais"
    await _meeting_of(other, programme, 1)
    reader = await Meeting.watch(path)
    try:
        assert not reader.journal.gone()
        os.rename(path, tmp_path / "moved.dais")
        os.rename(other, path)
        assert reader.journal.gone()
    finally:
        await reader.close()


async def test_a_closed_meeting_opens_for_writing_through_a_second_name(tmp_path, programme):
    path, link = tmp_path / "geneva.dais", tmp_path / "copy.dais"
    await _meeting_of(path, programme, 2)
    os.link(path, link)
    meeting = await Meeting.open(link)
    try:
        await meeting.request_floor("PER")
    finally:
        await meeting.close()
    assert await _events(path) == [1, 2, 3]


async def test_the_server_says_when_the_meeting_file_was_replaced_under_it(tmp_path, programme):
    from dais.console.web.room import Room

    path = tmp_path / "geneva.dais"
    await _meeting_of(path, programme, 3)
    other = tmp_path / "other.dais"
    await _meeting_of(other, programme, 1)
    room = await Room.open(path, poll_s=0.01)
    room.start()
    try:
        os.rename(path, tmp_path / "moved.dais")
        os.rename(other, path)
        for _ in range(500):
            if room.notice:
                break
            await asyncio.sleep(0.01)
        assert room.notice is not None and "was replaced" in room.notice and "\n" not in room.notice
        state = room.current()
        assert state.notice == room.notice
        assert [r.participant_id for r in room.meeting.state.queue()] == ["KEN"]
    finally:
        await room.close()


async def test_a_watcher_says_when_the_meeting_file_was_replaced_under_it(tmp_path, programme):
    from dais.console.app.watch import WatchApp

    path = tmp_path / "geneva.dais"
    await _meeting_of(path, programme, 3)
    other = tmp_path / "other.dais"
    await _meeting_of(other, programme, 1)
    app = WatchApp(await Meeting.watch(path), poll=0.02)
    async with app.run_test(size=(100, 30)) as pilot:
        os.rename(path, tmp_path / "moved.dais")
        os.rename(other, path)
        for _ in range(100):
            await pilot.pause(0.05)
            said = [n.message for n in app._notifications]
            if any("was replaced" in m for m in said):
                break
        assert any("was replaced" in m and "1 events" in m for m in said)
    await app.meeting.close()


async def test_the_dais_says_in_one_notice_that_a_stray_log_was_moved_aside(tmp_path, programme):
    from dais.console.app import make_app

    path = tmp_path / "hearing.dais"
    _killed_leaving_a_log(path)
    meeting = await Meeting.open(path, programme)
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications if "journal log" in n.message]
        assert len(said) == 1 and "hearing.dais-wal.stray-" in said[0] and "\n" not in said[0]
        assert meeting.state.queue() == []
    await meeting.close()
