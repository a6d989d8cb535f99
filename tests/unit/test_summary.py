"""The summary's sentences, in the form of the co-facilitators' summary of the first thematic session."""

from __future__ import annotations

import io

from dais.console.report.export import render, speaker_log, summary_sentences
from dais.console.room.roster import Roster
from dais.console.report.summary import counted, formal_sentence, sentences, session_name
from dais.models import AgendaItem, Category, ItemKind

# The co-facilitators' summary of the first informal thematic session (letter of 19 May 2017).
SEED = ("In total, 71 national delegations made interventions, as well as 7 UN agencies and 12 "
        "non-governmental stakeholders. Another 14 non-governmental stakeholders made oral inputs during "
        "the informal dialogue with the co-facilitators before the informal thematic session resumed on the "
        "morning of the second day.")


async def _speak(meeting, clock, ids: list[str], seconds: float = 150) -> None:
    for pid in ids:
        await meeting.request_floor(pid)
    for _ in ids:
        await meeting.give_floor()
        clock.advance(seconds)
    await meeting.end_floor()


async def test_first_thematic_session_gives_the_seed_summary_word_for_word(meeting, clock):
    reference = list(Roster.reference())
    states = [p.id for p in reference if p.category is Category.MEMBER_STATE][:71]
    agencies = [p.id for p in reference if p.category is Category.UN_SYSTEM][:7]
    assert len(states) == 71 and len(agencies) == 7
    ngos = [(await meeting.add_participant(f"Formal NGO {n}", Category.STAKEHOLDER)).id for n in range(12)]
    dialogue = [(await meeting.add_participant(f"Dialogue NGO {n}", Category.STAKEHOLDER)).id for n in range(14)]

    await meeting.advance_item("panel-1")
    await meeting.give_floor_to_panel(meeting.programme.item("panel-1").people[0])
    clock.advance(400)
    await _speak(meeting, clock, states[:40] + agencies[:3] + ngos[:5])
    await meeting.advance_item("panel-2")
    await _speak(meeting, clock, states[40:] + agencies[3:] + ngos[5:])
    await meeting.advance_item("closing-1")
    await meeting.advance_item("dialogue")
    await meeting.give_floor_to_panel(meeting.programme.item("dialogue").people[0])
    clock.advance(300)
    await _speak(meeting, clock, dialogue)
    await meeting.advance_item("welcome-2")
    await _speak(meeting, clock, states[:10])  # delegations speaking again are not counted twice

    log = speaker_log(meeting.state, as_of=clock())
    assert " ".join(summary_sentences(log)) == SEED
    informal = log.summary.by_segment.informal
    assert informal[Category.STAKEHOLDER].speakers == 14 and informal[Category.MEMBER_STATE].speakers == 0
    assert log.summary.by_segment.formal[Category.STAKEHOLDER].speakers == 12

    # Every export that carries the sentences or the segments says the same.
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(render(log, "xlsx")))
    assert [book["Summary"]["A4"].value, book["Summary"]["A5"].value] == summary_sentences(log)
    sheet = book["Interventions"]
    segment = [c.value for c in sheet[1]].index("Segment")
    outside = [row[segment].value for row in sheet.iter_rows(min_row=2)].count("Outside the formal session")
    assert outside == 14 + 1  # the fourteen, and the co-facilitator who opened the dialogue
    assert ("## Day 2, 9 May 2017: Informal dialogue of the co-facilitators with stakeholders "
            "(outside the formal session)") in (
        render(log, "md").decode())
    assert SEED in render(log, "html").decode()


def test_the_tail_is_read_from_the_programme_not_written_in(programme):
    # Move the session's resumption to the afternoon of day 2: the sentence follows.
    items = list(programme.items)
    dialogue = programme.index("dialogue")
    later = [i.model_copy(update={"start": i.start.replace(hour=15)}) if i.id == "welcome-2" else i for i in items]
    changed = programme.model_copy(update={"items": later})
    text = sentences(changed, {"member_state": 2}, {"stakeholder": 1}, [items[dialogue]])
    assert text == [
        "In total, 2 national delegations made interventions.",
        "Another 1 non-governmental stakeholder made oral inputs during the informal dialogue with the "
        "co-facilitators before the informal thematic session resumed on the afternoon of the second day."]
    # A segment marked outside the formal session counts apart too, and is named by its title.
    side = AgendaItem(id="side", day=1, start="13:00", end="14:00", title="Side event with youth",
                      kind=ItemKind.PANEL, informal=True)
    assert side.outside_formal_session
    tail = sentences(programme.model_copy(update={"items": items[:2] + [side] + items[2:]}),
                     {}, {"nhri": 1}, [side])
    assert tail == ["In total, 1 national human rights institution made oral inputs during the side event with "
                    "youth before the informal thematic session resumed on the afternoon of the first day."]
    assert session_name(programme) == "the informal thematic session"


def test_singular_plural_and_zero_counts_left_out():
    assert counted({"member_state": 1, "observer_state": 0, "un_system": 1, "stakeholder": 0}) == [
        "1 national delegation", "1 UN agency"]
    assert formal_sentence({"member_state": 1, "observer_state": 1}) == (
        "In total, 2 national delegations made interventions.")
    assert formal_sentence({"un_system": 2, "intergovernmental": 1, "stakeholder": 3}) == (
        "In total, 1 intergovernmental organization, 2 UN agencies and 3 non-governmental stakeholders "
        "made interventions.")
    assert formal_sentence({"member_state": 0, "panel": 4}) is None  # the panel is not counted
