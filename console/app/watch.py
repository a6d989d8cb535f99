"""The read-only watchers: `dais watch` (moderators' view) and `dais watch --clock` (the room)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from dais.console.lang.i18n import _
from dais.console.room import clock as clock_mod
from dais.console.lang.errors import DaisError
from dais.console.record.collector import started
from dais.console.floor.meeting import Meeting
from dais.console.app import HIGH_CONTRAST, RoomApp, ended_by_signals
from dais.console.settings import DEFAULT_THEME, Settings

POLL_S = 0.1


@runtime_checkable
class Following(Protocol):
    """A watcher's screen (screens/watch.py): shown again when the meeting or the banner changes."""

    def show(self) -> None: ...

    def tick(self) -> None: ...


class WatchApp(RoomApp):
    """Follows a meeting as the dais writes it; survives the dais restarting or being killed."""

    TITLE = "Dais — watch"
    CSS_PATH = Path(__file__).with_name("dais.tcss")

    def __init__(
        self,
        meeting: Meeting,
        *,
        clock_only: bool = False,
        clock: clock_mod.Clock = clock_mod.system_clock,
        settings: Settings | None = None,
        poll: float = POLL_S,
    ) -> None:
        super().__init__()
        self.title = _("Dais — watch")
        self.meeting = meeting
        self.clock_only = clock_only
        self.clock = clock
        self.settings = settings or Settings()
        self.poll_s = poll
        self.banner = ""

    def on_mount(self) -> None:
        from dais.screens.watch import ClockScreen, WatchScreen

        self.register_theme(HIGH_CONTRAST)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else DEFAULT_THEME
        self.banner = self._standing()  # shown by the screen's first frame
        self.push_screen(ClockScreen() if self.clock_only else WatchScreen())
        self.set_interval(self.poll_s, self.follow)
        self.set_interval(0.25, self.tick)
        if self.settings.problem:
            self.notify(self.settings.problem, severity="warning", timeout=15)
        for notice in self.meeting.journal.notices:  # read through another name (a hard link)
            self.notify(notice, severity="warning", timeout=15)

    def on_ready(self) -> None:
        started()  # the first frame is out: the collector runs again (console.launch)

    async def follow(self) -> None:
        journal = self.meeting.journal
        if journal.gone():
            if journal.path.exists():
                await self._reopen()
            else:
                self._say(_("The meeting file {path} has gone away. Showing the last state it held.").format(
                    path=journal.path))
            return
        try:
            new = await self.meeting.poll()
        except DaisError as error:
            self._say(_("Cannot read the meeting: {error}").format(error=error))
            return
        self._say(self._standing())
        if new:
            self._show()

    async def _reopen(self) -> None:
        try:
            fresh = await Meeting.watch(self.meeting.path, clock=self.clock)
        except DaisError as error:
            self._say(_("The meeting file was replaced and cannot be read: {error}").format(error=error))
            return
        old, self.meeting = self.meeting, fresh
        await old.close()
        self._say(self._standing())
        self.notify(_("The meeting file {path} was replaced by another file ({n} events); "
                      "showing the meeting it holds now.").format(path=fresh.path, n=len(fresh.entries)),
                    severity="warning", timeout=60)

    @property
    def events(self) -> int:
        """How many events of the meeting this watcher has folded."""
        return len(self.meeting.entries)

    def _standing(self) -> str:
        """The banner while all is well: empty, or where a damaged meeting stops."""
        damaged = self.meeting.journal.damaged
        if damaged is None:
            return ""
        return _("Event {seq} of this meeting is damaged ({reason}): showing it up to event {last}.").format(
            seq=damaged.seq, reason=damaged.reason, last=self.meeting.state.last_seq)

    def _say(self, banner: str) -> None:
        if banner != self.banner:
            self.banner = banner
            self._show()

    def _following(self) -> Following | None:
        """The screen to show, or None while it cannot be: the timers here are the app's, so a
        poll or a tick can come between push_screen and the screen composing its panels, or while
        the app is closing and its screens' widgets are being removed (both seen on a loaded
        machine). A new screen shows itself when it mounts."""
        if not self.is_running:
            return None
        screen = self.screen
        return screen if isinstance(screen, Following) and screen.is_mounted else None

    def _show(self) -> None:
        if (screen := self._following()) is not None:
            screen.show()

    def tick(self) -> None:
        if (screen := self._following()) is not None:
            screen.tick()


async def run_watch(path: Path, clock_only: bool) -> int:
    clock = clock_mod.SteadyClock()  # a step of this computer's clock moves no speaker's time
    meeting = await Meeting.watch(path, clock=clock)
    if meeting.entries:
        clock.hold_at_least(meeting.entries[-1].at)  # never behind what the journal has seen
    try:
        app = WatchApp(meeting, clock_only=clock_only, clock=clock, settings=Settings.load())
        with ended_by_signals(app):
            await app.run_async()
    finally:
        await meeting.close()
    if app.crash is not None:
        raise app.crash  # told in one line, the traceback to a file (console.launch)
    return app.return_code or 0
