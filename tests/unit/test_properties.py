"""Property tests: any sequence of actions keeps the queue whole and in the policy's order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dais.console.record.fold import LiveFold, cancelled_events, fold
from dais.console.floor.meeting import base_roster
from dais.console.room.programme import shipped_programme
from dais.console.floor.rules import refusal
from dais.models import (
    Category,
    Participant,
    ClockPaused,
    ClockResumed,
    FloorEnded,
    FloorGiven,
    FloorRequested,
    InterventionCorrected,
    ItemAdvanced,
    JournalEntry,
    ListClosed,
    ListReopened,
    PointOfOrder,
    RequestMoved,
    RequestWithdrawn,
    TimeExtended,
    Undone,
)

PROGRAMME = shipped_programme()
ROSTER = base_roster(PROGRAMME)
# Newcomers of the two categories the reference roster does not ship.
ROSTER.add(Participant(id="nhri:cncdh", name="CNCDH", category=Category.NHRI))
ROSTER.add(Participant(id="stakeholder:picum", name="PICUM", category=Category.STAKEHOLDER))
SPEAKERS = ["KEN", "MEX", "PSE", "VAT", "EU", "IOM", "ICRC", "BRA", "CHE", "UNHCR", "nhri:cncdh",
            "stakeholder:picum"]
PANEL = PROGRAMME.item("panel-1").people[0]

SHAPES = {
    "request": st.tuples(st.just("request"), st.sampled_from(SPEAKERS), st.sampled_from([None, "African Group"])),
    "withdraw": st.tuples(st.just("withdraw"), st.integers(0, 20)),
    "next": st.tuples(st.just("next")),
    "panel": st.tuples(st.just("panel")),
    "end": st.tuples(st.just("end")),
    "pause": st.tuples(st.just("pause")),
    "resume": st.tuples(st.just("resume")),
    "extend": st.tuples(st.just("extend")),
    "poo": st.tuples(st.just("poo"), st.sampled_from(SPEAKERS)),
    "close": st.tuples(st.just("close")),
    "reopen": st.tuples(st.just("reopen")),
    "advance": st.tuples(st.just("advance"), st.sampled_from(["opening", "panel-1", "dialogue"]), st.booleans()),
    "move": st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from(["up", "down"])),
    "undo": st.tuples(st.just("undo")),
    "again": st.tuples(st.just("again"), st.integers(0, 20)),  # someone who spoke on the item asks again
}
# Requests are a third of the draws, so that queues grow long enough for the order to matter.
KINDS = ["request"] * 6 + ["next", "again"] * 2 + [kind for kind in SHAPES if kind not in ("request", "next", "again")]
action = st.sampled_from(KINDS).flatmap(SHAPES.__getitem__)
# Corrections change done interventions; undo often, to fold again from the checkpoints.
with_corrections = st.one_of(
    action,
    st.tuples(st.just("correct"), st.integers(0, 20), st.sampled_from(SPEAKERS), st.sampled_from([None, "late"])),
    st.tuples(st.just("undo")),
)


def to_event(state, step):
    kind = step[0]
    waiting = state.queue()
    if kind == "request":
        return FloorRequested(participant_id=step[1], on_behalf_of=step[2])
    if kind == "again":
        spoke = sorted(state.spoken_on_item() & set(SPEAKERS))
        if spoke:
            return FloorRequested(participant_id=spoke[step[1] % len(spoke)])
    if kind == "withdraw" and waiting:
        return RequestWithdrawn(request=waiting[step[1] % len(waiting)].id)
    if kind == "next" and waiting:
        r = waiting[0]
        return FloorGiven(participant_id=r.participant_id, role="floor", allotted_s=180, request=r.id)
    if kind == "panel":
        return FloorGiven(participant_id=PANEL.id, role=PANEL.role, allotted_s=PANEL.time)
    if kind == "move" and waiting:
        return RequestMoved(request=waiting[step[1] % len(waiting)].id, direction=step[2])
    if kind == "undo" and state.effective:
        return Undone(target=state.effective[-1])
    if kind == "advance":
        return ItemAdvanced(to_item=step[1], carry_queue=step[2])
    simple = {"end": FloorEnded(), "pause": ClockPaused(), "resume": ClockResumed(), "extend": TimeExtended(),
              "close": ListClosed(), "reopen": ListReopened()}
    if kind in simple:
        return simple[kind]
    if kind == "poo":
        return PointOfOrder(participant_id=step[1], allotted_s=180)
    if kind == "correct" and state.interventions:
        ids = sorted(state.interventions)
        return InterventionCorrected(intervention=ids[step[1] % len(ids)], participant_id=step[2], note=step[3])
    return None


# The procedure, independently of console.room.order (../shared/guide/procedure.md).
STATES_FIRST_TIER = {"member_state": 0, "observer_state": 1, "intergovernmental": 2, "un_system": 3, "nhri": 4,
                     "stakeholder": 5, "panel": 6}
STAKEHOLDERS_FIRST_TIER = {"stakeholder": 0, "nhri": 0, "member_state": 1, "observer_state": 2,
                           "intergovernmental": 3, "un_system": 4, "panel": 5}


def standing(request, state):
    """Where the rules place a request: tier, group statement, repeat speaker."""
    policy = state.item.policy.value
    if policy == "order_of_request":
        return (0, 0, 0)
    who = state.roster.get(request.participant_id)
    tiers = STATES_FIRST_TIER if policy == "states_first" else STAKEHOLDERS_FIRST_TIER
    tier = tiers[who.category.value]
    if who.id == "PSE":  # GA res ES-10/23: among Member States, in the order it asks
        tier = tiers["member_state"]
    if who.id == "EU" and policy == "states_first":  # GA res 65/276: among the major groups
        tier = tiers["member_state"]
    group = 0 if (request.on_behalf_of or who.id == "EU") else 1
    repeat = 1 if who.id in state.spoken.get(state.item.id, set()) else 0  # first-time speakers first
    return (tier, group, repeat)


def procedure_order(requests, state):
    return sorted(requests, key=lambda r: (*standing(r, state), r.id))  # then in the order asked (rule 68)


def same_standing(a, b, state):
    return standing(a, state) == standing(b, state)


def everything(state):
    """All of a state that the screens, watchers and exports can read."""
    return (
        state.requests, state.interventions, state.floor, state.item_index, state.item_started,
        state.item_ended, state.list_closed, state.floor_since_panel, state.spoken, state.cancelled,
        state.effective, state.anomalies, state.last_seq, state.floor_lengths, state.programme,
        [(p.id, p.seat) for p in state.roster],
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(with_corrections, max_size=60), st.integers(1, 5))
def test_the_live_fold_with_checkpoints_equals_a_fresh_fold_at_every_step(steps, every):
    entries: list[JournalEntry] = []
    live = LiveFold(PROGRAMME, ROSTER, entries, every=every)
    for seq, step in enumerate(steps, start=1):
        event = to_event(live.state, step)
        if event is None or refusal(live.state, event) is not None:
            continue
        live.absorb([JournalEntry(seq=len(entries) + 1, at=float(seq * 10), event=event)])
        assert everything(live.state) == everything(fold(PROGRAMME, ROSTER, entries))


@settings(max_examples=150, deadline=None)
@given(st.lists(action, min_size=10, max_size=60))
def test_any_sequence_keeps_the_queue_whole_and_in_policy_order(steps):
    entries: list[JournalEntry] = []
    state = fold(PROGRAMME, ROSTER, entries)
    for seq, step in enumerate(steps, start=1):
        event = to_event(state, step)
        if event is None or refusal(state, event) is not None:
            continue
        entries.append(JournalEntry(seq=len(entries) + 1, at=float(seq * 10), event=event))
        if isinstance(event, Undone):
            state = fold(PROGRAMME, ROSTER, entries)
        else:
            state.apply(entries[-1])
        # The incremental state always equals a fresh fold of the journal.
        fresh = fold(PROGRAMME, ROSTER, entries)
        assert [r.id for r in fresh.queue()] == [r.id for r in state.queue()]
        assert fresh.floor == state.floor

        queue = state.queue()
        ids = [r.id for r in queue]
        # No request is lost, invented or duplicated: the fold holds exactly one request for
        # each request event still in effect, whatever happened to it since.
        in_effect = {e.seq for e in entries if isinstance(e.event, FloorRequested)} - cancelled_events(entries)
        assert set(state.requests) == in_effect
        assert len(ids) == len(set(ids))
        # A participant waits at most once.
        waiting_people = [r.participant_id for r in queue]
        assert len(waiting_people) == len(set(waiting_people))
        # Without manual moves, the order is the procedure's, written out here from the rules
        # and not from dais.console.room.order.
        if not any(r.pin for r in queue):
            assert ids == [r.id for r in procedure_order(queue, state)]
        # Manual moves aside, requests of the same standing keep the order they were asked in.
        for earlier, later in zip(queue, queue[1:]):
            if earlier.pin is None and later.pin is None and same_standing(earlier, later, state):
                assert earlier.id < later.id
