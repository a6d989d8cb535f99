"""The standby drill: a dais replicating with Litestream dies (kill -9 of both) while actions come
at 5 a second; the standby restores the replica and opens the meeting.

RPO: acknowledged events the standby does not have, and how many seconds of actions they are.
RTO: from the restore command to the first frame of the standby dais on a real terminal.
"""

from __future__ import annotations

import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.dais import _compiled
from benchmarks.terminal import Terminal

ACTIONS_PER_S = 5.0

# The dais laptop, headless: the same engine and the same supervised Litestream as `dais open
# --replicate`, with actions at 5 a second; it prints each acknowledged event (seq, time).
_DAIS_LAPTOP = """
import asyncio, sys, time
from pathlib import Path
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from dais.console.standby.replicate import Replicator

async def main(path, replica, log):
    meeting = await Meeting.open(Path(path), shipped_programme())
    replicator = Replicator(meeting.path, replica, Path(log))
    await replicator.start()
    while replicator.status.state != "ok":
        await asyncio.sleep(0.05)
    print("litestream", replicator.pid, flush=True)
    states = ["KEN", "MEX", "BRA", "CHL", "PER", "ARG", "EGY", "IND"]
    cycle = [lambda k: meeting.request_floor(states[k % 8]), lambda k: meeting.give_floor(),
             lambda k: meeting.extend(), lambda k: meeting.pause(), lambda k: meeting.resume()]
    n = 0
    start = time.monotonic()
    while True:
        entry = await cycle[n % 5](n // 5)
        n += 1
        print(entry.seq, entry.at, flush=True)
        await asyncio.sleep(max(0.0, start + n / RATE - time.monotonic()))

asyncio.run(main(*sys.argv[1:4]))
""".replace("RATE", repr(ACTIONS_PER_S))


def _drill(folder: Path, actions: int, dais: list[str]) -> tuple[int, float, float]:
    """One drill: (events missing, seconds of actions missing, RTO in seconds)."""
    meeting, replica, standby = folder / "geneva.dais", folder / "replica", folder / "standby"
    standby.mkdir()
    laptop = subprocess.Popen([sys.executable, "-c", _DAIS_LAPTOP, str(meeting), str(replica),
                               str(folder / "litestream.log")],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        litestream = int(laptop.stdout.readline().split()[1])
        acknowledged: list[tuple[int, float]] = []
        while len(acknowledged) < actions:
            seq, at = laptop.stdout.readline().split()
            acknowledged.append((int(seq), float(at)))
        os.kill(litestream, signal.SIGKILL)  # the laptop dies: both at once, Litestream first so
        os.killpg(laptop.pid, signal.SIGKILL)  # that it gets no last word from its parent's death
        laptop.wait()
        for line in laptop.stdout:  # acknowledged before the kill, not yet read here
            seq, at = line.split()
            acknowledged.append((int(seq), float(at)))
    finally:
        if laptop.poll() is None:
            os.killpg(laptop.pid, signal.SIGKILL)
            laptop.wait()
    env = {**os.environ, "DAIS_HOME": str(standby)}
    began = time.perf_counter()
    restored = subprocess.run(dais + ["restore", str(replica), "-o", "geneva"], capture_output=True, text=True,
                              env=env, check=True)
    terminal = Terminal(dais + ["open", "geneva"], env={"DAIS_HOME": str(standby)})
    try:
        first_frame = terminal.wait_for(" events")
    finally:
        terminal.close()
    have = int(re.search(r": (\d+) events", restored.stdout)[1])
    last_seq, last_at = acknowledged[-1]
    kept_at = next((at for seq, at in reversed(acknowledged) if seq == have), acknowledged[0][1])
    return last_seq - have, last_at - kept_at if have else last_at - acknowledged[0][1], first_frame - began


def standby(drills: int = 20):
    _compiled()
    dais = [sys.executable, "-m", "dais.console"]
    chance = random.Random(17)
    missing, missing_s, rto = [], [], []
    for _ in range(drills):
        with tempfile.TemporaryDirectory() as folder:
            events, seconds, recovery = _drill(Path(folder), chance.randint(10, 30), dais)
        missing.append(events)
        missing_s.append(seconds)
        rto.append(recovery)
    rpo_max_s = max(missing_s)
    return [
        (f"standby drill x{drills} at {ACTIONS_PER_S:.0f} actions/s, kill -9 of the dais and Litestream: "
         f"RPO (acknowledged events missing after restore) max {max(missing)}, median "
         f"{statistics.median(missing):g}; as time of actions max {rpo_max_s:.2f} s, median "
         f"{statistics.median(missing_s):.2f} s (goal <= 1 s)", rpo_max_s <= 1.0),
        (f"standby drill: RTO (restore command -> first frame of the standby dais) max {max(rto):.2f} s, "
         f"median {statistics.median(rto):.2f} s (goal <= 10 s)", max(rto) <= 10.0),
    ]
