"""Journal events: one type per action at the dais, as a discriminated union on `type`.

An event says what the secretary did; the journal stamps it with its sequence number and
time. State is the fold of the events (console.record.fold); nothing is ever deleted, and undo is an
event of its own.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from dais.models.participant import Participant
from dais.models.programme import AgendaItem, Budget, ClockTime, Duration, FloorPolicy, PanelMember
from dais.models.text import Text


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ParticipantAdded(_Event):
    """A newcomer joins the meeting's roster (an NGO, an NHRI, ...)."""

    type: Literal["participant_added"] = "participant_added"
    participant: Participant


class ParticipantsListed(_Event):
    """The Secretariat's list of participants (dais roster import): each delegation and
    stakeholder joins the roster, or takes the place of its reference entry (a State with its
    people and seat); the meeting's lookup puts them first."""

    type: Literal["participants_listed"] = "participants_listed"
    participants: tuple[Participant, ...]
    source: Text = Field(description="The file the list came from, by name")


class SpeakerNamed(_Event):
    """Who speaks for the delegation at the floor: one of its people from the list, or a name as
    typed; None: nobody named."""

    type: Literal["speaker_named"] = "speaker_named"
    intervention: int
    person: Text | None


class SeatingSet(_Event):
    """Seat numbers for this meeting, from the alphabetical order or an imported seating list."""

    type: Literal["seating_set"] = "seating_set"
    seats: dict[str, int]


class FloorRequested(_Event):
    type: Literal["floor_requested"] = "floor_requested"
    participant_id: str
    on_behalf_of: Text | None = None
    group_id: str | None = Field(default=None, description="The known group spoken for (console/data/groups.csv); "
                                 "None when `on_behalf_of` is free text, and in journals written before groups.")
    # The row of the room's inbox (console/floor/inbox.py) the secretary took this request from: a
    # phone's or a second secretary's; an inbox row is taken once only.
    inbox: int | None = None


class RequestWithdrawn(_Event):
    type: Literal["request_withdrawn"] = "request_withdrawn"
    request: int
    inbox: int | None = None  # the delegate withdrew it from the phone (that inbox row)


class AccessCode(BaseModel):
    """A short code handed out for the room's phone page: a delegation's (at its seat, where the
    meeting has a seating list) or a second secretary's."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[A-Z0-9-]{4,16}$")
    participant_id: str | None = None  # None for a secretary's code
    seat: int | None = None
    secretary: bool = False
    # A second secretary's entries go straight into the speaking order at the dais's next look,
    # rather than waiting there for the secretary's key (`dais codes --secretaries N --confirming`).
    confirms: bool = False


class CodesIssued(_Event):
    """Codes handed out for requests from the room (`dais codes`); kept in the meeting."""

    type: Literal["codes_issued"] = "codes_issued"
    codes: tuple[AccessCode, ...]


class CodeRevoked(_Event):
    """A code no longer asks for the floor (lost, given to the wrong delegation, ...)."""

    type: Literal["code_revoked"] = "code_revoked"
    code: str


class InboxDeclined(_Event):
    """The secretary declines a request from the room's inbox, saying why; the phone shows it."""

    type: Literal["inbox_declined"] = "inbox_declined"
    inbox: int
    reason: Text


class FloorGiven(_Event):
    """The floor is given: to a waiting request, to someone on the item's panel, or out of turn.

    Giving the floor ends whatever intervention is running.
    """

    type: Literal["floor_given"] = "floor_given"
    participant_id: str
    role: Text
    allotted_s: float
    warning_s: float = 30
    request: int | None = None
    # The chair's call: a waiting request taken before its turn, or someone on the roster called
    # with no request at all. Journals written before this field fold as in turn.
    out_of_turn: bool = False
    # The person speaking for the delegation (its head from the list of participants, when it
    # names one); journals written before the list fold with nobody named.
    person: Text | None = None


class PointOfOrder(_Event):
    """GA rules 71/113: a point of order is heard at once; the current speaker's clock pauses."""

    type: Literal["point_of_order"] = "point_of_order"
    participant_id: str
    allotted_s: float
    warning_s: float = 30


class ClockPaused(_Event):
    type: Literal["clock_paused"] = "clock_paused"


class ClockResumed(_Event):
    type: Literal["clock_resumed"] = "clock_resumed"


class TimeExtended(_Event):
    type: Literal["time_extended"] = "time_extended"
    seconds: float = 30


class FloorEnded(_Event):
    type: Literal["floor_ended"] = "floor_ended"


class ListClosed(_Event):
    """GA rule 73: the list of speakers is declared closed."""

    type: Literal["list_closed"] = "list_closed"


class ListReopened(_Event):
    type: Literal["list_reopened"] = "list_reopened"


class ItemAdvanced(_Event):
    type: Literal["item_advanced"] = "item_advanced"
    to_item: str
    carry_queue: bool = True
    adjourned: bool = False  # until the next day: the item starts when its first speaker does


class ProgrammeRedated(_Event):
    """The meeting's calendar moved before it began (dais open --on / --rehearse): every item by
    the same wall-clock shift, so the intervals between items are kept (console/room/calendar.py)."""

    type: Literal["programme_redated"] = "programme_redated"
    shift_min: int
    rehearsal: bool = False


class RequestMoved(_Event):
    """The secretary moves a request up or down; the order honours it afterwards."""

    type: Literal["request_moved"] = "request_moved"
    request: int
    direction: Literal["up", "down"]


class InterventionCorrected(_Event):
    """A correction after the fact; the original stays in the journal."""

    type: Literal["intervention_corrected"] = "intervention_corrected"
    intervention: int
    participant_id: str | None = None
    started_at: float | None = None
    ended_at: float | None = None
    note: Text | None = None


class FloorLimitChanged(_Event):
    """The floor limit for the rest of an item (e.g. 3 to 2 minutes); applies from the next intervention."""

    type: Literal["floor_limit_changed"] = "floor_limit_changed"
    item: str
    floor_limit: Duration


class ItemEndMoved(_Event):
    type: Literal["item_end_moved"] = "item_end_moved"
    item: str
    end: ClockTime


class ItemAdded(_Event):
    """A new item (an informal dialogue, a right of reply at the end of the day, ...) after another."""

    type: Literal["item_added"] = "item_added"
    item: AgendaItem
    after: str


class PanelMemberSet(_Event):
    """Add someone to an item's panel, or put them in place of someone."""

    type: Literal["panel_member_set"] = "panel_member_set"
    item: str
    member: PanelMember
    replaces: Text | None = None  # the replaced member's name


class FloorPolicyChanged(_Event):
    type: Literal["floor_policy_changed"] = "floor_policy_changed"
    item: str
    policy: FloorPolicy


class BudgetSet(_Event):
    """An item's budget for a category, a regional group or a delegation, set or changed live;
    it takes the place of the budget that item had for the same holder."""

    type: Literal["budget_set"] = "budget_set"
    item: str
    budget: Budget


class BudgetCleared(_Event):
    """An item's budget for a holder is lifted; its speakers have the item's limit again."""

    type: Literal["budget_cleared"] = "budget_cleared"
    item: str
    holder: tuple[str, str]  # Budget.key: ("category", "stakeholder"), ("delegation", "CHE"), ...


class ClockStepped(_Event):
    """The computer's clock stepped (a correction by hand or by NTP, a wrong time at start-up),
    seen by the dais, which keeps its own steady time: `step_s` is how far the computer's clock
    moved against it (negative: back). A mark for the record; it changes nothing in the meeting,
    and events keep their order (each is stamped no earlier than the one before)."""

    type: Literal["clock_stepped"] = "clock_stepped"
    step_s: float


class Undone(_Event):
    """Cancels an earlier event (which may itself be an undo)."""

    type: Literal["undone"] = "undone"
    target: int


Event = Annotated[
    ParticipantAdded
    | ParticipantsListed
    | SpeakerNamed
    | SeatingSet
    | FloorRequested
    | RequestWithdrawn
    | FloorGiven
    | PointOfOrder
    | ClockPaused
    | ClockResumed
    | TimeExtended
    | FloorEnded
    | ListClosed
    | ListReopened
    | ItemAdvanced
    | RequestMoved
    | InterventionCorrected
    | FloorLimitChanged
    | ItemEndMoved
    | ItemAdded
    | PanelMemberSet
    | FloorPolicyChanged
    | ProgrammeRedated
    | BudgetSet
    | BudgetCleared
    | ClockStepped
    | CodesIssued
    | CodeRevoked
    | InboxDeclined
    | Undone,
    Field(discriminator="type"),
]


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """An event as the journal holds it: its sequence number and the time it was appended."""

    seq: int
    at: float
    event: Event


EventAdapter: TypeAdapter[Event] = TypeAdapter(Event)
EventList: TypeAdapter[list[Event]] = TypeAdapter(list[Event])

_IMMUTABLE = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, enum.Enum)


def _immutable(annotation: object) -> bool:
    """Nothing in a validated value of this type can change afterwards."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _immutable(get_args(annotation)[0])
    if origin is Literal:
        return True
    if origin in (Union, types.UnionType):
        return all(_immutable(arg) for arg in get_args(annotation))
    if origin is tuple:
        return all(arg is Ellipsis or _immutable(arg) for arg in get_args(annotation))
    if origin is not None or not isinstance(annotation, type):
        return False  # list, dict, set, ...
    if issubclass(annotation, BaseModel):
        return bool(annotation.model_config.get("frozen")) and all(
            _immutable(f.annotation) for f in annotation.model_fields.values())
    return issubclass(annotation, _IMMUTABLE)


# Events of which one instance can stand for every identical body: frozen, holding nothing that
# can change (a seating list's dict or an agenda item can, so those are read once per row).
SHARED_EVENTS: frozenset[type[BaseModel]] = frozenset(
    kind for kind in get_args(get_args(Event)[0]) if _immutable(kind))


def entries_from_json(rows: Sequence[tuple[int, float, str]]) -> list[JournalEntry]:
    """Journal rows (seq, at, JSON body) to entries, every distinct body validated once and all of
    them in one pass over a JSON array. Many of a meeting's bodies repeat one another (every
    floor_ended, a delegation asking again): identical bodies share one event when it is in
    SHARED_EVENTS. Raises ValueError (ValidationError is one) or TypeError if any row cannot be
    read, without saying which: the journal then reads row by row to find it."""
    if any(type(at) is not float for _seq, at, _body in rows):
        raise TypeError("a time is not a number")
    index: dict[str, int] = {}
    slots = [index.setdefault(body, len(index)) for _seq, _at, body in rows]
    events = EventList.validate_json("[" + ",".join(index) + "]")
    if len(events) != len(index):
        raise ValueError("a body is not one JSON value")
    entries = [JournalEntry(seq, at, events[slot]) for (seq, at, _body), slot in zip(rows, slots)]
    if len(index) < len(rows):
        own = {slot for slot, event in enumerate(events) if type(event) not in SHARED_EVENTS}
        if own:  # repeated bodies of events that can change: each row reads its own
            seen: set[int] = set()
            for n, slot in enumerate(slots):
                if slot in own:
                    if slot in seen:
                        seq, at, body = rows[n]
                        entries[n] = JournalEntry(seq, at, EventAdapter.validate_json(body))
                    seen.add(slot)
    return entries
