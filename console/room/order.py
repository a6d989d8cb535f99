"""The speaking order: who speaks next under the current item's floor policy.

Pure functions over the waiting requests; no clock and no database. A request's place is a
sort key built from the policy; a manual move gives the request a pinned key between its new
neighbours, so later requests still fall into place by the policy around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from dais.models import Category, FloorPolicy, FloorRequest, Participant

Key = tuple[float, float, float, float]


class Participants(Protocol):
    """Who is who: the roster (console.room.roster.Roster), or a plain mapping in tests."""

    def get(self, participant_id: str, /) -> Participant: ...

# GA res ES-10/23 (2024): the State of Palestine is inscribed among Member States, in the
# order in which it asks.
PALESTINE = "PSE"
# GA res 65/276 (2011): the EU is inscribed among the representatives of major groups.
EUROPEAN_UNION = "EU"

_STATES_FIRST = {
    Category.MEMBER_STATE: 0,
    Category.OBSERVER_STATE: 1,  # GA res 58/314 (2004): the Holy See after the last Member State
    Category.INTERGOVERNMENTAL: 2,
    Category.UN_SYSTEM: 3,
    Category.NHRI: 4,
    Category.STAKEHOLDER: 5,
    Category.PANEL: 6,
}

# Informal dialogues with stakeholders: stakeholders (and NHRIs) first, States welcome.
_STAKEHOLDERS_FIRST = {
    Category.STAKEHOLDER: 0,
    Category.NHRI: 0,
    Category.MEMBER_STATE: 1,
    Category.OBSERVER_STATE: 2,
    Category.INTERGOVERNMENTAL: 3,
    Category.UN_SYSTEM: 4,
    Category.PANEL: 5,
}


def rank(participant: Participant, policy: FloorPolicy) -> int:
    if policy is FloorPolicy.ORDER_OF_REQUEST:
        return 0
    table = _STATES_FIRST if policy is FloorPolicy.STATES_FIRST else _STAKEHOLDERS_FIRST
    if participant.id == PALESTINE:
        return table[Category.MEMBER_STATE]
    if participant.id == EUROPEAN_UNION and policy is FloorPolicy.STATES_FIRST:
        return table[Category.MEMBER_STATE]
    return table[participant.category]


def is_group_statement(request: FloorRequest, participant: Participant) -> bool:
    # A known group picked from the roster's groups (console/data/groups.csv) counts as much as typed text.
    return bool(request.on_behalf_of) or request.group_id is not None or participant.id == EUROPEAN_UNION


def policy_key(
    request: FloorRequest, participant: Participant, policy: FloorPolicy, spoken: Iterable[str] | set[str]
) -> Key:
    """Rank, then group statements before national ones, then first-time speakers, then order of request."""
    if policy is FloorPolicy.ORDER_OF_REQUEST:
        return (0, 0, 0, request.id)
    return (
        rank(participant, policy),
        0 if is_group_statement(request, participant) else 1,
        1 if participant.id in spoken else 0,
        request.id,
    )


def effective_key(
    request: FloorRequest, participant: Participant, policy: FloorPolicy, spoken: set[str]
) -> Key:
    if request.pin is not None and request.pin[0] == policy.value:
        return request.pin[1]
    return policy_key(request, participant, policy, spoken)


def speaking_order(
    waiting: Iterable[FloorRequest],
    participants: Participants,
    policy: FloorPolicy,
    spoken: set[str],
) -> list[FloorRequest]:
    """The waiting requests in the order the floor will be given."""
    lookup = participants.get
    return sorted(waiting, key=lambda r: (effective_key(r, lookup(r.participant_id), policy, spoken), r.id))


def pin_for_move(
    ordered: Sequence[FloorRequest],
    keys: Sequence[Key],
    request_id: int,
    direction: str,
) -> Key | None:
    """A key that puts the request one place up or down; None when it cannot move."""
    index = next((i for i, r in enumerate(ordered) if r.id == request_id), None)
    if index is None:
        return None
    if direction == "up":
        if index == 0:
            return None
        after = keys[index - 2] if index >= 2 else None
        before = keys[index - 1]
        return _between(after, before)
    if index == len(ordered) - 1:
        return None
    below = keys[index + 1]
    next_below = keys[index + 2] if index + 2 < len(ordered) else None
    return _between(below, next_below)


def _between(low: Key | None, high: Key | None) -> Key:
    """A key strictly between low and high (either may be open)."""
    if high is None:
        assert low is not None
        return (*low[:3], low[3] + 1)
    if low is None or tuple(low[:3]) != tuple(high[:3]):
        return (*high[:3], high[3] - 1)
    return (*high[:3], (low[3] + high[3]) / 2)


def reserved_seats(ordered: Sequence[FloorRequest], participants: Participants, seats: int = 2) -> set[int]:
    """The next stakeholders in line sit on the two seats marked "reserved"."""
    lookup = participants.get
    flagged: list[int] = []
    for request in ordered:
        if lookup(request.participant_id).category is Category.STAKEHOLDER:
            flagged.append(request.id)
            if len(flagged) == seats:
                break
    return set(flagged)
