"""The current and next programme items, with slip and forecast."""

from __future__ import annotations

from textual.widgets import Static

from dais.console.forecast import Forecast, local
from dais.console.fold import MeetingState
from dais.screens.text import shown, show_text


def minutes(seconds: float) -> str:
    value = round(seconds / 60)
    return f"{value:+d} min" if value else "on time"


class ProgrammePanel(Static):
    def __init__(self, *, instructions: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.instructions = instructions  # the secretary's key hints; a watcher shows none

    def show(self, state: MeetingState, forecast: Forecast, tz) -> None:
        item = state.item
        segment = "informal segment" if item.outside_formal_session else "formal session"
        kind = item.kind.value.replace("_", " ")
        lines = ["[b]$title[/b]", f"{kind} · {segment}", f"scheduled {item.start:%H:%M}–{item.end:%H:%M}"]
        if forecast.actual_start is not None:
            lines[-1] += f" · began {local(forecast.actual_start, tz):%H:%M} ({minutes(forecast.slip_s)})"
        else:
            lines[-1] += " · not begun"
        if item.takes_floor_requests:
            ends = f"{local(forecast.predicted_end, tz):%H:%M}"
            late = round(forecast.overrun_s / 60)
            lines.append(
                f"list ends ~{ends}, {late} min past {item.end:%H:%M}" if late > 0 else f"list ends ~{ends}, in time"
            )
            if forecast.unreached:
                lines.append(
                    f"[b $warning]at this pace {forecast.unreached} request(s) will not be reached "
                    f"before {item.end:%H:%M}[/]"
                )
        if state.panel_due:
            lines.append("[b $accent]Panel due to respond — press f[/]" if self.instructions
                         else "[b $accent]Panel due to respond[/]")
        following = state.next_item
        lines.append(f"next: $following at {following.start:%H:%M}" if following else "next: end of programme")
        # The titles go in as template values: a title is text, whatever brackets it holds.
        show_text(self, shown("\n".join(lines), title=item.title, following=following.title if following else ""))
