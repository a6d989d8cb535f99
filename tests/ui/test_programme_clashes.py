"""The programme screen warns of items that overlap or fall past the meeting's days, and a
change that would create one is confirmed before it reaches the journal."""

from __future__ import annotations

import datetime as dt

import pytest

from dais.console.app import make_app
from dais.console.floor.rules import clashes, clashes_created
from dais.models import ItemEndMoved
from dais.screens.dialogs import Confirm


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


def test_overlaps_and_days_past_the_meeting_are_named(programme):
    assert clashes(programme) == []
    items = list(programme.items)
    items[1] = items[1].model_copy(update={"end": dt.time(13, 30)})
    items[-1] = items[-1].model_copy(update={"day": len(programme.meeting.days) + 1})
    found = clashes(programme.model_copy(update={"items": items}))
    assert found[0].startswith(f"{items[1].title} (10:15–13:30) runs into {items[2].title} (from 13:00)")
    assert found[1] == f"{items[-1].title} is on day {items[-1].day}, past the meeting's 2 day(s)"


async def test_only_the_clashes_a_change_creates_are_reported(meeting):
    assert clashes_created(meeting.state, ItemEndMoved(item="panel-1", end=dt.time(12, 30))) == []
    assert len(clashes_created(meeting.state, ItemEndMoved(item="panel-1", end=dt.time(13, 5)))) == 1
    assert meeting.entries == []  # a trial fold writes nothing


async def test_a_change_that_makes_items_overlap_is_confirmed_first(app, meeting):
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("g", "down")  # Panel 1, 10:15-13:00, then lunch from 13:00
        await pilot.press("e", *("backspace",) * 5, *"13:30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "runs into" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert meeting.entries == [] and meeting.state.programme.item("panel-1").end == dt.time(13, 0)
        assert not app.screen.query_one("#programme-clashes").display
        await pilot.press("e", *("backspace",) * 5, *"13:30", "enter", "y")
        await pilot.pause()
        assert [e.event.type for e in meeting.entries] == ["item_end_moved"]
        warning = app.screen.query_one("#programme-clashes")
        assert warning.display and "runs into" in str(warning.content)
        # A change that clashes with nothing is made at once.
        await pilot.press("e", *("backspace",) * 5, *"12:45", "enter")
        await pilot.pause()
        assert [e.event.type for e in meeting.entries] == ["item_end_moved", "item_end_moved"]
        assert not app.screen.query_one("#programme-clashes").display
