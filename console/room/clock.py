"""The intervention clock, and the one home of intervention time arithmetic: paused, floor time, overrun, slip.

Everything here is arithmetic over an Intervention and "now"; the journal holds the
timestamps, so a restarted console shows a running clock where it would be.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from dais.models import Intervention

Clock = Callable[[], float]
system_clock: Clock = time.time

STEP_S = 2.0  # the computer's clock moving this far from the dais's steady time is a step, not drift
# The time since boot, counting a suspended laptop's sleep (CLOCK_MONOTONIC stops during it, so a
# lunch with the lid closed would read as a step): Linux's CLOCK_BOOTTIME, else the monotonic clock.
_BOOTTIME = getattr(time, "CLOCK_BOOTTIME", None)


def _since_boot() -> float:
    return time.clock_gettime(_BOOTTIME) if _BOOTTIME is not None else time.monotonic()


class SteadyClock:
    """Wall-clock seconds that advance with the monotonic clock, for the life of the process.

    The computer's clock can step (corrected by hand or by NTP, an hour out after a wrong time
    zone): a speaker's time read from it would jump an hour over, or an intervention end before
    it began. This clock takes the wall time once and counts on from it steadily; `departure()`
    says how far the computer's clock has since moved from it, so the dais can say so."""

    def __init__(self, wall: Clock = time.time, steady: Clock = _since_boot) -> None:
        self._wall, self._steady = wall, steady
        self._base = wall() - steady()

    def __call__(self) -> float:
        return self._base + self._steady()

    def departure(self) -> float:
        """How far the computer's clock is from this one, in seconds (negative: behind)."""
        return self._wall() - self()

    def hold_at_least(self, moment: float) -> float:
        """Move on to `moment` if this clock is behind it (a journal whose last event is later
        than now: the computer's clock went back while the dais was closed); the seconds moved."""
        gap = moment - self()
        if gap <= 0:
            return 0.0
        self._base += gap
        return gap


class ClockPhase(StrEnum):
    RUNNING = "running"
    WARNING = "warning"
    OVERRUN = "overrun"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class ClockReading:
    elapsed_s: float
    remaining_s: float
    allotted_s: float
    paused_s: float
    phase: ClockPhase
    paused: bool

    @property
    def overrun_s(self) -> float:
        return max(0.0, -self.remaining_s)

    @property
    def fraction_used(self) -> float:
        return min(1.0, self.elapsed_s / self.allotted_s) if self.allotted_s else 1.0


def is_paused(intervention: Intervention) -> bool:
    """The intervention's clock is paused: its last pause has not ended."""
    return bool(intervention.pauses) and intervention.pauses[-1].ended_at is None


def paused_seconds(intervention: Intervention, now: float) -> float:
    """Time paused within the intervention's own span, from its start to its end (or now).

    A correction can move the start or the end past a pause; the part of a pause outside the
    span is not counted, so a pause after a corrected end counts 0 s.
    """
    end = intervention.ended_at if intervention.ended_at is not None else now
    total = 0.0
    for pause in intervention.pauses:
        stop = pause.ended_at if pause.ended_at is not None else end
        total += max(0.0, min(stop, end) - max(pause.started_at, intervention.started_at))
    return total


def floor_seconds(intervention: Intervention, now: float) -> float:
    """Speaking time: from the start to the end (or now), less the time paused."""
    end = intervention.ended_at if intervention.ended_at is not None else now
    return max(0.0, end - intervention.started_at - paused_seconds(intervention, now))


def slip_s(actual_start: float, scheduled_start: float) -> float:
    """How late an item began (negative: early)."""
    return actual_start - scheduled_start


def whole_minutes(seconds: float) -> int:
    """A slip or a lateness as it is shown and reported: to the nearest minute."""
    return round(seconds / 60)


# The countdown shows a second as gone SHOWN_EARLY_S before it is (format_clock rounds up from
# 0.001 s past it, so that clock noise never shows 3:01 at the start). The warning begins with the
# second it is shown at: with the shown 0:04, not 1 ms after it (the room's pages do the same).
SHOWN_EARLY_S = 0.001


def read(intervention: Intervention, now: float) -> ClockReading:
    paused = paused_seconds(intervention, now)
    elapsed = floor_seconds(intervention, now)
    allotted = intervention.allotted_s + intervention.extended_s
    remaining = allotted - elapsed
    paused_now = is_paused(intervention)
    if intervention.ended_at is not None:
        phase = ClockPhase.ENDED
    elif paused_now:
        phase = ClockPhase.PAUSED
    elif remaining < 0:
        phase = ClockPhase.OVERRUN
    elif remaining < intervention.warning_s + SHOWN_EARLY_S:
        phase = ClockPhase.WARNING
    else:
        phase = ClockPhase.RUNNING
    return ClockReading(elapsed, remaining, allotted, paused, phase, paused_now)


def format_clock(seconds: float) -> str:
    """3:00 counting down; +0:12 once the limit is passed."""
    if seconds < 0:
        over = int(-seconds)
        return f"+{over // 60}:{over % 60:02d}"
    whole = int(seconds + 1 - SHOWN_EARLY_S)  # a countdown shows 0:01 until the last second is gone
    return f"{whole // 60}:{whole % 60:02d}"
