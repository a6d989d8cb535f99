"""Changes to the programme during the session: each a journal event, undoable, exported."""

import pytest

from dais.console.lang.errors import ProcedureError
from dais.console.report.export import speaker_log
from dais.console.floor.meeting import Meeting
from dais.models import AgendaItem, FloorPolicy, PanelMember


async def test_floor_limit_change_applies_from_the_next_intervention(meeting, clock):
    await meeting.advance_item("panel-1")
    for pid in ["KEN", "MEX", "BRA"]:
        await meeting.request_floor(pid)
    await meeting.give_floor()
    await meeting.change_floor_limit("panel-1", 120)
    assert meeting.state.speaking.allotted_s == 180  # the running speaker keeps their time
    await meeting.give_floor()
    assert meeting.state.speaking.allotted_s == 120
    await meeting.undo()  # undoes giving the floor to Mexico
    await meeting.undo()  # undoes the limit change
    await meeting.give_floor()
    assert meeting.state.speaking.allotted_s == 180
    assert meeting.programme.item("panel-1").floor_limit == 180  # the original programme is untouched


async def test_moving_an_item_end_changes_the_forecast(meeting, clock):
    from dais.console.floor.forecast import queue_rows

    await meeting.advance_item("panel-1")
    clock.advance(2.5 * 3600)  # 12:30
    for pid in ["KEN", "MEX", "BRA", "CHL", "PER", "ARG", "EGY", "IND", "CHN", "JPN", "AUS", "NOR"]:
        await meeting.request_floor(pid)
    assert queue_rows(meeting.state, clock())[1].unreached == 2
    await meeting.move_item_end("panel-1", "13:10")
    assert queue_rows(meeting.state, clock())[1].unreached == 0
    with pytest.raises(ProcedureError, match="before start"):
        await meeting.move_item_end("panel-1", "10:00")


async def test_right_of_reply_item_first_ten_minutes_then_five_then_refused(meeting):
    reply = AgendaItem(id="reply-1", day=1, start="17:50", end="18:00", title="Right of reply",
                       kind="right_of_reply", floor_limit="10:00", panel_every=0)
    await meeting.add_item(reply, after="closing-1")
    assert [i.id for i in meeting.state.programme.items][4:7] == ["closing-1", "reply-1", "dialogue"]
    await meeting.advance_item("reply-1")
    for _ in range(3):
        await meeting.request_floor("ARM")
        try:
            await meeting.give_floor()
        except ProcedureError as refused:
            assert "already replied twice" in str(refused)
            break
        await meeting.end_floor()
    allotted = [i.allotted_s for i in meeting.state.interventions.values()]
    assert allotted == [600, 300]


async def test_adding_an_item_before_the_current_one_keeps_the_current_item(meeting):
    await meeting.advance_item("panel-2")
    extra = AgendaItem(id="dialogue-1", day=1, start="13:00", end="13:30", title="Informal dialogue",
                       kind="informal_dialogue", policy="stakeholders_first")
    await meeting.add_item(extra, after="panel-1")
    assert meeting.state.item.id == "panel-2"


async def test_panel_member_added_or_replaced_and_policy_changed(meeting):
    new = PanelMember(name="Ms. Stand In", role="panellist", time="6:00")
    await meeting.set_panel_member("panel-1", new, replaces="Mr. Benjamin Lewis")
    names = [p.name for p in meeting.state.programme.item("panel-1").people]
    assert "Mr. Benjamin Lewis" not in names and names[2] == "Ms. Stand In"
    await meeting.advance_item("panel-1")
    await meeting.give_floor_to_panel(meeting.state.programme.item("panel-1").people[2])
    assert meeting.state.speaking.allotted_s == 360
    await meeting.change_policy("panel-1", FloorPolicy.ORDER_OF_REQUEST)
    await meeting.request_floor("IOM")
    await meeting.request_floor("KEN")
    assert [r.participant_id for r in meeting.state.queue()] == ["IOM", "KEN"]
    with pytest.raises(ProcedureError, match="not on this panel"):
        await meeting.set_panel_member("panel-1", new, replaces="Nobody")


async def test_changes_survive_a_restart_and_show_in_the_export(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    first = await Meeting.open(path, programme, clock=clock)
    await first.change_floor_limit("panel-1", 120)
    await first.move_item_end("panel-1", "13:15")
    await first.close()
    again = await Meeting.open(path, clock=clock)
    item = again.state.programme.item("panel-1")
    assert (item.floor_limit, f"{item.end:%H:%M}") == (120, "13:15")
    log = speaker_log(again.state, as_of=clock())
    panel = next(i for i in log.items if i.id == "panel-1")
    assert panel.scheduled_end.isoformat() == "2017-05-08T13:15:00+02:00"
    await again.close()


async def test_changes_to_an_unknown_item_are_refused(meeting):
    for change in (meeting.change_floor_limit("nope", 120), meeting.move_item_end("nope", "12:00"),
                   meeting.change_policy("nope", FloorPolicy.ORDER_OF_REQUEST)):
        with pytest.raises(ProcedureError, match="there is no item 'nope'"):
            await change
    assert meeting.entries == []
