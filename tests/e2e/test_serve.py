"""`dais serve` over real HTTP on 127.0.0.1: the live state and its stream, and each safety rule."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import aiohttp
import pytest

from dais.console.floor.meeting import Meeting
from dais.console.web.live import SCHEMA, SCHEMA_FILE, LiveState, schema_text
from tests.served import DAIS, frames, serving


@pytest.fixture
async def served_meeting(tmp_path, programme):
    """A meeting with Kenya speaking and Mexico waiting; the writer stays open for the test."""
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    await meeting.give_floor()
    yield meeting
    await meeting.close()


async def get(url: str, **kwargs) -> tuple[int, dict, str]:
    """Status, headers and text; of an open event stream, only its first event."""
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as http, http.get(url, **kwargs) as response:
        if response.headers.get("Content-Type", "").startswith("text/event-stream"):
            return response.status, dict(response.headers), (await response.content.readuntil(b"\n\n")).decode()
        return response.status, dict(response.headers), await response.text()


def test_the_schema_file_is_the_one_the_models_generate():
    assert SCHEMA_FILE.read_text() == schema_text(), "regenerate: python -m dais.console.web.live > " + str(SCHEMA_FILE)


async def test_state_and_stream_follow_the_journal(served_meeting):
    meeting = served_meeting
    with serving(str(meeting.path)) as server:
        status, headers, text = await get(server.base + "/api/state")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        state = LiveState.model_validate_json(text)
        assert state.schema_ == SCHEMA and state.meeting == "geneva"
        assert state.floor.speaker.name == "Kenya" and state.floor.phase == "running"
        assert [e.who.name for e in state.queue] == ["Mexico"] and state.queue[0].first_time
        assert abs(state.sent_at - time.time()) < 5

        _, _, schema = await get(server.base + "/api/schema")
        assert json.loads(schema)["$id"] == SCHEMA

        async with aiohttp.ClientSession() as http, http.get(server.base + "/api/stream") as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            stream = frames(response)
            first = LiveState.model_validate(await anext(stream))
            assert first.seq == meeting.state.last_seq
            await meeting.give_floor()  # Mexico
            later = LiveState.model_validate(await asyncio.wait_for(anext(stream), 10))
            assert later.floor.speaker.name == "Mexico" and later.seq > first.seq and later.waiting == 0


async def test_a_foreign_origin_is_refused(served_meeting):
    with serving(str(served_meeting.path)) as server:
        status, _, text = await get(server.base + "/api/stream", headers={"Origin": "http://evil.example"})
        assert status == 403 and "another site" in text
        status, _, _ = await get(server.base + "/api/state", headers={"Origin": "null"})
        assert status == 403
        async with aiohttp.ClientSession() as http, http.get(
                server.base + "/api/stream", headers={"Origin": server.base}) as response:
            assert response.status == 200  # the page's own origin


async def test_a_bad_host_is_refused(served_meeting):
    with serving(str(served_meeting.path)) as server:
        port = server.base.rsplit(":", 1)[1]
        for host in ("evil.example", f"evil.example:{port}", f"rebind.attacker.test:{port}"):
            status, _, _ = await get(server.base + "/api/state", headers={"Host": host})
            assert status == 421, host
        for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
            status, _, _ = await get(server.base + "/api/state", headers={"Host": host})
            assert status == 200, host


async def test_past_the_cap_a_new_stream_is_answered_503(served_meeting):
    with serving(str(served_meeting.path), "--max-viewers", "3") as server:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            streams = []
            for _ in range(3):
                response = await http.get(server.base + "/api/stream")
                assert response.status == 200
                await response.content.readuntil(b"\n\n")
                streams.append(response)
            async with aiohttp.ClientSession() as other:
                async with other.get(server.base + "/api/stream") as refused:
                    assert refused.status == 503 and refused.headers["Retry-After"]
                    assert "viewers" in await refused.text()
                    assert "default-src 'none'" in refused.headers["Content-Security-Policy"]
                async with other.get(server.base + "/api/state") as state:  # only streams count as viewers
                    assert state.status == 200
            streams.pop().close()
            for _ in range(50):  # the server notices the viewer leaving
                async with aiohttp.ClientSession() as other, other.get(server.base + "/api/stream") as again:
                    if again.status == 200:
                        break
                await asyncio.sleep(0.1)
            assert again.status == 200
            for response in streams:
                response.close()


async def test_off_localhost_a_token_is_required(served_meeting):
    with serving(str(served_meeting.path), "--host", "0.0.0.0") as server:
        assert "?token=" in server.url
        token = server.url.split("?token=")[1]
        assert "Share this link" in "".join(server.output)
        status, _, text = await get(server.base + "/api/state")
        assert status == 401 and "access token" in text
        status, _, _ = await get(server.base + "/", params={"token": "wrong" + token})
        assert status == 401
        status, _, _ = await get(server.base + "/api/stream", headers={"Authorization": "Bearer nope"})
        assert status == 401
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # an address
            async with http.get(server.base + "/clock", params={"token": token}) as page:
                assert page.status == 200
                assert "HttpOnly" in page.headers["Set-Cookie"]
            async with http.get(server.base + "/api/state") as state:  # the cookie the page was given
                assert state.status == 200
        status, _, _ = await get(server.base + "/api/state", headers={"Authorization": f"Bearer {token}"})
        assert status == 200


async def test_public_waives_the_token_with_a_warning(served_meeting):
    with serving(str(served_meeting.path), "--host", "0.0.0.0", "--public") as server:
        assert "?token=" not in server.url
        assert "WARNING: --public" in "".join(server.output)
        status, _, _ = await get(server.base + "/api/state")
        assert status == 200


async def test_no_route_writes(served_meeting):
    meeting = served_meeting
    before = meeting.state.last_seq
    with serving(str(meeting.path)) as server:
        async with aiohttp.ClientSession() as http:
            for path in ("/", "/clock", "/queue", "/api/state", "/api/stream", "/api/schema", "/m/geneva/"):
                for method in ("POST", "PUT", "DELETE", "PATCH"):
                    async with http.request(method, server.base + path, data=b"n") as response:
                        assert response.status == 405, (method, path)
            async with http.head(server.base + "/api/stream", timeout=aiohttp.ClientTimeout(total=20)) as head:
                assert head.status == 200  # and it ends: a HEAD is not a stream
    assert await meeting.journal.entries(after=before) == []


async def test_the_pages_forbid_outside_sources(served_meeting):
    with serving(str(served_meeting.path)) as server:
        for path in ("/", "/clock", "/queue", "/static/live.js", "/api/state"):
            status, headers, body = await get(server.base + path)
            assert status == 200, path
            policy = headers["Content-Security-Policy"]
            assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
            assert "http" not in policy.replace("'self'", "")
            if path in ("/", "/clock", "/queue"):
                assert "http://" not in body and "https://" not in body and "<script>" not in body


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
async def test_no_process_survives_the_server(served_meeting, stop):
    with serving(str(served_meeting.path)) as server:
        pid = server.process.pid
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            streams = [await http.get(server.base + "/api/stream") for _ in range(5)]
            for response in streams:
                await response.content.readuntil(b"\n\n")
            await get(server.base + "/clock")
            children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
            assert children == [], "dais serve started child processes"
            server.process.send_signal(stop)
            if stop == signal.SIGTERM:  # the open streams are ended cleanly, not cut when a grace period runs out
                for response in streams:
                    await asyncio.wait_for(response.content.read(), 15)
                    assert response.content.at_eof()
            server.process.wait(timeout=15)
            for response in streams:
                response.close()
        survivors = subprocess.run(["pgrep", "-f", str(served_meeting.path)], capture_output=True, text=True)
        assert survivors.stdout.split() == []
        if stop == signal.SIGTERM:
            assert "Traceback" not in "".join(server.output) + server.process.stdout.read()


def test_a_taken_port_is_one_clear_line(tmp_path, served_meeting_file):
    with serving(str(served_meeting_file)) as server:
        port = server.base.rsplit(":", 1)[1]
        result = subprocess.run([DAIS, "serve", str(served_meeting_file), "--port", port],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1  # an error (README: exit statuses)
    assert result.stderr.strip() == f"dais: cannot listen on 127.0.0.1:{port}: the port is already in use"
    bad = subprocess.run([DAIS, "serve", str(served_meeting_file), "--port", "99999"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "is not a port" in bad.stderr and "Traceback" not in bad.stderr


def test_a_missing_meeting_is_one_clear_line(tmp_path):
    result = subprocess.run([DAIS, "serve", str(tmp_path / "nowhere.dais"), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"dais: {tmp_path / 'nowhere.dais'} does not exist"


@pytest.fixture
def served_meeting_file(tmp_path, programme):
    async def make():
        meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
        await meeting.request_floor("KEN")
        await meeting.close()

    asyncio.run(make())
    return tmp_path / "geneva.dais"


async def test_all_serves_every_meeting_with_an_index_of_the_live_ones(tmp_path, programme):
    live = await Meeting.open(tmp_path / "geneva.dais", programme)
    await live.request_floor("KEN")
    await live.give_floor()
    closed = await Meeting.open(tmp_path / "newyork.dais", programme)
    await closed.request_floor("MEX")
    await closed.close()
    try:
        with serving("--all", home=tmp_path) as server:
            status, _, listing = await get(server.base + "/api/meetings")
            meetings = {m["name"]: m for m in json.loads(listing)}
            assert meetings["geneva"]["live"] and meetings["geneva"]["speaker"] == "Kenya"
            assert not meetings["newyork"]["live"] and meetings["newyork"]["waiting"] == 1
            status, _, index = await get(server.base + "/")
            assert status == 200 and "index.js" in index
            for name in ("geneva", "newyork"):
                status, _, text = await get(f"{server.base}/m/{name}/api/state")
                assert status == 200 and LiveState.model_validate_json(text).meeting == name
                for page in ("", "clock", "queue"):
                    status, _, _ = await get(f"{server.base}/m/{name}/{page}")
                    assert status == 200
            status, _, _ = await get(server.base + "/m/nowhere/api/state")
            assert status == 404
            # a meeting created while the server runs is served too
            later = await Meeting.open(tmp_path / "vienna.dais", programme)
            await later.close()
            status, _, _ = await get(server.base + "/m/vienna/api/state")
            assert status == 200
    finally:
        await live.close()


def test_serve_does_not_take_a_meeting_and_all(tmp_path):
    result = subprocess.run([DAIS, "serve", "geneva", "--all"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "DAIS_HOME": str(tmp_path)})
    assert result.returncode == 2 and "not allowed with argument" in result.stderr  # a usage error


def test_the_web_server_imports_neither_textual_nor_pyttsx3():
    code = ("import sys, dais.console.web.server, dais.console.web.cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'pyttsx3')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_word_of_the_pages_is_sent_by_the_server():
    """Each t("...") of the pages' scripts and each data-t / data-title of their HTML is in
    WEB_WORDS, the list GET /api/words translates; and the French catalogue has them all."""
    import re
    from pathlib import Path

    from dais.console.lang import i18n
    from dais.console.web.server import STATIC, WEB_WORDS, words

    used = set()
    for page in Path(STATIC).iterdir():
        if page.suffix in (".js", ".html"):
            source = page.read_text(encoding="utf-8")
            used |= set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', source))
            used |= set(re.findall(r'data-t(?:itle)?="([^"]*)"', source))
    assert used and used <= set(WEB_WORDS), used - set(WEB_WORDS)
    with i18n.using("fr"):
        french = words()
    assert french["lang"] == "fr"
    untranslated = [english for english, shown in french["words"].items() if shown == english]
    assert untranslated == []
    assert french["words"]["The floor is free"] == "La parole est libre"
    assert french["words"]["{n} waiting"] == "{n} en attente"


async def test_the_pages_words_in_french_with_lang_fr(served_meeting):
    with serving(str(served_meeting.path), "--lang", "fr") as server:
        status, headers, text = await get(server.base + "/api/words")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        answer = json.loads(text)
        assert answer["lang"] == "fr" and answer["words"]["Speaking order"] == "Liste des orateurs"
    with serving(str(served_meeting.path)) as server:
        answer = json.loads((await get(server.base + "/api/words"))[2])
        assert answer["lang"] == "en" and answer["words"]["Speaking order"] == "Speaking order"
