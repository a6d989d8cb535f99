"""The fold, the clock and the export measure an intervention with one arithmetic (console.room.clock).

The same journals, the scripted session and the session with corrections that move a start
or an end past a pause, go through the fold (floor_lengths, the forecast's typical length),
the clock (clock.read) and the speaker log; every figure must agree.
"""

from __future__ import annotations

import pytest

from dais.console.room import clock
from dais.console.report.export import speaker_log
from dais.models.speaker_log import LogIntervention
from dais.console.floor.forecast import queue_rows


def brazil(meeting):
    return next(i for i in meeting.state.interventions.values() if i.participant_id == "BRA")


def assert_one_measure(meeting) -> list[LogIntervention]:
    state = meeting.state
    as_of = meeting.entries[-1].at
    log = speaker_log(state, as_of=as_of)
    rows = log.interventions
    assert len(rows) == len(state.interventions)
    for intervention, row in zip(state.interventions.values(), rows, strict=True):
        reading = clock.read(intervention, intervention.ended_at or as_of)
        assert row.intervention_id == intervention.id  # the row carries the fold's id
        assert row.duration_s == round(reading.elapsed_s, 1) == round(clock.floor_seconds(intervention, as_of), 1)
        assert row.paused_s == round(reading.paused_s, 1) == round(clock.paused_seconds(intervention, as_of), 1)
        if intervention.id in state.floor_lengths:
            assert round(state.floor_lengths[intervention.id], 1) == row.duration_s
    floor = [row.duration_s for i, row in zip(state.interventions.values(), rows, strict=True)
             if i.request_id is not None and i.ended_at is not None]
    assert sorted(round(v, 1) for v in state.floor_lengths.values()) == sorted(floor)
    _, forecast = queue_rows(state, as_of)
    assert forecast.typical_s == pytest.approx(sum(floor) / len(floor))
    return rows


async def test_the_scripted_session_is_measured_alike(session):
    rows = assert_one_measure(session)
    row = next(r for r in rows if r.speaker_id == "BRA")
    assert (row.duration_s, row.paused_s) == (60 + 100 + 40, 45 + 30)


async def test_an_end_corrected_to_before_a_pause_counts_none_of_that_pause(session):
    # Brazil: 60 s, a point of order (45 s), 100 s, a pause (30 s), 40 s. The end moves to
    # 150 s after the start: within the point of order's 45 s, before the secretary's pause.
    bra = brazil(session)
    await session.correct(bra.id, ended_at=bra.started_at + 150)
    rows = assert_one_measure(session)
    row = next(r for r in rows if r.speaker_id == "BRA")
    assert (row.duration_s, row.paused_s) == (150 - 45, 45)


async def test_a_start_corrected_to_after_a_pause_counts_none_of_that_pause(session):
    # The start moves to 120 s in: after the point of order, before the secretary's pause.
    bra = brazil(session)
    await session.correct(bra.id, started_at=bra.started_at + 120)
    rows = assert_one_measure(session)
    row = next(r for r in rows if r.speaker_id == "BRA")
    assert (row.duration_s, row.paused_s) == (275 - 120 - 30, 30)
