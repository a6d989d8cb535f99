"""A meeting in session: the journal, the folded state and the actions of the dais.

Each action is checked against the rules, appended to the journal in its own durable
transaction, and only then applied to the state: the journal write comes first, so whatever
the screen shows as done is on disk. A read-only meeting (watchers, exports) folds the same
events and follows new ones as the writer commits them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dais.console.lang.i18n import _
from dais.console.room import clock as clock_mod
from dais.console.room.calendar import next_day_item, redate_shift, rehearsal_shift
from dais.console.lang.errors import ProcedureError
from dais.console.record.fold import FLOOR_ROLE, RIGHT_OF_REPLY_ROLE, LiveFold, MeetingState
from dais.console.record.journal import Journal
from dais.console.room.roster import Roster
from dais.console.floor.budgets import speaker_limit
from dais.console.floor.rules import name_refusal, newcomer_name, newcomer_refusal, refusal, right_of_reply_time
from dais.models.participant import slug
from dais.models import (
    AccessCode,
    CodeRevoked,
    CodesIssued,
    InboxDeclined,
    AgendaItem,
    Budget,
    BudgetCleared,
    BudgetSet,
    Category,
    FloorLimitChanged,
    FloorPolicy,
    FloorPolicyChanged,
    ItemAdded,
    ItemEndMoved,
    ItemKind,
    PanelMemberSet,
    ClockPaused,
    ClockResumed,
    ClockStepped,
    Event,
    FloorEnded,
    FloorGiven,
    FloorRequested,
    InterventionCorrected,
    ItemAdvanced,
    JournalEntry,
    ListClosed,
    ListReopened,
    PanelMember,
    Participant,
    ParticipantAdded,
    ParticipantsListed,
    PointOfOrder,
    Programme,
    ProgrammeRedated,
    RequestMoved,
    RequestWithdrawn,
    SeatingSet,
    SpeakerNamed,
    TimeExtended,
    Undone,
)

EXTENSION_S = 30


def base_roster(programme: Programme, reference: Roster | None = None) -> Roster:
    """The reference roster, seated alphabetically, plus everyone on the programme's panels."""
    roster = reference.copy() if reference is not None else Roster.reference()
    roster.with_seats(roster.alphabetical_seats())
    for item in programme.items:
        for member in item.people:
            if member.id not in roster:
                roster.add(panel_participant(member))
    return roster


def step_notice(step_s: float) -> str:
    """The one line the dais says when the computer's clock steps."""
    minutes = abs(step_s) / 60
    amount = _("{n:.0f} min").format(n=minutes) if minutes >= 1 else _("{n:.0f} s").format(n=abs(step_s))
    if step_s < 0:
        return _("The computer's clock went back {amount}: the dais keeps its own steady time, and the journal "
                 "keeps its order (the step is recorded).").format(amount=amount)
    return _("The computer's clock jumped forward {amount}: the dais keeps its own steady time, so no speaker's "
             "time jumps (the step is recorded).").format(amount=amount)


def panel_participant(member: PanelMember) -> Participant:
    return Participant(id=member.id, name=member.name, category=Category.PANEL)


def newcomer_id(name: str, category: Category, roster: Roster | None = None) -> str:
    """The id a newcomer joins under: its category and its transliterated name, with a number
    added when another participant already has that id (two names that transliterate alike)."""
    base = f"{category.value}:{slug(name)}"
    taken = roster if roster is not None else ()
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class Meeting:
    """The engine the screens call. `state` is the fold of every event in the journal."""

    def __init__(
        self, journal: Journal, programme: Programme, entries: list[JournalEntry], clock: clock_mod.Clock
    ) -> None:
        self.journal = journal
        self.programme = programme
        self.clock = clock
        self._fold = LiveFold(programme, base_roster(programme), entries)
        self.entries = entries
        self._data_version: int | None = None  # for poll(): SQLite's count of other writers' commits
        self._departure = 0.0  # how far the computer's clock was from a SteadyClock at the last look
        self._marked_behind: float | None = None  # a clock behind the journal, already marked

    @classmethod
    async def open(
        cls, path: Path, programme: Programme | None = None, clock: clock_mod.Clock = clock_mod.system_clock,
        begin_with: list[Event] | None = None,
    ) -> Meeting:
        """Open (or create) a meeting for writing; refused if another dais holds it. `begin_with`:
        the events a new meeting is created with, checked by the rules first, so that a refused
        one creates nothing (ProcedureError). A new meeting whose programme carries its own list
        of participants records it as its first event after those."""
        first: list[JournalEntry] = []
        if begin_with and programme is not None:
            state = LiveFold(programme, base_roster(programme), []).state
            at = clock()
            for n, event in enumerate(begin_with, 1):
                if (reason := refusal(state, event)) is not None:
                    raise ProcedureError(reason)
                entry = JournalEntry(seq=n, at=at, event=event)
                state.apply(entry)
                first.append(entry)
        meeting = await cls._load(await Journal.create_or_open(Path(path), programme, first), clock)
        if len(meeting.entries) == len(first) and meeting.programme.participants:
            from dais.console.room.participants import build, programme_rows

            try:
                listed = build(programme_rows(meeting.programme.participants), meeting.roster).participants
                if listed:
                    await meeting.list_participants(listed, "programme")
            except BaseException:
                await meeting.close()
                raise
        return meeting

    @classmethod
    async def watch(cls, path: Path, clock: clock_mod.Clock = clock_mod.system_clock) -> Meeting:
        """Open a meeting read-only, for watchers and exports."""
        return await cls._load(await Journal.open_reader(Path(path)), clock)

    @classmethod
    async def _load(cls, journal: Journal, clock: clock_mod.Clock) -> Meeting:
        try:
            programme = await journal.programme()
            entries = await journal.entries()
            meeting = cls(journal, programme, entries, clock)
            if (dangling := meeting._dangling()) is not None:
                # An event the rules would have refused (written by hand, or a damaged byte that
                # still parses): stop before it, as for an event that does not parse at all.
                seq, pid = dangling
                journal.stop_at(seq, f"participant_id {pid!r} is not in the meeting's roster")
                meeting = cls(journal, programme, [e for e in entries if e.seq < seq], clock)
        except BaseException:
            await journal.close()
            raise
        return meeting

    def _dangling(self) -> tuple[int, str] | None:
        """The first request for the floor by someone not in the roster: the speaking order could
        not rank it."""
        roster = self.roster
        for entry in self.entries:
            pid = getattr(entry.event, "participant_id", None)
            if pid is not None and entry.event.type in ("floor_requested", "point_of_order") and pid not in roster:
                return entry.seq, pid
        return None

    async def close(self) -> None:
        await self.journal.close()

    @property
    def path(self) -> Path:
        return self.journal.path

    @property
    def roster(self) -> Roster:
        return self.state.roster

    def now(self) -> float:
        return self.clock()

    # -- following (read-only meetings) ---------------------------------------------------

    async def poll(self) -> list[JournalEntry]:
        """For watchers: fold in new events if another connection committed since the last poll."""
        version = await self.journal.data_version()
        if version == self._data_version:
            return []
        self._data_version = version
        return await self.refresh()

    async def refresh(self) -> list[JournalEntry]:
        """Fold in events committed since the last look; returns them."""
        new = await self.journal.entries(after=self.state.last_seq)
        if new:
            self._absorb(new)
        return new

    @property
    def state(self) -> MeetingState:
        """The fold of every event in the journal."""
        return self._fold.state

    def _absorb(self, new: list[JournalEntry]) -> None:
        self._fold.absorb(new)

    # -- recording ------------------------------------------------------------------------

    async def record(self, event: Event) -> JournalEntry:
        """Check an action, write it to the journal, then apply it. Raises ProcedureError if refused."""
        reason = refusal(self.state, event)
        if reason is not None:
            raise ProcedureError(reason)
        return await self._append(event)

    async def _append(self, event: Event) -> JournalEntry:
        """Stamp and write one event. Its time is never earlier than the last event's: a computer
        clock that went back would log an intervention ending before it began. A clock behind the
        journal by more than a drift is marked, once, with a ClockStepped event before it."""
        now = self.clock()
        last = self.entries[-1].at if self.entries else None
        if last is not None and now < last - clock_mod.STEP_S and not isinstance(event, ClockStepped) \
                and self._marked_behind is None:
            self._marked_behind = now - last
            marked = await self.journal.append(ClockStepped(step_s=round(now - last, 3)), last)
            self._absorb([marked])
        at = now if last is None or now >= last else last
        if last is not None and now >= last:
            self._marked_behind = None
        entry = await self.journal.append(event, at)
        self._absorb([entry])
        return entry

    async def record_together(self, events: list[Event]) -> list[JournalEntry]:
        """Check actions that stand or fall together, each against the state the ones before it
        leave, then write them in one transaction and apply them. ProcedureError if any is refused:
        then none is written."""
        trial = self.state
        now, last = self.clock(), self.entries[-1].at if self.entries else None
        at = now if last is None or now >= last else last  # never before the last event (_append)
        for n, event in enumerate(events):
            reason = refusal(trial, event)
            if reason is not None:
                raise ProcedureError(reason)
            if n < len(events) - 1:
                if trial is self.state:
                    trial = trial.copy()
                trial.apply(JournalEntry(seq=trial.last_seq + 1, at=at, event=event))
        entries = await self.journal.append_all(events, at)
        self._absorb(entries)
        return entries

    async def mind_the_clock(self) -> str | None:
        """For the dais, every second or so: a step of the computer's clock since the last look,
        marked in the journal (ClockStepped) and said in one line; None when there was none.
        Only a SteadyClock can tell; the dais goes on with its own steady time either way."""
        departure = getattr(self.clock, "departure", None)
        if departure is None or not self.journal.writable:
            return None
        moved = float(departure()) - self._departure
        if abs(moved) < clock_mod.STEP_S:
            return None
        self._departure += moved
        await self._append(ClockStepped(step_s=round(moved, 3)))
        return step_notice(moved)

    async def keep_order(self) -> str | None:
        """At opening: a clock behind the journal's last event (the computer's clock went back
        while the dais was closed) moves on to it, marked in the journal and said in one line."""
        hold = getattr(self.clock, "hold_at_least", None)
        if hold is None or not self.entries or not self.journal.writable:
            return None
        moved = float(hold(self.entries[-1].at))
        if moved < clock_mod.STEP_S:
            return None
        self._departure -= moved
        await self._append(ClockStepped(step_s=round(-moved, 3)))
        return step_notice(-moved)

    # -- the secretary's actions ----------------------------------------------------------

    async def request_floor(self, participant_id: str, on_behalf_of: str | None = None,
                            group_id: str | None = None, inbox: int | None = None) -> JournalEntry:
        return await self.record(FloorRequested(participant_id=participant_id, on_behalf_of=on_behalf_of or None,
                                                group_id=group_id if on_behalf_of else None, inbox=inbox))

    async def decline_inbox(self, inbox: int, reason: str) -> JournalEntry:
        return await self.record(InboxDeclined(inbox=inbox, reason=reason))

    async def withdraw_from_inbox(self, request_id: int, inbox: int) -> JournalEntry:
        return await self.record(RequestWithdrawn(request=request_id, inbox=inbox))

    async def issue_codes(self, codes: list[AccessCode]) -> JournalEntry:
        return await self.record(CodesIssued(codes=tuple(codes)))

    async def revoke_code(self, code: str) -> JournalEntry:
        return await self.record(CodeRevoked(code=code))

    async def withdraw(self, request_id: int) -> JournalEntry:
        return await self.record(RequestWithdrawn(request=request_id))

    async def give_floor(self, request_id: int | None = None) -> JournalEntry:
        """Give the floor to a waiting request; to the next in line when none is named."""
        queue = self.state.queue()
        if request_id is None:
            if not queue:
                raise ProcedureError(_("nobody is waiting for the floor"))
            request = queue[0]
        elif (named := self.state.requests.get(request_id)) is not None:
            request = named
        else:
            raise ProcedureError(_("there is no such request"))
        queue_ids = [r.id for r in queue]
        out_of_turn = request.id in queue_ids and queue_ids.index(request.id) > 0
        return await self._give(request.participant_id, request.id, out_of_turn)

    async def call_out_of_turn(self, participant_id: str) -> JournalEntry:
        """The chair's call: the floor to anyone on the roster now, out of turn. A waiting request
        of theirs is the one taken (first in line, it is simply their turn)."""
        request = self.state.waiting_request_of(participant_id)
        if request is not None:
            return await self.give_floor(request.id)
        return await self._give(participant_id, None, True)

    async def _give(self, participant_id: str, request_id: int | None, out_of_turn: bool) -> JournalEntry:
        item = self.state.item
        allotted = speaker_limit(item, self.roster.get(participant_id)) if participant_id in self.roster \
            else item.floor_limit
        role = FLOOR_ROLE
        if item.kind is ItemKind.RIGHT_OF_REPLY:
            role = RIGHT_OF_REPLY_ROLE
            reply = right_of_reply_time(self.state, participant_id)
            if reply is None:
                name = self.roster.name(participant_id)
                raise ProcedureError(_("{name} has already replied twice on this item (decision 34/401)").format(name=name))
            allotted = reply
        head = self.roster.get(participant_id).head if participant_id in self.roster else None
        return await self.record(
            FloorGiven(
                participant_id=participant_id,
                role=role,
                allotted_s=allotted,
                warning_s=min(item.warning, allotted - 1),
                request=request_id,
                out_of_turn=out_of_turn,
                person=head.name if head is not None else None,  # the list's head of delegation
            )
        )

    async def give_floor_to_panel(self, member: PanelMember) -> JournalEntry:
        """Give the floor to someone on the item's panel, with the role's set time."""
        if member.id not in self.roster:
            await self.record(ParticipantAdded(participant=panel_participant(member)))
        warning = min(self.state.item.warning, max(0, member.time - 1))
        return await self.record(
            FloorGiven(participant_id=member.id, role=member.role, allotted_s=member.time, warning_s=warning)
        )

    async def point_of_order(self, participant_id: str) -> JournalEntry:
        item = self.state.item
        return await self.record(
            PointOfOrder(participant_id=participant_id, allotted_s=item.floor_limit, warning_s=item.warning)
        )

    async def end_floor(self) -> JournalEntry:
        return await self.record(FloorEnded())

    async def pause(self) -> JournalEntry:
        return await self.record(ClockPaused())

    async def resume(self) -> JournalEntry:
        return await self.record(ClockResumed())

    async def toggle_pause(self) -> JournalEntry:
        current = self.state.speaking
        if current is not None and clock_mod.is_paused(current):
            return await self.resume()
        return await self.pause()

    async def extend(self, seconds: float = EXTENSION_S) -> JournalEntry:
        return await self.record(TimeExtended(seconds=seconds))

    async def close_list(self) -> JournalEntry:
        return await self.record(ListClosed())

    async def reopen_list(self) -> JournalEntry:
        return await self.record(ListReopened())

    async def toggle_list(self) -> JournalEntry:
        return await (self.reopen_list() if self.state.list_closed else self.close_list())

    async def advance_item(self, to_item: str | None = None, carry_queue: bool = True) -> JournalEntry:
        if to_item is None:
            following = self.state.next_item
            if following is None:
                raise ProcedureError(_("this is the last item of the programme"))
            to_item = following.id
        return await self.record(ItemAdvanced(to_item=to_item, carry_queue=carry_queue))

    async def move(self, request_id: int, direction: str) -> JournalEntry:
        return await self.record(RequestMoved(request=request_id, direction=direction))

    async def correct(self, intervention_id: int, **changes: object) -> JournalEntry:
        return await self.record(InterventionCorrected(intervention=intervention_id, **changes))

    async def adjourn(self, carry_queue: bool = False) -> JournalEntry:
        """Adjourn until the next day's first item: it starts with its first speaker that day.
        The waiting requests go with it, or are cleared, as the secretary chose."""
        following = next_day_item(self.state.programme, self.state.item)
        if following is None:
            raise ProcedureError(_("this is not the last item of its day"))
        return await self.record(ItemAdvanced(to_item=following.id, carry_queue=carry_queue, adjourned=True))

    # -- the meeting's calendar (console/room/calendar.py) ------------------------------------

    async def redate(self, shift_min: int, rehearsal: bool = False) -> JournalEntry:
        """Move the meeting's calendar; only before it begins, so no time already kept moves."""
        if self.state.interventions or self.state.item_started:
            raise ProcedureError(_("{name} has already begun; re-date a new meeting instead").format(name=self.path.name))
        return await self.record(ProgrammeRedated(shift_min=shift_min, rehearsal=rehearsal))

    async def rehearse(self) -> JournalEntry:
        """A rehearsal that begins now, rounded up to the next five minutes, at any hour."""
        return await self.redate(rehearsal_shift(self.state.programme, self.now()), rehearsal=True)

    async def move_to(self, on: dt.date, at: dt.time | None = None) -> JournalEntry:
        return await self.redate(redate_shift(self.state.programme, on, at))

    # -- changes to the programme during the session ------------------------------------

    async def change_floor_limit(self, item_id: str, seconds: int) -> JournalEntry:
        return await self.record(FloorLimitChanged(item=item_id, floor_limit=seconds))

    async def set_budget(self, item_id: str, budget: Budget) -> JournalEntry:
        return await self.record(BudgetSet(item=item_id, budget=budget))

    async def clear_budget(self, item_id: str, holder: tuple[str, str]) -> JournalEntry:
        return await self.record(BudgetCleared(item=item_id, holder=holder))

    async def move_item_end(self, item_id: str, end: str) -> JournalEntry:
        return await self.record(ItemEndMoved(item=item_id, end=end))

    async def add_item(self, item: AgendaItem, after: str) -> JournalEntry:
        return await self.record(ItemAdded(item=item, after=after))

    async def set_panel_member(self, item_id: str, member: PanelMember, replaces: str | None = None) -> JournalEntry:
        return await self.record(PanelMemberSet(item=item_id, member=member, replaces=replaces))

    async def change_policy(self, item_id: str, policy: FloorPolicy) -> JournalEntry:
        return await self.record(FloorPolicyChanged(item=item_id, policy=policy))

    async def set_seating(self, seats: dict[str, int]) -> JournalEntry:
        return await self.record(SeatingSet(seats=seats))

    async def list_participants(self, participants: list[Participant], source: str) -> JournalEntry:
        """The list of participants (console/room/participants.py), recorded as one event: ctrl+z undoes it."""
        return await self.record(ParticipantsListed(participants=tuple(participants), source=source))

    async def name_speaker(self, person: str | None, intervention_id: int | None = None) -> JournalEntry:
        """Who speaks for the delegation at the floor (the current intervention unless one is named)."""
        if intervention_id is None:
            speaking = self.state.speaking
            if speaking is None:
                raise ProcedureError(_("nobody has the floor"))
            intervention_id = speaking.id
        return await self.record(SpeakerNamed(intervention=intervention_id, person=" ".join((person or "").split()) or None))

    def newcomer(self, name: str, category: Category) -> Participant:
        """The participant a newcomer would join as (its name tidied: console.floor.rules.newcomer_name);
        ProcedureError if it cannot join."""
        name = newcomer_name(name)
        if not name:
            raise ProcedureError(_("a newcomer needs a name"))
        if (reason := name_refusal(name) or newcomer_refusal(category)) is not None:
            raise ProcedureError(reason)
        if self.roster.by_name(name) is not None:
            raise ProcedureError(_("{name} is already in the roster").format(name=name))
        return Participant(id=newcomer_id(name, category, self.roster), name=name, category=category)

    async def add_participant(self, name: str, category: Category) -> Participant:
        """A newcomer joins the meeting's roster once; from then on it is found like the rest."""
        participant = self.newcomer(name, category)
        await self.record(ParticipantAdded(participant=participant))
        return participant

    async def request_floor_as_newcomer(self, name: str, category: Category, on_behalf_of: str | None = None,
                                        group_id: str | None = None) -> tuple[Participant, JournalEntry]:
        """A newcomer joins the roster and asks for the floor: one transaction, so the journal
        never holds the one without the other (issue 29: the request was lost after the newcomer)."""
        participant = self.newcomer(name, category)
        _added, requested = await self.record_together([
            ParticipantAdded(participant=participant),
            FloorRequested(participant_id=participant.id, on_behalf_of=on_behalf_of or None,
                           group_id=group_id if on_behalf_of else None),
        ])
        return participant, requested

    def last_undoable(self) -> JournalEntry | None:
        if not self.state.effective:
            return None
        target = self.state.effective[-1]
        return next(e for e in reversed(self.entries) if e.seq == target)

    async def undo(self) -> JournalEntry:
        """Cancel the last action still in effect, with a new event."""
        target = self.last_undoable()
        if target is None:
            raise ProcedureError(_("there is nothing to undo"))
        return await self.record(Undone(target=target.seq))
