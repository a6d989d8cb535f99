"""The exports on paper: A4 page set-up read back from the xlsx (openpyxl) and the docx
(python-docx and its XML), and the html report and the chair's list printed by Chromium to PDF,
read back with pypdf (page size, page count, nothing past the page's edge)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from dais.console.report.export import render, speaker_log
from dais.models import Category
from tests.printed import A4_MM, page_sizes_mm, print_to_pdf, smallest_text_pt, text_beyond_the_page, text_of
from tests.served import CHROMIUM

LONG = "secretariat@undocumentedmigrantsplatformforinternationalcooperation.example.org"

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")


def log_of(meeting):
    return speaker_log(meeting.state, as_of=meeting.entries[-1].at)


def with_a_long_name(log):
    """The log with a speaker named by a long web address, a word no line can hold, on every item."""
    changed = [i.model_copy(update={"speaker": LONG, "speaker_id": "stakeholder:long",
                                    "category": Category.STAKEHOLDER, "notes": [LONG]})
               if i.order in (5, 6) or i.order % 7 == 0 else i for i in log.interventions]
    waiting = [r.model_copy(update={"speaker": LONG, "speaker_id": "stakeholder:long",
                                    "category": Category.STAKEHOLDER}) for r in log.requests_not_reached]
    return log.model_copy(update={"interventions": changed, "requests_not_reached": waiting})


@needs_chromium
@pytest.mark.parametrize("fmt", ["chair", "html"])
async def test_the_pages_print_on_a4_with_nothing_cut_off(session, tmp_path, fmt):
    log = with_a_long_name(log_of(session))
    pdf = print_to_pdf(render(log, fmt), tmp_path / "print", fmt)
    sizes = page_sizes_mm(pdf)
    assert all(abs(w - A4_MM[0]) < 1 and abs(h - A4_MM[1]) < 1 for w, h in sizes), sizes
    assert text_beyond_the_page(pdf) == []
    printed = re.sub(r"\s+", "", text_of(pdf))
    assert "Argentina" in printed and "cooperation.example.org" in printed  # every word printed, the long one too
    if fmt == "chair":
        held = [i for i in log.items if any(v.item == i.id for v in log.interventions) or i.id == log.meeting.current_item]
        assert len(sizes) == len(held)  # one item per page, and no item spills onto a second
        # At its stylesheet's 11 pt: Chromium shrinks a table too wide for the paper (7.3 pt
        # here when the long word widened it), and other browsers cut it off at the edge.
        assert smallest_text_pt(pdf) >= 10.9


async def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_on_each_page(session):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(render(log_of(session), "xlsx")))
    assert book.sheetnames == ["Interventions", "Summary", "Programme", "Not reached", "Corrections"]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9 and setup.orientation == "landscape", sheet.title  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (1, the file format's default, is left out), as many pages down as it takes
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)
        assert sheet.print_options.gridLines
        assert sheet.oddFooter.center.text == "Page &P of &N"
        assert sheet.oddHeader.right.text == "&A" and "First informal thematic session" in sheet.oddHeader.left.text
        assert sheet.page_margins.left == 0.5
        if sheet.title != "Summary":
            assert sheet.print_title_rows == "$1:$1"  # the header row on every page


def _docx(log):
    import docx

    data = render(log, "docx")
    return docx.Document(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


async def test_the_document_is_a4_with_page_numbers_and_rows_that_do_not_split(session):
    doc, xml = _docx(log_of(session))
    section, = doc.sections
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.0  # stored in twips
    footer = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert "".join(t.text for t in section.footer.paragraphs[0].runs).startswith("Page ")
    rows = re.findall(r"<w:tr>.*?</w:tr>|<w:tr .*?</w:tr>", xml, re.S)
    assert len(rows) > 30 and all("<w:cantSplit/>" in row for row in rows)  # no row across two pages
    for table in doc.tables:
        assert "<w:tblHeader/>" in table.rows[0]._tr.xml  # the header row repeats on each page


async def test_columns_are_as_wide_as_their_content_and_words_are_not_broken(session):
    from dais.console.report.word import TEXT_WIDTH

    doc, _xml = _docx(log_of(session))
    speakers = next(t for t in doc.tables if t.rows[0].cells[1].text == "Speaker")
    widths = [c.width for c in speakers.columns]
    assert len(set(widths)) > 2  # not equal columns
    assert abs(sum(w.twips for w in widths) - TEXT_WIDTH) <= len(widths)  # the page's width, A4 less its margins
    for table in doc.tables:
        for c, column in enumerate(table.columns):
            longest = max((len(word) for row in table.rows for word in row.cells[c].text.split()), default=0)
            assert column.width.twips >= longest * 100, (table.rows[0].cells[c].text, longest)
