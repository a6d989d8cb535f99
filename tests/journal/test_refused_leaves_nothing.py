"""Issue 29: a command that is refused, or only reads, creates nothing on disk; what it prints
survives a closed pipe; a programme's bad times are named, not a crash; an export before the
meeting begins dates its items on their days."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from dais.console.cli import main

DAIS = str(Path(sys.executable).with_name("dais"))


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_state_of_a_meeting_that_does_not_exist_creates_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    meeting = tmp_path / "new.dais"
    assert main(["open", str(meeting), "--state"]) == 1
    assert files(tmp_path) == []
    error = capsys.readouterr().err
    assert error == f"dais: {meeting} does not exist: there is no state to print (create it with: dais open {meeting})\n"


def test_a_refused_redating_leaves_no_meeting_for_the_next_open(tmp_path, capsys, monkeypatch):
    """A refused `open --rehearse` or `--on` left an empty meeting, and the next plain `open` ran
    the undated 2017 programme. (A date past the calendar was written, then crashed every fold.)"""
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    meeting = tmp_path / "far.dais"
    assert main(["open", str(meeting), "--on", "9999-12-31"]) == 1
    assert capsys.readouterr().err == ("dais: the programme cannot be moved there: its days would fall outside "
                                       "the calendar's years 1 to 9999\n")
    assert files(tmp_path) == []


async def test_a_meeting_created_with_a_refused_first_event_is_not_created(tmp_path, programme):
    import pytest

    from dais.console.lang.errors import ProcedureError
    from dais.console.floor.meeting import Meeting
    from dais.models import FloorRequested

    with pytest.raises(ProcedureError, match="not in this meeting's roster"):
        await Meeting.open(tmp_path / "m.dais", programme, begin_with=[FloorRequested(participant_id="nobody")])
    assert files(tmp_path) == []


def test_a_new_meeting_moved_to_a_date_is_created_with_its_redating(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    meeting = tmp_path / "dated.dais"
    assert main(["open", str(meeting), "--on", "2026-12-07"]) == 0  # not a terminal: the state is printed
    assert "Mon 7 Dec 2026" in capsys.readouterr().out
    import sqlite3

    db = sqlite3.connect(meeting)
    assert [row[0] for row in db.execute("SELECT type FROM events")] == ["programme_redated"]
    db.close()


def test_a_json_export_before_the_meeting_begins_dates_its_items_on_their_days(tmp_path, monkeypatch):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    meeting = tmp_path / "m.dais"
    assert main(["open", str(meeting)]) == 0  # created, no event yet
    out = tmp_path / "log.json"
    assert main(["export", str(meeting), "--format", "json", "-o", str(out)]) == 0
    items = json.loads(out.read_text())["items"]
    assert {item["date"] for item in items} == {"2017-05-08", "2017-05-09"}
    assert items[0]["scheduled_start"] == "2017-05-08T10:00:00+02:00"


def test_a_closed_pipe_ends_the_command_quietly(tmp_path):
    env = {**os.environ, "DAIS_HOME": str(tmp_path)}
    subprocess.run([DAIS, "open", "m"], env=env, check=True, capture_output=True)
    for command in (["open", "m", "--state"], ["programmes"], ["export", "m", "--format", "md", "-o", "-"],
                    ["programme", "export", "m"]):
        read, write = os.pipe()
        os.close(read)  # the reader (head -5) has gone before the first line
        child = subprocess.run([DAIS, *command], env=env, stdout=write, stderr=subprocess.PIPE, text=True)
        os.close(write)
        assert "Traceback" not in child.stderr and "BrokenPipe" not in child.stderr, (command, child.stderr)
        assert child.returncode == 0, (command, child.stderr)
    assert not list(tmp_path.glob("crash-*.log"))


def programme(tmp_path: Path, start: str, day: str = "2026-12-07") -> str:
    path = tmp_path / "p.toml"
    path.write_text(f'[meeting]\ntitle = "T"\nvenue = "V"\ndays = [{day}]\ntimezone = "Europe/Zurich"\n'
                    f'[[items]]\nid = "a"\nday = 1\nstart = {start}\nend = "11:00"\ntitle = "x"\nkind = "panel"\n')
    return str(path)


def test_a_number_for_a_time_names_the_field(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    for start in ("1000", "10.5"):
        assert main(["check", programme(tmp_path, start)]) == 1
        error = capsys.readouterr().err
        assert f'items[0].start: {start} is a number, not a time of day: write it as "HH:MM"' in error
    assert not (tmp_path / "home").exists() or not list((tmp_path / "home").glob("crash-*.log"))


def test_a_time_the_clocks_skip_is_warned_of(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    assert main(["check", programme(tmp_path, '"02:30"', "2026-03-29")]) == 0
    assert ("items[0].start: 02:30 on 2026-03-29 does not exist in Europe/Zurich (the clocks go forward then)"
            in capsys.readouterr().err)
    assert main(["check", programme(tmp_path, '"02:30"', "2026-10-25")]) == 0
    assert "happens twice" in capsys.readouterr().err
    assert main(["check", programme(tmp_path, '"10:00"', "2026-03-29")]) == 0
    assert "warning" not in capsys.readouterr().err
