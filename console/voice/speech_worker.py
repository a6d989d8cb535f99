"""The speech process: pyttsx3 runs here, never in the console's process.

pyttsx3's espeak driver prints to stdout; all of that goes to the log file given as the first
argument. The second argument is a scratch folder of this process's own, which the console
removes once the process has ended, however it ended. Requests arrive on stdin as JSON lines
({"id", "text", "voice", "rate", "volume", "to_file"}). Answers go back on the original stdout,
one JSON line each: first {"ready": true, "voices": [ids]} or {"unavailable": "..."}; then, per request, a
{"id": n, "progress": k, "of": m} line after each piece is rendered or played (the console
treats silence between lines as a hang), and last {"id": n, "ok": true, "first_audio": t} or
{"id": n, "error": "..."}. `first_audio` is the time.monotonic() at which the first piece
started playing or, for a file, was complete.

How pyttsx3 2.99's espeak driver is driven, and why (its source, pyttsx3/drivers/espeak.py):
espeak-ng runs asynchronously (AUDIO_OUTPUT_RETRIEVAL). Audio arrives in a callback on
espeak's own thread, which writes the WAV and then notifies "finished-utterance". But
`runAndWait()` returns before that whenever commands were queued while the driver was busy,
and it ends every loop with `stop()`, which cancels whatever espeak is still doing: the
previous utterance (cut short) or a rate just set and not yet applied (the rate dropped back).
So each utterance waits for the driver to be idle, sets the voice and rate and waits until
espeak has applied them, then waits for "finished-utterance" and for a complete WAV file.
Sound is played by `aplay` from those files, one piece while the next is rendered.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable
from typing import Any

# pyttsx3's espeak driver silently drops texts longer than about 200 characters (seen with
# pyttsx3 2.99 and espeak-ng 1.51): long phrases are spoken in pieces.
CHUNK = 150
UTTERANCE_TIMEOUT_S = 60.0  # one piece of at most CHUNK characters, on a very busy machine


def chunks(text: str) -> list[str]:
    parts, current = [], ""
    for piece in re.split(r"(?<=[.,;:!?])\s+", text.strip()):
        while len(piece) > CHUNK:
            cut = piece.rfind(" ", 0, CHUNK)
            cut = cut if cut > 0 else CHUNK
            parts.append(piece[:cut])
            piece = piece[cut:].strip()
        if current and len(current) + 1 + len(piece) > CHUNK:
            parts.append(current)
            current = piece
        else:
            current = f"{current} {piece}".strip()
    if current:
        parts.append(current)
    return parts


def wav_complete(path: str) -> bool:
    """A RIFF/WAVE file whose sizes match the file: fully written, with some audio."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as file:
            head = file.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return False
            if struct.unpack("<I", head[4:8])[0] != size - 8:
                return False
            offset = 12
            while offset + 8 <= size:
                file.seek(offset)
                name, length = struct.unpack("<4sI", file.read(8))
                if name == b"data":
                    return bool(length > 0 and offset + 8 + length == size)
                offset += 8 + length + (length & 1)
    except OSError:
        return False
    return False


_prctl: Callable[..., int] | None
try:
    _prctl = ctypes.CDLL(None).prctl  # looked up here: the child of a fork should only call it
except (OSError, AttributeError):
    _prctl = None


def die_with_parent() -> None:
    """aplay stops when this process stops, even when it is killed (Linux PR_SET_PDEATHSIG)."""
    if _prctl is not None:
        _prctl(1, signal.SIGKILL)


class Voice:
    """pyttsx3's engine with its espeak driver, one utterance at a time."""

    def __init__(self, scratch: str) -> None:
        import pyttsx3  # type: ignore[import-untyped]
        from pyttsx3.drivers import _espeak  # type: ignore[import-untyped]

        self._espeak = _espeak
        self.scratch = scratch
        self.engine = pyttsx3.init("espeak")
        self.voices = {v.id for v in self.engine.getProperty("voices")}
        self.finished = threading.Event()
        self.engine.connect("finished-utterance", lambda name, completed: self.finished.set())
        self._count = 0
        # The driver starts busy: the first utterance runs with queued commands, and its
        # runAndWait returns early. Speak one throwaway word so that every real one starts
        # from an idle driver.
        os.unlink(self.render(".", None))
        self._rate_now = _espeak.dll.espeak_GetParameter  # pyttsx3 binds it without `current`
        self._rate_now.argtypes, self._rate_now.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int

    def idle(self, timeout: float = UTTERANCE_TIMEOUT_S) -> None:
        """Wait until espeak has nothing in hand (espeak_Synchronize, which pyttsx3 does not bind)."""
        deadline = time.monotonic() + timeout
        while self._espeak.IsPlaying():
            if time.monotonic() > deadline:
                raise RuntimeError("the speech engine is stuck")
            time.sleep(0.002)

    def configure(self, voice: str | None, rate: int | None, volume: float | None) -> None:
        self.idle()
        if voice:
            if voice not in self.voices:
                raise RuntimeError(f"the voice {voice!r} is not installed")
            self.engine.setProperty("voice", voice)
        if rate:
            self.engine.setProperty("rate", int(rate))
        if volume is not None:
            self.engine.setProperty("volume", float(volume))
        self.idle()  # applied before the driver's stop() could cancel them
        if rate and self._rate_now(self._espeak.RATE, 1) != int(rate):
            raise RuntimeError(f"the speech engine did not take the rate {rate}")
        if voice and self.engine.getProperty("voice") != voice:
            raise RuntimeError(f"the speech engine did not take the voice {voice!r}")

    def render(self, text: str, path: str | None) -> str:
        """One piece of text to a complete WAV file; returns its path."""
        self._count += 1
        path = path or os.path.join(self.scratch, f"{self._count}.wav")
        self.idle()
        self.finished.clear()
        try:
            self.engine.save_to_file(text, path)
            self.engine.runAndWait()
            if not self.finished.wait(UTTERANCE_TIMEOUT_S):
                raise RuntimeError("the speech engine never finished")
            self.idle()
            deadline = time.monotonic() + 5
            while not wav_complete(path):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the speech engine wrote no complete audio for {text!r}")
                time.sleep(0.005)
        except BaseException:
            if os.path.exists(path):
                os.unlink(path)
            raise
        return path


def speak(voice: Voice, request: dict[str, Any], progress: Callable[[int, int], None]) -> float:
    """Render (to a file) or play one request, piece by piece; returns the first audio time."""
    pieces = chunks(request["text"]) or ["."]
    voice.configure(request.get("voice"), request.get("rate"), request.get("volume"))
    target = request.get("to_file")
    first_audio = 0.0
    if target:
        part = f"{target}.part"
        try:
            with wave.open(part, "wb") as out:
                for n, piece in enumerate(pieces):
                    path = voice.render(piece, None)
                    first_audio = first_audio or time.monotonic()
                    with wave.open(path, "rb") as rendered:
                        if n == 0:
                            out.setparams(rendered.getparams())
                        out.writeframes(rendered.readframes(rendered.getnframes()))
                    os.unlink(path)
                    progress(n + 1, len(pieces))
            os.replace(part, target)
        finally:
            if os.path.exists(part):
                os.unlink(part)
        return first_audio
    playing: tuple[subprocess.Popen[bytes], str] | None = None
    try:
        for n, piece in enumerate(pieces):
            path = voice.render(piece, None)
            if playing is not None:
                finish(*playing)
            playing = (subprocess.Popen(["aplay", "-q", path], stdin=subprocess.DEVNULL,
                                        preexec_fn=die_with_parent), path)
            first_audio = first_audio or time.monotonic()
            progress(n + 1, len(pieces))
        if playing is not None:
            finish(*playing)
            playing = None
    finally:
        if playing is not None:
            playing[0].kill()
            playing[0].wait()
            os.unlink(playing[1])
    return first_audio


def finish(player: subprocess.Popen[bytes], path: str) -> None:
    code = player.wait()
    os.unlink(path)
    if code != 0:
        raise RuntimeError(f"aplay failed (exit {code})")


def main() -> int:
    log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(log, 1)  # whatever pyttsx3, espeak or aplay print goes to the log, not the terminal
    os.dup2(log, 2)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    sys.stderr = os.fdopen(2, "w", buffering=1)
    scratch = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="dais-speech-")
    tempfile.tempdir = scratch

    def answer(message: dict[str, Any]) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    try:
        voice = Voice(scratch)
    except Exception as error:  # noqa: BLE001 - any failure here means no speech, said plainly
        answer({"unavailable": f"speech engine failed to start ({error})"})
        return 1
    answer({"ready": True, "voices": sorted(voice.voices)})
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        ident = request.get("id")
        try:
            first_audio = speak(voice, request, lambda k, of: answer({"id": ident, "progress": k, "of": of}))
            answer({"id": ident, "ok": True, "first_audio": first_audio})
        except Exception as error:  # noqa: BLE001 - said to the console, which shows it
            print(f"speech failed: {error!r}", flush=True)
            answer({"id": ident, "error": str(error)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
