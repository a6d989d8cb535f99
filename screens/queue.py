"""The queue in speaking order, as the engine gives it."""

from __future__ import annotations

from textual.widgets import DataTable

from console.forecast import QueueRow, local


class QueueTable(DataTable):
    """One row per waiting request; the row key is the request id."""

    COLUMNS = ("#", "Who", "Cat", "", "Asked", "Starts ~")

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self._add_columns([len(label) for label in self.COLUMNS])

    def _add_columns(self, widths: list[int]) -> None:
        self._widths = widths
        for label, width in zip(self.COLUMNS, widths, strict=True):
            self.add_column(label, key=label or "flags", width=width)

    @staticmethod
    def _cells(row: QueueRow, tz) -> tuple[str, ...]:
        flags = []
        if row.group_statement:
            flags.append("G")
        flags.append("R" if row.repeat_speaker else "1st")
        if row.reserved_seat:
            flags.append("SEAT")
        name = row.participant.name
        if row.request.on_behalf_of:
            name += f" (for {row.request.on_behalf_of})"
        return (
            str(row.position),
            name,
            row.participant.category.badge,
            " ".join(flags),
            f"{local(row.request.requested_at, tz):%H:%M}",
            f"{local(row.estimated_start, tz):%H:%M}",
        )

    @property
    def selected_request(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def show(self, rows: list[QueueRow], tz, selected: int | None = None) -> None:
        keep = selected if selected is not None else self.selected_request
        cells = {str(row.request.id): self._cells(row, tz) for row in rows}
        # Explicit column widths: DataTable's automatic widths are measured on an idle message,
        # which a table that receives no event after an update may never get.
        widths = [max([len(label), *(len(values[i]) for values in cells.values())]) for i, label in
                  enumerate(self.COLUMNS)]
        if list(cells) == [key.value for key in self.rows] and widths == self._widths:
            # Same requests in the same order: touch only the cells that changed, so a long
            # queue repaints in a few milliseconds.
            for key, values in cells.items():
                for column, (old, new) in enumerate(zip(self.get_row(key), values, strict=True)):
                    if old != new:
                        self.update_cell(key, self.ordered_columns[column].key, new)
        else:
            self.clear(columns=True)
            self._add_columns(widths)
            for key, values in cells.items():
                self.add_row(*values, key=key)
        if keep is not None:
            for index, row in enumerate(rows):
                if row.request.id == keep:
                    self.move_cursor(row=index)
                    break
