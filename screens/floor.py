"""The floor: who speaks, in what role, and the large countdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.containers import Vertical
from textual.widgets import Static

from dais.console.lang.i18n import _, ngettext, participant_name
from dais.console.lang.i18n import on_behalf_of as on_behalf
from dais.console.room import clock
from dais.console.room.clock import ClockPhase
from dais.console.record.fold import FLOOR_ROLE
from dais.console.floor.meeting import Meeting
from dais.screens.bigclock import BigClock, ClockBar
from dais.screens.text import plain, shown

PHASE_CLASSES = {phase: f"-{phase.value}" for phase in ClockPhase}

def phase_label(phase: ClockPhase, remaining: str) -> str:
    """The clock's state in words, beside its colour and its bar (issue 20: never colour alone).
    `remaining` is the engine's own reading (console.room.clock.format_clock)."""
    return {
        ClockPhase.OVERRUN: _("{remaining} OVER"),
        ClockPhase.WARNING: _("{remaining} left — WARNING"),
        ClockPhase.PAUSED: _("❚❚ PAUSED"),
        ClockPhase.ENDED: _("ended"),
    }.get(phase, _("{remaining} left")).format(remaining=remaining)


def speaker_line(badge: str, name: str, on_behalf_of: str | None, person: str | None = None) -> Content:
    """The speaker's badge and name, the group they speak for, and the person speaking for the
    delegation (from the list of participants): names as text, not markup."""
    if person:
        name = f"{name} — {person}"
    if on_behalf_of:
        return shown("[reverse] $badge [/reverse] [b]$name[/b] · $behalf",
                     badge=badge, name=name, behalf=on_behalf(on_behalf_of))
    return shown("[reverse] $badge [/reverse] [b]$name[/b]", badge=badge, name=name)


class FloorPanel(Vertical):
    """Shows the speaker at the top of the floor and their clock, read from the engine.

    It is shown four times a second: it touches only what changed, since a class change (the
    phase's look, dais.tcss) costs a style pass and a new text a layout (none for the lines of fixed height: the role and the
    phase's words, dais.tcss). The digits grow with the panel (BigClock).
    """

    _shown: dict[str, object]

    def __init__(self, *, instructions: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.instructions = instructions  # the secretary's key hints; a watcher shows none
        self.following: str | None = None
        """The next speaker's name, set by the screen from the engine's queue (None: nobody)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="speaker")
        yield Static("", id="role")
        yield BigClock("-:--", reserve=5, id="countdown")
        yield Static("", id="phase-label")
        yield ClockBar(id="progress")

    def on_mount(self) -> None:
        self._shown = {}

    def _set(self, what: str, value: object, apply: Callable[[Any], None]) -> None:
        if self._shown.get(what) != value:
            self._shown[what] = value
            apply(value)

    def _phase(self, css: str) -> None:
        def apply(new: str) -> None:  # one style pass, not one per class
            self.remove_class("-idle", *PHASE_CLASSES.values(), update=False)
            self.add_class(new)

        self._set("phase", css, apply)

    def show(self, meeting: Meeting, now: float) -> None:
        state = meeting.state
        speaking = state.speaking
        speaker = self.query_one("#speaker", Static)
        role = self.query_one("#role", Static)
        digits = self.query_one("#countdown", BigClock)
        label = self.query_one("#phase-label", Static)
        bar = self.query_one("#progress", ClockBar)
        if speaking is None:
            self._phase("-idle")
            self._set("speaker", "free", lambda _free: speaker.update(shown("[b]$free[/b]", free=_("The floor is free"))))
            waiting = len(state.waiting())
            hint = _(" · n gives the floor") if self.instructions else ""
            text = ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting) + hint if waiting \
                else _("no requests yet")
            self._set("role", text, lambda shown_: role.update(plain(shown_), layout=False))
            self._set("digits", "-:--", digits.update)
            following = _("next: {name}").format(name=self.following) if self.following else ""
            self._set("label", following, lambda shown_: label.update(plain(shown_), layout=False))
            self._set("bar", (0.0, "idle"), lambda v: bar.update(*v))
            return
        participant = state.roster.get(speaking.participant_id)
        reading = clock.read(speaking, now)
        self._phase(PHASE_CLASSES[reading.phase])
        badge = participant.category.badge
        person = participant.person(speaking.person) if speaking.person else None
        who = person.styled if person is not None else speaking.person
        self._set("speaker", (badge, participant_name(participant.id, participant.category.value, participant.name),
                              speaking.on_behalf_of, who),
                  lambda shown_: speaker.update(speaker_line(*shown_)))
        what = _("POINT OF ORDER") if speaking.point_of_order else (
            _("from the floor") if speaking.role == FLOOR_ROLE else speaking.role)
        limit = clock.format_clock(reading.allotted_s)
        below = len(state.floor) - 1
        held = "  " + ngettext("({n} paused below)", "({n} paused below)", below).format(n=below) if below else ""
        self._set("role", _("{what} · limit {limit}").format(what=what, limit=limit) + held,
                  lambda shown_: role.update(plain(shown_), layout=False))
        remaining = clock.format_clock(reading.remaining_s)
        self._set("digits", remaining, digits.update)
        self._set("label", phase_label(reading.phase, remaining),
                  lambda shown_: label.update(plain(shown_), layout=False))
        self._set("bar", (round(reading.fraction_used, 3), reading.phase.value), lambda v: bar.update(*v))
