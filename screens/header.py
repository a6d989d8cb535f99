"""The meeting's header, one row: REHEARSAL, title, venue, the day being run, and the local time
with its zone. The values come from the engine (console/room/calendar.py `heading`); this widget only
chooses what fits its width (`fitted`)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from dais.console.lang.i18n import _
from dais.console.room.calendar import Heading, heading
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
        self._shown: tuple[object, ...] = ()
        self.update_heading()
        self.set_interval(1.0, self.update_heading, name="header")

    def on_resize(self) -> None:
        self.update_heading()

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
        width = self.size.width
        key = (head, width)
        if key == self._shown:
            return
        self._shown = key
        notice, right, title = fitted(head, width)
        mark = "[reverse b] $rehearsal [/] " if head.rehearsal else ""
        notice_markup = "[b $warning]$notice[/]" + (" · " if title else "") if notice else ""
        title_markup = "[b]$title[/b] · $venue" if title else ""
        show_text(self.query_one("#header-meeting", Static),
                  shown(mark + notice_markup + title_markup, rehearsal=_("REHEARSAL"), notice=notice or "",
                        title=head.title, venue=head.venue))
        date = right.removesuffix(head.time).removesuffix(" · ")
        show_text(self.query_one("#header-time", Static),
                  shown("$date · [b]$time[/b]" if date else "[b]$time[/b]", date=date, time=head.time))


# The title gives way first (an ellipsis): it is on every screen of the meeting, and the
# secretary knows it. Below this many cells it is left out rather than shown as a stub.
TITLE_MIN = 12
PADDING = 2  # each of the two parts' padding: 0 1


def fitted(head: Heading, width: int) -> tuple[str | None, str, bool]:
    """What the header's row shows at `width`: (the notice's form, the right part, whether the
    title has room). In order of what gives way: the title, then the notice's longer forms, then
    the calendar date, then the day count; the notice's command and the time never do. (A
    terminal narrower than the shortest form cuts it, as it must.)"""
    parts = head.date.split(" · ")  # "Mon 8 May 2017 · day 1 of 2" (console/room/calendar.py heading)
    rights = [" · ".join([*parts[start:], head.time]) for start in range(len(parts) + 1)]
    notices: tuple[str | None, ...] = (head.notice, *head.notice_forms[1:]) if head.notice else (None,)
    mark = cell_len(_("REHEARSAL")) + 3 if head.rehearsal else 0
    tries = [(notice, right) for right in rights[:1] for notice in notices]
    tries += [(notices[-1], right) for right in rights[1:]]
    for notice, right in tries:
        used = 2 * PADDING + mark + cell_len(right) + (cell_len(notice) if notice else 0)
        if used + (3 if notice else 0) + TITLE_MIN <= width:
            return notice, right, True
        if notice and used <= width:
            return notice, right, False
    return notices[-1], rights[-1], notices[-1] is None  # without a notice, the title takes what is left
