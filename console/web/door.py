"""The server's door: how long a connection may take to ask, how much it may send in asking, and
how many connections one address and the whole server may hold.

uvicorn closes a kept-alive connection once it is idle (`timeout_keep_alive`), but nothing of its
own bounds a new connection that sends nothing, a head sent a byte at a time, or a head of any size
(httptools, its parser, keeps every header byte it is given; `h11_max_incomplete_event_size` is
for the h11 parser only). `Door.protocol()` is uvicorn's httptools protocol with those bounds
added, given to uvicorn as its `http` class; uvicorn's own parsing and answering are untouched.
"""

from __future__ import annotations

import asyncio
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

LOOPBACK = ("127.", "::1", "::ffff:127.")


@dataclass(frozen=True)
class Limits:
    """The figures (docs/guide/the-rooms-screens.md gives them to the secretary)."""

    request_s: float = 5.0
    """To send a complete request: from the connection's opening, or from the previous answer."""
    head_bytes: int = 32 * 1024
    """A request's line and headers (nginx allows 32 KiB in all; a browser sends well under 8)."""
    body_bytes: int = 64 * 1024
    """A request's body: the pages send none; a form's text is a few hundred bytes."""
    per_address: int = 32
    """Connections from one address (this machine's own are not counted): a browser opens at most 6."""
    connections: int = 2000
    """Open connections in all, within the process's open-file limit."""
    linger_s: float = 2.0
    """A refused connection stays open this long, so that its answer is read before it closes."""


def is_loopback(address: str) -> bool:
    return address.startswith(LOOPBACK) or address == "localhost"


class Door:
    """The connections open now, shared by all of them: how many per address, and those still
    waiting to send a complete request, the longest-waiting first."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0
        self.by_address: Counter[str] = Counter()
        self.waiting: OrderedDict[Connection, None] = OrderedDict()

    def protocol(self) -> type[HttpToolsProtocol]:
        """The class uvicorn builds one of for each connection (`uvicorn.Config(http=...)`)."""
        class Bound(Connection):
            pass

        Bound.door = self
        return Bound

    def enter(self, connection: Connection) -> tuple[int, str] | None:
        """Count a new connection in; the refusal (status, text) if there is no room for it.

        At a cap, a newcomer first pushes out the longest-waiting connection that has not sent a
        complete request (of its own address, at the address's cap): idle sockets cannot keep a
        viewer out. Only when every connection is busy (a stream, an answer) is the newcomer refused.
        """
        self.total += 1
        connection.counted = True
        address = connection.address
        if not is_loopback(address):
            self.by_address[address] += 1
            if self.by_address[address] > self.limits.per_address:
                oldest = next((c for c in self.waiting if c.address == address and c is not connection), None)
                if oldest is None:
                    return 429, "Too many connections from this address: close some of its pages."
                oldest.push_out()
        if self.total > self.limits.connections:
            oldest = next((c for c in self.waiting if c is not connection), None)
            if oldest is None:
                return 503, "The server is full: try again in a moment."
            oldest.push_out()
        return None

    def leave(self, connection: Connection) -> None:
        self.waiting.pop(connection, None)
        if not connection.counted:
            return
        connection.counted = False
        self.total -= 1
        if connection.address in self.by_address:
            self.by_address[connection.address] -= 1
            if self.by_address[connection.address] <= 0:
                del self.by_address[connection.address]


class Connection(HttpToolsProtocol):
    """One connection: uvicorn's, with a time to ask, a size to ask in, and its place at the door."""

    door: ClassVar[Door]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.address = ""
        self.counted = False
        self.head: int | None = 0
        """Bytes of the request's head received so far; None once the head is complete."""
        self.heads = 0
        self.body = 0
        self.timer: asyncio.TimerHandle | None = None
        self.refused = False

    # The connection's life

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.address = self.client[0] if self.client else ""
        refusal = self.door.enter(self)
        if refusal is not None:
            self.refuse(*refusal, retry_after=5)
        else:
            self.await_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self.door.leave(self)
        self.stop_timer()
        super().connection_lost(exc)

    def await_request(self) -> None:
        """The clock starts for the next request (uvicorn's keep-alive timer may close it sooner)."""
        self.stop_timer()
        self.timer = self.loop.call_later(self.door.limits.request_s, self.too_slow)
        self.door.waiting[self] = None

    def request_complete(self) -> None:
        self.stop_timer()
        self.door.waiting.pop(self, None)

    def stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def push_out(self) -> None:
        """Make room for a newcomer: this one has not sent a complete request."""
        self.door.leave(self)
        self.stop_timer()
        self.refused = True
        self.transport.close()

    def too_slow(self) -> None:
        self.timer = None
        if self.transport.is_closing():
            return
        began = self.head is None or self.head > 0
        if not began:  # nothing of a request: closed without a word, as an idle keep-alive is
            self.door.waiting.pop(self, None)
            self.transport.close()
        elif self.head is not None or not self.cycle.response_started:
            if self.head is None:
                self.cycle.disconnected = True  # the app's answer, should it come, is not written
            self.refuse(408, f"No complete request within {self.door.limits.request_s:g} s: "
                             "the connection is closed.")
        else:  # answering already (a stream) while its body never came: cut
            self.transport.close()

    def refuse(self, status: int, text: str, retry_after: int | None = None) -> None:
        """Answer with `status` and the server's headers (the security ones among them), then close.

        The close lingers: the answer is sent, the writing half shut, and what the client still
        sends is read and dropped for a moment; closing at once with unread bytes would reset the
        connection, and the client could lose the answer.
        """
        if self.refused or self.transport.is_closing():  # refused already, or uvicorn's own 400
            return
        self.refused = True
        self.stop_timer()
        body = (text + "\n").encode()
        content = [STATUS_LINE[status]]
        for name, value in [*self.server_state.default_headers,
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
                            (b"cache-control", b"no-store"),
                            *([(b"retry-after", str(retry_after).encode())] if retry_after else [])]:
            content += [name, b": ", value, b"\r\n"]
        self.transport.write(b"".join([*content, b"\r\n", body]))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.door.waiting[self] = None
        self.door.waiting.move_to_end(self, last=False)  # the first to go for a newcomer
        self.timer = self.loop.call_later(self.door.limits.linger_s, self.transport.close)

    def refuse_body(self) -> None:
        self.refuse(413, f"The request's body is larger than {self.door.limits.body_bytes // 1024} KB.")

    # What the client sends

    def data_received(self, data: bytes) -> None:
        if self.refused or self.transport.is_closing():
            return  # a refused connection's bytes are dropped
        if self.head is not None:
            room = self.door.limits.head_bytes - self.head
            if len(data) > room:
                heads = self.heads
                if room > 0:
                    self.data_received(data[:room])
                if self.heads == heads:  # the head is still not complete
                    self.refuse(431, f"The request's headers are larger than "
                                     f"{self.door.limits.head_bytes // 1024} KB.")
                    return
                self.data_received(data[room:])
                return
            self.head += len(data)
        super().data_received(data)

    # The parser's callbacks: none after a refusal, for the rest of the bytes already read

    def on_message_begin(self) -> None:
        if self.refused:
            return
        super().on_message_begin()
        if self.timer is None:  # a request pipelined behind one being answered
            self.await_request()

    def on_url(self, url: bytes) -> None:
        if not self.refused:
            super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.refused:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if self.refused:
            return
        self.head = None
        self.heads += 1
        self.body = 0
        length = next((v for n, v in self.headers if n == b"content-length"), b"0")
        if not length.isdigit() or int(length) > self.door.limits.body_bytes:
            if length.isdigit():
                self.refuse_body()
            else:
                self.refuse(400, "The request's Content-Length is not a number.")
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if self.refused:
            return
        self.body += len(body)
        if self.body > self.door.limits.body_bytes:  # a chunked body, which gave no length
            if not self.cycle.response_started:
                self.cycle.disconnected = True
                self.refuse_body()
            else:
                self.transport.close()
            return
        super().on_body(body)

    def on_message_complete(self) -> None:
        if self.refused:
            return
        super().on_message_complete()
        self.head = 0
        self.request_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.refused and self.timer is None \
                and self.cycle.response_complete:
            self.await_request()
