"""`dais serve --requests` over real HTTP: what a phone may ask, every refusal, and no request
answered 202 lost to a kill -9 of the server or of the dais."""

from __future__ import annotations

import asyncio
import json
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

import aiohttp
import pytest

from dais.console.floor.inbox import codes_for, inbox_path
from dais.console.floor.meeting import Meeting
from tests.served import serving


@pytest.fixture
async def coded(tmp_path, programme):
    """A meeting with codes for its roster, Brazil's revoked; the writer closed (the server reads)."""
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    await meeting.issue_codes(codes_for(meeting.state))
    codes = {c.participant_id: c.code for c in meeting.state.codes.values()}
    await meeting.revoke_code(codes["BRA"])
    await meeting.close()
    return tmp_path / "hearing.dais", codes


async def post(url: str, body: object = None, *, data: bytes | None = None, headers: dict | None = None,
               http: aiohttp.ClientSession | None = None) -> tuple[int, str]:
    sent = {"content-type": "application/json", **(headers or {})}
    payload = data if data is not None else json.dumps(body).encode()

    async def go(session: aiohttp.ClientSession) -> tuple[int, str]:
        async with session.post(url, data=payload, headers=sent) as response:
            return response.status, await response.text()

    if http is not None:
        return await go(http)
    async with aiohttp.ClientSession() as session:
        return await go(session)


async def mine(base: str, code: str) -> dict:
    async with aiohttp.ClientSession() as http, http.get(base + "/api/requests/mine",
                                                        headers={"x-dais-code": code}) as response:
        assert response.status == 200, await response.text()
        return await response.json()


def journal_and_inbox(path) -> tuple[int, list]:
    with sqlite3.connect(path) as db:
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    rows: list = []
    if inbox_path(path).exists():
        with sqlite3.connect(inbox_path(path)) as db:
            rows = db.execute("SELECT * FROM inbox ORDER BY id").fetchall()
    return events, rows


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.endswith("\n") and "Traceback" not in text


async def test_a_delegate_asks_sees_it_pending_and_withdraws(coded):
    path, codes = coded
    with serving(str(path), "--requests") as server:
        status, text = await post(server.base + "/api/requests", {"code": codes["KEN"].lower().replace("-", " ")})
        assert status == 202, text
        answer = await mine(server.base, codes["KEN"])
        assert answer["who"] == "Kenya" and answer["request"]["standing"] == "pending"
        status, text = await post(server.base + "/api/requests", {"code": codes["KEN"]})
        assert status == 409 and "already asked" in text and one_line(text)
        status, text = await post(server.base + "/api/requests/withdraw",
                                  {"code": codes["KEN"], "id": answer["request"]["id"]})
        assert status == 202, text
        assert (await mine(server.base, codes["KEN"]))["request"]["standing"] == "withdrawn"
        status, text = await post(server.base + "/api/requests/withdraw",  # another's request: none of yours
                                  {"code": codes["MEX"], "id": answer["request"]["id"]})
        assert status == 404 and one_line(text)


async def test_bad_input_gets_one_clear_refusal_and_changes_nothing(coded):
    path, codes = coded
    with serving(str(path), "--requests") as server:
        url = server.base + "/api/requests"
        assert (await post(url, {"code": codes["KEN"]}))[0] == 202  # Kenya has a pending request
        before = journal_and_inbox(path)
        refusals = [
            (await post(url, {"code": "ZZZZ-ZZZZ"}), 403, "not one of this meeting's"),
            (await post(url, {"code": codes["BRA"]}), 403, "revoked"),
            (await post(url, {}), 400, "Give the code"),
            # 1 MB stops at the server's door (console/web/door.py, 64 KB for any request) ...
            (await post(url, data=b"{" + b" " * (1 << 20) + b"}"), 413, "larger than 64 KB"),
            # ... and 5 KB at the write route's own limit (4 KB)
            (await post(url, data=b"{" + b" " * 5000 + b"}"), 413, "too large"),
            (await post(url, data=b"code=ABCD", headers={"content-type": "application/x-www-form-urlencoded"}),
             415, "JSON"),
            (await post(url, data=b"[not json"), 400, "not valid JSON"),
            (await post(url, {"code": codes["MEX"]}, headers={"Origin": "http://evil.example"}), 403,
             "another site"),
            (await post(url, {"code": codes["MEX"]}, headers={"Host": "evil.example"}), 421, "host name"),
            (await post(server.base + "/api/state", {"code": codes["MEX"]}), 405, "read-only"),
        ]
        for (status, text), expected, words in refusals:
            assert status == expected and words in text and one_line(text), (status, text)

        # A flood of 1,000 POSTs with one code: none gets in (Kenya already asked), and past the
        # first few each is told to wait.
        async with aiohttp.ClientSession() as http:
            answers = await asyncio.gather(*[post(url, {"code": codes["KEN"]}, http=http) for _ in range(1000)])
        statuses = [status for status, _ in answers]
        assert set(statuses) <= {409, 429} and statuses.count(429) >= 990, sorted(set(statuses))
        assert all(one_line(text) for _, text in answers)
        assert any("Too many requests" in text for _, text in answers)
        assert journal_and_inbox(path) == before


async def test_with_host_a_missing_token_or_code_is_refused(coded):
    path, codes = coded
    with serving(str(path), "--requests", "--host", "0.0.0.0") as server:
        before = journal_and_inbox(path)
        status, text = await post(server.base + "/api/requests", {})
        assert status == 401 and "code" in text and one_line(text)
        async with aiohttp.ClientSession() as http:
            async with http.get(server.base + "/request") as page:
                assert page.status == 401 and one_line(await page.text())
            async with http.get(server.base + "/request", params={"code": codes["KEN"]}) as page:
                assert page.status == 200  # the link printed on the delegation's card
                assert "default-src 'none'" in page.headers["Content-Security-Policy"]
                assert page.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in page.headers
            async with http.get(server.base + "/api/state") as state:
                assert state.status == 401  # the read-only pages still want the token
        assert journal_and_inbox(path) == before
        status, _ = await post(server.base + "/api/requests", {"code": codes["KEN"]})
        assert status == 202


async def test_a_kill_of_the_server_at_any_moment_loses_no_request_answered_202(coded):
    path, codes = coded
    delegations = [pid for pid in sorted(codes) if pid not in ("BRA",)][:120]
    accepted: set[int] = set()
    rng = random.Random(27)
    left = list(delegations)
    for round_ in range(3):
        with serving(str(path), "--requests") as server:
            url = server.base + "/api/requests"

            answered = asyncio.Event()

            async def one(pid: str, http: aiohttp.ClientSession) -> None:
                try:
                    status, text = await post(url, {"code": codes[pid]}, http=http)
                except aiohttp.ClientError:
                    return  # cut off by the kill: no answer, no promise
                if status == 202:
                    accepted.add(json.loads(text)["id"])
                    answered.set()

            batch, left = left[:40], left[40:]
            async with aiohttp.ClientSession() as http:
                tasks = [asyncio.create_task(one(pid, http)) for pid in batch]
                await asyncio.wait_for(answered.wait(), 60)  # a busy machine: the first answer may be slow
                await asyncio.sleep(rng.uniform(0, 0.1))
                server.process.send_signal(signal.SIGKILL)  # in the middle of the answers
                await asyncio.gather(*tasks)
    assert accepted, "no request was answered before the kills"
    _events, rows = journal_and_inbox(path)
    assert accepted <= {row[0] for row in rows}


CHILD = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from dais.console.floor.meeting import Meeting
    from dais.console.floor.inbox import RoomInbox, pending

    async def main():
        meeting = await Meeting.open(Path(sys.argv[1]))
        room = RoomInbox(meeting.path)
        while True:  # the dais's loop: look, take the oldest pending, say so
            await room.poll()
            for row in pending(room.rows, meeting.state)[:1]:
                await meeting.request_floor(row.participant_id, inbox=row.id)
                print("took", row.id, flush=True)
            await asyncio.sleep(0.01)

    asyncio.run(main())
""")


async def test_a_kill_of_the_dais_loses_no_request_answered_202(coded):
    path, codes = coded
    accepted: list[int] = []
    with serving(str(path), "--requests") as server:
        dais = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
        try:
            async with aiohttp.ClientSession() as http:
                for pid in ["KEN", "MEX", "FRA", "DEU", "JPN", "CHN", "IND", "ZAF"]:
                    status, text = await post(server.base + "/api/requests", {"code": codes[pid]}, http=http)
                    assert status == 202, text
                    accepted.append(json.loads(text)["id"])
                    if len(accepted) == 3:
                        dais.stdout.readline()  # it has taken one at least
                        dais.send_signal(signal.SIGKILL)
        finally:
            dais.kill()
            dais.wait()
            dais.stdout.close()
        meeting = await Meeting.open(path)  # the dais again, after the kill
        try:
            from dais.console.floor.inbox import RoomInbox, pending

            room = RoomInbox(meeting.path)
            await room.poll()
            taken = set(meeting.state.inbox_taken)
            waiting = {row.id for row in pending(room.rows, meeting.state)}
            assert taken and taken | waiting == set(accepted) and not taken & waiting
            await room.close()
        finally:
            await meeting.close()


async def test_a_second_secretary_enters_requests_with_the_type_ahead(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    await meeting.issue_codes(codes_for(meeting.state, secretaries=1))
    secretary = next(c.code for c in meeting.state.codes.values() if c.secretary)
    kenya = next(c.code for c in meeting.state.codes.values() if c.participant_id == "KEN")
    await meeting.close()
    path = tmp_path / "hearing.dais"
    with serving(str(path), "--requests") as server:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.base + "/api/requests/lookup", params={"q": "keny"},
                                headers={"x-dais-code": secretary}) as response:
                found = await response.json()
            assert found[0]["id"] == "KEN" and found[0]["name"] == "Kenya"
            async with http.get(server.base + "/api/requests/lookup", params={"q": "keny"},
                                headers={"x-dais-code": kenya}) as response:
                assert response.status == 403  # a delegation's code looks nobody up
        enter = server.base + "/api/requests/enter"
        status, text = await post(enter, {"code": secretary, "participant_id": "KEN", "on_behalf_of": "G77"})
        assert status == 202, text
        status, text = await post(enter, {"code": secretary, "participant_id": "KEN"})
        assert status == 409 and "Kenya has already asked" in text and one_line(text)
        status, text = await post(server.base + "/api/requests", {"code": kenya})
        assert status == 202  # the phone's own request: the dais sees both and takes one
        status, text = await post(enter, {"code": kenya, "participant_id": "MEX"})
        assert status == 403 and one_line(text)
        status, text = await post(server.base + "/api/requests", {"code": secretary})
        assert status == 403 and one_line(text)
        status, text = await post(enter, {"code": secretary, "participant_id": "nobody"})
        assert status == 400 and one_line(text)
        answer = await mine(server.base, secretary)
        assert answer["secretary"] and not answer["confirms"]
        assert [(e["name"], e["standing"]) for e in answer["entered"]] == [("Kenya", "pending")]
    _events, rows = journal_and_inbox(path)
    assert [(r[4], r[6], r[10]) for r in rows] == [("KEN", "G77", 0), ("KEN", None, 0)]
