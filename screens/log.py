"""The speaker log: every intervention so far, read from the fold."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from console import clock
from console.forecast import local, zone


class SpeakerLog(Screen[None]):
    BINDINGS = [Binding("escape,s,q", "app.pop_screen", "Back to the dais")]

    def compose(self) -> ComposeResult:
        yield Static("[b]Speaker log[/b]", id="log-title")
        yield DataTable(id="log", cursor_type="row", zebra_stripes=True)
        yield Static("", id="log-totals")
        yield Footer()

    def on_mount(self) -> None:
        meeting = self.app.meeting
        state = meeting.state
        tz = zone(state)
        now = self.app.clock()
        table = self.query_one(DataTable)
        table.add_columns("#", "Speaker", "Cat", "Role", "Item", "Start", "Dur", "Allot", "Over", "Paused")
        titles = {item.id: item.id for item in state.programme.items}
        total = 0.0
        for number, intervention in enumerate(state.interventions.values(), start=1):
            reading = clock.read(intervention, now)
            participant = state.roster.get(intervention.participant_id)
            total += reading.elapsed_s
            table.add_row(
                str(number),
                participant.name + (" (point of order)" if intervention.point_of_order else ""),
                participant.category.badge,
                intervention.role,
                titles.get(intervention.item_id, intervention.item_id),
                f"{local(intervention.started_at, tz):%H:%M:%S}",
                clock.format_clock(reading.elapsed_s),
                clock.format_clock(reading.allotted_s),
                clock.format_clock(-reading.overrun_s) if reading.overrun_s >= 1 else "",
                clock.format_clock(reading.paused_s) if reading.paused_s >= 1 else "",
            )
        self.query_one("#log-totals", Static).update(
            f"{len(state.interventions)} interventions · {clock.format_clock(total)} speaking time"
        )
