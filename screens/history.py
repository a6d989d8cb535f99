"""The history of one row of the speaker log: each correction, when it was made, what it changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from dais.screens.dialog import Dialog
from dais.console.lang.i18n import gettext_noop, _


class RowHistory(Dialog[None]):
    """Shows a row's corrections as plain text (names and notes are people's words, never markup)."""

    DEFAULT_CSS = """
    RowHistory { align: center middle; }
    RowHistory > Vertical { width: 90; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape", "close", gettext_noop("Close")), Binding("h", "close", gettext_noop("Close"))]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"), id="history-title")
            yield Static(Text("\n".join(self.lines) if self.lines else _("No correction: as first recorded.")),
                         id="history")
            yield Label(_("escape closes"))

    def action_close(self) -> None:
        self.dismiss(None)
