"""The programme of work: every item, scheduled against actual, with the current slip."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from console.forecast import local, programme_progress, zone


class ProgrammeScreen(Screen[None]):
    BINDINGS = [Binding("escape,g,q", "app.pop_screen", "Back to the dais")]

    def compose(self) -> ComposeResult:
        yield Static("[b]Programme of work[/b]", id="programme-title")
        yield DataTable(id="programme", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        state = self.app.meeting.state
        tz = zone(state)
        table = self.query_one(DataTable)
        table.add_columns("Day", "Sched.", "Item", "Status", "Actual / projected", "Slip", "Req", "Int")
        for row in programme_progress(state, self.app.clock()):
            if row.actual_start is not None:
                actual = f"{local(row.actual_start, tz):%H:%M}"
                if row.actual_end is not None:
                    actual += f"–{local(row.actual_end, tz):%H:%M}"
            else:
                actual = f"~{local(row.projected_start, tz):%H:%M}"
            slip = round(row.slip_s / 60)
            table.add_row(
                str(row.item.day),
                f"{row.item.start:%H:%M}–{row.item.end:%H:%M}",
                row.item.title,
                row.status,
                actual,
                f"{slip:+d}m" if slip else "",
                str(row.requests),
                str(row.interventions),
                key=row.item.id,
            )
            if row.status == "current":
                table.move_cursor(row=table.row_count - 1)
