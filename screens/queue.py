"""The queue in speaking order, as the engine gives it."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from dais.console.lang.i18n import _, group_name, participant_name, pgettext
from dais.models.labels import N_
from dais.console.floor.forecast import QueueRow, local
from dais.screens.rows import RowList


class QueueTable(RowList):
    """One row per waiting request; the row key is the request id."""

    COLUMNS = ("#", N_("column", "Who"), N_("column", "Cat"), "", N_("column", "Asked"), N_("column", "Starts ~"))

    def __init__(self, id: str | None = None, *, cursor: bool = True) -> None:
        super().__init__(tuple(pgettext("column", c) for c in self.COLUMNS), flex=1, cursor=cursor, id=id)
        # Each minute's HH:MM, kept from one showing to the next: 500 waiting spread their starts
        # over a day of minutes, and formatting them all again was most of a keypress's repaint.
        self._zone: ZoneInfo | None = None
        self._minutes: dict[int, str] = {}

    @staticmethod
    def _cells(row: QueueRow, hhmm: Callable[[float], str], spent: frozenset[str] = frozenset()) -> tuple[str, ...]:
        flags = []
        if row.participant.id in spent:
            flags.append("BUDGET")  # their group's time budget on this item is used up
        if row.group_statement:
            flags.append("G")
        flags.append("R" if row.repeat_speaker else "1st")
        if row.reserved_seat:
            flags.append("SEAT")
        name = participant_name(row.participant.id, row.participant.category.value, row.participant.name)
        if row.request.on_behalf_of:
            name += " " + _("(for {group})").format(group=group_name(row.request.on_behalf_of))
        return (
            str(row.position),
            name,
            row.participant.category.badge,
            " ".join(flags),
            hhmm(row.request.requested_at),
            hhmm(row.estimated_start),
        )

    @property
    def selected_request(self) -> int | None:
        key = self.selected_key
        return int(key) if key is not None else None

    def show(self, rows: list[QueueRow], tz: ZoneInfo, selected: int | None = None,
             spent: frozenset[str] = frozenset()) -> None:
        """`spent`: the participants whose time budget on the item is used up (marked BUDGET)."""
        if tz != self._zone or len(self._minutes) > 20_000:  # a day has 1,440 minutes
            self._zone, self._minutes = tz, {}
        minutes = self._minutes

        def hhmm(epoch: float) -> str:
            minute = int(epoch // 60)
            shown = minutes.get(minute)
            if shown is None:
                shown = minutes[minute] = f"{local(minute * 60, tz):%H:%M}"
            return shown

        self.set_rows([(str(row.request.id), self._cells(row, hhmm, spent)) for row in rows],
                      keep=str(selected) if selected is not None else None)
