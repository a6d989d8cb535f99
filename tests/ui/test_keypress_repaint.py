"""What makes a keypress repaint little stays right: the queue's column widths, the floor's look in
each phase (set on four widgets, not through a class on the panel), and the request form that
shows a letter's matches in the same step as the letter."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.color import Color
from textual.widgets import Input, Label, OptionList

from dais.console.app import make_app
from dais.screens.rows import widest
from tests.pilot import request


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


@pytest.mark.parametrize("column", [
    ("1", "22", "333"),
    ("Kenya", "Côte d’Ivoire", "Türkiye"),
    ("中国", "Japan"),  # two cells a character
    ("bell\x07", "tab"),  # a control character is no cell wide
    ("",),
    (),
])
def test_the_widest_cell_is_measured_as_rich_measures_it(column):
    assert widest(column) == max(map(cell_len, column), default=0)


def look(app) -> dict[str, object]:
    floor = app.screen.query_one("#floor")
    digits = app.screen.query_one("#countdown")
    words = app.screen.query_one("#phase-label")
    return {"border": floor.styles.border_top[0], "digits": digits.styles.color, "words": words.styles.color,
            "inline": any(w.styles.inline.get_rules() for w in (floor, digits, words))}


async def test_pause_and_resume_set_the_floor_look_and_take_it_back(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await request(pilot, "kenya")
        await request(pilot, "mexico")
        await pilot.press("n")
        await pilot.pause()
        assert app.meeting.state.speaking is not None
        running = look(app)
        assert running["border"] == "round" and running["digits"] == Color.parse("#56B4E9")
        assert not running["inline"]
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.query_one("#floor").has_class("-paused")
        paused = look(app)
        assert paused["border"] == "dashed" and paused["digits"] == paused["words"] == Color.parse("#CC79A7")
        await pilot.press("space")
        await pilot.pause()
        assert look(app) == running  # the stylesheet's own look again, nothing left inline
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#floor").has_class("-idle") and not look(app)["inline"]
        assert look(app)["digits"] != running["digits"]  # the free floor's muted digits (dais.tcss)


async def test_a_letter_and_its_matches_are_shown_in_the_same_step(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        field = app.screen.query_one("#who", Input)
        field.value = "moz"  # no pause: the list and the line under it follow at once
        assert app.screen.query_one("#matches", OptionList).option_count == 1
        assert str(app.screen.query_one("#verdict", Label).render()).startswith("1 match")
        field.value = "mo"
        assert app.screen.query_one("#matches", OptionList).option_count > 1
        assert "matches — Enter takes" in str(app.screen.query_one("#verdict", Label).render())
