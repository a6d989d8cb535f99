"""People's text is data, never markup: control characters stop at the models, brackets are shown.

The reported crash: a group named "Group [/]" given the floor raised MarkupError in the floor
panel, and again on every reopen. The same for "[HRW]" and "[@click=app.quit]" in newcomers'
names, notes, programme titles, seating names and corrections.
"""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import ValidationError
from textual.widgets import Label, Static

from dais.console.app import make_app
from dais.console.report.export import to_markdown, speaker_log
from dais.console.floor.meeting import Meeting
from dais.models import Category, FloorRequested, InterventionCorrected, Participant
from dais.models.events import entries_from_json
from dais.models.text import REPLACEMENT, clean
from dais.screens.dialogs import Confirm
from dais.screens.log import SpeakerLog
from dais.screens.programme import ProgrammeScreen
from dais.screens.queue import QueueTable
from tests.pilot import request

# Newcomers' names, far from every name in the roster so that none is matched instead.
MARKUP = ["Qzx [/]", "[Qzxw]", "[@click=app.quit]Qzx[/]", "[b red]Qzx", "\\[Qzx]", "$name [$error] Qzx"]


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


def shown(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


# -- the models: control characters never reach the journal ----------------------------------


@pytest.mark.parametrize("raw, kept", [
    ("Kenya", "Kenya"),
    ("Ken\x1b[31mya", "Ken[31mya"),  # ESC: a terminal would read what follows as a command
    ("Ke\x00nya\x07", "Kenya"),
    ("Ken\x9bya\x85", "Kenya"),  # C1 controls (CSI, NEL)
    ("\u202eayneK", "ayneK"),  # a right-to-left override
    ("\u2066Kenya\u2069", "Kenya"),  # isolates
    ("\u200bKenya\ufeff", "Kenya"),  # zero-width at either end
    ("Africa\tGroup\nof States", "Africa Group of States"),
    ("👩\u200d👩\u200d👧 family", "👩\u200d👩\u200d👧 family"),  # a joiner inside the text is kept
    ("Côte d’Ivoire", "Côte d’Ivoire"),
    ("[HRW]", "[HRW]"),  # brackets are text, kept as typed
])
def test_clean_drops_control_characters_and_keeps_the_rest(raw, kept):
    assert clean(raw) == kept


def test_the_models_clean_every_free_text_field():
    request = FloorRequested(participant_id="KEN", on_behalf_of="\u202eAfrican Group\x1b[2J")
    assert request.on_behalf_of == "African Group[2J"
    note = InterventionCorrected(intervention=1, note="written\x00 statement\u200b")
    assert note.note == "written statement"
    person = Participant(id="ngo:x", name="\u2066Human Rights Watch\x7f", category=Category.STAKEHOLDER,
                         aliases=("\x1bHRW",))
    assert (person.name, person.aliases) == ("Human Rights Watch", ("HRW",))


def test_an_empty_name_is_still_refused():
    with pytest.raises(ValidationError):
        Participant(id="ngo:x", name="", category=Category.STAKEHOLDER)


def test_an_old_journal_holding_control_characters_reads_clean_and_never_fails():
    rows = [(1, 0.0, '{"type": "floor_requested", "participant_id": "KEN", "on_behalf_of": "G\\u001b[31m [/]"}'),
            (2, 1.0, '{"type": "floor_requested", "participant_id": "MEX", "on_behalf_of": "\\u001b\\u202e"}')]
    entries = entries_from_json(rows)
    assert entries[0].event.on_behalf_of == "G[31m [/]"
    assert entries[1].event.on_behalf_of == REPLACEMENT  # nothing readable was left: shown as �


# -- the screens: brackets are shown as typed -------------------------------------------------


async def test_a_group_with_brackets_is_given_the_floor_and_shown_as_typed(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya", group="Group [/]")
        table = app.screen.query_one(QueueTable)
        assert table.get_row_at(0)[1] == "Kenya (for Group [/])"
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        assert app.meeting.state.speaking.on_behalf_of == "Group [/]"
        assert "Kenya · on behalf of Group [/]" in shown(app)


@pytest.mark.parametrize("name", MARKUP)
async def test_a_newcomer_named_in_markup_is_added_queued_and_given_the_floor(app, name):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, name)
        await pilot.press("enter")  # a stakeholder
        await pilot.pause()
        assert [app.meeting.roster.name(r.participant_id) for r in app.meeting.state.queue()] == [name]
        assert app.screen.query_one(QueueTable).get_row_at(0)[1] == name
        assert any(n.message == f"{name} asks for the floor" for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        assert name in shown(app)
        await pilot.press("x")  # nothing highlighted: a notice, no crash
        await pilot.press("q")  # the quit guard names the speaker
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert f"{name} has the floor" in str(app.screen.query(Label).first().render())


async def test_notes_titles_and_panel_names_in_markup_are_shown_as_text(app, clock):
    async with app.run_test(size=(120, 40)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("n")
        clock.advance(60)
        await pilot.press("e", "s")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerLog)
        await pilot.press("o", *"[HRW] said [/]", "enter")
        await pilot.pause()
        assert app.meeting.state.interventions[next(iter(app.meeting.state.interventions))].notes == [
            "[HRW] said [/]"]
        assert str(app.screen.query_one("#log").get_row_at(0)[11]) == "[HRW] said [/]"
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        await pilot.press("i", "enter")  # an informal dialogue after the current item
        await pilot.pause()
        title_field = app.screen.query_one("Input")
        title_field.value = "[@click=app.quit]Dialogue[/], 11:00-11:15"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # it overlaps Panel 1: the clash is confirmed first
        await pilot.pause()
        assert app.is_running
        titles = [item.title for item in app.meeting.state.programme.items]
        assert "[@click=app.quit]Dialogue[/]" in titles
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("Input").value = "Ms. [b]Bold[/b], panellist [/], 5:00"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # add to the panel
        await pilot.pause()
        assert app.is_running
        assert "Ms. [b]Bold[/b]" in shown(app)


async def test_a_roster_name_in_markup_is_shown_as_typed_among_the_matches(meeting, clock, tmp_path):
    await meeting.add_participant("[b]Qzx[/b] [HRW]", Category.STAKEHOLDER)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"Qzx")
        await pilot.pause()
        matches = app.screen.query_one("#matches")
        first_line = "".join(segment.text for segment in matches.render_line(0))
        assert "[b]Qzx[/b] [HRW]" in first_line
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(QueueTable).get_row_at(0)[1] == "[b]Qzx[/b] [HRW]"


async def test_a_journal_written_with_markup_and_escapes_reopens_and_shows_them_as_text(tmp_path, programme, clock):
    path = tmp_path / "old.dais"
    meeting = await Meeting.open(path, programme, clock=clock)
    await meeting.request_floor("KEN", "GROUP")
    await meeting.give_floor()
    await meeting.close()
    # As a journal written before the models cleaned text would hold it.
    with sqlite3.connect(path) as db:
        db.execute("""UPDATE events SET body = replace(body, '"GROUP"', '"Group [/]\\u001b[2J\\u202e"')""")
    reopened = await Meeting.open(path, None, clock=clock)
    app = make_app(reopened, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.is_running
            assert reopened.state.speaking.on_behalf_of == "Group [/][2J"
            assert "Kenya · on behalf of Group [/][2J" in shown(app)
            assert "\x1b" not in shown(app)
    finally:
        await reopened.close()


# -- the md export ---------------------------------------------------------------------------


async def test_the_md_export_escapes_markdown_and_html(meeting, clock):
    person = await meeting.add_participant("<script>alert(1)</script>", Category.STAKEHOLDER)
    await meeting.request_floor(person.id, "[click](https://example.org) *group* _x_")
    entry = await meeting.give_floor()
    clock.advance(60)
    await meeting.end_floor()
    await meeting.correct(entry.seq, note="<img src=x onerror=alert(1)> | pipe")
    md = to_markdown(speaker_log(meeting.state, as_of=clock())).decode()
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\[click\\](https://example.org) \\*group\\* \\_x\\_" in md
    assert "&lt;img src=x onerror=alert(1)&gt; \\| pipe" in md
