"""The speaker log: every intervention, with filters, totals and corrections after the fact."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from dais.console.errors import DaisError
from dais.console.export import FORMATS, describe_correction
from dais.console.forecast import at_local_time, local
from dais.console.session import LogRow
from dais.models.programme import format_mss
from dais.models.speaker_log import category_label, role_label
from dais.screens.dialogs import Ask, Confirm, Pick
from dais.screens.history import RowHistory
from dais.screens.keybar import KeyBar
from dais.screens.request import RequestChoice, RequestForm
from dais.screens.seam import SessionScreen
from dais.screens.text import cells, plain

COLUMNS = ("#", "Speaker", "Category", "On behalf of", "Role", "Item", "Start", "Dur", "Allot", "Over", "Paused",
           "Notes")
AMENDED = " *"  # marks a corrected row; `h` shows its history


class SpeakerLog(SessionScreen):
    _rows: dict[int, LogRow]  # the log as of the last show(), by intervention id (the table's row keys)
    BINDINGS = [
        Binding("escape", "back", "Back to the dais"),
        Binding("c", "change_speaker", "Who spoke"),
        Binding("b", "adjust('started_at')", "Start"),
        Binding("d", "adjust('ended_at')", "End"),
        Binding("o", "note", "Note"),
        Binding("h", "history", "History"),
        Binding("x", "export", "Export"),
        Binding("slash", "focus_filter", "Filter"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("[b]Speaker log[/b] — corrections are journal events; the original stays in the audit trail",
                     id="log-title")
        yield Input(placeholder="filter: speaker, category (Member State, Non-governmental, ...), item or role",
                    id="log-filter")
        yield DataTable(id="log", cursor_type="row", zebra_stripes=True)
        # The highlighted row's notes in full, wrapped: in a narrow terminal the Notes column is
        # off to the right of the table.
        yield Static("", id="log-detail")
        yield Static("", id="log-totals")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.show()
        self.query_one(DataTable).focus()

    def show(self) -> None:
        log = self.session.speaker_log()
        self._rows = {row.intervention_id: row for row in log}
        words = self.query_one("#log-filter", Input).value.casefold().split()
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        shown = []
        for row in log:
            i = row.entry
            category, role = category_label(i["category"]), role_label(i["role"])
            haystack = " ".join(str(i[k] or "") for k in ("speaker", "speaker_id", "category", "item",
                                                          "item_title", "role", "on_behalf_of"))
            haystack = f"{haystack} {category} {role}".casefold()
            if not all(word in haystack for word in words):
                continue
            shown.append(i)
            # Names, groups and notes are people's words: cells() shows them as text, never markup.
            table.add_row(
                *cells(
                    str(i["order"]),
                    i["speaker"] + (" (point of order)" if i["point_of_order"] else "") + (AMENDED if i["corrected"] else ""),
                    category,
                    i["on_behalf_of"] or "",
                    role,
                    i["item"],
                    (i["started_at"] or "")[11:19],
                    format_mss(i["duration_s"]) + (" …" if i["in_progress"] else ""),
                    format_mss(i["allotted_s"]),
                    "+" + format_mss(i["overrun_s"]) if i["overrun_s"] >= 1 else "",
                    format_mss(i["paused_s"]) if i["paused_s"] >= 1 else "",
                    "; ".join(i["notes"]),
                ),
                key=str(row.intervention_id),
            )
        table.move_cursor(row=min(keep, max(0, table.row_count - 1)))
        self._detail()
        total = sum(i["duration_s"] for i in shown)
        self.query_one("#log-totals", Static).update(
            f"{len(shown)} of {len(log)} interventions · {format_mss(total)} speaking time"
            + (f" · mean {format_mss(total / len(shown))}" if shown else "")
            + " · * corrected (h: history)"
        )

    @on(DataTable.RowHighlighted, "#log")
    def _detail(self) -> None:
        table = self.query_one(DataTable)
        row = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            row = self._rows.get(int(key)) if key is not None else None
        notes = "; ".join(row.entry["notes"]) if row is not None else ""
        detail = self.query_one("#log-detail", Static)
        detail.update(plain(f"Notes: {notes}") if notes else "")
        detail.display = bool(notes)

    @on(Input.Changed, "#log-filter")
    def _filter(self) -> None:
        self.show()

    @on(Input.Submitted, "#log-filter")
    def _filtered(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#log-filter", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#log-filter", Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify("No intervention is highlighted.", severity="warning")
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    async def _correct(self, intervention_id: int, **changes: object) -> None:
        try:
            await self.session.correct(intervention_id, **changes)
        except DaisError as error:
            self.notify(str(error), title="Not corrected", severity="warning")
            return
        self.show()
        self.notify("Correction recorded in the journal.", timeout=3)

    def action_change_speaker(self) -> None:
        target = self._selected()
        if target is None:
            return

        async def chosen(choice: RequestChoice | None) -> None:
            if choice is not None and choice.participant_id:
                await self._correct(target, participant_id=choice.participant_id)

        self.app.push_screen(RequestForm(self.session.roster, "Who actually spoke?", allow_group=False), chosen)

    def action_adjust(self, field: str) -> None:
        target = self._selected()
        if target is None:
            return
        intervention = self.session.state.interventions[target]
        tz = self.session.zone
        current = intervention.started_at if field == "started_at" else intervention.ended_at
        shown = f"{local(current, tz):%H:%M:%S}" if current else ""

        async def answered(text: str | None) -> None:
            if not text:
                return
            try:
                value = at_local_time(intervention.started_at, text, tz)
            except ValueError as error:
                self.notify(str(error), severity="warning")
                return
            before, after = self.session.overrun_change(target, **{field: value})
            if after < before - 0.5:
                # The report keeps both figures (the correction's history), but say so first.
                question = (f"This {'end' if field == 'ended_at' else 'start'} time takes the overrun from "
                            f"+{format_mss(before)} to " + (f"+{format_mss(after)}" if after >= 1 else "none")
                            + ". The report keeps both figures. Record it?")

                async def confirmed(yes: bool | None) -> None:
                    if yes:
                        await self._correct(target, **{field: value})

                self.app.push_screen(Confirm(question), confirmed)
                return
            await self._correct(target, **{field: value})

        label = "start" if field == "started_at" else "end"
        self.app.push_screen(Ask(f"Correct the {label} (HH:MM:SS)", shown), answered)

    def action_note(self) -> None:
        target = self._selected()
        if target is None:
            return

        async def answered(text: str | None) -> None:
            if text:
                await self._correct(target, note=text)

        self.app.push_screen(Ask("Add a note (e.g. written statement submitted)"), answered)

    def action_history(self) -> None:
        target = self._selected()
        if target is None:
            return
        row = self._rows[target]
        lines = [f"{c['at'][11:19]}  {describe_correction(c)}" for c in row.corrections]
        name = self.session.roster.name(self.session.state.interventions[target].participant_id)
        self.app.push_screen(RowHistory(f"#{row.entry['order']} {name}: {len(row.corrections)} correction(s)", lines))

    def action_export(self) -> None:
        def chosen(fmt: object) -> None:
            if fmt:
                self._export(str(fmt))

        self.app.push_screen(Pick("Export the speaker log as", [(f, f) for f in FORMATS]), chosen)

    @work(name="export", exclusive=True, exit_on_error=False)
    async def _export(self, fmt: str) -> None:
        try:
            written = await self.session.export(fmt)
        except DaisError as error:
            self.notify(str(error), title="Export failed", severity="error")
            return
        self.notify(f"Wrote {written}", title="Exported")
