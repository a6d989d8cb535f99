"""The Starlette app and its uvicorn server: every browser of every room served by one process.

Routes per meeting (under `/m/NAME/`, and at the top for a single meeting): the moderators'
view `/`, the room's clock `/clock`, the projector's queue `/queue`, the live state
`/api/state` and its event stream `/api/stream`. `/api/schema` is the JSON Schema of the state.
No route writes: the guard lets only GET and HEAD through, and each meeting is open read-only.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from dais.console.lang.i18n import _, gettext_noop, language, ngettext
from dais.console.lang.errors import DaisError
from dais.console.web.door import Door, Limits
from dais.console.web.guard import SECURITY_HEADERS, Access, Guard, is_local
from dais.console.web.live import SCHEMA_FILE, body, with_sent_at
from dais.console.web.room import Room, in_session

STATIC = Path(__file__).with_name("static")
PAGES = {"": "watch.html", "clock": "clock.html", "queue": "queue.html"}
NO_STORE = {"cache-control": "no-store"}
SPARE_CONNECTIONS = 1000  # besides the viewers' streams: pages, the state, kept-alive and half-open ones


@dataclass
class Rooms:
    """The meetings served, by name; with `folder`, every meeting in it (`dais serve --all`)."""

    paths: list[Path]
    folder: Path | None = None
    opened: dict[str, Room] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def single(self) -> Room | None:
        return next(iter(self.opened.values()), None) if self.folder is None and len(self.paths) == 1 else None

    async def open_all(self) -> None:
        async with self._lock:
            paths = sorted(self.folder.glob("*.dais")) if self.folder is not None else self.paths
            for path in paths:
                if path.stem not in self.opened:
                    try:
                        room = await Room.open(path)
                    except DaisError as error:
                        if self.folder is None:
                            raise
                        print(f"dais serve: skipping {path.name}: {error}", file=sys.stderr)
                        continue
                    room.start()
                    self.opened[room.name] = room

    async def find(self, name: str) -> Room | None:
        if name not in self.opened and self.folder is not None and (self.folder / f"{name}.dais").exists():
            await self.open_all()  # a meeting created since the server started
        return self.opened.get(name)

    def end_streams(self) -> None:
        for room in self.opened.values():
            room.end_streams()

    async def close(self) -> None:
        for room in self.opened.values():
            await room.close()


# The pages' words (static/*.js t("..."), and data-t / data-title in static/*.html), sent to the
# browser in the server's language by GET /api/words; tests/e2e/test_serve.py checks none is missing.
WEB_WORDS = (
    gettext_noop("REHEARSAL"),
    gettext_noop("{title}: clock"),
    gettext_noop("The floor is free"),
    gettext_noop("Next: {name}"),
    gettext_noop("{n} more waiting"),
    gettext_noop("Limit {limit}"),
    gettext_noop("Time left"),
    gettext_noop("Closing: please conclude"),
    gettext_noop("Over time"),
    gettext_noop("Paused"),
    gettext_noop("group statement"),
    gettext_noop("first time on this item"),
    gettext_noop("has spoken on this item"),
    gettext_noop("reserved stakeholder seat"),
    gettext_noop("reply {time}"),
    gettext_noop("right of reply"),
    gettext_noop("(for {group})"),
    gettext_noop("Connection lost: reconnecting…"),
    gettext_noop("This screen is waiting for a place: the server has all the viewers it takes."),
    gettext_noop("Too many connections from this device: close some of its pages."),
    gettext_noop("This screen needs the link with its access token: ask the meeting's secretariat."),
    gettext_noop("{title}: speakers"),
    gettext_noop("Next speakers (the list is closed)"),
    gettext_noop("Next speakers"),
    gettext_noop("and {n} more"),
    gettext_noop("{title}: moderators"),
    gettext_noop("seat {seat}"),
    gettext_noop("{n} paused below"),
    gettext_noop("{n} waiting"),
    gettext_noop("No requests yet"),
    gettext_noop("scheduled {start}–{end}"),
    gettext_noop("floor limit {limit}"),
    gettext_noop("not begun"),
    gettext_noop("began {time}"),
    gettext_noop("list ends ~{time}"),
    gettext_noop("Next: {title} at {time}"),
    gettext_noop("Next: end of programme"),
    gettext_noop("Speaking order"),
    gettext_noop("LIST CLOSED"),
    gettext_noop("Dais: clock"),
    gettext_noop("Connecting…"),
    gettext_noop("Dais: speakers"),
    gettext_noop("Now speaking"),
    gettext_noop("Dais: moderators' view"),
    gettext_noop("Clock"),
    gettext_noop("Queue"),
    gettext_noop("Panel due to respond"),
    gettext_noop("Speaking: {name}"),
    gettext_noop("Moderators"),
    gettext_noop("Dais: meetings"),
    gettext_noop("Meetings"),
    gettext_noop("In session"),
    gettext_noop("No meeting is in session."),
    gettext_noop("Other meetings"),
    gettext_noop("time budget used up"),
    gettext_noop("Budgets"),
    gettext_noop("{holder}: USED UP ({used} of {total})"),
    gettext_noop("{holder}: {left} left of {total}"),
)


def web_plurals() -> dict[str, list[str]]:
    """The pages' messages that count, by their English singular: [singular, plural] in the
    interface's language (a page's tn(singular, plural, n) picks one: words.js)."""
    def forms(singular: str, plural: str) -> list[str]:
        return [ngettext(singular, plural, 1), ngettext(singular, plural, 2)]

    return {
        "at this pace {n} request will not be reached before {end}": forms(
            "at this pace {n} request will not be reached before {end}",
            "at this pace {n} requests will not be reached before {end}"),
    }


def words() -> dict[str, object]:
    """The pages' words in the interface's language: {"lang": "fr", "words": {english: french},
    "plurals": {english singular: [singular, plural]}}."""
    shown = {english: _(english) for english in WEB_WORDS}
    for english, text in shown.items():
        if text == english:  # a plural message of the screens ("{n} waiting"): its plural form
            shown[english] = ngettext(english, english, 2)
    return {"lang": language(), "words": shown, "plurals": web_plurals()}


def _page(name: str) -> Response:
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8", headers=NO_STORE)


def make_app(rooms: Rooms, access: Access, on_ready: Callable[[], None] | None = None, *,
             requests: bool = False) -> ASGIApp:
    """The whole server as one ASGI app; tests and `dais serve` build it the same way. With
    `requests`, the phones' requests for the floor (console.web.inbox) are let in front of the guard."""

    async def room_of(request: Request) -> Room:
        name = request.path_params.get("name")
        room = rooms.single if name is None else await rooms.find(name)
        if room is None:
            raise _NotFound()
        return room

    def page(file: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            await room_of(request)
            return _page(file)

        return endpoint

    async def state(request: Request) -> Response:
        room = await room_of(request)
        state = with_sent_at(body(room.current()), time.time())
        return Response(state, media_type="application/json", headers=NO_STORE)

    async def schema(request: Request) -> Response:
        return FileResponse(SCHEMA_FILE, media_type="application/schema+json")

    async def index(request: Request) -> Response:
        if rooms.single is not None:
            return _page("watch.html")
        return _page("index.html")

    async def meetings(request: Request) -> Response:
        await rooms.open_all()
        listed: list[dict[str, object]] = []
        for name, room in sorted(rooms.opened.items()):
            live = room.live
            listed.append({
                "name": name, "title": live.title, "item": live.item.title,
                "live": in_session(room.meeting.path),
                "speaker": live.floor.speaker.name if live.floor else None, "waiting": live.waiting,
            })
        return JSONResponse(listed, headers=NO_STORE)

    async def words_of_pages(request: Request) -> Response:
        return JSONResponse(words(), headers=NO_STORE)

    async def to_slash(request: Request) -> Response:
        return RedirectResponse(request.url.path + "/", status_code=308)

    routes: list[BaseRoute] = [
        Route("/", index),
        Route("/api/schema", schema),
        Route("/api/meetings", meetings),
        Route("/api/words", words_of_pages),
    ]
    for prefix in ("", "/m/{name}"):
        routes += [
            Route(f"{prefix}/clock", page("clock.html")),
            Route(f"{prefix}/queue", page("queue.html")),
            Route(f"{prefix}/api/state", state),
            Route(f"{prefix}/api/stream", _Stream(room_of)),
        ]
    routes += [Route("/m/{name}/", page("watch.html")), Route("/m/{name}", to_slash)]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await rooms.open_all()  # already open under `dais serve`; tests may start from here
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            await rooms.close()

    routes.append(Mount("/static", app=StaticFiles(directory=STATIC), name="static"))
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={_NotFound: _not_found})
    if requests:
        from dais.console.web.inbox import RequestDoor

        async def find(name: str | None) -> Room | None:
            return rooms.single if name is None else await rooms.find(name)

        return RequestDoor(Guard(app, access), find, access)
    return Guard(app, access)


class _NotFound(Exception):
    pass


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("No such meeting here.\n", status_code=404, headers=NO_STORE)


class _Stream:
    """`/api/stream`: Server-Sent Events, one `state` event per change, newest first.

    A plain ASGI endpoint rather than a StreamingResponse: hundreds of these stay open, and
    each needs only its own loop plus one task that notices the viewer leaving.
    """

    def __init__(self, room_of: Callable[[Request], Awaitable[Room]]) -> None:
        self.room_of = room_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            room = await self.room_of(Request(scope))
        except _NotFound:
            await PlainTextResponse("No such meeting here.\n", status_code=404)(scope, receive, send)
            return
        handler = asyncio.current_task()
        assert handler is not None  # an ASGI endpoint always runs inside a task
        left = False

        async def listen() -> None:
            nonlocal left
            while (await receive())["type"] != "http.disconnect":
                pass
            left = True
            handler.cancel()

        listener = asyncio.create_task(listen())
        try:
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-store"),
                (b"x-accel-buffering", b"no")]})
            await send({"type": "http.response.body", "body": b"retry: 2000\n\n", "more_body": True})
            if scope["method"] != "HEAD":
                async for seq, frame in room.frames():
                    message = b"id: %d\nevent: state\ndata: %s\n\n" % (seq, with_sent_at(frame, time.time()))
                    await send({"type": "http.response.body", "body": message, "more_body": True})
        except asyncio.CancelledError:
            if not left:
                raise
            handler.uncancel()
            return
        finally:
            listener.cancel()
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _open_socket(host: str, port: int) -> socket.socket:
    """Bound here, not in uvicorn, so that a taken port is one clear line, not a log record."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        reason = "the port is already in use" if error.errno == 98 else (error.strerror or str(error))
        raise DaisError(f"cannot listen on {host}:{port}: {reason}") from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _share_urls(host: str, port: int) -> list[str]:
    """Addresses at which other machines can reach a server bound to `host`."""
    if host not in ("0.0.0.0", "::", ""):
        return [f"http://{'[' + host + ']' if ':' in host else host}:{port}/"]
    found: list[str] = []
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])  # an AF_INET address: (host, port); typeshed allows an int
            if not address.startswith("127.") and address not in found:
                found.append(address)
    return [f"http://{a}:{port}/" for a in found] or [f"http://{socket.gethostname()}:{port}/"]


def serve(meetings: list[Path], folder: Path | None, host: str, port: int, *, cap: int,
          public: bool = False, allow_hosts: Sequence[str] = (),
          per_address: int = Limits.per_address, requests: bool = False) -> int:
    """Run the server until SIGINT or SIGTERM; returns the exit status."""
    import uvicorn

    for path in meetings:
        if not path.exists():
            raise DaisError(f"{path} does not exist")
    local = is_local(host)
    token = None if local or public else secrets.token_urlsafe(18)
    names = {host.lower(), socket.gethostname().lower(), *(n.lower() for n in allow_hosts)}
    access = Access(local_only=local, names=names, token=token, viewers=cap)
    rooms = Rooms(paths=list(meetings), folder=folder)
    # Every viewer's stream, and every other connection while it lasts, is an open file.
    files = _raise_file_limit()
    limits = Limits(per_address=per_address, connections=max(64, min(cap + SPARE_CONNECTIONS, files - 100)))
    sock = _open_socket(host, port)
    port = sock.getsockname()[1]

    def ready() -> None:
        served = ", ".join(sorted(rooms.opened)) or "no meetings yet"
        mode = "with requests for the floor from the room" if requests else "read-only"
        print(f"Dais is serving {served}, {mode}, to at most {cap} viewers at once:", flush=True)
        for url in [f"http://localhost:{port}/"] if local else _share_urls(host, port):
            print(f"  {url}" + (f"?token={token}" if token else ""), flush=True)
        if token:
            print("Share this link only with the room: anyone who has it can follow the meeting.", flush=True)
        elif not local:
            print("WARNING: --public: anyone who can reach this port can follow the meeting, with no token.",
                  flush=True)
        if limits.connections < cap + SPARE_CONNECTIONS:
            print(f"Note: this system lets the server hold {limits.connections} connections at once "
                  f"(its open-file limit is {files}).", flush=True)
        if requests:
            print("Requests from the room: /request (the phone page; each delegation's code from `dais codes`).",
                  flush=True)
        print("Pages: / (moderators), clock (the room's clock), queue (projector), api/state, api/stream."
              " Ctrl+C stops.", flush=True)

    config = uvicorn.Config(
        make_app(rooms, access, ready, requests=requests),
        lifespan="on", log_level="warning", access_log=False, proxy_headers=False, server_header=False,
        ws="none", http=Door(limits).protocol(),
        headers=[(name.decode(), value.decode()) for name, value in SECURITY_HEADERS],
        timeout_graceful_shutdown=3, timeout_keep_alive=5,
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        async def end_streams_on_exit() -> None:
            # SIGTERM or Ctrl+C: end the streams at once, or uvicorn would wait for them to finish.
            while not server.should_exit:
                await asyncio.sleep(0.1)
            rooms.end_streams()

        await rooms.open_all()  # a bad meeting file is one clear line, before the server starts
        watcher = asyncio.create_task(end_streams_on_exit())
        try:
            await server.serve(sockets=[sock])
        finally:
            watcher.cancel()

    asyncio.run(run())
    if not server.started:
        raise DaisError("the server did not start (see the message above)")
    return 0


def _raise_file_limit() -> int:
    """Each connection is an open socket: allow as many as the system lets this process have.

    Returns the limit now in force (a large number where the system sets none)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return soft if soft != resource.RLIM_INFINITY else 1 << 20
    except (ImportError, ValueError, OSError):
        return 1 << 20

