"""One meeting followed once for all its viewers: one poll loop, one fold, one frame per change.

The loop asks SQLite whether another connection committed (PRAGMA data_version, through
Meeting.poll, as `dais watch` does) and folds in the new events. Each change is serialised
once; every viewer's stream waits on the same event and sends the newest frame, so a slow
viewer skips frames instead of piling them up, and the number of viewers never changes how
often the journal is read.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from dais.console.room import clock as clock_mod
from dais.console.lang.errors import DaisError
from dais.console.record.journal import holder_of
from dais.console.floor.meeting import Meeting
from dais.console.web.live import LiveState, body, live_state, next_change

POLL_S = 0.05
REFRESH_S = 15.0  # forecasts drift with time: a fresh frame now and then, also the streams' heartbeat
REPLACED_S = 60.0  # how long the viewers are told that the file at the meeting's name was replaced


def in_session(path: Path) -> bool:
    """A dais holds the meeting open for writing (it flocks the meeting file itself: console.record.journal).

    On Linux this is read from /proc/locks, without touching the lock: journal.holder_of takes
    a shared flock for a moment, which could refuse a dais starting at that very instant, and
    an index page refreshed by many viewers asks often.
    """
    try:
        st = path.stat()
    except OSError:
        return False
    try:
        table = Path("/proc/locks").read_text()
    except OSError:
        return holder_of(path) is not None
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    return any(line.split()[1] == "FLOCK" and wanted in line.split() for line in table.splitlines()
               if len(line.split()) > 5 and "->" not in line)


class Room:
    """A meeting opened read-only, and the latest frame of its live state."""

    def __init__(self, meeting: Meeting, *, clock: clock_mod.Clock = clock_mod.system_clock,
                 poll_s: float = POLL_S) -> None:
        self.meeting = meeting
        self.name = meeting.path.stem
        self.clock = clock
        self.poll_s = poll_s
        self.notice: str | None = None
        self._replaced: tuple[str, float] | None = None  # the notice of a replaced file, and until when
        self.version = 0
        self.live: LiveState = live_state(self.name, meeting.state, clock())
        self.frame = body(self.live)
        self.polls = 0  # journal reads, for the tests: it must not depend on the number of viewers
        self._changed = asyncio.Event()
        self._closed = False
        self._task: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path, *, clock: clock_mod.Clock = clock_mod.system_clock, **kwargs: Any) -> Room:
        return cls(await Meeting.watch(path, clock=clock), clock=clock, **kwargs)

    def start(self) -> None:
        self._task = asyncio.create_task(self._follow(), name=f"room {self.name}")

    def end_streams(self) -> None:
        """Every viewer's stream ends (the server is stopping); the journal is still followed."""
        self._closed = True
        self._wake()

    async def close(self) -> None:
        """Ends every viewer's stream and stops following the journal."""
        self.end_streams()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        await self.meeting.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def current(self) -> LiveState:
        """The live state as at this moment (for /api/state), read from the fold."""
        return live_state(self.name, self.meeting.state, self.clock(), self.notice)

    async def frames(self) -> AsyncIterator[tuple[int, bytes]]:
        """The newest frame now, then each newer one as it is published; ends when the room closes."""
        seen = -1
        while not self._closed:
            if self.version == seen:
                await self._changed.wait()
                continue
            seen = self.version
            yield self.live.seq, self.frame

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _publish_notice(self) -> None:
        self.live = self.live.model_copy(update={"notice": self.notice})
        self.frame = body(self.live)
        self.version += 1
        self._wake()

    def publish(self) -> None:
        self.live = live_state(self.name, self.meeting.state, self.clock(), self.notice)
        self.frame = body(self.live)
        self.version += 1
        self._wake()

    async def _follow(self) -> None:
        due = self._due()
        while True:
            await asyncio.sleep(self.poll_s)
            try:
                changed = await self._poll()
                if changed or self.clock() >= due:
                    self.publish()
                    due = self._due()
            except Exception as error:  # the viewers keep the last state, told why; the loop goes on
                if self._say(f"Cannot show the meeting's latest state: {error}"):
                    print(f"dais serve: {self.name}: {error!r}", file=sys.stderr)
                    self._publish_notice()

    def _due(self) -> float:
        """When to publish again with no new event: the clock's next phase, or the refresh."""
        refresh = self.clock() + REFRESH_S
        moment = next_change(self.live)
        return min(refresh, moment) if moment is not None else refresh

    async def _poll(self) -> bool:
        self.polls += 1
        journal = self.meeting.journal
        if journal.gone():
            if journal.path.exists():
                return await self._reopen()
            return self._say(f"The meeting file {journal.path.name} has gone away; "
                             "this is the last state it held.")
        try:
            new = await self.meeting.poll()
        except DaisError as error:
            return self._say(f"Cannot read the meeting: {error}")
        replaced = self._replaced
        if replaced is not None and self.clock() >= replaced[1]:
            replaced = self._replaced = None
        return self._say(replaced[0] if replaced else None) or bool(new)

    async def _reopen(self) -> bool:
        try:
            fresh = await Meeting.watch(self.meeting.path, clock=self.clock)
        except DaisError as error:
            return self._say(f"The meeting file was replaced and cannot be read: {error}")
        old, self.meeting = self.meeting, fresh
        await old.close()
        notice = (f"The meeting file {self.meeting.path.name} was replaced by another file "
                  f"({len(fresh.entries)} events); this is the meeting it holds now.")
        self._replaced = (notice, self.clock() + REPLACED_S)
        self._say(notice)
        return True

    def _say(self, notice: str | None) -> bool:
        if notice == self.notice:
            return False
        self.notice = notice
        return True

