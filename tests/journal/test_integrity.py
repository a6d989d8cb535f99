"""Nothing a user types or a file holds can damage a meeting (issue 13): creation, read-only
media, damaged events and salvage, the writer's lock on the inode, names in any script, names
SQLite would misread, seating lists, programme warnings, settings, and the command line."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import string
import subprocess
import sys
from pathlib import Path

import pytest

from dais.console.lang.errors import MeetingFileError, MeetingLocked, ProcedureError, ProgrammeError
from dais.console.record.journal import CREATING, Journal, holder_of, sqlite_uri
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import parse_programme, shipped_text, warnings
from dais.console.standby.salvage import salvage
from dais.console.settings import Settings
from dais.models import Category, FloorRequested, RequestWithdrawn

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dais(*args: str, home: Path, umask: int | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dais.console", *args], capture_output=True,
                          env={**os.environ, "DAIS_HOME": str(home)}, cwd=ROOT, umask=umask if umask is not None else -1,
                          **kwargs)


async def make(path: Path, programme, events: int = 6) -> None:
    journal = await Journal.create_or_open(path, programme)
    for n in range(1, events + 1):
        await journal.append(FloorRequested(participant_id="KEN") if n % 2 else RequestWithdrawn(request=n - 1),
                             float(n))
    await journal.close()


# -- 1. creation ----------------------------------------------------------------------------


async def test_a_half_made_meeting_is_finished_not_refused(tmp_path, programme):
    path = tmp_path / "m.dais"
    db = sqlite3.connect(path)  # what a kill during creation left on main: user_version 0, no tables
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    journal = await Journal.create_or_open(path, programme)
    await journal.append(FloorRequested(participant_id="KEN"), 1.0)
    await journal.close()
    reader = await Journal.open_reader(path)
    assert [e.seq for e in await reader.entries()] == [1]
    await reader.close()


async def test_creation_leaves_nothing_beside_the_meeting_and_clears_abandoned_attempts(tmp_path, programme):
    abandoned = tmp_path / f".m.dais.x1y2{CREATING}"
    abandoned.write_bytes(b"SQLite format 3\x00" + bytes(4080))  # a creation killed before rename
    await make(tmp_path / "m.dais", programme)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.dais"]


# -- 2. time zones --------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe/Genva", "", "../../etc/passwd", "Europe", "UTC\x00"])
def test_a_bad_zone_is_named_with_its_place(zone):
    text = shipped_text("first-thematic-session").replace('"Europe/Zurich"', json.dumps(zone))
    with pytest.raises(ProgrammeError) as refused:
        parse_programme(text, "p.toml")
    assert refused.value.problems == [("meeting.timezone", f"unknown time zone {zone!r}: write an IANA name "
                                       "such as Europe/Zurich or America/New_York")]


async def test_a_meeting_holding_a_bad_zone_is_named_not_a_traceback(tmp_path, programme):
    path = tmp_path / "m.dais"
    await make(path, programme)
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = replace(value, 'Europe/Zurich', 'Europe/Genva') WHERE key='programme'")
    db.commit()
    db.close()
    for opener in (Meeting.open, Meeting.watch):
        with pytest.raises(MeetingFileError, match=r"the programme it holds is damaged \(meeting.timezone: "
                                                   r"unknown time zone 'Europe/Genva'"):
            await opener(path)


# -- 3. read-only media ---------------------------------------------------------------------


def read_only(folder: Path, *command: str) -> subprocess.CompletedProcess:
    """Run `dais COMMAND` with `folder` on a read-only filesystem (root: a read-only bind mount in
    a private mount namespace) or, for anyone else, in a read-only folder."""
    if os.geteuid() == 0:
        script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
        argv = ["unshare", "--mount", "sh", "-c", script, "sh", str(folder), sys.executable, "-m", "dais.console",
                *command]
    else:
        argv = [sys.executable, "-m", "dais.console", *command]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "DAIS_HOME": str(folder)})


@pytest.fixture
def archive(tmp_path, programme):
    folder = tmp_path / "archive"
    folder.mkdir()
    asyncio.run(make(folder / "m.dais", programme))
    if os.geteuid() == 0:
        if shutil.which("unshare") is None or subprocess.run(
                ["unshare", "--mount", "true"], capture_output=True).returncode != 0:
            pytest.skip("needs a private mount namespace (unshare) to make a read-only filesystem as root")
    else:
        (folder / "m.dais").chmod(0o444)
        folder.chmod(0o555)
    yield folder / "m.dais"
    folder.chmod(0o755)


def test_a_meeting_on_read_only_media_is_read_and_the_dais_says_why_it_cannot_write(archive):
    before = digest(archive)
    exported = read_only(archive.parent, "export", str(archive), "--format", "json", "-o", "-")
    assert exported.returncode == 0, exported.stderr
    copy = archive.parent.parent / "copy.dais"
    shutil.copyfile(archive, copy)  # the same meeting on writable media, read normally
    assert exported.stdout == dais("export", str(copy), "--format", "json", "-o", "-", home=copy.parent,
                                   text=True).stdout.replace(str(copy), str(archive))
    state = read_only(archive.parent, "open", str(archive), "--state")
    assert state.returncode == 0 and "(6 events)" in state.stdout, state.stderr
    refused = read_only(archive.parent, "seating", str(archive), "/dev/null")
    reason = "it is on a read-only filesystem" if os.geteuid() == 0 else "the file is read-only"
    assert refused.returncode == 1
    assert refused.stderr == (f"dais: {archive} is read-only ({reason}): the dais cannot record anything in it; "
                              f"read it with `dais open {archive} --state`, `dais watch` or `dais export`\n")
    assert digest(archive) == before


async def test_a_reader_opens_a_read_only_meeting_immutable_only_when_it_must(tmp_path, programme):
    await make(tmp_path / "m.dais", programme)
    reader = await Journal.open_reader(tmp_path / "m.dais")
    assert not reader.immutable  # on writable media the reader follows the writer live
    await reader.close()


# -- 4. damaged events and salvage ----------------------------------------------------------


async def damaged_meeting(path: Path, programme) -> None:
    await make(path, programme, events=8)
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET body = '{\"type\": \"floor_requested\", \"participant_id\": 7}' WHERE seq = 5")
    db.execute("UPDATE events SET body = 'not json' WHERE seq = 7")
    db.commit()
    db.close()


async def test_a_damaged_event_stops_the_writer_and_readers_stop_before_it(tmp_path, programme):
    path = tmp_path / "m.dais"
    await damaged_meeting(path, programme)
    before = digest(path)
    with pytest.raises(MeetingFileError, match=rf"^{path}: event 5 is damaged \(participant_id: Input should be "
                                               rf"a valid string\); nothing was changed\. .*dais salvage"):
        await Meeting.open(path)
    watcher = await Meeting.watch(path)
    assert watcher.state.last_seq == 4 and watcher.journal.damaged.seq == 5
    assert await watcher.refresh() == []
    await watcher.close()
    assert digest(path) == before


async def test_salvage_copies_every_good_event_keeps_their_numbers_and_never_changes_the_original(tmp_path, programme):
    path, new = tmp_path / "m.dais", tmp_path / "new.dais"
    await damaged_meeting(path, programme)
    before = digest(path)
    result = salvage(path, new)
    assert digest(path) == before
    assert result.copied == 6 and [seq for seq, _ in result.skipped] == [5, 7]
    assert [reason.split(":")[0] for _seq, reason in result.skipped] == ["participant_id", "Invalid JSON"]
    assert result.report().splitlines()[1] == (
        "skipped 2 damaged event(s): 5, 7 (event 5: participant_id: Input should be a valid string)")
    meeting = await Meeting.open(new)  # a whole meeting, open for writing
    assert [e.seq for e in meeting.entries] == [1, 2, 3, 4, 6, 8]
    entry = await meeting.request_floor("MEX")
    assert entry.seq == 9
    await meeting.close()
    assert holder_of(new) is None


def test_salvage_command_reports_what_it_skipped(tmp_path, programme):
    asyncio.run(damaged_meeting(tmp_path / "m.dais", programme))
    result = dais("salvage", str(tmp_path / "m.dais"), "-o", "rescued", home=tmp_path, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"copied 6 event(s) from {tmp_path / 'm.dais'} to {tmp_path / 'rescued.dais'}"
    assert "skipped 2 damaged event(s): 5, 7 (event 5: participant_id: Input should be a valid string)" in result.stdout


# -- 5. one writer per file, whichever path reaches it --------------------------------------


@pytest.mark.parametrize("second", ["symlink", "hard link"])
async def test_the_writer_lock_is_on_the_file_not_the_path(tmp_path, programme, second):
    path = tmp_path / "m.dais"
    other = tmp_path / "other.dais"
    writer = await Journal.create_or_open(path, programme)
    other.symlink_to(path) if second == "symlink" else os.link(path, other)
    with pytest.raises(MeetingLocked, match=rf"process {os.getpid()} on "):
        await Journal.create_or_open(other)
    assert holder_of(other) is not None
    await writer.close()
    assert holder_of(other) is None
    again = await Journal.create_or_open(other)
    await again.close()


# -- 6. newcomers in any script -------------------------------------------------------------

NAMES = ["الهلال الأحمر", "中国红十字会", "Красный Крест", "भारतीय रेड क्रॉस", "李明", "黎明"]


async def test_newcomers_in_any_script_get_unique_stable_ids(tmp_path, programme, clock):
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    added = [await meeting.add_participant(name, Category.STAKEHOLDER) for name in NAMES]
    ids = [p.id for p in added]
    assert len(set(ids)) == len(NAMES)
    assert ids[:4] == ["stakeholder:lhll-lhmr", "stakeholder:zhongguohongshizihui", "stakeholder:krasnyi-krest", "stakeholder:bhartiy-red-kros"]
    assert ids[4:] == ["stakeholder:liming", "stakeholder:liming-2"]  # two names that transliterate alike
    with pytest.raises(ProcedureError, match="already in the roster"):
        await meeting.add_participant("黎明", Category.STAKEHOLDER)
    assert meeting.roster.search("Красный")[0].participant.id == "stakeholder:krasnyi-krest"
    await meeting.close()
    again = await Meeting.open(tmp_path / "m.dais", clock=clock)
    assert [again.roster.get(pid).name for pid in ids] == NAMES
    await again.close()


# -- 7. names SQLite would read as URI syntax -----------------------------------------------

PRINTABLE = "".join(c for c in string.printable if c not in string.whitespace and c != "/")


@pytest.mark.parametrize("name", [PRINTABLE, "a #?% b", "?mode=ro", "%41#", "Genève 日内瓦 جنيف"])
def test_any_name_works_through_open_export_watch_and_serve(tmp_path, name):
    folder = tmp_path / "meetings"
    created = dais("open", str(folder / f"{name}.dais"), home=tmp_path, text=True)
    assert created.returncode == 0, created.stderr
    path = folder / f"{name}.dais"
    assert [p.name for p in folder.iterdir() if p.suffix == ".dais"] == [path.name]
    exported = dais("export", str(path), "--format", "json", "-o", "-", home=tmp_path, text=True)
    assert exported.returncode == 0 and json.loads(exported.stdout)["meeting"], exported.stderr
    by_name = dais("open", name, "--state", home=folder, text=True)  # a bare name in the data folder
    assert by_name.returncode == 0 and "(0 events)" in by_name.stdout, by_name.stderr


async def test_watch_and_serve_open_a_meeting_whose_name_is_uri_syntax(tmp_path, programme):
    path = tmp_path / f"{PRINTABLE}.dais"
    await make(path, programme)
    assert sqlite_uri(path).count("?") == 0 and "#" not in sqlite_uri(path)
    watcher = await Meeting.watch(path)  # what `dais watch` and each `dais serve` session open
    assert watcher.state.last_seq == 6
    await watcher.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "mode" in p.name or p.name.startswith("file")) == []


# -- 8, 9. seating lists --------------------------------------------------------------------


async def test_a_seating_list_is_one_event_and_undo_restores_the_seats(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    meeting = await Meeting.open(path, programme, clock=clock)
    before = meeting.roster.get("KEN").seat
    await meeting.close()
    seats = tmp_path / "seats.csv"
    seats.write_text("seat,delegation\n1,Kenya\n2,Mexico\n")
    result = await asyncio.to_thread(dais, "seating", str(path), str(seats), home=tmp_path, text=True)
    assert result.returncode == 0 and result.stdout == "seated 2 delegations\n", result.stderr
    meeting = await Meeting.open(path, clock=clock)
    assert meeting.roster.get("KEN").seat == 1
    await meeting.undo()
    assert meeting.roster.get("KEN").seat == before
    await meeting.close()


# -- 10. programme warnings -----------------------------------------------------------------


def test_check_warns_about_overlaps_a_day_past_midnight_and_days_out_of_order(tmp_path):
    items = "".join(f'[[items]]\nid = "i{n}"\nday = 1\nstart = "10:00"\nend = "12:00"\ntitle = "I"\nkind = "panel"\n\n'
                    for n in range(2000))
    text = ('[meeting]\ntitle = "T"\nvenue = "V"\ndays = [2017-05-09, 2017-05-08]\ntimezone = "UTC"\n\n' + items)
    found = warnings(parse_programme(text))
    assert found[0] == "meeting.days[1]: 2017-05-08 is not after the day before it, 2017-05-09"
    assert found[1] == "items[1]: starts 10:00, before items[0] ends 12:00"
    assert "... and 1989 more overlapping items" in found
    assert found[-1] == "items[7]: with the overlaps before it, day 1 runs past midnight"
    assert len(found) == 13
    assert warnings(parse_programme(shipped_text("third-thematic-session"))) == []


# -- 11. settings ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['{"theme": ', '{"theme": 5}', "\x00\xff"])
def test_a_broken_settings_file_is_kept_aside_said_and_replaced_by_defaults(tmp_path, text):
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="latin-1")
    settings = Settings.load(path)
    assert settings.theme == Settings().theme
    assert settings.problem.startswith(f"{path} ") and f"kept as {path}.broken" in settings.problem
    assert (tmp_path / "settings.json.broken").read_text(encoding="latin-1") == text
    assert settings.save(path) and Settings.load(path).problem is None


async def test_the_dais_says_on_start_that_the_settings_were_broken(tmp_path, programme, clock):
    from dais.console.app import make_app

    (tmp_path / "settings.json").write_text("{")
    settings = Settings.load(tmp_path / "settings.json")
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    app = make_app(meeting, clock=clock, settings=settings, settings_path=tmp_path / "settings.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("settings.json.broken" in n.message for n in app._notifications)
    await meeting.close()


# -- 12. the command line -------------------------------------------------------------------


def test_export_to_standard_output_and_files_that_follow_the_umask(tmp_path, programme):
    asyncio.run(make(tmp_path / "m.dais", programme))
    out = dais("export", str(tmp_path / "m.dais"), "--format", "csv", "-o", "-", home=tmp_path, umask=0o027)
    assert out.returncode == 0 and not (tmp_path / "-").exists()
    written = dais("export", str(tmp_path / "m.dais"), "--format", "csv", "-o", str(tmp_path / "log.csv"),
                   home=tmp_path, umask=0o027)
    assert written.returncode == 0
    assert (tmp_path / "log.csv").read_bytes() == out.stdout
    assert (tmp_path / "log.csv").stat().st_mode & 0o777 == 0o640
    assert dais("open", str(tmp_path / "new.dais"), home=tmp_path, umask=0o027).returncode == 0
    assert (tmp_path / "new.dais").stat().st_mode & 0o777 == 0o640


async def test_the_watch_view_says_where_a_damaged_meeting_stops(tmp_path, programme, clock):
    from textual.widgets import Static

    from dais.console.app.watch import WatchApp

    path = tmp_path / "m.dais"
    await damaged_meeting(path, programme)
    watcher = await Meeting.watch(path, clock=clock)
    app = WatchApp(watcher, clock=clock, poll=0.02)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#banner", Static).render())
        assert "Event 5 of this meeting is damaged" in banner and "up to event 4" in banner
    await app.meeting.close()


async def test_salvage_reads_past_a_damaged_page_and_keeps_the_good_rows_beyond_it(tmp_path, programme):
    path = tmp_path / "m.dais"
    await make(path, programme, events=0)
    db = sqlite3.connect(path)
    body = FloorRequested(participant_id="KEN", on_behalf_of="x" * 200).model_dump_json()
    db.executemany("INSERT INTO events(at, type, body) VALUES (?, 'floor_requested', ?)",
                   [(float(n), body) for n in range(2000)])
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 40:4096 * 44] = b"\xa5" * (4096 * 4)  # four pages of events in the middle, destroyed
    path.write_bytes(bytes(data))
    with pytest.raises(MeetingFileError, match="is damaged"):
        await Meeting.watch(path)
    result = salvage(path, tmp_path / "new.dais")
    assert 1800 < result.copied < 2000 and result.unreadable is None
    skipped = [line for line in result.report().splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1 and skipped[0].endswith(": cannot be read (database disk image is malformed))")
    meeting = await Meeting.watch(tmp_path / "new.dais")
    assert len(meeting.entries) == result.copied and meeting.entries[-1].seq == 2000
    await meeting.close()


async def test_an_event_that_parses_but_names_nobody_is_treated_as_damaged(tmp_path, programme):
    path = tmp_path / "m.dais"
    await make(path, programme)
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET body = '{\"type\": \"floor_requested\", \"participant_id\": \"NOPE\"}' WHERE seq = 3")
    db.commit()
    db.close()
    with pytest.raises(MeetingFileError, match=r"event 3 is damaged \(participant_id 'NOPE' is not in the "
                                               r"meeting's roster\); nothing was changed"):
        await Meeting.open(path)
    watcher = await Meeting.watch(path)
    assert watcher.state.last_seq == 2 and watcher.state.queue() is not None
    await watcher.close()
    result = salvage(path, tmp_path / "new.dais")
    assert result.skipped == [(3, "participant_id 'NOPE' is not in the meeting's roster")]
    rescued = await Meeting.open(tmp_path / "new.dais")
    assert [e.seq for e in rescued.entries] == [1, 2, 4, 5, 6]
    await rescued.close()
