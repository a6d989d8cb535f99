"""Speech on a busy machine and when the speech process fails: real espeak-ng, measured with sox."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from dais.console.voice.speech import Announcer, Phrase, SpeechSettings, say_once
from dais.console.voice.speech_worker import wav_complete

TEXTS = [
    "The floor is given to the distinguished representative of Mexico.",
    "The floor is given to the distinguished representative of the United Kingdom of Great Britain "
    "and Northern Ireland, on behalf of the Group of 77 and China.",
    "Thirty seconds.",
    "Time.",
    "La parole est au distingué représentant du Royaume-Uni de Grande-Bretagne et d’Irlande du Nord.",
]


def duration(path: Path) -> float:
    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout)


def reference(text: str, voice: str, rate: int, folder: Path) -> float:
    """The same text and rate rendered by espeak-ng's own command, which synthesises synchronously."""
    out = folder / f"ref-{abs(hash((text, voice, rate)))}.wav"
    if not out.exists():
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(out), text], check=True)
    return duration(out)


@pytest.fixture
def busy():
    """Two CPU-bound processes: the machine is as busy as when renders failed."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    yield
    for spinner in spinners:
        spinner.kill()
        spinner.wait()


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A temporary folder of the test's own, inherited by the speech process, to see what is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


async def until(condition, timeout=60.0):
    for _ in range(int(timeout / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_twenty_renders_under_load_are_complete_at_the_configured_rate(tmp_path, busy, scratch):
    refs = tmp_path / "refs"
    refs.mkdir()
    results = []  # (file, text, voice, rate)
    # Ten as `dais say -o` does it, each in a new speech process: its first utterance
    # is the one whose rate used to be dropped.
    for n in range(10):
        text, rate = TEXTS[n % len(TEXTS)], 165
        settings = SpeechSettings(language="fr" if "parole" in text else "en", rate=rate)
        out = tmp_path / f"say-{n}.wav"
        error = await say_once(text, settings, tmp_path / "speech.log", out)
        assert error is None, error
        results.append((out, text, settings.voice_id, rate))
    # Ten through one Announcer at another rate, each waiting for the one before.
    announcer = Announcer(SpeechSettings(rate=140), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    await announcer.start()
    texts = [t for t in TEXTS if "parole" not in t]
    for n in range(10):
        announcer.announce(Phrase(texts[n % len(texts)], "test"))
        assert await until(lambda: len(announcer.spoken) == n + 1)
        results.append((announcer.spoken[-1], texts[n % len(texts)], "gmw/en", 140))
    await announcer.close()
    assert "NOT" not in announcer.status and "failed" not in announcer.status
    for out, text, voice, rate in results:
        assert wav_complete(str(out)), out
        expected = reference(text, voice, rate, refs)
        assert abs(duration(out) - expected) <= 0.02 * expected, (out.name, text, rate, duration(out), expected)
    assert list(scratch.iterdir()) == []  # no temporary file or folder left behind
    assert not list(tmp_path.rglob("*.part"))


async def test_worker_killed_mid_announcement_is_said_on_the_dais_and_the_next_one_spoken(
        meeting, clock, tmp_path, scratch, capfd):
    from dais.console.app import make_app

    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "s.json", announcer=announcer, tick=0.05)
    await meeting.request_floor("CHL")
    async with app.run_test(size=(200, 30)) as pilot:
        assert await until(lambda: announcer.available)
        announcer.announce(Phrase("Warming up.", "test"))
        assert await until(lambda: len(announcer.spoken) == 1)
        first_pid = announcer.pid
        long = " ".join(["The floor is given to the distinguished representative of the Plurinational State "
                         "of Bolivia."] * 300)  # seconds of synthesis
        announcer.announce(Phrase(long, "floor"))
        assert await until(lambda: list((tmp_path / "wav").glob("*.part")))  # being written
        await pilot.press("n")  # the floor to Chile: waits behind the long one
        os.kill(first_pid, signal.SIGKILL)
        assert await until(lambda: any("floor" in p.name for p in announcer.spoken))
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "announcement cut off: the speech process stopped" in status
        assert announcer.pid not in (None, first_pid)
        chile = announcer.spoken[-1]
        assert abs(duration(chile) - reference("The floor is given to the distinguished representative of "
                                               "Chile.", "gmw/en", 165, tmp_path)) < 0.1
    await announcer.close()
    assert not list((tmp_path / "wav").glob("*.part"))
    assert list(scratch.iterdir()) == []  # the killed process's scratch folder was removed
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # nothing reached the terminal


FAKE_WORKER = textwrap.dedent("""
    import json, pathlib, sys, time
    # A speech process that answers as a script says: a word per start, a move per request in it.
    script = pathlib.Path({script!r})
    starts = script.read_text().split()
    script.write_text(" ".join(starts[1:]))
    moves = (starts[0] if starts else "ok").split(",")
    print(json.dumps({{"ready": True}}), flush=True)
    for n, line in enumerate(sys.stdin):
        request = json.loads(line)
        move = moves[n] if n < len(moves) else "ok"
        if move == "error":
            print(json.dumps({{"id": request["id"], "error": "the speech engine wrote no audio"}}), flush=True)
        elif move == "hang":
            time.sleep(3600)
        else:
            pathlib.Path(request["to_file"]).write_bytes(b"")
            print(json.dumps({{"id": request["id"], "ok": True, "first_audio": time.monotonic()}}), flush=True)
""")


def fake_worker(tmp_path: Path, moves: str) -> list[str]:
    script = tmp_path / "moves"
    script.write_text(moves)
    return [sys.executable, "-c", FAKE_WORKER.format(script=str(script))]


async def test_an_error_answer_is_retried_once_and_shown(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav",
                          worker=fake_worker(tmp_path, "error ok"))
    await announcer.start()
    announcer.announce(Phrase("Time.", "time"))
    assert await until(lambda: len(announcer.spoken) == 1)
    assert announcer.status == "speech on · last announcement spoken on retry after: the speech engine wrote no audio"
    await announcer.close()


async def test_an_announcement_failing_twice_is_not_spoken_and_says_so(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav",
                          worker=fake_worker(tmp_path, "error error"))
    await announcer.start()
    announcer.announce(Phrase("Time.", "time"))
    assert await until(lambda: "NOT spoken" in announcer.status)
    assert announcer.spoken == []
    assert announcer.status == "speech on · announcement NOT spoken: the speech engine wrote no audio"
    announcer.announce(Phrase("Thirty seconds.", "warning"))  # the next one is spoken
    assert await until(lambda: len(announcer.spoken) == 1)
    await announcer.close()


async def test_a_stuck_speech_process_is_restarted_and_the_phrase_retried(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav",
                          worker=fake_worker(tmp_path, "hang ok"), timeout_s=1)
    await announcer.start()
    announcer.announce(Phrase("Time.", "time"))
    assert await until(lambda: len(announcer.spoken) == 1)
    assert "spoken on retry after: the speech process was stuck for 1 s and was restarted" in announcer.status
    await announcer.close()


async def test_a_failure_notice_fades_from_the_status_line(tmp_path, clock):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav",
                          worker=fake_worker(tmp_path, "error ok"), clock=clock)
    await announcer.start()
    announcer.announce(Phrase("Time.", "time"))
    assert await until(lambda: len(announcer.spoken) == 1)
    assert "retry" in announcer.status
    clock.advance(61)
    assert announcer.status == "speech on"
    await announcer.close()


FAKE_APLAY = """#!/bin/sh
# A sound card that keeps what it is given to play, in order.
if [ "$1" = "-l" ]; then echo "card 0: Recorder [Recorder], device 0: test"; exit 0; fi
for last; do :; done
n=$(ls "$DAIS_TEST_PLAYED" | wc -l)
cp "$last" "$DAIS_TEST_PLAYED/$(printf %04d "$n").wav"
"""


async def test_spoken_aloud_every_piece_is_played_whole_and_in_order(tmp_path, busy, scratch, monkeypatch):
    from dais.console.voice.speech_worker import chunks

    bin_dir, played = tmp_path / "bin", tmp_path / "played"
    bin_dir.mkdir()
    played.mkdir()
    (bin_dir / "aplay").write_text(FAKE_APLAY)
    (bin_dir / "aplay").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DAIS_TEST_PLAYED", str(played))
    text = " ".join(TEXTS[:2] * 2)
    pieces = chunks(text)
    assert len(pieces) >= 3
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log")  # to the speakers
    await announcer.start()
    assert announcer.status == "speech on"
    announcer.announce(Phrase(text, "floor"))
    assert await until(lambda: announcer.latency_s is not None)
    files = sorted(played.iterdir())
    assert len(files) == len(pieces)
    for piece, file in zip(pieces, files):
        assert wav_complete(str(file))
        expected = reference(piece, "gmw/en", 165, tmp_path)
        assert abs(duration(file) - expected) <= 0.02 * expected, (piece, duration(file), expected)
    await announcer.close()
    assert list(scratch.iterdir()) == []


async def test_a_voice_that_is_not_installed_is_said_not_replaced(tmp_path):
    announcer = Announcer(SpeechSettings(voice="xx/klingon"), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    await announcer.start()
    announcer.announce(Phrase("Time.", "time"))
    assert await until(lambda: announcer.status == "speech unavailable: the voice 'xx/klingon' is not installed")
    assert announcer.spoken == []
    await announcer.close()
