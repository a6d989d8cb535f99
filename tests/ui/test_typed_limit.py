"""Speaking limits as the secretary types them (console.lang.typed.limit) and as a programme file writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dais.console.lang import typed
from dais.models import AgendaItem


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2", 120), ("2m", 120), ("2 min", 120), ("90s", 90), ("1:30", 90), ("1m30s", 90), (" 3:00 ", 180),
     ("10 minutes", 600), ("45 sec", 45)],
)
def test_each_written_form_reads_as_its_seconds(text: str, seconds: int) -> None:
    assert typed.limit(text) == seconds


@pytest.mark.parametrize("text", ["", "two", "1:5", "1.5", "-2", "2h", "0", "0:00", "m", "1:30s"])
def test_anything_else_is_refused_with_how_to_write_it(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        typed.limit(text)
    assert "2m" in str(refused.value) or "longer than zero" in str(refused.value)


@given(st.integers(min_value=1, max_value=600))
def test_the_forms_agree(seconds: int) -> None:
    minutes, rest = divmod(seconds, 60)
    assert typed.limit(f"{minutes}:{rest:02d}") == seconds
    assert typed.limit(f"{seconds}s") == seconds
    if minutes and not rest:
        assert typed.limit(str(minutes)) == typed.limit(f"{minutes}m") == seconds


def _item(limit: object) -> AgendaItem:
    return AgendaItem.model_validate(
        {"id": "a", "day": 1, "start": "10:00", "end": "11:00", "title": "A", "kind": "panel",
         "floor_limit": limit, "warning": 10})


def test_a_programme_file_keeps_bare_numbers_as_seconds_and_takes_the_new_forms() -> None:
    assert _item(180).floor_limit == 180  # a bare integer in TOML has always meant seconds
    assert _item("180").floor_limit == 180
    assert _item("3:00").floor_limit == _item("3m").floor_limit == _item("180s").floor_limit == 180
    with pytest.raises(ValidationError, match="2m, 90s or 1:30"):
        _item("three minutes")


async def test_the_programme_screen_reads_limits_and_panel_times_the_same_way(meeting, clock, tmp_path):
    from dais.console.app import make_app

    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("g", "down")  # Panel 1
        await pilot.press("l", *("backspace",) * 5, *"2", "enter")
        await pilot.pause()
        assert meeting.state.programme.item("panel-1").floor_limit == 120  # a bare 2 at the dais: minutes
        await pilot.press("l", *("backspace",) * 5, *"90s", "enter")
        await pilot.pause()
        assert meeting.state.programme.item("panel-1").floor_limit == 90
        await pilot.press("p", *"Ms. Stand In, panellist, 7", "enter", "enter")
        await pilot.pause()
        people = {p.name: p.time for p in meeting.state.programme.item("panel-1").people}
        assert people["Ms. Stand In"] == 420
