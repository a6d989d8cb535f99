"""Every bad input a person can hand Dais, as a table: the one line they see, the exit status,
and the meeting file byte for byte as it was (issue 13). Run in process through cli.main, so an
escaping exception fails the test instead of printing a traceback."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import subprocess
import sys
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from dais.console.cli import main
from dais.console.record.journal import Journal
from dais.console.room.programme import shipped_text
from dais.models import FloorRequested, RequestWithdrawn


async def _make(path: Path, events: int = 4) -> None:
    from dais.console.room.programme import shipped_programme

    journal = await Journal.create_or_open(path, shipped_programme())
    for n in range(1, events + 1):
        await journal.append(FloorRequested(participant_id="KEN") if n % 2 else RequestWithdrawn(request=n - 1),
                             float(n))
    await journal.close()


@dataclass
class Env:
    tmp: Path
    m: Path  # a good meeting with four events

    def file(self, name: str, data: str | bytes) -> str:
        target = self.tmp / name
        target.write_bytes(data.encode() if isinstance(data, str) else data)
        return str(target)

    def programme(self, name: str, old: str, new: str) -> str:
        text = shipped_text("first-thematic-session")
        assert old in text
        return self.file(name, text.replace(old, new, 1))

    def damage_event(self, seq: int) -> None:
        db = sqlite3.connect(self.m)
        db.execute("UPDATE events SET body = ? WHERE seq = ?", ('{"type": "floor_requested"}', seq))
        db.commit()
        db.close()

    def hold(self) -> None:
        """A running dais: another process with the meeting open for writing, until the case ends."""
        self.held = subprocess.Popen([sys.executable, "-c", HOLDER, str(self.m)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.held.stdout.readline() == "holding\n"


HOLDER = """
import asyncio, sys
from dais.console.record.journal import Journal

async def hold(path):
    journal = await Journal.create_or_open(path)
    print("holding", flush=True)
    sys.stdin.read()

asyncio.run(hold(sys.argv[1]))
"""


def locked_line(e: Env, shown: Path) -> str:
    return (f"dais: {shown} is already open for writing by process {e.held.pid} on {socket.gethostname()}. "
            f"Only one dais can run a meeting; to follow it from another screen use: dais watch {shown}")


@dataclass
class Case:
    id: str
    argv: Callable[[Env], list[str]]
    line: Callable[[Env], str]  # the exact line the person sees on stderr
    status: int = 1
    setup: Callable[[Env], object] | None = None
    creates: bool = False  # a meeting may appear (the case names one that did not exist)


NESTED = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"
CASES = [
    # 1. creation: a half-made meeting never blocks its name; readers say what it is
    Case("unfinished-meeting-export",
         lambda e: ["export", e.file("half.dais", _half_made()), "-o", "-"],
         lambda e: f"dais: {e.tmp / 'half.dais'} is an unfinished meeting (its creation was interrupted); "
                   f"`dais open {e.tmp / 'half.dais'}` creates it afresh"),
    Case("meeting-in-a-file-as-folder",
         lambda e: ["open", e.file("plain", "x") + "/new.dais"],
         lambda e: f"dais: cannot create the folder for {e.tmp / 'plain' / 'new.dais'}: File exists"),
    # 2. time zones
    Case("check-bad-zone",
         lambda e: ["check", e.programme("zone.toml", '"Europe/Zurich"', '"Europe/Genva"')],
         lambda e: "  meeting.timezone: unknown time zone 'Europe/Genva': write an IANA name such as "
                   "Europe/Zurich or America/New_York"),
    Case("open-with-bad-zone",
         lambda e: ["open", str(e.tmp / "new.dais"), "--state", "--programme",
                    e.programme("zone.toml", '"Europe/Zurich"', '"Mars/Olympus"')],
         lambda e: "  meeting.timezone: unknown time zone 'Mars/Olympus': write an IANA name such as "
                   "Europe/Zurich or America/New_York"),
    Case("open-with-zone-path-escape",
         lambda e: ["open", str(e.tmp / "new.dais"), "--state", "--programme",
                    e.programme("zone.toml", '"Europe/Zurich"', '"../../etc/passwd"')],
         lambda e: "  meeting.timezone: unknown time zone '../../etc/passwd': write an IANA name such as "
                   "Europe/Zurich or America/New_York"),
    # 4. a damaged event
    Case("damaged-event-refuses-the-writer",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "1,Kenya\n")],
         lambda e: f"dais: {e.m}: event 3 is damaged (participant_id: Field required); nothing was changed. "
                   f"Copy every good event to a new meeting with: dais salvage {e.m} -o NEW",
         setup=lambda e: e.damage_event(3)),
    Case("damaged-event-export-stops-before-it",
         lambda e: ["export", str(e.m), "-o", "-", "--format", "json"],
         lambda e: f"dais: warning: {e.m}: event 3 is damaged (participant_id: Field required); read up to "
                   f"event 2. To recover the good events: dais salvage {e.m} -o NEW",
         status=0, setup=lambda e: e.damage_event(3)),
    Case("damaged-event-state-stops-before-it",
         lambda e: ["open", str(e.m), "--state"],
         lambda e: f"dais: warning: {e.m}: event 3 is damaged (participant_id: Field required); read up to "
                   f"event 2. To recover the good events: dais salvage {e.m} -o NEW",
         status=0, setup=lambda e: e.damage_event(3)),
    Case("salvage-never-overwrites",
         lambda e: ["salvage", str(e.m), "-o", e.file("taken.dais", "minutes")],
         lambda e: f"dais: {e.tmp / 'taken.dais'} already exists; salvage writes a new meeting and never "
                   f"overwrites one"),
    Case("salvage-of-nothing",
         lambda e: ["salvage", str(e.tmp / "nothing.dais"), "-o", str(e.tmp / "new.dais")],
         lambda e: f"dais: {e.tmp / 'nothing.dais'} does not exist"),
    # 5. one writer, whichever path reaches the file
    Case("second-writer-through-a-symlink",
         lambda e: ["seating", str(e.tmp / "link.dais"), e.file("seats.csv", "1,Kenya\n")],
         lambda e: locked_line(e, e.tmp / "link.dais"),
         setup=lambda e: ((e.tmp / "link.dais").symlink_to(e.m), e.hold())),
    Case("second-writer-through-a-hard-link",
         lambda e: ["seating", str(e.tmp / "hard.dais"), e.file("seats.csv", "1,Kenya\n")],
         lambda e: locked_line(e, e.tmp / "hard.dais"),
         setup=lambda e: (os.link(e.m, e.tmp / "hard.dais"), e.hold())),
    # 6. names in any script
    Case("seating-unknown-cyrillic-name",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "1,Mexico\n2,Кения\n")],
         lambda e: "  line 2: 'Кения' is not a delegation in the roster; nearest: Kenya"),
    # 7. names SQLite would read as URI syntax
    Case("uri-characters-in-a-missing-name",
         lambda e: ["export", str(e.tmp / "a#b?c%d e.dais"), "-o", "-"],
         lambda e: f"dais: {e.tmp / 'a#b?c%d e.dais'} does not exist"),
    # 8. open --state reads, even while the dais holds the meeting
    Case("state-while-the-dais-runs",  # main opened it for writing, refused while the dais ran
         lambda e: ["open", str(e.m), "--state"],
         lambda e: "", status=0, setup=lambda e: e.hold()),
    # 9. seating lists
    Case("seating-empty",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "")],
         lambda e: f"dais: {e.tmp / 'seats.csv'}: no seats in it (an empty list would unseat everyone); "
                   f"nothing recorded"),
    Case("seating-header-only",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "seat,delegation\n\n")],
         lambda e: f"dais: {e.tmp / 'seats.csv'}: no seats in it (an empty list would unseat everyone); "
                   f"nothing recorded"),
    Case("seating-duplicate-seat",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "seat,delegation\n1,Kenya\n2,Mexico\n1,Peru\n")],
         lambda e: "  line 4: seat 1 is already given to Kenya on line 2"),
    Case("seating-duplicate-delegation",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "1,Kenya\n2,KEN\n")],
         lambda e: "  line 2: Kenya is already seated on line 1"),
    Case("seating-unknown-with-nearest",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "1,Swizerland\n")],
         lambda e: "  line 1: 'Swizerland' is not a delegation in the roster; nearest: Switzerland"),
    Case("seating-seat-zero",
         lambda e: ["seating", str(e.m), e.file("seats.csv", "0,Kenya\n")],
         lambda e: "  line 1: seat 0 is not a seat number (1 to 9999)"),
    Case("seating-not-utf8",
         lambda e: ["seating", str(e.m), e.file("seats.csv", b"1,K\xe9nya\n")],
         lambda e: f"dais: {e.tmp / 'seats.csv'}: not UTF-8 text (byte 3); nothing recorded"),
    Case("seating-dev-zero",
         lambda e: ["seating", str(e.m), "/dev/zero"],
         lambda e: "dais: /dev/zero: larger than 1 MB, the limit for a seating list"),
    Case("seating-missing-file",
         lambda e: ["seating", str(e.m), str(e.tmp / "nope.csv")],
         lambda e: f"dais: {e.tmp / 'nope.csv'}: no such file"),
    Case("seating-a-folder",
         lambda e: ["seating", str(e.m), str(e.tmp)],
         lambda e: f"dais: {e.tmp}: cannot be read: Is a directory"),
    # 10. programme files
    Case("programme-dev-zero",
         lambda e: ["check", "/dev/zero"],
         lambda e: "  larger than 1 MB, the limit for a programme file"),
    Case("programme-too-big",
         lambda e: ["check", e.file("big.toml", "# " + "x" * 1_000_000 + "\n")],
         lambda e: "  larger than 1 MB, the limit for a programme file"),
    Case("programme-nested-too-deeply",
         lambda e: ["check", e.file("deep.toml", NESTED)],
         lambda e: "  not a programme: arrays or tables nested too deeply"),
    Case("programme-not-utf8",
         lambda e: ["check", e.file("latin.toml", b'title = "Gen\xe8ve"\n')],
         lambda e: "  not UTF-8 text (byte 12)"),
    Case("programme-overlap-warns",
         lambda e: ["check", e.programme("overlap.toml", 'end = "10:15"', 'end = "10:50"')],
         lambda e: f"{e.tmp / 'overlap.toml'}: warning: items[1]: starts 10:15, before items[0] ends 10:50",
         status=0),
    Case("programme-days-out-of-order-warns",
         lambda e: ["check", e.programme("days.toml", "days = [2017-05-08, 2017-05-09]",
                                         "days = [2017-05-09, 2017-05-08]")],
         lambda e: f"{e.tmp / 'days.toml'}: warning: meeting.days[1]: 2017-05-08 is not after the day before "
                   f"it, 2017-05-09",
         status=0),
    # 12. the command line
    Case("serve-port-out-of-range",
         lambda e: ["serve", str(e.m), "--port", "99999"],
         lambda e: "dais serve: error: argument --port: '99999' is not a port: give a number from 1 to 65535 "
                   "(0: any free port)", status=2),
    Case("serve-port-not-a-number",
         lambda e: ["serve", str(e.m), "--port", "http"],
         lambda e: "dais serve: error: argument --port: 'http' is not a port: give a number from 1 to 65535 "
                   "(0: any free port)", status=2),
    Case("unknown-command",
         lambda e: ["adjourn"],
         lambda e: "dais: error: argument COMMAND: invalid choice: 'adjourn' (choose from 'open', 'check', "
                   "'watch', 'export', 'serve', 'say', 'seating', 'codes', 'roster', 'programme', 'salvage', "
                   "'programmes', 'backup', 'restore', 'completion')",
         status=2),
    Case("export-unknown-format",
         lambda e: ["export", str(e.m), "--format", "pdf"],
         lambda e: "dais: unknown format 'pdf'; choose one of csv, json, md, html, xlsx, docx, chair, vtt"),
    Case("export-into-a-missing-folder",
         lambda e: ["export", str(e.m), "-o", str(e.tmp / "no" / "x.csv")],
         lambda e: f"dais: cannot write {e.tmp / 'no' / 'x.csv'}: No such file or directory"),
    Case("programme-for-an-existing-meeting",
         lambda e: ["open", str(e.m), "--state", "--programme", "third-thematic-session"],
         lambda e: f"dais: {e.m} already exists with its own programme; --programme is only for a new meeting"),
    Case("not-a-meeting",
         lambda e: ["export", e.file("minutes.dais", "minutes of the meeting\n" * 50), "-o", "-"],
         lambda e: f"dais: {e.tmp / 'minutes.dais'} is not a Dais meeting file (it is not an SQLite database)"),
]


def _half_made() -> bytes:
    """What a kill during creation left on main: an SQLite file with user_version 0 and no tables."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "half.dais"
        db = sqlite3.connect(target)
        db.execute("PRAGMA journal_mode=WAL")
        db.close()
        return target.read_bytes()


def _digests(folder: Path) -> tuple[str, int]:
    """The meeting file's bytes, and what its -wal holds (readers leave an empty one beside it)."""
    wal = folder / "m.dais-wal"
    return hashlib.sha256((folder / "m.dais").read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    env = Env(tmp_path, tmp_path / "m.dais")
    asyncio.run(_make(env.m))
    if case.setup is not None:
        case.setup(env)
    argv = case.argv(env)
    before = _digests(tmp_path)
    others = set(tmp_path.iterdir())
    try:
        status = main(argv)
    except SystemExit as exit:  # argparse: usage errors
        status = exit.code
    finally:
        if held := getattr(env, "held", None):
            held.kill()
            held.wait()
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert status == case.status, err
    expected = case.line(env)
    if expected:
        assert expected in err.splitlines(), err
    else:
        assert err == ""
    assert _digests(tmp_path) == before
    if not case.creates:
        made = {p.name for p in set(tmp_path.iterdir()) - others} - {"home"}
        assert not {name for name in made if name.endswith(".dais")}, made

