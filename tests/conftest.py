"""Shared fixtures: a fake clock, the default programme, and meetings on real SQLite files."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dais.console.meeting import Meeting
from dais.console.programme import shipped_programme

GENEVA = ZoneInfo("Europe/Zurich")
# 8 May 2017, 10:00 in Geneva: the first informal thematic session opens.
OPENING = dt.datetime(2017, 5, 8, 10, 0, tzinfo=GENEVA).timestamp()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = OPENING) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def programme():
    return shipped_programme()


@pytest.fixture
async def meeting(tmp_path, programme, clock):
    opened = await Meeting.open(tmp_path / "meeting.dais", programme, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
async def session(tmp_path, programme, clock):
    """A meeting after the scripted panel session of tests/session.py."""
    from tests.session import run_panel_session

    meeting = await Meeting.open(tmp_path / "session.dais", programme, clock=clock)
    await run_panel_session(meeting, clock)
    yield meeting
    await meeting.close()


def pytest_sessionfinish(session, exitstatus):
    """A meeting a test left open keeps aiosqlite's worker thread (not a daemon) alive, and the
    interpreter then waits for it for ever after the summary: a hung CI. Stop such threads, and
    say how many there were, so the leak is seen and mended rather than hidden."""
    import gc

    import aiosqlite

    leaked = [c for c in gc.get_objects()
              if isinstance(c, aiosqlite.Connection) and c._thread is not None and c._thread.is_alive()]
    for connection in leaked:
        connection.stop()
    if leaked:
        print(f"\nconftest: {len(leaked)} SQLite connection(s) left open by the tests were stopped")
