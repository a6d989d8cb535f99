"""`dais serve` in a real headless Chromium: the page shows the speaker and the clock.

The terminal is drawn on a canvas, so the test reads what the page received over its
websocket (the same bytes xterm.js draws) and keeps a screenshot in artefacts/.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from console.meeting import Meeting

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="chromium is not installed (make test installs it; CI requires it)")

HOOK = """
(() => {
  window.__daisText = '';
  const decoder = new TextDecoder();
  const Original = window.WebSocket;
  function Recording(...args) {
    const socket = new Original(...args);
    socket.addEventListener('message', async (event) => {
      let data = event.data;
      if (data instanceof Blob) data = await data.arrayBuffer();
      if (data instanceof ArrayBuffer) data = decoder.decode(new Uint8Array(data));
      window.__daisText = (window.__daisText + data).slice(-2000000);
    });
    return socket;
  }
  Recording.prototype = Original.prototype;
  Object.assign(Recording, Original);
  window.WebSocket = Recording;
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Page:
    def __init__(self, ws):
        self.ws = ws
        self.counter = 0

    async def call(self, method, **params):
        self.counter += 1
        await self.ws.send_json({"id": self.counter, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == self.counter:
                if "error" in message:
                    raise AssertionError(message["error"])
                return message.get("result", {})


async def test_served_page_shows_the_speaker_and_the_clock(tmp_path, programme):
    meeting_file = tmp_path / "served.dais"
    meeting = await Meeting.open(meeting_file, programme)
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    await meeting.give_floor()
    await meeting.close()

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "console", "serve", str(meeting_file), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
                              start_new_session=True)  # its own group: the watch process it starts dies with it
    debug_port = free_port()
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium'}", f"--remote-debugging-port={debug_port}",
         "--window-size=1280,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as http:
            pages = None
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                        pages = [p for p in await response.json() if p["type"] == "page"]
                        if pages:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            assert pages, "chromium did not start"
            for _ in range(150):  # the server is up
                try:
                    async with http.get(f"http://127.0.0.1:{port}/") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.call("Page.enable")
                await page.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
                await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                text = ""
                for _ in range(150):
                    await asyncio.sleep(0.2)
                    result = await page.call("Runtime.evaluate", expression="window.__daisText || ''")
                    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result["result"].get("value", ""))
                    if "Kenya" in text and re.search(r"Kenya \+?\d:\d\d", text):
                        break
                await asyncio.sleep(1.0)  # let the canvas draw before the picture
                shot = await page.call("Page.captureScreenshot", format="png")
        ARTEFACTS.mkdir(exist_ok=True)
        (ARTEFACTS / "served-watch.png").write_bytes(base64.b64decode(shot["data"]))
        assert "Kenya" in text, "the speaker's name never reached the page"
        assert re.search(r"Kenya \+?\d:\d\d", text), "the speaker's clock never reached the page"
        assert "Mexico" in text  # the next speaker
        assert (ARTEFACTS / "served-watch.png").stat().st_size > 5000
    finally:
        browser.kill()
        os.killpg(server.pid, signal.SIGKILL)
        browser.wait()
        server.wait()
