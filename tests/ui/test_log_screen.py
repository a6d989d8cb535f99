"""The speaker log screen's audit trail: marks, a row's history on one key, and asking before an overrun goes."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from dais.console.app import make_app
from dais.models import Category
from dais.screens.dialogs import Confirm
from dais.screens.history import RowHistory
from dais.screens.log import SpeakerLog


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


async def _spoken(meeting, clock, *ids_and_seconds):
    for pid, _ in ids_and_seconds:
        await meeting.request_floor(pid)
    for _, seconds in ids_and_seconds:
        await meeting.give_floor()
        clock.advance(seconds)
    await meeting.end_floor()


async def test_an_end_time_that_removes_an_overrun_asks_first(app, meeting, clock):
    await _spoken(meeting, clock, ("KEN", 200))  # 10:00:00 to 10:03:20, 0:20 over
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerLog)
        log = app.screen.query_one("#log")
        assert str(log.get_row_at(0)[9]) == "+0:20"
        await pilot.press("d", *("backspace",) * 8, *"10:03:00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "+0:20 to none" in app.screen.question and "keeps both figures" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert not any(e.event.type == "intervention_corrected" for e in meeting.entries)
        await pilot.press("d", *("backspace",) * 8, *"10:03:00", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [e.event.type for e in meeting.entries].count("intervention_corrected") == 1
        assert str(log.get_row_at(0)[9]) == "" and str(log.get_row_at(0)[1]) == "Kenya *"
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, RowHistory)
        history = str(app.screen.query_one("#history", Static).render())
        assert "End: 10:03:20 → 10:03:00" in history and "overrun 0:20 → 0:00" in history


async def test_a_shortened_end_that_keeps_no_overrun_asks_nothing(app, meeting, clock):
    await _spoken(meeting, clock, ("KEN", 100))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("s", "d", *("backspace",) * 8, *"10:01:00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerLog)
        assert [e.event.type for e in meeting.entries].count("intervention_corrected") == 1


async def test_log_shows_human_labels_and_names_as_plain_text(app, meeting, clock):
    odd = await meeting.add_participant("[b]Youth[/b] caucus", Category.STAKEHOLDER)
    await _spoken(meeting, clock, (odd.id, 60), ("KEN", 60))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        log = app.screen.query_one("#log")
        rows = [log.get_row_at(i) for i in range(2)]
        assert str(rows[1][1]) == "[b]Youth[/b] caucus"  # shown as typed, not as bold markup
        assert str(rows[1][2]) == "Non-governmental organization" and str(rows[0][2]) == "Member State"
        assert str(rows[0][4]) == "From the floor"
        await pilot.press("h")
        await pilot.pause()
        assert "No correction" in str(app.screen.query_one("#history", Static).render())
        await pilot.press("escape", "slash", *"member state", "enter")
        await pilot.pause()
        assert log.row_count == 1


async def test_a_note_is_shown_in_full_under_the_log_in_a_narrow_terminal(app, meeting, clock):
    await _spoken(meeting, clock, ("KEN", 60))
    note = "written statement submitted; the delegation asked for it to be posted on the web page"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        detail = app.screen.query_one("#log-detail", Static)
        assert not detail.display  # no note yet: no line for it
        await pilot.press("o", *note, "enter")
        await pilot.pause()
        assert detail.display and str(detail.render()) == f"Notes: {note}"
        assert detail.size.height >= 2  # wrapped to the terminal, not cut off


async def test_the_notes_line_is_in_the_interface_s_language(meeting, clock, tmp_path):
    from dais.console.lang import i18n

    await _spoken(meeting, clock, ("KEN", 60))
    with i18n.using("fr"):
        app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s", "o", *"déclaration écrite", "enter")
            await pilot.pause()
            assert str(app.screen.query_one("#log-detail", Static).render()) == "Notes : déclaration écrite"
