"""A step of the computer's clock (back or forward an hour) moves no speaker's time, logs no
intervention ending before it began, is marked in the journal and said at the dais in one line.
Fake clocks throughout: the wall clock and the steady one are moved by hand."""

from __future__ import annotations

from pathlib import Path

from dais.console.room import clock as clock_mod
from dais.console.report.export import meeting_bytes, FORMATS
from dais.console.record.journal import Journal
from dais.console.floor.meeting import Meeting
from dais.models import ClockStepped

from tests.conftest import FakeClock

HOUR = 3600.0


class Machine:
    """The computer's wall clock and its time since boot, moved by the test."""

    def __init__(self, start: float) -> None:
        self.wall = FakeClock(start)
        self.boot = FakeClock(1000.0)

    def passes(self, seconds: float) -> None:
        self.wall.now += seconds
        self.boot.now += seconds

    def steady(self) -> clock_mod.SteadyClock:
        return clock_mod.SteadyClock(wall=self.wall, steady=self.boot)


async def _ats(path: Path) -> list[float]:
    journal = await Journal.open_reader(path)
    try:
        return [entry.at for entry in await journal.entries()]
    finally:
        await journal.close()


def test_a_steady_clock_counts_on_through_a_step_and_says_how_far_the_computer_moved(clock):
    machine = Machine(clock.now)
    steady = machine.steady()
    machine.passes(10)
    machine.wall.now -= HOUR
    assert steady() == clock.now + 10
    assert steady.departure() == -HOUR
    assert steady.hold_at_least(clock.now + 5) == 0.0
    assert steady.hold_at_least(clock.now + 70) == 60.0 and steady() == clock.now + 70


async def test_a_clock_stepped_back_mid_speech_never_logs_an_end_before_the_start(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    meeting = await Meeting.open(path, programme, clock=clock)
    try:
        await meeting.request_floor("KEN")
        await meeting.give_floor()
        clock.advance(90)
        clock.now -= HOUR  # the computer's clock corrected by an hour, back
        await meeting.end_floor()
        (intervention,) = meeting.state.interventions.values()
        assert intervention.ended_at is not None and intervention.ended_at >= intervention.started_at
        # marked as far behind the journal's last event as the clock now is: an hour less the 90 s
        assert [e.event for e in meeting.entries if isinstance(e.event, ClockStepped)] == [
            ClockStepped(step_s=-(HOUR - 90))]
        assert meeting.state.clock_steps == [(intervention.started_at, -(HOUR - 90))]
        await meeting.request_floor("MEX")  # marked once, not at every event
        assert sum(isinstance(e.event, ClockStepped) for e in meeting.entries) == 1
    finally:
        await meeting.close()
    ats = await _ats(path)
    assert ats == sorted(ats)


async def test_a_step_forward_does_not_show_the_speaker_an_hour_over(tmp_path, programme, clock):
    machine = Machine(clock.now)
    steady = machine.steady()
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=steady)
    try:
        await meeting.request_floor("KEN")
        await meeting.give_floor()
        machine.passes(30)
        machine.wall.now += HOUR
        reading = clock_mod.read(meeting.state.speaking, meeting.now())
        assert reading.elapsed_s == 30 and reading.phase is clock_mod.ClockPhase.RUNNING
        said = await meeting.mind_the_clock()
        assert said is not None and "\n" not in said and "60 min" in said and "forward" in said
        assert await meeting.mind_the_clock() is None  # said once
        assert meeting.state.clock_steps[-1][1] == HOUR
        machine.passes(60)
        await meeting.end_floor()
        (intervention,) = meeting.state.interventions.values()
        assert intervention.ended_at - intervention.started_at == 90
    finally:
        await meeting.close()


async def test_a_dais_reopened_after_the_clock_went_back_keeps_the_journal_in_order(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    machine = Machine(clock.now)
    first = await Meeting.open(path, programme, clock=machine.steady())
    await first.request_floor("KEN")
    await first.give_floor()
    await first.close()
    machine.passes(20)
    machine.wall.now -= HOUR  # while the dais was closed
    again = await Meeting.open(path, clock=machine.steady())
    try:
        said = await again.keep_order()
        assert said is not None and "went back" in said and "60 min" in said
        machine.passes(40)
        reading = clock_mod.read(again.state.speaking, again.now())
        assert reading.elapsed_s == 40  # counts on from the last event, not frozen for an hour
        await again.end_floor()
    finally:
        await again.close()
    ats = await _ats(path)
    assert ats == sorted(ats)


async def test_a_journal_with_steps_exports_and_the_dais_says_a_step_in_one_line(tmp_path, programme, clock):
    from dais.console.app import make_app

    machine = Machine(clock.now)
    steady = machine.steady()
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=steady)
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    app = make_app(meeting, clock=steady)
    async with app.run_test(size=(120, 40)) as pilot:
        machine.wall.now -= HOUR
        for _ in range(60):
            await pilot.pause(0.05)
            said = [n.message for n in app._notifications if "clock" in n.message]
            if said:
                break
        assert len(said) == 1 and "went back 60 min" in said[0] and "\n" not in said[0]
    await meeting.end_floor()
    await meeting.close()
    for fmt in FORMATS:
        assert await meeting_bytes(tmp_path / "m.dais", fmt)
