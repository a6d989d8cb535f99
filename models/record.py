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
    # A manual move pins the request at a point of the policy's order (see console.order).
    pin: tuple | None = None


@dataclass(slots=True)
class Pause:
    started_at: float
    ended_at: float | None = None
    by_point_of_order: bool = False


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
    ended_at: float | None = None
    extended_s: float = 0
    pauses: list[Pause] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    corrected: bool = False

