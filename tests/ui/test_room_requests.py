"""Requests from the room at the dais: the inbox the server writes, the panel, i takes, d declines,
undo; and the engine's rules over the inbox's rows (console/floor/inbox.py)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Static

from dais.console.app import make_app
from dais.console.lang.errors import ProcedureError
from dais.console.floor.inbox import Inbox, Standing, ask_refusal, codes_for, inbox_path, pending, where
from dais.console.floor.meeting import Meeting
from dais.screens.inbox import RoomRequests
from dais.screens.queue import QueueTable


async def issued(meeting: Meeting) -> dict[str, object]:
    """Codes for the whole roster; by participant id."""
    await meeting.issue_codes(codes_for(meeting.state))
    return {c.participant_id: c for c in meeting.state.codes.values()}


async def ask(inbox: Inbox, meeting: Meeting, code, behalf: str | None = None):
    """What POST /api/requests does once its checks pass."""
    assert ask_refusal(meeting.state, inbox.rows, code) is None
    return await inbox.add("ask", code, code.participant_id, meeting.state.item.id, "127.0.0.1",
                           meeting.now(), behalf)


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


async def until(pilot, condition, timeout: float = 10) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the dais did not show it in time")


def panel_names(app) -> list[str]:
    panel = app.screen.query_one(RoomRequests)
    return [panel.get_row_at(i)[0] for i in range(panel.row_count)] if panel.display else []


async def test_pending_requests_appear_one_key_takes_one_in_another_declines_and_undo(app, meeting):
    codes = await issued(meeting)
    inbox = await Inbox.create_or_open(inbox_path(meeting.path))  # the server's side
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            assert panel_names(app) == []  # nothing pending: the dais looks as before
            kenya = await ask(inbox, meeting, codes["KEN"])
            await ask(inbox, meeting, codes["MEX"], "Group of 77 and China")
            await until(pilot, lambda: panel_names(app) == ["Kenya", "Mexico"])
            assert app.meeting.state.waiting() == []  # nothing enters the order without the secretary
            title = str(app.screen.query_one("#inbox-title", Static).render())
            assert "2 pending" in title
            panel = app.screen.query_one(RoomRequests)
            assert panel.get_row_at(1)[2] == "Group of 77 and China"

            await pilot.press("i")  # the highlighted (oldest) one: Kenya
            await pilot.pause()
            waiting = app.meeting.state.waiting()
            assert [r.participant_id for r in waiting] == ["KEN"]
            entry = app.meeting.entries[-1]
            assert entry.event.type == "floor_requested" and entry.event.inbox == kenya.id
            assert panel_names(app) == ["Mexico"]
            table = app.screen.query_one(QueueTable)
            assert table.get_row_at(0)[1] == "Kenya"

            await pilot.press("d")
            await pilot.press(*"out of time")
            await pilot.press("enter")
            await pilot.pause()
            assert panel_names(app) == []
            declined = app.meeting.entries[-1].event
            assert declined.type == "inbox_declined" and declined.reason == "out of time"
            mexico = inbox.rows[1]
            assert where(mexico, inbox.rows, app.meeting.state).standing is Standing.DECLINED

            await pilot.press("ctrl+z")  # the decline undone: Mexico pending again
            await pilot.pause()
            assert panel_names(app) == ["Mexico"]
            await pilot.press("i")
            await pilot.pause()
            assert [r.participant_id for r in app.meeting.state.queue()] == ["MEX", "KEN"]  # the group first
            await pilot.press("ctrl+z")  # undo on a taken request: back in the inbox, out of the order
            await pilot.pause()
            assert [r.participant_id for r in app.meeting.state.waiting()] == ["KEN"]
            assert panel_names(app) == ["Mexico"]
    finally:
        await inbox.close()


async def test_a_withdrawal_from_the_phone_leaves_the_speaking_order(app, meeting):
    codes = await issued(meeting)
    inbox = await Inbox.create_or_open(inbox_path(meeting.path))
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            row = await ask(inbox, meeting, codes["KEN"])
            await until(pilot, lambda: panel_names(app) == ["Kenya"])
            await pilot.press("i")
            await pilot.pause()
            assert [r.participant_id for r in app.meeting.state.waiting()] == ["KEN"]
            await inbox.add("withdraw", codes["KEN"], "KEN", row.item_id, "127.0.0.1", meeting.now(), target=row.id)
            await until(pilot, lambda: app.meeting.state.waiting() == [])
            assert app.meeting.entries[-1].event.type == "request_withdrawn"
            assert where(row, inbox.rows, app.meeting.state).standing is Standing.WITHDRAWN
    finally:
        await inbox.close()


async def test_an_inbox_row_is_taken_once_only(meeting):
    codes = await issued(meeting)
    inbox = await Inbox.create_or_open(inbox_path(meeting.path))
    try:
        row = await ask(inbox, meeting, codes["KEN"])
        await meeting.request_floor("KEN", inbox=row.id)
        await meeting.give_floor()
        with pytest.raises(ProcedureError, match="already been dealt with"):
            await meeting.request_floor("KEN", inbox=row.id)
        with pytest.raises(ProcedureError, match="already been dealt with"):
            await meeting.decline_inbox(row.id, "no")
        assert pending(inbox.rows, meeting.state) == []
        assert where(row, inbox.rows, meeting.state).standing is Standing.SPEAKING
    finally:
        await inbox.close()


async def test_one_pending_request_per_code_per_item_and_revoked_codes(meeting):
    codes = await issued(meeting)
    inbox = await Inbox.create_or_open(inbox_path(meeting.path))
    try:
        await ask(inbox, meeting, codes["KEN"])
        assert "already asked" in ask_refusal(meeting.state, inbox.rows, codes["KEN"])
        await meeting.request_floor("MEX")  # typed at the dais
        assert "already in the speaking order" in ask_refusal(meeting.state, inbox.rows, codes["MEX"])
        await meeting.revoke_code(codes["BRA"].code)
        assert meeting.state.live_code(codes["BRA"].code) is None
        assert meeting.state.live_code(codes["KEN"].code) == codes["KEN"]
        with pytest.raises(ProcedureError, match="already revoked"):
            await meeting.revoke_code(codes["BRA"].code)
        fresh = codes_for(meeting.state)
        assert [c.participant_id for c in fresh] == ["BRA"]  # a new code for the revoked one only
    finally:
        await inbox.close()


async def test_the_inbox_survives_its_reopening(meeting):
    codes = await issued(meeting)
    path = inbox_path(meeting.path)
    inbox = await Inbox.create_or_open(path)
    await ask(inbox, meeting, codes["KEN"])
    await inbox.close()
    reader = await Inbox.open_reader(path)
    assert reader is not None and [r.participant_id for r in reader.rows] == ["KEN"]
    writer = await Inbox.create_or_open(path)
    await asyncio.wait_for(ask(writer, meeting, codes["MEX"]), 10)
    assert [r.participant_id for r in await reader.poll()] == ["MEX"]
    assert await reader.poll() == []
    await writer.close()
    await reader.close()


async def test_a_confirming_second_secretarys_entry_goes_straight_into_the_order(app, meeting):
    await meeting.issue_codes(codes_for(meeting.state, secretaries=1, confirming=True))
    secretary = next(c for c in meeting.state.codes.values() if c.secretary)
    inbox = await Inbox.create_or_open(inbox_path(meeting.path))
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            assert ask_refusal(meeting.state, inbox.rows, secretary, "SEN") is None
            row = await inbox.add("ask", secretary, "SEN", meeting.state.item.id, "127.0.0.1", meeting.now(),
                                  seat=meeting.state.roster.get("SEN").seat)
            assert row.confirmed and row.seat is not None
            await until(pilot, lambda: [r.participant_id for r in app.meeting.state.waiting()] == ["SEN"])
            assert app.meeting.entries[-1].event.inbox == row.id
            assert panel_names(app) == []
    finally:
        await inbox.close()


async def test_a_code_is_revoked_at_the_dais(app, meeting):
    codes = await issued(meeting)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("K")
        await pilot.press(*codes["KEN"].code.lower().replace("-", ""))
        await pilot.press("enter")
        await pilot.pause()
        assert app.meeting.state.live_code(codes["KEN"].code) is None
        assert app.meeting.entries[-1].event.type == "code_revoked"
        await pilot.press("K", *"zzzzzzzz", "enter")  # not a code of this meeting: one line, nothing journaled
        await pilot.pause()
        assert app.meeting.entries[-1].event.code == codes["KEN"].code
