"""What the fold of the journal produces: floor requests and interventions."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class RequestStatus(StrEnum):
    WAITING = "waiting"
    SPOKE = "spoke"
    WITHDRAWN = "withdrawn"
    CLEARED = "cleared"


class FloorRequest(BaseModel):
    """A delegation's request for the floor; its id is the journal sequence of the request."""

    id: int
    participant_id: str
    item_id: str
    requested_at: float
    on_behalf_of: str | None = None
    status: RequestStatus = RequestStatus.WAITING
    # A manual move pins the request at a point of the policy's order (see console.order).
    pin: tuple | None = None


class Pause(BaseModel):
    started_at: float
    ended_at: float | None = None
    by_point_of_order: bool = False


class Intervention(BaseModel):
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
    pauses: list[Pause] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    corrected: bool = False
