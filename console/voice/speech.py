"""Spoken announcements: what to say and when, and the speech process that says it.

No pyttsx3 here: console.voice.speech_worker runs it in a child process whose output goes to a log
file. The Announcer keeps at most one phrase waiting (a newer one replaces it), drops a phrase
that is no longer true when its turn comes, restarts the process if it dies or hangs, and never
makes the caller wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dais.console.lang.i18n import _, gettext_noop
from dais.console.room import clock
from dais.console.lang import english, french
from dais.console.room.clock import ClockPhase
from dais.console.record.fold import MeetingState
from dais.console.settings import SpeechSettings
from dais.models import Category, Intervention, Participant

# -- what to say ----------------------------------------------------------------------------

TEMPLATES = {
    "en": {
        "state": "The floor is given to the distinguished representative of {of}.",
        "group": "The floor is given to the distinguished representative of {of}, on behalf of {group}.",
        "organisation": "The floor is given to the representative of {of}.",
        "person": "The floor is given to {name}.",
        "point_of_order": "{name} on a point of order.",
        "warning": "Thirty seconds.",
        "warning_n": "{n} seconds.",
        "time": "Time.",
    },
    "fr": {
        "state": "La parole est au distingué représentant {of}.",
        "group": "La parole est au distingué représentant {of}, au nom {group}.",  # "au nom du Groupe…"
        "organisation": "La parole est au représentant {of}.",
        "person": "La parole est {to}.",
        "point_of_order": "La parole est au représentant {of}, sur une motion d’ordre.",
        "warning": "Trente secondes.",
        "warning_n": "{n} secondes.",
        "time": "Le temps de parole est écoulé.",
    },
}


@dataclass(frozen=True)
class Phrase:
    text: str
    kind: str  # floor, warning, time, test
    intervention_id: int | None = None


def floor_text(participant: Participant, language: str = "en", on_behalf_of: str | None = None,
               point_of_order: bool = False) -> str:
    """What is said when the floor is given to this participant."""
    words = TEMPLATES.get(language, TEMPLATES["en"])
    state = participant.category.is_state
    person = participant.category is Category.PANEL
    if language == "fr":
        name = french.name_fr(participant)
        if person:  # "S.E. M. Jürg Lauber" is said "Son Excellence Monsieur Jürg Lauber"
            name = english.titles_said(name, "fr")
        of = french.de(name) if person else french.of_fr(participant)
        group = french.group_of_fr(on_behalf_of) if on_behalf_of else ""
    else:
        # "the Holy See", "the Islamic Republic of Iran", "His Excellency Mister Jürg Lauber"
        name = english.name_en(participant)
        of, group = name, french.group_en(on_behalf_of) if on_behalf_of else ""
    if point_of_order:
        return words["point_of_order"].format(name=english.capitalised(name), of=of)
    if person:
        return words["person"].format(name=name, to=french.a(name))
    if state:
        return words["group" if on_behalf_of else "state"].format(of=of, group=group)
    return words["organisation"].format(of=of)


def floor_phrase(state: MeetingState, intervention: Intervention, language: str = "en") -> Phrase:
    participant = state.roster.get(intervention.participant_id)
    text = floor_text(participant, language, intervention.on_behalf_of, intervention.point_of_order)
    return Phrase(text, "floor", intervention.id)


def clock_phrases(state: MeetingState, now: float, said: set[tuple[int, str]], settings: SpeechSettings) -> list[Phrase]:
    """The warning and "Time" due for the speaker now, each once per intervention."""
    current = state.speaking
    if current is None:
        return []
    words = TEMPLATES.get(settings.language, TEMPLATES["en"])
    reading = clock.read(current, now)
    due = []
    if reading.phase is ClockPhase.WARNING and settings.announce_warning and (current.id, "warning") not in said:
        n = int(current.warning_s)
        due.append(Phrase(words["warning"] if n == 30 else words["warning_n"].format(n=n), "warning", current.id))
    if reading.phase is ClockPhase.OVERRUN and settings.announce_time and (current.id, "time") not in said:
        due.append(Phrase(words["time"], "time", current.id))
    for phrase in due:
        said.add((current.id, phrase.kind))
    return due[-1:]  # past the limit already: "Time" replaces the warning


def still_true(state: MeetingState, phrase: Phrase) -> bool:
    """A phrase about a speaker who has finished is dropped."""
    if phrase.intervention_id is None:
        return True
    current = state.speaking
    return current is not None and current.id == phrase.intervention_id


# -- can we speak at all? -------------------------------------------------------------------

def _espeak_library() -> bool:
    """The espeak-ng library without its program. ctypes.util is imported only here: this check
    runs in a thread beside the dais's first frame, and most machines answer with the program."""
    import ctypes.util

    return bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak"))


def unavailable_reason(to_files: bool = False) -> str | None:
    """Why speech cannot work here, or None. Checked without importing pyttsx3."""
    if sys.platform.startswith("linux"):
        if not (shutil.which("espeak-ng") or shutil.which("espeak")) and not _espeak_library():
            return gettext_noop("espeak-ng is not installed")
        if not to_files:
            if shutil.which("aplay") is None:
                return gettext_noop("aplay is not installed (alsa-utils)")
            try:
                cards = subprocess.run(["aplay", "-l"], capture_output=True, text=True, timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                return gettext_noop("aplay does not answer")
            if "card" not in cards.stdout:
                return gettext_noop("no audio output (no sound card)")
    return None


# -- the speech process ---------------------------------------------------------------------

STOPPED = "the speech process stopped"


@dataclass
class Announcer:
    """Feeds phrases to the speech process; `announce` never waits.

    A phrase that fails (an error from the engine, or the process died or hung) is tried once
    more, in a new process, unless a newer phrase is waiting. The failure stays in `status`, which
    the dais shows, for `notice_s` seconds, so the secretary sees it even when the retry worked.
    """

    settings: SpeechSettings
    log_path: Path
    output_dir: Path | None = None  # WAV files instead of the speakers (tests, rehearsal)
    relevant: Callable[[Phrase], bool] = lambda phrase: True
    timeout_s: float = 30.0  # the longest silence from the speech process before it counts as stuck
    worker: list[str] = field(default_factory=lambda: [sys.executable, "-m", "dais.console.voice.speech_worker"])
    clock: Callable[[], float] = time.monotonic
    notice_s: float = 60.0
    muted: bool = False
    spoken: list[Path] = field(default_factory=list)
    latency_s: float | None = None  # from the last announce() to its first audio
    _state: str = gettext_noop("speech off")
    _notice: tuple[str, float] | None = None
    _pending: Phrase | None = None
    _pending_at: float = 0.0
    _wake: asyncio.Event | None = None
    _process: asyncio.subprocess.Process | None = None
    _scratch: Path | None = None
    _writing: Path | None = None  # the WAV being rendered, if any
    _task: asyncio.Task[None] | None = None
    _counter: int = 0
    _reason: str | None = None
    _unavailable: str | None = None  # why speech cannot work: a msgid of ours, or the system's words

    @property
    def status(self) -> str:
        """What the dais status line says about speech, with a recent failure if any, in the
        interface's language (the fixed states and our reasons are msgids; a reason from the
        system stays as it came)."""
        if self._unavailable is not None:
            state = _("speech unavailable: {reason}").format(reason=_(self._unavailable))
        else:
            state = _(self._state)
        if self._notice is not None and self.clock() - self._notice[1] <= self.notice_s:
            return state + " · " + self._notice[0]
        return state

    def _note(self, text: str) -> None:
        self._notice = (text, self.clock())

    async def start(self) -> None:
        self._wake = asyncio.Event()
        if not self.settings.enabled:
            self._state = gettext_noop("speech off")
            return
        # `aplay -l` is a subprocess: run it off the event loop, which is drawing the console.
        self._state = gettext_noop("speech: checking")
        self._reason = await asyncio.to_thread(unavailable_reason, self.output_dir is not None)
        if self._reason:
            self._unavailable = self._reason
            return
        self._task = asyncio.create_task(self._run(), name="announcer")
        self._state = gettext_noop("speech on")

    @property
    def available(self) -> bool:
        return self._task is not None and self._reason is None

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        if self.available:
            self._state = gettext_noop("speech muted") if self.muted else gettext_noop("speech on")
        return self.muted

    def announce(self, phrase: Phrase) -> None:
        kinds = {"floor": self.settings.announce_floor, "warning": self.settings.announce_warning,
                 "time": self.settings.announce_time}
        if self.muted or not self.available or not kinds.get(phrase.kind, True):
            return
        self._pending = phrase  # a newer announcement replaces a queued older one
        self._pending_at = time.monotonic()
        assert self._wake is not None
        self._wake.set()

    async def _spawn(self) -> asyncio.subprocess.Process | None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # The process's own scratch folder: removed here once it has ended, even if it was killed.
        self._scratch = Path(tempfile.mkdtemp(prefix="dais-speech-"))
        process = await asyncio.create_subprocess_exec(
            *self.worker, str(self.log_path), str(self._scratch),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            assert process.stdout is not None  # asked for with stdout=PIPE
            hello = json.loads(await asyncio.wait_for(process.stdout.readline(), 30) or b"{}")
        except (asyncio.TimeoutError, ValueError):
            hello = {"unavailable": gettext_noop("the speech process did not start")}
        if hello.get("ready") and self.settings.voice_id not in hello.get("voices", [self.settings.voice_id]):
            hello = {"unavailable": f"the voice {self.settings.voice_id!r} is not installed"}
        if not hello.get("ready"):
            self._unavailable = str(hello.get("unavailable") or gettext_noop("the speech process did not start"))
            await self._kill(process)
            return None
        self._unavailable = None
        self._state = gettext_noop("speech muted") if self.muted else gettext_noop("speech on")
        return process

    async def _kill(self, process: asyncio.subprocess.Process | None) -> None:
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(Exception):
                await process.wait()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    async def _run(self) -> None:
        assert self._wake is not None
        failures = 0
        while True:
            await self._wake.wait()
            self._wake.clear()
            phrase, self._pending = self._pending, None
            if phrase is None or not self.relevant(phrase):
                continue  # a "Time" for a speaker who has finished is dropped
            asked_at, error_was = self._pending_at, ""
            for attempt in (1, 2):
                if self._process is None or self._process.returncode is not None:
                    if attempt == 2 or failures:
                        self._state = gettext_noop("speech: restarting")
                    self._process = await self._spawn()
                    if self._process is None:
                        failures += 1
                        await asyncio.sleep(min(30, 2**failures))
                        break
                error = await self._say(phrase, asked_at)
                if error is None:
                    failures = 0
                    if attempt == 2:
                        self._note(f"last announcement spoken on retry after: {error_was}")
                    break
                error_was = error
                if attempt == 2:
                    self._note(f"announcement NOT spoken: {error}")
                elif self._pending is not None or not self.relevant(phrase):
                    self._note(f"announcement cut off: {error}")
                    break  # a newer announcement replaces it
                else:
                    self._note(f"announcement failed: {error}; retrying")
            if self._pending is not None:
                self._wake.set()

    async def _say(self, phrase: Phrase, asked_at: float, target: Path | None = None) -> str | None:
        """Speak one phrase; None when it was spoken, or why it was not."""
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        self._counter += 1
        if target is None and self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            target = self.output_dir / f"{self._counter:04d}-{phrase.kind}.wav"
        request = {"id": self._counter, "text": phrase.text, "voice": self.settings.voice_id,
                   "rate": self.settings.rate, "volume": self.settings.volume,
                   "to_file": str(target) if target else None}
        answer: dict[str, Any] = {}
        self._writing = target
        try:
            process.stdin.write((json.dumps(request) + "\n").encode())
            await process.stdin.drain()
            while True:  # progress lines, then the answer; silence past the timeout is a hang
                line = await asyncio.wait_for(process.stdout.readline(), self.timeout_s)
                if not line:
                    answer = {}
                    break
                answer = json.loads(line)
                if "progress" not in answer and answer.get("id") == self._counter:
                    break
        except asyncio.TimeoutError:
            answer = {"error": f"the speech process was stuck for {self.timeout_s:.0f} s and was restarted"}
        except (BrokenPipeError, ConnectionResetError, ValueError):
            answer = {}
        if "ok" not in answer and "error" not in answer or "progress" in answer:
            answer = {"error": STOPPED}
        self._writing = None
        if answer.get("ok"):
            if answer.get("first_audio"):
                self.latency_s = answer["first_audio"] - asked_at
            if target is not None:
                self.spoken.append(target)
            return None
        # Died, hung, or its engine failed: whatever state pyttsx3's driver is left in, the retry
        # gets a new process.
        await self._kill(process)
        self._process = None
        if target is not None:
            Path(f"{target}.part").unlink(missing_ok=True)
        error = answer["error"]
        return str(error) if error is not None else None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.returncode is None else None

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self._kill(self._process)
        self._process = None
        if self._writing is not None:  # closed mid-render: no half-written file left
            Path(f"{self._writing}.part").unlink(missing_ok=True)


async def say_once(text: str, settings: SpeechSettings, log_path: Path, to_file: Path | None) -> str | None:
    """`dais say`: speak (or write) one phrase and wait for it; returns an error message or None."""
    reason = unavailable_reason(to_files=to_file is not None)
    if reason:
        return _("speech unavailable: {reason}").format(reason=_(reason))
    announcer = Announcer(settings, log_path, output_dir=None, timeout_s=60)
    announcer._process = await announcer._spawn()
    if announcer._process is None:
        return announcer.status
    started = time.monotonic()
    try:
        error = await announcer._say(Phrase(text, "test"), started, to_file.resolve() if to_file else None)
    finally:
        await announcer._kill(announcer._process)
    if error:
        return f"speech failed: {error} after {time.monotonic() - started:.1f} s"
    return None
