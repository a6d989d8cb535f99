"""Programme progress and the forecast: slip, estimated start times, requests not reached.

Plain arithmetic over the folded state and "now". An item's scheduled times are its times of
day on its day of the meeting's calendar (meeting.days, re-dated by `dais open --on` or
`--rehearse`: console/room/calendar.py). A meeting held on a date its calendar does not cover (an
older journal, a programme run as is) reads them on the local day the item actually runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dais.console.room import clock, order
from dais.console.lang import typed
from dais.console.floor.budgets import speaker_limit
from dais.console.room.calendar import covers, item_date, wall_times
from dais.console.record.fold import MeetingState
from dais.models import AgendaItem, Category, FloorRequest, Participant, Programme

# Until this many speakers of a category have spoken on the item, their expected length is
# blended with the item's limit: the first speakers say little about the room's pace.
ENOUGH_SPEAKERS = 5


def zone(state: MeetingState) -> ZoneInfo:
    return ZoneInfo(state.programme.meeting.timezone)


def local(epoch: float, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz)


def scheduled(
    item: AgendaItem, on: float, tz: ZoneInfo, programme: Programme | None = None
) -> tuple[float, float]:
    """The item's scheduled start and end as epochs: on its day of the programme's calendar when
    `on` falls on one of the calendar's days, else on the local day of `on`."""
    day = local(on, tz).date()
    if programme is not None and covers(programme, day):
        day = item_date(programme, item)
    start, end = wall_times(programme, item, day) if programme is not None else (
        dt.datetime.combine(day, item.start), dt.datetime.combine(day, item.end))
    return start.replace(tzinfo=tz).timestamp(), end.replace(tzinfo=tz).timestamp()


def typical_length(state: MeetingState) -> float:
    """Mean length of the floor interventions so far; the item's floor limit before any."""
    lengths = state.floor_lengths
    return sum(lengths.values()) / len(lengths) if lengths else float(state.item.floor_limit)


def blended(lengths: list[float], limit: float, enough: int = ENOUGH_SPEAKERS) -> float:
    """The measured mean, weighted against the limit until `enough` lengths are known:
    (n * mean + (enough - n) * limit) / max(n, enough)."""
    n = len(lengths)
    prior = max(0, enough - n)
    return (sum(lengths) + prior * limit) / (n + prior) if n + prior else limit


def lengths_by_category(state: MeetingState) -> dict[Category, list[float]]:
    """The ended floor interventions on the current item, by the speaker's category."""
    found: dict[Category, list[float]] = {}
    # Kept by speaker as they end (MeetingState.item_lengths): the roster gives today's category.
    for participant_id, lengths in state.item_lengths.get(state.item.id, {}).items():
        if lengths:
            found.setdefault(state.roster.get(participant_id).category, []).extend(lengths.values())
    return found


# How long a waiting speaker is expected to hold the floor. The default reads the item's pace by
# category; a time budget (per category or regional group) can wrap it, e.g. to cap a speaker at
# what is left of the group's budget, and pass it to queue_rows(length=...).
SpeakingTime = Callable[[Participant], float]


def expected_length(state: MeetingState) -> SpeakingTime:
    """Per category: this item's measured mean, blended with the speaker's limit (blended()): the
    item's, or their time budget's (console/floor/budgets.py)."""
    measured = lengths_by_category(state)
    item = state.item
    cache: dict[tuple[Category, int], float] = {}

    def length(participant: Participant) -> float:
        key = (participant.category, speaker_limit(item, participant))
        if key not in cache:
            cache[key] = max(1.0, blended(measured.get(key[0], []), float(key[1])))
        return cache[key]

    return length


@dataclass(frozen=True, slots=True)
class QueueRow:
    position: int
    request: FloorRequest
    participant: Participant
    group_statement: bool
    repeat_speaker: bool
    reserved_seat: bool
    estimated_start: float


@dataclass(frozen=True, slots=True)
class Forecast:
    typical_s: float
    floor_free_at: float
    predicted_end: float
    scheduled_start: float
    scheduled_end: float
    actual_start: float | None
    unreached: int

    @property
    def slip_s(self) -> float:
        """How late the item started (negative: early); 0 before it starts."""
        return 0.0 if self.actual_start is None else clock.slip_s(self.actual_start, self.scheduled_start)

    @property
    def overrun_s(self) -> float:
        """How far past its scheduled end the item is forecast to run."""
        return self.predicted_end - self.scheduled_end


def queue_rows(
    state: MeetingState, now: float, length: SpeakingTime | None = None
) -> tuple[list[QueueRow], Forecast]:
    """The queue in speaking order with estimated starts, and the item's forecast. Each start is
    the previous one plus that speaker's expected length, so the estimates grow with position."""
    expected = length if length is not None else expected_length(state)
    queue = state.queue()
    roster = state.roster
    spoken = state.spoken_on_item()
    reserved = order.reserved_seats(queue, roster)
    typical = typical_length(state)
    free_at = now
    for iid in state.floor:
        reading = clock.read(state.interventions[iid], now)
        free_at += max(0.0, reading.remaining_s)
    tz = zone(state)
    item = state.item
    started = state.item_started.get(item.id)
    sched_start, sched_end = scheduled(item, started if started is not None else now, tz, state.programme)
    rows = []
    start = free_at
    unreached = 0
    for position, request in enumerate(queue, start=1):
        participant = roster.get(request.participant_id)
        if start >= sched_end:
            unreached += 1
        rows.append(
            QueueRow(
                position=position,
                request=request,
                participant=participant,
                group_statement=order.is_group_statement(request, participant),
                repeat_speaker=participant.id in spoken,
                reserved_seat=request.id in reserved,
                estimated_start=start,
            )
        )
        start += expected(participant)
    forecast = Forecast(
        typical_s=typical,
        floor_free_at=free_at,
        predicted_end=start,
        scheduled_start=sched_start,
        scheduled_end=sched_end,
        actual_start=started,
        unreached=unreached,
    )
    return rows, forecast


@dataclass(frozen=True, slots=True)
class ItemProgress:
    item: AgendaItem
    status: str  # "done", "current" or "upcoming"
    scheduled_start: float
    scheduled_end: float
    actual_start: float | None
    actual_end: float | None
    projected_start: float
    interventions: int
    requests: int

    @property
    def slip_s(self) -> float:
        """How late the item began, or is projected to begin (negative: early)."""
        started = self.actual_start if self.actual_start is not None else self.projected_start
        return clock.slip_s(started, self.scheduled_start)


def programme_progress(state: MeetingState, now: float) -> list[ItemProgress]:
    """Every item with its scheduled, actual and projected times, given the current slip."""
    tz = zone(state)
    current = state.item
    _, forecast = queue_rows(state, now)
    days: dict[int, float] = {}
    for item in state.programme.items:
        if item.id in state.item_started:
            days.setdefault(item.day, state.item_started[item.id])
    counts: dict[str, int] = {}
    for intervention in state.interventions.values():
        counts[intervention.item_id] = counts.get(intervention.item_id, 0) + 1
    asked: dict[str, int] = {}
    for request in state.requests.values():
        asked[request.item_id] = asked.get(request.item_id, 0) + 1
    shift = max(0.0, forecast.predicted_end - forecast.scheduled_end)
    rows = []
    for index, item in enumerate(state.programme.items):
        anchor = days.get(item.day, now)
        sched_start, sched_end = scheduled(item, anchor, tz, state.programme)
        if index < state.item_index:
            status = "done"
        elif index == state.item_index:
            status = "current"
        else:
            status = "upcoming"
        projected = sched_start + (shift if status == "upcoming" and item.day == current.day else 0.0)
        rows.append(
            ItemProgress(
                item=item,
                status=status,
                scheduled_start=sched_start,
                scheduled_end=sched_end,
                actual_start=state.item_started.get(item.id),
                actual_end=state.item_ended.get(item.id),
                projected_start=projected,
                interventions=counts.get(item.id, 0),
                requests=asked.get(item.id, 0),
            )
        )
    return rows


def at_local_time(reference: float, text: str, tz: ZoneInfo) -> float:
    """"14:03" or "14:03:25" (read by console.lang.typed) on the local day of `reference`, as an
    epoch; ValueError, saying how to write it, for anything else."""
    day = local(reference, tz).date()
    return dt.datetime.combine(day, typed.clock_time(text, seconds=True), tz).timestamp()
