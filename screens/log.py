"""The speaker log: every intervention, with filters, totals and corrections after the fact."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from dais.console.lang.errors import DaisError
from dais.console.report.export import FORMATS
from dais.console.report.log_text import describe_correction, hms
from dais.console.floor.forecast import at_local_time, local
from dais.console.session import LogRow
from dais.models.programme import format_mss
from dais.console.lang.i18n import gettext_noop, _, category_label, group_name, ngettext, participant_name, role_label
from dais.screens.dialogs import Ask, Confirm, Pick
from dais.screens.history import RowHistory
from dais.screens.keybar import KeyBar
from dais.screens.request import RequestChoice, RequestForm
from dais.screens.seam import SessionScreen
from dais.screens.text import cells, plain

def columns() -> tuple[str, ...]:
    return ("#", _("Speaker"), _("Category"), _("On behalf of"), _("Role"), _("Item"), _("Start"), _("Dur"),
            _("Allot"), _("Over"), _("Paused"), _("Notes"))
AMENDED = " *"  # marks a corrected row; `h` shows its history


class SpeakerLog(SessionScreen):
    _rows: dict[int, LogRow]  # the log as of the last show(), by intervention id (the table's row keys)
    BINDINGS = [
        Binding("escape", "back", gettext_noop("Back to the dais")),
        Binding("c", "change_speaker", gettext_noop("Who spoke")),
        Binding("b", "adjust('started_at')", gettext_noop("Start")),
        Binding("d", "adjust('ended_at')", gettext_noop("End")),
        Binding("o", "note", gettext_noop("Note")),
        Binding("h", "history", gettext_noop("History")),
        Binding("x", "export", gettext_noop("Export")),
        Binding("slash", "focus_filter", gettext_noop("Filter")),
    ]

    KEY_PRIORITY = ("back", "change_speaker", "adjust('started_at')", "adjust('ended_at')", "note", "export",
                    "history", "focus_filter")  # screens/keybar.py

    def compose(self) -> ComposeResult:
        yield Static("[b]" + _("Speaker log") + "[/b] — "
                     + _("corrections are journal events; the original stays in the audit trail"), id="log-title")
        yield Input(placeholder=_("filter: speaker, category (Member State, ...), item or role"),
                    id="log-filter")
        yield DataTable(id="log", cursor_type="row", zebra_stripes=True)
        # The highlighted row's notes in full, wrapped: in a narrow terminal the Notes column is
        # off to the right of the table.
        yield Static("", id="log-detail")
        yield Static("", id="log-totals")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*columns())
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
            category, role = category_label(i.category), role_label(i.role)
            haystack = " ".join((i.speaker, i.speaker_id, i.category.value, i.item, i.item_title, i.role,
                                 i.on_behalf_of or ""))
            name = participant_name(i.speaker_id, i.category, i.speaker)
            if i.person:  # who spoke for the delegation (the list of participants, or named at the floor)
                name += " — " + (f"{i.person_title} {i.person}" if i.person_title else i.person)
            haystack = f"{haystack} {name} {category} {role}".casefold()
            if not all(word in haystack for word in words):
                continue
            shown.append(i)
            # Names, groups and notes are people's words: cells() shows them as text, never markup.
            table.add_row(
                *cells(
                    str(i.order),
                    name + (_(" (point of order)") if i.point_of_order else "")
                    + (_(" (out of turn)") if i.out_of_turn else "") + (AMENDED if i.corrected else ""),
                    category,
                    group_name(i.on_behalf_of) if i.on_behalf_of else "",
                    role,
                    i.item,
                    hms(i.started_at),
                    format_mss(i.duration_s) + (" …" if i.in_progress else ""),
                    format_mss(i.allotted_s),
                    "+" + format_mss(i.overrun_s) if i.overrun_s >= 1 else "",
                    format_mss(i.paused_s) if i.paused_s >= 1 else "",
                    "; ".join(i.notes),
                ),
                key=str(row.intervention_id),
            )
        table.move_cursor(row=min(keep, max(0, table.row_count - 1)))
        self._detail()
        total = sum(i.duration_s for i in shown)
        self.query_one("#log-totals", Static).update(
            ngettext("{shown} of {n} intervention · {time} speaking time",
                     "{shown} of {n} interventions · {time} speaking time", len(log)).format(
                shown=len(shown), n=len(log), time=format_mss(total))
            + (_(" · mean {time}").format(time=format_mss(total / len(shown))) if shown else "")
            + _(" · * corrected (h: history)")
        )

    @on(DataTable.RowHighlighted, "#log")
    def _detail(self) -> None:
        table = self.query_one(DataTable)
        row = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            row = self._rows.get(int(key)) if key is not None else None
        notes = "; ".join(row.entry.notes) if row is not None else ""
        detail = self.query_one("#log-detail", Static)
        detail.update(plain(_("Notes: {notes}").format(notes=notes)) if notes else "")
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
            self.notify(_("No intervention is highlighted."), severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    async def _correct(self, intervention_id: int, **changes: object) -> None:
        try:
            await self.session.correct(intervention_id, **changes)
        except DaisError as error:
            self.notify(str(error), title=_("Not corrected"), severity="warning")
            return
        self.show()
        self.notify(_("Correction recorded in the journal."), timeout=3)

    def action_change_speaker(self) -> None:
        target = self._selected()
        if target is None:
            return

        async def chosen(choice: RequestChoice | None) -> None:
            if choice is not None and choice.participant_id:
                await self._correct(target, participant_id=choice.participant_id)

        self.app.push_screen(RequestForm(self.session, _("Who actually spoke?"), allow_group=False), chosen)

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
                ask = (_("This end time takes the overrun from +{before} to {after}. "
                         "The report keeps both figures. Record it?") if field == "ended_at" else
                       _("This start time takes the overrun from +{before} to {after}. "
                         "The report keeps both figures. Record it?"))
                question = ask.format(before=format_mss(before),
                                      after=f"+{format_mss(after)}" if after >= 1 else _("none"))

                async def confirmed(yes: bool | None) -> None:
                    if yes:
                        await self._correct(target, **{field: value})

                self.app.push_screen(Confirm(question), confirmed)
                return
            await self._correct(target, **{field: value})

        label = _("Correct the start (HH:MM:SS)") if field == "started_at" else _("Correct the end (HH:MM:SS)")
        self.app.push_screen(Ask(label, shown), answered)

    def action_note(self) -> None:
        target = self._selected()
        if target is None:
            return

        async def answered(text: str | None) -> None:
            if text:
                await self._correct(target, note=text)

        self.app.push_screen(Ask(_("Add a note (e.g. written statement submitted)")), answered)

    def action_history(self) -> None:
        target = self._selected()
        if target is None:
            return
        row = self._rows[target]
        lines = [f"{hms(c.at)}  {describe_correction(c)}" for c in row.corrections]
        name = self.session.roster.name(self.session.state.interventions[target].participant_id)
        title = ngettext("#{order} {name}: {n} correction", "#{order} {name}: {n} corrections", len(row.corrections))
        self.app.push_screen(RowHistory(title.format(order=row.entry.order, name=name, n=len(row.corrections)),
                                        lines))

    def action_export(self) -> None:
        def chosen(fmt: object) -> None:
            if fmt:
                self._export(str(fmt))

        self.app.push_screen(Pick(_("Export the speaker log as"), [(f, f) for f in FORMATS]), chosen)

    @work(name="export", exclusive=True, exit_on_error=False)
    async def _export(self, fmt: str) -> None:
        try:
            written = await self.session.export(fmt)
        except DaisError as error:
            self.notify(str(error), title=_("Export failed"), severity="error")
            return
        self.notify(_("Wrote {path}").format(path=written), title=_("Exported"))
