"""The Textual apps: the dais (here) and the watchers (watch.py). The browser view is console/web/.

The dais has one factory shared by the CLI and the tests.

The app is handed its services (the open meeting, the clock, the settings, speech, the replica)
and holds no rules: it owns the `Session` over them (console/session.py), the one typed way the
screens read the engine and call it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.notifications import Notify, SeverityLevel
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from dais.console.app.textual_hooks import (
    forget_exit_renderables, keep_newest_notices, replace_output_thread, terminal_output,
)
from dais.console.lang.i18n import _, gettext_noop, participant_name
from dais.console.room import clock as clock_mod
from dais.console.lang.errors import DaisError
from dais.console.record.collector import started
from dais.console.floor.meeting import Meeting
from dais.console.standby.replicate import Replicator, for_meeting
from dais.console.session import Session
from dais.console.settings import DEFAULT_THEME, HIGH_CONTRAST_THEME, Settings, data_dir, screenshot_dir
from dais.console.voice.speech import Announcer, still_true
from dais.console.app.typeahead import TypeAhead
from dais.models import Programme
from dais.models.text import clean

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFAA00",
    error="#FF3030",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
)


# Notices shown at once: two fit the rack's 35% of an 80x24 terminal (dais.tcss).
MAX_NOTICES = 2


class RoomApp(App[None]):
    """What the dais and the watchers share: notices shown as text, screenshots kept in the data
    folder, and a crash told in one line."""

    # Screen classes for the stylesheet: a narrow terminal gives the floor half the width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    crash: BaseException | None = None
    """The unexpected exception that ended the app, for console.launch to write down."""

    _type_ahead: TypeAhead | None = None

    async def on_event(self, event: events.Event) -> None:
        # Keys from the terminal go through the type-ahead (console/app/typeahead.py): those
        # typed while a screen opens or closes wait for it instead of reaching a dead one.
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._type_ahead is None:
                self._type_ahead = TypeAhead(self, partial(App.on_event, self))
            await self._type_ahead.key(event)
            return
        await super().on_event(event)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        # Textual's own sends the file to ~/Downloads, which need not exist (issue 20): the
        # screenshot goes to the folder in settings, or the data folder, and the notice says where.
        # The dais's settings are its session's, a watcher's its own: both apps have `settings`.
        settings: Settings = getattr(self, "settings", None) or Settings()
        folder = Path(path) if path else screenshot_dir(settings)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as error:
            self.notify(_("The screenshot was not saved in {folder}: {error}").format(
                folder=folder, error=error.strerror or error), title=_("Screenshot"), severity="error")
            return None
        self.notify(_("Saved to {path}").format(path=saved), title=_("Screenshot"))
        return saved

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        # Every notice goes through here (a widget's notify calls the app's): notices carry names
        # and engine messages, which are text, never markup.
        super().notify(clean(str(message)), title=clean(title), severity=severity, timeout=timeout, markup=False)

    def _on_notify(self, event: Notify) -> None:
        # Textual's handler of notify(): the newest notices only. The rack is kept small so that it
        # never covers the clock or the next speaker; more notices than fit would scroll the newest
        # out of sight, and the newest is the one the secretary needs.
        super()._on_notify(event)
        keep_newest_notices(self, MAX_NOTICES)

    async def action_help_quit(self) -> None:  # type: ignore[override]  # Textual awaits async actions
        # Textual binds ctrl+c to a hint that it does not quit; here it quits, as q does (at the
        # dais, through the same guard).
        await self.action_quit()

    def _handle_exception(self, error: Exception) -> None:
        # Textual prints a long traceback once the app has exited. The secretary gets one line
        # instead, and the traceback goes to a file in the data folder (console.launch).
        # Textual has no public hook for this; the exception itself is kept, and re-raised by
        # run_app once the meeting is closed.
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        forget_exit_renderables(self)


HUNG_UP_GRACE_S = 30.0  # after a hang-up, the most a way out may take before the process just ends


def terminal_gone(app: App[Any], grace_s: float = HUNG_UP_GRACE_S) -> None:
    """SIGHUP: the terminal has closed. The app ends as a quit does, with its output sent nowhere.

    On the way out Textual restores the terminal, but a write to a closed terminal fails: its
    output thread dies on the first one, and once the thread's queue (30 writes) is full the app
    waits on it for ever, holding the meeting's lock (seen when tmux closed the dais's window).
    So the terminal's file descriptor now points at /dev/null, and the output thread is replaced
    by a new one. Textual has no public hook for this (console/app/textual_hooks.py).
    Should the way out still stall, the process ends after HUNG_UP_GRACE_S: every action is
    already in the journal, and SQLite recovers its write-ahead log at the next open."""
    output = terminal_output(app)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, output.fileno())  # type: ignore[union-attr]
        finally:
            os.close(null)
    except (AttributeError, OSError, ValueError):
        pass  # no terminal to silence (a headless run, or a driver without a file)
    if output is not None:
        # A new output thread in any case: the old one may be dead with a full queue, or die on
        # a write already under way (the terminal's SIGCONT, sent with the hang-up, can also have
        # made Textual start another). A live old one empties its queue into /dev/null.
        replace_output_thread(app, output)
    threading.Thread(target=_end_after, args=(grace_s,), name="dais-hung-up", daemon=True).start()
    app.exit()


def _end_after(grace_s: float) -> None:
    time.sleep(grace_s)
    os._exit(0)


@contextlib.contextmanager
def ended_by_signals(app: App[Any]) -> Iterator[None]:
    """SIGTERM (a shutdown) and SIGHUP (the terminal closed) end the app as quitting does: the
    screen is restored, the journal closed and its lock freed. Every action the screen showed
    is already in the journal (the journal write comes first)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGHUP)
    loop.add_signal_handler(signal.SIGTERM, app.exit)
    loop.add_signal_handler(signal.SIGHUP, terminal_gone, app)
    try:
        yield
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)


class DaisApp(RoomApp):
    """The secretary's console."""

    TITLE = "Dais"
    CSS_PATH = Path(__file__).with_name("dais.tcss")  # absolute, so subclasses elsewhere find it
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+t", "toggle_theme", gettext_noop("Theme"), show=False)]

    def __init__(self, session: Session, *, settings_path: Path | None = None, tick: float = 0.25) -> None:
        super().__init__()
        self.session = session
        """The screens' one way into the engine (screens/seam.py gives them `self.session`)."""
        self.settings_path = settings_path
        self.tick = tick
        self._speech_starting: asyncio.Task[None] | None = None

    # Read-only views of the session's services, for the app's own use and for tests.
    @property
    def meeting(self) -> Meeting:
        return self.session.meeting

    @property
    def settings(self) -> Settings:
        return self.session.settings

    @property
    def announcer(self) -> Announcer:
        return self.session.announcer

    def on_mount(self) -> None:
        from dais.screens.dais import DaisScreen

        self.register_theme(HIGH_CONTRAST)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else DEFAULT_THEME
        self.sub_title = self.meeting.programme.meeting.title
        self.push_screen(DaisScreen())
        if self.settings.problem:
            self.notify(self.settings.problem, severity="warning", timeout=15)
        for notice in self.meeting.journal.notices:  # how the file was opened: a stray log set aside
            self.notify(notice, severity="warning", timeout=15)
        self.set_interval(1.0, self.mind_the_clock)
        # Speech is checked (`aplay -l`) and started beside the first frame, not before it; the
        # status line says "speech: checking" until it is known.
        self.announcer.relevant = lambda phrase: still_true(self.session.state, phrase)
        self._speech_starting = asyncio.create_task(self.announcer.start(), name="speech start")

    def on_ready(self) -> None:
        started()  # the first frame is out: the collector runs again (console.launch)

    async def mind_the_clock(self) -> None:
        """A step of the computer's clock: marked in the journal, and said in one line."""
        try:
            notice = await self.meeting.mind_the_clock()
        except DaisError as error:  # the mark could not be written: say why, the dais goes on
            notice = str(error)
        if notice is not None:
            self.notify(notice, severity="warning", timeout=30)

    async def on_unmount(self) -> None:
        if self._type_ahead is not None:
            self._type_ahead.cancel()
        if self._speech_starting is not None:
            self._speech_starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._speech_starting
        await self.announcer.close()
        await self.session.close_inbox()

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "session", None) is not None and self.settings.theme != theme:
            self.settings.theme = theme
            self.settings.save(self.settings_path)

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the interface's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # as App does
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers Textual's commands and every action the screen binds to a key."""
        commands = [command._replace(title=_(command.title), help=_(command.help))
                    for command in super().get_system_commands(screen)]  # Textual's, as TEXTUAL_COMMANDS
        yield from commands
        yield from screen_commands(screen, taken={command.title for command in commands})

    def action_toggle_theme(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST_THEME else HIGH_CONTRAST_THEME

    async def action_quit(self) -> None:
        """Every way out comes here: q, ctrl+q, ctrl+c and the command palette's Quit."""
        from dais.screens.dialogs import QuitConfirm

        speaking = self.session.state.speaking
        if speaking is None:
            self.exit()
            return
        if any(isinstance(screen, QuitConfirm) for screen in self.screen_stack):
            return  # already asking

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        participant = self.session.roster.get(speaking.participant_id)
        name = participant_name(participant.id, participant.category.value, participant.name)
        self.push_screen(QuitConfirm(_("{name} has the floor. Quit the dais anyway? (the clock keeps running)").format(
            name=name)),
                         answered)


# Textual's own palette commands, marked for the catalogue (App.get_system_commands's words).
TEXTUAL_COMMANDS = (
    gettext_noop("Theme"), gettext_noop("Change the current theme"),
    gettext_noop("Quit"), gettext_noop("Quit the application as soon as possible"),
    gettext_noop("Keys"), gettext_noop("Hide the keys and widget help panel"),
    gettext_noop("Show help for the focused widget and a summary of available keys"),
    gettext_noop("Minimize"), gettext_noop("Minimize the widget and restore to normal size"),
    gettext_noop("Maximize"), gettext_noop("Maximize the focused widget"),
    gettext_noop("Screenshot"), gettext_noop("Save an SVG 'screenshot' of the current screen"),
)

# Longer names for the palette, where the key bar's word is too short to search for; an action
# without one is offered under its key bar word (or its binding's tooltip), so none is missed.
PALETTE_NAMES = {
    "request": gettext_noop("Request the floor (add a speaker)"),
    "next": gettext_noop("Next speaker: give the floor"),
    "end": gettext_noop("End the intervention"),
    "pause": gettext_noop("Pause or resume the clock"),
    "extend": gettext_noop("Extend the speaker's time by 30 seconds"),
    "withdraw": gettext_noop("Withdraw a request"),
    "point_of_order": gettext_noop("Point of order"),
    "toggle_list": gettext_noop("Close or reopen the list of speakers"),
    "advance": gettext_noop("Next agenda item"),
    "panel": gettext_noop("Give the floor to the panel"),
    "undo": gettext_noop("Undo the last action"),
    "move('up')": gettext_noop("Move the request up"),
    "move('down')": gettext_noop("Move the request down"),
    "mute": gettext_noop("Mute or unmute speech"),
    "log": gettext_noop("Speaker log"),
    "programme": gettext_noop("Programme"),
    "help": gettext_noop("Help: the keys"),
}


def screen_commands(screen: Screen[Any], taken: set[str] = set()) -> Iterator[SystemCommand]:
    """A palette command for each key binding declared by the screen's own classes (Dais's, not
    Textual's), so that an action given a key appears in the palette with no more code."""
    seen: set[str] = set(taken)
    for cls in type(screen).__mro__:
        if not cls.__module__.startswith("dais."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            title = _(binding.tooltip or PALETTE_NAMES.get(binding.action, binding.description))
            if title in seen or _(binding.description) in seen:
                continue
            seen.add(title)
            key = screen.app.get_key_display(binding)
            yield SystemCommand(title, _("key: {key}").format(key=key), partial(screen.run_action, binding.action))


def make_app(
    meeting: Meeting,
    *,
    clock: clock_mod.Clock = clock_mod.system_clock,
    settings: Settings | None = None,
    settings_path: Path | None = None,
    tick: float = 0.25,
    announcer: Announcer | None = None,
    replicator: Replicator | None = None,
) -> DaisApp:
    """The one app factory, for the CLI and the tests: the app is handed its services, and owns
    the session over them. Without an announcer, speech is off (tests, and a dais without one)."""
    settings = settings or Settings()
    if announcer is None:
        announcer = Announcer(settings.speech.model_copy(update={"enabled": False}), Path("speech.log"))
    session = Session(meeting, clock=clock, settings=settings, announcer=announcer, replicator=replicator)
    return DaisApp(session, settings_path=settings_path, tick=tick)


async def run_app(path: Path, programme: Programme | None, replicate: str | None = None,
                  notices: Iterable[str] = ()) -> int:
    """Open the meeting, run the dais until quit, and close the journal. `notices`: what was done
    to the files before (a stray log moved aside when the meeting was created), to be said."""
    clock = clock_mod.SteadyClock()  # a step of the computer's clock moves no speaker's time
    meeting = await Meeting.open(path, programme, clock=clock)
    replicator = None
    meeting.journal.notices[:0] = list(notices)
    try:
        if (notice := await meeting.keep_order()) is not None:
            meeting.journal.notices.append(notice)
        settings = Settings.load()
        if destination := replicate or (settings.replicate and for_meeting(settings.replicate, meeting.path)):
            replicator = Replicator(meeting.path, destination, data_dir() / "litestream.log")
            await replicator.start()
        announcer = Announcer(settings.speech, data_dir() / "speech.log")
        app = make_app(meeting, clock=clock, settings=settings, announcer=announcer, replicator=replicator)
        with ended_by_signals(app):
            await app.run_async()
    finally:
        await meeting.close()
        if replicator is not None:  # after the journal: Litestream's last sync sees every commit
            await replicator.close()
    if app.crash is not None:
        raise app.crash  # told in one line, the traceback to a file (console.launch)
    return app.return_code or 0
