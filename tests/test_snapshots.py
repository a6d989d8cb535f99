"""Snapshot tests of the dais's main states: fixed size, frozen clock, no timers moving."""

from __future__ import annotations

import asyncio

import pytest

from dais.console.app import make_app
from dais.console.meeting import Meeting
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


def test_queue_waiting(snap_compare, meeting_at, tmp_path):
    meeting, clock = meeting_at(_queue)
    assert snap_compare(_app(meeting, clock, tmp_path), terminal_size=SIZE)


def test_speaker_in_warning(snap_compare, meeting_at, tmp_path):
    async def steps(meeting, clock):
        await _queue(meeting, clock)
        await meeting.give_floor()
        clock.advance(160)

    meeting, clock = meeting_at(steps)
    assert snap_compare(_app(meeting, clock, tmp_path), terminal_size=SIZE)


def test_speaker_overrun(snap_compare, meeting_at, tmp_path):
    async def steps(meeting, clock):
        await _queue(meeting, clock)
        await meeting.give_floor()
        clock.advance(192)

    meeting, clock = meeting_at(steps)
    assert snap_compare(_app(meeting, clock, tmp_path), terminal_size=SIZE)


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
