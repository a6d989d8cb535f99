"""Small typed modals: yes/no, pick a category, pick someone on the panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dais.console.i18n import _, category_label, gettext_noop, role_label
from dais.console.rules import NEWCOMER_CATEGORIES
from dais.models import Category, PanelMember
from dais.models.programme import format_mss
from dais.models.text import clean
from dais.screens.text import plain, shown


Choice = TypeVar("Choice")


class Confirm(ModalScreen[bool]):
    """y confirms, n or escape cancels. The question is text (it may hold names), not markup."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 60; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Confirm Label { width: 1fr; }
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


class QuitConfirm(Confirm):
    """The one guard on every way out of the dais while someone has the floor."""


class Pick(ModalScreen[Choice | None]):
    """Choose one of a list; enter picks, escape cancels."""

    DEFAULT_CSS = """
    Pick { align: center middle; }
    Pick > Vertical { width: 70; max-width: 100%; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    Pick Label { width: 1fr; }
    Pick OptionList { height: auto; max-height: 18; }
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


def pick_category(name: str) -> Pick[Category]:
    return Pick(
        _("“{name}” is not in the roster. Add it as:").format(name=name),
        [(category_label(category.value), category) for category in NEWCOMER_CATEGORIES],
    )


def pick_panel(people: list[PanelMember]) -> Pick[PanelMember]:
    return Pick(
        _("Give the floor to the panel"),
        [(f"{p.name} — {role_label(p.role)} ({format_mss(p.time)})", p) for p in people],
    )


class Ask(ModalScreen[str | None]):
    """One line of text; enter answers, escape cancels."""

    DEFAULT_CSS = """
    Ask { align: center middle; }
    Ask > Vertical { width: 70; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
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
