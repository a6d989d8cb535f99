"""Spoken announcements: phrases, the speech process, real espeak-ng audio checked with sox."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from dais.console.voice import speech
from dais.console.voice.speech import Announcer, Phrase, SpeechSettings, clock_phrases, floor_phrase, still_true


def wav_stats(path):
    """Duration (s) and RMS amplitude, measured by sox."""
    duration = float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout)
    stat = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True).stderr
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stat)[1])
    return duration, rms


async def until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_floor_phrases_in_english_and_french(meeting, programme):
    await meeting.request_floor("MEX")
    await meeting.request_floor("EGY", "the African Group")
    await meeting.request_floor("IOM")
    await meeting.give_floor()
    egypt = meeting.state.speaking
    assert floor_phrase(meeting.state, egypt).text == (
        "The floor is given to the distinguished representative of Egypt, on behalf of the African Group.")
    assert floor_phrase(meeting.state, egypt, "fr").text == (
        "La parole est au distingué représentant de l’Égypte, au nom du Groupe des États d’Afrique.")
    await meeting.give_floor()
    assert floor_phrase(meeting.state, meeting.state.speaking).text == (
        "The floor is given to the distinguished representative of Mexico.")
    assert floor_phrase(meeting.state, meeting.state.speaking, "fr").text == (
        "La parole est au distingué représentant du Mexique.")
    await meeting.give_floor()
    assert floor_phrase(meeting.state, meeting.state.speaking).text == (
        "The floor is given to the representative of the International Organization for Migration.")
    assert floor_phrase(meeting.state, meeting.state.speaking, "fr").text == (
        "La parole est au représentant de l’Organisation internationale pour les migrations.")
    await meeting.give_floor_to_panel(programme.item("opening").people[2])
    assert floor_phrase(meeting.state, meeting.state.speaking).text == "The floor is given to Miz Louise Arbour."
    await meeting.point_of_order("CHL")
    assert floor_phrase(meeting.state, meeting.state.speaking).text == "Chile on a point of order."


async def test_warning_and_time_once_each_and_stale_time_dropped(meeting, clock):
    settings = SpeechSettings()
    said: set = set()
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    assert clock_phrases(meeting.state, clock(), said, settings) == []
    clock.advance(155)
    assert [p.text for p in clock_phrases(meeting.state, clock(), said, settings)] == ["Thirty seconds."]
    assert clock_phrases(meeting.state, clock(), said, settings) == []
    clock.advance(30)
    time_up = clock_phrases(meeting.state, clock(), said, settings)
    assert [p.text for p in time_up] == ["Time."]
    assert still_true(meeting.state, time_up[0])
    await meeting.end_floor()
    assert not still_true(meeting.state, time_up[0])  # the speaker has finished: "Time" is dropped
    fr = SpeechSettings(language="fr")
    await meeting.request_floor("MEX")
    await meeting.give_floor()
    clock.advance(200)
    assert [p.text for p in clock_phrases(meeting.state, clock(), set(), fr)] == ["Le temps de parole est écoulé."]


def test_unavailable_reason_names_a_missing_engine(monkeypatch):
    monkeypatch.setattr(speech.shutil, "which", lambda name: None)
    import ctypes.util

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert speech.unavailable_reason() == "espeak-ng is not installed"


async def test_announcements_render_to_real_speech(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    await announcer.start()
    assert announcer.status == "speech on"
    announcer.announce(Phrase("The floor is given to the distinguished representative of Mexico.", "floor"))
    assert await until(lambda: len(announcer.spoken) == 1)
    duration, rms = wav_stats(announcer.spoken[0])
    assert 1.5 < duration < 10 and rms > 0.01
    fr = Announcer(SpeechSettings(language="fr"), tmp_path / "speech.log", output_dir=tmp_path / "fr")
    await fr.start()
    fr.announce(Phrase("Trente secondes.", "warning"))
    assert await until(lambda: len(fr.spoken) == 1)
    duration, rms = wav_stats(fr.spoken[0])
    assert 0.5 < duration < 5 and rms > 0.01
    assert "Audio saved" in (tmp_path / "speech.log").read_text()  # pyttsx3's print went to the log
    await announcer.close()
    await fr.close()


async def test_newer_announcement_replaces_a_queued_older_one(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    await announcer.start()
    announcer.announce(Phrase("Warming up the voice.", "test"))
    assert await until(lambda: len(announcer.spoken) == 1)
    long = " ".join(["The floor is given to the distinguished representative of Mexico."] * 100)
    announcer.announce(Phrase(long, "floor"))
    await asyncio.sleep(0.2)  # the long phrase is being spoken
    announcer.announce(Phrase("Thirty seconds.", "warning"))
    announcer.announce(Phrase("Time.", "time"))
    assert await until(lambda: len(announcer.spoken) == 3)
    await asyncio.sleep(0.5)
    assert [p.name.split("-")[1] for p in announcer.spoken] == ["test.wav", "floor.wav", "time.wav"]
    await announcer.close()


async def test_killed_speech_process_is_restarted_and_never_blocks(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    await announcer.start()
    announcer.announce(Phrase("Warming up.", "test"))
    assert await until(lambda: len(announcer.spoken) == 1)
    first_pid = announcer.pid
    long = " ".join(["The floor is given to the distinguished representative of the Plurinational State "
                     "of Bolivia."] * 300)  # seconds of synthesis
    announcer.announce(Phrase(long, "floor"))
    await asyncio.sleep(0.3)
    os.kill(first_pid, signal.SIGKILL)  # mid-sentence
    start = time.perf_counter()
    announcer.announce(Phrase("The floor is given to the distinguished representative of Chile.", "floor"))
    assert time.perf_counter() - start < 0.01  # the console never waits for speech
    assert await until(lambda: any("floor" in p.name for p in announcer.spoken))
    assert announcer.pid not in (None, first_pid)
    assert len(announcer.spoken) == 2  # the killed sentence never completed
    chile = announcer.spoken[-1]
    duration, rms = wav_stats(chile)
    assert 1 < duration < 8 and rms > 0.01
    await announcer.close()


async def test_missing_speech_engine_is_reported_not_fatal(tmp_path):
    broken = [sys.executable, "-c", "import sys; print('{\"unavailable\": \"no pyttsx3 driver\"}')"]
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav",
                          worker=broken)
    await announcer.start()
    announcer.announce(Phrase("Hello.", "test"))
    assert await until(lambda: announcer.status == "speech unavailable: no pyttsx3 driver")
    await announcer.close()


def test_dais_say_to_file(tmp_path):
    out = tmp_path / "voice.wav"
    result = subprocess.run([sys.executable, "-m", "dais.console", "say", "Time.", "-o", str(out)],
                            capture_output=True, text=True, env={**os.environ, "DAIS_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}"  # nothing of pyttsx3's own printing
    duration, rms = wav_stats(out)
    assert 0.2 < duration < 3 and rms > 0.01


@pytest.mark.parametrize("muted", [False, True])
async def test_dais_announces_the_floor_and_m_mutes(meeting, clock, tmp_path, muted):
    from dais.console.app import make_app

    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "s.json", announcer=announcer, tick=0.05)
    await meeting.request_floor("KEN")
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(lambda: announcer.available)  # checked beside the first frame
        if muted:
            await pilot.press("m")
        await pilot.press("n")
        spoke = await until(lambda: len(announcer.spoken) == 1, timeout=10 if not muted else 2)
        assert spoke is not muted
        status = str(app.screen.query_one("#status").render())
        assert ("speech muted" if muted else "speech on") in status


async def test_why_speech_is_unavailable_is_said_in_the_interfaces_language(tmp_path, monkeypatch):
    """Without espeak-ng or aplay on the path the status line names the reason, in French as in
    English (it was English in a French dais: "speech unavailable: no audio output ...")."""
    from dais.console.lang import i18n

    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log")
    await announcer.start()
    try:
        assert not announcer.available
        english = announcer.status
        assert english.startswith("speech unavailable: ") and "is not installed" in english, english
        with i18n.using("fr"):
            french = announcer.status
        assert french.startswith("voix indisponible : ") and "n’est pas installé" in french, french
    finally:
        await announcer.close()
