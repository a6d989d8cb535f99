"""The live state for the web and the room that follows a journal once, with a fake clock."""

from __future__ import annotations

import asyncio
import json

import pytest

from dais.console.room import clock as clock_mod
from dais.console.floor.forecast import queue_rows
from dais.console.floor.meeting import Meeting
from dais.console.web.live import LiveState, body, live_state, next_change, with_sent_at
from dais.console.web.room import Room
from dais.models import AgendaItem, Category, ItemKind


async def test_the_floor_carries_the_engines_deadlines(meeting, clock):
    for pid in ("KEN", "MEX", "VAT"):
        await meeting.request_floor(pid)
    given = await meeting.give_floor()
    clock.advance(100)
    live = live_state("geneva", meeting.state, clock())
    floor = live.floor
    reading = clock_mod.read(meeting.state.speaking, clock())
    assert floor.speaker.name == "Kenya" and floor.speaker.badge == "MS" and floor.role == "from the floor"
    assert floor.remaining_s == reading.remaining_s == 80 and floor.phase == "running"
    assert floor.ends_at == given.at + 180
    # the warning begins with the second shown as 0:30, which shows 1 ms early (clock.SHOWN_EARLY_S)
    assert floor.warning_at == pytest.approx(given.at + 150 - clock_mod.SHOWN_EARLY_S, abs=1e-9)
    assert next_change(live) == floor.warning_at
    clock.advance(60)  # in the warning
    assert next_change(live_state("geneva", meeting.state, clock())) == floor.ends_at
    assert live_state("geneva", meeting.state, clock()).floor.phase == "warning"
    await meeting.pause()
    paused = live_state("geneva", meeting.state, clock()).floor
    assert paused.phase == "paused" and paused.ends_at is None and paused.warning_at is None
    assert next_change(live_state("geneva", meeting.state, clock())) is None


async def test_the_queue_is_the_engines_with_the_dais_marks(meeting, clock):
    stakeholder = await meeting.add_participant("PICUM", Category.STAKEHOLDER)
    for pid, group in (("KEN", None), (stakeholder.id, None), ("EGY", "African Group"), ("MEX", None)):
        await meeting.request_floor(pid, group)
    await meeting.give_floor()
    await meeting.end_floor()
    await meeting.request_floor("EGY")
    rows, forecast = queue_rows(meeting.state, clock())
    live = live_state("geneva", meeting.state, clock())
    assert [(e.who.id, e.estimated_start) for e in live.queue] == [
        (r.participant.id, r.estimated_start) for r in rows]
    marks = {e.who.id: e for e in live.queue}
    assert not marks["EGY"].first_time and marks["KEN"].first_time  # Egypt spoke for the African Group
    assert marks[stakeholder.id].reserved_seat and marks["KEN"].who.seat is not None
    assert live.forecast.predicted_end == forecast.predicted_end and live.waiting == len(rows)


async def test_a_reply_shows_the_time_it_will_get(tmp_path, programme, clock):
    reply = AgendaItem(id="replies", day=1, start="12:00", end="12:30", title="Right of reply",
                       kind=ItemKind.RIGHT_OF_REPLY, floor_limit=600, warning=30)
    meeting = await Meeting.open(tmp_path / "r.dais", programme, clock=clock)
    try:
        await meeting.add_item(reply, after=programme.items[0].id)
        await meeting.advance_item("replies")
        await meeting.request_floor("KEN")
        live = live_state("r", meeting.state, clock())
        assert live.item.segment == "Right of reply" and live.queue[0].reply_s == 600
    finally:
        await meeting.close()


async def test_each_copy_sent_is_the_state_with_its_own_sent_at(meeting, clock):
    await meeting.request_floor("KEN")
    live = live_state("geneva", meeting.state, clock())
    sent = json.loads(with_sent_at(body(live), 1234.5))
    assert sent["sent_at"] == 1234.5 and sent["schema"] == "dais.live-state/1"
    assert LiveState.model_validate(sent).model_copy(update={"sent_at": live.sent_at}) == live


class _Counting:
    """The journal, counting its reads."""

    def __init__(self, journal) -> None:
        self._journal = journal
        self.reads = 0

    def __getattr__(self, name):
        return getattr(self._journal, name)

    async def data_version(self):
        self.reads += 1
        return await self._journal.data_version()

    async def entries(self, after: int = 0):
        self.reads += 1
        return await self._journal.entries(after)


async def test_the_journal_is_read_once_per_poll_whatever_the_number_of_viewers(meeting, clock):
    room = Room(await Meeting.watch(meeting.path, clock=clock), clock=clock)
    room.meeting.journal = counting = _Counting(room.meeting.journal)
    try:
        for viewers in (1, 300):
            streams = [room.frames() for _ in range(viewers)]
            firsts = await asyncio.gather(*(anext(s) for s in streams))
            await meeting.request_floor("KEN" if viewers == 1 else "MEX")
            counting.reads = 0
            assert await room._poll()
            room.publish()
            seqs = {seq for seq, _ in await asyncio.gather(*(anext(s) for s in streams))}
            assert seqs == {meeting.state.last_seq} and firsts[0][0] < meeting.state.last_seq
            assert counting.reads == 2  # data_version, then the new entries: for 1 viewer as for 300
            for stream in streams:
                await stream.aclose()
    finally:
        await room.close()


async def test_the_room_publishes_when_the_clock_turns_to_the_warning(meeting, clock):
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    room = Room(await Meeting.watch(meeting.path, clock=clock), clock=clock, poll_s=0.01)
    room.start()
    try:
        stream = room.frames()
        await anext(stream)
        clock.advance(100)  # the clock runs: nothing to send, the pages count down themselves
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(anext(stream), 0.3)
        stream = room.frames()
        await anext(stream)
        clock.advance(51)  # no event: the warning begins
        await asyncio.wait_for(anext(stream), 10)
        assert room.live.floor.phase == "warning"
        clock.advance(30)
        await asyncio.wait_for(anext(stream), 10)
        assert room.live.floor.phase == "overrun"
        await stream.aclose()
    finally:
        await room.close()


async def test_the_room_says_when_its_meeting_file_goes_away(meeting, clock):
    await meeting.request_floor("KEN")
    room = Room(await Meeting.watch(meeting.path, clock=clock), clock=clock)
    try:
        meeting.path.rename(meeting.path.with_name("moved.dais"))
        assert await room._poll()
        room.publish()
        assert "has gone away" in room.live.notice and room.live.waiting == 1
    finally:
        await room.close()


async def test_in_session_means_a_dais_holds_the_meeting(tmp_path, programme):
    from dais.console.record.journal import holder_of
    from dais.console.web.room import in_session

    writer = await Meeting.open(tmp_path / "m.dais", programme)
    assert in_session(writer.path) and holder_of(writer.path) is not None
    await writer.close()  # the lock file stays, naming this (live) process: it is the flock that counts
    assert not in_session(writer.path) and holder_of(writer.path) is None
    assert not in_session(tmp_path / "never.dais")
