"""The Textual apps: the dais (here), the watchers (watch.py) and the browser view (serve.py).

The dais has one factory shared by the CLI and the tests.

The app is handed its services (the open meeting, the clock, the settings) and holds no rules:
the screens read the engine and call it.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from console import clock as clock_mod
from console.launch import started
from console.meeting import Meeting
from console.settings import DEFAULT_THEME, HIGH_CONTRAST_THEME, Settings, data_dir
from console.speech import Announcer, still_true
from models import Programme

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


class DaisApp(App[str | None]):
    """The secretary's console."""

    TITLE = "Dais"
    CSS_PATH = Path(__file__).with_name("dais.tcss")  # absolute, so subclasses elsewhere find it
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Theme", show=False)]

    def __init__(
        self,
        meeting: Meeting,
        *,
        clock: clock_mod.Clock = clock_mod.system_clock,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        tick: float = 0.25,
        announcer: Announcer | None = None,
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self.clock = clock
        self.settings = settings or Settings()
        self.settings_path = settings_path
        self.tick = tick
        self.announcer = announcer or Announcer(self.settings.speech.model_copy(update={"enabled": False}),
                                                Path("speech.log"))

    def on_mount(self) -> None:
        from screens.dais import DaisScreen

        self.register_theme(HIGH_CONTRAST)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else DEFAULT_THEME
        self.sub_title = self.meeting.programme.meeting.title
        self.push_screen(DaisScreen())
        if self.settings.problem:
            self.notify(self.settings.problem, severity="warning", timeout=15)
        # Speech is checked (`aplay -l`) and started beside the first frame, not before it; the
        # status line says "speech: checking" until it is known.
        self.announcer.relevant = lambda phrase: still_true(self.meeting.state, phrase)
        self._speech_starting = asyncio.create_task(self.announcer.start(), name="speech start")

    def on_ready(self) -> None:
        started()  # the first frame is out: the collector runs again (console.launch)

    async def on_unmount(self) -> None:
        self._speech_starting.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._speech_starting
        await self.announcer.close()

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "settings", None) is not None and self.settings.theme != theme:
            self.settings.theme = theme
            self.settings.save(self.settings_path)

    def action_toggle_theme(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST_THEME else HIGH_CONTRAST_THEME


def make_app(meeting: Meeting, **services: object) -> DaisApp:
    """The one app factory, for the CLI and the tests: services are DaisApp's keyword arguments
    (clock, settings, settings_path, tick, announcer)."""
    return DaisApp(meeting, **services)  # type: ignore[arg-type]


async def run_app(path: Path, programme: Programme | None) -> int:
    """Open the meeting, run the dais until quit, and close the journal."""
    meeting = await Meeting.open(path, programme)
    try:
        settings = Settings.load()
        announcer = Announcer(settings.speech, data_dir() / "speech.log")
        app = make_app(meeting, settings=settings, announcer=announcer)
        await app.run_async()
    finally:
        await meeting.close()
    return 0
