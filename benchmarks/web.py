"""Load benchmark of `dais serve`: many event-stream clients follow a meeting as a dais writes to it.

Three processes, as in a room: a writer appending 5 actions a second (its own process, like
the dais), `dais serve` (measured: its RSS and CPU from /proc), and the viewers here, each an
aiohttp client holding /api/stream open. Traffic stays on 127.0.0.1; every loop is bounded.
Latency is from the writer's commit returning to a client receiving the frame with that
sequence; two commits folded into one frame are measured once, by the later.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme

RATE = 5  # actions a second, a brisk secretary
SECONDS = 20
TICK = os.sysconf("SC_CLK_TCK")

_WRITER = r"""
import asyncio, json, sys, time
from dais.console.floor.meeting import Meeting
from dais.console.room.roster import Roster
from dais.models import Category

async def main(path, rate, seconds, out):
    meeting = await Meeting.open(path)
    states = [p.id for p in Roster.reference() if p.category is Category.MEMBER_STATE]
    commits = []
    start = time.time() + 0.2
    for i in range(rate * seconds):
        await asyncio.sleep(max(0.0, start + i / rate - time.time()))
        step = i % 5
        if step in (0, 1):
            entry = await meeting.request_floor(states[(i // 5 * 2 + step) % len(states)])
        elif step == 2:
            entry = await meeting.give_floor()
        elif step == 3:
            entry = await meeting.extend(30)
        else:
            entry = await meeting.end_floor()
        commits.append((entry.seq, time.time()))
    await meeting.close()
    with open(out, "w") as handle:
        json.dump(commits, handle)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
"""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _rss_mb(pid: int, key: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Viewer:
    """One client holding the stream open: the sequence numbers it receives, and when."""

    def __init__(self) -> None:
        self.received: list[tuple[int, float]] = []
        self.error: str | None = None
        self.connected = asyncio.Event()

    async def follow(self, http: aiohttp.ClientSession, url: str, stop: asyncio.Event) -> None:
        try:
            async with http.get(url) as response:
                if response.status != 200:
                    self.error = f"HTTP {response.status}"
                    return
                await self._read(response, stop)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            self.error = type(error).__name__
        finally:
            self.connected.set()

    async def _read(self, response: aiohttp.ClientResponse, stop: asyncio.Event) -> None:
        buffer = b""
        async for chunk in response.content.iter_any():
            now = time.time()
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if event.startswith(b"id: "):
                    self.received.append((int(event[4:event.index(b"\n")]), now))
                    self.connected.set()
            if stop.is_set():
                return
        if not stop.is_set():
            self.error = "stream ended"


async def _run(clients: int, seconds: int = SECONDS) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loaded.dais"
        meeting = await Meeting.open(path, shipped_programme())
        await meeting.close()

        server, port = start_server(path, "--max-viewers", str(clients + 50))
        try:
            url = f"http://127.0.0.1:{port}/api/stream"
            stop = asyncio.Event()
            viewers = [Viewer() for _ in range(clients)]
            connector = aiohttp.TCPConnector(limit=0, force_close=True)
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=30)
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
                tasks = []
                for start in range(0, clients, 100):  # in batches, within the listen backlog
                    batch = viewers[start:start + 100]
                    tasks += [asyncio.create_task(v.follow(http, url, stop)) for v in batch]
                    await asyncio.wait_for(asyncio.gather(*(v.connected.wait() for v in batch)), 60)
                rss_idle = _rss_mb(server.pid)
                cpu_before, clock_before = _cpu_seconds(server.pid), time.monotonic()
                own_before = time.process_time()
                commits_file = Path(folder) / "commits.json"
                writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(RATE), str(seconds),
                                           str(commits_file)])
                peak = rss_idle
                while writer.poll() is None and time.monotonic() - clock_before < seconds + 30:
                    await asyncio.sleep(0.5)
                    peak = max(peak, _rss_mb(server.pid))
                if writer.poll() is None:
                    writer.kill()
                await asyncio.sleep(1.0)  # the last frames arrive
                elapsed = time.monotonic() - clock_before
                cpu = (_cpu_seconds(server.pid) - cpu_before) / elapsed
                clients_cpu = (time.process_time() - own_before) / elapsed
                peak = max(peak, _rss_mb(server.pid))
                hwm = _rss_mb(server.pid, "VmHWM")
                stop.set()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            commits = dict(json.loads(commits_file.read_text()))
        finally:
            stop_server(server)
    last = max(commits)
    delays = sorted(at - commits[seq] for v in viewers for seq, at in v.received if seq in commits)
    errors = sum(1 for v in viewers if v.error)
    dropped = sum(1 for v in viewers if v.error or not v.received or v.received[-1][0] < last)
    return {"clients": clients, "delays": delays, "errors": errors, "dropped": dropped, "rss_idle": rss_idle,
            "rss_peak": max(peak, hwm), "cpu": cpu, "clients_cpu": clients_cpu, "commits": len(commits),
            "seconds": seconds,
            "frames": sum(len(v.received) for v in viewers)}


def _report(result: dict, goals: bool):
    delays = result["delays"]
    p50 = delays[len(delays) // 2] * 1000 if delays else float("nan")
    p95 = delays[int(len(delays) * 0.95)] * 1000 if delays else float("nan")
    n = result["clients"]
    head = f"web, {n} stream clients, {RATE} actions/s for {result['seconds']} s"
    return [
        (f"{head}: commit -> client receipt p50 {p50:.0f} ms, p95 {p95:.0f} ms over {len(delays)} receipts "
         f"(goal: p95 <= 250 ms)", p95 <= 250 if goals else None),
        (f"{head}: server RSS peak {result['rss_peak']:.0f} MB (idle with the clients connected: "
         f"{result['rss_idle']:.0f} MB) (goal: <= 150 MB)", result["rss_peak"] <= 150 if goals else None),
        (f"{head}: server CPU {result['cpu'] * 100:.0f}% of one core during the run (the clients' own "
         f"process, on the same 2 cores: {result['clients_cpu'] * 100:.0f}%)", None),
        (f"{head}: {result['errors']} errors, {result['dropped']} dropped clients (goal: 0 dropped)",
         result["dropped"] == 0 if goals else None),
    ]


async def web_500():
    return _report(await _run(500), goals=True)


async def web_2000():
    return _report(await _run(2000), goals=False)


def start_server(path: Path, *args: str) -> tuple[subprocess.Popen, int]:
    """`dais serve PATH ARGS` on a free port; its process and port once it prints its pages."""
    command = [sys.executable, "-m", "dais.console", "serve", str(path), "--port", "0", *args]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            raise RuntimeError("dais serve did not start")
        if found := re.search(r"http://[^:]+:(\d+)/", line):
            port = int(found[1])
        if line.startswith("Pages:"):
            return server, port
    raise RuntimeError("dais serve did not start in time")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM, as a shutdown sends it; killed if it has not ended within 20 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    server.stdout.close()


async def _viewer_answered(port: int) -> float:
    """Seconds for a real viewer's state and the first frame of its stream, on new connections."""
    began = time.monotonic()
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        async with http.get(f"http://127.0.0.1:{port}/api/state") as state:
            if state.status != 200:
                raise RuntimeError(f"the viewer's state: HTTP {state.status}")
            await state.read()
        async with http.get(f"http://127.0.0.1:{port}/api/stream") as stream:
            if stream.status != 200:
                raise RuntimeError(f"the viewer's stream: HTTP {stream.status}")
            await stream.content.readuntil(b"\n\n")
            await stream.content.readuntil(b"\n\n")  # the first state frame
    return time.monotonic() - began


async def _drain(reader: asyncio.StreamReader, timeout: float) -> float | None:
    """When the server closed this connection (monotonic seconds), or None if it did not in time."""
    try:
        async with asyncio.timeout(timeout):
            while await reader.read(65536):
                pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic()


async def web_flood():
    """1,100 sockets that send nothing and 100 half-sent requests (past the default 1,000 viewers),
    then a real viewer; then eight half-sent heads of 19.5 MB each: the server's RSS throughout."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 1,200 sockets here
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "flooded.dais"
        meeting = await Meeting.open(path, shipped_programme())
        await meeting.request_floor("KEN")
        await meeting.give_floor()
        await meeting.close()
        server, port = start_server(path)
        try:
            await _viewer_answered(port)
            rss_before = _rss_mb(server.pid)
            quiet = await _viewer_answered(port)
            began = time.monotonic()
            flood = []
            for _ in range(12):  # in batches, within the listen backlog
                flood += await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port)
                                                for _ in range(100)))
            for _, writer in flood[:100]:
                writer.write(b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            await asyncio.sleep(0.5)
            flooded = [await _viewer_answered(port) for _ in range(5)]
            rss_flood = _rss_mb(server.pid)
            closed = await asyncio.gather(*(_drain(reader, 60) for reader, _ in flood))
            for _, writer in flood:
                writer.close()
            still_open = sum(1 for at in closed if at is None)
            last_closed = max((at for at in closed if at is not None), default=began) - began

            huge = (b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * int(19.5 * 1024 * 1024))
            big = [await asyncio.open_connection("127.0.0.1", port) for _ in range(8)]
            peak = _rss_mb(server.pid)

            async def send(writer: asyncio.StreamWriter) -> None:
                writer.write(huge)
                with contextlib.suppress(ConnectionError):
                    await writer.drain()

            sending = [asyncio.create_task(send(writer)) for _, writer in big]
            for _ in range(20):
                await asyncio.sleep(0.1)
                peak = max(peak, _rss_mb(server.pid))
            await asyncio.gather(*sending, return_exceptions=True)
            for _, writer in big:
                writer.close()
            rss_big = max(peak, _rss_mb(server.pid))
            after = await _viewer_answered(port)
        finally:
            stop_server(server)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    worst = max(flooded)
    head = "web-flood, 1,200 idle or half-sent sockets"
    return [
        (f"{head}: a real viewer's state and first stream frame in {worst * 1000:.0f} ms at worst of 5 "
         f"(quiet: {quiet * 1000:.0f} ms) (goal: <= 1000 ms)", worst <= 1.0),
        (f"{head}: all closed by the server {last_closed:.1f} s after the flood began, {still_open} "
         f"still open after 60 s (goal: none open)", still_open == 0),
        (f"{head}: server RSS {rss_before:.0f} MB before, {rss_flood:.0f} MB under the flood", None),
        (f"web-flood, 8 half-sent heads of 19.5 MB: server RSS peak {rss_big:.0f} MB (before: "
         f"{rss_before:.0f} MB; goal: <= {rss_before + 20:.0f} MB); a viewer after them in "
         f"{after * 1000:.0f} ms",
         rss_big <= rss_before + 20),
    ]
