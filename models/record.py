"""What the fold of the journal produces: floor requests and interventions.

These are standard-library dataclasses, built by the fold from events that pydantic has already
validated. The fold creates and updates tens of thousands of them; as plain
slotted dataclasses a 50,000-event meeting folds well inside its 0.5 s goal, where BaseModel
construction alone took more than half of it (benchmarks/engine.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class RequestStatus(StrEnum):
    WAITING = "waiting"
    SPOKE = "spoke"
    WITHDRAWN = "withdrawn"
    CLEARED = "cleared"


@dataclass(slots=True)
class FloorRequest:
    """A delegation's request for the floor; its id is the journal sequence of the request."""

    id: int
    participant_id: str
    item_id: str
    requested_at: float
    on_behalf_of: str | None = None
    status: RequestStatus = RequestStatus.WAITING
    # A manual move pins the request at a point of the policy's order (see console.room.order).
    pin: tuple[str, tuple[float, float, float, float]] | None = None  # (policy, console.room.order.Key)
    group_id: str | None = None  # a known group's id (console/data/groups.csv); None for free text
    person: str | None = None  # who spoke for the delegation (FloorGiven.person, SpeakerNamed)

@dataclass(slots=True)
class Pause:
    started_at: float
    ended_at: float | None = None
    by_point_of_order: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """One field a correction changed, with its value before and after (journal units: ids, epoch seconds)."""

    field: str  # "participant_id", "started_at", "ended_at" or "note"
    before: str | float | None
    after: str | float | None


@dataclass(frozen=True, slots=True)
class Correction:
    """The audit trail of an intervention: a correction, when it was made and what it changed.

    The measured length and overrun are kept from both sides of the correction, so a report can
    show an overrun that a corrected end time removed.
    """

    seq: int
    at: float
    changes: tuple[Change, ...]
    duration_before_s: float | None = None
    duration_after_s: float | None = None
    overrun_before_s: float | None = None
    overrun_after_s: float | None = None


@dataclass(slots=True)
class Intervention:
    """One speaker's turn at the floor; its id is the journal sequence of the floor being given."""

    id: int
    participant_id: str
    item_id: str
    role: str
    started_at: float
    allotted_s: float
    warning_s: float = 30
    request_id: int | None = None
    on_behalf_of: str | None = None
    point_of_order: bool = False
    out_of_turn: bool = False  # the chair called this speaker before their turn (FloorGiven.out_of_turn)
    ended_at: float | None = None
    extended_s: float = 0
    pauses: list[Pause] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    corrected: bool = False
    # Never changed in place: a correction puts a new tuple here (done records are shared by copies).
    corrections: tuple[Correction, ...] = ()
    group_id: str | None = None  # a known group's id (console/data/groups.csv); None for free text
    person: str | None = None  # who spoke for the delegation (FloorGiven.person, SpeakerNamed)
