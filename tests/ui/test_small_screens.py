"""Issue 29: at 60x15 and 40x10 the big clock's digits stay inside the floor panel (smaller
digits, then the text itself); the programme chart's axis reads HH:MM, not decimal hours."""

from __future__ import annotations

import pytest

from dais.console.app import make_app
from dais.console.room.calendar import hour_ticks
from dais.screens.bigclock import BigClock
from dais.screens.floor import FloorPanel
from tests.pilot import request


@pytest.mark.parametrize("size", [(60, 15), (40, 10), (80, 24), (120, 40)])
async def test_the_clock_digits_stay_inside_the_floor_panel(meeting, clock, tmp_path, size):
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=size) as pilot:
        await request(pilot, "kenya")
        await pilot.press("n")
        clock.advance(200)  # over time: "+0:20", the widest reading
        await pilot.pause(0.2)
        digits = app.screen.query_one("#countdown", BigClock)
        width, height = digits.size
        lines = [line for line in digits._lines(width, height) if line is not None]
        assert lines, "the clock shows nothing"
        assert all(len(line) <= width for line in lines), (size, [len(line) for line in lines], width)
        inner = app.screen.query_one(FloorPanel).content_region
        assert digits.region.right <= inner.right and digits.region.x >= inner.x


def test_the_chart_axis_is_labelled_in_hours_and_minutes():
    ticks = hour_ticks([10.0, 10.25, 13.0, 15.0, 21.417])
    assert [label for _value, label in ticks] == ["10:00", "12:00", "14:00", "16:00", "18:00", "20:00"]
    assert hour_ticks([21.0, 21.417]) == [(21.0, "21:00"), (21.25, "21:15")]
    assert hour_ticks([]) == []
