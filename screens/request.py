"""The request form: search the roster as the secretary types, optionally on behalf of a group.

The ranking is the engine's (console/room/roster.py, through `Session.lookup`); the form shows it,
says which row Enter takes, and never takes a row the secretary cannot see highlighted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dais.screens.dialog import Dialog
from dais.console.lang.i18n import _, gettext_noop, group_name, ngettext, participant_name
from dais.models.text import clean
from dais.screens.text import plain, show_text, shown

if TYPE_CHECKING:
    from dais.console.room.roster import LookupContext
    from dais.console.session import Session


class SearchField(Input):
    """The search field: the form searches as its value changes, in the same step as the key, so
    the letter and its matches are drawn in one frame. (On Input.Changed, a message later, the
    letter was drawn alone first and the matches waited for the next frame, up to 1/60 s more.)"""

    def __init__(self, search: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._search = search

    def watch_value(self, value: str) -> None:
        self._search(value)


@dataclass(frozen=True)
class RequestChoice:
    """What the form returns: a roster id, or a new name to add; and the group, if any: a known
    group's id with its name, or free text (group_id None)."""

    participant_id: str | None
    new_name: str | None
    on_behalf_of: str | None
    group_id: str | None = None


class RequestForm(Dialog[RequestChoice | None]):
    """Enter takes the highlighted match, and the line under the list names it; tab moves to "on behalf of"."""

    DEFAULT_CSS = """
    RequestForm { align: center top; }
    RequestForm > Vertical { width: 76; max-width: 100%; height: auto; margin-top: 2; border: thick $primary;
                             background: $surface; padding: 0 1; }
    RequestForm OptionList { height: auto; max-height: 10; }
    RequestForm OptionList > .option-list--option-highlighted { text-style: bold reverse; }
    RequestForm Input { margin: 0; }
    RequestForm #verdict, RequestForm #group-verdict { color: $text-muted; height: 1; width: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", gettext_noop("Cancel")),
        Binding("down", "cursor(1)", gettext_noop("Next match"), show=False),
        Binding("up", "cursor(-1)", gettext_noop("Previous match"), show=False),
    ]

    def __init__(self, session: Session, title: str | None = None, allow_group: bool = True, typed: str = "") -> None:
        super().__init__()
        self.session = session
        self.typed = typed  # the start of the name, typed before the form was open
        self.title_text = title if title is not None else _("Request the floor")
        self.allow_group = allow_group
        self._total = 0
        self._listed: list[tuple[str, str]] = []  # the rows in the list: (participant id, text)
        self._ranking_context: LookupContext | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(shown("[b]$title[/b] — $hint", title=self.title_text, hint=_("name, alias, code or seat number")))
            yield SearchField(self.search, placeholder="e.g. kenya, usa, 12, IOM", id="who")
            matches = OptionList(id="matches")
            matches.can_focus = False  # typing stays in the search field; tab goes to "on behalf of"
            yield matches
            yield Label("", id="verdict")
            if self.allow_group:
                yield Input(
                    placeholder=_("on behalf of (optional): e.g. African Group, G77, EU"),
                    id="group",
                    suggester=SuggestFromList([g.name for g in self.session.groups], case_sensitive=False),
                )
                yield Label("", id="group-verdict")
            yield Label(shown("[dim]$keys[/dim]", keys=_("enter: add · ↑↓: choose · tab: on behalf of · esc: cancel")))

    def on_mount(self) -> None:
        if self.typed:
            self.query_one("#who", Input).insert_text_at_cursor(self.typed)

    def search(self, typed: str) -> None:
        """The engine's ranking of what is typed, shown; the first match highlighted."""
        matches = self.query_one("#matches", OptionList)
        if self.session.name_refusal(clean(typed).strip()) is not None:
            # Longer than any name: nothing in the roster matches it, and ranking it at every
            # letter of a paste would only slow the typing down.
            self._total = 0
            self._listed = []
            matches.clear_options()
            self._tell()
            return
        if self._ranking_context is None:  # who comes first (seated, active): the same for every letter
            self._ranking_context = self.session.lookup_context()
        ranking = self.session.lookup(typed, limit=8, context=self._ranking_context)
        self._total = ranking.total
        rows = []
        for match in ranking.matches:
            p = match.participant
            seat = " · " + _("seat {seat}").format(seat=p.seat) if p.seat else ""
            name = participant_name(p.id, p.category.value, p.name)
            rows.append((p.id, f"{p.category.badge:<4} {name}{seat}"))
        if rows != self._listed:  # a letter that leaves the same matches leaves the list alone
            self._listed = rows
            matches.set_options([Option(plain(text), id=pid) for pid, text in rows])  # one refresh
        if matches.option_count:
            matches.highlighted = 0
        self._tell()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._tell()

    def _tell(self) -> None:
        """The line under the list: what Enter will do, in words."""
        matches = self.query_one("#matches", OptionList)
        typed = clean(self.query_one("#who", Input).value).strip()
        verdict = self.query_one("#verdict", Label)
        if not typed:
            said = Content("")
        elif (too_long := self.session.name_refusal(typed)) is not None:
            said = shown("[b $error]$refusal[/]", refusal=too_long)
        elif not matches.option_count or matches.highlighted is None:
            said = shown(_("No match — Enter adds [b]$name[/b] as a newcomer"), name=typed)
        else:
            pid = matches.get_option_at_index(matches.highlighted).id or ""
            name = participant_name(pid, None, self.session.roster.name(pid))
            if self._total == 1:
                said = shown(_("1 match — Enter takes [b]$name[/b]"), name=name)
            else:
                said = shown(_("$count matches — Enter takes [b reverse] $name [/] (highlighted; ↑↓ to choose)"),
                             count=self._total, name=name)
        show_text(verdict, said)  # told again on each highlight: a repaint only if it says something new

    @on(Input.Changed, "#group")
    def group_typed(self, event: Input.Changed) -> None:
        text = clean(event.value).strip()
        group = self.session.groups.resolve(text)
        verdict = self.query_one("#group-verdict", Label)
        if not text:
            verdict.update("")
        elif group is None:
            verdict.update(shown(_("[b](free text)[/b] not a known group: recorded as typed, “$text”"), text=text))
        else:
            n = len(group.members or ())
            members = ngettext("{n} member", "{n} members", n).format(n=n) if n else _("members not listed")
            verdict.update(shown("→ [b]$name[/b] ($members)", name=group_name(group.name), members=members))

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
        if participant_id is None and (too_long := self.session.name_refusal(name.strip())) is not None:
            self.notify(too_long, title=_("Not done"), severity="warning")  # the form stays, with the name
            return
        typed_group = clean(self.query_one("#group", Input).value).strip() if self.allow_group else ""
        if (too_long := self.session.name_refusal(typed_group)) is not None:
            self.notify(_("On behalf of: {refusal}").format(refusal=too_long), title=_("Not done"), severity="warning")
            return
        group = self.session.groups.resolve(typed_group) if typed_group else None
        self.dismiss(
            RequestChoice(
                participant_id=participant_id,
                new_name=None if participant_id else name,
                on_behalf_of=group.name if group is not None else typed_group or None,
                group_id=group.id if group is not None else None,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
