"""The floor: who speaks, in what role, and the large countdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, ProgressBar, Static

from console import clock
from console.clock import ClockPhase
from console.fold import FLOOR_ROLE
from console.meeting import Meeting

PHASE_CLASSES = {phase: f"-{phase.value}" for phase in ClockPhase}


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
            self._set("speaker", "[b]The floor is free[/b]", speaker.update)
            waiting = len(state.waiting())
            text = f"{waiting} waiting · press n to give the floor" if waiting else "no requests yet"
            self._set("role", text, role.update)
            self._set("digits", "-:--", digits.update)
            self._set("bar", 0, lambda v: bar.update(progress=v))
            return
        participant = state.roster.get(speaking.participant_id)
        reading = clock.read(speaking, now)
        self._phase(PHASE_CLASSES[reading.phase])
        badge = participant.category.badge
        behalf = f" · on behalf of {speaking.on_behalf_of}" if speaking.on_behalf_of else ""
        self._set("speaker", f"[reverse] {badge} [/reverse] [b]{participant.name}[/b]{behalf}", speaker.update)
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
        self._set("role", f"{label} · limit {limit}{status}{held}", role.update)
        self._set("digits", clock.format_clock(reading.remaining_s), digits.update)
        self._set("bar", round(reading.fraction_used, 3), lambda v: bar.update(progress=v))
