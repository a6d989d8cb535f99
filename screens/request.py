"""The request form: search the roster as the secretary types, optionally on behalf of a group."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dais.console.roster import Roster, negotiating_groups
from dais.models.text import clean
from dais.screens.text import plain, shown


@dataclass(frozen=True)
class RequestChoice:
    """What the form returns: a roster id, or a new name to add; and the group, if any."""

    participant_id: str | None
    new_name: str | None
    on_behalf_of: str | None


class RequestForm(ModalScreen[RequestChoice | None]):
    """Enter takes the highlighted match (the best one by default); tab moves to "on behalf of"."""

    DEFAULT_CSS = """
    RequestForm { align: center top; }
    RequestForm > Vertical { width: 76; height: auto; margin-top: 2; border: thick $primary; background: $surface; padding: 0 1; }
    RequestForm OptionList { height: auto; max-height: 10; }
    RequestForm Input { margin: 0; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "cursor(1)", "Next match", show=False),
        Binding("up", "cursor(-1)", "Previous match", show=False),
    ]

    def __init__(self, roster: Roster, title: str = "Request the floor", allow_group: bool = True) -> None:
        super().__init__()
        self.roster = roster
        self.title_text = title
        self.allow_group = allow_group

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(shown("[b]$title[/b] — name, alias, code or seat number", title=self.title_text))
            yield Input(placeholder="e.g. kenya, usa, 12, IOM", id="who")
            matches = OptionList(id="matches")
            matches.can_focus = False  # typing stays in the search field; tab goes to "on behalf of"
            yield matches
            if self.allow_group:
                yield Input(
                    placeholder="on behalf of (optional): e.g. African Group",
                    id="group",
                    suggester=SuggestFromList(negotiating_groups(), case_sensitive=False),
                )
            yield Label("[dim]enter: add · ↑↓: choose · tab: on behalf of · esc: cancel[/dim]")

    @on(Input.Changed, "#who")
    def search(self, event: Input.Changed) -> None:
        matches = self.query_one("#matches", OptionList)
        matches.clear_options()
        for match in self.roster.search(event.value, limit=8):
            p = match.participant
            seat = f" · seat {p.seat}" if p.seat else ""
            matches.add_option(Option(plain(f"{p.category.badge:<4} {p.name}{seat}"), id=p.id))
        if matches.option_count:
            matches.highlighted = 0

    def action_cursor(self, step: int) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            current = matches.highlighted or 0
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self._finish(event.option.id)

    @on(Input.Submitted)
    def submitted(self) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count and matches.highlighted is not None:
            self._finish(matches.get_option_at_index(matches.highlighted).id)
        else:
            self._finish(None)

    def _finish(self, participant_id: str | None) -> None:
        # What was typed or pasted is cleaned of control characters before it goes further.
        name = clean(self.query_one("#who", Input).value)
        if participant_id is None and not name:
            return
        group = clean(self.query_one("#group", Input).value) if self.allow_group else ""
        self.dismiss(
            RequestChoice(
                participant_id=participant_id,
                new_name=None if participant_id else name,
                on_behalf_of=group or None,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
