"""`dais serve` as a real process on 127.0.0.1 with a free port, and a headless Chromium driven over
its DevTools protocol; shared by the web tests."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

DAIS = str(Path(sys.executable).with_name("dais"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"


class Served:
    """A running `dais serve`: its process, base URL (token included when one is required) and output."""

    def __init__(self, process: subprocess.Popen, url: str, output: list[str]) -> None:
        self.process = process
        self.url = url
        self.output = output

    @property
    def base(self) -> str:
        """The address without the token: http://127.0.0.1:PORT"""
        match = re.match(r"http://[^/]+:(\d+)/", self.url)
        assert match, self.url
        return f"http://127.0.0.1:{match[1]}"


@contextlib.contextmanager
def serving(*args: str, home: Path | None = None, timeout: float = 30):
    """Start `dais serve ARGS --port 0` and wait for the address it prints; SIGKILL at the end."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if home is not None:
        env["DAIS_HOME"] = str(home)
    process = subprocess.Popen([DAIS, "serve", *args, "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=env)
    output: list[str] = []
    try:
        deadline = time.monotonic() + timeout
        url = None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise AssertionError("dais serve stopped:\n" + "".join(output))
            output.append(line)
            found = re.search(r"(http://\S+)", line)
            if found and url is None:
                url = found[1]
            if line.startswith("Pages:"):  # the last line it prints at start
                break
        assert url, "dais serve printed no address:\n" + "".join(output)
        yield Served(process, url, output)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def frames(response: aiohttp.ClientResponse):
    """The `state` events of an event stream, as parsed JSON."""
    buffer = b""
    async for chunk in response.content.iter_any():
        buffer += chunk
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            for line in event.split(b"\n"):
                if line.startswith(b"data: "):
                    yield json.loads(line[6:])


class Tab:
    """One page of the browser, over the DevTools protocol."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.counter = 0

    async def call(self, method: str, **params):
        self.counter += 1
        await self.ws.send_json({"id": self.counter, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == self.counter:
                if "error" in message:
                    raise AssertionError(message["error"])
                return message.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"])
        return result["result"].get("value")

    async def open(self, url: str, before: str | None = None) -> None:
        await self.call("Page.enable")
        if before:
            await self.call("Page.addScriptToEvaluateOnNewDocument", source=before)
        await self.call("Page.navigate", url=url)

    async def wait_for(self, expression: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = await self.evaluate(expression)
            except AssertionError:  # the page is still loading
                value = None
            if value:
                return value
            await asyncio.sleep(0.1)
        raise AssertionError(f"never true in the page: {expression}")

    async def screenshot(self, name: str) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        ARTEFACTS.mkdir(exist_ok=True)
        path = ARTEFACTS / name
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@contextlib.asynccontextmanager
async def chromium(tmp_path: Path, tabs: int = 1, size: str = "1280,800"):
    """A headless Chromium with `tabs` pages, each a Tab."""
    port = free_port()
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
         f"--user-data-dir={tmp_path / 'chromium'}", f"--remote-debugging-port={port}",
         f"--window-size={size}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as http:
            async def pages():
                async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                    return [p for p in await response.json() if p["type"] == "page"]

            found = []
            for _ in range(150):
                with contextlib.suppress(aiohttp.ClientError):
                    found = await pages()
                    if found:
                        break
                await asyncio.sleep(0.1)
            assert found, "chromium did not start"
            for _ in range(tabs - 1):
                async with http.put(f"http://127.0.0.1:{port}/json/new?about:blank") as response:
                    assert response.status == 200
            found = await pages()
            sockets = [await http.ws_connect(p["webSocketDebuggerUrl"], max_msg_size=0) for p in found[:tabs]]
            try:
                yield [Tab(ws) for ws in sockets]
            finally:
                for ws in sockets:
                    await ws.close()
    finally:
        browser.kill()
        browser.wait()
