"""The screens' typed way to their app: the dais screens get `self.session`, the watchers `self.room`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from dais.console.app import DaisApp
    from dais.console.app.watch import WatchApp
    from dais.console.session import Session


class SessionScreen(Screen[None]):
    """A screen of the dais: it reads the engine and calls it through the app's session only."""

    @property
    def dais(self) -> DaisApp:
        return cast("DaisApp", self.app)

    @property
    def session(self) -> Session:
        return self.dais.session


class WatchingScreen(Screen[None]):
    """A screen of a watcher: read-only, over the meeting the watch app follows."""

    @property
    def room(self) -> WatchApp:
        return cast("WatchApp", self.app)
