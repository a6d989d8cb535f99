"""The requests from the room (phones, `dais serve --requests`) waiting for the secretary."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dais.console.floor.forecast import local
from dais.console.lang.i18n import _, group_name, participant_name, pgettext
from dais.console.floor.inbox import InboxRow
from dais.console.room.roster import Roster
from dais.models.labels import N_
from dais.screens.rows import RowList


class RoomRequests(RowList):
    """One row per pending request, oldest first; the row key is the inbox row's id. Hidden
    while nothing waits, so a dais without phones looks as it always did."""

    COLUMNS = (N_("column", "Who"), N_("column", "Seat"), N_("column", "For"), N_("column", "Asked"))

    def __init__(self, id: str | None = None) -> None:
        super().__init__(tuple(pgettext("column", c) for c in self.COLUMNS), flex=0, id=id)
        self.rows: dict[str, InboxRow] = {}

    @property
    def selected_row(self) -> InboxRow | None:
        """The highlighted pending request (the oldest until the secretary moves the cursor)."""
        key = self.selected_key
        return self.rows.get(key) if key is not None else None

    def show(self, pending: list[InboxRow], roster: Roster, tz: ZoneInfo) -> None:
        self.rows = {str(row.id): row for row in pending}
        cells = []
        for row in pending:
            if row.participant_id in roster:
                who = roster.get(row.participant_id)
                name = participant_name(who.id, who.category.value, who.name)
            else:
                name = row.participant_id
            cells.append((str(row.id), (
                name, "" if row.seat is None else str(row.seat),
                group_name(row.on_behalf_of) if row.on_behalf_of else "",
                f"{local(row.at, tz):%H:%M:%S}")))
        self.set_rows(cells, keep=self.selected_key)
        self.display = bool(pending)


def row_name(row: InboxRow, roster: Roster) -> str:
    """Who asks, for the dais's notices."""
    if row.participant_id not in roster:
        return row.participant_id
    who = roster.get(row.participant_id)
    return participant_name(who.id, who.category.value, who.name)


def pending_title(count: int) -> str:
    return _("Requests from the room: {n} pending — i takes the highlighted one in, d declines it").format(n=count)
