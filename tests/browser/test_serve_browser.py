"""`dais serve` in a real headless Chromium: the pages follow a real dais, and the clock counts down.

Screenshots are kept in artefacts/.
"""

from __future__ import annotations

import asyncio
import os
import time

import aiohttp
import pytest

from dais.console.floor.meeting import Meeting
from dais.models import Category, FloorGiven
from tests.served import CHROMIUM, DAIS, chromium, serving
from tests.e2e.test_e2e_tmux import Tmux

pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="chromium is not installed (make test installs it; CI requires it)")

# Records, with the real time, when an element's text first contains a name.
SEEN = """
(() => {
  window.__seen = {};
  const look = () => {
    for (const id of ["speaker"]) {
      const text = (document.getElementById(id) || {}).textContent || "";
      if (!(text in window.__seen)) window.__seen[text] = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""

# The clock's text each time it changes, with the real time (this page's Date is 90 s slow).
SKEWED = """
(() => {
  const real = Date.now;
  Date.now = () => real() - 90000;
  window.__clock = [];
  let last = "";
  new MutationObserver(() => {
    const time = document.getElementById("time"), phase = document.getElementById("phase");
    if (!time || !phase) return;
    const now = time.textContent + "|" + phase.textContent;
    if (now !== last) {
      last = now;
      window.__clock.push([performance.timeOrigin + performance.now(), time.textContent, phase.textContent,
                           document.body.className, document.body.dataset.frames]);
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""


def test_pages_show_the_new_speaker_within_a_second_of_n_at_the_dais(tmp_path):
    tmux = Tmux(tmp_path, "dais")
    try:
        tmux.start(DAIS)
        tmux.wait_for(r"Speaking order")
        for name in ("kenya", "mexico"):
            tmux.keys("r")
            tmux.wait_for(r"Request the floor")
            tmux.type(name)
            tmux.keys("Enter")
        tmux.wait_for(r"2 waiting")
        tmux.keys("n")
        tmux.wait_for(r"Kenya")
        with serving("default", home=tmp_path) as server:
            asyncio.run(_follow_the_dais(tmp_path, server, tmux))
    finally:
        tmux.kill_server()


async def _follow_the_dais(tmp_path, server, tmux):
    async with chromium(tmp_path, tabs=2) as (watch, clock):
        await watch.open(server.base + "/", before=SEEN)
        await clock.open(server.base + "/clock", before=SEEN)
        for tab in (watch, clock):
            await tab.wait_for("document.getElementById('speaker').textContent.includes('Kenya')")
        await asyncio.sleep(0.5)
        pressed = time.time() * 1000
        tmux.run("send-keys", "-t", tmux.name, "n")
        seen = {}
        for name, tab in (("/", watch), ("/clock", clock)):
            await tab.wait_for("document.getElementById('speaker').textContent.includes('Mexico')", timeout=10)
            seen[name] = await tab.evaluate(
                "Object.entries(window.__seen).find(([text]) => text.includes('Mexico'))[1]")
        await watch.screenshot("serve-watch.png")
        (await clock.screenshot("serve-clock.png")).with_name("serve-latency.txt").write_text(
            "".join(f"{name}: new speaker shown {at - pressed:.0f} ms after n\n" for name, at in seen.items()))
    for name, at in seen.items():
        assert at - pressed <= 1000, f"{name} showed the new speaker {at - pressed:.0f} ms after n"


async def test_the_clock_turns_to_the_warning_at_the_right_second(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    try:
        with serving(str(meeting.path)) as server:
            async with chromium(tmp_path, size="1280,720") as (tab,):
                await tab.open(server.base + "/clock", before=SKEWED)
                await tab.wait_for("document.getElementById('speaker').textContent === 'The floor is free'")
                request = await meeting.request_floor("KEN")
                await tab.wait_for("document.getElementById('phase').textContent === 'Next: Kenya'")
                await tab.screenshot("serve-clock-free.png")
                given = await meeting.record(FloorGiven(participant_id="KEN", role="floor", allotted_s=7,
                                                        warning_s=4, request=request.seq))
                await tab.wait_for("document.body.className === 'clock phase-warning'", timeout=15)
                await tab.screenshot("serve-clock-warning.png")
                await tab.wait_for("document.body.className === 'clock phase-overrun'", timeout=15)
                await tab.screenshot("serve-clock-overrun.png")
                log = await tab.evaluate("window.__clock")
                await tab.call("Emulation.setEmulatedMedia",
                               features=[{"name": "prefers-reduced-motion", "value": "reduce"}])
                still = await tab.evaluate(
                    "getComputedStyle(document.getElementById('phase')).animationName")
    finally:
        await meeting.close()
    running = [entry for entry in log if entry[3] == "clock phase-running"]
    warning = [entry for entry in log if entry[3] == "clock phase-warning"]
    overrun = [entry for entry in log if entry[3] == "clock phase-overrun"]
    # The page's own clock is 90 s slow: the countdown is still the server's.
    assert running[0][1] == "0:07" and running[-1][1] == "0:05" and running[-1][2] == "Time left"
    assert len({entry[4] for entry in running}) == 1  # one frame, counted down in the page
    assert warning[0][1:3] == ["0:04", "Closing: please conclude"]
    assert overrun[0][1:3] == ["+0:00", "Over time"]
    warned_after = warning[0][0] / 1000 - given.at
    assert 3 - 0.05 <= warned_after <= 3 + 1.0, f"the warning came {warned_after:.2f} s after the floor was given"
    assert still == "none"  # prefers-reduced-motion: the overrun word does not pulse


async def test_names_are_text_and_the_pages_fit_a_phone(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    try:
        odd = await meeting.add_participant('<img src=x onerror="document.title=1">Forum & Co', Category.STAKEHOLDER)
        for who in ("KEN", odd.id, "MEX", "VAT"):
            await meeting.request_floor(who, "African Group" if who == "KEN" else None)
        await meeting.give_floor()
        with serving(str(meeting.path)) as server:
            async with chromium(tmp_path) as (tab,):
                await tab.call("Emulation.setDeviceMetricsOverride", width=320, height=640, deviceScaleFactor=2,
                               mobile=True)
                for page, shot in (("/", "serve-watch-320.png"), ("/queue", "serve-queue-320.png"),
                                   ("/clock", "serve-clock-320.png")):
                    await tab.open(server.base + page)
                    await tab.wait_for("document.body.dataset.seq !== undefined")
                    assert await tab.evaluate("document.documentElement.scrollWidth") <= 320, page
                    await tab.screenshot(shot)
                    if page != "/clock":
                        text = await tab.evaluate("document.body.innerText")
                        assert '<img src=x onerror="document.title=1">Forum & Co' in text
                        assert await tab.evaluate("document.querySelectorAll('main img').length") == 0
                        assert not (await tab.evaluate("document.title")).startswith("1")
                await tab.open(server.base + "/")
                await tab.wait_for("document.body.dataset.seq !== undefined")
                marks = await tab.evaluate(
                    "[...document.querySelectorAll('#queue .row')].map(r => r.innerText.replace(/\\s+/g, ' '))")
    finally:
        await meeting.close()
    assert "Mexico" in marks[0] and "MS" in marks[0] and "1st" in marks[0] and "seat" in marks[0]
    assert any("NGO" in row and "SEAT" in row for row in marks)  # a reserved stakeholder seat


async def test_the_index_of_all_meetings_lists_the_live_ones(tmp_path, programme):
    live = await Meeting.open(tmp_path / "geneva.dais", programme)
    await live.request_floor("KEN")
    await live.give_floor()
    other = await Meeting.open(tmp_path / "tokyo.dais", programme)
    await other.close()
    try:
        with serving("--all", home=tmp_path) as server:
            async with chromium(tmp_path) as (tab,):
                await tab.open(server.base + "/")
                await tab.wait_for("document.querySelectorAll('#live li').length === 1")
                assert "Speaking: Kenya" in await tab.evaluate("document.getElementById('live').innerText")
                assert "tokyo" in await tab.evaluate("document.getElementById('other').innerText")
                await tab.screenshot("serve-index.png")
                await tab.evaluate("document.querySelector('#live a[href$=\"clock\"]').click()")
                await tab.wait_for("location.pathname === '/m/geneva/clock'")
                await tab.wait_for("document.getElementById('speaker').textContent === 'Kenya'")
    finally:
        await live.close()


async def test_the_pages_speak_french_with_lang_fr(tmp_path, programme):
    """`dais serve --lang fr`: the clock and the moderators' page in French, words from the server."""
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    try:
        await meeting.request_floor("KEN")
        with serving(str(meeting.path), "--lang", "fr") as server:
            async with chromium(tmp_path, size="1280,720") as (tab,):
                await tab.open(server.base + "/clock")
                await tab.wait_for("document.getElementById('speaker').textContent === 'La parole est libre'")
                await tab.wait_for("document.getElementById('phase').textContent === 'Suivant : Kenya'")
                assert await tab.evaluate("document.documentElement.lang") == "fr"
                await tab.open(server.base + "/")
                await tab.wait_for("document.getElementById('queue-title').textContent"
                                   " === 'Liste des orateurs · 1 en attente'")
                await tab.wait_for("document.getElementById('role').textContent === '1 en attente'")
    finally:
        await meeting.close()


async def test_a_page_refused_at_the_cap_says_so_and_takes_the_next_place(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    try:
        await meeting.request_floor("KEN")
        await meeting.give_floor()
        with serving(str(meeting.path), "--max-viewers", "1") as server:
            async with aiohttp.ClientSession() as http:
                holder = await http.get(server.base + "/api/stream")  # the one viewer the server takes
                assert holder.status == 200
                async with chromium(tmp_path) as (tab,):
                    await tab.open(server.base + "/clock")
                    await tab.wait_for("document.body.dataset.refused === '503'")
                    said = await tab.evaluate("document.getElementById('connection').textContent")
                    assert said.startswith("This screen is waiting for a place: the server has all the viewers")
                    assert await tab.evaluate("document.body.dataset.frames") is None
                    # and the clock claims nothing it has not heard: no "The floor is free" while Kenya speaks
                    assert await tab.evaluate("document.getElementById('speaker').textContent") == ""
                    await tab.screenshot("serve-clock-refused.png")
                    holder.close()  # a place frees: the page takes it by itself, within its 10-15 s
                    await tab.wait_for("document.getElementById('speaker').textContent.includes('Kenya')",
                                       timeout=40)
                    assert await tab.evaluate("document.getElementById('connection').textContent") == ""
    finally:
        await meeting.close()
