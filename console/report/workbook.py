"""The speaker log as an Excel workbook: real dates and durations, filters, and Excel's own charts.

Times are Excel serial numbers (days since 1899-12-30, local wall time of the meeting) with a
date format, and durations are fractions of a day shown as `[m]:ss`, so Excel sorts, sums and
filters them; every sheet has human headers, a frozen header row, an autofilter and columns
fitted to their content. Built with xlsxwriter, whose creation date is fixed to the meeting's
first day so that the same journal gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import TYPE_CHECKING

from dais.console.lang.i18n import (_, category_label, gender_label, group_name, kind_label, pgettext, role_label,
                               status_label, turn_label)
from dais.console.report.log_text import (
    correction_speaker,
    describe_correction,
    meeting_dates,
    shown_title,
    speaker_label,
)
from dais.models.speaker_log import BeforeAfter, SpeakerLog

if TYPE_CHECKING:
    from xlsxwriter.chart import Chart
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

# A cell's value: text, a number, or nothing (left blank).
Cell = str | float | None

_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
DAY = 86400.0
MAX_WIDTH = 60

# Column kinds: how a value is written and what width it needs.
TEXT, INT, MOMENT, DURATION, LONG_DURATION, CLOCK, NUMBER = "text", "int", "moment", "dur", "long", "clock", "num"
_WIDTHS = {INT: 6, MOMENT: 19, DURATION: 8, LONG_DURATION: 10, CLOCK: 6, NUMBER: 8}


def serial(moment: dt.datetime | None) -> float | None:
    """A local time (2017-05-08 10:00:00+02:00) as an Excel serial of the same wall time."""
    if moment is None:
        return None
    return (moment.toordinal() - _EXCEL_EPOCH
            + (moment.hour * 3600 + moment.minute * 60 + moment.second) / DAY)


def _clock(moment: dt.datetime) -> float:
    """The wall clock's hours and minutes, as a fraction of a day."""
    return (moment.hour * 60 + moment.minute) / 1440


def _days(measure: BeforeAfter | None, after: bool) -> float | None:
    """A correction's measure before or after, as a fraction of a day."""
    if measure is None:
        return None
    return (measure.after if after else measure.before) / DAY


class _Book:
    def __init__(self, log: SpeakerLog) -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        first_day = dt.datetime.combine(log.meeting.days[0], dt.time())
        # xlsxwriter stamps the file with today unless told: the meeting's first day instead.
        self.book.set_properties({"title": _("Speaker log: {title}").format(title=log.meeting.title), "created": first_day})
        add = self.book.add_format
        self.header = add({"bold": True, "bg_color": "#DDE4EE", "bottom": 1, "text_wrap": True, "valign": "top"})
        self.formats: dict[str, Format] = {
            MOMENT: add({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            DURATION: add({"num_format": "[m]:ss"}),
            LONG_DURATION: add({"num_format": "[h]:mm:ss"}),
            CLOCK: add({"num_format": "hh:mm"}),
            NUMBER: add({"num_format": "0.0"}),
        }
        self.title = add({"bold": True, "font_size": 14})
        self.bold = add({"bold": True})

    def table(self, sheet: Worksheet, top: int, columns: list[tuple[str, str]], rows: list[list[Cell]],
              filter_: bool = True) -> int:
        """Write a table with its header at row `top`; returns the row after it."""
        widths = [max(len(name), _WIDTHS.get(kind, 0)) for name, kind in columns]
        kinds = [kind for _name, kind in columns]
        sheet.write_row(top, 0, [name for name, _kind in columns], self.header)
        formats = [self.formats.get(kind) for kind in kinds]
        texts = [c for c, kind in enumerate(kinds) if kind == TEXT]
        if not _fill_table(sheet, top + 1, kinds, formats, rows):
            # xlsxwriter's undecorated writers: the public ones only add A1-notation parsing (an
            # int() and a try per cell). The read-back tests cover them.
            write_string, write_number = sheet._write_string, sheet._write_number
            for r, values in enumerate(rows, start=top + 1):
                for c, value in enumerate(values):
                    if value is None or value == "":
                        continue
                    if kinds[c] == TEXT:
                        write_string(r, c, value)
                    else:
                        write_number(r, c, value, formats[c])
        for c in texts:
            longest = max((len(text) for values in rows if isinstance(text := values[c], str)), default=0)
            widths[c] = max(widths[c], longest)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, min(width, MAX_WIDTH) + 2)
        if filter_:
            sheet.autofilter(top, 0, top + len(rows), len(columns) - 1)
        return top + len(rows) + 1

    def print_setup(self, sheet: Worksheet, title: str, header_row: int | None = 0) -> None:
        """The sheet on paper: A4 landscape, all its columns on one page's width (as many pages
        down as it takes; left as it was, a wide sheet prints a column a page), its header row
        again on every page, its grid printed, the meeting and the sheet's name at the top and
        the page's number at the bottom."""
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)  # inches, as Excel counts them
        if header_row is not None:
            sheet.repeat_rows(header_row)
        sheet.hide_gridlines(0)  # 0: the grid shown and printed
        # Excel's header codes: &L &C &R the parts, &A the sheet's name, &P and &N the page and
        # the count; a literal & is &&. Excel takes at most 255 characters.
        shown = title if len(title) <= 120 else title[:119] + "…"
        sheet.set_header("&L" + shown.replace("&", "&&") + "&R&A")
        sheet.set_footer("&C" + _("Page {page} of {pages}").replace("&", "&&").format(page="&P", pages="&N"))

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _fill_table(sheet: Worksheet, first: int, kinds: list[str], formats: list[Format | None],
                rows: list[list[Cell]]) -> bool:
    """Put the rows straight into xlsxwriter's cell table, as its `_write_string/_write_number`
    would one cell at a time: their per-cell bounds check, NaN test and constant-memory test were
    a third of a 10,000-row export. False (nothing written) where the shortcut does not hold:
    another xlsxwriter, a non-finite number, a string over Excel's limit or too many rows."""
    try:
        from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple
    except ImportError:
        return False
    if not rows or sheet.constant_memory or first + len(rows) > sheet.xls_rowmax or len(kinds) > sheet.xls_colmax:
        return False
    width = len(kinds)
    if any(len(values) != width for values in rows):
        return False
    text = [kind == TEXT for kind in kinds]
    # Checked column by column first, so that nothing is written unless every cell can be.
    limit = sheet.xls_strmax // 2  # below it a string is within Excel's limit in UTF-16 units too
    for c, column in enumerate(zip(*rows)):
        if text[c]:
            if any(not isinstance(value, str) for value in column if value is not None):
                return False
            if max(map(len, filter(None, column)), default=0) > limit:
                return False
        elif not all(isinstance(value, (int, float)) and math.isfinite(value) for value in column if value is not None):
            return False
    # Each row's cells in column order, as the per-cell writers would: the shared strings are
    # numbered in the order they are first written. tuple.__new__ makes the cell tuples without
    # the namedtuple's own __new__, a Python call per cell, and a string's cell, the same for
    # every use of it, is made once: fewer objects for the garbage collector's passes, whose
    # full ones cost more than any other step of a 10,000-row export.
    shared = sheet.str_table._get_shared_string_index
    make = tuple.__new__
    plan = list(zip(range(width), text, formats))
    string_cells: dict[int, tuple[int, None]] = {}
    table = sheet.table
    used: set[int] = set()
    filled: list[int] = []
    for r, values in enumerate(rows, start=first):
        cells = {}
        for c, is_text, style in plan:
            value = values[c]
            if value is None or value == "":
                continue
            if is_text:
                index = shared(value)
                cell = string_cells.get(index)
                if cell is None:
                    cell = string_cells[index] = make(CellStringTuple, (index, None))
                cells[c] = cell
            else:
                cells[c] = make(CellNumberTuple, (value, style))
        if cells:
            table[r].update(cells)
            used.update(cells)
            filled.append(r)
    if filled:  # the bounds the per-cell writers would have recorded
        sheet._check_dimensions(filled[0], min(used))
        sheet._check_dimensions(filled[-1], max(used))
    return True


def _write_rows_quickly(sheet: Worksheet) -> bool:
    """Write the sheet's <sheetData> rows as xlsxwriter's `_write_rows` would, byte for byte, for
    a sheet of plain numbers and shared strings: its loop looks every column up in every row
    (twice, spans and cells) and builds each cell's attributes as a list: about a third of a
    10,000-row export. False (nothing written) where the shortcut does not hold: row or column
    formats, comments, custom row heights, another cell type or another xlsxwriter."""
    try:
        from xlsxwriter.utility import xl_col_to_name
        from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple
    except ImportError:
        return False
    try:
        if (sheet.constant_memory or sheet.comments or sheet.row_info or sheet.excel_version == 2010
                or sheet.default_row_height != sheet.original_row_height
                or any(info.column_format is not None for info in sheet.col_info.values())):
            return False
    except AttributeError:  # another xlsxwriter
        return False
    table = {r: cells for r, cells in sheet.table.items() if cells}
    if any(type(cell) not in (CellNumberTuple, CellStringTuple) for cells in table.values() for cell in cells.values()):
        return False
    # The <row> spans: the first and last column used in each block of 16 rows, counted from 1.
    blocks: dict[int, tuple[int, int]] = {}
    for r, cells in table.items():
        low, high = min(cells), max(cells)
        if (block := blocks.get(r // 16)) is not None:
            low, high = min(low, block[0]), max(high, block[1])
        blocks[r // 16] = (low, high)
    spans = {block: f"{low + 1}:{high + 1}" for block, (low, high) in blocks.items()}
    names = [xl_col_to_name(c) for c in range(sheet.dim_colmax + 1)]
    styles: dict[int, str] = {}
    write = sheet.fh.write
    for r in sorted(table):
        cells = table[r]
        n = r + 1
        span = spans.get(r // 16)
        parts = [f'<row r="{n}" spans="{span}">' if span else f'<row r="{n}">']
        for c in sorted(cells):
            cell = cells[c]
            style = ""
            if cell.format:
                style = styles.get(id(cell.format)) or styles.setdefault(
                    id(cell.format), f' s="{cell.format._get_xf_index()}"')
            if type(cell) is CellNumberTuple:
                parts.append(f'<c r="{names[c]}{n}"{style}><v>{cell.number:.16G}</v></c>')
            else:
                parts.append(f'<c r="{names[c]}{n}"{style} t="s"><v>{cell.string}</v></c>')
        parts.append("</row>")
        write("".join(parts))
    return True


def _quick_rows(sheet: Worksheet) -> None:
    """The sheet writes its rows with _write_rows_quickly, or as xlsxwriter does where that cannot."""
    original = sheet._write_rows

    def write_rows() -> None:
        if not _write_rows_quickly(sheet):
            original()

    sheet._write_rows = write_rows


def _intervention_table(log: SpeakerLog) -> tuple[list[tuple[str, str]], list[list[Cell]]]:
    """The Interventions sheet. What is usually empty (no overrun, no pause, not a point of
    order, not amended) is left blank rather than written: a 10,000-row sheet is written cell by
    cell, and blanks filter as well. Ids and seats are in the csv and json."""
    informal = any(i.informal for i in log.interventions)
    columns = [("#", INT), (_("Speaker"), TEXT), (_("Category"), TEXT), (_("Regional group"), TEXT), (_("Role"), TEXT),
               (_("Item"), TEXT)] + ([(_("Segment"), TEXT)] if informal else []) + [
               (_("Started"), MOMENT), (_("Ended"), MOMENT), (_("Duration"), DURATION), (_("Allotted"), DURATION),
               (_("Overrun"), DURATION), (_("Paused"), DURATION), (_("Point of order"), TEXT), (_("Notes"), TEXT),
               (_("Amended"), TEXT)]
    labels = {c: category_label(c) for c in log.summary.by_category}
    roles: dict[str, str] = {}
    rows: list[list[Cell]] = []
    for i in log.interventions:
        role = roles.get(i.role) or roles.setdefault(i.role, role_label(i.role))
        row: list[Cell] = [i.order, speaker_label(i), labels[i.category],
                           i.regional_group and group_name(i.regional_group), role, i.item_title]
        if informal:
            row.append(_("Outside the formal session") if i.informal else _("Formal session"))
        row += [serial(i.started_at), serial(i.ended_at), i.duration_s / DAY, i.allotted_s / DAY,
                i.overrun_s / DAY if i.overrun_s else None, i.paused_s / DAY if i.paused_s else None,
                _("Yes") if i.point_of_order else None,
                "; ".join([pgettext("note", "out of turn"), *i.notes]) if i.out_of_turn else "; ".join(i.notes),
                _("Yes") if i.corrected else None]
        rows.append(row)
    return columns, rows


def _chart(book: _Book, sheet: Worksheet, title: str, first: int, last: int) -> Chart:
    """A native bar chart of the Minutes column (E) against the names (A), rows first..last."""
    chart = book.book.add_chart({"type": "bar"})
    chart.add_series({
        "name": _("Speaking time (minutes)"),
        "categories": [sheet.name, first, 0, last, 0],
        "values": [sheet.name, first, 4, last, 4],
        "data_labels": {"value": True, "num_format": "0"},
    })
    chart.set_title({"name": title})
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": _("Minutes")})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 620, "height": max(220, 90 + 34 * (last - first + 1))})
    return chart


def to_xlsx(log: SpeakerLog) -> bytes:
    book = _Book(log)
    xl = book.book
    summary = log.summary

    sheet = xl.add_worksheet(_("Interventions"))
    _quick_rows(sheet)
    book.table(sheet, 0, *_intervention_table(log))
    sheet.freeze_panes(1, 0)
    printed_title = shown_title(log.meeting)
    book.print_setup(sheet, printed_title)

    s = xl.add_worksheet(_("Summary"))
    s.write_string(0, 0, _("Speaker log: {title}").format(title=shown_title(log.meeting)), book.title)
    s.write_string(1, 0, f"{log.meeting.venue}, {meeting_dates(log.meeting.days)}")
    row = 3
    for sentence in summary.sentences:
        s.write_string(row, 0, sentence)
        row += 1
    row += 1
    counts = [(_("Category"), TEXT), (_("Speakers"), INT), (_("Interventions"), INT), (_("Speaking time"), LONG_DURATION),
              (_("Minutes"), NUMBER)]
    by_category: list[list[Cell]] = [
        [category_label(c), v.speakers, v.interventions, v.speaking_time_s / DAY, round(v.speaking_time_s / 60, 1)]
        for c, v in summary.by_category.items() if v.interventions]
    category_top = row
    row = book.table(s, row, counts, by_category, filter_=False) + 1
    groups: list[list[Cell]] = [
        [group_name(g), v.speakers, v.interventions, v.speaking_time_s / DAY, round(v.speaking_time_s / 60, 1)]
        for g, v in summary.by_regional_group.items()]
    group_top = row
    row = book.table(s, row, [(_("Member States by regional group"), TEXT)] + counts[1:], groups, filter_=False) + 1
    if summary.balance is not None:  # counts only: the list of participants gives the speakers' gender
        genders: list[list[Cell]] = [
            [gender_label(g), v.speakers, v.interventions, v.speaking_time_s / DAY, round(v.speaking_time_s / 60, 1)]
            for g, v in summary.balance.by_gender.items() if v.interventions]
        row = book.table(s, row, [(_("Balance of the room: by gender of the speaker"), TEXT)] + counts[1:], genders,
                         filter_=False) + 1
        turns: list[list[Cell]] = [
            [turn_label(t), v.speakers, v.interventions, v.speaking_time_s / DAY, round(v.speaking_time_s / 60, 1)]
            for t, v in summary.balance.by_turn.items()]
        row = book.table(s, row, [(_("Balance of the room: first-time and repeat interventions"), TEXT)] + counts[1:],
                         turns, filter_=False) + 1
    totals = [
        (_("Interventions"), summary.interventions, INT), (_("Points of order"), summary.points_of_order, INT),
        (_("Total speaking time"), summary.total_speaking_time_s / DAY, LONG_DURATION),
        (_("Mean speaking time"), summary.mean_speaking_time_s / DAY, DURATION),
        (_("Over their time"), summary.overruns, INT),
        (_("Total overrun"), summary.total_overrun_s / DAY, DURATION),
        (_("Corrections"), len(log.corrections), INT),
    ]
    for name, value, kind in totals:
        s.write_string(row, 0, name, book.bold)
        s.write_number(row, 1, value, book.formats.get(kind))
        row += 1
    names = [len(str(g[0])) + 2 for g in by_category + groups]
    s.set_column(0, 0, max(32, *names) if names else 32)
    s.freeze_panes(1, 0)
    book.print_setup(s, printed_title, header_row=None)
    if by_category:
        s.insert_chart(category_top, 6, _chart(book, s, _("Speaking time by category"), category_top + 1,
                                    category_top + len(by_category)))
    if groups:
        s.insert_chart(max(group_top, category_top + 16), 6, _chart(book, s, _("Member States: speaking time by regional group"), group_top + 1,
                                     group_top + len(groups)))

    p = xl.add_worksheet(_("Programme"))
    book.table(p, 0, [
        (_("Day"), INT), (_("Item"), TEXT), (_("Segment"), TEXT), (_("Outside the formal session"), TEXT),
        (_("Scheduled start"), CLOCK), (_("Scheduled end"), CLOCK), (_("Actual start"), MOMENT), (_("Actual end"), MOMENT),
        (_("Slip (minutes)"), NUMBER), (_("Interventions"), INT), (_("Speaking time"), LONG_DURATION),
    ], [[i.day, i.title, kind_label(i.kind), _("Yes") if i.informal else _("No"),
         _clock(i.scheduled_start), _clock(i.scheduled_end), serial(i.actual_start),
         serial(i.actual_end), None if i.slip_s is None else round(i.slip_s / 60, 1),
         i.interventions, i.speaking_time_s / DAY] for i in log.items])
    p.freeze_panes(1, 0)
    book.print_setup(p, printed_title)

    titles = {item.id: item.title for item in log.items}
    m = xl.add_worksheet(_("Not reached"))
    book.table(m, 0, [
        (_("Speaker"), TEXT), (_("Speaker id"), TEXT), (_("Category"), TEXT), (_("Seat"), INT), (_("On behalf of"), TEXT),
        (_("Item"), TEXT), (_("Requested"), MOMENT), (_("Status"), TEXT), (_("Place in queue"), INT),
    ], [[speaker_label(r, group=False), r.speaker_id, category_label(r.category), r.seat,
         r.on_behalf_of and group_name(r.on_behalf_of), titles.get(r.item, r.item),
         serial(r.requested_at), status_label(r.status),
         r.queue_position] for r in log.requests_not_reached])
    m.freeze_panes(1, 0)
    book.print_setup(m, printed_title)

    c = xl.add_worksheet(_("Corrections"))
    book.table(c, 0, [
        ("#", INT), (_("Speaker"), TEXT), (_("Corrected at"), MOMENT), (_("What changed"), TEXT),
        (_("Duration before"), DURATION), (_("Duration after"), DURATION), (_("Overrun before"), DURATION),
        (_("Overrun after"), DURATION),
    ], [[k.intervention, correction_speaker(log, k), serial(k.at), describe_correction(k),
         _days(k.duration_s, after=False), _days(k.duration_s, after=True),
         _days(k.overrun_s, after=False), _days(k.overrun_s, after=True)]
        for k in log.corrections])
    c.freeze_panes(1, 0)
    book.print_setup(c, printed_title)
    return book.close()
