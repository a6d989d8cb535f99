"""The screen's keys on one line at the bottom: Textual's Footer, as one widget.

Textual's Footer builds a widget per key, restyles each one, and rebuilds them all whenever the
focus moves. At the dais that cost 60 ms of start-up, more than the journal and the fold
together. This bar shows the same keys (the screen's bindings marked `show`) as one line of
text; a click on a key presses it, as in the Footer.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from dais.console.i18n import _
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

    def _shown_bindings(self) -> list[tuple[str, str, str]]:
        """(key as pressed, key as shown, description) for each binding shown, in order."""
        seen: set[str] = set()
        keys = []
        for binding in Binding.make_bindings(self.screen.BINDINGS):
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((binding.key, self.app.get_key_display(binding), _(binding.description)))  # English in the class
        return keys

    def text_for(self, width: int) -> str:
        """The bar's markup: spaced out when there is room, tight when there is not; when even
        that is cut, the help key comes first, since help lists them all."""
        keys = self._keys
        for gap in ("  ", " "):
            length = sum(len(shown) + 1 + len(description) for _key, shown, description in keys)
            if length + len(gap) * (len(keys) + 1) <= width:
                break
        else:
            keys = sorted(keys, key=lambda item: item[0] != "question_mark")
        parts = [
            f"[@click=app.simulate_key({key!r})][b $footer-key-foreground]{escape(shown)}[/] {escape(description)}[/]"
            for key, shown, description in keys
        ]
        return gap + gap.join(parts)

    def _show(self, width: int) -> None:
        show_text(self, Content.from_markup(self.text_for(width)))  # the keys' own names, escaped above
