"""Programme files and `dais check`."""

import subprocess
import sys

import pytest

from dais.console.cli import main
from dais.console.lang.errors import ProgrammeError
from dais.console.room.programme import SHIPPED, parse_programme, shipped_programme

BROKEN = """
[meeting]
title = "Broken"
venue = "Room XIX"
days = [2017-05-08]

[[items]]
id = "a"
day = 1
start = "10:00"
end = "11:00"
title = "A"
kind = "opening"

[[items]]
id = "b"
day = 1
start = "12:00"
end = "13:00"
title = "B"
kind = "panel"

[[items]]
id = "c"
day = 1
start = "13:00"
end = "14:00"
title = "C"
kind = "panel"

[[items]]
id = "a"
day = 2
start = "18:00"
end = "17:50"
title = "D"
kind = "dance"
floor_limit = "three minutes"

[[items]]
id = "e"
day = 1
start = "13:30"
end = "15:00"
title = "E"
kind = "panel"
people = [{ name = "X", role = "moderator" }]
"""


@pytest.mark.parametrize("name", list(SHIPPED))
def test_shipped_programmes_pass(name):
    programme = shipped_programme(name)
    assert programme.items


def test_default_programme_is_the_first_thematic_session():
    programme = shipped_programme()
    assert programme.meeting.venue == "Palais des Nations, Room XIX, Geneva"
    assert [str(d) for d in programme.meeting.days] == ["2017-05-08", "2017-05-09"]
    panel = programme.item("panel-1")
    assert (panel.start.hour, panel.end.hour) == (10, 13)
    assert {(p.role, p.time) for p in panel.people} == {("moderator", 420), ("panellist", 420)}
    summary = programme.item("summary")
    assert {p.time for p in summary.people} == {900}
    assert programme.item("dialogue").policy == "stakeholders_first"


def test_third_session_runs_on_its_real_dates():
    programme = shipped_programme("third-thematic-session")
    assert [str(d) for d in programme.meeting.days] == ["2017-06-19", "2017-06-20"]


def test_hearing_has_four_panels_strict_limit_and_stakeholders_first():
    programme = shipped_programme("first-stakeholder-hearing")
    panels = [i for i in programme.items if i.kind == "panel"]
    assert len(panels) == 4
    assert all(p.strict_limit and p.floor_limit == 180 and p.policy == "stakeholders_first" for p in panels)


def test_every_error_of_a_broken_programme_is_listed_with_its_place():
    with pytest.raises(ProgrammeError) as caught:
        parse_programme(BROKEN, "broken.toml")
    problems = caught.value.problems
    assert ("items[3]", "end 17:50 is before start 18:00") in problems
    assert any(p[0] == "items[3].kind" for p in problems)
    assert any(p[0] == "items[3].floor_limit" and "not a duration" in p[1] for p in problems)
    assert ("items[4].people[0]", "time is missing") in problems


def test_cross_item_errors_are_listed():
    text = BROKEN.replace('kind = "dance"\nfloor_limit = "three minutes"', 'kind = "panel"').replace(
        'people = [{ name = "X", role = "moderator" }]', "")
    with pytest.raises(ProgrammeError) as caught:
        parse_programme(text, "broken.toml")
    problems = caught.value.problems
    assert ("items[3]", "end 17:50 is before start 18:00") in problems
    assert ("items[4]", "id 'a' is already used by items[0]") not in problems
    assert any("already used by items[0]" in m for _, m in problems)
    assert any("past the meeting's 1 day(s)" in m for _, m in problems)


def test_check_command_exit_codes(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN)
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "items[3]: end 17:50 is before start 18:00" in err
    assert main(["check", *SHIPPED]) == 0
    (tmp_path / "syntax.toml").write_text("[meeting\n")
    assert main(["check", str(tmp_path / "syntax.toml")]) == 1
    assert "not valid TOML" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing.toml")]) == 1


def test_dais_runs_as_a_module_and_prints_help():
    result = subprocess.run([sys.executable, "-m", "dais.console", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "check" in result.stdout and "open" in result.stdout


def test_open_creates_the_default_meeting_and_refuses_a_second_writer(tmp_path):
    env = {"DAIS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "dais.console", "open", "geneva"]  # not a terminal: its state is printed
    first = subprocess.run(run, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert "First informal thematic session" in first.stdout
    assert (tmp_path / "geneva.dais").exists()
    bad = subprocess.run([sys.executable, "-m", "dais.console", "open", str(tmp_path / "x.dais"), "--programme",
                          str(tmp_path / "nope.toml")], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "no such file" in bad.stderr and "Traceback" not in bad.stderr


def test_seating_list_import_numbers_the_seats(tmp_path):
    env = {"DAIS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "dais.console", "open", "m"], env=env, check=True,
                   capture_output=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("seat,delegation\n1,Kenya\n2,Atlantis\n")
    result = subprocess.run([sys.executable, "-m", "dais.console", "seating", "m", str(bad)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "'Atlantis' is not a delegation" in result.stderr
    good = tmp_path / "seats.csv"
    good.write_text("seat,delegation\n1,Kenya\n2,usa\n3,Côte d'Ivoire\n")
    result = subprocess.run([sys.executable, "-m", "dais.console", "seating", "m", str(good)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0 and "seated 3 delegations" in result.stdout

    import asyncio

    from dais.console.floor.meeting import Meeting

    async def seat_of(query):
        meeting = await Meeting.watch(tmp_path / "m.dais")
        try:
            return meeting.roster.search(query)[0].participant.id
        finally:
            await meeting.close()

    assert asyncio.run(seat_of("2")) == "USA"
    assert asyncio.run(seat_of("3")) == "CIV"
