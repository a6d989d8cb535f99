"""The dais's one way into the engine: a session over an open meeting, with the clock, speech and replica.

The screens hold a `Session` (the app owns it) and call its intent methods; they never touch the
journal or the fold. Each intent goes through `Meeting.record`: checked by the rules, written to
the journal, and only then folded, so whatever a screen shows as done is on disk. Refusals come
back as `ProcedureError`, journal failures as `JournalWriteError` (both `DaisError`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dais.console.room import clock as clock_mod
from dais.console.lang.i18n import _
from dais.console.room.calendar import (Heading, adjournment_due, heading, next_day_item, uncovered_marks,
                                   uncovered_notice)
from dais.console.floor.budgets import BudgetLine, budget_lines, used_up_among, used_up_budget
from dais.console.floor.forecast import Forecast, QueueRow, queue_rows, zone
from dais.console.floor.rules import clashes, clashes_created, new_item
from dais.console.voice.speech import clock_phrases, floor_phrase

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from dais.console.record.fold import MeetingState
    from dais.console.floor.inbox import InboxRow
    from dais.console.floor.meeting import Meeting
    from dais.console.standby.replicate import Replicator
    from dais.console.room.roster import Groups, LookupContext, Ranking, Roster
    from dais.console.settings import Settings
    from dais.console.voice.speech import Announcer
    from dais.models.speaker_log import LogCorrection, LogIntervention
    from dais.models import (AgendaItem, Budget, Category, FloorPolicy, ItemKind, JournalEntry, PanelMember, Participant,
                             Person)


@dataclass(frozen=True, slots=True)
class LogRow:
    """One row of the speaker log, with its corrections, as exported (`dais.speaker-log/1`)."""

    entry: LogIntervention
    corrections: list[LogCorrection] = field(default_factory=list)

    @property
    def intervention_id(self) -> int:
        """The fold's id of the intervention (the key corrections use), carried by the row."""
        return self.entry.intervention_id


class Session:
    """An open meeting at the dais, and everything the screens may ask of it."""

    def __init__(
        self,
        meeting: Meeting,
        *,
        clock: clock_mod.Clock,
        settings: Settings,
        announcer: Announcer,
        replicator: Replicator | None = None,
    ) -> None:
        self.meeting = meeting
        self.clock = clock
        self.settings = settings
        self.announcer = announcer
        self.replicator = replicator  # Litestream, when the meeting is replicated (console/standby/replicate.py)
        self._groups: Groups | None = None
        from dais.console.floor.inbox import RoomInbox

        self.room = RoomInbox(meeting.path)  # requests from the room's phones (dais serve --requests)

    # -- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> MeetingState:
        """The fold of every event in the journal, as of the last action."""
        return self.meeting.state

    @property
    def roster(self) -> Roster:
        return self.meeting.roster

    @property
    def events(self) -> int:
        """How many events the journal holds: a screen compares it to know the fold has changed."""
        return len(self.meeting.entries)

    @property
    def path(self) -> Path:
        return self.meeting.path

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.state)

    def now(self) -> float:
        return self.clock()

    def queue(self, now: float | None = None) -> tuple[list[QueueRow], Forecast]:
        """The speaking order with its forecast: the rows shown, the "next" row and what `n` does."""
        return queue_rows(self.state, self.now() if now is None else now)

    def reading(self, now: float | None = None) -> clock_mod.ClockReading | None:
        """The clock of whoever has the floor; None when the floor is free."""
        speaking = self.state.speaking
        return None if speaking is None else clock_mod.read(speaking, self.now() if now is None else now)

    def last_undoable(self) -> JournalEntry | None:
        return self.meeting.last_undoable()

    def speaker_log(self) -> list[LogRow]:
        """The speaker log as of now, each row keyed by its intervention's id."""
        from dais.console.report.export import speaker_log

        log = speaker_log(self.state, as_of=self.now())
        by_order: dict[int, list[LogCorrection]] = {}
        for correction in log.corrections:  # a correction names its row by the row's `order`
            by_order.setdefault(correction.intervention, []).append(correction)
        return [LogRow(entry, by_order.get(entry.order, [])) for entry in log.interventions]

    def overrun_change(self, intervention_id: int, **changes: float) -> tuple[float, float]:
        """The intervention's overrun before and after a correction of its times."""
        from dais.console.record.audit import overrun_change

        return overrun_change(self.state, intervention_id, **changes)

    # -- the floor -------------------------------------------------------------------------

    async def request_floor(self, participant_id: str, on_behalf_of: str | None = None,
                            group_id: str | None = None) -> JournalEntry:
        """`group_id` names a known group (console/data/groups.csv); without it, `on_behalf_of` is free text."""
        return await self.meeting.request_floor(participant_id, on_behalf_of, group_id)

    # -- requests from the room (console/floor/inbox.py) -------------------------------------------

    async def poll_inbox(self) -> bool:
        """Whether new rows came into the room's inbox since the last look."""
        return await self.room.poll()

    def pending_inbox(self) -> list[InboxRow]:
        """The requests from the room waiting for the secretary, oldest first."""
        from dais.console.floor.inbox import pending

        return pending(self.room.rows, self.state)

    def inbox_withdrawals(self) -> list[tuple[InboxRow, int]]:
        """Requests in the speaking order that their delegation withdrew from the phone."""
        from dais.console.floor.inbox import withdrawals_due

        return withdrawals_due(self.room.rows, self.state)

    async def revoke_code(self, code: str) -> JournalEntry:
        """A code handed out stops asking for the floor (a phone lost during the session)."""
        from dais.console.floor.inbox import normal_code

        return await self.meeting.revoke_code(normal_code(code))

    def code_holder(self, code: str) -> str:
        """Whose the code is, for the notice: a delegation's name, or "Secretary"."""
        from dais.console.floor.inbox import normal_code

        found = self.state.codes.get(normal_code(code))
        if found is None or found.participant_id is None or found.participant_id not in self.roster:
            return _("Secretary") if found is not None else "?"
        return self.roster.name(found.participant_id)

    async def close_inbox(self) -> None:
        await self.room.close()

    async def take_from_inbox(self, row: InboxRow) -> JournalEntry:
        """The pending request into the speaking order: the usual request, marked with its row."""
        group = self.groups.resolve(row.on_behalf_of) if row.on_behalf_of else None
        return await self.meeting.request_floor(row.participant_id, row.on_behalf_of,
                                                group.id if group is not None else None, inbox=row.id)

    async def decline_inbox(self, row: InboxRow, reason: str) -> JournalEntry:
        return await self.meeting.decline_inbox(row.id, reason)

    async def withdraw_from_inbox(self, withdrawal: InboxRow, request_id: int) -> JournalEntry:
        """A delegate withdrew from the phone a request already in the speaking order."""
        return await self.meeting.withdraw_from_inbox(request_id, withdrawal.id)

    def lookup(self, query: str, limit: int = 8, context: LookupContext | None = None) -> Ranking:
        """The roster's matches for what the secretary types, this meeting's delegations first:
        those seated (the seating list), then those already active (asked for the floor, spoke).
        `context`: `lookup_context()` taken once for a form's many letters (the default: now)."""
        return self.state.roster.rank(query, context if context is not None else self.lookup_context(), limit)

    def lookup_context(self) -> LookupContext:
        """Who the lookup puts first: the seated, then the active. It reads every request and
        intervention (20,000 in a long meeting, a millisecond), so a form takes it once."""
        return self.state.lookup_context()

    @property
    def groups(self) -> Groups:
        """The groups a delegation may speak for, with their members where shipped."""
        if self._groups is None:
            from dais.console.room.roster import Groups

            self._groups = Groups.reference()
        return self._groups

    async def add_newcomer(self, name: str, category: Category) -> Participant:
        """A newcomer joins the roster (the rule: console.floor.rules.NEWCOMER_CATEGORIES)."""
        return await self.meeting.add_participant(name, category)

    async def request_floor_as_newcomer(self, name: str, category: Category, on_behalf_of: str | None = None,
                                        group_id: str | None = None) -> Participant:
        """A newcomer joins the roster and asks for the floor, both or neither (one transaction)."""
        participant, _entry = await self.meeting.request_floor_as_newcomer(name, category, on_behalf_of, group_id)
        return participant

    def refuses_requests(self) -> str | None:
        """Why no request can be taken now (the list of speakers is closed), or None."""
        from dais.console.floor.rules import closed_list_refusal

        return closed_list_refusal(self.state)

    def name_refusal(self, name: str) -> str | None:
        """Why a typed name cannot be a newcomer's (too long), or None."""
        from dais.console.floor.rules import name_refusal

        return name_refusal(name)

    async def withdraw(self, request_id: int) -> JournalEntry:
        return await self.meeting.withdraw(request_id)

    def speaker_people(self) -> list[Person]:
        """The people of the delegation at the floor, from the list of participants (none: nobody listed)."""
        speaking = self.state.speaking
        if speaking is None or speaking.participant_id not in self.roster:
            return []
        return list(self.roster.get(speaking.participant_id).people)

    def find_people(self, typed: str, limit: int = 8) -> list[Person]:
        """The floor's delegation's people that match what is typed, best first (console/room/people.py)."""
        from dais.console.room.people import rank_people

        return rank_people(self.speaker_people(), typed, limit)

    async def name_speaker(self, person: str | None) -> JournalEntry:
        """Who speaks for the delegation at the floor: a person of the list, a name as typed, or nobody."""
        return await self.meeting.name_speaker(person)

    async def give_floor(self, request_id: int | None = None) -> JournalEntry:
        """To the next in line (the queue's first row) unless a request is named."""
        return await self.meeting.give_floor(request_id)

    async def call_out_of_turn(self, participant_id: str) -> JournalEntry:
        """The chair's call: the floor now to anyone on the roster, journaled as out of turn
        (their waiting request, if they have one, is the one taken)."""
        return await self.meeting.call_out_of_turn(participant_id)

    async def give_floor_to_panel(self, member: PanelMember) -> JournalEntry:
        return await self.meeting.give_floor_to_panel(member)

    async def point_of_order(self, participant_id: str) -> JournalEntry:
        return await self.meeting.point_of_order(participant_id)

    async def end_floor(self) -> JournalEntry:
        return await self.meeting.end_floor()

    async def toggle_pause(self) -> JournalEntry:
        return await self.meeting.toggle_pause()

    async def extend(self) -> JournalEntry:
        return await self.meeting.extend()

    async def toggle_list(self) -> JournalEntry:
        return await self.meeting.toggle_list()

    async def advance_item(self, carry_queue: bool = True) -> JournalEntry:
        """On to the programme's next item, with the waiting requests or without them."""
        return await self.meeting.advance_item(carry_queue=carry_queue)

    async def move(self, request_id: int, direction: str) -> JournalEntry:
        return await self.meeting.move(request_id, direction)

    # -- the meeting's calendar -----------------------------------------------------------

    def heading(self, now: float | None = None) -> Heading:
        """Title, venue, the day being run, the local time with its zone, REHEARSAL, and the
        mark of a meeting held on a date its programme does not cover."""
        moment = self.now() if now is None else now
        state = self.state
        head = heading(state.programme, state.item, moment, state.item_started.get(state.item.id))
        forms = uncovered_marks(state.programme, moment, self._name())
        return replace(head, notice=forms[0] if forms else None, notice_forms=forms)

    def _name(self) -> str:
        from dais.console.settings import data_dir

        return self.path.stem if self.path.parent == data_dir() else str(self.path)

    def calendar_notice(self) -> str | None:
        """One line when today is not a day of the programme, with the command that re-dates it."""
        return uncovered_notice(self.state.programme, self.now(), self._name())

    def adjourns_to(self) -> AgendaItem | None:
        """The next day's first item, when the current item is the last of its day."""
        return next_day_item(self.state.programme, self.state.item)

    @property
    def adjournment_due(self) -> AgendaItem | None:
        """The next day's first item, when the day's last item is over (its last speaker done or
        its scheduled end past, nobody waiting): the dais offers to adjourn until then."""
        state = self.state
        item = state.item
        if next_day_item(state.programme, item) is None:
            return None  # most of the day: no walk over the interventions
        return adjournment_due(state.programme, item, self.now(), floor_taken=bool(state.floor),
                               waiting=len(state.waiting()),
                               spoken=any(i.item_id == item.id for i in state.interventions.values()))

    async def adjourn(self, carry_queue: bool = False) -> JournalEntry:
        """Adjourn until the next day's first item (it starts with its first speaker then), with
        the waiting requests or without them."""
        return await self.meeting.adjourn(carry_queue)

    async def undo(self) -> JournalEntry:
        return await self.meeting.undo()

    async def correct(self, intervention_id: int, **changes: object) -> JournalEntry:
        return await self.meeting.correct(intervention_id, **changes)

    # -- time budgets (console/floor/budgets.py) ---------------------------------------------------

    def budgets(self, now: float | None = None) -> list[BudgetLine]:
        """The current item's total budgets, with what is left of each as of now."""
        return budget_lines(self.state, self.now() if now is None else now)

    def used_up_among(self, lines: list[BudgetLine], participants: list[Participant]) -> set[str]:
        """Which of these participants speak on a used-up budget of those lines."""
        return used_up_among(lines, participants)

    def used_up_budget(self, participant_id: str, now: float | None = None) -> BudgetLine | None:
        """The participant's budget on the current item that is used up, if one is."""
        return used_up_budget(self.state, participant_id, self.now() if now is None else now)

    async def set_budget(self, item_id: str, budget: Budget) -> JournalEntry:
        """Set or change an item's budget for a holder; a limit or total not given is kept."""
        item = self.state.programme.item(item_id)
        old = next((b for b in item.budgets if b.key == budget.key), None)
        if old is not None:
            given = ("limit", "total")
            kept = {name: getattr(budget, name) for name in given if getattr(budget, name) is not None}
            budget = old.model_copy(update=kept)
        return await self.meeting.set_budget(item_id, budget)

    async def clear_budget(self, item_id: str, holder: tuple[str, str]) -> JournalEntry:
        return await self.meeting.clear_budget(item_id, holder)

    # -- the programme during the session --------------------------------------------------

    async def set_limit(self, item_id: str, seconds: int) -> JournalEntry:
        return await self.meeting.change_floor_limit(item_id, seconds)

    def clashes(self) -> list[str]:
        """Items of the programme as changed so far that overlap the next, or fall past its days."""
        return clashes(self.state.programme)

    def clashes_if_end_moved(self, item_id: str, end: dt.time) -> list[str]:
        """The clashes that moving the item's end would create (none: go ahead without asking)."""
        from dais.models import ItemEndMoved

        return clashes_created(self.state, ItemEndMoved(item=item_id, end=end))

    def clashes_if_added(self, kind: ItemKind, after: AgendaItem, title: str, start: dt.time,
                         end: dt.time) -> list[str]:
        """The clashes that adding the item would create. ValueError if the item is malformed."""
        from dais.models import ItemAdded

        item = new_item(self.state.programme, kind, after, title, start, end)
        return clashes_created(self.state, ItemAdded(item=item, after=after.id))

    async def move_item_end(self, item_id: str, end: dt.time) -> JournalEntry:
        return await self.meeting.move_item_end(item_id, f"{end:%H:%M}")

    async def change_policy(self, item_id: str, policy: FloorPolicy) -> JournalEntry:
        return await self.meeting.change_policy(item_id, policy)

    async def set_panel_member(self, item_id: str, member: PanelMember, replaces: str | None = None) -> JournalEntry:
        return await self.meeting.set_panel_member(item_id, member, replaces)

    async def add_item(self, kind: ItemKind, after: AgendaItem, title: str, start: dt.time,
                       end: dt.time) -> JournalEntry:
        """A new item after `after`, with the rules' defaults for its kind (console.floor.rules.new_item).
        ValueError if the item is malformed (e.g. it ends before it starts)."""
        item = new_item(self.state.programme, kind, after, title, start, end)
        return await self.meeting.add_item(item, after.id)

    # -- speech ----------------------------------------------------------------------------

    def announce_floor(self) -> None:
        """Say who has the floor, if anyone does."""
        speaking = self.state.speaking
        if speaking is not None:
            self.announcer.announce(floor_phrase(self.state, speaking, self.announcer.settings.language))

    def announce_clock(self, now: float, said: set[tuple[int, str]]) -> None:
        """The clock's warnings and time-up, each said once per intervention (`said` remembers)."""
        for phrase in clock_phrases(self.state, now, said, self.announcer.settings):
            self.announcer.announce(phrase)

    def toggle_mute(self) -> bool:
        return self.announcer.toggle_mute()

    # -- export ----------------------------------------------------------------------------

    async def export(self, fmt: str) -> Path:
        """The speaker log in a format, from the state in hand, beside the meeting file; written
        whole or not at all. The figures are as of the last event, as `dais export` gives them."""
        from dais.console.report.export import default_output, render, speaker_log, write_atomically

        entries = self.meeting.entries
        log = speaker_log(self.state, as_of=entries[-1].at if entries else None)
        target = default_output(self.path, fmt)
        data = await asyncio.to_thread(render, log, fmt)
        await asyncio.to_thread(write_atomically, target, data)
        return target
