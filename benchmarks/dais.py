"""Dais screen benchmarks: keypress -> journal commit -> repaint, and start-up to the first frame."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from console.app import make_app
from console.meeting import Meeting
from console.programme import shipped_programme
from console.roster import Roster
from models import Category, FloorEnded, FloorGiven, FloorRequested
from screens.dais import DaisScreen


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


async def keypress(presses: int = 60, action: str = "action_pause"):
    with tempfile.TemporaryDirectory() as folder:
        meeting = await _big_meeting(Path(folder) / "big.dais")
        app = make_app(meeting, settings_path=Path(folder) / "s.json")
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            screen = app.screen
            assert isinstance(screen, DaisScreen)
            for _ in range(presses):
                before = len(meeting.entries)
                start = time.perf_counter()
                await getattr(screen, action)()  # the key's action: journal write, then repaint
                await pilot.pause()  # the repaint has been processed
                times.append(time.perf_counter() - start)
                assert len(meeting.entries) == before + 1
        await meeting.close()
    median = statistics.median(times) * 1000
    p95 = sorted(times)[int(0.95 * len(times))] * 1000
    return [(
        f"keypress ({action.removeprefix('action_')}) -> journal commit -> repaint (500 waiting, 10,000 "
        f"interventions): median {median:.1f} ms, "
        f"p95 {p95:.1f} ms (goal: median <= 33 ms)",
        median <= 33,
    )]


_MINIMAL = """
import time, sys
start = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("hello")
    def on_ready(self):
        print(time.time() - start); self.exit()
Minimal().run(headless=True)
"""

_DAIS = """
import asyncio, time, sys, tempfile
from pathlib import Path
start = float(sys.argv[1])
from console.app import DaisApp
from console.meeting import Meeting
from console.programme import shipped_programme
class Timed(DaisApp):
    def on_ready(self):
        print(time.time() - start); self.exit()
async def main():
    folder = tempfile.mkdtemp()
    meeting = await Meeting.open(Path(folder) / "m.dais", shipped_programme())
    await Timed(meeting, settings_path=Path(folder) / "s.json").run_async(headless=True)
    await meeting.close()
asyncio.run(main())
"""


def _startup(code: str) -> float:
    result = subprocess.run([sys.executable, "-c", code, repr(time.time())], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def startup(runs: int = 5):
    minimal = statistics.median(_startup(_MINIMAL) for _ in range(runs))
    dais = statistics.median(_startup(_DAIS) for _ in range(runs))
    return [(
        f"start-up to the first interactive frame: dais {dais * 1000:.0f} ms vs minimal Textual app "
        f"{minimal * 1000:.0f} ms = {dais / minimal:.2f}x (goal <= 1.5x)",
        dais <= 1.5 * minimal,
    )]


async def keypress_extend():
    return await keypress(action="action_extend")


_WRITER = """
import asyncio, sys, time
from console.meeting import Meeting
from console.programme import shipped_programme
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
    from console.app.watch import POLL_S

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


async def speech_latency(runs: int = 10):
    """From the floor being given (announce) to its announcement's audio being written."""
    from console.speech import Announcer, Phrase, SpeechSettings

    with tempfile.TemporaryDirectory() as folder:
        announcer = Announcer(SpeechSettings(), Path(folder) / "speech.log", output_dir=Path(folder) / "wav")
        await announcer.start()
        if not announcer.available:
            return [(f"speech latency: not measured ({announcer.status})", False)]
        announcer.announce(Phrase("Warming up.", "test"))
        while len(announcer.spoken) < 1:
            await asyncio.sleep(0.005)
        times = []
        for n in range(runs):
            start = time.perf_counter()
            announcer.announce(Phrase("The floor is given to the distinguished representative of Mexico.", "floor"))
            while len(announcer.spoken) < n + 2:
                await asyncio.sleep(0.002)
            times.append(time.perf_counter() - start)
        await announcer.close()
    median = statistics.median(times) * 1000
    worst = max(times) * 1000
    return [(f"floor given -> announcement audio written: median {median:.0f} ms, max {worst:.0f} ms "
             "(goal <= 300 ms)", median <= 300)]
