"""Pilot tests of the dais screen: every key, asserting on the engine and on the screen."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from dais.console.room import clock as clock_mod
from dais.console.app import make_app
from dais.console.settings import HIGH_CONTRAST_THEME, Settings
from dais.screens.bigclock import BigClock
from dais.screens.dais import DaisScreen
from dais.screens.keybar import KeyBar
from dais.screens.log import SpeakerLog
from dais.screens.programme import ProgrammeScreen
from dais.screens.queue import QueueTable
from tests.pilot import request


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


def queue_ids(app):
    return [r.participant_id for r in app.meeting.state.queue()]


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def test_request_by_typing_and_see_the_order(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await request(pilot, "vatican")
        await request(pilot, "mexico")
        await request(pilot, "brazil", group="G77")
        assert queue_ids(app) == ["BRA", "KEN", "MEX", "VAT"]
        assert app.meeting.state.waiting()[-1].on_behalf_of == "Group of 77 and China"
        assert app.meeting.state.waiting()[-1].group_id == "g77"
        table = app.screen.query_one(QueueTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            "Brazil (for Group of 77 and China)", "Kenya", "Mexico", "Holy See"]
        assert "4 waiting" in str(app.screen.query_one("#queue-title", Static).render())


async def test_unknown_name_asks_its_category_once_and_joins_the_roster(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "Migrant Forum Asia")
        await pilot.press("enter")  # first choice: stakeholder
        await pilot.pause()
        assert queue_ids(app) == ["stakeholder:migrant-forum-asia"]
        assert app.meeting.roster.search("migrant forum")[0].participant.id == "stakeholder:migrant-forum-asia"


async def test_duplicate_request_is_refused_on_screen(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await request(pilot, "kenya")
        assert queue_ids(app) == ["KEN"]
        assert any("already waiting" in n.message for n in app._notifications)


async def test_next_end_pause_extend_and_the_clock_on_screen(app, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await request(pilot, "mexico")
        await pilot.press("n")
        assert app.meeting.state.speaking.participant_id == "KEN"
        clock.advance(65)
        await pilot.pause(0.1)
        assert app.screen.query_one("#countdown", BigClock).text == "1:55"
        await pilot.press("space")
        assert clock_mod.is_paused(app.meeting.state.speaking)
        assert "PAUSED" in str(app.screen.query_one("#phase-label", Static).render())
        clock.advance(100)
        await pilot.press("space")
        await pilot.press("t")
        await pilot.pause(0.1)
        assert app.screen.query_one("#countdown", BigClock).text == "2:25"
        clock.advance(160)
        await pilot.pause(0.1)
        assert app.screen.query_one("#countdown", BigClock).text == "+0:15"
        assert app.screen.query_one("#floor").has_class("-overrun")
        await pilot.press("n")
        assert app.meeting.state.speaking.participant_id == "MEX"
        await pilot.press("e")
        assert app.meeting.state.speaking is None


async def test_withdraw_highlighted_request_with_confirmation(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await request(pilot, "mexico")
        await pilot.press("down", "x")
        await pilot.press("n")  # the dialog's "no"
        assert queue_ids(app) == ["KEN", "MEX"]
        await pilot.press("x", "y")
        await pilot.pause()
        assert queue_ids(app) == ["KEN"]


async def test_point_of_order_pauses_the_speaker_and_resumes_after(app, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("n")
        clock.advance(30)
        await pilot.press("p", *"france", "enter")
        await pilot.pause()
        assert app.meeting.state.speaking.participant_id == "FRA"
        assert app.meeting.state.speaking.point_of_order
        assert "POINT OF ORDER" in str(app.screen.query_one("#role", Static).render())
        clock.advance(20)
        await pilot.press("e")
        clock.advance(10)
        reading = clock_mod.read(app.meeting.state.speaking, clock())
        assert app.meeting.state.speaking.participant_id == "KEN"
        assert reading.elapsed_s == 40 and not reading.paused


async def test_close_and_reopen_the_list(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        assert app.meeting.state.list_closed
        assert "LIST CLOSED" in str(app.screen.query_one("#queue-title", Static).render())
        await request(pilot, "kenya")
        assert queue_ids(app) == []
        await pilot.press("l")
        await request(pilot, "kenya")
        assert queue_ids(app) == ["KEN"]


async def test_the_key_bar_shows_the_keys_and_a_click_presses_one(app):
    async with app.run_test(size=(200, 30)) as pilot:
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        for shown in ("r Request", "n Next", "space Pause", "^z Undo", "? Help", "q Quit"):
            assert shown in line
        await pilot.click(KeyBar, offset=(line.index("l List") + 1, 0))
        for _ in range(100):  # the click's action awaits its journal write: wait for it, up to 5 s
            if app.meeting.state.list_closed:
                break
            await pilot.pause(0.05)
        assert app.meeting.state.list_closed
        await pilot.resize_terminal(80, 24)  # short of room: the least important keys are left out, whole
        await pilot.pause()
        narrow = str(bar.render())
        assert narrow.rstrip().endswith("? Help q Quit") and "r Request n Next" in narrow
        assert "…" not in narrow
        assert "m Mute" not in narrow and "f Panel" not in narrow


async def test_advance_item_confirms_while_someone_speaks(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert app.meeting.state.item.id == "panel-1"
        await request(pilot, "kenya")
        await pilot.press("n", "a")
        await pilot.pause()
        assert app.meeting.state.item.id == "panel-1"  # waiting for the answer
        await pilot.press("y")
        await pilot.pause()
        assert app.meeting.state.item.id == "lunch-1" and app.meeting.state.speaking is None


async def test_panel_key_gives_the_floor_with_the_role_time(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("f", "down", "enter")  # the first panellist
        await pilot.pause()
        speaking = app.meeting.state.speaking
        assert speaking.role == "panellist" and speaking.allotted_s == 420
        assert app.screen.query_one("#countdown", BigClock).text == "7:00"


async def test_panel_due_prompt_after_five_floor_interventions(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        for name in ["kenya", "mexico", "brazil", "chile", "peru", "egypt"]:
            await request(pilot, name)
        for _ in range(5):
            await pilot.press("n")
        await pilot.pause()
        assert app.meeting.state.panel_due
        assert "Panel due to respond" in str(app.screen.query_one("#programme-panel", Static).render())


async def test_undo_the_last_action(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("n")
        await pilot.press("ctrl+z")
        assert app.meeting.state.speaking is None and queue_ids(app) == ["KEN"]
        await pilot.press("ctrl+z")
        assert queue_ids(app) == []
        assert [e.event.type for e in app.meeting.entries] == ["floor_requested", "floor_given", "undone", "undone"]


async def test_move_the_highlighted_request(app):
    async with app.run_test(size=(100, 30)) as pilot:
        for name in ["kenya", "mexico", "brazil"]:
            await request(pilot, name)
        await pilot.press("down", "down", "shift+up")
        assert queue_ids(app) == ["KEN", "BRA", "MEX"]
        assert app.screen.query_one(QueueTable).selected_request == 3
        await pilot.press("shift+down")
        assert queue_ids(app) == ["KEN", "MEX", "BRA"]


async def test_log_programme_and_help_screens(app, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("n")
        clock.advance(90)
        await pilot.press("e", "s")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerLog)
        log = app.screen.query_one("#log")
        assert str(log.get_row_at(0)[1]) == "Kenya" and str(log.get_row_at(0)[7]) == "1:30"
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        assert app.screen.query_one("#programme").row_count == len(app.meeting.programme.items)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert "Keys of the dais" in app.screen.query_one("Markdown").source
        await pilot.press("escape")
        assert isinstance(app.screen, DaisScreen)


async def test_quit_confirms_while_someone_speaks(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("n", "q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("n")
        await pilot.press("q", "y")
        await pilot.pause()
        assert not app.is_running


async def test_quit_at_once_when_nobody_speaks(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_high_contrast_theme_is_remembered(app, tmp_path):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+t")
        assert app.theme == HIGH_CONTRAST_THEME
    assert Settings.load(tmp_path / "settings.json").theme == HIGH_CONTRAST_THEME


async def test_journal_failure_is_shown_and_the_state_is_what_the_journal_holds(app, meeting):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await meeting.journal._db.execute("PRAGMA query_only=1")  # the file can no longer be written
        await request(pilot, "mexico")
        assert queue_ids(app) == ["KEN"]
        assert [e.event.participant_id for e in await meeting.journal.entries()] == ["KEN"]
        assert "JOURNAL NOT SAVED" in str(app.screen.query_one("#status", Static).render())
        assert any("NOT recorded" in n.message for n in app._notifications)
        assert not any("Mexico asks" in n.message for n in app._notifications)


async def test_speaker_log_filters_corrects_and_exports(app, clock, meeting):
    async with app.run_test(size=(120, 30)) as pilot:
        for name in ["kenya", "iom", "mexico"]:
            await request(pilot, name)
        for _ in range(3):
            await pilot.press("n")
            clock.advance(100)
        await pilot.press("e", "s")
        await pilot.pause()
        log = app.screen.query_one("#log")
        assert [str(log.get_row_at(i)[1]) for i in range(3)] == ["Kenya", "Mexico", "International Organization for Migration"]
        await pilot.press("slash", *"un_system", "enter")
        await pilot.pause()
        assert log.row_count == 1
        assert "1 of 3 interventions" in str(app.screen.query_one("#log-totals", Static).render())
        await pilot.press("slash", *("backspace",) * 9, "enter")
        await pilot.pause()
        assert log.row_count == 3
        # Mexico was recorded, but Chile spoke.
        await pilot.press("down", "c", *"chile", "enter")
        await pilot.pause()
        assert str(log.get_row_at(1)[1]) == "Chile *"
        await pilot.press("o", *"written statement submitted", "enter")
        await pilot.pause()
        assert str(log.get_row_at(1)[11]) == "written statement submitted"
        await pilot.press("d", *("backspace",) * 8, *"10:03:10", "enter")  # Chile ended at 10:03:10
        await pilot.pause()
        assert str(log.get_row_at(1)[7]) == "1:30"
        await pilot.press("b", *("backspace",) * 8, *"10:05:00", "enter")  # a start after the end: refused
        await pilot.pause()
        assert any("end would come before the start" in n.message for n in app._notifications)
        kinds = [e.event.type for e in meeting.entries]
        assert kinds.count("intervention_corrected") == 3
        given = [e.event.participant_id for e in meeting.entries if e.event.type == "floor_given"]
        assert given == ["KEN", "MEX", "IOM"]  # the originals stay in the journal
        await pilot.press("x")
        await pilot.press("down", "enter")  # json
        for _ in range(50):
            await pilot.pause(0.05)
            if meeting.path.with_suffix(".json").exists():
                break
        import json

        exported = json.loads(meeting.path.with_suffix(".json").read_text())
        assert [i["speaker_id"] for i in exported["interventions"]] == ["KEN", "CHL", "IOM"]


async def test_advance_asks_to_carry_or_clear_the_queue(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "kenya")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("down", "enter")  # clear
        await pilot.pause()
        assert app.meeting.state.item.id == "panel-1" and queue_ids(app) == []
        await request(pilot, "mexico")
        await pilot.press("a", "enter")  # carry over
        await pilot.pause()
        assert app.meeting.state.item.id == "lunch-1" and queue_ids(app) == ["MEX"]


async def test_programme_screen_changes_are_journal_events(app):
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        table = app.screen.query_one("#programme")
        await pilot.press("down")  # panel-1
        await pilot.press("l", *("backspace",) * 5, *"2:00", "enter")
        await pilot.pause()
        assert app.meeting.state.programme.item("panel-1").floor_limit == 120
        assert str(table.get_row_at(1)[6]) == "2:00"
        await pilot.press("e", *("backspace",) * 5, *"13:20", "enter")
        await pilot.pause()
        await pilot.press("y")  # it now runs into lunch: confirmed first
        await pilot.pause()
        assert f"{app.meeting.state.programme.item('panel-1').end:%H:%M}" == "13:20"
        await pilot.press("o", "down", "down", "enter")
        await pilot.pause()
        assert app.meeting.state.programme.item("panel-1").policy == "order_of_request"
        await pilot.press("p", *"Ms. Stand In, panellist, 6:00", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # in place of the second person listed
        await pilot.pause()
        names = [p.name for p in app.meeting.state.programme.item("panel-1").people]
        assert "Ms. Stand In" in names and "Ms. Monami Maulik" not in names
        await pilot.press("down", "down", "down")  # closing-1
        await pilot.press("i", "down", "enter")  # right of reply
        await pilot.press("enter")  # the suggested title and times
        await pilot.pause()
        ids = [i.id for i in app.meeting.state.programme.items]
        assert ids[ids.index("closing-1") + 1] == "right-of-reply-1"
        kinds = [e.event.type for e in app.meeting.entries]
        assert kinds == ["floor_limit_changed", "item_end_moved", "floor_policy_changed", "panel_member_set",
                         "item_added"]
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert "right-of-reply-1" not in [i.id for i in app.meeting.state.programme.items]


STATES = ["kenya", "mexico", "brazil", "chile", "peru", "egypt", "india", "china", "germany", "france",
          "japan", "nigeria", "philippines", "morocco", "ecuador", "colombia", "bangladesh", "senegal",
          "turkey", "switzerland"]
OTHERS = ["holy see", "palestine", "european union", "iom", "unhcr", "ohchr", "ilo"]


async def test_a_whole_panel_of_the_first_session_from_the_keyboard(app, clock):
    """Opening remarks, the panellists, thirty requests from the floor answered in alternating
    segments, and the moderator's conclusions: keys only, checked on the screen and in the log."""
    from dais.console.report.export import speaker_log

    async with app.run_test(size=(120, 40)) as pilot:
        meeting = app.meeting

        async def panel(position: int, seconds: float) -> None:
            await pilot.press("f", *["down"] * position, "enter")
            await pilot.pause()
            clock.advance(seconds)

        # Opening: the two co-facilitators and the Secretary-General of the conference, while
        # delegations already signal that they want the floor.
        await panel(0, 290)
        for name in STATES[:10]:
            await request(pilot, name)
        await panel(1, 290)
        for name in STATES[10:] + OTHERS:
            await request(pilot, name)
        await request(pilot, "PICUM")
        await pilot.press("enter")  # a newcomer: stakeholder
        await request(pilot, "Migrant Forum in Asia")
        await pilot.press("enter")
        await request(pilot, "Commission nationale consultative des droits de l'homme")
        await pilot.press("down", "enter")  # a newcomer: NHRI
        await pilot.pause()
        await panel(2, 290)
        assert len(meeting.state.waiting()) == 30
        assert "30 waiting" in str(app.screen.query_one("#queue-title", Static).render())

        # Panel 1: confirm ending the speaker, carry the queue over; moderator and panellists.
        await pilot.press("a", "y", "enter")
        await pilot.pause()
        assert meeting.state.item.id == "panel-1" and len(meeting.state.waiting()) == 30
        for position in range(4):
            await panel(position, 400)

        # The interactive discussion: the next in line, and the panel when it is due.
        given = []
        while meeting.state.waiting():
            if meeting.state.panel_due:
                assert "Panel due to respond" in str(app.screen.query_one("#programme-panel", Static).render())
                await panel(1 + len(given) % 3, 150)
                continue
            expected = meeting.state.queue()[0].participant_id
            await pilot.press("n")
            await pilot.pause()
            assert meeting.state.speaking.participant_id == expected
            given.append(expected)
            clock.advance(170)

        # The moderator's conclusions, then the floor is closed.
        await panel(0, 300)
        await pilot.press("e")
        await pilot.pause()
        assert meeting.state.speaking is None
        assert "0 waiting" in str(app.screen.query_one("#queue-title", Static).render())

    # The EU among the major groups at the top; Member States in the order they asked, with
    # Palestine among them; the Holy See after the last of them; then agencies, NHRIs and NGOs.
    states = [meeting.roster.search(name)[0].participant.id for name in STATES]
    assert given == ["EU", *states, "PSE", "VAT", "IOM", "UNHCR", "OHCHR", "ILO",
                     "nhri:commission-nationale-consultative-des-droits-de-l-homme",
                     "stakeholder:picum", "stakeholder:migrant-forum-in-asia"]
    log = speaker_log(meeting.state)
    counts = {category.value: figures.interventions for category, figures in log.summary.by_category.items()}
    assert counts == {"member_state": 20, "observer_state": 2, "intergovernmental": 1, "un_system": 4,
                      "nhri": 1, "stakeholder": 2, "panel": 3 + 4 + 5 + 1}
    assert [i.item for i in log.interventions].count("panel-1") == 4 + 30 + 5 + 1
