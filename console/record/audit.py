"""The audit trail's questions the screens ask before a correction: what would it change?"""

from __future__ import annotations

from dataclasses import replace

from dais.console.room import clock
from dais.console.record.fold import MeetingState


def overrun_change(state: MeetingState, intervention_id: int, *, started_at: float | None = None,
                   ended_at: float | None = None) -> tuple[float, float]:
    """The intervention's overrun now and after a correction of its start or end (0 while it runs)."""
    now = state.interventions[intervention_id]
    if now.ended_at is None:
        return 0.0, 0.0
    end = ended_at if ended_at is not None else now.ended_at
    after = replace(now, started_at=started_at if started_at is not None else now.started_at, ended_at=end)
    return clock.read(now, now.ended_at).overrun_s, clock.read(after, end).overrun_s
