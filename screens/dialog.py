"""The dais's dialogs answer once: a second answer (a key already on its way, a double click)
never dismisses the screen beneath."""

from __future__ import annotations

import asyncio
from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

Answer = TypeVar("Answer")


class Dialog(ModalScreen[Answer]):
    """A modal screen that is dismissed at most once, and only while it is the screen in front.

    Textual's `dismiss` pops whatever screen is in front: a dialog dismissed twice (a second Enter
    read before it had gone) popped the dais itself, and the next action failed on a dais with no
    widgets (issue 29: "NoMatches: No nodes match 'FloorPanel'")."""

    _answered = False

    def dismiss(self, result: Answer | None = None) -> AwaitComplete:
        if self._answered or self.app.screen is not self:
            return AwaitComplete(asyncio.sleep(0))
        self._answered = True
        return super().dismiss(result)
