"""The meeting's header, one row: REHEARSAL, title, venue, the day being run, and the local time
with its zone. The values come from the engine (console/calendar.py `heading`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from dais.console.i18n import _
from dais.console.calendar import Heading, heading
from dais.screens.text import shown, show_text


class MeetingHeader(Horizontal):
    """Shown on the dais and on the watch view; refreshed every second for the time."""

    DEFAULT_CSS = """
    MeetingHeader {
        height: 1;
        width: 1fr;
        dock: top;
        background: $panel;
    }
    MeetingHeader #header-meeting {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
    }
    MeetingHeader #header-time {
        width: auto;
        height: 1;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="header-meeting")
        yield Static("", id="header-time")

    def on_mount(self) -> None:
        self._shown: tuple[str, ...] = ()
        self.update_heading()
        self.set_interval(1.0, self.update_heading, name="header")

    def _source(self) -> Heading:
        screen = self.screen
        session = getattr(screen, "session", None)
        if session is not None:
            result: Heading = session.heading()
            return result
        room = screen.room  # type: ignore[attr-defined]  # a watcher's screen (screens/seam.py)
        state = room.meeting.state
        return heading(state.programme, state.item, room.clock(), state.item_started.get(state.item.id))

    def update_heading(self) -> None:
        head = self._source()
        key = (head.title, head.venue, head.date, head.time, str(head.rehearsal), str(head.notice))
        if key == self._shown:
            return
        self._shown = key
        mark = "[reverse b] $rehearsal [/] " if head.rehearsal else ""
        # The day and the time stay whole on the right; a long title gives way (ellipsis). A date
        # the programme does not cover comes first, with the command that re-dates the meeting.
        notice = "[b $warning]$notice[/] · " if head.notice else ""
        show_text(self.query_one("#header-meeting", Static),
                  shown(mark + notice + "[b]$title[/b] · $venue", rehearsal=_("REHEARSAL"), notice=head.notice or "", title=head.title,
                        venue=head.venue))
        show_text(self.query_one("#header-time", Static),
                  shown("$date · [b]$time[/b]", date=head.date, time=head.time))
