"""Requests for the floor from the room's phones (`dais serve --requests`), in front of the read-only guard.

The phone page `/request` and `POST /api/requests` (also under `/m/NAME/`). What a phone asks
is written to the meeting's inbox (console/floor/inbox.py) by this server alone, durably, before it
is answered 202; the dais reads the inbox and the secretary takes or declines each request.
The server never writes the journal.

Every route here checks the Host (DNS rebinding) and the Origin as the guard does, and every
write carries its code in the JSON body: no cookie gives authority, and a JSON body from
another site's page needs a CORS preflight this server never grants. Limits: the body's size,
a rate per code and per address, one pending request per code per item, and the inbox's cap.
Anything else is answered with one plain line and changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dais.console.lang.errors import DaisError
from dais.console.floor.forecast import local, queue_rows, zone
from dais.console.lang.i18n import _, gettext_noop, language
from dais.console.floor.inbox import Inbox, InboxRow, Standing, ask_refusal, inbox_path, normal_code, where
from dais.console.web.guard import SECURITY_HEADERS, Access, split_host
from dais.models import AccessCode
from dais.models.text import clean

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from dais.console.web.room import Room

PHONE = Path(__file__).with_name("phone")
_JS, _CSS = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
ASSETS = {"request.js": (PHONE / "request.js", _JS), "request.css": (PHONE / "request.css", _CSS),
          "assist.js": (PHONE / "assist.js", _JS), "code.js": (PHONE / "code.js", _JS),
          "words.js": (Path(__file__).with_name("static") / "words.js", _JS)}
MAX_BODY = 4096  # a code and a group's name: a few dozen bytes
MAX_BEHALF = 120


@dataclass
class Bucket:
    """A token bucket: `burst` at once, then one every `every_s` seconds."""

    burst: float
    every_s: float
    tokens: float = -1.0
    at: float = 0.0

    def take(self, now: float) -> bool:
        if self.tokens < 0:
            self.tokens, self.at = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.at) / self.every_s)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass
class Limits:
    """How often one code, and one address, may write. A room's phones may all come through
    one address (the venue's Wi-Fi behind one NAT): the address's rate is a room's, not a person's."""

    per_code_burst: float = 6
    per_code_every_s: float = 10
    per_address_burst: float = 400
    per_address_every_s: float = 0.05
    codes: dict[str, Bucket] = field(default_factory=dict)
    addresses: dict[str, Bucket] = field(default_factory=dict)

    def allow_address(self, address: str, now: float) -> bool:
        if len(self.addresses) > 50_000:
            self.addresses.clear()  # a scan from many addresses cannot grow this without bound
        return self.addresses.setdefault(address, Bucket(self.per_address_burst, self.per_address_every_s)).take(now)

    def allow_code(self, code: str, now: float) -> bool:
        return self.codes.setdefault(code, Bucket(self.per_code_burst, self.per_code_every_s)).take(now)


# The phone page's words (static t("...") in phone/request.js and its data-t), sent by GET /request/words.
PHONE_WORDS = (
    gettext_noop("Dais: ask for the floor"),
    gettext_noop("Ask for the floor"),
    gettext_noop("Your code"),
    gettext_noop("On behalf of (optional)"),
    gettext_noop("Withdraw my request"),
    gettext_noop("Use this code"),
    gettext_noop("Waiting for the secretary to confirm your request."),
    gettext_noop("In the speaking order: number {n}."),
    gettext_noop("Expected to speak around {time}."),
    gettext_noop("You have the floor."),
    gettext_noop("You have spoken on this item."),
    gettext_noop("Your request was declined: {reason}"),
    gettext_noop("You withdrew your request."),
    gettext_noop("The item moved on; ask again if you still wish to speak."),
    gettext_noop("Now speaking: {name}"),
    gettext_noop("The floor is free"),
    gettext_noop("Connection lost: reconnecting…"),
    gettext_noop("Sending…"),
    gettext_noop("LIST CLOSED"),
    gettext_noop("seat {seat}"),
    gettext_noop("Dais: second secretary"),
    gettext_noop("Enter a request for the floor"),
    gettext_noop("Delegation"),
    gettext_noop("Enter the request"),
    gettext_noop("Entered by you"),
    gettext_noop("pending at the dais"),
    gettext_noop("in the speaking order, number {n}"),
    gettext_noop("in the speaking order"),
    gettext_noop("has the floor"),
    gettext_noop("has spoken"),
    gettext_noop("declined: {reason}"),
    gettext_noop("withdrawn"),
    gettext_noop("the item moved on"),
    gettext_noop("Your entries go straight into the speaking order."),
    gettext_noop("Your entries wait for the secretary's key at the dais."),
    gettext_noop("Choose the delegation from the list."),
)
STANDING_TEXT = {  # for the status's "text", in the server's language, besides the page's own
    Standing.PENDING: gettext_noop("Waiting for the secretary to confirm your request."),
    Standing.SPEAKING: gettext_noop("You have the floor."),
    Standing.SPOKE: gettext_noop("You have spoken on this item."),
    Standing.WITHDRAWN: gettext_noop("You withdrew your request."),
    Standing.CLEARED: gettext_noop("The item moved on; ask again if you still wish to speak."),
}


def phone_words() -> dict[str, object]:
    return {"lang": language(), "words": {english: _(english) for english in PHONE_WORDS}}


class Refused(Exception):
    def __init__(self, status: int, line: str) -> None:
        super().__init__(line)
        self.status = status
        self.line = line


FindRoom = Callable[[str | None], Awaitable["Room | None"]]


class RequestDoor:
    """ASGI: the routes of requests from the room; every other request goes on to `app`."""

    def __init__(self, app: ASGIApp, find_room: FindRoom, access: Access, *,
                 clock: Callable[[], float] = time.time, limits: Limits | None = None) -> None:
        self.app = app
        self.find_room = find_room
        self.access = access
        self.clock = clock
        self.limits = limits if limits is not None else Limits()
        self.inboxes: dict[Path, Inbox] = {}
        self._opening = asyncio.Lock()
        self._writing = asyncio.Lock()  # one check-then-write at a time: one pending per code holds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._closing_inboxes(receive), send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = _route(scope["path"])
        if route is None:
            await self.app(scope, receive, send)
            return
        name, what = route
        try:
            status, content_type, body = await self._answer(scope, receive, name, what)
        except Refused as refused:
            status, content_type, body = refused.status, "text/plain; charset=utf-8", (refused.line + "\n").encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"), *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def _closing_inboxes(self, receive: Receive) -> Receive:
        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                for inbox in self.inboxes.values():
                    await inbox.close()
                self.inboxes.clear()
            return message

        return wrapped

    # -- checks and routes ---------------------------------------------------------------

    async def _answer(self, scope: Scope, receive: Receive, name: str | None, what: str) -> tuple[int, str, bytes]:
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1"), value.decode("latin-1"))
        host = headers.get("host", "")
        if not self.access.host_allowed(split_host(host)):
            raise Refused(421, "This server does not answer for that host name.")
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in (f"http://{host}".lower(), f"https://{host}".lower()):
            raise Refused(403, _("Pages of another site may not ask for the floor here."))
        method = scope["method"]
        if what in ASSETS or what == "words":
            if method not in ("GET", "HEAD"):
                raise Refused(405, _("This address only answers GET."))
            if what == "words":
                return 200, "application/json", json.dumps(phone_words()).encode()
            file, kind = ASSETS[what]
            return 200, kind, file.read_bytes()
        room = await self.find_room(name)
        if room is None:
            raise Refused(404, _("No such meeting here."))
        if what in ("page", "assist"):
            if method not in ("GET", "HEAD"):
                raise Refused(405, _("This address only answers GET."))
            query = _query(scope)
            if self.access.token is not None and self._code(room, query.get("code", "")) is None:
                raise Refused(401, _("This page needs the link with your code: ask the meeting's secretariat."))
            page = "request.html" if what == "page" else "assist.html"
            return 200, "text/html; charset=utf-8", (PHONE / page).read_bytes()
        address = (scope.get("client") or ("?", 0))[0]
        if what == "mine":
            if method not in ("GET", "HEAD"):
                raise Refused(405, _("This address only answers GET."))
            code = self._known_code(room, headers.get("x-dais-code") or _query(scope).get("code"))
            status = self._entered(room, code) if code.secretary else self._status(room, code)
            return 200, "application/json", json.dumps(status).encode()
        if what == "lookup":
            if method not in ("GET", "HEAD"):
                raise Refused(405, _("This address only answers GET."))
            code = self._known_code(room, headers.get("x-dais-code"))
            if not code.secretary:
                raise Refused(403, _("Only a secretary's code looks up delegations."))
            return 200, "application/json", json.dumps(self._lookup(room, _query(scope).get("q", ""))).encode()
        if method != "POST":
            raise Refused(405, _("Send a request for the floor with POST."))
        if not self.limits.allow_address(address, self.clock()):
            raise Refused(429, _("Too many requests from this address: wait a moment and try again."))
        given = await _json_body(headers, receive)
        code = self._known_code(room, given.get("code"))
        if not self.limits.allow_code(code.code, self.clock()):
            raise Refused(429, _("Too many requests with this code: wait a minute and try again."))
        inbox = await self._inbox(room)
        async with self._writing:
            state = room.meeting.state
            behalf = given.get("on_behalf_of")
            behalf = clean(behalf)[:MAX_BEHALF] if isinstance(behalf, str) and behalf.strip() else None
            if what == "ask":
                if code.secretary:
                    raise Refused(403, _("a secretary's code enters requests from the secretaries' page"))
                reason = ask_refusal(state, inbox.rows, code)
                if reason is not None:
                    raise Refused(409, reason)
                assert code.participant_id is not None  # a delegation's code
                row = await self._add(inbox, "ask", code, code.participant_id, state.item.id, address, behalf)
            elif what == "enter":
                if not code.secretary:
                    raise Refused(403, _("Only a secretary's code enters requests for others."))
                pid = given.get("participant_id")
                if not isinstance(pid, str) or pid not in state.roster:
                    raise Refused(400, _("Choose the delegation from the list."))
                reason = ask_refusal(state, inbox.rows, code, pid)
                if reason is not None:
                    raise Refused(409, reason)
                row = await self._add(inbox, "ask", code, pid, state.item.id, address, behalf,
                                      seat=state.roster.get(pid).seat)
            else:
                ask = _own_ask(inbox.rows, code, given.get("id"))
                standing = where(ask, inbox.rows, state).standing
                if standing not in (Standing.PENDING, Standing.QUEUED):
                    raise Refused(409, _("That request is no longer waiting."))
                row = await self._add(inbox, "withdraw", code, ask.participant_id, ask.item_id, address,
                                      target=ask.id)
        return 202, "application/json", json.dumps({"id": row.id, "kind": row.kind}).encode()

    async def _add(self, inbox: Inbox, kind: str, code: AccessCode, pid: str, item: str, address: str,
                   behalf: str | None = None, target: int | None = None, seat: int | None = None) -> InboxRow:
        try:
            return await inbox.add(kind, code, pid, item, address, self.clock(), behalf, target, seat)
        except DaisError as error:
            raise Refused(503, str(error)) from None

    def _code(self, room: Room, given: object) -> AccessCode | None:
        if not isinstance(given, str) or not given or len(given) > 32:
            return None
        return room.meeting.state.live_code(normal_code(given))

    def _known_code(self, room: Room, given: object) -> AccessCode:
        if not given:
            if self.access.token is not None:
                raise Refused(401, _("This page needs the link with your code: ask the meeting's secretariat."))
            raise Refused(400, _("Give the code you were handed for this meeting."))
        code = self._code(room, given)
        if code is None:
            found = room.meeting.state.codes.get(normal_code(given)) if isinstance(given, str) else None
            if found is not None:
                raise Refused(403, _("This code has been revoked: ask the meeting's secretariat for a new one."))
            raise Refused(403, _("This code is not one of this meeting's: check it, or ask the secretariat."))
        return code

    async def _inbox(self, room: Room) -> Inbox:
        path = inbox_path(room.meeting.path)
        async with self._opening:
            if path not in self.inboxes:
                try:
                    self.inboxes[path] = await Inbox.create_or_open(path)
                except DaisError as error:
                    raise Refused(503, str(error)) from None
            return self.inboxes[path]

    def _lookup(self, room: Room, query: str) -> list[dict[str, Any]]:
        """The dais's type-ahead (console.room.roster.rank, the seated and the active first)."""
        from dais.console.lang.i18n import participant_name
        from dais.models import Category

        state = room.meeting.state
        ranking = state.roster.rank(clean(query)[:60], state.lookup_context(), 8)
        return [{"id": m.participant.id, "seat": m.participant.seat,
                 "name": participant_name(m.participant.id, m.participant.category.value, m.participant.name)}
                for m in ranking.matches if m.participant.category is not Category.PANEL]

    def _entered(self, room: Room, code: AccessCode) -> dict[str, Any]:
        """What the secretaries' page shows: the requests this code entered, newest first."""
        state = room.meeting.state
        inbox = self.inboxes.get(inbox_path(room.meeting.path))
        rows = inbox.rows if inbox is not None else []
        queue, _forecast = queue_rows(state, self.clock())
        entered = []
        for row in reversed([r for r in rows if r.kind == "ask" and r.code == code.code][-20:]):
            found = where(row, rows, state, queue)
            name = state.roster.name(row.participant_id) if row.participant_id in state.roster else row.participant_id
            entered.append({"id": row.id, "name": name, "standing": found.standing.value,
                            "position": found.position, "reason": found.reason})
        speaking = state.speaking
        return {"secretary": True, "confirms": code.confirms, "item": state.item.title,
                "list_closed": state.list_closed,
                "speaker": state.roster.name(speaking.participant_id) if speaking is not None else None,
                "entered": entered}

    def _status(self, room: Room, code: AccessCode) -> dict[str, Any]:
        """What the phone shows: who, the floor, and the standing of this code's latest request."""
        state = room.meeting.state
        pid = code.participant_id
        inbox = self.inboxes.get(inbox_path(room.meeting.path))
        rows = inbox.rows if inbox is not None else []
        speaking = state.speaking
        answer: dict[str, Any] = {
            "who": state.roster.name(pid) if pid is not None and pid in state.roster else None,
            "seat": code.seat, "item": state.item.title, "list_closed": state.list_closed,
            "speaker": state.roster.name(speaking.participant_id) if speaking is not None else None,
            "request": None,
        }
        mine = [r for r in rows if r.kind == "ask" and r.code == code.code]
        if mine:
            now = self.clock()
            queue, _forecast = queue_rows(state, now)
            found = where(mine[-1], rows, state, queue)
            text = (found.reason and _("Your request was declined: {reason}").format(reason=found.reason)
                    or (found.position and _("In the speaking order: number {n}.").format(n=found.position))
                    or _(STANDING_TEXT.get(found.standing, "")))
            answer["request"] = {
                "id": found.row.id, "standing": found.standing.value, "position": found.position,
                "reason": found.reason, "text": text,
                "around": (f"{local(found.estimated_start, zone(state)):%H:%M}"
                           if found.estimated_start is not None else None),
            }
        return answer


def _route(path: str) -> tuple[str | None, str] | None:
    """(meeting name or None, what) for the paths this door answers; None for any other."""
    name: str | None = None
    if path.startswith("/m/"):
        name, _slash, path = path[3:].partition("/")
        path = "/" + path
        if not name:
            return None
    if path.startswith("/request/") and path[9:] in (*ASSETS, "words"):
        return name, path[9:]
    return {"/request": (name, "page"), "/assist": (name, "assist"), "/api/requests": (name, "ask"),
            "/api/requests/enter": (name, "enter"), "/api/requests/lookup": (name, "lookup"),
            "/api/requests/withdraw": (name, "withdraw"), "/api/requests/mine": (name, "mine")}.get(path)


def _query(scope: Scope) -> dict[str, str]:
    from urllib.parse import parse_qs

    return {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}


def _own_ask(rows: list[InboxRow], code: AccessCode, given: object) -> InboxRow:
    for row in rows:
        if row.id == given and row.kind == "ask" and row.code == code.code:
            return row
    raise Refused(404, _("There is no such request of yours."))


async def _json_body(headers: dict[str, str], receive: Receive) -> dict[str, object]:
    """The request's JSON object, read to MAX_BODY bytes at most."""
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise Refused(415, _("Send the request as JSON (Content-Type: application/json)."))
    length = headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise Refused(413, _("That request is too large."))
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Refused(400, _("The request was cut off."))
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            raise Refused(413, _("That request is too large."))
        if not message.get("more_body", False):
            break
    try:
        given = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, _("That request is not valid JSON.")) from None
    if not isinstance(given, dict):
        raise Refused(400, _("That request is not valid JSON."))
    return given
