"""Small typed modals: yes/no, pick a category, pick someone on the panel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dais.screens.dialog import Dialog
from dais.console.lang.i18n import _, category_label, gettext_noop, role_label
from dais.console.floor.rules import NEWCOMER_CATEGORIES
from dais.models import Category, PanelMember
from dais.models.programme import format_mss
from dais.models.text import clean
from dais.screens.text import plain, shown


Choice = TypeVar("Choice")


class Confirm(Dialog[bool]):
    """y confirms, n or escape cancels. The question is text (it may hold names), not markup."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 60; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Confirm Label { width: 1fr; max-height: 6; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", gettext_noop("Yes")),
        Binding("n", "answer(False)", gettext_noop("No")),
        Binding("escape", "answer(False)", gettext_noop("Cancel")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.question))
            yield Label(shown("[b]y[/b] $yes   [b]n[/b] $no", yes=_("yes"), no=_("no")))

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class Refused(Dialog[None]):
    """An action refused at once, in one line: `r` on a closed list. The letters typed after the
    key (the name, typed without looking) come here and are shown as not taken, rather than
    reaching the dais, where each letter is a command. Enter or Escape closes it."""

    DEFAULT_CSS = """
    Refused { align: center middle; }
    Refused > Vertical { width: 76; max-width: 100%; height: auto; border: thick $warning; background: $surface;
                         padding: 0 1; }
    Refused Label { width: 1fr; max-height: 4; }
    """
    BINDINGS = [Binding("escape,enter", "close", gettext_noop("Close"))]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
        self.typed = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.reason))
            yield Label("", id="typed")
            yield Label(shown("[dim]$keys[/dim]", keys=_("enter or esc: close")))

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character is not None:
            event.stop()
            self.typed = (self.typed + event.character)[-TITLE_NAME:]
            self.query_one("#typed", Label).update(shown(_("not taken: “$typed”"), typed=self.typed.strip()))

    def action_close(self) -> None:
        self.dismiss(None)


class QuitConfirm(Confirm):
    """The one guard on every way out of the dais while someone has the floor."""


class Pick(Dialog[Choice | None]):
    """Choose one of a list; enter picks, escape cancels."""

    DEFAULT_CSS = """
    Pick { align: center middle; }
    Pick > Vertical { width: 70; max-width: 100%; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    Pick Label { width: 1fr; max-height: 4; }
    Pick OptionList { height: auto; max-height: 18; min-height: 3; }
    """
    BINDINGS = [Binding("escape", "cancel", gettext_noop("Cancel"))]

    def __init__(self, title: str, choices: Sequence[tuple[str, Choice]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(shown("[b]$title[/b]", title=self.title_text))
            yield OptionList(*[Option(plain(label), id=str(i)) for i, (label, _value) in enumerate(self.choices)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class TypedOn:
    """The secretary typed on in the category picker instead of choosing: the start of the next
    request's name ("" for r, the dais's key for a request)."""

    text: str


TITLE_NAME = 60  # characters of a name in a dialog's title; the rest is cut with "…"


def short(name: str, limit: int = TITLE_NAME) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class CategoryPick(Pick[Category | TypedOn]):
    """A newcomer's category. It takes only its own keys: ↑↓ and Enter, 1 to 5, Escape. Any other
    letter means the secretary has typed on to the next request: it goes to a new request form
    (TypedOn), and the dais asks this category again after it. Nothing typed here is lost."""

    def __init__(self, name: str) -> None:
        choices: list[tuple[str, Category | TypedOn]] = [
            (f"{n}  {category_label(category.value)}", category) for n, category in enumerate(NEWCOMER_CATEGORIES, 1)]
        super().__init__(_("“{name}” is not in the roster. Add it as:").format(name=short(name)), choices)

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if not event.is_printable or character is None:
            return
        event.stop()
        event.prevent_default()
        if character.isdigit() and 1 <= int(character) <= len(self.choices):
            self.dismiss(self.choices[int(character) - 1][1])
        elif not character.isdigit():
            self.dismiss(TypedOn("" if character == "r" else character))


def pick_category(name: str) -> CategoryPick:
    return CategoryPick(name)


def pick_panel(people: list[PanelMember]) -> Pick[PanelMember]:
    return Pick(
        _("Give the floor to the panel"),
        [(f"{p.name} — {role_label(p.role)} ({format_mss(p.time)})", p) for p in people],
    )


class Ask(Dialog[str | None]):
    """One line of text; enter answers, escape cancels."""

    DEFAULT_CSS = """
    Ask { align: center middle; }
    Ask > Vertical { width: 70; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    Ask Label { width: 1fr; max-height: 4; }
    """
    BINDINGS = [Binding("escape", "cancel", gettext_noop("Cancel"))]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        with Vertical():
            yield Label(shown("[b]$question[/b]", question=self.question))
            yield Input(value=self.value, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(clean(event.value))  # typed or pasted: control characters go no further

    def action_cancel(self) -> None:
        self.dismiss(None)
