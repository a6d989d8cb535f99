"""Kill a writer at random moments (SIGKILL) during creation, appends, a seating import and a
salvage, and count what a person would suffer: unopenable meetings, acknowledged events lost,
locks left held, names blocked, originals changed. Every count must be zero."""

from __future__ import annotations

import asyncio
import hashlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from dais.console.errors import DaisError
from dais.console.journal import Journal, holder_of
from dais.console.programme import shipped_programme
from dais.models import FloorRequested, RequestWithdrawn, SeatingSet

ROOT = Path(__file__).resolve().parent.parent
# Run as a module from the root: run as a script, its own folder would come first on the path, and
# benchmarks/dais.py would hide the dais package.
CHILD = ["-m", "benchmarks.crash_child"]


@dataclass
class Counts:
    kind: str
    trials: int = 0
    cut_short: int = 0  # killed before the work was acknowledged as done
    acknowledged: int = 0  # events (or imports, salvages) acknowledged before a kill
    unopenable: int = 0
    lost: int = 0
    locks_held: int = 0
    names_blocked: int = 0
    originals_changed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.unopenable or self.lost or self.locks_held or self.names_blocked or self.originals_changed)

    def line(self) -> str:
        return (f"crash during {self.kind}: {self.trials} kills ({self.cut_short} before it finished, "
                f"{self.acknowledged} acknowledged): {self.unopenable} unopenable, {self.lost} acknowledged lost, "
                f"{self.locks_held} locks held, {self.names_blocked} names blocked, "
                f"{self.originals_changed} originals changed (goal: all 0)")


def _kill_after(argv: list[str], delay: float, lines: list[str]) -> None:
    """Start `argv`, wait for its "go" line when it prints one, kill it `delay` s later, keep its lines."""
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    first = child.stdout.readline() if argv[1:3] == CHILD else ""
    lines.append(first.strip())
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.002)
    child.send_signal(signal.SIGKILL)
    lines.extend(line.strip() for line in child.stdout.read().splitlines())
    child.wait()


async def _opens(path: Path, counts: Counts, write: bool = True) -> list[int] | None:
    """The sequence numbers of the meeting's events, read and then opened for writing (the lock
    free, the file whole); None and a count if anything refuses."""
    if holder_of(path) is not None:
        counts.locks_held += 1
        counts.problems.append(f"{path.name}: lock still held")
        return None
    try:
        reader = await Journal.open_reader(path)
        seqs = [e.seq for e in await reader.entries()]
        await reader.close()
        if write:
            writer = await Journal.create_or_open(path, shipped_programme())
            await writer.close()
        return seqs
    except DaisError as error:
        counts.unopenable += 1
        counts.problems.append(f"{path.name}: {error}")
        return None


def creation(trials: int, seed: int = 13) -> Counts:
    """Kill `dais open NEW` while it builds the meeting: a half-made meeting must never block the name."""
    rng, counts = random.Random(seed), Counts("creation")
    with tempfile.TemporaryDirectory() as folder:
        for trial in range(trials):
            path = Path(folder) / f"m{trial}.dais"
            lines: list[str] = []
            # Creation takes some 10-20 ms: most kills land inside it, the rest in the first appends.
            _kill_after([sys.executable, *CHILD, str(path)], rng.uniform(0, rng.choice((0.015, 0.06))), lines)
            counts.trials += 1
            created = "created" in lines
            counts.cut_short += not created
            acked = [int(x) for x in lines if x.isdigit()]
            counts.acknowledged += len(acked)
            if not path.exists():
                if created:
                    counts.lost += 1
                try:  # the name must be free for a fresh creation
                    asyncio.run(_create_and_close(path))
                except DaisError as error:
                    counts.names_blocked += 1
                    counts.problems.append(f"{path.name}: {error}")
                continue
            seqs = asyncio.run(_opens(path, counts))
            if seqs is not None and acked and (not seqs or seqs[-1] < acked[-1]):
                counts.lost += 1
        leftovers = [p.name for p in Path(folder).iterdir() if p.name.startswith(".")]
        counts.problems += [f"left beside the meetings: {name}" for name in leftovers]
    return counts


async def _create_and_close(path: Path) -> None:
    journal = await Journal.create_or_open(path, shipped_programme())
    await journal.close()


def appends(trials: int, seed: int = 2017) -> Counts:
    """Kill a writer appending as fast as it can: every acknowledged append must survive."""
    rng, counts = random.Random(seed), Counts("appends")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.dais"
        # Made before the first kill: on a loaded machine creation can outlast the first delay, and
        # a meeting never made is creation's case (above), not a lost append.
        asyncio.run(_create_and_close(path))
        for _ in range(trials):
            lines: list[str] = []
            _kill_after([sys.executable, *CHILD, str(path)], rng.uniform(0.01, 0.2), lines)
            counts.trials += 1
            acked = [int(x) for x in lines if x.isdigit()]
            counts.acknowledged += len(acked)
            seqs = asyncio.run(_opens(path, counts))
            if seqs is None:
                continue
            if acked and (not seqs or seqs[-1] < acked[-1]) or seqs != list(range(1, len(seqs) + 1)):
                counts.lost += 1
    return counts


async def _meeting(path: Path, events: int = 40) -> None:
    journal = await Journal.create_or_open(path, shipped_programme())
    for n in range(1, events + 1):
        await journal.append(FloorRequested(participant_id="KEN") if n % 2 else RequestWithdrawn(request=n - 1),
                             float(n))
    await journal.close()


def _dais(*args: str) -> list[str]:
    return [sys.executable, "-m", "dais.console", *args]


def _duration(argv: list[str]) -> float:
    start = time.monotonic()
    subprocess.run(argv, capture_output=True, cwd=ROOT, check=True)
    return time.monotonic() - start


def seating(trials: int, seed: int = 9) -> Counts:
    """Kill `dais seating` at random: the list is recorded whole (one event) or not at all."""
    rng, counts = random.Random(seed), Counts("seating import")
    with tempfile.TemporaryDirectory() as folder:
        base, seats = Path(folder) / "base.dais", Path(folder) / "seats.csv"
        asyncio.run(_meeting(base))
        seats.write_text("seat,delegation\n1,Kenya\n2,Mexico\n3,Peru\n")
        trial_path = Path(folder) / "probe.dais"
        shutil.copyfile(base, trial_path)
        span = _duration(_dais("seating", str(trial_path), str(seats)))
        for trial in range(trials):
            path = Path(folder) / f"s{trial}.dais"
            shutil.copyfile(base, path)
            lines: list[str] = []
            _kill_after(_dais("seating", str(path), str(seats)), rng.uniform(span * 0.5, span * 1.05), lines)
            counts.trials += 1
            done = any(line.startswith("seated") for line in lines)
            counts.cut_short += not done
            counts.acknowledged += done
            seqs = asyncio.run(_opens(path, counts))
            if seqs is None:
                continue
            recorded = asyncio.run(_seating_events(path))
            if recorded > 1 or (done and recorded != 1):
                counts.lost += 1
                counts.problems.append(f"{path.name}: {recorded} seating events, acknowledged: {done}")
    return counts


async def _seating_events(path: Path) -> int:
    reader = await Journal.open_reader(path)
    try:
        return sum(isinstance(e.event, SeatingSet) for e in await reader.entries())
    finally:
        await reader.close()


def salvage(trials: int, seed: int = 57) -> Counts:
    """Kill `dais salvage` at random: the original never changes, the new meeting is whole or absent."""
    rng, counts = random.Random(seed), Counts("salvage")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "damaged.dais"
        asyncio.run(_meeting(source, events=400))
        db = sqlite3.connect(source)
        db.execute("UPDATE events SET body = 'not json' WHERE seq IN (7, 200)")
        db.commit()
        db.close()
        before = hashlib.sha256(source.read_bytes()).hexdigest()
        span = _duration(_dais("salvage", str(source), "-o", str(Path(folder) / "probe.dais")))
        good = [seq for seq in range(1, 401) if seq not in (7, 200)]
        for trial in range(trials):
            target = Path(folder) / f"new{trial}.dais"
            lines: list[str] = []
            _kill_after(_dais("salvage", str(source), "-o", str(target)), rng.uniform(span * 0.5, span * 1.05), lines)
            counts.trials += 1
            done = any(line.startswith("copied") for line in lines)
            counts.cut_short += not done
            counts.acknowledged += done
            if hashlib.sha256(source.read_bytes()).hexdigest() != before:
                counts.originals_changed += 1
            if not target.exists():
                if done:
                    counts.lost += 1
                try:
                    from dais.console.salvage import salvage as run_salvage

                    run_salvage(source, target)  # the name is free for a salvage run again
                except DaisError as error:
                    counts.names_blocked += 1
                    counts.problems.append(f"{target.name}: {error}")
                continue
            seqs = asyncio.run(_opens(target, counts, write=False))
            if seqs is not None and seqs != good:
                counts.lost += 1
                counts.problems.append(f"{target.name}: {len(seqs)} events, not the {len(good)} good ones")
    return counts


def crash_all(creations: int = 100, append_kills: int = 100, seatings: int = 20, salvages: int = 20) -> list[Counts]:
    return [creation(creations), appends(append_kills), seating(seatings), salvage(salvages)]


def crash():
    """The full crash test, for `make bench`: the counts, each goal zero."""
    results = []
    for counts in crash_all():
        results.append((counts.line(), counts.clean))
        results += [(f"  {problem}", False) for problem in counts.problems[:5]]
    return results
