"""Who speaks for the delegation at the floor: type-ahead over its people from the list of participants.

The matching is the engine's (console/room/people.py, through `Session.find_people`); the form shows
it, and Enter takes the highlighted person, or the name as typed when nobody on the list matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dais.console.lang.i18n import _, gettext_noop
from dais.models.text import clean
from dais.screens.text import plain, show_text, shown

if TYPE_CHECKING:
    from dais.console.session import Session


class PersonField(Input):
    """The name field: the list follows each letter in the same step as the key."""

    def __init__(self, form: PersonForm, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._form = form

    def watch_value(self, value: str) -> None:
        self._form.search(value)


class PersonForm(ModalScreen[str | None]):
    """Enter takes the highlighted person (or the name as typed); escape leaves the speaker as is."""

    DEFAULT_CSS = """
    PersonForm { align: center top; }
    PersonForm > Vertical { width: 76; max-width: 100%; height: auto; margin-top: 2; border: thick $primary;
                            background: $surface; padding: 0 1; }
    PersonForm OptionList { height: auto; max-height: 10; }
    PersonForm OptionList > .option-list--option-highlighted { text-style: bold reverse; }
    PersonForm #person-verdict { color: $text-muted; height: 1; width: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", gettext_noop("Cancel")),
        Binding("down", "cursor(1)", gettext_noop("Next match"), show=False),
        Binding("up", "cursor(-1)", gettext_noop("Previous match"), show=False),
    ]

    def __init__(self, session: Session, delegation: str) -> None:
        super().__init__()
        self.session = session
        self.delegation = delegation
        self._names: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(shown("[b]$title[/b]", title=_("Who speaks for {delegation}").format(delegation=self.delegation)))
            yield PersonField(self, placeholder=_("a name from the list of participants, or as spoken"), id="person")
            people = OptionList(id="people")
            people.can_focus = False  # typing stays in the field
            yield people
            yield Label("", id="person-verdict")
            yield Label(shown("[dim]$keys[/dim]", keys=_("enter: take · ↑↓: choose · esc: cancel")))

    def on_mount(self) -> None:
        self.search("")

    def search(self, typed: str) -> None:
        people = self.session.find_people(typed)
        names = [p.name for p in people]
        options = self.query_one("#people", OptionList)
        if names != self._names:
            self._names = names
            options.set_options([Option(plain(" · ".join(filter(None, (p.styled, p.function,
                                                                      _("head") if p.head else None)))), id=p.name)
                                 for p in people])
        if options.option_count:
            options.highlighted = 0
        self._tell()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._tell()

    def _tell(self) -> None:
        options = self.query_one("#people", OptionList)
        typed = clean(self.query_one("#person", Input).value).strip()
        if options.option_count and options.highlighted is not None:
            said = shown(_("Enter takes [b]$name[/b]"), name=options.get_option_at_index(options.highlighted).id or "")
        elif typed:
            said = shown(_("Not on the list — Enter records [b]$name[/b] as typed"), name=typed)
        else:
            said = shown("$none", none=_("The list of participants names nobody for this delegation: type the name"))
        show_text(self.query_one("#person-verdict", Label), said)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#people", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted)
    def submitted(self) -> None:
        options = self.query_one("#people", OptionList)
        if options.option_count and options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)
            return
        typed = " ".join(clean(self.query_one("#person", Input).value).split())
        if typed:
            self.dismiss(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
