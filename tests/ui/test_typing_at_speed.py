"""Issue 29: what the secretary types at full speed, at any length, reaches a dialog or waits for
it; a long name never stops the dais; a newcomer and their request are recorded together."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dais.console.app import make_app
from dais.console.floor.meeting import Meeting
from dais.console.floor.rules import NAME_LIMIT
from dais.screens.dais import DaisScreen
from dais.screens.dialogs import CategoryPick, Refused
from dais.screens.request import RequestForm
from tests.conftest import FakeClock
from tests.pilot import burst, settle


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


def types(app) -> list[str]:
    return [entry.event.type for entry in app.meeting.entries]


def queue(app) -> list[str]:
    return [r.participant_id for r in app.meeting.state.queue()]


async def test_a_long_name_and_two_enters_at_full_speed_record_the_newcomer_and_the_request(app):
    """The report: r, a 2,000-character name, Enter, Enter. The second Enter reached the form
    before it had gone, dismissed it again and popped the dais: NoMatches 'FloorPanel', status 1,
    and the journal held the newcomer without their request."""
    name = "abcdefghij" * 14  # within the limit, typed key by key
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "r", *name, "enter", "enter")
        await settle(pilot, app, lambda: len(app.meeting.entries) == 2 and isinstance(app.screen, DaisScreen))
        assert app.crash is None and app.is_running
        assert types(app) == ["participant_added", "floor_requested"]
        assert isinstance(app.screen, DaisScreen) and any(isinstance(s, DaisScreen) for s in app.screen_stack)


async def test_a_2000_character_name_is_refused_in_one_line_and_the_form_keeps_it(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        app.screen.query_one("#who").value = "abcdefghij" * 200
        await pilot.pause()
        burst(app, "enter", "enter")
        await settle(pilot, app, lambda: any("2,000" in n.message for n in app._notifications))
        await pilot.pause(0.1)
        assert app.crash is None and app.is_running
        assert types(app) == []
        assert isinstance(app.screen, RequestForm)  # nothing lost: the name is still there to cut
        assert app.screen.query_one("#who").value == "abcdefghij" * 200
        assert any(f"at most {NAME_LIMIT} characters; this one has 2,000" in n.message for n in app._notifications)


async def test_names_typed_at_full_speed_through_the_category_dialog_all_reach_the_queue(app):
    """A newcomer's category dialog opens; the secretary, not looking, types on: r philippines
    Enter, r ohchr Enter. Those letters went into the picker and both requests were lost."""
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "r", *"oxfam", "enter", "r", *"philippines", "enter", "r", *"ohchr", "enter")
        await settle(pilot, app, lambda: queue(app) == ["PHL", "OHCHR"] and isinstance(app.screen, CategoryPick))
        assert queue(app) == ["PHL", "OHCHR"]
        assert isinstance(app.screen, CategoryPick)  # Oxfam's category, asked again after them
        assert any("“oxfam” waits for its category" in n.message for n in app._notifications)
        await pilot.press("1")  # the first category: stakeholder
        await settle(pilot, app, lambda: len(queue(app)) == 3)
        assert queue(app) == ["PHL", "OHCHR", "stakeholder:oxfam"]
        assert app.meeting.roster.get("stakeholder:oxfam").name == "Oxfam"


async def test_a_letter_in_the_category_dialog_starts_the_next_request_with_it(app):
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "r", *"amnesty international", "enter", *"kenya", "enter")
        await settle(pilot, app, lambda: queue(app) == ["KEN"] and isinstance(app.screen, CategoryPick))
        assert queue(app) == ["KEN"]
        await pilot.press("enter")
        await settle(pilot, app, lambda: len(queue(app)) == 2)
        assert app.meeting.roster.get(queue(app)[1]).name == "Amnesty International"


async def test_escape_in_the_category_dialog_says_the_newcomer_was_not_added(app):
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, "r", *"oxfam", "enter", "escape")
        await settle(pilot, app, lambda: isinstance(app.screen, DaisScreen) and app._notifications)
        assert types(app) == []
        assert any("“oxfam” was not added" in n.message for n in app._notifications)


async def test_a_newcomer_and_their_request_stand_or_fall_together(app, tmp_path):
    """The request cannot be written (here a trigger refuses it, as a full disk would): the
    newcomer is not left in the journal alone."""
    async with app.run_test(size=(100, 30)) as pilot:
        other = sqlite3.connect(app.meeting.path)
        other.execute("CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type = 'floor_requested' "
                      "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        other.commit()
        other.close()
        await pilot.press("r", *"oxfam", "enter")
        await pilot.press("enter")
        await settle(pilot, app, lambda: any("NOT recorded" in n.message for n in app._notifications))
        assert app.crash is None
        assert types(app) == []
    check = sqlite3.connect(app.meeting.path)
    assert check.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    check.close()


async def test_r_on_a_closed_list_is_refused_at_once_and_the_name_typed_after_it_is_no_command(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        burst(app, "r", *"kenya")  # k, e, n, y and a are the dais's keys: a would move to the next item
        await settle(pilot, app, lambda: isinstance(app.screen, Refused) and app.screen.typed == "kenya")
        assert "closed (rule 73)" in app.screen.reason
        assert "not taken: “kenya”" in str(app.screen.query_one("#typed").render())
        await pilot.press("enter")
        assert isinstance(app.screen, DaisScreen)
        assert app.meeting.state.item_index == 0 and types(app) == ["list_closed"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(length=st.integers(1, 10_000), letters=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8),
       group=st.booleans())
def test_a_name_of_any_length_through_the_form_and_the_newcomer_dialog(tmp_path_factory, programme, length,
                                                                       letters, group):
    asyncio.run(_any_length(tmp_path_factory.mktemp("length"), programme, (letters * length)[:length], group))


async def _any_length(folder, programme, name, group):
    clock = FakeClock()
    meeting = await Meeting.open(folder / "m.dais", programme, clock=clock)
    app = make_app(meeting, clock=clock, settings_path=folder / "settings.json", tick=0.05)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            app.screen.query_one("#who").value = "Zq " + name
            if group:
                app.screen.query_one("#group").value = name
            await pilot.pause()
            burst(app, "enter", "enter")
            await settle(pilot, app, lambda: len(meeting.entries) == 2 or bool(app._notifications))
            await pilot.pause(0.1)
            assert app.crash is None and app.is_running, "the dais stopped"
            kinds = [e.event.type for e in meeting.entries]
            assert kinds in ([], ["participant_added", "floor_requested"]), kinds
            if not kinds:  # refused, in one line, and the name is still in the form
                assert isinstance(app.screen, (RequestForm, CategoryPick, DaisScreen))
                assert app._notifications
            await pilot.press("escape", "escape")
            assert any(isinstance(s, DaisScreen) for s in app.screen_stack)
    finally:
        await meeting.close()
