"""The floor: who speaks, in what role, and the large countdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, ProgressBar, Static

from dais.console import clock
from dais.console.clock import ClockPhase
from dais.console.fold import FLOOR_ROLE
from dais.console.meeting import Meeting
from dais.screens.text import plain, shown

PHASE_CLASSES = {phase: f"-{phase.value}" for phase in ClockPhase}
FLOOR_FREE = shown("[b]The floor is free[/b]")


def speaker_line(badge: str, name: str, on_behalf_of: str | None):
    """The speaker's badge and name, and the group they speak for: names as text, not markup."""
    if on_behalf_of:
        return shown("[reverse] $badge [/reverse] [b]$name[/b] · on behalf of $group",
                     badge=badge, name=name, group=on_behalf_of)
    return shown("[reverse] $badge [/reverse] [b]$name[/b]", badge=badge, name=name)


class FloorPanel(Vertical):
    """Shows the speaker at the top of the floor and their clock, read from the engine.

    It is shown four times a second: it touches only what changed, since a class change or a
    new text costs a style pass and a layout.
    """

    _shown: dict[str, object]

    def compose(self) -> ComposeResult:
        yield Static("", id="speaker")
        yield Static("", id="role")
        yield Digits("-:--", id="countdown")
        yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="progress")

    def on_mount(self) -> None:
        self._shown = {}

    def _set(self, what: str, value: object, apply) -> None:
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
        digits = self.query_one("#countdown", Digits)
        bar = self.query_one("#progress", ProgressBar)
        if speaking is None:
            self._phase("-idle")
            self._set("speaker", "free", lambda _: speaker.update(FLOOR_FREE))
            waiting = len(state.waiting())
            text = f"{waiting} waiting · press n to give the floor" if waiting else "no requests yet"
            self._set("role", text, lambda shown_: role.update(plain(shown_)))
            self._set("digits", "-:--", digits.update)
            self._set("bar", 0, lambda v: bar.update(progress=v))
            return
        participant = state.roster.get(speaking.participant_id)
        reading = clock.read(speaking, now)
        self._phase(PHASE_CLASSES[reading.phase])
        badge = participant.category.badge
        self._set("speaker", (badge, participant.name, speaking.on_behalf_of),
                  lambda shown_: speaker.update(speaker_line(*shown_)))
        label = "POINT OF ORDER" if speaking.point_of_order else (
            "from the floor" if speaking.role == FLOOR_ROLE else speaking.role)
        limit = clock.format_clock(reading.allotted_s)
        status = {
            ClockPhase.PAUSED: "  ❚❚ PAUSED",
            ClockPhase.OVERRUN: "  OVER TIME",
            ClockPhase.WARNING: "  closing",
        }.get(reading.phase, "")
        below = len(state.floor) - 1
        held = f"  ({below} paused below)" if below else ""
        self._set("role", f"{label} · limit {limit}{status}{held}", lambda shown_: role.update(plain(shown_)))
        self._set("digits", clock.format_clock(reading.remaining_s), digits.update)
        self._set("bar", round(reading.fraction_used, 3), lambda v: bar.update(progress=v))
