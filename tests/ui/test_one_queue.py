"""One queue: what the dais shows, its "next" row, and what `n` does are the engine's speaking order,
whichever screen recorded the event that changed it. And a new item opens its list of speakers."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from dais.console.app import make_app
from dais.models import FloorPolicy
from dais.screens.dais import DaisScreen
from dais.screens.programme import ProgrammeScreen
from dais.screens.queue import QueueTable
from tests.pilot import request


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


def on_screen(app) -> list[str]:
    """The request ids in the dais's queue, top first."""
    table = app.screen.query_one(QueueTable)
    return [table._keys[i] for i in range(table.row_count)]


def engine_order(app) -> list[str]:
    return [str(r.id) for r in app.meeting.state.queue()]


async def test_a_policy_changed_on_the_programme_screen_reorders_the_dais_queue_and_n_follows_it(app):
    async with app.run_test(size=(120, 34)) as pilot:
        await request(pilot, "united states")
        await request(pilot, "venezuela")
        await request(pilot, "Oxfam International")
        await pilot.press("enter")  # a newcomer: a stakeholder
        await pilot.pause()
        states_first = on_screen(app)
        assert states_first == engine_order(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        # The current item's row is highlighted: policy, then stakeholders first.
        await pilot.press("o", "down", "enter")
        await pilot.pause()
        assert app.meeting.state.item.policy is FloorPolicy.STAKEHOLDERS_FIRST
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DaisScreen)
        assert on_screen(app) == engine_order(app) != states_first
        assert app.meeting.state.requests[int(on_screen(app)[0])].participant_id == "stakeholder:oxfam-international"
        first = on_screen(app)[0]
        await pilot.press("n")
        await pilot.pause()
        assert app.meeting.state.speaking.request_id == int(first)  # the row shown first got the floor


async def test_an_event_recorded_elsewhere_reaches_the_dais_queue_at_the_next_tick(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await app.meeting.request_floor("BRA", "G77 and China")  # not through a key of this screen
        await pilot.pause(0.2)
        assert on_screen(app) == engine_order(app)
        assert len(on_screen(app)) == 2
        assert "2 waiting" in str(app.screen.query_one("#queue-title", Static).render())
        await app.meeting.undo()
        await pilot.pause(0.2)
        assert on_screen(app) == engine_order(app) and len(on_screen(app)) == 1


async def test_a_new_item_opens_its_list_of_speakers(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("l")
        await pilot.pause()
        assert app.meeting.state.list_closed
        assert "list CLOSED" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("a", "enter")  # carry the queue over
        await pilot.pause()
        assert app.meeting.state.item.id == "panel-1"
        assert not app.meeting.state.list_closed
        assert "list open" in str(app.screen.query_one("#status", Static).render())
        assert "LIST CLOSED" not in str(app.screen.query_one("#queue-title", Static).render())
        assert any("list of speakers is open again" in n.message for n in app._notifications)
        await request(pilot, "mexico")
        assert [r.participant_id for r in app.meeting.state.queue()] == ["KEN", "MEX"]
        await pilot.press("ctrl+z")  # undo the request, then the advance: the old item's list is closed again
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.meeting.state.item.id == "opening" and app.meeting.state.list_closed
