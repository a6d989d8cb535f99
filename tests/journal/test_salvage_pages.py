"""`dais salvage` reads what survives: a meeting truncated to half, a damaged page, a damaged
programme (real SQLite files, damaged as a disk or a cut-short copy would). It says so in one
line, and never puts the damaged bytes on the terminal."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from dais.console.record.journal import Journal
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from dais.console.standby.salvage import salvage

DAIS = str(Path(sys.executable).with_name("dais"))
PEOPLE = ["KEN", "MEX", "BRA", "CHL", "PER"]


async def _meeting(path: Path, requests: int, programme_name: str = "first-stakeholder-hearing") -> list[tuple]:
    meeting = await Meeting.open(path, shipped_programme(programme_name))
    for n in range(requests):
        await meeting.request_floor(PEOPLE[n % 5], on_behalf_of=f"group {n}")
        await meeting.withdraw(meeting.state.last_seq)
    await meeting.close()
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT seq, at, body FROM events ORDER BY seq").fetchall()
    finally:
        db.close()


async def _rows(path: Path) -> list[tuple]:
    journal = await Journal.open_reader(path)
    try:
        from dais.models.events import EventAdapter

        return [(e.seq, e.at, EventAdapter.dump_json(e.event).decode()) for e in await journal.entries()]
    finally:
        await journal.close()


def _salvage_cli(source: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DAIS, "salvage", str(source), "-o", str(target)], capture_output=True, text=True,
                          errors="surrogateescape", timeout=120, env={**os.environ, "DAIS_HOME": str(source.parent)})


def _page_of(path: Path, marker: bytes) -> int:
    data = path.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    return data.index(marker) // size


async def test_a_meeting_truncated_to_half_gives_every_event_whose_page_survived(tmp_path):
    whole, half = tmp_path / "whole.dais", tmp_path / "half.dais"
    written = await _meeting(whole, 500)
    shutil.copyfile(whole, half)
    os.truncate(half, whole.stat().st_size // 2)
    result = salvage(half, tmp_path / "new.dais")
    assert result.copied >= 100  # dozens of pages of events survive the cut
    rows = await _rows(tmp_path / "new.dais")
    # the surviving events as they were written, in their order, with their numbers and times
    assert rows == written[:len(rows)]
    assert result.lost == (len(rows) + 1, 1000) and result.cut_short
    report = result.report().splitlines()
    assert len(report) == 2 and "cut short" in report[1]
    # the new meeting holds the programme the damaged one held, and opens for writing
    reopened = await Meeting.open(tmp_path / "new.dais")
    try:
        assert reopened.programme == shipped_programme("first-stakeholder-hearing")
    finally:
        await reopened.close()


async def test_a_damaged_page_of_events_is_named_in_one_line_not_skipped_in_silence(tmp_path):
    path = tmp_path / "m.dais"
    written = await _meeting(path, 300)
    page = _page_of(path, b"group 101\"")
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[page * size:page * size + 8] = b"\x05\xff\xff\xff\xff\xff\xff\xff"  # the page's header gone
    path.write_bytes(bytes(data))
    result = salvage(path, tmp_path / "new.dais")
    rows = await _rows(tmp_path / "new.dais")
    kept = {row[0] for row in rows}
    missing = sorted({row[0] for row in written} - kept)
    assert missing, "the damaged page held events"
    assert [seq for seq, _why in result.skipped] == missing  # every lost event is named
    assert rows == [row for row in written if row[0] in kept]
    report = result.report().splitlines()
    assert len(report) == 2 and report[1].startswith("skipped")


async def test_damaged_bodies_are_one_line_and_their_bytes_never_reach_the_terminal(tmp_path):
    path = tmp_path / "m.dais"
    await _meeting(path, 40)
    db = sqlite3.connect(path)
    bad = ["not json", '{"type": "floor_requested"}', "\x1b]0;owned\x07{", '{"type":"x\x1b[2J"}',
           '{"type": "request_withdrawn", "request": "many"}', "\x9b31m"]
    for seq, body in zip((5, 9, 14, 20, 27, 33), bad):
        db.execute("UPDATE events SET body = ? WHERE seq = ?", (body, seq))
    db.execute("UPDATE events SET at = ? WHERE seq = 35", ("\x1b[31mred",))
    db.execute("UPDATE events SET body = CAST(? AS BLOB) WHERE seq = 36", (b"\xff\xfe\x1b[2J",))
    db.commit()
    db.close()
    done = _salvage_cli(path, tmp_path / "new.dais")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[1].startswith("skipped 8 damaged event(s): 5, 9, 14, 20, 27, 33, 35-36")
    assert all(ch.isprintable() for ch in done.stdout.replace("\n", "")), repr(done.stdout)
    assert "owned" not in done.stdout and "red" not in done.stdout


async def test_a_damaged_programme_is_never_printed_and_a_built_in_one_is_recognised(tmp_path):
    path = tmp_path / "m.dais"
    written = await _meeting(path, 20, "first-thematic-session")
    data = path.read_bytes()
    stored = shipped_programme("first-thematic-session").model_dump_json().encode()
    original = stored[3000:3012]  # in an overflow page of the programme's row
    assert original in data
    path.write_bytes(data.replace(original, b"\x1b[2J\xff\xfe\x1b]0;x\x07"))  # every copy of the page
    done = _salvage_cli(path, tmp_path / "new.dais")
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert "\x1b" not in said and "\ufffd" not in said and "\udcff" not in said
    assert "first-thematic-session" in said and len(done.stdout.splitlines()) == 2
    assert await _rows(tmp_path / "new.dais") == written


async def test_a_file_that_is_not_sqlite_at_all_is_one_line(tmp_path):
    path = tmp_path / "m.dais"
    path.write_bytes(b"\x1b[2J" + os.urandom(5000))
    done = _salvage_cli(path, tmp_path / "new.dais")
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and "\x1b" not in done.stderr
    assert not (tmp_path / "new.dais").exists()
