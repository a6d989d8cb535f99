"""The programme of work: every item, scheduled against actual, and changes during the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from dais.console.lang.i18n import _, gettext_noop, kind_label, pgettext, role_label
from dais.models.programme import format_mss
from dais.models.labels import N_
from dais.console.room import clock
from dais.console.lang import typed
from dais.console.lang.errors import DaisError
from dais.console.room.calendar import hour_ticks
from dais.console.floor.forecast import local, programme_progress
from dais.console.floor.rules import ADDED_ITEM_KINDS
from dais.models import AgendaItem, FloorPolicy, ItemKind, PanelMember
from dais.screens.dialogs import Ask, Confirm, Pick
from dais.screens.keybar import KeyBar
from dais.screens.seam import SessionScreen
from dais.screens.text import cells, shown


COLUMNS = (N_("column", "Day"), N_("column", "Sched."), N_("column", "Item"), N_("column", "Status"),
           N_("column", "Actual / projected"), N_("column", "Slip"), N_("column", "Limit"), N_("column", "Policy"),
           N_("column", "Req"), N_("column", "Int"))
STATUSES = {"done": N_("item status", "done"), "current": N_("item status", "current"),
            "upcoming": N_("item status", "upcoming")}
POLICIES = {"states_first": N_("policy", "states first"), "stakeholders_first": N_("policy", "stakeholders first"),
            "order_of_request": N_("policy", "order of request")}

class ProgrammeScreen(SessionScreen):
    BINDINGS = [
        Binding("escape,g", "app.pop_screen", gettext_noop("Back")),
        Binding("l", "limit", gettext_noop("Floor limit")),
        Binding("e", "end", gettext_noop("Move end")),
        Binding("o", "policy", gettext_noop("Policy")),
        Binding("p", "panel", gettext_noop("Panel member")),
        Binding("i", "insert", gettext_noop("Add item")),
    ]

    KEY_PRIORITY = ("app.pop_screen", "limit", "end", "policy", "panel", "insert")  # screens/keybar.py

    def compose(self) -> ComposeResult:
        yield Static(shown("[b]$title[/b] — $note", title=_("Programme of work"),
                           note=_("changes are journal events (ctrl+z on the dais undoes them)")),
                     id="programme-title")
        yield DataTable(id="programme", cursor_type="row", zebra_stripes=True)
        yield Static("", id="programme-clashes")
        yield Static("", id="programme-detail")
        yield PlotextPlot(id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*(pgettext("column", c) for c in COLUMNS))
        self.show(initial=True)

    def show(self, initial: bool = False) -> None:
        session = self.session
        state = session.state
        tz = session.zone
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        current_row = 0
        for row in programme_progress(state, session.now()):
            if row.actual_start is not None:
                actual = f"{local(row.actual_start, tz):%H:%M}"
                if row.actual_end is not None:
                    actual += f"–{local(row.actual_end, tz):%H:%M}"
            else:
                actual = f"~{local(row.projected_start, tz):%H:%M}"
            slip = clock.whole_minutes(row.slip_s)
            item = row.item
            table.add_row(
                *cells(
                    str(item.day), f"{item.start:%H:%M}–{item.end:%H:%M}", item.title, pgettext("item status", STATUSES[row.status]),
                    actual,
                    f"{slip:+d}m" if slip else "",
                    "" if item.kind is ItemKind.BREAK else format_mss(item.floor_limit)
                    + (" " + _("strict") if item.strict_limit else ""),
                    "" if item.kind is ItemKind.BREAK else pgettext("policy", POLICIES[item.policy.value]),
                    str(row.requests), str(row.interventions),
                ),
                key=item.id,
            )
            if row.status == "current":
                current_row = table.row_count - 1
        table.move_cursor(row=current_row if initial else min(keep, table.row_count - 1))
        self._detail()
        self._timeline()
        found = session.clashes()
        warnings = self.query_one("#programme-clashes", Static)
        warnings.display = bool(found)
        warnings.update(shown("[b $warning]$check[/] $found", check=_("Check the schedule:"), found="; ".join(found)))

    def _timeline(self) -> None:
        """Scheduled against actual (or projected) start times for the current day's items."""
        session = self.session
        state = session.state
        tz = session.zone
        rows = [r for r in programme_progress(state, session.now()) if r.item.day == state.item.day]
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()

        # Hours from the midnight the day begins after: a day that runs past midnight goes on
        # past 24 rather than back to 0.
        midnight = local(rows[0].scheduled_start, tz).replace(hour=0, minute=0, second=0) if rows else None

        def hours(epoch: float) -> float:
            moment = local(epoch, tz)
            return (moment - midnight).total_seconds() / 3600 if midnight is not None else 0.0

        x = list(range(1, len(rows) + 1))
        plt.plot(x, [hours(r.scheduled_start) for r in rows], label=_("scheduled"), marker="dot")
        actual = [hours(r.actual_start if r.actual_start is not None else r.projected_start) for r in rows]
        plt.plot(x, actual, label=_("actual / projected"), marker="dot")
        plt.xticks([float(n) for n in x], [r.item.id for r in rows])
        ticks = hour_ticks([r.item.start.hour + r.item.start.minute / 60 for r in rows] + actual)
        plt.yticks([value for value, _label in ticks], [label for _value, label in ticks])  # 21:25, not 21.417
        plt.title(_("Day {n}: start times").format(n=state.item.day))
        plot.refresh()

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        item = self._item()
        if item is None:
            return
        people = "; ".join(f"{p.name} ({role_label(p.role)}, {format_mss(p.time)})" for p in item.people)
        self.query_one("#programme-detail", Static).update(shown(
            "[b]$title[/b] · $kind · $every · $people", kind=kind_label(item.kind.value),
            every=_("panel every {n}").format(n=item.panel_every or "—"),
            title=item.title, people=people or _("no panel")))

    def _item(self) -> AgendaItem | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.session.state.programme.item(key) if key is not None else None

    async def _change_if_confirmed(self, found: list[str], action: Callable[[], Awaitable[object]]) -> None:
        """A change that would make items clash is confirmed first; any other is made at once."""
        if not found:
            await self._change(action)
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._change(action)

        question = _("This change makes the schedule clash: {clashes}. Make it?").format(clashes="; ".join(found))
        self.app.push_screen(Confirm(question), answered)

    async def _change(self, action: Callable[[], Awaitable[object]]) -> None:
        try:
            await action()
        except DaisError as error:
            self.notify(str(error), title=_("Not changed"), severity="warning")
            return
        self.show()
        self.notify(_("Programme changed (journal saved)."), timeout=3)

    def action_limit(self) -> None:
        item = self._item()
        if item is None:
            return

        async def answered(text: str | None) -> None:
            if text:
                try:
                    seconds = typed.limit(text)
                except ValueError as error:
                    self.notify(str(error), severity="warning")
                    return
                await self._change(lambda: self.session.set_limit(item.id, seconds))

        self.app.push_screen(Ask(_("Floor limit for the rest of “{title}” (2, 2m, 90s or 1:30)").format(title=item.title),
                                 format_mss(item.floor_limit)), answered)

    def action_end(self) -> None:
        item = self._item()
        if item is None:
            return

        async def answered(text: str | None) -> None:
            if text:
                try:
                    end = typed.clock_time(text)
                except ValueError as error:
                    self.notify(str(error), severity="warning")
                    return
                await self._change_if_confirmed(self.session.clashes_if_end_moved(item.id, end),
                                                lambda: self.session.move_item_end(item.id, end))

        self.app.push_screen(Ask(_("Scheduled end of “{title}” (HH:MM)").format(title=item.title), f"{item.end:%H:%M}"), answered)

    def action_policy(self) -> None:
        item = self._item()
        if item is None:
            return

        async def chosen(policy: object) -> None:
            if isinstance(policy, FloorPolicy):
                await self._change(lambda: self.session.change_policy(item.id, policy))

        self.app.push_screen(Pick(_("Floor policy for “{title}”").format(title=item.title),
                                  [(pgettext("policy", POLICIES[p.value]), p) for p in FloorPolicy]), chosen)

    def action_panel(self) -> None:
        item = self._item()
        if item is None:
            return

        async def answered(text: str | None) -> None:
            if not text:
                return
            parts = [p.strip() for p in text.split(",")]
            try:
                member = PanelMember(name=parts[0], role=parts[1], time=typed.limit(parts[2]))
            except (IndexError, ValueError):  # pydantic's ValidationError is a ValueError
                self.notify(_("Write: name, role, time — e.g. Ms. A. Expert, panellist, 7 (or 7m, 90s, 6:30)"),
                            severity="warning")
                return

            async def whom(replaces: str | bool) -> None:
                if replaces is False:
                    return
                await self._change(lambda: self.session.set_panel_member(item.id, member, str(replaces) or None))

            choices = [(_("add to the panel"), "")] + [
                (_("in place of {name} ({role})").format(name=p.name, role=role_label(p.role)), p.name) for p in item.people]
            self.app.push_screen(Pick(_("{name} on “{title}”").format(name=member.name, title=item.title), choices),
                                 lambda value: self.app.call_next(whom, False if value is None else value))

        self.app.push_screen(Ask(_("New panel member: name, role, time (7, 7m, 90s or 6:30)")), answered)

    def action_insert(self) -> None:
        after = self._item()
        if after is None:
            return

        async def kind_chosen(kind: object) -> None:
            if not isinstance(kind, ItemKind):
                return

            async def answered(text: str | None) -> None:
                if not text:
                    return
                try:
                    title, start, end = typed.titled_span(text)
                except ValueError as error:
                    self.notify(str(error), severity="warning")
                    return
                try:
                    found = self.session.clashes_if_added(kind, after, title, start, end)
                    await self._change_if_confirmed(
                        found, lambda: self.session.add_item(kind, after, title, start, end))
                except ValidationError as error:  # an item the programme cannot hold, e.g. it ends before it starts
                    self.notify(error.errors()[0]["msg"].removeprefix("Value error, "), severity="warning")

            start = dt.datetime.combine(dt.date.today(), after.end)
            suggestion = f"{start:%H:%M}-{start + dt.timedelta(minutes=15):%H:%M}"
            title = _("Right of reply") if kind is ItemKind.RIGHT_OF_REPLY else kind_label(kind.value).capitalize()
            self.app.push_screen(Ask(_("New {kind} after “{title}”: title, HH:MM-HH:MM").format(
                kind=kind_label(kind.value), title=after.title),
                                     f"{title}, {suggestion}"), answered)

        self.app.push_screen(Pick(_("Add an item of kind"), [(kind_label(k.value), k) for k in ADDED_ITEM_KINDS]),
                             kind_chosen)
