"""The current and next programme items, with slip and forecast."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.widgets import Static

from dais.console.room import clock
from dais.console.lang.i18n import _, kind_label, ngettext
from dais.console.floor.forecast import Forecast, local
from dais.console.record.fold import MeetingState
from dais.screens.text import shown, show_text


def minutes(seconds: float) -> str:
    value = clock.whole_minutes(seconds)
    return _("{n:+d} min").format(n=value) if value else _("on time")


class ProgrammePanel(Static):
    def __init__(self, *, instructions: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.instructions = instructions  # the secretary's key hints; a watcher shows none

    def show(self, state: MeetingState, forecast: Forecast, tz: ZoneInfo) -> None:
        item = state.item
        segment = _("informal segment") if item.outside_formal_session else _("formal session")
        kind = kind_label(item.kind.value).lower()
        lines = ["[b]$title[/b]", f"{kind} · {segment}",
                 _("scheduled {start}–{end}").format(start=f"{item.start:%H:%M}", end=f"{item.end:%H:%M}")]
        if forecast.actual_start is not None:
            lines[-1] += " · " + _("began {time} ({slip})").format(time=f"{local(forecast.actual_start, tz):%H:%M}",
                                                                  slip=minutes(forecast.slip_s))
        else:
            lines[-1] += " · " + _("not begun")
        if item.takes_floor_requests:
            ends = f"{local(forecast.predicted_end, tz):%H:%M}"
            late = clock.whole_minutes(forecast.overrun_s)
            lines.append(
                _("list ends ~{ends}, {late} min past {end}").format(ends=ends, late=late, end=f"{item.end:%H:%M}")
                if late > 0 else _("list ends ~{ends}, in time").format(ends=ends)
            )
            if forecast.unreached:
                lines.append("[b $warning]" + ngettext(
                    "at this pace {n} request will not be reached before {end}",
                    "at this pace {n} requests will not be reached before {end}",
                    forecast.unreached).format(n=forecast.unreached, end=f"{item.end:%H:%M}") + "[/]")
        if state.panel_due:
            lines.append("[b $accent]" + (_("Panel due to respond — press f") if self.instructions
                                           else _("Panel due to respond")) + "[/]")
        following = state.next_item
        lines.append(_("next: $following at {time}").format(time=f"{following.start:%H:%M}") if following
                     else _("next: end of programme"))
        # The titles go in as template values: a title is text, whatever brackets it holds.
        show_text(self, shown("\n".join(lines), title=item.title, following=following.title if following else ""))
