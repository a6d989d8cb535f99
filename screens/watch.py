"""The moderators' watch view and the room's clock: read-only, following the journal live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from dais.console.lang.i18n import gettext_noop, _, ngettext, participant_name
from dais.console.room import clock
from dais.console.floor.budgets import budget_lines, used_up_among
from dais.console.room.calendar import rehearsal_mark
from dais.console.room.clock import ClockPhase
from dais.console.floor.forecast import local, queue_rows, zone
from dais.models import Participant
from dais.screens.bigclock import BigClock
from dais.screens.budgets import BudgetBar
from dais.screens.floor import PHASE_CLASSES, FloorPanel, phase_label
from dais.screens.header import MeetingHeader
from dais.screens.programme_panel import ProgrammePanel
from dais.screens.queue import QueueTable
from dais.screens.seam import WatchingScreen
from dais.screens.text import plain, shown, show_text

NEXT_SPEAKERS = 12


def _name(participant: Participant) -> str:
    """A roster name in the interface's language (console.lang.i18n.participant_name)."""
    return participant_name(participant.id, participant.category.value, participant.name)


class WatchScreen(WatchingScreen):
    """Speaker and clock, the next speakers, the item, its segment and its slip; nothing here can
    change the meeting, and none of the secretary's key hints is shown (issue 20). The next
    speakers carry the dais queue's own columns and marks (screens/queue.py)."""

    BINDINGS = [Binding("q,ctrl+q", "app.quit", gettext_noop("Quit"), show=False)]

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        yield Static("", id="banner")
        with Horizontal(id="top"):
            yield FloorPanel(instructions=False, id="floor")
            yield ProgrammePanel(instructions=False, id="programme-panel")
        yield Static("", id="queue-title")
        yield BudgetBar(id="budgets")
        yield QueueTable(id="next", cursor=False)
        yield Static("", id="status")

    def on_mount(self) -> None:
        self.show()

    def _update(self, selector: str, text: Content) -> None:
        show_text(self.query_one(selector, Static), text)

    def show(self) -> None:
        app = self.room
        meeting = app.meeting
        state = meeting.state
        now = app.clock()
        tz = zone(state)
        rows, forecast = queue_rows(state, now)
        floor = self.query_one(FloorPanel)
        floor.following = _name(rows[0].participant) if rows else None
        floor.show(meeting, now)
        self.query_one(ProgrammePanel).show(state, forecast, tz)
        closed = " — " + _("LIST CLOSED") if state.list_closed else ""
        waiting = ngettext("{n} waiting", "{n} waiting", len(rows)).format(n=len(rows))
        self._update("#queue-title", shown("[b]$title[/b] · $waiting$closed", title=_("Next speakers"),
                                           waiting=waiting, closed=closed))
        budgets = budget_lines(state, now)  # the dais's own bar and BUDGET marks (console/floor/budgets.py)
        self.query_one(BudgetBar).show(budgets)
        spent = frozenset(used_up_among(budgets, [row.participant for row in rows[:NEXT_SPEAKERS]]))
        self.query_one("#next", QueueTable).show(rows[:NEXT_SPEAKERS], tz, None, spent)
        self._update("#banner", plain(app.banner))
        self.query_one("#banner").display = bool(app.banner)
        events = _("{n} events").format(n=app.events)
        self._update("#status", plain(" │ ".join((_("read-only"), events, f"{local(now, tz):%H:%M:%S}",
                                                 meeting.path.name))))

    def tick(self) -> None:
        self.show()


class ClockScreen(WatchingScreen):
    """The room's clock: the speaker's name, the remaining time as large as the terminal allows,
    and the limit; when the floor is free it says so, and who speaks next."""

    BINDINGS = [Binding("q,ctrl+q", "app.quit", gettext_noop("Quit"), show=False)]

    def compose(self) -> ComposeResult:
        yield Static("", id="banner")
        yield Static("", id="clock-name")
        yield BigClock(reserve=5, id="big")
        yield Static("", id="clock-line")

    def on_mount(self) -> None:
        self._phase = ""
        self.show()

    def _set_phase(self, css: str) -> None:
        if css != self._phase:
            self.remove_class("-idle", *PHASE_CLASSES.values(), update=False)
            self.add_class(css)
            self._phase = css

    def show(self) -> None:
        app = self.room
        state = app.meeting.state
        speaking = state.speaking
        big = self.query_one(BigClock)
        name = self.query_one("#clock-name", Static)
        line = self.query_one("#clock-line", Static)
        if speaking is None:
            self._set_phase("-idle")
            rows, _forecast = queue_rows(state, app.clock())
            show_text(name, plain(_("The floor is free")))
            big.update("-:--")
            show_text(line, plain(_("Next: {name}").format(name=_name(rows[0].participant)) if rows
                                  else _("No speaker waiting")))
        else:
            reading = clock.read(speaking, app.clock())
            self._set_phase(PHASE_CLASSES[reading.phase])
            show_text(name, plain(_name(state.roster.get(speaking.participant_id))))
            remaining = clock.format_clock(reading.remaining_s)
            big.update(remaining if reading.phase is not ClockPhase.ENDED else "")
            limit = clock.format_clock(reading.allotted_s)
            show_text(line, plain(_("{phase} · limit {limit}").format(phase=phase_label(reading.phase, remaining),
                                                                     limit=limit)))
        banner = " · ".join(t for t in (rehearsal_mark(state.programme), app.banner) if t)  # calendar.py
        show_text(self.query_one("#banner", Static), plain(banner))
        self.query_one("#banner").display = bool(banner)

    def tick(self) -> None:
        self.show()
