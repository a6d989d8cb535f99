"""The help screen is made from the dais's bindings: every key there, none that is not."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.widgets import Markdown

from dais.console.app import DaisApp, make_app
from dais.screens.dais import DaisScreen
from dais.screens.help import HelpScreen, explanations, keys_text


def _rows(text: str) -> dict[str, str]:
    """The help's table as {keys cell: action cell}."""
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", text, flags=re.M)
    return {keys: action for keys, action in rows[1:]}  # after the heading (the rule row has no spaces)


def test_every_key_of_the_dais_is_explained_and_nothing_else():
    bindings = [*DaisScreen.BINDINGS, *DaisApp.BINDINGS]
    rows = _rows(keys_text(bindings))
    cells = " ".join(rows)
    for binding in bindings:
        for key in binding.key.split(","):
            shown = {"question_mark": "?"}.get(key, key)
            assert f"`{shown}`" in cells, f"{key} ({binding.action}) is missing from the help"
    # one row per action (shift+up and shift+down share "move"), plus the palette
    actions = {b.action.split("(")[0] for b in bindings} | {"command_palette"}
    assert len(rows) == len(actions)
    # an explanation whose action no binding has would be a stale line of help
    assert set(explanations()) == actions
    assert "`q` / `ctrl+q` / `ctrl+c`" in rows
    assert "`C` (shift+c)" in rows and "`shift+up` / `shift+down`" in rows


def test_a_new_key_shows_in_the_help_and_an_unexplained_one_fails_loudly():
    text = keys_text([Binding("n", "next", "Next")])
    assert "| `n` | Give the floor to the next in line" in text
    try:
        keys_text([Binding("z", "something_new", "New")])
    except KeyError as missing:
        assert "something_new" in str(missing)
    else:
        raise AssertionError("an action without an explanation must not reach the help silently")


async def test_the_help_screen_shows_the_dais_keys(meeting, clock, tmp_path):
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        assert "| `ctrl+t` | Switch between the default and the high-contrast theme. |" in source
        assert "| `b` | Set, change or lift a time budget" in source
