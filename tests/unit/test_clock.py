"""The intervention clock: arithmetic over timestamps."""

from dais.console.room.clock import ClockPhase, format_clock, read
from dais.models import Intervention
from dais.models.record import Pause


def speaker(**changes):
    return Intervention(id=1, participant_id="KEN", item_id="i", role="floor", started_at=1000.0,
                        allotted_s=180, warning_s=30, **changes)


def test_counts_down_from_the_allotted_time():
    reading = read(speaker(), 1060.0)
    assert reading.elapsed_s == 60 and reading.remaining_s == 120
    assert reading.phase is ClockPhase.RUNNING


def test_warns_at_the_threshold_and_counts_the_overrun():
    assert read(speaker(), 1149.0).phase is ClockPhase.RUNNING
    assert read(speaker(), 1150.0).phase is ClockPhase.WARNING
    over = read(speaker(), 1192.0)
    assert over.phase is ClockPhase.OVERRUN and over.overrun_s == 12
    assert format_clock(over.remaining_s) == "+0:12"


def test_paused_time_is_excluded():
    paused = speaker(pauses=[Pause(started_at=1030.0, ended_at=1090.0), Pause(started_at=1100.0)])
    reading = read(paused, 1500.0)
    assert reading.elapsed_s == 30 + 10
    assert reading.paused_s == 60 + 400
    assert reading.phase is ClockPhase.PAUSED


def test_extension_adds_to_the_allotted_time():
    reading = read(speaker(extended_s=30), 1190.0)
    assert reading.remaining_s == 20 and reading.allotted_s == 210


def test_ended_intervention_stops_counting():
    done = speaker(ended_at=1100.0)
    assert read(done, 99999.0).elapsed_s == 100
    assert read(done, 99999.0).phase is ClockPhase.ENDED


def test_the_warning_begins_with_the_second_it_is_shown_at():
    """format_clock shows 0:04 from 4.000999 s left (noise never shows 3:01 at the start); the
    phase turns with the shown second, not 1 ms after it (a browser sampled that millisecond)."""
    spoken = Intervention(id=1, participant_id="KEN", item_id="i", role="floor", started_at=1000.0,
                          allotted_s=7, warning_s=4)
    for left, shown, phase in [(4.0015, "0:05", ClockPhase.RUNNING), (4.0005, "0:04", ClockPhase.WARNING),
                               (4.0, "0:04", ClockPhase.WARNING), (6.9995, "0:07", ClockPhase.RUNNING)]:
        reading = read(spoken, 1000.0 + 7 - left)
        assert (format_clock(reading.remaining_s), reading.phase) == (shown, phase), left


def test_format_clock():
    assert format_clock(180) == "3:00"
    assert format_clock(0.2) == "0:01"
    assert format_clock(0) == "0:00"
    assert format_clock(-75) == "+1:15"
