"""The seam between screens and engine: one Session, the rules it moved out of the screens, and
what the secretary types read in one place (console/lang/typed.py)."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

from dais.console.lang import typed
from dais.console.app import make_app
from dais.console.lang.errors import ProcedureError
from dais.console.report.export import meeting_bytes
from dais.console.floor.meeting import Meeting
from dais.console.floor.rules import NEWCOMER_CATEGORIES, RIGHT_OF_REPLY_S, new_item, newcomer_refusal
from dais.models import Category, FloorPolicy, ItemKind
from dais.screens.dialogs import pick_category

SCREENS = Path(__file__).resolve().parents[2] / "screens"


# -- what the secretary types --------------------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [("2:00", 120), ("0:05", 5), (" 75:30 ", 4530), ("10:00", 600)])
def test_durations_are_read_as_m_ss(text, seconds):
    assert typed.duration(text) == seconds


@pytest.mark.parametrize("text", ["2:60", "2", "120", "2:0", "-1:00", "2:00:00", "two minutes", "", "2.00"])
def test_other_durations_are_refused_saying_how_to_write_them(text):
    with pytest.raises(ValueError, match="write m:ss"):
        typed.duration(text)


@pytest.mark.parametrize(("text", "time"), [("9:05", dt.time(9, 5)), ("09:05", dt.time(9, 5)),
                                             ("23:59", dt.time(23, 59)), (" 0:00 ", dt.time(0, 0))])
def test_times_of_day_are_read_as_hh_mm(text, time):
    assert typed.clock_time(text) == time


@pytest.mark.parametrize(("text", "why"), [("24:00", "hours go to 23"), ("25:00", "hours go to 23"),
                                            ("9:60", "minutes to 59"), ("9:5", "write HH:MM"),
                                            ("9.05", "write HH:MM"), ("9", "write HH:MM"),
                                            ("9:05:00", "write HH:MM"), ("", "write HH:MM")])
def test_other_times_of_day_are_refused_with_the_reason(text, why):
    with pytest.raises(ValueError, match=why):
        typed.clock_time(text)


@pytest.mark.parametrize(("text", "time"), [("14:03:25", dt.time(14, 3, 25)), ("9:05", dt.time(9, 5)),
                                             (" 23:59:59 ", dt.time(23, 59, 59))])
def test_times_to_the_second_are_read_where_they_are_asked_for(text, time):
    assert typed.clock_time(text, seconds=True) == time


@pytest.mark.parametrize(("text", "why"), [
    ("14:03:60", "minutes and seconds to 59"), ("24:00:00", "hours go to 23"),
    ("14:3:25", "write HH:MM or HH:MM:SS"), ("14:03:5", "write HH:MM or HH:MM:SS"),
    ("14:03:25:00", "write HH:MM or HH:MM:SS"), ("", "write HH:MM or HH:MM:SS"),
])
def test_other_times_to_the_second_are_refused_with_the_reason(text, why):
    with pytest.raises(ValueError, match=why):
        typed.clock_time(text, seconds=True)


def test_no_screen_or_engine_module_reads_a_typed_time_by_hand():
    """m:ss and HH:MM are read in console/lang/typed.py only (issue 15)."""
    root = SCREENS.parent
    by_hand = [f"{path.relative_to(root)}:{number}"
               for folder in ("console", "screens", "models")
               for path in sorted((root / folder).rglob("*.py"))
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if ('split(":")' in line or "strptime" in line) and path.name != "typed.py"]
    assert by_hand == []


def test_a_titled_span_is_read_and_a_malformed_one_refused():
    assert typed.titled_span("Right of reply, 17:00-17:15") == ("Right of reply", dt.time(17), dt.time(17, 15))
    assert typed.titled_span(" Closing, a, b , 9:00 - 9:30 ") == ("Closing, a, b", dt.time(9), dt.time(9, 30))
    for text in ["17:00-17:15", "Title, 17:00", ", 17:00-17:15", "Title 17:00-17:15"]:
        with pytest.raises(ValueError, match="HH:MM-HH:MM"):
            typed.titled_span(text)
    with pytest.raises(ValueError, match="hours go to 23"):
        typed.titled_span("Late, 23:00-24:30")
    for backwards in ["Reply, 17:15-17:00", "Reply, 17:00-17:00"]:
        with pytest.raises(ValueError, match="is not after"):
            typed.titled_span(backwards)
    from dais.console.lang import i18n

    with i18n.using("fr"), pytest.raises(ValueError) as refused:
        typed.titled_span("Réponse, 17:15-17:00")
    assert "17:00" in str(refused.value) and "is not after" not in str(refused.value)


# -- the rules that lived in screens -------------------------------------------------------


def test_new_items_take_the_defaults_of_their_kind(programme):
    after = programme.item("panel-1")
    reply = new_item(programme, ItemKind.RIGHT_OF_REPLY, after, "Right of reply", dt.time(18), dt.time(18, 15))
    assert (reply.id, reply.floor_limit, reply.panel_every) == ("right-of-reply-1", RIGHT_OF_REPLY_S[0], 0)
    assert reply.day == after.day and reply.policy == after.policy
    dialogue = new_item(programme, ItemKind.INFORMAL_DIALOGUE, after, "Dialogue", dt.time(18), dt.time(18, 30))
    assert dialogue.policy is FloorPolicy.STAKEHOLDERS_FIRST
    assert (dialogue.floor_limit, dialogue.panel_every) == (after.floor_limit, after.panel_every)
    # The id is numbered past the ones the programme already has.
    taken = programme.model_copy(update={"items": [*programme.items, reply]})
    assert new_item(taken, ItemKind.RIGHT_OF_REPLY, after, "Again", dt.time(19), dt.time(19, 5)).id == "right-of-reply-2"
    with pytest.raises(ValueError):
        new_item(programme, ItemKind.BREAK, after, "Backwards", dt.time(18), dt.time(17))


async def test_the_dais_offers_exactly_the_newcomers_the_engine_accepts(meeting):
    offered = {value for _, value in pick_category("PICUM").choices}
    assert offered == set(NEWCOMER_CATEGORIES)
    for number, category in enumerate(Category):
        if category in offered:
            assert newcomer_refusal(category) is None
            await meeting.add_participant(f"Newcomer {number}", category)
        else:
            with pytest.raises(ProcedureError, match="cannot be added as"):
                await meeting.add_participant(f"Newcomer {number}", category)


# -- the seam ------------------------------------------------------------------------------


def test_screens_reach_the_engine_only_through_the_session():
    """No screen reads the app's services untyped (self.app.meeting, .clock, ...), nor the journal."""
    services = {"meeting", "clock", "announcer", "replicator", "settings"}
    found = []
    for path in sorted(SCREENS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute):
                owner = node.value
                if node.attr in services and isinstance(owner, ast.Attribute) and owner.attr == "app":
                    found.append(f"{path.name}:{node.lineno} app.{node.attr}")
                if node.attr in {"journal", "entries", "record"}:
                    found.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert found == []


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


async def test_the_app_owns_one_session_over_its_services(app, meeting, clock):
    session = app.session
    assert session.meeting is meeting and app.meeting is meeting and session.clock is clock
    await session.request_floor("KEN")
    await session.give_floor()
    clock.advance(10)
    assert session.reading().elapsed_s == 10
    assert [row.participant.id for row in session.queue()[0]] == []
    with pytest.raises(ProcedureError, match="nobody is waiting"):
        await session.give_floor()
    await session.set_limit("panel-1", 120)
    await session.move_item_end("panel-1", dt.time(13, 20))
    reply = await session.add_item(ItemKind.RIGHT_OF_REPLY, meeting.state.programme.item("closing-1"),
                                   "Right of reply", dt.time(18), dt.time(18, 15))
    item = meeting.state.programme.item("panel-1")
    assert (item.floor_limit, item.end) == (120, dt.time(13, 20))
    assert meeting.state.programme.item(reply.event.item.id).floor_limit == RIGHT_OF_REPLY_S[0]
    assert [e.event.type for e in meeting.entries][-3:] == ["floor_limit_changed", "item_end_moved", "item_added"]


async def test_the_log_keys_rows_by_intervention_and_exports_the_state_in_hand(app, meeting, clock, monkeypatch):
    for pid in ("KEN", "MEX"):
        await meeting.request_floor(pid)
    for _ in range(2):
        await meeting.give_floor()
        clock.advance(90)
    await meeting.end_floor()
    first, second = meeting.state.interventions
    await meeting.correct(second, note="written statement submitted")
    rows = app.session.speaker_log()
    assert [row.intervention_id for row in rows] == [first, second]
    assert [len(row.corrections) for row in rows] == [0, 1]
    expected = await meeting_bytes(meeting.path, "json")

    async def no_second_reading(*args, **kwargs):
        raise AssertionError("the export read the meeting from disk again")

    monkeypatch.setattr(Meeting, "watch", no_second_reading)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("x", "down", "enter")  # json
        target = meeting.path.with_suffix(".json")
        for _ in range(100):
            await pilot.pause(0.05)
            if target.exists():
                break
        assert target.read_bytes() == expected
        assert json.loads(expected)["interventions"][1]["notes"] == ["written statement submitted"]


async def test_an_end_time_that_does_not_exist_is_refused_on_the_programme_screen(app, meeting):
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "e", *("backspace",) * 5, *"25:00", "enter")
        await pilot.pause()
        assert any("hours go to 23" in n.message for n in app._notifications)
        await pilot.press("l", *("backspace",) * 5, *"2:75", "enter")
        await pilot.pause()
        assert any("write 2m, 90s or 1:30" in n.message for n in app._notifications)
        assert [e.event.type for e in meeting.entries] == []
        assert app.is_running
