"""Load benchmark of requests from the room: 300 phones ask for the floor within one minute while
500 viewers follow the meeting, all on one `dais serve --requests` process.

Three processes, as in a room: the server (measured: CPU and RSS from /proc), a reader doing
what the dais does (console.floor.inbox.RoomInbox polled every POLL_S, noting when each row is first
seen), and the clients here: 500 event-stream viewers, and 300 phones each POSTing once at a
random moment of the minute, then polling their own standing as the phone page does. Latency
is from a phone's POST being sent to the dais's reader seeing the row. Traffic stays on
127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from benchmarks.web import Viewer, _cpu_seconds, _rss_mb, start_server, stop_server
from dais.console.floor.inbox import codes_for
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from dais.models import Category

PHONES = 300
VIEWERS = 500
SECONDS = 60
PAGE_POLL_S = 1.5  # console/web/phone/request.js

_READER = r"""
import asyncio, json, sys, time
from pathlib import Path
from dais.console.floor.inbox import POLL_S, RoomInbox

async def main(path, seconds, out):
    room = RoomInbox(Path(path))
    seen, looks = {}, 0
    end = time.time() + seconds
    while time.time() < end:
        looks += 1
        if await room.poll():
            now = time.time()
            for row in room.rows:
                seen.setdefault(row.id, now)
        await asyncio.sleep(POLL_S)
    await room.close()
    with open(out, "w") as handle:
        json.dump({"seen": seen, "looks": looks}, handle)

asyncio.run(main(sys.argv[1], float(sys.argv[2]), sys.argv[3]))
"""


async def _phone(http: aiohttp.ClientSession, base: str, code: str, at: float, until: float,
                 sent: dict[str, tuple[float, int, int | None]]) -> None:
    await asyncio.sleep(max(0.0, at - time.time()))
    began = time.time()
    try:
        async with http.post(base + "/api/requests", json={"code": code}) as response:
            body = await response.read()
            row = json.loads(body)["id"] if response.status == 202 else None
            sent[code] = (began, response.status, row)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
        sent[code] = (began, -1, None)
        print(f"phone {code}: {type(error).__name__}", file=sys.stderr)
        return
    while time.time() < until:  # the page follows its own request
        await asyncio.sleep(PAGE_POLL_S)
        try:
            async with http.get(base + "/api/requests/mine", headers={"x-dais-code": code}) as response:
                await response.read()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            pass


async def _run(phones: int = PHONES, viewers: int = VIEWERS, seconds: int = SECONDS) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hearing.dais"
        meeting = await Meeting.open(path, shipped_programme())
        for n in range(max(0, phones - 230)):  # the reference roster, and stakeholders to make up the room
            await meeting.add_participant(f"Stakeholder organisation {n + 1}", Category.STAKEHOLDER)
        await meeting.issue_codes(codes_for(meeting.state))
        codes = [c.code for c in meeting.state.codes.values()][:phones]
        await meeting.close()
        assert len(codes) == phones, len(codes)

        server, port = start_server(path, "--requests", "--max-viewers", str(viewers + phones + 50))
        try:
            base = f"http://127.0.0.1:{port}"
            stop = asyncio.Event()
            watching = [Viewer() for _ in range(viewers)]
            connector = aiohttp.TCPConnector(limit=0)
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=30)
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
                tasks = []
                for start in range(0, viewers, 100):
                    batch = watching[start:start + 100]
                    tasks += [asyncio.create_task(v.follow(http, base + "/api/stream", stop)) for v in batch]
                    await asyncio.wait_for(asyncio.gather(*(v.connected.wait() for v in batch)), 60)
                out = Path(folder) / "seen.json"
                reader = subprocess.Popen([sys.executable, "-c", _READER, str(path), str(seconds + 8), str(out)])
                await asyncio.sleep(1.0)  # the reader is looking
                rng = random.Random(27)
                begin = time.time() + 0.5
                moments = sorted(begin + rng.uniform(0, seconds) for _ in codes)
                until = begin + seconds + 2
                sent: dict[str, tuple[float, int, int | None]] = {}
                cpu_before, clock_before = _cpu_seconds(server.pid), time.monotonic()
                phones_tasks = [asyncio.create_task(_phone(http, base, code, at, until, sent))
                                for code, at in zip(codes, moments)]
                peak = _rss_mb(server.pid)
                while not all(t.done() for t in phones_tasks):
                    await asyncio.sleep(0.5)
                    peak = max(peak, _rss_mb(server.pid))
                elapsed = time.monotonic() - clock_before
                cpu = (_cpu_seconds(server.pid) - cpu_before) / elapsed
                reader.wait(timeout=seconds + 60)
                stop.set()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            read = json.loads(out.read_text())
        finally:
            stop_server(server)
    seen = {int(k): v for k, v in read["seen"].items()}
    accepted = [(began, row) for began, status, row in sent.values() if status == 202 and row is not None]
    delays = sorted(seen[row] - began for began, row in accepted if row in seen)
    return {"phones": phones, "viewers": viewers, "accepted": len(accepted), "refused": len(sent) - len(accepted),
            "lost": sum(1 for _b, row in accepted if row not in seen), "delays": delays, "cpu": cpu,
            "rss_peak": peak, "looks": read["looks"], "viewer_errors": sum(1 for v in watching if v.error)}


def _report(result: dict) -> list[tuple[str, bool | None]]:
    delays = result["delays"]
    p50 = delays[len(delays) // 2] * 1000 if delays else float("nan")
    p95 = delays[int(len(delays) * 0.95)] * 1000 if delays else float("nan")
    worst = delays[-1] * 1000 if delays else float("nan")
    head = f"requests, {result['phones']} phones in {SECONDS} s, {result['viewers']} viewers"
    return [
        (f"{head}: POST -> pending at the dais's reader p50 {p50:.0f} ms, p95 {p95:.0f} ms, worst {worst:.0f} ms "
         f"(goal: p95 <= 500 ms)", p95 <= 500),
        (f"{head}: {result['accepted']} answered 202, {result['refused']} refused, {result['lost']} lost "
         f"(goal: all answered 202, none lost)", result["accepted"] == result["phones"] and result["lost"] == 0),
        (f"{head}: server CPU {result['cpu'] * 100:.0f}% of one core, RSS peak {result['rss_peak']:.0f} MB; "
         f"{result['viewer_errors']} viewer errors", result["viewer_errors"] == 0),
    ]


async def requests_300():
    return _report(await _run())
