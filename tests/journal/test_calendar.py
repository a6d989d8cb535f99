"""The meeting's calendar: rehearsal and re-dating, several days and adjournment, the header,
the exports' dates, and the "Starts ~" estimates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dais.console.lang import i18n
from dais.console.room.calendar import adjournment_due, heading, rehearse, redate, uncovered_notice, zone_label
from dais.console.lang.errors import ProcedureError
from dais.console.report.export import render, speaker_log
from dais.console.floor.forecast import blended, programme_progress, queue_rows
from dais.console.floor.meeting import Meeting
from dais.models import Category
from tests.conftest import FakeClock

GENEVA = ZoneInfo("Europe/Zurich")
# A Tuesday afternoon in 2026, nowhere near the programme's own dates (8-9 May 2017).
TUESDAY = dt.datetime(2026, 3, 10, 14, 2, 30, tzinfo=GENEVA).timestamp()
DAIS = str(Path(sys.executable).with_name("dais"))


def at(day: dt.date, hour: int, minute: int) -> float:
    return dt.datetime.combine(day, dt.time(hour, minute), GENEVA).timestamp()


# -- re-dating, pure -------------------------------------------------------------------------

def test_a_rehearsal_begins_at_the_next_five_minutes_and_keeps_every_interval(programme):
    moved = rehearse(programme, TUESDAY)
    assert moved.meeting.rehearsal and moved.meeting.dated_from == programme.meeting.days
    assert moved.meeting.days[0] == dt.date(2026, 3, 10)
    assert moved.items[0].start == dt.time(14, 5)
    shift = dt.datetime.combine(dt.date(2026, 3, 10), dt.time(14, 5)) - dt.datetime.combine(
        programme.meeting.days[0], programme.items[0].start)
    for before, after in zip(programme.items, moved.items, strict=True):
        old = dt.datetime.combine(programme.meeting.days[before.day - 1], before.start)
        new = dt.datetime.combine(moved.meeting.days[after.day - 1], after.start)
        assert new - old == shift, before.id


def test_on_a_date_at_a_time_keeps_the_days_apart(programme):
    moved = redate(programme, dt.date(2026, 11, 23), dt.time(9, 30))
    assert moved.meeting.days == [dt.date(2026, 11, 23), dt.date(2026, 11, 24)]
    assert not moved.meeting.rehearsal
    assert moved.items[0].start == dt.time(9, 30)
    day_two = next(item for item in moved.items if item.day == 2)
    assert day_two.start == dt.time(8, 30)  # 09:00 on day 2, moved back half an hour like the rest


def test_a_rehearsal_late_in_the_evening_runs_its_day_past_midnight_as_the_same_day(programme):
    late = dt.datetime(2026, 3, 10, 22, 58, tzinfo=GENEVA).timestamp()
    moved = rehearse(programme, late)
    assert moved.meeting.days == [dt.date(2026, 3, 10), dt.date(2026, 3, 11)]
    assert [item.day for item in moved.items] == [item.day for item in programme.items]
    panel = moved.item("panel-1")  # 10:15-13:00 moved to 23:15-02:00: whole, across midnight
    assert (panel.start, panel.end, panel.starts_next_date, panel.ends_next_date) == (
        dt.time(23, 15), dt.time(2, 0), False, True)
    lunch = moved.item("lunch-1")
    assert (lunch.start, lunch.starts_next_date) == (dt.time(2, 0), True)


async def test_the_default_meeting_rehearses_at_any_hour_even_past_midnight(tmp_path):
    # `dais` on a fresh data folder (make run) must open late in the evening too: its rehearsal
    # begins now, in time, and the day goes on after midnight on the next date.
    from dais.console.room.calendar import Redating
    from dais.console.cli import _redate
    from dais.console.floor.forecast import queue_rows as rows_of

    late = dt.datetime(2026, 3, 10, 22, 58, tzinfo=GENEVA)
    path = tmp_path / "default.dais"
    with time_machine.travel(late, tick=False):
        from dais.console.room.programme import shipped_programme

        await _redate(path, shipped_programme(), Redating(rehearse=True))
        meeting = await Meeting.open(path, None)
        try:
            state = meeting.state
            assert state.programme.meeting.rehearsal
            first = state.programme.items[0]
            assert (first.start.hour, first.start.minute) == (23, 0)
            _, forecast = rows_of(state, late.timestamp())
            assert forecast.scheduled_start == dt.datetime(2026, 3, 10, 23, 0, tzinfo=GENEVA).timestamp()
            assert forecast.slip_s == 0
        finally:
            await meeting.close()


async def test_a_late_rehearsal_is_not_refused(tmp_path, programme):
    late = dt.datetime(2026, 3, 10, 22, 58, tzinfo=GENEVA).timestamp()
    meeting = await Meeting.open(tmp_path / "late.dais", programme, clock=FakeClock(late))
    try:
        await meeting.rehearse()
        assert meeting.state.programme.meeting.rehearsal
        assert meeting.state.programme.meeting.days == [dt.date(2026, 3, 10), dt.date(2026, 3, 11)]
    finally:
        await meeting.close()


# -- a rehearsal at the dais -------------------------------------------------------------------

async def test_a_rehearsal_begins_now_with_a_slip_of_zero_at_its_start(tmp_path, programme):
    clock = FakeClock(TUESDAY)
    meeting = await Meeting.open(tmp_path / "r.dais", programme, clock=clock)
    await meeting.rehearse()
    state = meeting.state
    assert state.programme.meeting.rehearsal and state.item.start == dt.time(14, 5)
    clock.now = at(dt.date(2026, 3, 10), 14, 5)
    await meeting.give_floor_to_panel(state.item.people[0])
    rows, forecast = queue_rows(meeting.state, clock())
    assert forecast.slip_s == 0
    assert forecast.scheduled_start == clock.now
    progress = programme_progress(meeting.state, clock())
    assert progress[0].slip_s == 0 and progress[1].slip_s == 0  # the next item is on time too
    await meeting.close()
    # A watcher and an export read the same calendar from the journal.
    watcher = await Meeting.watch(tmp_path / "r.dais", clock=clock)
    log = speaker_log(watcher.state)
    assert log.meeting.rehearsal is True
    assert log.meeting.dated_from == [dt.date(2017, 5, 8), dt.date(2017, 5, 9)]
    assert log.items[0].scheduled_start.isoformat() == "2026-03-10T14:05:00+01:00"
    for fmt in ("csv", "md", "html", "chair"):
        assert "REHEARSAL" in render(log, fmt).decode() or ",yes,,,,\r\n" in render(log, fmt).decode(), fmt
    # day, rehearsal, then the group id and the person, their title and function (none)
    assert render(log, "csv").decode().splitlines()[1].endswith(",1,yes,,,,")
    await watcher.close()


async def test_a_meeting_that_has_begun_is_not_re_dated(meeting):
    await meeting.give_floor_to_panel(meeting.state.item.people[0])
    with pytest.raises(ProcedureError, match="already begun"):
        await meeting.rehearse()


async def test_undo_of_a_re_dating_restores_the_programme_s_dates(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "u.dais", programme, clock=FakeClock(TUESDAY))
    await meeting.rehearse()
    await meeting.undo()
    assert meeting.state.programme.meeting.days == programme.meeting.days
    assert not meeting.state.programme.meeting.rehearsal
    await meeting.close()


# -- several days ------------------------------------------------------------------------------

async def test_a_two_day_programme_adjourns_and_opens_day_two_on_day_two(tmp_path, programme):
    monday, tuesday = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    clock = FakeClock(at(monday, 9, 0))
    path = tmp_path / "two.dais"
    meeting = await Meeting.open(path, programme, clock=clock)
    await meeting.move_to(monday)
    assert meeting.state.programme.meeting.days == [monday, tuesday]
    clock.now = at(monday, 10, 0)
    await meeting.give_floor_to_panel(meeting.state.item.people[0])
    last_of_day = max(i for i, item in enumerate(meeting.state.programme.items) if item.day == 1)
    with pytest.raises(ProcedureError, match="not the last item"):
        await meeting.adjourn()
    await meeting.advance_item(meeting.state.programme.items[last_of_day].id)
    clock.now = at(monday, 18, 0)
    await meeting.adjourn()
    day_two = meeting.state.item
    assert day_two.day == 2 and day_two.id not in meeting.state.item_started
    await meeting.close()

    clock.now = at(tuesday, 8, 55)  # the next morning, the dais reopens
    meeting = await Meeting.open(path, clock=clock)
    assert meeting.state.item.id == day_two.id
    _, forecast = queue_rows(meeting.state, clock())
    assert forecast.scheduled_start == at(tuesday, 9, 0) and forecast.slip_s == 0
    head = heading(meeting.state.programme, meeting.state.item, clock())
    assert head.date == "Tue 24 Nov 2026 · day 2 of 2"
    clock.now = at(tuesday, 9, 3)
    await meeting.give_floor_to_panel(day_two.people[0])
    _, forecast = queue_rows(meeting.state, clock())
    assert forecast.slip_s == 3 * 60  # that day's slip, not Monday's
    log = speaker_log(meeting.state)
    assert [i.date for i in log.items if i.day == 2] == [dt.date(2026, 11, 24)] * sum(
        1 for i in log.items if i.day == 2)
    markdown = render(log, "md").decode()
    assert "## Day 1, 23 November 2026: Opening segment" in markdown
    assert f"## Day 2, 24 November 2026: {day_two.title}" in markdown
    await meeting.close()


# -- a date the programme does not cover ---------------------------------------------------

def test_a_meeting_opened_on_a_date_its_programme_does_not_cover_says_so(programme):
    notice = uncovered_notice(programme, TUESDAY, "geneva")
    assert notice == ("the programme runs from 8 to 9 May 2017, not today (10 March 2026); "
                      "to run it today: dais open geneva --on 2026-03-10 (or --rehearse)")
    with i18n.using("fr"):  # one article, and French dates; the command's date stays as typed
        assert uncovered_notice(programme, TUESDAY, "geneva") == (
            "le programme se tient du 8 au 9 mai 2017, pas aujourd’hui (10 mars 2026) ; "
            "pour le tenir aujourd’hui : dais open geneva --on 2026-03-10 (ou --rehearse)")
    assert uncovered_notice(redate(programme, dt.date(2026, 3, 10)), TUESDAY, "geneva") is None


def test_the_command_line_says_so_in_one_line_and_the_command_it_gives_works(tmp_path):
    # The real `dais`, on the real clock: today is whatever day the test runs.
    env = {"DAIS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TZ": "UTC"}
    day = dt.datetime.now(GENEVA).date()
    today = day.isoformat()
    opened = subprocess.run([DAIS, "open", "geneva"], capture_output=True, text=True, env=env)
    assert opened.returncode == 0
    notes = [line for line in opened.stdout.splitlines() if "not today" in line]
    assert notes == [f"Note: the programme runs from 8 to 9 May 2017, not today ({day.day} {day:%B %Y}); "
                     f"to run it today: dais open geneva --on {today} (or --rehearse)"]
    fixed = subprocess.run([DAIS, "open", "geneva", "--on", today, "--state"], capture_output=True, text=True,
                           env=env)
    assert fixed.returncode == 0 and "not today" not in fixed.stdout
    assert "day 1 of 2" in fixed.stdout
    wrong = subprocess.run([DAIS, "open", "geneva", "--at", "09:00"], capture_output=True, text=True, env=env)
    assert wrong.returncode == 2 and wrong.stderr == "dais: --at needs --on (the date)\n"


# -- the header -----------------------------------------------------------------------------

@time_machine.travel(dt.datetime(2026, 1, 15, 10, 0, tzinfo=GENEVA), tick=False)
def test_the_heading_names_the_meeting_its_day_and_the_zone(programme):
    moved = rehearse(programme, dt.datetime.now(GENEVA).timestamp())
    head = heading(moved, moved.items[0], dt.datetime.now(GENEVA).timestamp())
    assert head.title == programme.meeting.title and head.venue == programme.meeting.venue
    assert head.date == "Thu 15 Jan 2026 · day 1 of 2"
    assert head.time == "10:00 CET" and head.rehearsal


def test_a_zone_without_an_abbreviation_is_labelled_by_its_offset():
    moment = dt.datetime(2026, 1, 15, 10, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    assert zone_label(moment) == "UTC-03:00"


async def test_the_dais_shows_the_header(tmp_path, programme):
    from dais.console.app import make_app
    from dais.screens.header import MeetingHeader

    clock = FakeClock(TUESDAY)
    meeting = await Meeting.open(tmp_path / "h.dais", programme, clock=clock)
    await meeting.rehearse()
    app = make_app(meeting, clock=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#header", MeetingHeader)
        text = " ".join(str(s.render()) for s in header.query("Static"))
        assert "REHEARSAL" in text and "Palais des Nations" in text
        assert "Tue 10 Mar 2026" in text and "14:02 CET" in text
    await meeting.close()


# -- "Starts ~" ---------------------------------------------------------------------------

def test_the_blend_moves_from_the_limit_to_the_measured_mean():
    assert blended([], 180) == 180
    assert blended([120], 180) == pytest.approx((120 + 4 * 180) / 5)
    assert blended([120] * 5, 180) == 120
    assert blended([100, 140] * 5, 180) == 120


async def test_estimates_grow_with_position_and_follow_each_category_s_pace(meeting, clock):
    await meeting.advance_item("panel-1")
    states = ["KEN", "MEX", "BRA", "ARG", "CHL", "EGY"]
    for pid in states:
        await meeting.request_floor(pid)
    for _ in states:  # each Member State speaks for one minute
        await meeting.give_floor()
        clock.advance(60)
        await meeting.end_floor()
    await meeting.request_floor("PSE")  # an observer State: none has spoken yet
    for pid in ["FRA", "DEU", "JPN"]:
        await meeting.request_floor(pid)
    rows, forecast = queue_rows(meeting.state, clock())
    starts = [row.estimated_start for row in rows]
    assert all(b > a for a, b in zip(starts, starts[1:]))  # never flat
    ends = starts[1:] + [forecast.predicted_end]
    lengths = [(row.participant.category, end - row.estimated_start) for row, end in zip(rows, ends)]
    expected = {Category.MEMBER_STATE: 60,  # six have spoken: their pace
                Category.OBSERVER_STATE: meeting.state.item.floor_limit}  # none yet: the limit
    assert sorted(c.value for c, _ in lengths) == ["member_state"] * 3 + ["observer_state"]
    assert all(length == pytest.approx(expected[category]) for category, length in lengths)


async def test_the_web_views_state_says_rehearsal_and_the_day(tmp_path, programme):
    from dais.console.web.live import live_state

    meeting = await Meeting.open(tmp_path / "w.dais", programme, clock=FakeClock(TUESDAY))
    assert live_state("w", meeting.state, TUESDAY).rehearsal is False
    await meeting.rehearse()
    state = live_state("w", meeting.state, TUESDAY)
    assert state.rehearsal and state.date == "Tue 10 Mar 2026 · day 1 of 2"
    assert state.venue == programme.meeting.venue
    await meeting.close()


async def test_on_the_last_item_of_the_day_the_dais_offers_to_adjourn(tmp_path, programme):
    from dais.console.app import make_app
    from dais.screens.dialogs import Pick

    monday = dt.date(2026, 11, 23)
    clock = FakeClock(at(monday, 17, 55))
    meeting = await Meeting.open(tmp_path / "a.dais", programme, clock=clock)
    await meeting.move_to(monday)
    await meeting.advance_item("closing-1")  # the last item of day 1
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Pick)
        await pilot.press("enter")  # the first choice: adjourn until the next day's first item
        await pilot.pause()
        state = meeting.state
        assert state.item.id == "dialogue" and "dialogue" not in state.item_started
        adjourned = meeting.entries[-1].event
        assert adjourned.type == "item_advanced" and adjourned.adjourned
    await meeting.close()


async def test_the_dais_says_when_today_is_not_a_day_of_the_programme(tmp_path, programme, monkeypatch):
    from dais.console.app import make_app

    monkeypatch.setenv("DAIS_HOME", str(tmp_path))  # the meeting is then named by its bare name
    clock = FakeClock(TUESDAY)
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme, clock=clock)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#header")
        text = " ".join(str(s.render()) for s in header.query("Static"))
        assert "NOT TODAY: programme of 8 to 9 May 2017; re-date it: dais open geneva --on 2026-03-10" in (
            text)
    await meeting.close()


# -- the adjournment offered when the day's last item is over ----------------------------------

def due(meeting, now):
    """console/room/calendar.py adjournment_due over the meeting's state, as Session.adjournment_due asks it."""
    state = meeting.state
    return adjournment_due(state.programme, state.item, now, floor_taken=bool(state.floor),
                           waiting=len(state.waiting()),
                           spoken=any(i.item_id == state.item.id for i in state.interventions.values()))


async def test_the_adjournment_is_due_once_the_day_s_last_item_is_over(tmp_path, programme):
    monday = dt.date(2026, 11, 23)
    clock = FakeClock(at(monday, 17, 51))
    meeting = await Meeting.open(tmp_path / "due.dais", programme, clock=clock)
    await meeting.move_to(monday)
    assert due(meeting, clock()) is None  # the opening: not the day's last item
    await meeting.advance_item("closing-1")  # 17:50-18:00, the last item of day 1
    assert due(meeting, clock()) is None  # nobody has spoken, not yet 18:00
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    clock.advance(60)
    assert due(meeting, clock()) is None  # Kenya is speaking
    await meeting.request_floor("MEX")
    await meeting.end_floor()
    assert due(meeting, clock()) is None  # Mexico is waiting
    await meeting.give_floor()
    clock.advance(60)
    await meeting.end_floor()
    following = due(meeting, clock())  # the last intervention ended, nothing waiting
    assert following is not None and following.id == "dialogue"
    await meeting.adjourn()
    assert due(meeting, clock()) is None
    await meeting.close()


async def test_the_adjournment_is_due_when_the_last_item_runs_past_its_end_unspoken(tmp_path, programme):
    monday = dt.date(2026, 11, 23)
    clock = FakeClock(at(monday, 17, 55))
    meeting = await Meeting.open(tmp_path / "late.dais", programme, clock=clock)
    await meeting.move_to(monday)
    await meeting.advance_item("closing-1")
    assert due(meeting, clock()) is None
    clock.now = at(monday, 18, 0)
    assert due(meeting, clock()).id == "dialogue"
    await meeting.request_floor("KEN")  # someone asks for the floor after all: nothing is offered
    assert due(meeting, clock()) is None
    await meeting.close()


async def test_the_dais_shows_the_adjournment_notice_once_with_its_key(tmp_path, programme):
    from dais.console.app import make_app

    monday = dt.date(2026, 11, 23)
    clock = FakeClock(at(monday, 17, 55))
    meeting = await Meeting.open(tmp_path / "notice.dais", programme, clock=clock)
    await meeting.move_to(monday)
    await meeting.advance_item("closing-1")
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.2)
        assert not [n for n in app._notifications if "adjourn" in n.message]
        assert app.screen.session.adjournment_due is None
        clock.now = at(monday, 18, 1)
        await pilot.pause(0.3)  # a few ticks: the notice is shown once
        offers = [n.message for n in app._notifications if "adjourn" in n.message]
        assert offers == ["The day's last item is over. Press a to adjourn until Tue 24 Nov 09:00: "
                          "Informal dialogue of the co-facilitators with stakeholders."]
        assert app.screen.session.adjournment_due.id == "dialogue"
    await meeting.close()
