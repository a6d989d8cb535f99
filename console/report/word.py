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

from dais.console.room.clock import whole_minutes
from dais.console.lang.i18n import (
    _,
    category_label,
    duration_words,
    gender_label,
    group_name,
    language,
    ngettext,
    number,
    role_label,
    status_label,
    turn_label,
)
from dais.console.report.log_text import (
    correction_speaker,
    day_label,
    describe_correction,
    hm,
    hms,
    item_notes,
    meeting_dates,
    rehearsal_note,
    shown_title,
    speaker_label,
)
from dais.models.programme import format_hmmss, format_mss
from dais.models.speaker_log import Counts, LogIntervention, LogItem, SpeakerLog

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

        from docx.shared import Twips

        table: Table = doc.add_table(rows=2 if rows else 1, cols=len(header))
        table.style = doc.styles["Table Grid"]
        # Each column as wide as its content asks, within the page: equal columns break words.
        table.autofit = False
        fitted = column_widths(header, rows)
        for column, width in zip(table.columns, fitted):
            column.width = Twips(width)
        for cell, text, width in zip(table.rows[0].cells, header, fitted):
            cell.width = Twips(width)
            cell.paragraphs[0].add_run(clean(text)).bold = True
        head = table.rows[0]._tr
        # The header row repeats on each page; no row is split across two pages.
        head.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        head.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        if rows:
            widths = [_width(cell._tc.tcPr, qn("w:tcW"), qn("w:w")) for cell in table.rows[0].cells]
            token = f"DAIS-ROWS-{len(self.pending)}"
            table.rows[1].cells[0].text = token
            opening = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">'
                       for w in widths]
            closing = "</w:t></w:r></w:p></w:tc>"
            xml = "".join(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + "".join(opening[c] + str(value).translate(_ESCAPE) + closing for c, value in enumerate(row))
                + "</w:tr>"
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


# The page: A4 with 2 cm margins left and right, so a table has 17 cm, in twips (1/1440 inch).
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0
TEXT_WIDTH = round((PAGE_WIDTH_CM - 2 * MARGIN_CM) / 2.54 * 1440)
# A character of 11 pt Calibri is about 110 twips wide on average (bold a little more), and a
# cell's left and right padding take 216 (0.08 inch each, and the border).
_CHAR, _PADDING = 115, 230


def column_widths(header: list[str], rows: list[list[str]], total: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips that add up to `total`: each column as wide as its longest line
    asks (up to about 40 characters), and never narrower than its longest word where the page
    allows, so that a word is broken only when a single word is wider than its share."""
    columns = list(zip(header, *rows)) if rows else [(h,) for h in header]
    wants, words = [], []
    for column in columns:
        texts = [str(text) for text in column]
        longest_line = max(len(line) for text in texts for line in text.splitlines() or [""])
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        wants.append(min(max(longest_line, 2), 40) * _CHAR + _PADDING)
        words.append(min(longest_word, 40) * _CHAR + _PADDING)
    if sum(wants) <= total:  # everything fits on one line: the room left is shared out
        spare = total - sum(wants)
        widths = [want + spare * want // sum(wants) for want in wants]
    elif sum(words) <= total:  # every word fits: the rest goes to the long texts, which wrap
        spare = total - sum(words)
        extra = [want - word for want, word in zip(wants, words)]
        widths = [word + (spare * e // sum(extra) if sum(extra) else 0) for word, e in zip(words, extra)]
    else:  # a word wider than the page allows: shares of the page, the widest words widest
        widths = [total * word // sum(words) for word in words]
    widths[-1] += total - sum(widths)  # rounding: exactly the text's width
    return widths


def page_setup(doc: Document, title: str) -> None:
    """A4 with its margins (python-docx's template is US Letter), the meeting's title at the top
    of each page and "Page 3 of 12" at the foot, as Word fields that count the pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    top = section.header.paragraphs[0]
    top.add_run(clean(title)).font.size = Pt(9)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # "Page {page} of {pages}" with the fields put where the language puts them.
    template = _("Page {page} of {pages}")
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece in ("{page}", "{pages}"):
            instruction = "PAGE" if piece == "{page}" else "NUMPAGES"
            foot._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} ">'
                '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'))
        elif piece:
            foot.add_run(piece).font.size = Pt(9)


# The document's language, for Word's spelling, hyphenation and reading aloud: python-docx's
# template says en-US. The UN writes British English.
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR"}


def tag_language(doc: Document) -> None:
    """Every language setting of the styles (the defaults and any style's own) in the interface's language."""
    from docx.oxml.ns import qn

    tag = LANGUAGE_TAGS.get(language(), language())
    for lang in doc.styles.element.iter(qn("w:lang")):
        for attribute in ("w:val", "w:eastAsia"):
            if lang.get(qn(attribute)) is not None:
                lang.set(qn(attribute), tag)


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
    # A category's total runs to hours: [h]:mm:ss ("1:02:30"), not minutes past sixty.
    return [[label(name), str(v.speakers), str(v.interventions), format_hmmss(v.speaking_time_s)]
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

    page_setup(doc, shown_title(meeting))
    tag_language(doc)

    # The title block, as a co-facilitators' summary opens: the meeting, what this is, where and when.
    doc.add_heading(clean(shown_title(meeting)), level=0)
    doc.add_paragraph(_("Summary of the proceedings, from the speaker log"), style="Subtitle")
    doc.add_paragraph(clean(f"{meeting.venue}, {meeting_dates(meeting.days)}"))

    doc.add_heading(_("Introduction"), level=1)
    for paragraph in introduction(log):
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
        doc.add_paragraph(clean(item_account(item)))
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
        doc.add_heading(_("Time against budget"), level=2)
        add_table(doc, [_("Item"), _("Budget for"), _("Used"), _("Budget")],
                  [[b.item_title, b.holder, format_mss(b.used_s), format_mss(b.total_s)]
                   for b in log.budgets])

    if log.corrections:
        doc.add_heading(_("Corrections"), level=1)
        add_table(doc, ["#", _("Speaker"), _("Corrected at"), _("What changed")],
               [[str(c.intervention), correction_speaker(log, c), hms(c.at), describe_correction(c)]
                for c in log.corrections])
    if log.requests_not_reached:
        doc.add_heading(_("Requests not reached"), level=1)
        titles = {item.id: item.title for item in log.items}
        add_table(doc, [_("Speaker"), _("Category"), _("Item"), _("Requested"), _("Status")],
               [[speaker_label(r, group=False), category_label(r.category),
                 titles.get(r.item, r.item), hm(r.requested_at), status_label(r.status)]
                for r in log.requests_not_reached])

    # The programme as an annex: what was scheduled, what was held, and its slip.
    doc.add_heading(_("Annex: programme of work, scheduled and held"), level=1)
    add_table(doc, [_("Day"), _("Item"), _("Scheduled"), _("Held"), _("Slip"), _("Interventions"),
                    _("Speaking time")],
              [[str(i.day), i.title, f"{hm(i.scheduled_start)}–{hm(i.scheduled_end)}",
                f"{hm(i.actual_start)}–{hm(i.actual_end)}" if i.actual_start else _("not held"),
                "" if i.slip_s is None else _("{n:+d} min").format(n=whole_minutes(i.slip_s)),
                str(i.interventions), format_hmmss(i.speaking_time_s)] for i in log.items])

    out = io.BytesIO()
    doc.save(out)
    return _stamped(out.getvalue(), first_day.date(), rows)


def introduction(log: SpeakerLog) -> list[str]:
    """The summary's opening: where and when the meeting was held, who spoke (the counts
    sentences of the co-facilitators' summaries) and for how long, in words."""
    meeting = log.meeting
    s = log.summary
    paragraphs = [rehearsal_note(meeting)] if meeting.rehearsal else []
    # One form for one day and another for several: French says "le 8 mai", "les 8–9 mai".
    held = ngettext("The meeting was held on {dates}, at {venue}.",
                    "The meeting was held on {dates}, at {venue}.",
                    len(meeting.days)).format(venue=meeting.venue, dates=meeting_dates(meeting.days))
    paragraphs.append(" ".join([held, *s.sentences]))
    figures = [ngettext("There was {n} intervention, in {time} of speaking time (a mean of {mean} each).",
                        "There were {n} interventions, in {time} of speaking time (a mean of {mean} each).",
                        s.interventions).format(n=number(s.interventions),
                                                time=duration_words(s.total_speaking_time_s),
                                                mean=format_mss(s.mean_speaking_time_s))]
    if s.overruns:
        figures.append(ngettext("{n} speaker went over their time, by {total} in all.",
                                "{n} speakers went over their time, by {total} in all.", s.overruns).format(
            n=number(s.overruns), total=duration_words(s.total_overrun_s)))
    if s.points_of_order:
        figures.append(ngettext("{n} point of order was raised.", "{n} points of order were raised.",
                                s.points_of_order).format(n=number(s.points_of_order)))
    paragraphs.append(" ".join(figures))
    return paragraphs


def item_account(item: LogItem) -> str:
    """An item's line under its heading: when it was held against its schedule, and its figures."""
    scheduled = f"{hm(item.scheduled_start)}–{hm(item.scheduled_end)}"
    if item.actual_start is None:
        when = _("Scheduled {scheduled}; not held.").format(scheduled=scheduled)
    else:
        held = f"{hm(item.actual_start)}–{hm(item.actual_end)}" if item.actual_end else hm(item.actual_start)
        when = _("Held {held} (scheduled {scheduled}).").format(held=held, scheduled=scheduled)
    return " ".join([when, ngettext("{n} intervention, {time} of speaking time.",
                                    "{n} interventions, {time} of speaking time.", item.interventions).format(
        n=number(item.interventions), time=duration_words(item.speaking_time_s))])
