"""A fast table of text rows for live lists: the dais queue and the watchers' next speakers.

Textual's DataTable renders every visible cell through Rich and throws its row cache away on
any cell update; with a long queue whose estimated start times all move when the speaker is
given 30 seconds more, that repaint was most of a keypress (benchmarks/dais.py). This widget
draws only the visible lines, straight to segments, with a fixed header, zebra stripes, a
cursor row, and one flexible column that takes the room left (cut with … when narrow).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from dais.console.lang.i18n import gettext_noop
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


GAP = 2


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + "…" if width else ""


def widest(column: Sequence[str]) -> int:
    """The widest cell of a column, in cells. ASCII text is as wide as it is long; the rest is
    measured (500 rows measured one by one were a millisecond of each keypress)."""
    if not column:
        return 0
    text = "".join(column)
    return max(map(len, column)) if text.isascii() and text.isprintable() else max(map(cell_len, column))


class RowList(ScrollView, can_focus=True):
    """Rows of text cells under a header. Rows have keys; the cursor follows its row's key."""

    COMPONENT_CLASSES = {"row-list--header", "row-list--even", "row-list--cursor"}
    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        & > .row-list--header { text-style: bold; background: $panel; color: $foreground; }
        & > .row-list--even { background: $surface-lighten-1 50%; }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:dark > .row-list--even { background: $surface-darken-1 40%; }
    }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", gettext_noop("Up"), show=False),
        Binding("down", "cursor(1)", gettext_noop("Down"), show=False),
        Binding("pageup", "page(-1)", gettext_noop("Page up"), show=False),
        Binding("pagedown", "page(1)", gettext_noop("Page down"), show=False),
        Binding("home", "cursor_to(0)", gettext_noop("First"), show=False),
        Binding("end", "cursor_to(-1)", gettext_noop("Last"), show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, columns: Sequence[str], *, flex: int = 1, cursor: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.flex = flex  # the column that takes the room left
        self.show_cursor = cursor
        self._keys: list[str] = []
        self._rows: list[tuple[str, ...]] = []
        self._natural = [cell_len(label) for label in self.columns]

    # -- reading --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> tuple[str, ...]:
        return self._rows[index]

    @property
    def keys(self) -> tuple[str, ...]:
        """The rows' keys, top first."""
        return tuple(self._keys)

    @property
    def selected_key(self) -> str | None:
        return self._keys[self.cursor_row] if self.show_cursor and self._rows else None

    # -- writing --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[tuple[str, tuple[str, ...]]], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on the row with key `keep` (default: its own row).
        Only the lines that changed are drawn again."""
        keep = keep if keep is not None else self.selected_key
        keys = [key for key, _ in rows]
        cells = [values for _, values in rows]
        columns = list(zip(*cells)) or [()] * len(self.columns)
        natural = [max(cell_len(label), widest(column))
                   for label, column in zip(self.columns, columns, strict=True)]
        if keys == self._keys and natural == self._natural:
            changed = [i for i, (old, new) in enumerate(zip(self._rows, cells, strict=True)) if old != new]
            self._rows = cells
            for index in changed:
                self._refresh_row(index)
        else:
            self._keys, self._rows, self._natural = keys, cells, natural
            self.virtual_size = Size(self._total_width(), len(cells) + 1)
            self.refresh()
        index = keys.index(keep) if keep in keys else min(self.cursor_row, max(0, len(keys) - 1))
        if index != self.cursor_row:
            self.cursor_row = index

    # -- layout and drawing ---------------------------------------------------------------

    def _widths(self) -> list[int]:
        """Each column's natural width; the flexible one cut to the room left, if need be."""
        widths = list(self._natural)
        room = self.scrollable_content_region.width - self._spacing()
        others = sum(widths) - widths[self.flex]
        widths[self.flex] = max(cell_len(self.columns[self.flex]), min(widths[self.flex], room - others))
        return widths

    def _spacing(self) -> int:
        """Cells between the columns: one at each edge, two between neighbours."""
        return 2 + GAP * (len(self.columns) - 1)

    def _total_width(self) -> int:
        return sum(self._widths()) + self._spacing()

    def on_resize(self) -> None:
        self.virtual_size = Size(self._total_width(), len(self._rows) + 1)
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        style = self.rich_style
        if y == 0:
            values: Sequence[str] = self.columns
            style += self.get_component_rich_style("row-list--header")
        else:
            index = y - 1 + scroll_y
            if index >= len(self._rows):
                return Strip.blank(width, style)
            values = self._rows[index]
            if index % 2:
                style += self.get_component_rich_style("row-list--even")
            if self.show_cursor and index == self.cursor_row:
                style += self.get_component_rich_style("row-list--cursor")
        text = " " + (" " * GAP).join(fit(value, w) for value, w in zip(values, self._widths(), strict=True)) + " "
        text = set_cell_size(text, max(cell_len(text), scroll_x + width))
        return Strip([Segment(text, style)]).crop(scroll_x, scroll_x + width)

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)  # below the header

    # -- the cursor -----------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def move_cursor(self, row: int) -> None:
        if self._rows:
            self.cursor_row = max(0, min(row, len(self._rows) - 1))

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.move_cursor(event.y - 1 + self.scroll_offset.y)
