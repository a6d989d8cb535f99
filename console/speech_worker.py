"""The speech process: pyttsx3 runs here, never in the console's process.

pyttsx3's espeak driver prints to stdout and plays sound by running `aplay` through a shell; all
of that goes to the log file given as the first argument. Requests arrive on stdin as JSON lines
({"id", "text", "voice", "rate", "volume", "to_file"}); answers go back on the original stdout,
one JSON line each: first {"ready": true} or {"unavailable": "..."}, then {"id": n, "ok": true}
or {"id": n, "error": "..."}.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import wave

# pyttsx3's espeak driver silently drops texts longer than about 200 characters (seen with
# pyttsx3 2.99 and espeak-ng 1.51): long phrases are spoken in chunks.
CHUNK = 150


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


def save(engine, text: str, target: str) -> None:
    pieces = chunks(text)
    folder = tempfile.mkdtemp(prefix="dais-speech-")
    files = []
    for n, piece in enumerate(pieces):
        path = os.path.join(folder, f"{n}.wav")
        engine.save_to_file(piece, path)
        engine.runAndWait()
        if not os.path.exists(path) or os.path.getsize(path) <= 44:
            raise RuntimeError(f"the speech engine wrote no audio for {piece!r}")
        files.append(path)
    with wave.open(files[0], "rb") as first:
        params = first.getparams()
    with wave.open(target + ".part", "wb") as out:
        out.setparams(params)
        for path in files:
            with wave.open(path, "rb") as part:
                out.writeframes(part.readframes(part.getnframes()))
            os.unlink(path)
    os.rmdir(folder)
    os.replace(target + ".part", target)


def main() -> int:
    log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(log, 1)  # whatever pyttsx3, espeak or aplay print goes to the log, not the terminal
    os.dup2(log, 2)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    sys.stderr = os.fdopen(2, "w", buffering=1)

    def answer(message: dict) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    try:
        import pyttsx3

        engine = pyttsx3.init()
        voices = {v.id: v for v in engine.getProperty("voices")}
    except Exception as error:  # noqa: BLE001 - any failure here means no speech, said plainly
        answer({"unavailable": f"speech engine failed to start ({error})"})
        return 1
    answer({"ready": True})
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        try:
            if request.get("voice") in voices:
                engine.setProperty("voice", request["voice"])
            if request.get("rate"):
                engine.setProperty("rate", int(request["rate"]))
            if request.get("volume") is not None:
                engine.setProperty("volume", float(request["volume"]))
            if request.get("to_file"):
                save(engine, request["text"], request["to_file"])
            else:
                for piece in chunks(request["text"]):
                    engine.say(piece)
                engine.runAndWait()
            answer({"id": request.get("id"), "ok": True})
        except Exception as error:  # noqa: BLE001
            print(f"speech failed: {error!r}", flush=True)
            answer({"id": request.get("id"), "error": str(error)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
