"""Speech benchmarks: renders on a busy machine, and the floor given -> first audio latency."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from dais.console.voice.speech import Announcer, Phrase, SpeechSettings, say_once
from dais.console.voice.speech_worker import wav_complete

TEXTS = [
    "The floor is given to the distinguished representative of Mexico.",
    "The floor is given to the distinguished representative of the United Kingdom of Great Britain "
    "and Northern Ireland, on behalf of the Group of 77 and China.",
    "Thirty seconds.",
    "Time.",
    "The floor is given to the representative of the International Organization for Migration.",
]
FLOOR = "The floor is given to the distinguished representative of Mexico."


def _duration(path: Path) -> float:
    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout)


@contextmanager
def _busy(processes: int = 2):
    """CPU-bound processes, as on a machine shared with other work."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


@contextmanager
def _private_tmp(folder: Path):
    """TMPDIR for this process and the speech processes, to count what renders leave behind."""
    folder.mkdir()
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(folder), str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env


async def _announce(announcer: Announcer, phrase: Phrase, timeout: float = 120) -> Path | None:
    before = len(announcer.spoken)
    announcer.announce(phrase)
    deadline = time.monotonic() + timeout
    while len(announcer.spoken) == before:
        if time.monotonic() > deadline or "NOT spoken" in announcer.status:
            return None
        await asyncio.sleep(0.002)
    return announcer.spoken[-1]


async def renders_under_load(renders: int = 100):
    """100 renders while two CPU-bound processes run: half by `dais say -o`, each in a new
    speech process (where the rate used to be dropped), half through one Announcer."""
    rate = SpeechSettings().rate
    with tempfile.TemporaryDirectory() as base:
        base = Path(base)
        log = base / "speech.log"
        quiet: dict[str, float] = {}
        announcer = Announcer(SpeechSettings(), log, output_dir=base / "quiet")
        await announcer.start()
        if not announcer.available:
            return [(f"speech renders: not measured ({announcer.status})", False)]
        for text in TEXTS:  # the quiet machine's durations, same text and rate
            quiet[text] = _duration(await _announce(announcer, Phrase(text, "test")))
        await announcer.close()
        results: list[tuple[str, Path | None]] = []
        with _private_tmp(base / "tmp") as scratch, _busy():
            for n in range(renders // 2):
                text, out = TEXTS[n % len(TEXTS)], base / f"say-{n}.wav"
                error = await say_once(text, SpeechSettings(), log, out)
                results.append((text, None if error else out))
            announcer = Announcer(SpeechSettings(), log, output_dir=base / "load")
            await announcer.start()
            for n in range(renders - renders // 2):
                text = TEXTS[n % len(TEXTS)]
                results.append((text, await _announce(announcer, Phrase(text, "test"))))
            await announcer.close()
            left = list(scratch.iterdir()) + list(base.rglob("*.part"))
        completed = [(text, out) for text, out in results if out is not None and wav_complete(str(out))]
        right = [text for text, out in completed if abs(_duration(out) - quiet[text]) <= 0.02 * quiet[text]]
    return [
        (f"renders with 2 busy processes (rate {rate}): {len(completed)}/{renders} completed (goal {renders})",
         len(completed) == renders),
        (f"renders the right length (within 2% of the quiet machine's): {len(right)}/{renders} "
         f"(goal {renders})", len(right) == renders),
        (f"temporary files or folders left: {len(left)} (goal 0)", not left),
    ]


async def _latencies(runs: int, folder: Path) -> list[float] | str:
    announcer = Announcer(SpeechSettings(), folder / "speech.log", output_dir=folder / "wav")
    await announcer.start()
    if not announcer.available:
        return announcer.status
    await _announce(announcer, Phrase("Warming up.", "test"))
    times = []
    for _ in range(runs):
        await asyncio.sleep(0.05)  # the dais does other things between floors
        if await _announce(announcer, Phrase(FLOOR, "floor")) is not None and announcer.latency_s is not None:
            times.append(announcer.latency_s)
    await announcer.close()
    return times


async def latency(runs: int = 20):
    """From the floor being given (announce) to its first audio: the first piece of speech complete
    and handed to the output (`aplay` starts on it when speaking aloud)."""
    lines = []
    for label, busy in (("quiet", False), ("2 busy processes", True)):
        with tempfile.TemporaryDirectory() as folder:
            if busy:
                with _busy():
                    times = await _latencies(runs, Path(folder))
            else:
                times = await _latencies(runs, Path(folder))
        if isinstance(times, str):
            return [(f"speech latency: not measured ({times})", False)]
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        lines.append((f"floor given -> first audio, {label}: median {median:.0f} ms, max {worst:.0f} ms "
                      f"over {len(times)} (goal <= 300 ms)", worst <= 300))
    return lines
