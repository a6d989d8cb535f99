"""The moderators' watch view and the room's clock: read-only, following the journal live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from dais.console import clock
from dais.console.clock import ClockPhase
from dais.console.forecast import local, queue_rows, zone
from dais.screens.bigclock import BigClock
from dais.screens.floor import PHASE_CLASSES, FloorPanel
from dais.screens.header import MeetingHeader
from dais.screens.keybar import KeyBar
from dais.screens.programme_panel import ProgrammePanel
from dais.screens.rows import RowList
from dais.screens.seam import WatchingScreen
from dais.screens.text import plain, shown, show_text

NEXT_SPEAKERS = 12


class WatchScreen(WatchingScreen):
    """Speaker and clock, the next speakers, and the programme; nothing here can change the meeting."""

    BINDINGS = [Binding("q,ctrl+q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        yield Static("", id="banner")
        with Horizontal(id="top"):
            yield FloorPanel(id="floor")
            yield ProgrammePanel(id="programme-panel")
        yield Static("", id="queue-title")
        yield RowList(("#", "Next speakers", "Cat", "Starts ~"), flex=1, cursor=False, id="next")
        yield Static("", id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()

    def _update(self, selector: str, text) -> None:
        show_text(self.query_one(selector, Static), text)

    def show(self) -> None:
        app = self.room
        meeting = app.meeting
        state = meeting.state
        now = app.clock()
        tz = zone(state)
        rows, forecast = queue_rows(state, now)
        self.query_one(FloorPanel).show(meeting, now)
        self.query_one(ProgrammePanel).show(state, forecast, tz)
        closed = " — LIST CLOSED" if state.list_closed else ""
        self._update("#queue-title", shown(f"[b]Speaking order[/b] · {len(rows)} waiting{closed}"))
        self.query_one("#next", RowList).set_rows([
            (str(row.request.id), (
                str(row.position),
                row.participant.name + (f" (for {row.request.on_behalf_of})" if row.request.on_behalf_of else ""),
                row.participant.category.badge,
                f"{local(row.estimated_start, tz):%H:%M}",
            ))
            for row in rows[:NEXT_SPEAKERS]
        ])
        self._update("#banner", plain(app.banner))
        self.query_one("#banner").display = bool(app.banner)
        speaking = state.speaking
        floor = "floor free"
        if speaking is not None:
            remaining = clock.format_clock(clock.read(speaking, now).remaining_s)
            floor = f"{state.roster.name(speaking.participant_id)} {remaining}"
        self._update(
            "#status",
            plain(f"{floor} │ read-only │ {app.events} events │ {local(now, tz):%H:%M:%S} │ {meeting.path.name}"),
        )

    def tick(self) -> None:
        self.show()


class ClockScreen(WatchingScreen):
    """The speaker's name and remaining time, as large as the terminal allows."""

    BINDINGS = [Binding("q,ctrl+q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("", id="banner")
        yield Static("", id="clock-name")
        yield BigClock(id="big")

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        app = self.room
        state = app.meeting.state
        speaking = state.speaking
        big = self.query_one(BigClock)
        for css in [*PHASE_CLASSES.values(), "-idle"]:
            big.remove_class(css)
        if speaking is None:
            show_text(self.query_one("#clock-name", Static), plain(""))
            big.add_class("-idle")
            big.update("")
        else:
            reading = clock.read(speaking, app.clock())
            show_text(self.query_one("#clock-name", Static), plain(state.roster.name(speaking.participant_id)))
            big.add_class(PHASE_CLASSES[reading.phase])
            big.update(clock.format_clock(reading.remaining_s) if reading.phase is not ClockPhase.ENDED else "")
        show_text(self.query_one("#banner", Static), plain(app.banner))
        self.query_one("#banner").display = bool(app.banner)

    def tick(self) -> None:
        self.show()
