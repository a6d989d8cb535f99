"""The live state for the web: `dais.live-state/1`, built from the engine's own computations.

Every figure here comes from the engine (console.room.clock.read, console.floor.forecast.queue_rows,
console.floor.rules.right_of_reply_time); the pages only count down from the timestamps it gives.
The JSON Schema shipped beside this module (`live-state.schema.json`) is generated from these
models: `python -m dais.console.web.live > console/web/live-state.schema.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dais.console.room import clock
from dais.console.lang import i18n
from dais.console.room.clock import ClockPhase
from dais.console.record.fold import FLOOR_ROLE, MeetingState
from dais.console.floor.budgets import budget_lines, used_up_among
from dais.console.room.calendar import heading
from dais.console.floor.forecast import queue_rows
from dais.console.floor.rules import right_of_reply_time
from dais.models import AgendaItem, ItemKind, Participant

SCHEMA = "dais.live-state/1"
SCHEMA_FILE = Path(__file__).with_name("live-state.schema.json")
QUEUE_SHOWN = 50  # the rest are counted in `waiting`: a frame stays small for hundreds of viewers


class _Live(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Who(_Live):
    """Someone who has or wants the floor, with the dais's marks."""

    id: str = Field(description="Roster id: ISO3 for States, a slug for the rest.")
    name: str
    category: str = Field(description="member_state, observer_state, intergovernmental, un_system, nhri, "
                                      "stakeholder or panel.")
    badge: str = Field(description="The category's short mark: MS, OBS, IGO, UN, NHRI, NGO, PNL.")
    category_label: str
    seat: int | None = Field(description="Seat number from the seating list, if any.")
    on_behalf_of: str | None = Field(description="The group this statement is made for, if any.")
    on_behalf_of_group_id: str | None = Field(
        default=None, description="The known group's id (console/data/groups.csv) when one was picked; "
                                  "null for free text or none.")


class Floor(_Live):
    """The speaker at the top of the floor and their clock, as read at `read_at`."""

    speaker: Who
    role: str = Field(description="'from the floor', 'point of order', or a panel role.")
    point_of_order: bool
    phase: ClockPhase = Field(description="As at read_at: running, warning, overrun or paused.")
    paused: bool
    read_at: float = Field(description="Server epoch seconds at which the figures below were read.")
    allotted_s: float = Field(description="The limit, extensions included.")
    warning_s: float
    elapsed_s: float
    remaining_s: float = Field(description="At read_at; negative once over time.")
    ends_at: float | None = Field(description="Server epoch at which the time runs out; null while paused.")
    warning_at: float | None = Field(description="Server epoch at which the warning begins; null while paused.")
    paused_below: int = Field(description="Interventions held below this one (a point of order).")
    person: str | None = Field(default=None, description="Who speaks for the delegation, with their title "
                               "('H.E. Mr. Juan Pérez'), from the list of participants or as named at the dais.")
    person_function: str | None = Field(default=None, description="Their function from the list: "
                                        "'Permanent Representative'.")


class QueueEntry(_Live):
    position: int
    request: int = Field(description="The request's id (its journal sequence).")
    who: Who
    group_statement: bool = Field(description="G: a statement on behalf of a group.")
    first_time: bool = Field(description="1st: has not yet spoken on this item (R otherwise).")
    reserved_seat: bool = Field(description="SEAT: one of the two reserved stakeholder seats.")
    reply_s: int | None = Field(description="On a right-of-reply item: the time this reply will get.")
    requested_at: float
    estimated_start: float = Field(description="Forecast start, server epoch seconds.")
    budget_used_up: bool = Field(
        default=False, description="BUDGET: the speaker's time budget on this item is used up; the "
                                   "forecast still gives them their limit (the chair decides).")


class BudgetEntry(_Live):
    """A total time budget on the current item and what has been spoken of it, as at `sent_at`."""

    holder: str = Field(description="'Member States', a regional group's name, or a delegation's.")
    holder_kind: str = Field(description="category, group or delegation.")
    holder_id: str
    total_s: int
    used_s: float = Field(description="Including the speaker on the floor, counted up to now.")
    left_s: float
    used_up: bool


class Item(_Live):
    id: str
    title: str
    kind: ItemKind
    segment: str = Field(description="The item's kind in words, e.g. 'Interactive discussion'.")
    start: str = Field(description="Scheduled start, local HH:MM.")
    end: str = Field(description="Scheduled end, local HH:MM.")
    floor_limit_s: int
    warning_s: int
    takes_floor_requests: bool


class Forecast(_Live):
    typical_s: float = Field(description="Mean floor intervention so far (the limit before any).")
    floor_free_at: float
    predicted_end: float = Field(description="When the list is forecast to end, server epoch seconds.")
    scheduled_end: float
    actual_start: float | None
    slip_s: float = Field(description="How late the item began (negative: early).")
    unreached: int = Field(description="Requests forecast not to be reached before the item's end.")


class LiveState(_Live):
    """What every screen of the room is shown; `sent_at` last, written when a copy is sent."""

    schema_: str = Field(SCHEMA, alias="schema", description=f"Always {SCHEMA!r}.")
    seq: int = Field(description="The last journal sequence folded in.")
    meeting: str = Field(description="The meeting's name (its file name without .dais).")
    title: str = Field(description="The meeting's title from its programme.")
    timezone: str
    venue: str = Field(description="Where the meeting is held.")
    date: str = Field(description="The meeting day being run, e.g. 'Mon 23 Nov 2026 · day 1 of 2'.")
    rehearsal: bool = Field(description="A rehearsal (dais open --rehearse): shown as REHEARSAL.")
    notice: str | None = Field(description="A problem reading the meeting, if any; the rest is its last state.")
    item: Item
    next_item: Item | None
    panel_due: bool = Field(description="Alternating segments: the panel is due to respond.")
    list_closed: bool
    floor: Floor | None = Field(description="null when the floor is free.")
    waiting: int = Field(description="Requests waiting; the queue lists the first "
                                     f"{QUEUE_SHOWN} of them.")
    queue: list[QueueEntry]
    forecast: Forecast | None = Field(description="null on an item that takes no floor requests.")
    budgets: list[BudgetEntry] = Field(default_factory=list,
                                       description="The current item's total time budgets; empty if none.")
    sent_at: float = Field(description="Server epoch seconds when this copy was sent: with it a client "
                                       "corrects for the offset between its clock and the server's.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _segment(kind: ItemKind) -> str:
    if i18n.language() != i18n.SOURCE_LANGUAGE:  # `dais serve --lang fr`: the kind in that language
        return i18n.kind_label(kind.value)
    return "Right of reply" if kind is ItemKind.RIGHT_OF_REPLY else kind.value.replace("_", " ").capitalize()


def _item(item: AgendaItem) -> Item:
    return Item(
        id=item.id, title=item.title, kind=item.kind, segment=_segment(item.kind),
        start=f"{item.start:%H:%M}", end=f"{item.end:%H:%M}",
        floor_limit_s=item.floor_limit, warning_s=item.warning, takes_floor_requests=item.takes_floor_requests,
    )


def _who(participant: Participant, on_behalf_of: str | None, group_id: str | None = None) -> Who:
    return Who(
        id=participant.id, name=i18n.participant_name(participant.id, participant.category.value, participant.name),
        category=participant.category.value, badge=participant.category.badge,
        category_label=i18n.category_label(participant.category.value),
        seat=participant.seat, on_behalf_of=i18n.group_name(on_behalf_of) if on_behalf_of else None,
        on_behalf_of_group_id=group_id,
    )


def _floor(state: MeetingState, now: float) -> Floor | None:
    speaking = state.speaking
    if speaking is None:
        return None
    reading = clock.read(speaking, now)
    running = not reading.paused
    participant = state.roster.get(speaking.participant_id)
    person = participant.person(speaking.person) if speaking.person else None
    role = i18n._("point of order") if speaking.point_of_order else (
        i18n._("from the floor") if speaking.role == FLOOR_ROLE else speaking.role)
    return Floor(
        speaker=_who(state.roster.get(speaking.participant_id), speaking.on_behalf_of, speaking.group_id),
        role=role,
        point_of_order=speaking.point_of_order,
        phase=reading.phase,
        paused=reading.paused,
        read_at=now,
        allotted_s=reading.allotted_s,
        warning_s=speaking.warning_s,
        elapsed_s=reading.elapsed_s,
        remaining_s=reading.remaining_s,
        # clock.read: warning once remaining < warning_s + SHOWN_EARLY_S, overrun once remaining < 0.
        ends_at=now + reading.remaining_s if running else None,
        warning_at=now + reading.remaining_s - speaking.warning_s - clock.SHOWN_EARLY_S if running else None,
        paused_below=len(state.floor) - 1,
        person=person.styled if person is not None else speaking.person,
        person_function=person.function if person is not None else None,
    )


def live_state(name: str, state: MeetingState, now: float, notice: str | None = None) -> LiveState:
    """The state every screen shows, as at `now` (sent_at is set when a copy is sent)."""
    rows, forecast = queue_rows(state, now)
    item = state.item
    head = heading(state.programme, item, now, state.item_started.get(item.id))
    reply = item.kind is ItemKind.RIGHT_OF_REPLY
    lines = budget_lines(state, now)
    spent = used_up_among(lines, [row.participant for row in rows]) if lines else set()
    return LiveState(
        seq=state.last_seq,
        meeting=name,
        title=state.programme.meeting.title,
        timezone=state.programme.meeting.timezone,
        venue=head.venue,
        date=head.date,
        rehearsal=head.rehearsal,
        notice=notice,
        item=_item(item),
        next_item=_item(state.next_item) if state.next_item else None,
        panel_due=state.panel_due,
        list_closed=state.list_closed,
        floor=_floor(state, now),
        waiting=len(rows),
        queue=[
            QueueEntry(
                position=row.position, request=row.request.id,
                who=_who(row.participant, row.request.on_behalf_of, row.request.group_id),
                group_statement=row.group_statement, first_time=not row.repeat_speaker,
                reserved_seat=row.reserved_seat,
                reply_s=right_of_reply_time(state, row.participant.id) if reply else None,
                requested_at=row.request.requested_at, estimated_start=row.estimated_start,
                budget_used_up=row.participant.id in spent,
            )
            for row in rows[:QUEUE_SHOWN]
        ],
        forecast=Forecast(
            typical_s=forecast.typical_s, floor_free_at=forecast.floor_free_at,
            predicted_end=forecast.predicted_end, scheduled_end=forecast.scheduled_end,
            actual_start=forecast.actual_start, slip_s=forecast.slip_s, unreached=forecast.unreached,
        ) if item.takes_floor_requests else None,
        budgets=[
            BudgetEntry(holder=line.label, holder_kind=line.budget.key[0], holder_id=line.budget.key[1],
                        total_s=line.total_s, used_s=round(line.used_s, 1), left_s=round(line.left_s, 1),
                        used_up=line.used_up)
            for line in lines
        ],
        sent_at=now,
    )


def next_change(live: LiveState) -> float | None:
    """When the clock's phase next changes with no event (warning, then overrun), if it will."""
    floor = live.floor
    if floor is None or floor.ends_at is None:
        return None
    for moment in (floor.warning_at, floor.ends_at):
        if moment is not None and moment > floor.read_at:
            return moment
    return None


def body(live: LiveState) -> bytes:
    """The JSON without its closing `sent_at`: each copy sent appends its own (see with_sent_at)."""
    return live.model_dump_json(by_alias=True, exclude={"sent_at"}).encode()[:-1]


def with_sent_at(prefix: bytes, sent_at: float) -> bytes:
    return prefix + b',"sent_at":%.3f}' % sent_at


def json_schema() -> dict[str, Any]:
    schema = LiveState.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA, **schema}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
