"""Whatever the bytes, a programme file or a seating list gives a valid result or a clear error
(issue 13): hypothesis throws random and half-right files at the readers."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings, strategies as st

from dais.console.lang.errors import InputError, ProgrammeError
from dais.console.room.programme import load_programme, parse_programme, programme_toml, shipped_text
from dais.console.room.roster import Roster, parse_seating
from dais.models import Programme

SHIPPED = shipped_text("third-thematic-session")
ROSTER = Roster.reference()
NAMES = [p.name for p in list(ROSTER)[:40]] + ["Swizerland", "Кения", "", "USA", "Côte d'Ivoire"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

toml_syntax = st.text(alphabet=st.sampled_from(list('[]{}=".,:#\n 0123456789abcdeitmsy-_\'\\')), max_size=200)


@st.composite
def mutated_programmes(draw) -> bytes:
    """The shipped programme with a stretch replaced: mostly valid TOML, often an invalid programme."""
    start = draw(st.integers(0, len(SHIPPED)))
    end = draw(st.integers(start, min(len(SHIPPED), start + 80)))
    middle = draw(st.one_of(toml_syntax, st.text(max_size=40)))
    return (SHIPPED[:start] + middle + SHIPPED[end:]).encode("utf-8", "surrogatepass")


def read(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        if suffix == ".toml":
            return load_programme(path), str(path)
        return parse_seating(data, ROSTER, str(path)), str(path)


def assert_clear(message: str, path: str) -> None:
    assert message.startswith(path) and "Traceback" not in message
    assert all(line.strip() for line in message.splitlines())


def with_zone(zone: str) -> bytes:
    return SHIPPED.replace('"Europe/Zurich"', json.dumps(zone)).encode("utf-8", "surrogatepass")


def nested(depth: int, opener: str) -> bytes:
    closer = {"[": "]", "{": "}"}[opener]
    inner = "a = 1" if opener == "{" else "1"
    return f"a = {opener * depth}{inner}{closer * depth}\n".encode()


@FUZZ
@given(st.one_of(st.binary(max_size=400), toml_syntax.map(str.encode), mutated_programmes(),
                 st.text(max_size=30).map(with_zone),
                 st.builds(nested, st.integers(1, 5000), st.sampled_from(["[", "{"]))))
def test_any_programme_file_is_a_programme_or_a_clear_error(data):
    try:
        programme, _ = read(data, ".toml")
    except ProgrammeError as error:
        assert_clear(str(error), error.source)
        assert error.problems and all(message for _, message in error.problems)
        return
    assert isinstance(programme, Programme) and programme.problems() == []
    ZoneInfo(programme.meeting.timezone)  # every later command reads the meeting's clock in it
    assert parse_programme(programme_toml(programme)) == programme


rows = st.lists(st.tuples(st.one_of(st.integers(-2, 60).map(str), st.text(max_size=4)),
                          st.one_of(st.sampled_from(NAMES), st.text(max_size=12))), max_size=30)


@FUZZ
@given(st.one_of(st.binary(max_size=300),
                 rows.map(lambda r: "\n".join(f"{seat},{name}" for seat, name in r).encode("utf-8", "surrogatepass"))))
def test_any_seating_list_is_seats_or_a_clear_error(data):
    try:
        seats, _ = read(data, ".csv")
    except InputError as error:
        message = str(error)
        assert message.split(": ")[0].endswith("input.csv") and "nothing recorded" in message.splitlines()[0]
        assert all(line.strip() for line in message.splitlines())
        return
    assert seats, "an empty list is never accepted"
    assert all(pid in ROSTER for pid in seats)
    assert len(set(seats.values())) == len(seats) and all(1 <= seat <= 9999 for seat in seats.values())
