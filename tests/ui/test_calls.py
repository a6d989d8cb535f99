"""The chair's call out of turn: journaled as such, shown in the log and in every export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dais.console.app import make_app
from dais.console.lang.errors import ProcedureError
from dais.console.report.export import render, speaker_log
from dais.models import FloorGiven
from dais.models.events import EventAdapter
from dais.screens.log import SpeakerLog


async def _three_waiting(meeting) -> list[int]:
    await meeting.advance_item()  # the opening, then Panel 1
    return [(await meeting.request_floor(pid)).seq for pid in ("KEN", "CHE", "BRA")]


async def test_a_request_called_before_its_turn_is_journaled_out_of_turn(meeting, clock):
    kenya, switzerland, brazil = await _three_waiting(meeting)
    entry = await meeting.give_floor(brazil)
    assert isinstance(entry.event, FloorGiven) and entry.event.out_of_turn
    assert meeting.state.speaking.out_of_turn and meeting.state.speaking.participant_id == "BRA"
    clock.advance(60)
    first = await meeting.give_floor()  # the next in line: Kenya, in turn
    assert not first.event.out_of_turn and first.event.participant_id == "KEN"
    assert [r.id for r in meeting.state.queue()] == [switzerland]


async def test_anyone_on_the_roster_can_be_called_without_a_request(meeting, clock):
    await _three_waiting(meeting)
    entry = await meeting.call_out_of_turn("FRA")
    assert entry.event.request is None and entry.event.out_of_turn
    assert meeting.state.floor_since_panel == 1  # it counts as a floor intervention, not the panel's
    clock.advance(45)
    await meeting.end_floor()
    assert meeting.state.floor_lengths[entry.seq] == 45
    # Someone already waiting is called on their request, which leaves the queue.
    called = await meeting.call_out_of_turn("CHE")
    assert called.event.request is not None and called.event.out_of_turn
    assert [r.participant_id for r in meeting.state.queue()] == ["KEN", "BRA"]


async def test_the_panel_is_not_called_out_of_turn(meeting):
    await meeting.advance_item()
    member = meeting.state.item.people[0]
    await meeting.give_floor_to_panel(member)
    with pytest.raises(ProcedureError, match="panel"):
        await meeting.call_out_of_turn(member.id)


def test_a_journal_written_before_the_call_folds_as_in_turn():
    old = {"type": "floor_given", "participant_id": "KEN", "role": "floor", "allotted_s": 180, "request": 3}
    assert EventAdapter.validate_python(old).out_of_turn is False


async def test_the_exports_show_the_call_out_of_turn(meeting, clock):
    kenya, switzerland, brazil = await _three_waiting(meeting)
    await meeting.give_floor(brazil)
    clock.advance(90)
    await meeting.give_floor(kenya)
    clock.advance(60)
    await meeting.end_floor()
    log = speaker_log(meeting.state, clock())
    assert [(i.speaker_id, i.out_of_turn) for i in log.interventions] == [("BRA", True), ("KEN", False)]
    rows = list(csv.DictReader(io.StringIO(render(log, "csv").decode())))
    assert [(r["speaker_id"], r["out_of_turn"]) for r in rows] == [("BRA", "yes"), ("KEN", "no")]
    assert json.loads(render(log, "json"))["interventions"][0]["out_of_turn"] is True
    md = render(log, "md").decode()
    marked = [line for line in md.splitlines() if "out of turn" in line]
    assert len(marked) == 1 and "Brazil" in marked[0]
    assert "out of turn" in render(log, "html").decode()


async def test_c_on_a_queue_row_calls_it_out_of_turn_and_the_log_marks_it(meeting, clock, tmp_path):
    kenya, switzerland, brazil = await _three_waiting(meeting)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("down", "down", "c")  # the third row: Brazil
        await pilot.pause()
        assert meeting.state.speaking.participant_id == "BRA" and meeting.state.speaking.out_of_turn
        assert any("out of turn" in n.message for n in app._notifications)
        await pilot.press("C", *"France", "enter")
        await pilot.pause()
        assert meeting.state.speaking.participant_id == "FRA"
        assert meeting.entries[-1].event.out_of_turn and meeting.entries[-1].event.request is None
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerLog)
        table = app.screen.query_one("DataTable")
        speakers = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert speakers == ["Brazil (out of turn)", "France (out of turn)"]


async def test_the_documents_show_the_call_out_of_turn_and_the_budgets(meeting, clock):
    import docx
    import openpyxl

    from dais.models import Budget, RegionalGroup

    kenya, switzerland, brazil = await _three_waiting(meeting)
    await meeting.set_budget("panel-1", Budget(group=RegionalGroup.WEOG, total=300))
    await meeting.give_floor(switzerland)
    clock.advance(100)
    await meeting.end_floor()
    log = speaker_log(meeting.state, clock())
    book = openpyxl.load_workbook(io.BytesIO(render(log, "xlsx")))
    sheet = book["Interventions"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("Notes") + 1).value == "out of turn"
    document = docx.Document(io.BytesIO(render(log, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "out of turn" in cells
    assert RegionalGroup.WEOG.value in cells and "1:40" in cells and "5:00" in cells
