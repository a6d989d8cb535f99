"""`dais serve` against sockets that send nothing, half a request or too much: a real server
process on a free port, raw sockets from here; nothing of the server is mocked."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
from pathlib import Path

import aiohttp
import pytest

from dais.console.floor.meeting import Meeting
from dais.console.web.door import Limits
from dais.console.web.guard import SECURITY_HEADERS
from tests.served import serving

HEADER_TIMEOUT = Limits.request_s  # the figure the guide gives: 5 s


@pytest.fixture(scope="module", autouse=True)
def open_files():
    """A thousand sockets and more from this process: as many as the system allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < 3000:
        pytest.skip(f"the system allows {hard} open files; these tests hold over 2,000")
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.fixture
async def geneva(tmp_path, programme) -> Path:
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    await meeting.request_floor("KEN")
    await meeting.give_floor()
    await meeting.close()
    return meeting.path


def _port(server) -> int:
    return int(server.base.rsplit(":", 1)[1])


async def _answer(reader: asyncio.StreamReader, timeout: float) -> bytes:
    """All the server sends until it closes the connection (or `timeout` passes: then TimeoutError)."""
    chunks = []
    async with asyncio.timeout(timeout):
        with contextlib.suppress(ConnectionResetError):
            while chunk := await reader.read(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def _status_and_headers(raw: bytes) -> tuple[int, dict[bytes, bytes]]:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


def _has_security_headers(headers: dict[bytes, bytes]) -> bool:
    return all(headers.get(name) == value for name, value in SECURITY_HEADERS)


async def _idle_sockets(port: int, count: int, host: str = "127.0.0.1"):
    """`count` connections that send nothing, opened in batches within the listen backlog."""
    opened = []
    for start in range(0, count, 100):
        opened += await asyncio.gather(*(asyncio.open_connection(host, port)
                                         for _ in range(min(100, count - start))))
    return opened


async def test_idle_sockets_past_the_cap_do_not_shut_out_a_viewer(geneva):
    # the default --max-viewers is 1000: 1,100 sockets that send nothing, then a real viewer
    with serving(str(geneva)) as server:
        idle = await _idle_sockets(_port(server), 1000)

        async def half_sent() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
            reader, writer = await asyncio.open_connection("127.0.0.1", _port(server))
            writer.write(b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # at once: within its time
            await writer.drain()
            return reader, writer

        half = list(await asyncio.gather(*(half_sent() for _ in range(100))))  # and a hundred half requests
        idle = half + idle
        await asyncio.sleep(0.5)  # the server has accepted them all
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            async with http.get(server.base + "/api/state") as response:
                assert response.status == 200
                assert (await response.json())["floor"]["speaker"]["name"] == "Kenya"
            async with http.get(server.base + "/api/stream") as stream:
                assert stream.status == 200
                assert (await stream.content.readuntil(b"\n\n")).startswith(b"retry:")
        # and the server closes every one of them once its time to send a request is up
        answers = await asyncio.gather(*(_answer(reader, HEADER_TIMEOUT + 25) for reader, _ in idle))
        assert all(answer == b"" for answer in answers[100:])  # nothing sent: closed without a word
        for answer in answers[:100]:  # half a request: 408, with the headers
            status, headers = _status_and_headers(answer)
            assert status == 408 and _has_security_headers(headers)
        for _, writer in idle:
            writer.close()


async def test_past_all_the_connections_a_newcomer_pushes_out_the_longest_waiting(geneva):
    # --max-viewers 1: 1,001 connections in all; 1,100 idle ones, then a real viewer at once
    with serving(str(geneva), "--max-viewers", "1") as server:
        idle = await _idle_sockets(_port(server), 1100)
        await asyncio.sleep(0.5)
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            async with http.get(server.base + "/api/stream") as stream:
                assert stream.status == 200
            async with http.get(server.base + "/api/state") as state:
                assert state.status == 200
        # the first ones opened made room: closed without a word
        pushed = await asyncio.gather(*(_answer(reader, 30) for reader, _ in idle[:99]))
        assert pushed == [b""] * 99
        for _, writer in idle:
            writer.close()


async def test_a_half_sent_request_is_closed_within_the_header_timeout(geneva):
    with serving(str(geneva)) as server:
        loop = asyncio.get_running_loop()
        reader, writer = await asyncio.open_connection("127.0.0.1", _port(server))
        silent, silent_writer = await asyncio.open_connection("127.0.0.1", _port(server))
        began = loop.time()
        writer.write(b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        for _ in range(8):  # one byte a second keeps no connection open past its time
            await asyncio.sleep(1)
            with contextlib.suppress(ConnectionError):
                writer.write(b"a")
        answer = await _answer(reader, HEADER_TIMEOUT + 25)
        waited = loop.time() - began
        status, headers = _status_and_headers(answer)
        assert status == 408 and _has_security_headers(headers)
        assert b"complete request" in answer.split(b"\r\n\r\n", 1)[1]
        assert waited < HEADER_TIMEOUT + 20  # not left open: the old server never closed it
        assert await _answer(silent, 25) == b""
        writer.close()
        silent_writer.close()


async def test_a_keep_alive_connection_gets_its_time_again_for_the_next_request(geneva):
    with serving(str(geneva)) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", _port(server))
        for _ in range(3):  # three requests on one connection, each well within its time
            writer.write(b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            status, headers = _status_and_headers(head)
            assert status == 200
            await reader.readexactly(int(headers[b"content-length"]))
            await asyncio.sleep(HEADER_TIMEOUT * 0.6)
        writer.close()


def _big_head(size: int) -> bytes:
    head = b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: "
    return head + b"a" * size + b"\r\n\r\n"


async def _send_and_read(port: int, data: bytes) -> bytes:
    """Send `data` while reading the answer: a server that refuses stops reading, and the rest of
    the sending fails (a broken pipe), but what it answered is read all the same."""
    loop = asyncio.get_running_loop()
    with socket.create_connection(("127.0.0.1", port)) as raw:
        raw.setblocking(False)

        async def send() -> None:
            with contextlib.suppress(OSError):
                await loop.sock_sendall(raw, data)

        async def read() -> bytes:
            chunks = []
            with contextlib.suppress(ConnectionResetError):
                while chunk := await loop.sock_recv(raw, 65536):
                    chunks.append(chunk)
            return b"".join(chunks)

        sending = asyncio.create_task(send())
        try:
            return await asyncio.wait_for(read(), 30)
        finally:
            sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sending


async def test_an_8_mb_header_is_refused(geneva):
    with serving(str(geneva)) as server:
        answer = await _send_and_read(_port(server), _big_head(8 * 1024 * 1024))
        status, headers = _status_and_headers(answer)
        assert status == 431 and _has_security_headers(headers)
        # a head of ordinary size, cookies and all, is answered
        answer = await _send_and_read(_port(server), _big_head(8 * 1024))
        assert _status_and_headers(answer)[0] == 200


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def test_memory_stays_bounded_under_eight_large_half_sent_requests(geneva):
    with serving(str(geneva)) as server:
        pid = server.process.pid
        async with aiohttp.ClientSession() as http, http.get(server.base + "/api/state") as warm:
            assert warm.status == 200
        before = _rss_mb(pid)
        half = _big_head(int(19.5 * 1024 * 1024))[:-4]  # 19.5 MB of one header that never ends
        answers = await asyncio.gather(*(_send_and_read(_port(server), half) for _ in range(8)))
        grown = _rss_mb(pid) - before
        for answer in answers:
            assert _status_and_headers(answer)[0] == 431
        assert grown < 20, f"the server grew by {grown:.0f} MB"  # the old server: about 150 MB


def _outward_address() -> str | None:
    """This machine's address on its network (not loopback), to be seen as another device."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.254", 9))  # no packet is sent: the route's source address
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


async def test_connections_are_capped_per_address(geneva):
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    with serving(str(geneva), "--host", "0.0.0.0", "--public") as server:
        port = _port(server)
        idle = await _idle_sockets(port, 40, host=address)
        await asyncio.sleep(0.5)
        # past 32 from one address, each newcomer pushes out that address's longest-waiting one
        closed = await asyncio.gather(*(_answer(reader, 3) for reader, _ in idle[:8]))  # at once, not in 5 s
        assert closed == [b""] * 8
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{address}:{port}/api/state") as response:
                assert response.status == 200
        # 32 open streams from one address: the 33rd connection is refused with 429, with the headers
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as http:
            streams = [await http.get(f"http://{address}:{port}/api/stream") for _ in range(32)]
            assert [s.status for s in streams] == [200] * 32
            reader, writer = await asyncio.open_connection(address, port)
            writer.write(b"GET /api/state HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers = _status_and_headers(await _answer(reader, 30))
            assert status == 429 and _has_security_headers(headers) and headers[b"retry-after"]
            writer.close()
            # this machine itself (a local proxy, a tool) is not capped per address
            async with http.get(f"http://127.0.0.1:{port}/api/state") as local:
                assert local.status == 200
            for stream in streams:
                stream.close()
        for _, writer in idle:
            writer.close()


async def test_every_answer_carries_the_security_headers(geneva):
    with serving(str(geneva), "--max-viewers", "1") as server:
        port = _port(server)
        answers = {
            "400": await _send_and_read(port, b"NOT HTTP AT ALL\r\n\r\n"),
            # bad from its first line and long: one answer, uvicorn's 400, not a 431 after it
            "400 ": await _send_and_read(port, b"GET / HTTP/1.1\r\nX-A: " + b"a" * 30_000
                                               + b"\r\nBad Header\r\n" + b"a" * 100_000),
            "404": await _send_and_read(port, b"GET /m/nowhere/api/state HTTP/1.1\r\nHost: localhost\r\n"
                                              b"Connection: close\r\n\r\n"),
            "405": await _send_and_read(port, b"DELETE / HTTP/1.1\r\nHost: localhost\r\n"
                                              b"Connection: close\r\n\r\n"),
            "413": await _send_and_read(port, b"GET / HTTP/1.1\r\nHost: localhost\r\n"
                                              b"Content-Length: 100000000\r\n\r\n"),
            "421": await _send_and_read(port, b"GET / HTTP/1.1\r\nHost: evil.example\r\n"
                                              b"Connection: close\r\n\r\n"),
            "431": await _send_and_read(port, _big_head(200_000)),
        }
        async with aiohttp.ClientSession() as http, http.get(server.base + "/api/stream") as first:
            assert first.status == 200
            answers["503"] = await _send_and_read(port, b"GET /api/stream HTTP/1.1\r\nHost: localhost\r\n"
                                                        b"Connection: close\r\n\r\n")
            # only open streams count as viewers: the page and the state are still answered
            answers["200"] = await _send_and_read(port, b"GET /clock HTTP/1.1\r\nHost: localhost\r\n"
                                                        b"Connection: close\r\n\r\n")
        for expected, answer in answers.items():
            status, headers = _status_and_headers(answer)
            assert status == int(expected), (expected, answer[:200])
            assert _has_security_headers(headers), (expected, headers)
            assert list(headers).count(b"content-security-policy") <= 1
            assert answer.count(b"HTTP/1.1 ") == 1, (expected, answer[:400])
        assert b"retry-after" in _status_and_headers(answers["503"])[1]
