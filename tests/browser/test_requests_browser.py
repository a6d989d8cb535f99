"""The phone page in a real headless Chromium: a delegate asks, follows their place in the queue as
the dais gives the floor, and withdraws; in English and in French. Screenshots in artefacts/."""

from __future__ import annotations

import os

import pytest

from dais.console.floor.inbox import RoomInbox, codes_for, pending, withdrawals_due
from dais.console.floor.meeting import Meeting
from tests.served import CHROMIUM, chromium, serving

pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="chromium is not installed (make test installs it; CI requires it)")

STANDING = "document.getElementById('standing').textContent"


async def the_dais_looks(meeting: Meeting, room: RoomInbox) -> None:
    """What the dais does at each look at the inbox: new rows read, withdrawals journaled."""
    for _ in range(100):
        if await room.poll():
            break
        import asyncio

        await asyncio.sleep(0.05)
    for withdrawal, request_id in withdrawals_due(room.rows, meeting.state):
        await meeting.withdraw_from_inbox(request_id, withdrawal.id)


async def test_a_delegate_asks_follows_the_place_in_the_queue_and_withdraws(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    room = RoomInbox(meeting.path)
    try:
        await meeting.issue_codes(codes_for(meeting.state))
        code = next(c.code for c in meeting.state.codes.values() if c.participant_id == "KEN")
        await meeting.request_floor("MEX")  # typed at the dais
        await meeting.request_floor("FRA")
        with serving(str(meeting.path), "--requests") as server:
            async with chromium(tmp_path, size="390,844") as (tab,):
                await tab.open(f"{server.base}/request?code={code}")
                await tab.wait_for("document.getElementById('who').textContent.startsWith('Kenya · seat ')")
                await tab.evaluate("document.getElementById('behalf').value = 'African Group'")
                await tab.evaluate("document.getElementById('ask').click()")
                await tab.wait_for(f"{STANDING}.includes('Waiting for the secretary')")
                assert meeting.state.waiting_request_of("KEN") is None  # not before the secretary takes it

                await the_dais_looks(meeting, room)
                (row,) = pending(room.rows, meeting.state)
                assert row.on_behalf_of == "African Group" and row.participant_id == "KEN"
                await meeting.request_floor(row.participant_id, row.on_behalf_of, inbox=row.id)
                # A group statement opens the list: Kenya for the African Group first.
                await tab.wait_for(f"{STANDING}.includes('number 1')")
                await meeting.give_floor()  # Kenya speaks
                await tab.wait_for(f"{STANDING} === 'You have the floor.'")
                await meeting.end_floor()
                await tab.wait_for(f"{STANDING} === 'You have spoken on this item.'")
                await tab.screenshot("phone-spoke.png")

                # Asks again, as herself this time: after Mexico and France.
                await tab.evaluate("document.getElementById('behalf').value = ''")
                await tab.evaluate("document.getElementById('ask').click()")
                await tab.wait_for(f"{STANDING}.includes('Waiting for the secretary')")
                await the_dais_looks(meeting, room)
                (row,) = pending(room.rows, meeting.state)
                await meeting.request_floor(row.participant_id, inbox=row.id)
                await tab.wait_for(f"{STANDING}.includes('number 3')")
                assert await tab.evaluate("document.getElementById('around').textContent.startsWith('Expected')")
                await meeting.give_floor()  # Mexico: Kenya moves up
                await tab.wait_for(f"{STANDING}.includes('number 2')")
                await tab.screenshot("phone-queued.png")

                await tab.evaluate("document.getElementById('withdraw').click()")
                await tab.wait_for(f"{STANDING} === 'You withdrew your request.'")
                await the_dais_looks(meeting, room)
                assert meeting.state.waiting_request_of("KEN") is None
                assert [r.participant_id for r in meeting.state.queue()] == ["FRA"]
                assert await tab.evaluate("document.getElementById('withdraw').hidden")
    finally:
        await room.close()
        await meeting.close()


async def test_a_code_typed_into_the_page_is_kept_in_the_address_and_used(tmp_path, programme):
    """The link without its code: the page asks for it, keeps it in the address (not a cookie),
    and follows that delegation (phone/code.js, shared with the second secretary's page)."""
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    try:
        await meeting.issue_codes(codes_for(meeting.state))
        code = next(c.code for c in meeting.state.codes.values() if c.participant_id == "KEN")
        with serving(str(meeting.path), "--requests") as server:
            async with chromium(tmp_path, size="390,844") as (tab,):
                await tab.open(f"{server.base}/request")
                await tab.wait_for("!document.getElementById('code-form').hidden")
                await tab.evaluate(f"document.getElementById('code').value = '{code}'")
                await tab.evaluate("document.getElementById('code-form').requestSubmit()")
                await tab.wait_for("document.getElementById('who').textContent.startsWith('Kenya · seat ')")
                assert await tab.evaluate("document.getElementById('code-form').hidden")
                assert await tab.evaluate("new URLSearchParams(location.search).get('code')") == code
                assert await tab.evaluate("document.cookie") == ""
    finally:
        await meeting.close()


async def test_the_phone_page_in_french(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    try:
        await meeting.issue_codes(codes_for(meeting.state))
        code = next(c.code for c in meeting.state.codes.values() if c.participant_id == "SEN")
        with serving(str(meeting.path), "--requests", "--lang", "fr") as server:
            async with chromium(tmp_path, size="390,844") as (tab,):
                await tab.open(f"{server.base}/request?code={code}")
                await tab.wait_for("document.getElementById('ask').textContent === 'Demander la parole'")
                assert await tab.evaluate("document.documentElement.lang") == "fr"
                assert await tab.evaluate("document.title") == "Dais : demander la parole"
                await tab.evaluate("document.getElementById('ask').click()")
                await tab.wait_for(f"{STANDING}.includes('En attente de la confirmation')")
                await tab.screenshot("phone-fr.png")
                # A wrong code: the server's one line, in French.
                await tab.open(f"{server.base}/request?code=ZZZZ-ZZZZ")
                await tab.wait_for("document.getElementById('error').textContent.includes('pas un code')")
    finally:
        await meeting.close()


async def test_a_second_secretary_types_ahead_and_enters_a_request(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    room = RoomInbox(meeting.path)
    try:
        await meeting.issue_codes(codes_for(meeting.state, secretaries=1))
        code = next(c.code for c in meeting.state.codes.values() if c.secretary)
        with serving(str(meeting.path), "--requests") as server:
            async with chromium(tmp_path, size="1024,768") as (tab,):
                await tab.open(f"{server.base}/assist?code={code}")
                await tab.wait_for("!document.getElementById('enter-form').hidden")
                await tab.call("Runtime.evaluate", expression="document.getElementById('who').focus()")
                await tab.call("Input.insertText", text="mexi")
                await tab.wait_for("document.querySelector('#matches li') && "
                                   "document.querySelector('#matches li').textContent.startsWith('Mexico')")
                await tab.evaluate("document.getElementById('enter').click()")
                await tab.wait_for("document.getElementById('entered').textContent.includes('pending at the dais')")
                await the_dais_looks(meeting, room)
                (row,) = pending(room.rows, meeting.state)
                assert row.participant_id == "MEX" and row.code == code and row.seat is not None
                await meeting.request_floor(row.participant_id, inbox=row.id)
                await tab.wait_for("document.getElementById('entered').textContent.includes('number 1')")
                await tab.screenshot("assist.png")
    finally:
        await room.close()
        await meeting.close()


def test_every_word_of_the_phone_page_is_sent_and_translated():
    import re

    from dais.console.lang import i18n
    from dais.console.web.inbox import PHONE, PHONE_WORDS, phone_words

    used = set()
    for page in PHONE.iterdir():
        if page.suffix in (".js", ".html"):
            source = page.read_text(encoding="utf-8")
            used |= set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', source))
            used |= set(re.findall(r'data-t(?:itle)?="([^"]*)"', source))
    assert used and used <= set(PHONE_WORDS), used - set(PHONE_WORDS)
    with i18n.using("fr"):
        french = phone_words()
    assert [english for english, shown in french["words"].items() if shown == english] == []
