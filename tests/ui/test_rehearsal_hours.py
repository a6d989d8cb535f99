"""A rehearsal at any hour, and a programme opened late: its days stay the programme's days
(console/room/calendar.py), in the dais's header, the watchers, the web views and the exports; and
next item with people waiting always asks whether to carry the queue or clear it."""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dais.console.lang import i18n
from dais.console.room.calendar import heading, wall_times
from dais.console.report.export import speaker_log
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from dais.models import Programme

from tests.conftest import FakeClock

ZONES = {"Geneva": "Europe/Zurich", "New York": "America/New_York"}
HOURS = [(7, 0), (16, 30), (19, 20), (23, 50)]
MONDAY = dt.date(2026, 12, 7)


def in_zone(programme: Programme, zone: str) -> Programme:
    """The default programme held in `zone` (its times are the room's local times)."""
    meeting = programme.meeting.model_copy(update={"timezone": zone})
    return programme.model_copy(update={"meeting": meeting})


def gaps(programme: Programme) -> list[dt.timedelta]:
    """Each item's start and end after the first item's start, in wall-clock time."""
    first = wall_times(programme, programme.items[0])[0]
    return [t - first for item in programme.items for t in wall_times(programme, item)]


@pytest.fixture
def machine_zone():
    """The laptop's own zone, put back after the test (the meeting's zone is the programme's)."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def original_gaps(zone: str) -> list[dt.timedelta]:
    programme = in_zone(shipped_programme(), zone)
    start = dt.datetime.combine(programme.meeting.days[0], programme.items[0].start)
    found = []
    for item in programme.items:
        day = programme.meeting.days[item.day - 1]
        found += [dt.datetime.combine(day, item.start) - start, dt.datetime.combine(day, item.end) - start]
    return found


@pytest.mark.parametrize("city", ZONES)
@pytest.mark.parametrize(("hour", "minute"), HOURS)
async def test_a_rehearsal_opens_at_any_hour_and_keeps_its_days(tmp_path, machine_zone, city, hour, minute):
    zone = ZONES[city]
    os.environ["TZ"] = zone
    time.tzset()
    programme = in_zone(shipped_programme(), zone)
    now = dt.datetime(2026, 12, 7, hour, minute, tzinfo=ZoneInfo(zone))
    with time_machine.travel(now, tick=False):
        meeting = await Meeting.open(tmp_path / "r.dais", programme)
        try:
            await meeting.rehearse()
            moved = meeting.state.programme
            assert moved.meeting.rehearsal
            begins = wall_times(moved, moved.items[0])[0]
            assert begins.replace(tzinfo=ZoneInfo(zone)) >= now
            assert begins - now.replace(tzinfo=None) < dt.timedelta(minutes=5)
            # Every interval kept, every item on its own day of the programme, in order.
            assert gaps(moved) == original_gaps(zone)
            assert [item.day for item in moved.items] == [item.day for item in programme.items]
            assert len(moved.meeting.days) == 2
            head = heading(moved, meeting.state.item, now.timestamp())
            assert head.date == "Mon 7 Dec 2026 · day 1 of 2"
            with i18n.using("fr"):
                assert heading(moved, meeting.state.item, now.timestamp()).date == "lun. 7 déc. 2026 · jour 1 sur 2"
            # Day 1's last item is day 1's, even when it ends after midnight.
            last_of_day_one = [item for item in moved.items if item.day == 1][-1]
            assert heading(moved, last_of_day_one, now.timestamp()).date.endswith("day 1 of 2")
            log = speaker_log(meeting.state)
            assert {item.day for item in log.items} == {1, 2}
        finally:
            await meeting.close()


def test_the_command_line_rehearses_at_19_20(tmp_path, capsys):
    import asyncio

    from dais.console.cli import main

    path = tmp_path / "r.dais"
    with time_machine.travel(dt.datetime(2026, 12, 7, 19, 20, tzinfo=ZoneInfo("Europe/Zurich")), tick=False):
        status = main(["open", str(path), "--programme", "first-thematic-session", "--rehearse", "--state"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "Mon 7 Dec 2026 · day 1 of 2" in captured.out

    async def read() -> Programme:
        watcher = await Meeting.watch(path)
        try:
            return watcher.state.programme
        finally:
            await watcher.close()

    programme = asyncio.run(read())
    assert programme.meeting.rehearsal
    assert programme.meeting.days == [MONDAY, MONDAY + dt.timedelta(days=1)]
    assert f"{programme.items[0].start:%H:%M}" == "19:20"


def test_the_default_meeting_at_19_20_counts_two_days(tmp_path, monkeypatch, capsys):
    from dais.console.cli import main

    monkeypatch.setenv("DAIS_HOME", str(tmp_path))
    with time_machine.travel(dt.datetime(2026, 12, 7, 19, 20, tzinfo=ZoneInfo("Europe/Zurich")), tick=False):
        assert main([]) == 0  # not a terminal: it prints the state
    assert "day 1 of 2" in capsys.readouterr().out


async def test_a_late_start_keeps_the_programme_in_order_on_its_days(tmp_path):
    """--on MONDAY --at 21:10: Panel 1 runs 21:25 to 00:10 whole, Lunch 00:10 to 02:10, both day 1."""
    programme = shipped_programme()
    clock = FakeClock(dt.datetime(2026, 12, 7, 21, 0, tzinfo=ZoneInfo("Europe/Zurich")).timestamp())
    meeting = await Meeting.open(tmp_path / "late.dais", programme, clock=clock)
    try:
        await meeting.move_to(MONDAY, dt.time(21, 10))
        moved = meeting.state.programme
        panel = moved.item("panel-1")
        lunch = moved.item("lunch-1")
        tuesday = MONDAY + dt.timedelta(days=1)
        assert wall_times(moved, panel) == (dt.datetime(2026, 12, 7, 21, 25), dt.datetime(2026, 12, 8, 0, 10))
        assert wall_times(moved, lunch) == (dt.datetime(2026, 12, 8, 0, 10), dt.datetime(2026, 12, 8, 2, 10))
        assert (panel.day, lunch.day) == (1, 1)
        assert moved.meeting.days == [MONDAY, tuesday]
        assert gaps(moved) == original_gaps("Europe/Zurich")
        starts = [wall_times(moved, item)[0] for item in moved.items]
        assert starts == sorted(starts)
        assert heading(moved, meeting.state.item, clock()).date == "Mon 7 Dec 2026 · day 1 of 2"
        # The day's last item is still the closing of day 1, at 05:10 on Tuesday.
        assert meeting.state.item.day == 1 and moved.item("closing-1").day == 1
    finally:
        await meeting.close()


async def test_every_path_counts_the_programme_s_days(tmp_path):
    """The default meeting, --rehearse, --on/--at and adjourning: day N of 2, never of 3."""
    from dais.console.room.calendar import Redating
    from dais.console.cli import _redate

    zurich = ZoneInfo("Europe/Zurich")
    late = dt.datetime(2026, 12, 7, 19, 20, tzinfo=zurich)
    for name, redating in [("default", Redating(rehearse=True)), ("r", Redating(rehearse=True)),
                           ("on", Redating(on=MONDAY, at=dt.time(21, 10)))]:
        with time_machine.travel(late, tick=False):
            await _redate(tmp_path / f"{name}.dais", shipped_programme(), redating)
            meeting = await Meeting.open(tmp_path / f"{name}.dais")
        try:
            state = meeting.state
            assert heading(state.programme, state.item, late.timestamp()).date.endswith("day 1 of 2"), name
            # Adjourning at the end of day 1 goes to day 2 of 2.
            last = [item for item in state.programme.items if item.day == 1][-1]
            await meeting.advance_item(last.id)
            await meeting.adjourn()
            state = meeting.state
            assert state.item.day == 2
            assert heading(state.programme, state.item, late.timestamp()).date.endswith("day 2 of 2"), name
        finally:
            await meeting.close()


# -- next item with people waiting, at a late hour ---------------------------------------------

LATE = dt.datetime(2026, 12, 7, 21, 10, tzinfo=ZoneInfo("Europe/Zurich")).timestamp()
STATES = ["MEX", "CHE", "FRA", "DEU", "BRA", "IND", "ZAF", "JPN", "CAN", "NOR"]


async def late_meeting(tmp_path, item_id: str | None = None) -> tuple[Meeting, FakeClock]:
    clock = FakeClock(LATE)
    meeting = await Meeting.open(tmp_path / "late.dais", shipped_programme(), clock=clock)
    await meeting.move_to(MONDAY, dt.time(21, 10))
    if item_id is not None:
        await meeting.advance_item(item_id)
    for state in STATES:
        await meeting.request_floor(state)
    assert len(meeting.state.waiting()) == 10
    return meeting, clock


async def press_a_and_choose(app, pilot, *choices: str) -> list[str]:
    """Press a, then pick each choice by its label's beginning; the titles of the dialogs seen."""
    from dais.screens.dialogs import Pick

    titles = []
    await pilot.press("a")
    for choice in choices:
        await pilot.pause()
        assert isinstance(app.screen, Pick), f"no dialog for {choice!r}"
        titles.append(app.screen.title_text)
        labels = [label for label, _value in app.screen.choices]
        index = next(i for i, label in enumerate(labels) if label.startswith(choice))
        for _step in range(index):
            await pilot.press("down")
        await pilot.press("enter")
    await pilot.pause()
    return titles


@pytest.mark.parametrize("carry", [True, False])
async def test_next_item_at_a_late_hour_asks_to_carry_or_clear_and_each_undoes(tmp_path, carry):
    from dais.console.app import make_app

    meeting, clock = await late_meeting(tmp_path)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        titles = await press_a_and_choose(app, pilot, "carry" if carry else "clear")
        assert "10 requests waiting" in titles[0]
        state = meeting.state
        assert state.item.id == "panel-1"
        assert len(state.waiting()) == (10 if carry else 0)
        advanced = meeting.entries[-1].event
        assert advanced.type == "item_advanced" and advanced.carry_queue is carry
        assert "day 1 of 2" in meeting_heading(meeting)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert meeting.state.item.id == "opening"
        assert len(meeting.state.waiting()) == 10
    await meeting.close()


def meeting_heading(meeting: Meeting) -> str:
    state = meeting.state
    return heading(state.programme, state.item, meeting.now(), state.item_started.get(state.item.id)).date


@pytest.mark.parametrize("carry", [True, False])
async def test_going_on_with_the_next_day_now_asks_about_the_queue_and_stays_on_today(tmp_path, carry):
    from dais.console.app import make_app

    meeting, clock = await late_meeting(tmp_path, "closing-1")
    clock.now = LATE + 60
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        titles = await press_a_and_choose(app, pilot, "go on", "carry" if carry else "clear")
        assert titles[0].startswith("Last item of the day")
        state = meeting.state
        assert state.item.day == 2 and state.item.id in state.item_started
        assert len(state.waiting()) == (10 if carry else 0)
        # Held today: the header says Monday, the programme's day 2 of 2.
        assert meeting_heading(meeting) == "Mon 7 Dec 2026 · day 2 of 2"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert meeting.state.item.id == "closing-1" and len(meeting.state.waiting()) == 10
    await meeting.close()


@pytest.mark.parametrize("carry", [True, False])
async def test_adjourning_with_people_waiting_asks_about_the_queue(tmp_path, carry):
    from dais.console.app import make_app

    meeting, clock = await late_meeting(tmp_path, "closing-1")
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        await press_a_and_choose(app, pilot, "adjourn", "carry" if carry else "clear")
        state = meeting.state
        assert state.item.day == 2 and state.item.id not in state.item_started
        assert len(state.waiting()) == (10 if carry else 0)
        event = meeting.entries[-1].event
        assert event.adjourned and event.carry_queue is carry
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert meeting.state.item.id == "closing-1" and len(meeting.state.waiting()) == 10
    await meeting.close()


async def test_changes_to_a_late_programme_keep_its_items_after_midnight_on_their_day(tmp_path):
    from dais.console.floor.rules import clashes, new_item
    from dais.models import ItemKind

    meeting, _clock = await late_meeting(tmp_path)
    try:
        closing = meeting.state.programme.item("closing-1")  # 17:50-18:00 moved to 05:00-05:10
        assert (closing.start, closing.starts_next_date) == (dt.time(5, 0), True)
        reply = new_item(meeting.state.programme, ItemKind.RIGHT_OF_REPLY, closing, "Right of reply",
                         dt.time(5, 10), dt.time(5, 25))
        await meeting.add_item(reply, closing.id)
        added = meeting.state.programme.items[meeting.state.programme.index("closing-1") + 1]
        assert added.day == 1 and added.starts_next_date and added.ends_next_date
        # Panel 1 (21:25-00:10) runs on to 00:30, past midnight: it now runs into Lunch.
        await meeting.move_item_end("panel-1", "00:30")
        panel = meeting.state.programme.item("panel-1")
        assert wall_times(meeting.state.programme, panel)[1] == dt.datetime(2026, 12, 8, 0, 30)
        assert clashes(meeting.state.programme) == [
            "Panel 1. Human rights of all migrants (21:25–00:30) runs into Lunch (from 00:10)"]
        await meeting.undo()
        assert clashes(meeting.state.programme) == []
    finally:
        await meeting.close()


async def test_at_the_day_s_end_a_speaker_on_the_floor_is_confirmed_first(tmp_path):
    from dais.console.app import make_app
    from dais.screens.dialogs import Confirm, Pick

    meeting, clock = await late_meeting(tmp_path, "closing-1")
    await meeting.give_floor()
    speaker = meeting.state.speaking
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await pilot.pause()
        assert meeting.state.item.id == "closing-1" and meeting.state.speaking == speaker
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, Pick) and app.screen.title_text.startswith("Last item of the day")
        assert meeting.state.item.id == "closing-1"  # nothing recorded until the choice is made
    await meeting.close()
