"""Property tests: any sequence of actions keeps the queue whole and in the policy's order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from console import order
from console.fold import LiveFold, fold
from console.meeting import base_roster
from console.programme import shipped_programme
from console.rules import refusal
from models import (
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
    RequestStatus,
    RequestWithdrawn,
    TimeExtended,
    Undone,
)

PROGRAMME = shipped_programme()
ROSTER = base_roster(PROGRAMME)
SPEAKERS = ["KEN", "MEX", "PSE", "VAT", "EU", "IOM", "ICRC", "BRA", "CHE", "UNHCR"]
PANEL = PROGRAMME.item("panel-1").people[0]

action = st.one_of(
    st.tuples(st.just("request"), st.sampled_from(SPEAKERS), st.sampled_from([None, "African Group"])),
    st.tuples(st.just("withdraw"), st.integers(0, 20)),
    st.tuples(st.just("next")),
    st.tuples(st.just("panel")),
    st.tuples(st.just("end")),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("extend")),
    st.tuples(st.just("poo"), st.sampled_from(SPEAKERS)),
    st.tuples(st.just("close")),
    st.tuples(st.just("reopen")),
    st.tuples(st.just("advance"), st.sampled_from(["opening", "panel-1", "dialogue"]), st.booleans()),
    st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from(["up", "down"])),
    st.tuples(st.just("undo")),
)
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
@given(st.lists(action, max_size=40))
def test_any_sequence_keeps_the_queue_whole_and_in_policy_order(steps):
    entries: list[JournalEntry] = []
    state = fold(PROGRAMME, ROSTER, entries)
    accepted_requests = 0
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
        # No request is lost or duplicated: each is in exactly one status, and the queue is
        # exactly the waiting ones.
        assert len(ids) == len(set(ids))
        assert set(ids) == {r.id for r in state.requests.values() if r.status is RequestStatus.WAITING}
        # A participant waits at most once.
        waiting_people = [r.participant_id for r in queue]
        assert len(waiting_people) == len(set(waiting_people))
        # The queue matches the policy: sorted by the effective keys.
        policy = state.item.policy
        spoken = state.spoken_on_item()
        keys = [(order.effective_key(r, state.roster.get(r.participant_id), policy, spoken), r.id) for r in queue]
        assert keys == sorted(keys)
        # Without manual moves, the policy's own key decides.
        if not any(r.pin for r in queue):
            plain = [order.policy_key(r, state.roster.get(r.participant_id), policy, spoken) for r in queue]
            assert plain == sorted(plain)
        accepted_requests += isinstance(event, FloorRequested)
    # Every request ever accepted still exists in the fold (nothing is deleted) unless undone.
    assert len(state.requests) <= accepted_requests
