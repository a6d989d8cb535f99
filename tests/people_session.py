"""A scripted morning of the first stakeholder hearing with its list of participants imported: who
spoke for each delegation, for the people, balance and webcast tests."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from zoneinfo import ZoneInfo

from dais.console.floor.meeting import Meeting
from dais.console.room.participants import parse_list

NEW_YORK = ZoneInfo("America/New_York")
# 26 July 2017, 10:00 in New York: the hearing opens.
HEARING = dt.datetime(2017, 7, 26, 10, 0, tzinfo=NEW_YORK).timestamp()
EXAMPLE = "first-stakeholder-hearing.participants.csv"


def example_list() -> bytes:
    return resources.files("dais.console.room.programmes").joinpath(EXAMPLE).read_bytes()


async def import_example(meeting: Meeting) -> None:
    listed = parse_list(example_list(), EXAMPLE, meeting.roster)
    await meeting.list_participants(listed.participants, EXAMPLE)


async def run_hearing(meeting: Meeting, clock) -> None:
    """The opening, then Panel 1's floor: States and stakeholders, a person named at the floor, a
    point of order, and a delegation that speaks twice."""
    await import_example(meeting)
    opening = meeting.programme.item("opening")
    for person in opening.people:
        await meeting.give_floor_to_panel(person)
        clock.advance(300)
    await meeting.end_floor()
    clock.advance(30)
    await meeting.advance_item("panel-1")
    ids = {p.name: p.id for p in meeting.roster}
    for name in ["Mexico", "Refugee Rights Network International", "Switzerland", "Women Crossing Borders",
                 "Anti-Trafficking Watch"]:
        await meeting.request_floor(ids[name])
        clock.advance(5)
    await meeting.give_floor()  # Women Crossing Borders etc. first: stakeholders_first
    clock.advance(170)
    await meeting.give_floor()
    clock.advance(150)
    await meeting.give_floor()
    clock.advance(60)
    await meeting.point_of_order("MEX")
    clock.advance(40)
    await meeting.end_floor()
    clock.advance(120)
    await meeting.give_floor()  # a State: its head by default
    clock.advance(175)
    await meeting.give_floor()
    clock.advance(20)
    await meeting.name_speaker("Luca Moretti")  # not the head: the secretary names who speaks
    clock.advance(160)
    await meeting.end_floor()
    clock.advance(10)
    await meeting.request_floor(ids["Mexico"])
    await meeting.give_floor()
    clock.advance(90)
    await meeting.name_speaker("Lucía Fernández Ortega")
    clock.advance(30)
    await meeting.end_floor()
