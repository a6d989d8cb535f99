"""The speaker log as a Word document, for the Secretariat to draft its summary from.

Word's own styles only (Title, Heading 1 and 2, Table Grid), so the Secretariat can restyle
the whole document at once. Written with python-docx, but for the tables' body rows (see
_Rows). Text from people goes into the XML escaped, and characters XML cannot hold are
dropped. The file carries the meeting's first day as its dates, so the same journal gives the
same bytes on any day.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, TypeVar

from dais.console.i18n import _, category_label, gender_label, group_name, role_label, status_label, turn_label
from dais.console.log_text import (
    day_label,
    describe_correction,
    hm,
    hms,
    item_notes,
    meeting_dates,
    overview,
    shown_title,
    speaker_label,
)
from dais.models.programme import format_mss
from dais.models.speaker_log import Counts, LogIntervention, SpeakerLog

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from docx.document import Document
    from docx.oxml.table import CT_TcPr
    from docx.table import Table

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: object) -> str:
    """Text as XML 1.0 can hold it (lxml refuses control characters)."""
    return _NOT_XML.sub("", "" if text is None else str(text))


# One pass per cell: XML's three special characters escaped, the characters it cannot hold dropped.
_ESCAPE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;",
           **{c: None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}}


class _Rows:
    """The body rows of the document's tables, put in when the file is written.

    python-docx builds each row as objects (about a millisecond a row) and lxml then parses and
    serialises them again; a long meeting has ten thousand rows. So each table gets a
    placeholder row, and the rows, built as WordprocessingML text with every value escaped, take
    its place in word/document.xml as the package is stamped (see _stamped).
    """

    def __init__(self) -> None:
        self.pending: list[tuple[str, str]] = []

    def table(self, doc: Document, header: list[str], rows: list[list[str]]) -> Table:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        table: Table = doc.add_table(rows=2 if rows else 1, cols=len(header))
        table.style = doc.styles["Table Grid"]
        for cell, text in zip(table.rows[0].cells, header):
            cell.paragraphs[0].add_run(clean(text)).bold = True
        head = table.rows[0]._tr
        head.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))  # repeats on each page
        if rows:
            widths = [_width(cell._tc.tcPr, qn("w:tcW"), qn("w:w")) for cell in table.rows[0].cells]
            token = f"DAIS-ROWS-{len(self.pending)}"
            table.rows[1].cells[0].text = token
            opening = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">'
                       for w in widths]
            closing = "</w:t></w:r></w:p></w:tc>"
            xml = "".join(
                "<w:tr>" + "".join(opening[c] + str(value).translate(_ESCAPE) + closing
                                   for c, value in enumerate(row)) + "</w:tr>"
                for row in rows)
            self.pending.append((token, xml))
        return table

    def put_in(self, document_xml: bytes) -> bytes:
        text = document_xml.decode("utf-8")
        pieces = []
        done = 0
        for token, xml in self.pending:
            # Only a placeholder row has this text alone in a cell: person-given text goes into
            # the rows, and headings are paragraphs, not cells.
            at = text.index(f"<w:t>{token}</w:t></w:r></w:p></w:tc>", done)
            start = text.rindex("<w:tr>", done, at)
            end = text.index("</w:tr>", at) + len("</w:tr>")
            pieces += [text[done:start], xml]
            done = end
        pieces.append(text[done:])
        return "".join(pieces).encode("utf-8")


def _width(properties: CT_TcPr | None, tag: str, attribute: str) -> str:
    """A header cell's width as python-docx set it (every cell of a new table has one)."""
    width = None if properties is None else properties.find(tag)
    return "0" if width is None else str(width.get(attribute))


def _stamped(data: bytes, day: dt.date, rows: _Rows) -> bytes:
    """The package again, each part stamped with the meeting's day (python-docx stamps the time it
    wrote it) and the tables' rows in place."""
    out = io.BytesIO()
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                part = rows.put_in(part)
            target.writestr(fixed, part)
    return out.getvalue()


_Name = TypeVar("_Name", bound=str)


def _counts_rows(counts: Mapping[_Name, Counts], label: Callable[[_Name], str]) -> list[list[str]]:
    return [[label(name), str(v.speakers), str(v.interventions), format_mss(v.speaking_time_s)]
            for name, v in counts.items() if v.interventions]


def to_docx(log: SpeakerLog) -> bytes:
    import docx

    meeting = log.meeting
    summary = log.summary
    doc = docx.Document()
    rows = _Rows()
    add_table = rows.table
    first = meeting.days[0]
    first_day = dt.datetime(first.year, first.month, first.day, tzinfo=dt.timezone.utc)
    properties = doc.core_properties
    properties.title = clean(_("Speaker log: {title}").format(title=meeting.title))
    properties.created = properties.modified = first_day
    properties.last_modified_by = properties.author = "Dais"
    properties.revision = 1

    doc.add_heading(clean(shown_title(meeting)), level=0)
    doc.add_paragraph(clean(f"{meeting.venue}, {meeting_dates(meeting.days)}"))

    doc.add_heading(_("Summary"), level=1)
    for paragraph in overview(log)[1:]:
        doc.add_paragraph(clean(paragraph))

    doc.add_heading(_("Speakers by item"), level=1)
    by_item: dict[str, list[LogIntervention]] = {}
    for i in log.interventions:
        by_item.setdefault(i.item, []).append(i)
    for item in log.items:
        spoken = by_item.get(item.id)
        if not spoken:
            continue
        doc.add_heading(clean(day_label(log, item) + item.title
                              + (_(" (outside the formal session)") if item.informal else "")),
                        level=2)
        add_table(doc, ["#", _("Speaker"), _("Category"), _("Role"), _("Start"), _("Duration"), _("Notes")],
               [[str(i.order), speaker_label(i), category_label(i.category), role_label(i.role),
                 hm(i.started_at), format_mss(i.duration_s), item_notes(i)] for i in spoken])

    doc.add_heading(_("Counts"), level=1)
    header = [_("Category"), _("Speakers"), _("Interventions"), _("Speaking time")]
    doc.add_heading(_("By category"), level=2)
    add_table(doc, header, _counts_rows(summary.by_category, category_label))
    informal = summary.by_segment.informal
    if any(v.interventions for v in informal.values()):
        doc.add_heading(_("Outside the formal session, by category"), level=2)
        add_table(doc, header, _counts_rows(informal, category_label))
    if summary.by_regional_group:
        doc.add_heading(_("Member States by regional group"), level=2)
        add_table(doc, [_("Regional group"), *header[1:]], _counts_rows(summary.by_regional_group, group_name))

    if summary.balance is not None:  # counts only: the list of participants gives the speakers' gender
        doc.add_heading(_("Balance of the room: by gender of the speaker"), level=2)
        add_table(doc, [_("Gender"), *header[1:]],
                  _counts_rows(summary.balance.by_gender, gender_label))
        doc.add_heading(_("Balance of the room: first-time and repeat interventions"), level=2)
        add_table(doc, [_("Intervention"), *header[1:]], _counts_rows(summary.balance.by_turn, turn_label))

    if log.budgets:
        doc.add_heading("Time against budget", level=2)
        add_table(doc, ["Item", "Budget for", "Used", "Budget"],
                  [[b.item_title, b.holder, format_mss(b.used_s), format_mss(b.total_s)]
                   for b in log.budgets])

    if log.corrections:
        doc.add_heading(_("Corrections"), level=1)
        add_table(doc, ["#", _("Speaker"), _("Corrected at"), _("What changed")],
               [[str(c.intervention), c.speaker, hms(c.at), describe_correction(c)]
                for c in log.corrections])
    if log.requests_not_reached:
        doc.add_heading(_("Requests not reached"), level=1)
        titles = {item.id: item.title for item in log.items}
        add_table(doc, [_("Speaker"), _("Category"), _("Item"), _("Requested"), _("Status")],
               [[speaker_label(r, group=False), category_label(r.category),
                 titles.get(r.item, r.item), hm(r.requested_at), status_label(r.status)]
                for r in log.requests_not_reached])

    out = io.BytesIO()
    doc.save(out)
    return _stamped(out.getvalue(), first_day.date(), rows)
