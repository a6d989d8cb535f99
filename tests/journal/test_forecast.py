"""Forecast quality against scripted sessions, and programme files written back out."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo
import subprocess
import sys

import pytest

from dais.console.floor.forecast import at_local_time, queue_rows, scheduled, zone
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import parse_programme, programme_toml
from dais.models import Category


def _states(meeting, n, rng):
    states = [p.id for p in meeting.roster if p.category is Category.MEMBER_STATE]
    return rng.sample(states, n)


@pytest.mark.parametrize(("seed", "mean", "spread", "waiting"), [
    (1, 150, 15, 40), (2, 175, 10, 30), (3, 120, 10, 50), (4, 200, 15, 25),
])
async def test_predicted_unreached_matches_the_scripted_outcome_within_one(tmp_path, programme, clock,
                                                                            seed, mean, spread, waiting):
    rng = random.Random(seed)
    meeting = await Meeting.open(tmp_path / "s.dais", programme, clock=clock)
    await meeting.advance_item("panel-1")
    _, end = scheduled(meeting.state.item, clock(), zone(meeting.state))
    people = _states(meeting, 25 + waiting, rng)

    def length() -> float:
        return max(30.0, rng.gauss(mean, spread))

    # The first twenty-five speakers show the room's pace (interventions cluster near the limit).
    for pid in people[:25]:
        await meeting.request_floor(pid)
    for _ in range(25):
        await meeting.give_floor()
        clock.advance(length())
    await meeting.end_floor()
    for pid in people[25:]:
        await meeting.request_floor(pid)
    clock.now = end - 60 * 60  # an hour before the item's scheduled end
    predicted = queue_rows(meeting.state, clock())[1].unreached
    # The script plays on: each speaker in turn until the scheduled end.
    reached = 0
    while meeting.state.queue() and clock() < end:
        await meeting.give_floor()
        clock.advance(length())
        reached += 1
    actual = waiting - reached
    assert abs(predicted - actual) <= 1, (predicted, actual)
    await meeting.close()


async def test_programme_written_back_out_reads_back_the_same(meeting):
    await meeting.change_floor_limit("panel-1", 120)
    await meeting.move_item_end("panel-2", "18:05")
    text = programme_toml(meeting.state.programme)
    assert parse_programme(text, "exported") == meeting.state.programme


def test_programme_new_writes_a_template_that_checks(tmp_path):
    target = tmp_path / "mine.toml"
    run = subprocess.run([sys.executable, "-m", "dais.console", "programme", "new", str(target)],
                         capture_output=True, text=True)
    assert run.returncode == 0
    assert target.read_text().startswith("# A programme of work for Dais")
    check = subprocess.run([sys.executable, "-m", "dais.console", "check", str(target)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    again = subprocess.run([sys.executable, "-m", "dais.console", "programme", "new", str(target)],
                           capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr


async def test_a_corrected_speaker_counts_in_the_category_of_the_speaker_corrected_to(meeting, clock):
    from dais.console.record.fold import fold
    from dais.console.floor.forecast import lengths_by_category

    await meeting.advance_item("panel-1")
    await meeting.request_floor("KEN")
    given = await meeting.give_floor()
    clock.advance(75)
    await meeting.end_floor()
    assert lengths_by_category(meeting.state) == {Category.MEMBER_STATE: [75.0]}
    await meeting.correct(given.seq, participant_id="PSE")  # it was the observer State that spoke
    assert lengths_by_category(meeting.state) == {Category.OBSERVER_STATE: [75.0]}
    refolded = fold(meeting.state.programme, meeting.roster, meeting.entries)  # the same from the start
    assert lengths_by_category(refolded) == {Category.OBSERVER_STATE: [75.0]}


@pytest.mark.parametrize("tz", ["Europe/Zurich", "America/New_York", "Asia/Tokyo"])
def test_a_corrected_time_is_read_on_the_local_day_of_the_intervention(tz):
    zone_ = ZoneInfo(tz)
    started = dt.datetime(2026, 3, 10, 14, 2, 50, tzinfo=zone_).timestamp()
    assert at_local_time(started, "14:03:25", zone_) == started + 35
    assert at_local_time(started, " 14:03 ", zone_) == started + 10
    for text, why in [("14:3", "write HH:MM or HH:MM:SS"), ("25:00", "hours go to 23"),
                      ("14:03:61", "seconds to 59")]:
        with pytest.raises(ValueError, match=why):
            at_local_time(started, text, zone_)
