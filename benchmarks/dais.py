"""Dais screen benchmarks: keypress -> journal commit -> repaint, and start-up to the first frame."""

from __future__ import annotations

import asyncio
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.terminal import Terminal
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from dais.console.room.roster import Roster
from dais.models import Category, FloorEnded, FloorGiven, FloorRequested


async def _big_meeting(path: Path) -> Meeting:
    """A meeting with 10,000 logged interventions and 500 waiting requests."""
    meeting = await Meeting.open(path, shipped_programme())
    states = [p.id for p in Roster.reference() if p.category is Category.MEMBER_STATE]
    for i in range(10_000):
        pid = states[i % len(states)]
        entry = await meeting.record(FloorRequested(participant_id=pid))
        await meeting.record(FloorGiven(participant_id=pid, role="floor", allotted_s=180, request=entry.seq))
        await meeting.record(FloorEnded())
    for i in range(500):
        participant = await meeting.add_participant(f"Stakeholder organisation {i}", Category.STAKEHOLDER)
        await meeting.request_floor(participant.id)
    return meeting


def _compiled() -> None:
    """Byte-compile Dais as an installed package would be, so no run pays for compiling."""
    root = Path(__file__).resolve().parent.parent
    for package in ("console", "screens", "models"):
        compileall.compile_dir(root / package, quiet=2)


async def _big_meeting_file(folder: Path) -> tuple[Path, int]:
    """The big meeting, closed, and how many events its journal holds."""
    path = folder / "big.dais"
    meeting = await _big_meeting(path)
    count = len(meeting.entries)
    await meeting.close()
    return path, count


def dais_argv(path: Path) -> list[str]:
    """The command that opens the meeting. With DAIS_BENCH_PROFILE=FILE the app runs under cProfile
    and writes its profile to FILE when the benchmark ends it (measurement only: the figures it
    prints then are cProfile's, not the app's)."""
    argv = [sys.executable, "-m", "dais.console", "open", str(path)]
    if profile := os.environ.get("DAIS_BENCH_PROFILE"):
        return [sys.executable, "-m", "cProfile", "-o", profile, *argv[1:]]
    return argv


def _events_shown(count: int) -> str:
    """The status line's event count, which changes with every journaled action."""
    return f"{count} events"


def keypress(presses: int = 60, key: str = " ", before: str | None = None):
    """A real terminal: the key is written to the pty; the time is taken when the frame showing
    the action's journal entry has been written back (journal commit, fold, repaint)."""
    _compiled()
    with tempfile.TemporaryDirectory() as folder:
        path, count = asyncio.run(_big_meeting_file(Path(folder)))
        terminal = Terminal(dais_argv(path), env={"DAIS_HOME": folder})
        try:
            terminal.wait_for(_events_shown(count))
            terminal.send(b"n")
            count += 1
            terminal.wait_for(_events_shown(count))
            times = []
            for _ in range(presses):
                if before is not None:  # an action for the key to act on (undo), not timed
                    terminal.send(before.encode())
                    count += 1
                    terminal.wait_for(_events_shown(count))
                    time.sleep(0.05)
                sent = terminal.send(key.encode())
                count += 1
                times.append(terminal.wait_for(_events_shown(count)) - sent)
                time.sleep(0.05)  # a person's pace: the next key comes after the screen has settled
        finally:
            terminal.close()
    times.sort()
    median = statistics.median(times) * 1000
    p95 = times[int(0.95 * len(times))] * 1000
    name = {" ": "pause", "t": "+30s", "n": "next", "\x1a": "ctrl+z, undo"}.get(key, key)
    return [(
        f"keypress ({name}) -> journal commit -> repaint, in a 120x40 terminal (500 waiting, 10,000 "
        f"interventions): median {median:.1f} ms, p95 {p95:.1f} ms (goal: median <= 33 ms)",
        median <= 33,
    )]


_MINIMAL = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("hello, first frame")
Minimal().run()
"""


_STACK_FLOOR = """
from pydantic import BaseModel
from textual.app import App
from textual.widgets import Static
class Model(BaseModel):
    name: str
class Minimal(App):
    def compose(self):
        yield Static(Model(name="hello, first frame").name)
Minimal().run()
"""


def _first_frame(argv: list[str], marker: str, env: dict[str, str]) -> float:
    terminal = Terminal(argv, env=env)
    try:
        return terminal.wait_for(marker) - terminal.started
    finally:
        terminal.close()


def startup(runs: int = 7):
    """From starting the program to its first frame on a real terminal: a minimal Textual app,
    then `dais open` on a new meeting and on reopening it."""
    _compiled()
    with tempfile.TemporaryDirectory() as folder:
        env = {"DAIS_HOME": folder}
        meeting = str(Path(folder) / "m.dais")
        dais = [sys.executable, "-m", "dais.console", "open", meeting]
        minimal, floor, new, reopened = [], [], [], []
        for _ in range(runs):  # interleaved, so a busy moment weighs on all alike
            minimal.append(_first_frame([sys.executable, "-c", _MINIMAL], "hello, first frame", env))
            floor.append(_first_frame([sys.executable, "-c", _STACK_FLOOR], "hello, first frame", env))
            Path(meeting).unlink(missing_ok=True)
            new.append(_first_frame(dais, " events", env))
            reopened.append(_first_frame(dais, " events", env))
    minimal_s, floor_s, new_s, reopened_s = (statistics.median(v) for v in (minimal, floor, new, reopened))
    # Issue 15's yardstick: the stack's own floor (a minimal Textual app that imports pydantic and
    # validates one model), measured in the same run; the bare Textual app is given for context.
    return [
        (f"start-up to the first frame, the stack's floor (the minimal app that also makes one pydantic "
         f"model): {floor_s * 1000:.0f} ms = {floor_s / minimal_s:.2f}x the bare Textual app "
         f"({minimal_s * 1000:.0f} ms)", None),
        (f"start-up to the first frame, new meeting: dais {new_s * 1000:.0f} ms = {new_s / floor_s:.2f}x the "
         f"stack's floor (goal <= 1.5x)", new_s <= 1.5 * floor_s),
        (f"start-up to the first frame, reopened meeting: dais {reopened_s * 1000:.0f} ms = "
         f"{reopened_s / floor_s:.2f}x the stack's floor (goal <= 1.5x)", reopened_s <= 1.5 * floor_s),
    ]


def keypress_extend():
    return keypress(key="t")


def keypress_next():
    """n: the next in line gets the floor; the queue loses its first row and every start moves."""
    return keypress(key="n")


def keypress_undo():
    """ctrl+z after each pause: undo folds the journal again (see the README)."""
    return keypress(presses=30, key="\x1a", before=" ")


_WRITER = """
import asyncio, sys, time
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
async def main():
    m = await Meeting.open(sys.argv[1], shipped_programme())
    states = ["KEN", "MEX", "BRA", "CHL", "PER", "ARG", "EGY", "IND"]
    for i in range(int(sys.argv[2])):
        await m.request_floor(states[i % 8]) if i % 16 < 8 else await m.withdraw(m.state.waiting()[0].id)
        await asyncio.sleep(0.037)
    await m.close()
asyncio.run(main())
"""


async def propagation(events: int = 200):
    """Commit (in a writer process) to watcher state (here), at the watch view's poll interval."""
    from dais.console.app.watch import POLL_S

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "live.dais"
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(events)])
        while not path.exists() or path.stat().st_size == 0:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        watcher = await Meeting.watch(path)
        delays = []
        seen = len(watcher.entries)
        while writer.poll() is None or seen < events:
            new = await watcher.poll()
            now = time.time()
            delays += [now - entry.at for entry in new]
            seen += len(new)
            if writer.poll() is not None and not new and seen >= len(await watcher.journal.entries()):
                break
            await asyncio.sleep(POLL_S)
        await watcher.close()
    delays.sort()
    p50 = delays[len(delays) // 2] * 1000
    p95 = delays[int(len(delays) * 0.95)] * 1000
    return [(
        f"watcher propagation, commit -> watcher state ({len(delays)} events, poll {POLL_S * 1000:.0f} ms): "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms (goal: p95 <= 250 ms)",
        p95 <= 250,
    )]
