"""A known group picked for a statement (console/data/groups.csv) travels with its id: into the
speaker log (json, csv), the web's live state, and the speaking order's group statements."""

from __future__ import annotations

import csv
import io
import json

from dais.console.report.export import render, speaker_log
from dais.console.room.order import is_group_statement
from dais.console.report.schema import generated, shipped
from dais.console.web.live import live_state, schema_text, SCHEMA_FILE
from dais.models import FloorRequest


async def test_the_group_id_is_in_the_json_and_csv_exports(meeting, clock):
    await meeting.advance_item()
    await meeting.request_floor("EGY", "African Group", "african-group")
    await meeting.request_floor("BRA", "Friends of the Chair")  # free text: no id
    await meeting.request_floor("KEN", "African Group", "african-group")
    await meeting.give_floor()
    clock.advance(60)
    await meeting.end_floor()
    await meeting.give_floor()
    clock.advance(60)
    await meeting.end_floor()
    log = json.loads(render(speaker_log(meeting.state), "json"))
    assert [(i["speaker_id"], i["on_behalf_of_group_id"]) for i in log["interventions"]
            if i["role"] == "floor"] == [("EGY", "african-group"), ("BRA", None)]
    assert [(r["speaker_id"], r["on_behalf_of_group_id"]) for r in log["requests_not_reached"]] == [
        ("KEN", "african-group")]
    rows = list(csv.DictReader(io.StringIO(render(speaker_log(meeting.state), "csv").decode("utf-8-sig"))))
    assert [r["on_behalf_of_group_id"] for r in rows if r["speaker_id"] in ("EGY", "BRA")] == ["african-group", ""]


async def test_the_group_id_is_in_the_live_state(meeting, clock):
    await meeting.advance_item()
    await meeting.request_floor("EGY", "African Group", "african-group")
    await meeting.request_floor("KEN", "African Group", "african-group")
    await meeting.request_floor("BRA", "Friends of the Chair")
    await meeting.give_floor()
    live = live_state("geneva", meeting.state, clock())
    assert live.floor.speaker.on_behalf_of_group_id == "african-group"
    assert {e.who.id: e.who.on_behalf_of_group_id for e in live.queue} == {"KEN": "african-group", "BRA": None}
    assert json.loads(live.model_dump_json(by_alias=True))["queue"][0]["who"]["on_behalf_of_group_id"]


def test_the_shipped_schemas_carry_the_group_id():
    assert "on_behalf_of_group_id" in json.dumps(shipped()) and generated() == json.dumps(shipped(), indent=2,
                                                                                         ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_a_known_group_id_makes_a_group_statement(meeting):
    egypt = meeting.state.roster.get("EGY")
    request = FloorRequest(id=1, participant_id="EGY", requested_at=0.0, item_id="x", group_id="african-group")
    assert is_group_statement(request, egypt)
    assert not is_group_statement(FloorRequest(id=2, participant_id="EGY", requested_at=0.0, item_id="x"), egypt)
