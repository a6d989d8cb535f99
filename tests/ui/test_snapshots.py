"""Snapshot tests of the dais, the watch view and the room clock: fixed sizes, frozen clock, no
timers moving. The matrix (view x state x size x language) is at the foot of this file."""

from __future__ import annotations

import asyncio

import pytest

from dais.console.lang import i18n
from dais.console.app import make_app
from dais.console.app.watch import WatchApp
from dais.console.floor.meeting import Meeting
from dais.console.settings import HIGH_CONTRAST_THEME, Settings
from tests.conftest import FakeClock

SIZE = (100, 30)


@pytest.fixture
def meeting_at(tmp_path, programme):
    """Build a meeting in a given state with a frozen clock; returns (meeting, clock)."""
    opened = []

    def build(steps):
        clock = FakeClock()

        async def run():
            meeting = await Meeting.open(tmp_path / "snap.dais", programme, clock=clock)
            await steps(meeting, clock)
            return meeting

        meeting = asyncio.run(run())
        opened.append(meeting)
        return meeting, clock

    yield build
    for meeting in opened:
        asyncio.run(meeting.close())


async def _queue(meeting, clock):
    await meeting.advance_item("panel-1")
    clock.advance(20 * 60)
    for pid, group in [("KEN", None), ("VAT", None), ("MEX", None), ("EGY", "African Group"),
                       ("IOM", None), ("PSE", None)]:
        await meeting.request_floor(pid, group)
    picum = await meeting.add_participant("PICUM", __import__("dais.models").models.Category.STAKEHOLDER)
    await meeting.request_floor(picum.id)


def _app(meeting, clock, tmp_path, theme=None):
    settings = Settings(theme=theme) if theme else Settings()
    return make_app(meeting, clock=clock, settings=settings, settings_path=tmp_path / "s.json", tick=3600)


def test_paused_and_list_closed(snap_compare, meeting_at, tmp_path):
    async def steps(meeting, clock):
        await _queue(meeting, clock)
        await meeting.give_floor()
        clock.advance(40)
        await meeting.pause()
        await meeting.close_list()

    meeting, clock = meeting_at(steps)
    assert snap_compare(_app(meeting, clock, tmp_path), terminal_size=SIZE)


def test_high_contrast_small_terminal(snap_compare, meeting_at, tmp_path):
    async def steps(meeting, clock):
        await _queue(meeting, clock)
        await meeting.give_floor()
        clock.advance(30)

    meeting, clock = meeting_at(steps)
    assert snap_compare(_app(meeting, clock, tmp_path, HIGH_CONTRAST_THEME), terminal_size=(80, 24))


# -- the room's screens at three sizes (issue 20) -----------------------------------------------

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}
LANGS = ["en", "fr"]  # each language the screens speak


async def _warning(meeting, clock):
    await _queue(meeting, clock)
    await meeting.give_floor()
    clock.advance(160)


async def _overrun(meeting, clock):
    await _queue(meeting, clock)
    await meeting.give_floor()
    clock.advance(192)


STATES = {"free": _queue, "warning": _warning, "overrun": _overrun}

# Every state at every size for the dais; the watchers at each size, and each state somewhere.
MATRIX = [
    *[("dais", state, size) for size in SIZES for state in STATES],
    ("watch", "overrun", "80x24"), ("watch", "free", "120x40"), ("watch", "overrun", "120x40"),
    ("watch", "warning", "200x60"),
    ("clock", "warning", "80x24"), ("clock", "free", "120x40"), ("clock", "overrun", "120x40"),
    ("clock", "overrun", "200x60"),
]


def _room_app(view, meeting, clock, tmp_path, lang):
    assert lang in LANGS
    if view == "dais":
        return _app(meeting, clock, tmp_path)
    watcher = asyncio.run(Meeting.watch(meeting.path, clock=clock))
    return WatchApp(watcher, clock=clock, clock_only=view == "clock", poll=3600)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("view", "state", "size"), MATRIX, ids=["-".join(case) for case in MATRIX])
def test_room_screens(snap_compare, meeting_at, tmp_path, view, state, size, lang):
    meeting, clock = meeting_at(STATES[state])
    try:
        with i18n.using(lang):  # the app is built and drawn in the language
            app = _room_app(view, meeting, clock, tmp_path, lang)
            assert snap_compare(app, terminal_size=SIZES[size])
    finally:
        if isinstance(app, WatchApp):
            asyncio.run(app.meeting.close())
