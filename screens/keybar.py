"""The screen's keys on one line at the bottom: Textual's Footer, as one widget.

Textual's Footer builds a widget per key, restyles each one, and rebuilds them all whenever the
focus moves. At the dais that cost 60 ms of start-up, more than the journal and the fold
together. This bar shows the same keys (the screen's bindings marked `show`) as one line of
text; a click on a key presses it, as in the Footer. A screen ranks its keys by importance
(KEY_PRIORITY, its actions most important first): in a narrow terminal, or in a language with
longer words, the bar leaves out the least important keys whole, so the keys to get help, to
leave and to run the floor are never the ones lost.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from dais.console.lang.i18n import _
from dais.screens.text import show_text


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $footer-background;
        color: $footer-description-foreground;
        link-style: none;
        link-color: $footer-description-foreground;
        link-background: transparent;
        link-style-hover: reverse;
    }
    """

    def on_mount(self) -> None:
        self._keys = self._shown_bindings()
        self._show(self.size.width)

    def on_resize(self) -> None:
        self._show(self.size.width)

    def _shown_bindings(self) -> list[Key]:
        """Each binding shown, in order, ranked by its action's place in the screen's KEY_PRIORITY
        (lower is kept longer; the keys it does not rank come after, last first)."""
        priority = list(getattr(self.screen, "KEY_PRIORITY", ()))
        seen: set[str] = set()
        keys: list[Key] = []
        for binding in Binding.make_bindings(self.screen.BINDINGS):
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            rank = priority.index(binding.action) if binding.action in priority else len(priority) + len(keys)
            shown = self.app.get_key_display(binding)
            description = _(binding.description)  # English in the class
            width = cell_len(shown) + 1 + cell_len(description)
            keys.append(Key(binding.key, shown, description, rank, width))
        return keys

    def text_for(self, width: int) -> str:
        """The bar's markup: spaced out when there is room, tight when there is not; when even
        that is too wide, the least important keys are left out whole, never cut in the middle:
        help lists them all."""
        keys = kept(self._keys, width)
        gap = "  " if sum(key.width + 2 for key in keys) <= width else " "
        parts = [
            f"[@click=app.simulate_key({key.key!r})][b $footer-key-foreground]{escape(key.shown)}[/] "
            f"{escape(key.description)}[/]"
            for key in keys
        ]
        return gap + gap.join(parts)

    def _show(self, width: int) -> None:
        show_text(self, Content.from_markup(self.text_for(width)))  # the keys' own names, escaped above


class Key(NamedTuple):
    key: str  # as pressed
    shown: str  # as shown
    description: str
    rank: int  # 0 is the most important
    width: int  # cells of "shown description"


def kept(keys: list[Key], width: int) -> list[Key]:
    """The keys that fit in `width`, a space before each, in their order: the lowest ranked are
    left out first. The most important key stays even if it alone is too wide."""
    total = sum(key.width + 1 for key in keys)
    dropped: set[int] = set()
    for key in sorted(keys, key=lambda key: key.rank, reverse=True)[:-1]:
        if total <= width:
            break
        dropped.add(key.rank)
        total -= key.width + 1
    return [key for key in keys if key.rank not in dropped]
