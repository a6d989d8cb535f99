"""Type-ahead: keys typed while a dialog opens or closes wait for it, in order, and are never lost.

Textual hands each key to whatever has the focus when the app reads it. A fast typist's keys are
read while a dialog is still closing (they reach its dead field, or a second Enter dismisses it
again and pops the dais from under it: issue 29) or while the next dialog is not mounted yet (they
reach a screen with no focus and vanish). So after a key that may change the screen (anything but
editing text in a field) the app holds the keys that follow, until every widget of the screen in
front, and the app, have handled what is pending and the screens have stopped changing; then it
hands them on, one by one, by the same route.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Input

# Keys that edit the text of a field: typing them never opens or closes a screen.
EDITING = frozenset({"backspace", "delete", "left", "right", "home", "end", "ctrl+a", "ctrl+e", "ctrl+k",
                     "ctrl+u", "ctrl+w", "ctrl+left", "ctrl+right", "shift+left", "shift+right"})
STABLE_ROUNDS = 2  # rounds with the same screens, all handled, before held keys go on
HOLD_LIMIT_S = 10.0  # a handler that never finishes (a journal busy for long) holds keys no longer


def edits_text(app: App[Any], key: events.Key) -> bool:
    """The key only edits the focused field's text."""
    if not isinstance(app.focused, Input):
        return False
    return key.is_printable or key.key in EDITING


class TypeAhead:
    """The keys held for an app. `admit` decides, for each key the terminal sends, whether it goes
    on now; `dispatch` is the app's own route for a key (bindings, then the focused widget)."""

    def __init__(self, app: App[Any], dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self._dispatch = dispatch
        self._held: deque[events.Key] = deque()
        self._settling: asyncio.Task[None] | None = None

    @property
    def holding(self) -> bool:
        return self._settling is not None

    @property
    def idle(self) -> bool:
        """No key held, none waiting for the screens to settle."""
        return not self.holding and not self._held

    async def key(self, key: events.Key) -> None:
        """A key from the terminal: on now, or after those already held."""
        if self.holding or self._held:
            self._held.append(key)
            return
        await self._send(key)

    async def _send(self, key: events.Key) -> None:
        hold = not edits_text(self.app, key)
        await self._dispatch(key)
        if hold:
            self._settling = asyncio.create_task(self._settle(), name="type-ahead")

    async def _settle(self) -> None:
        try:
            await asyncio.wait_for(self._until_still(), HOLD_LIMIT_S)
        except (asyncio.TimeoutError, Exception):
            pass
        finally:
            self._settling = None
        if self.app.is_running:
            self.app.call_later(self._release)

    async def _release(self) -> None:
        while self._held and not self.holding and self.app.is_running:
            await self._send(self._held.popleft())

    async def _until_still(self) -> None:
        """Until the screens stop changing and each widget in front has handled what it had."""
        app = self.app
        still = 0
        before: tuple[int, ...] = ()
        while still < STABLE_ROUNDS:
            stack = tuple(id(screen) for screen in app.screen_stack)
            if not await self._round():
                return  # nothing in front takes messages any more: the app is closing
            screen = app.screen
            ready = screen.is_mounted and (screen.focused is not None or not screen.focus_chain)
            if stack == before and stack == tuple(id(s) for s in app.screen_stack) and ready:
                still += 1
            else:
                still = 0
            before = stack

    async def _round(self) -> bool:
        """The focused widget, each of its ancestors up to the screen, then the app, in turn, handle
        a callback after what they hold: the path a key's messages bubble along, in its order, so
        whatever the key set off has reached the screen and the app. (Every widget of the screen
        in turn cost the dais's own repaint a fifth more, for nothing a key ever reaches.)
        False when none of them takes messages any more."""
        app = self.app
        screen = app.screen
        path: list[MessagePump] = []
        widget = screen.focused
        while widget is not None and widget is not screen:
            path.append(widget)
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        loop = asyncio.get_running_loop()
        handled = False
        for pump in [*path, screen, app]:
            done: asyncio.Future[None] = loop.create_future()
            if pump.call_later(done.set_result, None):
                handled = True
                await asyncio.wait([done], timeout=1.0)
        # A round always gives the loop a turn: were every pump closed (the app on its way out),
        # the settling would otherwise spin without one, and its time limit could never fire.
        await asyncio.sleep(0)
        return handled

    def cancel(self) -> None:
        if self._settling is not None:
            self._settling.cancel()
