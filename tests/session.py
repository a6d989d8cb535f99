"""A scripted session of the first informal thematic session, for export and forecast tests."""

from __future__ import annotations

from dais.console.floor.meeting import Meeting
from dais.models import Category


async def run_panel_session(meeting: Meeting, clock) -> None:
    """Opening remarks, Panel 1 with its panel and a floor discussion, then the lunch break."""
    programme = meeting.programme
    opening = programme.item("opening")
    for person in opening.people:
        await meeting.give_floor_to_panel(person)
        clock.advance(290)
    await meeting.end_floor()
    clock.advance(60)
    # Requests come in during the opening remarks and the presentations.
    picum = await meeting.add_participant("PICUM", Category.STAKEHOLDER)
    nhri = await meeting.add_participant("Commission nationale consultative des droits de l'homme", Category.NHRI)
    for pid, group in [("KEN", None), ("VAT", None), ("MEX", None), ("EGY", "African Group"), ("IOM", None),
                       ("PSE", None), (picum.id, None), ("EU", None), ("UNHCR", None), (nhri.id, None),
                       ("BRA", None), ("CHE", None)]:
        await meeting.request_floor(pid, group)
    await meeting.advance_item("panel-1")
    panel = programme.item("panel-1").people
    await meeting.give_floor_to_panel(panel[0])  # moderator opens
    clock.advance(400)
    for panellist in panel[1:]:
        await meeting.give_floor_to_panel(panellist)
        clock.advance(380)
    lengths = [170, 200, 150, 185, 120]
    for seconds in lengths:
        await meeting.give_floor()
        clock.advance(seconds)
    # The panel is due to respond; one panellist answers.
    await meeting.give_floor_to_panel(panel[1])
    clock.advance(240)
    await meeting.give_floor()
    clock.advance(60)
    await meeting.point_of_order("CHL")
    clock.advance(45)
    await meeting.end_floor()
    clock.advance(100)
    await meeting.pause()
    clock.advance(30)
    await meeting.resume()
    clock.advance(40)
    given = await meeting.give_floor()
    clock.advance(175)
    await meeting.end_floor()
    # The wrong delegation was recorded; the secretary corrects it and adds a note.
    await meeting.correct(given.seq, participant_id="ARG", note="written statement submitted")
    clock.advance(20)
    await meeting.advance_item("lunch-1")
