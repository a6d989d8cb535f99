"""The server's guards, as one ASGI middleware in front of every route.

Read-only by construction (only GET and HEAD), the Host header checked against DNS rebinding,
the Origin checked so that no other site's page can read a stream, an access token when the
server listens beyond this machine, and the cap on viewers: open streams, not connections (a
connection that sends nothing is the door's to close, console.web.door). The headers that forbid
any outside source are uvicorn's `headers` (console.web.server), so that its own answers (400,
500) and the door's (408, 413, 429, 431, 503) carry them as well as the app's.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "dais_token"
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

# Nothing from outside: scripts, styles, fonts, images and connections from this server only.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# On every answer: uvicorn writes them (its `headers`, console.web.server) before any of the app's.
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # a token in the address never leaves in a Referer
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_local(host: str) -> bool:
    return host in LOCAL_NAMES or host.startswith("127.")


def split_host(value: str) -> str:
    """The name in a Host header, without its port: 'a:8000' -> 'a', '[::1]:8000' -> '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass
class Access:
    """Who may ask: the Host names served, and the token if one is required."""

    local_only: bool
    names: set[str] = field(default_factory=set)
    token: str | None = None
    viewers: int = 1000
    """Open streams at most (`--max-viewers`); past it a new stream is answered 503."""

    def host_allowed(self, name: str) -> bool:
        if self.local_only:
            return name in LOCAL_NAMES
        # A rebinding attack needs a name it controls; an address typed by hand cannot be rebound.
        return name in LOCAL_NAMES or name in self.names or _is_ip(name)


class Guard:
    """ASGI middleware: refuses what the server must never do or answer."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app = app
        self.access = access
        self.viewers = 0
        """Streams open now: responses begun as text/event-stream and not yet ended."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1"), value.decode("latin-1"))
        host = headers.get("host", "")
        if scope["method"] not in ("GET", "HEAD"):
            await _refuse(send, 405, "Dais serves read-only pages: nothing here can change a meeting.",
                          [(b"allow", b"GET, HEAD")])
            return
        if not self.access.host_allowed(split_host(host)):
            await _refuse(send, 421, "This server does not answer for that host name.")
            return
        origin = headers.get("origin")
        # Its own pages, also when a TLS proxy in front of it serves them over https.
        if origin is not None and origin.lower() not in (f"http://{host}".lower(), f"https://{host}".lower()):
            await _refuse(send, 403, "Pages of another site may not read this meeting.")
            return
        cookie = None
        if self.access.token is not None:
            # One cookie per port: browsers share cookies between the ports of a host.
            name = f"{TOKEN_COOKIE}_{(scope.get('server') or ('', 0))[1]}"
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [None])[0]
            if given is not None and _same(given, self.access.token):
                cookie = f"{name}={given}"
            elif not _same(_token_from(headers, name), self.access.token):
                await _refuse(send, 401, "This screen needs the link with its access token: ask the "
                                         "meeting's secretariat for it.")
                return
        await self._counted(scope, receive, _secured(send, cookie))

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app, with its streams counted: the one past the cap is answered 503 instead."""
        counted = False

        async def send_counted(message: Message) -> None:
            nonlocal counted
            if message["type"] == "http.response.start" and not counted and _is_stream(message):
                if self.viewers >= self.access.viewers:
                    text = f"This server has all the viewers it takes ({self.access.viewers}): try again."
                    await _refuse(send, 503, text, [(b"retry-after", b"10")])
                    raise _Full()
                self.viewers += 1
                counted = True
            await send(message)

        try:
            await self.app(scope, receive, send_counted)
        except _Full:
            pass  # the stream's endpoint is ended by its first send; the 503 is sent
        finally:
            if counted:
                self.viewers -= 1


class _Full(Exception):
    """Raised from a stream's first send when the server has its viewers."""


def _is_stream(message: Message) -> bool:
    return any(name.lower() == b"content-type" and value.startswith(b"text/event-stream")
               for name, value in message.get("headers", []))


def _token_from(headers: dict[str, str], name: str) -> str:
    bearer = headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        return bearer[7:].strip()
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no token
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _secured(send: Send, cookie: str | None) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and cookie is not None:
            # the pages' own requests then carry the token without the address
            extra = (b"set-cookie", f"{cookie}; Path=/; HttpOnly; SameSite=Strict".encode())
            message = {**message, "headers": [*message.get("headers", []), extra]}
        await send(message)

    return wrapped


async def _refuse(send: Send, status: int, text: str, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"), *headers]})
    await send({"type": "http.response.body", "body": body})
