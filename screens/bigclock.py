"""A clock as large as the terminal allows, for the display facing the speaker."""

from __future__ import annotations

from typing import Any, cast

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

# 5x7 glyphs; '#' is lit.
GLYPHS = {
    "0": [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
    "1": ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    "2": [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
    "3": ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
    "4": ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
    "5": ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
    "6": ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
    "7": ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
    "8": [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
    "9": [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
    ":": ["     ", "  #  ", "  #  ", "     ", "  #  ", "  #  ", "     "],
    "+": ["     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "],
    "-": ["     ", "     ", "     ", "#####", "     ", "     ", "     "],
    " ": ["     "] * 7,
}


# 3x5 glyphs, for a panel too small for the 5x7 ones even at the smallest scale (60x15, 40x10).
SMALL_GLYPHS = {
    "0": ["###", "# #", "# #", "# #", "###"],
    "1": [" # ", "## ", " # ", " # ", "###"],
    "2": ["###", "  #", "###", "#  ", "###"],
    "3": ["###", "  #", " ##", "  #", "###"],
    "4": ["# #", "# #", "###", "  #", "  #"],
    "5": ["###", "#  ", "###", "  #", "###"],
    "6": ["###", "#  ", "###", "# #", "###"],
    "7": ["###", "  #", " # ", " # ", " # "],
    "8": ["###", "# #", "###", "# #", "###"],
    "9": ["###", "# #", "###", "  #", "###"],
    ":": ["   ", " # ", "   ", " # ", "   "],
    "+": ["   ", " # ", "###", " # ", "   "],
    "-": ["   ", "   ", "###", "   ", "   "],
    " ": ["   "] * 5,
}


def render_text(text: str, glyphs: dict[str, list[str]] = GLYPHS) -> list[str]:
    """The text in a block font (5x7 unless told), one space between glyphs."""
    height = len(glyphs[" "])
    rows = ["" for _ in range(height)]
    for char in text:
        glyph = glyphs.get(char, glyphs[" "])
        for i in range(height):
            rows[i] += glyph[i] + " "
    return [row.rstrip() for row in rows]


class BigClock(Widget):
    """Scales the 5x7 glyphs by whole cells to fill the widget; half-blocks double the height."""

    DEFAULT_CSS = "BigClock { height: 1fr; width: 1fr; }"

    def __init__(self, text: str = "", *, reserve: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = text
        self._pixels = render_text(text)
        # The scale is chosen for at least this many glyphs, so that "3:00" turning "+0:01"
        # does not make the digits jump in size.
        self.reserve = reserve
        # The lines of the last drawing and what they were drawn for (text and size): a new
        # colour (a pause, a warning) paints them again without drawing them again.
        self._drawn: tuple[tuple[str, int, int], list[str | None]] | None = None

    def update(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self._pixels = render_text(text)
            self.refresh()

    def _lines(self, width: int, height: int) -> list[str | None]:
        """Each line of the widget as text, None where it is blank."""
        key = (self.text, width, height)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._draw(width, height))
        return self._drawn[1]

    def _draw(self, width: int, height: int) -> list[str | None]:
        pixels = self._pixels
        columns = max((len(row) for row in pixels), default=0)
        if not columns:
            return [None] * height
        glyph_rows, lines = 7, cast("list[str | None]", [None] * height)
        if columns > width or height < 4:
            # The 5x7 digits at their smallest would run over the panel's border: the 3x5 ones,
            # and in a panel too small even for those, the text itself.
            pixels = render_text(self.text, SMALL_GLYPHS)
            columns, glyph_rows = max(len(row) for row in pixels), 5
            if columns > width or height < 3:
                if height:
                    lines[height // 2] = self.text[:width].center(width)
                return lines
        room_for = max(columns, self.reserve * (6 if glyph_rows == 7 else 4) - 1)
        # Each text row is two pixel rows (upper and lower half-block).
        scale = max(1, min(width // room_for, (height * 2) // glyph_rows))
        drawn_w, drawn_h = columns * scale, (glyph_rows * scale + 1) // 2
        left, top = (width - drawn_w) // 2, (height - drawn_h) // 2
        # Each pixel row widened by the scale; a row below the glyphs is unlit.
        wide = ["".join(pixel * scale for pixel in row.ljust(columns)) for row in pixels]
        unlit = " " * drawn_w
        for y in range(max(0, top), min(height, top + drawn_h)):
            upper = wide[(2 * (y - top)) // scale] if (2 * (y - top)) // scale < glyph_rows else unlit
            lower = wide[(2 * (y - top) + 1) // scale] if (2 * (y - top) + 1) // scale < glyph_rows else unlit
            line = "".join(HALF_BLOCKS[u, d] for u, d in zip(upper, lower))
            lines[y] = (" " * left + line).ljust(width)
        return lines

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        style = self.rich_style or Style()
        lines = self._lines(width, height)
        line = lines[y] if 0 <= y < len(lines) else None
        if line is None:
            return Strip.blank(width, style)
        return Strip([Segment(line, style)], width)


# An upper and a lower pixel in one cell.
HALF_BLOCKS = {("#", "#"): "█", ("#", " "): "▀", (" ", "#"): "▄", (" ", " "): " "}


# The bar's fill by phase: its shape says what the colour says, for a reader who cannot tell
# the colours apart (issue 20): solid while running, shaded in the warning, hatched over time.
BAR_FILL = {"running": "█", "warning": "▓", "overrun": "▚", "paused": "▒", "ended": "█", "idle": " "}


class ClockBar(Widget):
    """The share of the speaking time used, one line; the fill's shape changes with the phase."""

    DEFAULT_CSS = "ClockBar { height: 1; width: 1fr; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fraction = 0.0
        self.phase = "idle"

    def update(self, fraction: float, phase: str) -> None:
        if (fraction, phase) != (self.fraction, self.phase):
            self.fraction, self.phase = fraction, phase
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        filled = width if self.phase == "overrun" else round(width * max(0.0, min(1.0, self.fraction)))
        style = self.rich_style or Style()
        rest = Style(color=style.color, dim=True, bgcolor=style.bgcolor)
        return Strip([Segment(BAR_FILL.get(self.phase, "█") * filled, style),
                      Segment("·" * (width - filled), rest)], width)
