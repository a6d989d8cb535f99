"""State is the fold of the journal's events; the dais, watchers and exports share this fold.

The fold is tolerant: an event that no longer makes sense (its target undone) changes nothing
and is noted as an anomaly. The rules that refuse actions live in console.floor.rules, before the
journal write.

Records that are done (a request that is no longer waiting, an intervention no longer on the
floor) are never changed in place again: a correction replaces the intervention with a changed
copy. So a copy of the state (MeetingState.copy) shares the done records and clones only the
live ones, and LiveFold can keep checkpoints cheaply: an undo folds again only the events since
the last checkpoint, not the whole journal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from dais.console.room import clock, order
from dais.console.room.calendar import end_past_midnight, shifted
from dais.console.record.collector import gc_paused
from dais.console.room.roster import LookupContext, Roster
from dais.models import (
    AccessCode,
    AgendaItem,
    CodeRevoked,
    CodesIssued,
    InboxDeclined,
    BudgetCleared,
    BudgetSet,
    Category,
    FloorLimitChanged,
    FloorPolicyChanged,
    ItemAdded,
    ItemEndMoved,
    PanelMember,
    PanelMemberSet,
    Participant,
    ClockPaused,
    ClockResumed,
    FloorEnded,
    FloorGiven,
    FloorRequest,
    FloorRequested,
    Intervention,
    InterventionCorrected,
    ItemAdvanced,
    JournalEntry,
    ListClosed,
    ListReopened,
    ParticipantAdded,
    ParticipantsListed,
    PointOfOrder,
    Programme,
    ProgrammeRedated,
    ClockStepped,
    RequestMoved,
    RequestStatus,
    RequestWithdrawn,
    SeatingSet,
    SpeakerNamed,
    TimeExtended,
    Undone,
)
from dais.models.record import Change, Correction, Pause

FLOOR_ROLE = "floor"
RIGHT_OF_REPLY_ROLE = "right of reply"


def cancelled_events(entries: Iterable[JournalEntry]) -> set[int]:
    """Sequence numbers cancelled by undo events; an undone undo cancels nothing."""
    cancelled: set[int] = set()
    for entry in reversed(list(entries)):
        if isinstance(entry.event, Undone) and entry.seq not in cancelled:
            cancelled.add(entry.event.target)
    return cancelled


@dataclass
class MeetingState:
    programme: Programme
    roster: Roster
    requests: dict[int, FloorRequest] = field(default_factory=dict)
    interventions: dict[int, Intervention] = field(default_factory=dict)
    floor: list[int] = field(default_factory=list)
    item_index: int = 0
    item_started: dict[str, float] = field(default_factory=dict)
    item_ended: dict[str, float] = field(default_factory=dict)
    list_closed: bool = False
    floor_since_panel: int = 0
    spoken: dict[str, set[str]] = field(default_factory=dict)
    cancelled: set[int] = field(default_factory=set)
    effective: list[int] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)
    last_seq: int = 0
    clock_steps: list[tuple[float, float]] = field(default_factory=list)
    """Each step of the computer's clock the dais saw: (when, by how many seconds; negative: back)."""
    # Lengths of the ended floor interventions, kept as they end, for the forecast's typical length.
    floor_lengths: dict[int, float] = field(default_factory=dict, repr=False)
    # The same lengths by item and speaker, so the forecast's per-category means read one item's
    # speakers rather than every intervention of the meeting; and whom each was counted for.
    item_lengths: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict, repr=False)
    measured_speaker: dict[int, str] = field(default_factory=dict, repr=False)
    # Requests from the room (console/floor/inbox.py): the codes handed out, and what became of the
    # inbox's rows the secretary has dealt with: taken (its request's seq) or declined (why).
    codes: dict[str, AccessCode] = field(default_factory=dict, repr=False)
    revoked: set[str] = field(default_factory=set, repr=False)
    inbox_taken: dict[int, int] = field(default_factory=dict, repr=False)
    inbox_declined: dict[int, str] = field(default_factory=dict, repr=False)
    # Who is on the meeting's list of participants (dais roster import): the lookup puts them first.
    listed: set[str] = field(default_factory=set)

    # -- reading --------------------------------------------------------------------------

    @property
    def item(self) -> AgendaItem:
        return self.programme.items[self.item_index]

    @property
    def next_item(self) -> AgendaItem | None:
        items = self.programme.items
        return items[self.item_index + 1] if self.item_index + 1 < len(items) else None

    @property
    def speaking(self) -> Intervention | None:
        return self.interventions[self.floor[-1]] if self.floor else None

    def waiting(self) -> list[FloorRequest]:
        return [r for r in self.requests.values() if r.status is RequestStatus.WAITING]

    def spoken_on_item(self) -> set[str]:
        return self.spoken.get(self.item.id, set())

    def queue(self) -> list[FloorRequest]:
        """The waiting requests in speaking order under the current item's policy."""
        return order.speaking_order(self.waiting(), self.roster, self.item.policy, self.spoken_on_item())

    def waiting_request_of(self, participant_id: str) -> FloorRequest | None:
        for request in self.requests.values():
            if request.participant_id == participant_id and request.status is RequestStatus.WAITING:
                return request
        return None

    @property
    def panel_due(self) -> bool:
        """Alternating segments: after a run of floor interventions the panel responds."""
        every = self.item.panel_every
        return bool(every) and self.floor_since_panel >= every

    # -- copying --------------------------------------------------------------------------

    def copy(self) -> MeetingState:
        """An independent state: done records are shared (they never change), live ones cloned."""
        waiting = RequestStatus.WAITING
        on_floor = set(self.floor)
        return MeetingState(
            programme=self.programme,  # replaced on change, never changed in place
            roster=self.roster.copy(),
            requests={rid: _clone_request(r) if r.status is waiting else r for rid, r in self.requests.items()},
            interventions={iid: _clone(i) if iid in on_floor else i for iid, i in self.interventions.items()},
            floor=list(self.floor),
            item_index=self.item_index,
            item_started=dict(self.item_started),
            item_ended=dict(self.item_ended),
            list_closed=self.list_closed,
            floor_since_panel=self.floor_since_panel,
            spoken={item: set(ids) for item, ids in self.spoken.items()},
            cancelled=set(self.cancelled),
            effective=list(self.effective),
            anomalies=list(self.anomalies),
            last_seq=self.last_seq,
            clock_steps=list(self.clock_steps),
            floor_lengths=dict(self.floor_lengths),
            item_lengths={item: {pid: dict(lengths) for pid, lengths in speakers.items()}
                          for item, speakers in self.item_lengths.items()},
            measured_speaker=dict(self.measured_speaker),
            codes=dict(self.codes),
            revoked=set(self.revoked),
            inbox_taken=dict(self.inbox_taken),
            inbox_declined=dict(self.inbox_declined),
            listed=set(self.listed),
        )

    # -- folding --------------------------------------------------------------------------

    def apply(self, entry: JournalEntry) -> None:
        """Apply one event that is not an undo (undo needs a refold: see fold())."""
        seq, event = entry.seq, entry.event
        if seq > self.last_seq:
            self.last_seq = seq
        if seq in self.cancelled or type(event) is Undone:
            return
        if _HANDLERS[type(event)](self, seq, entry.at, event) is not False:
            self.effective.append(seq)

    def _note(self, seq: int, message: str) -> bool:
        self.anomalies.append(f"#{seq}: {message}")
        return False

    def _on_participant_added(self, seq: int, at: float, event: ParticipantAdded) -> None:
        self.roster.add(event.participant)

    def _on_participants_listed(self, seq: int, at: float, event: ParticipantsListed) -> None:
        for participant in event.participants:
            self.roster.add(participant)
            self.listed.add(participant.id)

    def _on_speaker_named(self, seq: int, at: float, event: SpeakerNamed) -> bool | None:
        intervention = self.interventions.get(event.intervention)
        if intervention is None:
            return self._note(seq, f"speaker named for unknown intervention #{event.intervention}")
        if event.intervention not in self.floor:
            intervention = self.interventions[event.intervention] = _clone(intervention)  # a done record: copy
        intervention.person = event.person
        return None

    def _on_seating_set(self, seq: int, at: float, event: SeatingSet) -> None:
        self.roster.with_seats(event.seats)

    def _on_floor_requested(self, seq: int, at: float, event: FloorRequested) -> None:
        self.requests[seq] = FloorRequest(
            id=seq,
            participant_id=event.participant_id,
            item_id=self.programme.items[self.item_index].id,
            requested_at=at,
            on_behalf_of=event.on_behalf_of,
            group_id=event.group_id,
        )
        if event.inbox is not None:
            self.inbox_taken[event.inbox] = seq

    def _on_request_withdrawn(self, seq: int, at: float, event: RequestWithdrawn) -> bool | None:
        request = self.requests.get(event.request)
        if request is None or request.status is not RequestStatus.WAITING:
            return self._note(seq, f"withdrawal of request #{event.request}, which is not waiting")
        request.status = RequestStatus.WITHDRAWN
        return None

    def _end_all(self, at: float) -> None:
        while self.floor:
            self._end_top(at, resume_below=False)

    def _end_top(self, at: float, resume_below: bool = True) -> None:
        current = self.interventions[self.floor.pop()]
        current.ended_at = at
        if current.pauses and clock.is_paused(current):
            current.pauses[-1].ended_at = at
        self._measure(current)
        if resume_below and self.floor:
            below = self.interventions[self.floor[-1]]
            if clock.is_paused(below) and below.pauses[-1].by_point_of_order:
                below.pauses[-1].ended_at = at

    def _measure(self, intervention: Intervention) -> None:
        ended = intervention.ended_at
        if ended is not None and (intervention.request_id is not None or intervention.out_of_turn):
            iid, speaker = intervention.id, intervention.participant_id
            if intervention.pauses:
                length = clock.floor_seconds(intervention, ended)
            else:  # the common case, without a call per pause: clock.floor_seconds with none
                length = max(0.0, ended - intervention.started_at)
            self.floor_lengths[iid] = length
            by_speaker = self.item_lengths.setdefault(intervention.item_id, {})
            counted_for = self.measured_speaker.get(iid)
            if counted_for is not None and counted_for != speaker:  # a correction changed the speaker
                del by_speaker[counted_for][iid]
            by_speaker.setdefault(speaker, {})[iid] = length
            self.measured_speaker[iid] = speaker

    def _start_item_if_needed(self, at: float) -> None:
        self.item_started.setdefault(self.item.id, at)

    def _on_floor_given(self, seq: int, at: float, event: FloorGiven) -> bool | None:
        on_behalf_of = group_id = None
        if event.request is not None:
            request = self.requests.get(event.request)
            if request is None or request.status is not RequestStatus.WAITING:
                return self._note(seq, f"floor given to request #{event.request}, which is not waiting")
            request.status = RequestStatus.SPOKE
            on_behalf_of, group_id = request.on_behalf_of, request.group_id
        while self.floor:
            self._end_top(at, resume_below=False)
        item_id = self.programme.items[self.item_index].id
        self.item_started.setdefault(item_id, at)
        self.interventions[seq] = Intervention(
            id=seq,
            participant_id=event.participant_id,
            item_id=item_id,
            role=event.role,
            started_at=at,
            allotted_s=event.allotted_s,
            warning_s=event.warning_s,
            request_id=event.request,
            on_behalf_of=on_behalf_of,
            group_id=group_id,
            out_of_turn=event.out_of_turn,
            person=event.person,
        )
        self.floor.append(seq)
        self.spoken.setdefault(item_id, set()).add(event.participant_id)
        if event.request is not None or event.out_of_turn:
            self.floor_since_panel += 1
        else:
            self.floor_since_panel = 0
        return None

    def _on_point_of_order(self, seq: int, at: float, event: PointOfOrder) -> None:
        current = self.speaking
        if current is not None and not clock.is_paused(current):
            current.pauses.append(Pause(started_at=at, by_point_of_order=True))
        self._start_item_if_needed(at)
        self.interventions[seq] = Intervention(
            id=seq,
            participant_id=event.participant_id,
            item_id=self.item.id,
            role="point of order",
            started_at=at,
            allotted_s=event.allotted_s,
            warning_s=event.warning_s,
            point_of_order=True,
        )
        self.floor.append(seq)

    def _on_clock_paused(self, seq: int, at: float, event: ClockPaused) -> bool | None:
        current = self.speaking
        if current is None or clock.is_paused(current):
            return self._note(seq, "pause with no running clock")
        current.pauses.append(Pause(started_at=at))
        return None

    def _on_clock_resumed(self, seq: int, at: float, event: ClockResumed) -> bool | None:
        current = self.speaking
        if current is None or not clock.is_paused(current):
            return self._note(seq, "resume with no paused clock")
        current.pauses[-1].ended_at = at
        return None

    def _on_time_extended(self, seq: int, at: float, event: TimeExtended) -> bool | None:
        current = self.speaking
        if current is None:
            return self._note(seq, "extension with nobody speaking")
        current.extended_s += event.seconds
        return None

    def _on_floor_ended(self, seq: int, at: float, event: FloorEnded) -> bool | None:
        if not self.floor:
            return self._note(seq, "end with nobody speaking")
        self._end_top(at)
        return None

    def _on_list_closed(self, seq: int, at: float, event: ListClosed) -> None:
        self.list_closed = True

    def _on_list_reopened(self, seq: int, at: float, event: ListReopened) -> None:
        self.list_closed = False

    def _on_item_advanced(self, seq: int, at: float, event: ItemAdvanced) -> bool | None:
        try:
            index = self.programme.index(event.to_item)
        except KeyError:
            return self._note(seq, f"advance to unknown item {event.to_item!r}")
        self._end_all(at)
        self._start_item_if_needed(at)
        self.item_ended[self.item.id] = at
        self.item_index = index
        if event.adjourned:
            self.item_started.pop(self.item.id, None)  # the next day's first item starts with its first speaker
        else:
            self.item_started[self.item.id] = at
        self.item_ended.pop(self.item.id, None)
        self.floor_since_panel = 0
        # GA rule 73: the list of speakers is closed on a question; a new item has its own list.
        self.list_closed = False
        if not event.carry_queue:
            for request in self.waiting():
                request.status = RequestStatus.CLEARED
        for request in self.waiting():
            request.pin = None  # manual moves hold within an item
        return None

    def _on_request_moved(self, seq: int, at: float, event: RequestMoved) -> bool | None:
        queue = self.queue()
        policy = self.item.policy
        spoken = self.spoken_on_item()
        keys = [order.effective_key(r, self.roster.get(r.participant_id), policy, spoken) for r in queue]
        pin = order.pin_for_move(queue, keys, event.request, event.direction)
        if pin is None:
            return self._note(seq, f"request #{event.request} cannot move {event.direction}")
        self.requests[event.request].pin = (policy.value, pin)
        return None

    # -- programme changes: the state's programme is the programme as changed so far ---------

    def _replace_item(self, item_id: str, **update: object) -> bool:
        try:
            index = self.programme.index(item_id)
        except KeyError:
            return False
        items = list(self.programme.items)
        items[index] = items[index].model_copy(update=update)
        self.programme = self.programme.model_copy(update={"items": items})
        return True

    def _on_floor_limit_changed(self, seq: int, at: float, event: FloorLimitChanged) -> bool | None:
        if not self._replace_item(event.item, floor_limit=event.floor_limit):
            return self._note(seq, f"limit change for unknown item {event.item!r}")
        return None

    def _on_item_end_moved(self, seq: int, at: float, event: ItemEndMoved) -> bool | None:
        try:
            item = self.programme.item(event.item)
        except KeyError:
            return self._note(seq, f"end moved for unknown item {event.item!r}")
        if not self._replace_item(event.item, end=event.end,
                                  ends_next_date=end_past_midnight(self.programme, item, event.end)):
            return self._note(seq, f"end moved for unknown item {event.item!r}")
        return None

    def _on_floor_policy_changed(self, seq: int, at: float, event: FloorPolicyChanged) -> bool | None:
        if not self._replace_item(event.item, policy=event.policy):
            return self._note(seq, f"policy change for unknown item {event.item!r}")
        return None

    def _on_clock_stepped(self, seq: int, at: float, event: ClockStepped) -> bool:
        self.clock_steps.append((at, event.step_s))
        return False  # a mark, not an action: nothing to undo

    def _on_programme_redated(self, seq: int, at: float, event: ProgrammeRedated) -> bool | None:
        delta = dt.timedelta(minutes=event.shift_min)
        self.programme = shifted(self.programme, delta, rehearsal=event.rehearsal)
        return None

    def _on_budget_set(self, seq: int, at: float, event: BudgetSet) -> bool | None:
        try:
            item = self.programme.item(event.item)
        except KeyError:
            return self._note(seq, f"budget for unknown item {event.item!r}")
        budgets = [b for b in item.budgets if b.key != event.budget.key]
        self._replace_item(event.item, budgets=[*budgets, event.budget])
        return None

    def _on_budget_cleared(self, seq: int, at: float, event: BudgetCleared) -> bool | None:
        try:
            item = self.programme.item(event.item)
        except KeyError:
            return self._note(seq, f"budget cleared on unknown item {event.item!r}")
        budgets = [b for b in item.budgets if b.key != event.holder]
        if len(budgets) == len(item.budgets):
            return self._note(seq, f"no budget for {event.holder[1]!r} on {event.item!r}")
        self._replace_item(event.item, budgets=budgets)
        return None

    def _on_item_added(self, seq: int, at: float, event: ItemAdded) -> bool | None:
        try:
            position = self.programme.index(event.after) + 1
        except KeyError:
            return self._note(seq, f"item added after unknown item {event.after!r}")
        if any(item.id == event.item.id for item in self.programme.items):
            return self._note(seq, f"item id {event.item.id!r} is already used")
        items = list(self.programme.items)
        items.insert(position, event.item)
        self.programme = self.programme.model_copy(update={"items": items})
        if position <= self.item_index:
            self.item_index += 1
        for member in event.item.people:
            self._seat_panel_member(member)
        return None

    def _seat_panel_member(self, member: PanelMember) -> None:
        if member.id not in self.roster:
            self.roster.add(Participant(id=member.id, name=member.name, category=Category.PANEL))

    def _on_panel_member_set(self, seq: int, at: float, event: PanelMemberSet) -> bool | None:
        try:
            item = self.programme.item(event.item)
        except KeyError:
            return self._note(seq, f"panel change for unknown item {event.item!r}")
        people = [p for p in item.people if p.name != event.replaces] if event.replaces else list(item.people)
        if event.replaces and len(people) == len(item.people):
            return self._note(seq, f"{event.replaces!r} is not on the panel of {event.item!r}")
        index = next((i for i, p in enumerate(item.people) if p.name == event.replaces), len(people))
        people.insert(min(index, len(people)), event.member)
        self._replace_item(event.item, people=people)
        self._seat_panel_member(event.member)
        return None

    def _on_intervention_corrected(self, seq: int, at: float, event: InterventionCorrected) -> bool | None:
        original = self.interventions.get(event.intervention)
        if original is None:
            return self._note(seq, f"correction of unknown intervention #{event.intervention}")
        target = self.interventions[event.intervention] = _clone(original)  # done records: copy, then change
        changes = []
        for name in ("participant_id", "started_at", "ended_at"):
            value = getattr(event, name)
            if value is not None:
                changes.append(Change(name, getattr(original, name), value))
                setattr(target, name, value)
        if event.note:
            target.notes.append(event.note)
            changes.append(Change("note", None, event.note))
        before = after = None
        if original.ended_at is not None and (event.started_at is not None or event.ended_at is not None):
            # The audit trail keeps both measures: an end time moved back can remove an overrun.
            end = event.ended_at if event.ended_at is not None else original.ended_at
            before, after = clock.read(original, original.ended_at), clock.read(target, end)
        measured = {}
        if before is not None and after is not None:
            measured = dict(duration_before_s=before.elapsed_s, duration_after_s=after.elapsed_s,
                            overrun_before_s=before.overrun_s, overrun_after_s=after.overrun_s)
        target.corrections = (*original.corrections, Correction(seq=seq, at=at, changes=tuple(changes), **measured))
        target.corrected = True
        self._measure(target)
        return None

    # Codes are handed out on paper: ctrl+z at the dais does not take them back (not effective);
    # a code is revoked one by one, and a new one issued.
    def _on_codes_issued(self, seq: int, at: float, event: CodesIssued) -> bool:
        for code in event.codes:
            self.codes[code.code] = code
        return False

    def _on_code_revoked(self, seq: int, at: float, event: CodeRevoked) -> bool:
        if event.code in self.codes:
            self.revoked.add(event.code)
        return False

    def _on_inbox_declined(self, seq: int, at: float, event: InboxDeclined) -> bool | None:
        if event.inbox in self.inbox_taken or event.inbox in self.inbox_declined:
            return self._note(seq, f"decline of inbox request #{event.inbox}, already dealt with")
        self.inbox_declined[event.inbox] = event.reason
        return None

    def lookup_context(self) -> LookupContext:
        """Who the type-ahead puts first: the listed, the seated, then the active (console.room.roster.rank)."""
        active = {r.participant_id for r in self.requests.values()}
        active.update(i.participant_id for i in self.interventions.values())
        seated = frozenset(p.id for p in self.roster if p.seat is not None)
        return LookupContext(seated=seated, active=frozenset(active), listed=frozenset(self.listed))

    def live_code(self, code: str) -> AccessCode | None:
        """The code handed out, unless revoked."""
        found = self.codes.get(code)
        return None if found is None or code in self.revoked else found


# Each event class to its handler, named explicitly: a new event type without a handler fails
# tests/unit/test_fold_dispatch.py rather than being skipped. Undone is handled by fold() itself.
_HANDLERS: dict[type[BaseModel], Callable[[MeetingState, int, float, Any], bool | None]] = {
    ParticipantAdded: MeetingState._on_participant_added,
    ParticipantsListed: MeetingState._on_participants_listed,
    SpeakerNamed: MeetingState._on_speaker_named,
    SeatingSet: MeetingState._on_seating_set,
    FloorRequested: MeetingState._on_floor_requested,
    RequestWithdrawn: MeetingState._on_request_withdrawn,
    FloorGiven: MeetingState._on_floor_given,
    PointOfOrder: MeetingState._on_point_of_order,
    ClockPaused: MeetingState._on_clock_paused,
    ClockResumed: MeetingState._on_clock_resumed,
    TimeExtended: MeetingState._on_time_extended,
    FloorEnded: MeetingState._on_floor_ended,
    ListClosed: MeetingState._on_list_closed,
    ListReopened: MeetingState._on_list_reopened,
    ItemAdvanced: MeetingState._on_item_advanced,
    RequestMoved: MeetingState._on_request_moved,
    InterventionCorrected: MeetingState._on_intervention_corrected,
    FloorLimitChanged: MeetingState._on_floor_limit_changed,
    ItemEndMoved: MeetingState._on_item_end_moved,
    ItemAdded: MeetingState._on_item_added,
    PanelMemberSet: MeetingState._on_panel_member_set,
    FloorPolicyChanged: MeetingState._on_floor_policy_changed,
    ProgrammeRedated: MeetingState._on_programme_redated,
    BudgetSet: MeetingState._on_budget_set,
    BudgetCleared: MeetingState._on_budget_cleared,
    ClockStepped: MeetingState._on_clock_stepped,
    CodesIssued: MeetingState._on_codes_issued,
    CodeRevoked: MeetingState._on_code_revoked,
    InboxDeclined: MeetingState._on_inbox_declined,
}


def _clone_request(r: FloorRequest) -> FloorRequest:
    return FloorRequest(r.id, r.participant_id, r.item_id, r.requested_at, r.on_behalf_of, r.status, r.pin, r.group_id)


def _clone(intervention: Intervention) -> Intervention:
    return replace(intervention, pauses=[replace(p) for p in intervention.pauses], notes=list(intervention.notes))


def fold(programme: Programme, roster: Roster, entries: Iterable[JournalEntry]) -> MeetingState:
    """The state of a meeting after its events, starting from a copy of the given roster."""
    entries = list(entries)
    state = MeetingState(programme=programme, roster=roster.copy(), cancelled=cancelled_events(entries))
    with gc_paused():
        for entry in entries:
            state.apply(entry)
    return state


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    applied: int  # the state after entries[:applied]
    state: MeetingState  # never applied to: a copy of it is


class LiveFold:
    """The fold of a journal kept up to date as its entries arrive.

    New entries are applied one by one. An undo changes what earlier entries mean, so the state
    is folded again, but from the newest checkpoint that the undo leaves valid, rather than from
    the first event: two checkpoints are kept, `every` entries apart, so an undo of any of the
    last `every` actions folds at most 2 x `every` entries. Equal to fold() at every step
    (tests/unit/test_properties.py).
    """

    EVERY = 256

    def __init__(self, programme: Programme, roster: Roster, entries: list[JournalEntry], every: int = EVERY) -> None:
        self.programme = programme
        self.roster = roster
        self.entries = entries  # shared with the caller, which only appends through absorb()
        self.every = every
        self._checkpoints: list[_Checkpoint] = []
        self._undos = [entry for entry in entries if isinstance(entry.event, Undone)]
        self.state = self._fold_from(None, cancelled_events(self._undos))

    def absorb(self, new: list[JournalEntry]) -> None:
        self.entries.extend(new)
        undos = [entry for entry in new if isinstance(entry.event, Undone)]
        if undos:
            self._undos += undos
            cancelled = cancelled_events(self._undos)  # only undo events cancel: no need to scan the rest
            usable = [c for c in self._checkpoints if self._still_valid(c, cancelled)]
            self._checkpoints = usable
            self.state = self._fold_from(usable[-1] if usable else None, cancelled)
            return
        with gc_paused():
            for entry in new:
                self.state.apply(entry)
        if len(self.entries) - self._last_checkpoint() >= self.every:
            self._take_checkpoint(len(self.entries), self.state)

    @staticmethod
    def _still_valid(checkpoint: _Checkpoint, cancelled: set[int]) -> bool:
        """The entries before the checkpoint are cancelled exactly as they were when it was taken."""
        last = checkpoint.state.last_seq
        return {s for s in cancelled if s <= last} == {s for s in checkpoint.state.cancelled if s <= last}

    def _last_checkpoint(self) -> int:
        return self._checkpoints[-1].applied if self._checkpoints else 0

    def _take_checkpoint(self, applied: int, state: MeetingState) -> None:
        self._checkpoints = [*self._checkpoints[-1:], _Checkpoint(applied, state.copy())]

    def _fold_from(self, checkpoint: _Checkpoint | None, cancelled: set[int]) -> MeetingState:
        if checkpoint is None:
            state = MeetingState(programme=self.programme, roster=self.roster.copy(), cancelled=cancelled)
            start = 0
        else:
            state = checkpoint.state.copy()
            state.cancelled = cancelled
            start = checkpoint.applied
        # Checkpoints on the way, at the last two multiples of `every`.
        last = len(self.entries) // self.every * self.every
        marks = {n for n in (last - self.every, last) if n > start and n > 0}
        with gc_paused():
            for index in range(start, len(self.entries)):
                state.apply(self.entries[index])
                if index + 1 in marks:
                    self._take_checkpoint(index + 1, state)
        return state
