"""The engine's actions against a real journal file, with a fake clock."""

import pytest

from dais.console.room import clock as clock_mod
from dais.console.lang.errors import ProcedureError
from dais.console.floor.forecast import programme_progress, queue_rows
from dais.console.floor.meeting import Meeting
from dais.models import Category, RequestStatus


def queue_ids(meeting):
    return [r.participant_id for r in meeting.state.queue()]


async def test_requests_are_taken_during_the_opening_and_wait_for_the_floor(meeting):
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    assert meeting.state.item.id == "opening"
    assert queue_ids(meeting) == ["KEN", "MEX"]
    assert meeting.state.requests[1].item_id == "opening"


async def test_duplicate_request_is_refused_with_the_reason(meeting):
    await meeting.request_floor("KEN")
    with pytest.raises(ProcedureError, match=r"Kenya is already waiting for the floor \(no. 1 in line\)"):
        await meeting.request_floor("KEN")
    assert len(meeting.entries) == 1


async def test_unknown_delegation_is_refused(meeting):
    with pytest.raises(ProcedureError, match="not in this meeting's roster"):
        await meeting.request_floor("XYZ")
    assert meeting.entries == []


async def test_give_floor_takes_the_next_in_line_and_times_them(meeting, clock):
    await meeting.advance_item("panel-1")
    await meeting.request_floor("IOM")
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    speaking = meeting.state.speaking
    assert speaking.participant_id == "KEN" and speaking.allotted_s == 180
    clock.advance(100)
    assert clock_mod.read(speaking, clock()).remaining_s == 80
    await meeting.give_floor()  # ends Kenya, gives IOM the floor
    assert meeting.state.interventions[speaking.id].ended_at == clock()
    assert meeting.state.speaking.participant_id == "IOM"
    assert queue_ids(meeting) == []


async def test_pause_resume_and_extension(meeting, clock):
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    clock.advance(20)
    await meeting.toggle_pause()
    clock.advance(100)
    await meeting.toggle_pause()
    clock.advance(10)
    await meeting.extend()
    reading = clock_mod.read(meeting.state.speaking, clock())
    assert reading.elapsed_s == 30 and reading.paused_s == 100 and reading.remaining_s == 180
    with pytest.raises(ProcedureError, match="not paused"):
        await meeting.resume()


async def test_point_of_order_pauses_the_speaker_and_resumes_after(meeting, clock):
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    await meeting.give_floor()
    kenya = meeting.state.speaking
    clock.advance(60)
    await meeting.point_of_order("BRA")
    assert meeting.state.speaking.point_of_order and meeting.state.speaking.participant_id == "BRA"
    clock.advance(45)
    assert clock_mod.read(kenya, clock()).phase is clock_mod.ClockPhase.PAUSED
    await meeting.end_floor()
    assert meeting.state.speaking is kenya
    clock.advance(30)
    reading = clock_mod.read(kenya, clock())
    assert reading.elapsed_s == 90 and reading.paused_s == 45 and not reading.paused
    assert queue_ids(meeting) == ["MEX"]


async def test_point_of_order_taken_when_the_list_is_closed(meeting):
    await meeting.close_list()
    with pytest.raises(ProcedureError, match="list of speakers is closed"):
        await meeting.request_floor("KEN")
    await meeting.point_of_order("KEN")
    assert meeting.state.speaking.participant_id == "KEN"
    await meeting.reopen_list()
    await meeting.request_floor("MEX")
    assert queue_ids(meeting) == ["MEX"]


async def test_withdrawal(meeting):
    first = await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    await meeting.withdraw(first.seq)
    assert queue_ids(meeting) == ["MEX"]
    assert meeting.state.requests[first.seq].status is RequestStatus.WITHDRAWN
    with pytest.raises(ProcedureError):
        await meeting.withdraw(first.seq)


async def test_undo_is_a_new_event_and_restores_the_floor(meeting, clock):
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    await meeting.give_floor()
    clock.advance(50)
    await meeting.give_floor()  # Mexico
    await meeting.undo()  # Kenya has the floor again, Mexico waits
    assert meeting.state.speaking.participant_id == "KEN"
    assert meeting.state.speaking.ended_at is None
    assert queue_ids(meeting) == ["MEX"]
    await meeting.undo()  # nobody speaks; Kenya waits again
    assert meeting.state.speaking is None
    assert queue_ids(meeting) == ["KEN", "MEX"]
    assert [e.event.type for e in meeting.entries][-2:] == ["undone", "undone"]
    assert len(meeting.entries) == 6


async def test_manual_move_is_recorded_and_honoured(meeting):
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    third = await meeting.request_floor("BRA")
    await meeting.move(third.seq, "up")
    assert queue_ids(meeting) == ["KEN", "BRA", "MEX"]
    await meeting.request_floor("CHL")
    assert queue_ids(meeting) == ["KEN", "BRA", "MEX", "CHL"]
    with pytest.raises(ProcedureError, match="already first"):
        await meeting.move(1, "up")


async def test_panel_is_due_after_five_floor_interventions_and_panel_turns_leave_the_queue(meeting, programme):
    await meeting.advance_item("panel-1")
    for pid in ["KEN", "MEX", "BRA", "CHL", "PER", "ARG", "EGY"]:
        await meeting.request_floor(pid)
    for _ in range(4):
        await meeting.give_floor()
    assert not meeting.state.panel_due
    await meeting.give_floor()
    assert meeting.state.panel_due
    panellist = programme.item("panel-1").people[1]
    await meeting.give_floor_to_panel(panellist)
    assert meeting.state.speaking.role == "panellist" and meeting.state.speaking.allotted_s == 420
    assert not meeting.state.panel_due
    assert queue_ids(meeting) == ["ARG", "EGY"]


async def test_roles_get_their_set_times(meeting, programme):
    opening = programme.item("opening")
    await meeting.give_floor_to_panel(opening.people[0])
    assert meeting.state.speaking.allotted_s == 300
    await meeting.advance_item("summary")
    await meeting.give_floor_to_panel(programme.item("summary").people[3])
    assert meeting.state.speaking.role == "thematic expert" and meeting.state.speaking.allotted_s == 900


async def test_advancing_carries_or_clears_the_queue(meeting):
    await meeting.request_floor("KEN")
    await meeting.advance_item()
    assert meeting.state.item.id == "panel-1" and queue_ids(meeting) == ["KEN"]
    await meeting.advance_item(carry_queue=False)
    assert queue_ids(meeting) == []
    assert meeting.state.requests[1].status is RequestStatus.CLEARED


async def test_newcomer_joins_the_roster_once(meeting):
    picum = await meeting.add_participant("PICUM", Category.STAKEHOLDER)
    await meeting.request_floor(picum.id)
    assert meeting.roster.search("picum")[0].participant.id == picum.id
    with pytest.raises(ProcedureError, match="already in the roster"):
        await meeting.add_participant("picum", Category.STAKEHOLDER)


async def test_restart_resumes_the_running_clock_where_it_would_be(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    first = await Meeting.open(path, programme, clock=clock)
    await first.request_floor("KEN")
    await first.request_floor("MEX")
    await first.give_floor()
    clock.advance(70)
    await first.close()
    clock.advance(20)  # the console was down for 20 seconds; the speaker went on
    again = await Meeting.open(path, clock=clock)
    assert again.state.speaking.participant_id == "KEN"
    assert clock_mod.read(again.state.speaking, clock()).remaining_s == 90
    assert queue_ids(again) == ["MEX"]
    await again.close()


async def test_forecast_estimates_starts_and_unreached_requests(meeting, clock):
    await meeting.advance_item("panel-1")
    clock.advance(2.5 * 3600)  # 12:30, half an hour before the item ends
    for pid in ["KEN", "MEX", "BRA", "CHL", "PER", "ARG", "EGY", "IND", "CHN", "JPN", "AUS", "NOR"]:
        await meeting.request_floor(pid)
    rows, forecast = queue_rows(meeting.state, clock())
    assert forecast.typical_s == 180
    assert rows[1].estimated_start - rows[0].estimated_start == 180
    assert forecast.unreached == 2  # 10 slots of 3 minutes in 30 minutes
    progress = programme_progress(meeting.state, clock())
    assert [p.status for p in progress[:3]] == ["done", "current", "upcoming"]


async def test_watcher_follows_the_writer(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    writer = await Meeting.open(path, programme, clock=clock)
    watcher = await Meeting.watch(path, clock=clock)
    await writer.request_floor("KEN")
    await writer.give_floor()
    assert len(await watcher.refresh()) == 2
    assert watcher.state.speaking.participant_id == "KEN"
    await writer.undo()
    await watcher.refresh()
    assert watcher.state.speaking is None and queue_ids(watcher) == ["KEN"]
    await watcher.close()
    await writer.close()
