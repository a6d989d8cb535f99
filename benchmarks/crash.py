"""Kill a writer at random moments (SIGKILL) during creation, appends, a seating import and a
salvage, and count what a person would suffer: unopenable meetings, acknowledged events lost,
locks left held, names blocked, originals changed. Then kill a writer, remove its meeting and put
a new file at the same name (create, backup, restore), where its log stays behind: the new file
must open (not "malformed") and hold none of the old meeting's events. Every count must be zero."""

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

from dais.console.lang.errors import DaisError
from dais.console.record.journal import Journal, holder_of
from dais.console.room.programme import shipped_programme
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
    foreign: int = 0  # files holding events of another meeting (a stray log joined to them)
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.unopenable or self.lost or self.locks_held or self.names_blocked or self.originals_changed
                    or self.foreign)

    def line(self) -> str:
        return (f"{'' if self.kind.startswith('kill') else 'crash during '}{self.kind}: {self.trials} kills ({self.cut_short} before it finished, "
                f"{self.acknowledged} acknowledged): {self.unopenable} unopenable, {self.lost} acknowledged lost, "
                f"{self.locks_held} locks held, {self.names_blocked} names blocked, "
                f"{self.originals_changed} originals changed, {self.foreign} with foreign events (goal: all 0)")


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
                    from dais.console.standby.salvage import salvage as run_salvage

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


async def _rows(path: Path) -> list[tuple[int, str]]:
    reader = await Journal.open_reader(path)
    try:
        return [(e.seq, e.event.model_dump_json()) for e in await reader.entries()]
    finally:
        await reader.close()


def _killed_then_removed(path: Path, rng: random.Random) -> None:
    """A writer killed mid-appends, then its meeting file removed: its -wal and -shm stay."""
    for attempt in range(3):  # a kill before the first append leaves no log: try again, later
        lines: list[str] = []
        _kill_after([sys.executable, *CHILD, str(path)], rng.uniform(0.05, 0.25) * (attempt + 1), lines)
        if _has_log(path):
            break
    path.unlink(missing_ok=True)


def _has_log(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _same_name(kind: str, trials: int, seed: int, place) -> Counts:
    """Kill a writer, remove its file, then `place` a new meeting at the same name; count the
    new files that do not open and those that hold any event but their own."""
    rng, counts = random.Random(seed), Counts(f"kill, rm, then {kind} at the same name")
    logs_left = 0
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source.dais"
        asyncio.run(_meeting(source, events=44))
        expected = asyncio.run(_rows(source))
        for trial in range(trials):
            path = Path(folder) / f"n{trial}.dais"
            _killed_then_removed(path, rng)
            logs_left += _has_log(path)
            counts.trials += 1
            try:
                own = place(source, path, expected)
            except DaisError as error:
                counts.names_blocked += 1
                counts.problems.append(f"{path.name}: {error}")
                continue
            counts.acknowledged += 1
            seqs = asyncio.run(_opens(path, counts))
            if seqs is None:
                continue
            rows = asyncio.run(_rows(path))
            if rows != own:
                counts.foreign += 1
                counts.problems.append(f"{path.name}: {len(rows)} events, its own {len(own)}")
    counts.kind += f" ({logs_left} with the old log left there)"
    return counts


def _create_at(source: Path, path: Path, expected: list[tuple[int, str]]) -> list[tuple[int, str]]:
    asyncio.run(_create_and_close(path))
    return []  # a new meeting holds nothing; _opens writes nothing either


def _backup_at(source: Path, path: Path, expected: list[tuple[int, str]]) -> list[tuple[int, str]]:
    from dais.console.standby.backup import backup

    backup(source, path)
    return expected


def kill_rm_create(trials: int, seed: int = 29) -> Counts:
    return _same_name("create", trials, seed, _create_at)


def kill_rm_backup(trials: int, seed: int = 30) -> Counts:
    return _same_name("backup", trials, seed, _backup_at)


def kill_rm_restore(trials: int, seed: int = 31) -> Counts:
    """As above, from a Litestream replica of the source meeting (one replica, restored each time)."""
    from dais.console.standby.backup import restore
    from dais.console.standby.replicate import Replicator

    with tempfile.TemporaryDirectory() as folder:
        replica, live = Path(folder) / "replica", Path(folder) / "live.dais"

        async def replicated() -> list[tuple[int, str]]:
            await _create_and_close(live)
            replicator = Replicator(live, str(replica), Path(folder) / "litestream.log")
            await replicator.start()
            try:
                writer = await Journal.create_or_open(live, shipped_programme())
                for n in range(1, 45):
                    await writer.append(FloorRequested(participant_id="KEN") if n % 2 else RequestWithdrawn(request=n - 1),
                                        float(n))
                await writer.close()
                for _ in range(120):
                    probe = Path(folder) / f"probe-{time.monotonic_ns()}.dais"
                    try:
                        if (await restore(str(replica), probe)).events == 44:
                            break
                    except DaisError:
                        pass
                    await asyncio.sleep(0.5)
            finally:
                await replicator.close()
            return await _rows(live)

        expected = asyncio.run(replicated())

        def place(source: Path, path: Path, _expected: list[tuple[int, str]]) -> list[tuple[int, str]]:
            asyncio.run(restore(str(replica), path))
            return expected

        return _same_name("restore", trials, seed, place)


def salvage_after_writing(trials: int, seed: int = 58) -> Counts:
    """Kill `dais salvage` only once its new meeting is at its name: it must be whole, its own
    events only, and open; the original never changes."""
    rng, counts = random.Random(seed), Counts("salvage, killed once it has written")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "damaged.dais"
        asyncio.run(_meeting(source, events=400))
        db = sqlite3.connect(source)
        db.execute("UPDATE events SET body = 'not json' WHERE seq IN (7, 200)")
        db.commit()
        db.close()
        before = hashlib.sha256(source.read_bytes()).hexdigest()
        good = [seq for seq in range(1, 401) if seq not in (7, 200)]
        for trial in range(trials):
            target = Path(folder) / f"new{trial}.dais"
            if trial % 2:  # every other one at a name where a killed writer left its log
                _killed_then_removed(target, rng)
            child = subprocess.Popen(_dais("salvage", str(source), "-o", str(target)), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, cwd=ROOT)
            deadline = time.monotonic() + 60
            while not target.exists() and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.003))
            child.send_signal(signal.SIGKILL)
            child.wait()
            counts.trials += 1
            counts.cut_short += child.returncode == -signal.SIGKILL
            if hashlib.sha256(source.read_bytes()).hexdigest() != before:
                counts.originals_changed += 1
            if not target.exists():
                counts.lost += 1
                counts.problems.append(f"{target.name}: not there after the salvage wrote it")
                continue
            counts.acknowledged += 1
            seqs = asyncio.run(_opens(target, counts))
            if seqs is not None and seqs != good:
                counts.foreign += 1
                counts.problems.append(f"{target.name}: {len(seqs)} events, not the {len(good)} good ones")
    return counts


def crash_all(creations: int = 100, append_kills: int = 100, seatings: int = 20, salvages: int = 20,
              same_names: int = 20) -> list[Counts]:
    return [creation(creations), appends(append_kills), seating(seatings), salvage(salvages),
            kill_rm_create(same_names), kill_rm_backup(same_names), kill_rm_restore(same_names // 2),
            salvage_after_writing(salvages)]


def crash():
    """The full crash test, for `make bench`: the counts, each goal zero."""
    results = []
    for counts in crash_all():
        results.append((counts.line(), counts.clean))
        results += [(f"  {problem}", False) for problem in counts.problems[:5]]
    return results
