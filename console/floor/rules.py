"""The rules that refuse an action before it reaches the journal.

`refusal(state, event)` is pure: it returns the reason an action cannot be taken now, or None.
"""

from __future__ import annotations

from dais.console.lang.i18n import _, category_label
from dais.console.room import clock
from dais.console.room.calendar import end_past_midnight, placed_after, shifted
from dais.console.record.fold import MeetingState
from dais.models import (
    AgendaItem,
    BudgetCleared,
    BudgetSet,
    FloorRequest,
    Category,
    ClockPaused,
    CodeRevoked,
    CodesIssued,
    InboxDeclined,
    FloorLimitChanged,
    FloorPolicyChanged,
    ItemAdded,
    ItemEndMoved,
    PanelMemberSet,
    ClockResumed,
    Event,
    FloorEnded,
    FloorGiven,
    FloorRequested,
    InterventionCorrected,
    ItemAdvanced,
    ListClosed,
    ListReopened,
    ParticipantAdded,
    ParticipantsListed,
    PointOfOrder,
    ProgrammeRedated,
    RequestMoved,
    RequestStatus,
    RequestWithdrawn,
    SeatingSet,
    SpeakerNamed,
    TimeExtended,
    Undone,
)


def closed_list_refusal(state: MeetingState) -> str | None:
    """Rule 73: once the list of speakers is closed, no new request is taken."""
    if state.list_closed:
        return _("The list of speakers is closed (rule 73): no new requests are taken. "
                 "A point of order can still be raised; reopen the list (l) to add speakers.")
    return None


def refusal(state: MeetingState, event: Event) -> str | None:
    roster = state.roster
    changed_item = getattr(event, "item", None)
    if isinstance(changed_item, str) and _item(state, changed_item) is None:
        return _("there is no item {changed_item!r}").format(changed_item=changed_item)  # a change to the programme names its item
    match event:
        case FloorRequested(inbox=inbox) | InboxDeclined(inbox=inbox) if inbox is not None and (
                inbox in state.inbox_taken or inbox in state.inbox_declined):
            return _("that request from the room has already been dealt with")
        case CodesIssued(codes=codes):
            issued = sorted(c.code for c in codes if c.code in state.codes)
            if issued or len({c.code for c in codes}) < len(codes):
                return _("code {code} has already been handed out").format(code=(issued or [codes[0].code])[0])
            unknown = sorted(c.participant_id for c in codes if c.participant_id is not None
                             and c.participant_id not in roster)
            if unknown:
                return _("{pid!r} is not in this meeting's roster").format(pid=unknown[0])
        case CodeRevoked(code=code):
            if code not in state.codes:
                return _("there is no code {code} in this meeting").format(code=code)
            if code in state.revoked:
                return _("code {code} is already revoked").format(code=code)
        case FloorRequested(participant_id=pid):
            if pid not in roster:
                return _("{pid!r} is not in this meeting's roster; add the newcomer first").format(pid=pid)
            name = roster.name(pid)
            if roster.get(pid).category is Category.PANEL:
                return _("{name} is on the panel: give the floor with the panel key (f), not a request").format(name=name)
            if (closed := closed_list_refusal(state)) is not None:
                return closed
            waiting = state.waiting_request_of(pid)
            if waiting is not None:
                position = [r.id for r in state.queue()].index(waiting.id) + 1
                return _("{name} is already waiting for the floor (no. {position} in line)").format(name=name, position=position)
        case RequestWithdrawn(request=rid):
            if _waiting(state, rid) is None:
                return _("that request is not waiting")
        case FloorGiven(request=rid, participant_id=pid, out_of_turn=out_of_turn):
            if pid not in roster:
                return _("{pid!r} is not in this meeting's roster").format(pid=pid)
            if out_of_turn and rid is None and roster.get(pid).category is Category.PANEL:
                return _("{name} is on the panel: give the floor with the panel key (f)").format(name=roster.name(pid))
            if rid is not None:
                request = _waiting(state, rid)
                if request is None:
                    return _("that request is not waiting")
                if request.participant_id != pid:
                    return _("the request belongs to someone else")
        case PointOfOrder(participant_id=pid):
            if pid not in roster:
                return _("{pid!r} is not in this meeting's roster; add the newcomer first").format(pid=pid)
            current = state.speaking
            if current is not None and current.point_of_order:
                return _("a point of order is being heard; end it first (e)")
        case ClockPaused():
            if state.speaking is None:
                return _("nobody has the floor")
            if clock.is_paused(state.speaking):
                return _("the clock is already paused")
        case ClockResumed():
            if state.speaking is None:
                return _("nobody has the floor")
            if not clock.is_paused(state.speaking):
                return _("the clock is not paused")
        case TimeExtended(seconds=seconds):
            if state.speaking is None:
                return _("nobody has the floor")
            if seconds <= 0:
                return _("an extension adds time")
        case FloorEnded():
            if state.speaking is None:
                return _("nobody has the floor")
        case ListClosed():
            if state.list_closed:
                return _("the list of speakers is already closed")
        case ListReopened():
            if not state.list_closed:
                return _("the list of speakers is open")
        case ItemAdvanced(to_item=item_id):
            try:
                state.programme.index(item_id)
            except KeyError:
                return _("there is no item {item_id!r} in the programme").format(item_id=item_id)
            if item_id == state.item.id:
                return _("that item is already the current one")
        case RequestMoved(request=rid, direction=direction):
            queue = [r.id for r in state.queue()]
            if rid not in queue:
                return _("that request is not waiting")
            index = queue.index(rid)
            if direction == "up" and index == 0:
                return _("that request is already first in line")
            if direction == "down" and index == len(queue) - 1:
                return _("that request is already last in line")
        case InterventionCorrected(intervention=iid, participant_id=pid, started_at=start, ended_at=end):
            target = state.interventions.get(iid)
            if target is None:
                return _("there is no such intervention")
            if pid is not None and pid not in roster:
                return _("{pid!r} is not in this meeting's roster").format(pid=pid)
            new_start = start if start is not None else target.started_at
            new_end = end if end is not None else target.ended_at
            if new_end is not None and new_end < new_start:
                return _("the end would come before the start")
        case ProgrammeRedated(shift_min=shift):
            try:
                shifted(state.programme, dt.timedelta(minutes=shift))
            except (OverflowError, ValueError):  # it was written, then every fold of the file failed
                return _("the programme cannot be moved there: its days would fall outside the calendar's "
                         "years 1 to 9999")
        case ParticipantAdded(participant=participant):
            if participant.id in roster:
                return _("{name} is already in the roster").format(name=participant.name)
            if roster.by_name(participant.name) is not None:
                return _("{name} is already in the roster").format(name=participant.name)
        case ParticipantsListed(participants=listed):
            if not listed:
                return _("the list of participants is empty")
            if len({p.id for p in listed}) != len(listed):
                return _("the list of participants names a delegation twice")
        case SpeakerNamed(intervention=iid):
            if iid not in state.interventions:
                return _("there is no such intervention")
            if state.interventions[iid].point_of_order:
                return _("a point of order names no speaker of a delegation")
        case SeatingSet(seats=seats):
            unknown = sorted(pid for pid in seats if pid not in roster)
            if unknown:
                return _("unknown delegations in the seating list: ") + ", ".join(unknown[:5])
            numbers = list(seats.values())
            if len(set(numbers)) != len(numbers):
                return _("two delegations share a seat number")
        case FloorLimitChanged(item=item_id, floor_limit=limit):
            item = state.programme.item(item_id)
            if limit <= item.warning:
                return _("the limit must be longer than the {warning} s warning").format(warning=item.warning)
        case ItemEndMoved(item=item_id, end=end):
            item = state.programme.item(item_id)
            if end <= item.start and not end_past_midnight(state.programme, item, end):
                return _("end {end:%H:%M} is before start {start:%H:%M}").format(end=end, start=item.start)
        case FloorPolicyChanged(item=item_id, policy=policy):
            item = state.programme.item(item_id)
            if item.policy == policy:
                return _("the policy is already {value}").format(value=policy.value)
        case ItemAdded(item=new, after=after):
            if _item(state, after) is None:
                return _("there is no item {after!r}").format(after=after)
            if _item(state, new.id) is not None:
                return _("an item {id!r} already exists").format(id=new.id)
        case PanelMemberSet(item=item_id, member=member, replaces=replaces):
            item = state.programme.item(item_id)
            names = [p.name for p in item.people]
            if replaces is not None and replaces not in names:
                return _("{replaces} is not on this panel").format(replaces=replaces)
            if member.name in names and member.name != replaces:
                return _("{name} is already on this panel").format(name=member.name)
        case BudgetSet(budget=budget):
            if budget.delegation is not None and budget.delegation not in roster:
                return _("{delegation!r} is not in this meeting's roster").format(delegation=budget.delegation)
        case BudgetCleared(item=item_id, holder=holder):
            if holder not in [b.key for b in state.programme.item(item_id).budgets]:
                return _("this item has no budget for {holder}").format(holder=holder[1])
        case Undone(target=target):
            if target not in state.effective:
                return _("that action cannot be undone")
    return None


def _item(state: MeetingState, item_id: str) -> AgendaItem | None:
    try:
        return state.programme.item(item_id)
    except KeyError:
        return None


def right_of_reply_time(state: MeetingState, participant_id: str) -> int | None:
    """Decision 34/401: at most two replies per item, the first 10 minutes, the second 5."""
    replies = sum(1 for i in state.interventions.values()
                  if i.item_id == state.item.id and i.participant_id == participant_id and not i.point_of_order)
    return RIGHT_OF_REPLY_S[replies] if replies < len(RIGHT_OF_REPLY_S) else None


def _waiting(state: MeetingState, request_id: int) -> FloorRequest | None:
    request = state.requests.get(request_id)
    if request is None or request.status is not RequestStatus.WAITING:
        return None
    return request


# -- one home for rules the screens used to hold (issue 15) ------------------------------------
# (imported here, beside the rules that need them, so this section stays one block)

import datetime as dt  # noqa: E402
import itertools  # noqa: E402

from dais.models import FloorPolicy, ItemKind, Programme  # noqa: E402

RIGHT_OF_REPLY_S = (600, 300)
"""Decision 34/401: the first reply on an item is 10 minutes, the second 5; there is no third."""

NEWCOMER_CATEGORIES = (
    Category.STAKEHOLDER,
    Category.NHRI,
    Category.INTERGOVERNMENTAL,
    Category.UN_SYSTEM,
    Category.OBSERVER_STATE,
)
"""Who may join the roster during the meeting, in the order the dais offers them. Member States
are all in the reference roster already, and the panel is set on the programme."""

ADDED_ITEM_KINDS = (
    ItemKind.INFORMAL_DIALOGUE,
    ItemKind.RIGHT_OF_REPLY,
    ItemKind.INTERACTIVE_DISCUSSION,
    ItemKind.PANEL,
    ItemKind.BREAK,
    ItemKind.CLOSING,
)
"""The kinds of item the secretary may add to the programme during the session."""


NAME_LIMIT = 150
"""The longest name a newcomer may have, in characters: the longest UN names of organisations
are about 100 ("International Federation of Red Cross and Red Crescent Societies" is 66)."""

# Lower case inside a name (not as its first word): "Migrant Forum in Asia", "Médecins du Monde".
SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
                         "the", "to", "with", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la",
                         "le", "les", "par", "pour", "sur", "y"})


# Acronyms a name typed in lower case still spells in capitals.
ACRONYMS = {word.lower(): word for word in ("NGO", "NGOs", "UN", "EU", "LGBT", "LGBTI", "LGBTIQ", "HIV", "AIDS", "ONG")}


def name_refusal(name: str) -> str | None:
    """Why this name cannot be a newcomer's, or None: a name longer than NAME_LIMIT is a slip
    (a paste of a whole text), refused in one line rather than carried into every screen."""
    if len(name) > NAME_LIMIT:
        return _("a name is at most {limit} characters; this one has {length}").format(
            limit=NAME_LIMIT, length=f"{len(name):,}")
    return None


def newcomer_name(typed: str) -> str:
    """A newcomer's name as the record shows it. Spaces are tidied; a name typed all in lower
    case ("oxfam", "amnesty international") is capitalised word by word, small words lowered
    ("Migrant Forum in Asia"); a name with any capital letter in it is kept as typed, since
    the secretary chose its case ("IOM", "WaterAid", "ActionAid")."""
    name = " ".join(typed.split())
    if name != name.lower():
        return name
    words = name.split(" ")
    return " ".join(_capitalised(word, first=n == 0) for n, word in enumerate(words))


def _capitalised(word: str, first: bool) -> str:
    parts = []
    for n, part in enumerate(word.split("-")):
        head, apostrophe, rest = part.partition("'") if "'" in part[:3] else ("", "", part)
        if apostrophe and head in ("d", "l"):  # d'Ivoire, l'Homme: the article stays small
            parts.append((head.upper() if first and n == 0 else head) + "'" + rest[:1].upper() + rest[1:])
            continue
        if part in ACRONYMS:
            parts.append(ACRONYMS[part])
            continue
        if not (first and n == 0) and part in SMALL_WORDS:
            parts.append(part)
            continue
        parts.append(part[:1].upper() + part[1:])
    return "-".join(parts)


def newcomer_refusal(category: Category) -> str | None:
    """Why a newcomer cannot join as this category, or None."""
    if category in NEWCOMER_CATEGORIES:
        return None
    return _("a newcomer cannot be added as {label}").format(label=category_label(category))


def new_item(programme: Programme, kind: ItemKind, after: AgendaItem, title: str, start: dt.time,
             end: dt.time) -> AgendaItem:
    """An item added after `after` during the session, with the defaults for its kind: a right of
    reply has the first reply's time and no panel; an informal dialogue gives stakeholders the
    floor first; otherwise the limit, policy and panel rhythm of the item it follows. Its id is
    its kind numbered after the programme's others. pydantic's ValidationError (a ValueError) if
    it is malformed, e.g. it ends before it starts."""
    ids = {i.id for i in programme.items}
    base = kind.value.replace("_", "-")
    new_id = next(f"{base}-{n}" for n in itertools.count(1) if f"{base}-{n}" not in ids)
    reply = kind is ItemKind.RIGHT_OF_REPLY
    return AgendaItem(
        id=new_id, day=after.day, start=start, end=end, title=title, kind=kind,
        **placed_after(after, start, end),
        floor_limit=RIGHT_OF_REPLY_S[0] if reply else after.floor_limit,
        policy=FloorPolicy.STAKEHOLDERS_FIRST if kind is ItemKind.INFORMAL_DIALOGUE else after.policy,
        panel_every=0 if reply else after.panel_every,
    )


# -- the programme's clashes: overlapping items, items past the meeting's days (issue 18) -----

from dais.models import JournalEntry  # noqa: E402


def clashes(programme: Programme) -> list[str]:
    """Items that overlap the next item of their day, or fall past the meeting's last day, in
    words: "Panel 2 (15:00–18:05) runs into Closing (from 17:50)". The programme file allows
    an overlap (models.programme.cross_check), so the programme screen warns of it instead."""
    found = []
    days = len(programme.meeting.days)
    items = programme.items
    for item, following in zip(items, [*items[1:], None], strict=True):
        if item.day > days:
            found.append(f"{item.title} is on day {item.day}, past the meeting's {days} day(s)")
        if following is not None and following.day == item.day and following.start_minute < item.end_minute:
            found.append(f"{item.title} ({item.start:%H:%M}–{item.end:%H:%M}) runs into "
                         f"{following.title} (from {following.start:%H:%M})")
    return found


def clashes_created(state: MeetingState, event: Event) -> list[str]:
    """The clashes a programme change would add, found by folding it into a copy of the state."""
    trial = state.copy()
    trial.apply(JournalEntry(seq=state.last_seq + 1, at=0.0, event=event))
    before = set(clashes(state.programme))
    return [clash for clash in clashes(trial.programme) if clash not in before]
