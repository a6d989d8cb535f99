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
    """Shows the speaker at the top of the floor and their clock, read from the engine."""

    def compose(self) -> ComposeResult:
        yield Static("", id="speaker")
        yield Static("", id="role")
        yield Digits("-:--", id="countdown")
        yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="progress")

    def show(self, meeting: Meeting, now: float) -> None:
        state = meeting.state
        speaking = state.speaking
        speaker = self.query_one("#speaker", Static)
        role = self.query_one("#role", Static)
        digits = self.query_one("#countdown", Digits)
        bar = self.query_one("#progress", ProgressBar)
        for css in PHASE_CLASSES.values():
            self.remove_class(css)
        if speaking is None:
            self.add_class("-idle")
            speaker.update("[b]The floor is free[/b]")
            waiting = len(state.waiting())
            role.update(f"{waiting} waiting · press n to give the floor" if waiting else "no requests yet")
            digits.update("-:--")
            bar.update(progress=0)
            return
        self.remove_class("-idle")
        participant = state.roster.get(speaking.participant_id)
        reading = clock.read(speaking, now)
        self.add_class(PHASE_CLASSES[reading.phase])
        badge = participant.category.badge
        behalf = f" · on behalf of {speaking.on_behalf_of}" if speaking.on_behalf_of else ""
        speaker.update(f"[reverse] {badge} [/reverse] [b]{participant.name}[/b]{behalf}")
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
        role.update(f"{label} · limit {limit}{status}{held}")
        digits.update(clock.format_clock(reading.remaining_s))
        bar.update(progress=reading.fraction_used)
