"""Every export read back in French: the md, html and chair pages, the xlsx's cells, sheets and
print headers, and the docx's paragraphs, tables, headers and footers. Each fails on English
left in it: a catalogue message whose French differs, a common English interface word, or a
State's English name where French has its own ("Norway" for "Norvège"). People's text (the
programme's titles, the venue, the panel, notes typed at the dais, organisations Dais has no
French for) is data, and is left out of the search. The docx is tagged in its language."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from dais.console.lang import i18n
from dais.console.report.export import render, speaker_log
from dais.models import Budget, Category, RegionalGroup
from tests.session import run_panel_session
from tests.ui.test_french_screens import ENGLISH_WORDS, data_words, english_left

SHOWN = ("md", "html", "chair", "xlsx", "docx")
# Words of the exports' English that the screens' list has no need of.
EXPORT_WORDS = ENGLISH_WORDS | {
    "Waiting", "Cleared", "Yes", "No", "REHEARSAL", "run", "record", "meeting", "held", "Held", "not",
    "dated", "Summary", "Requested", "Duration", "Category", "Role", "Used", "Left", "Actual", "Mean",
    "Amended", "Started", "Ended", "Allotted", "Overrun", "Paused", "Holder", "Limit", "Seat", "Speakers",
}  # not "Corrections", "Interventions", "Notes", "Minutes", "Page", "Total", "Programme": French too


def texts_of(fmt: str, data: bytes) -> str:
    """What a reader of the file sees, as text."""
    if fmt in ("md", "html", "chair"):
        text = data.decode("utf-8")
        if fmt != "md":
            text = re.sub(r"<style[^>]*>.*?</style>", " ", text, flags=re.S)
            text = re.sub(r"<[^>]+>", " ", text)
        return text.replace("&amp;", "&").replace("\xa0", " ").replace("\u202f", " ")
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        parts = list(book.sheetnames)
        for sheet in book.worksheets:
            parts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
            parts += [sheet.oddHeader.left.text or "", sheet.oddFooter.center.text or ""]
        charts = [zipfile.ZipFile(io.BytesIO(data)).read(n).decode() for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                  if n.startswith("xl/charts/")]
        parts += [t for chart in charts for t in re.findall(r"<a:t>(.*?)</a:t>", chart)]
        return "\n".join(parts).replace("\xa0", " ").replace("\u202f", " ")
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts).replace("\xa0", " ").replace("\u202f", " ")


def english_names_left(text: str, roster) -> list[str]:
    """States named in English where French has another name: "Norway", "South Africa"."""
    left = []
    with i18n.using("fr"):
        for p in roster:
            if p.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE):
                french = i18n.participant_name(p.id, p.category.value, p.name)
                if french != p.name and re.search(rf"(?<![\w-]){re.escape(p.name)}(?![\w-])", text):
                    left.append(p.name)
    return left


@pytest.fixture
async def busy(tmp_path, programme, clock):
    """The scripted session, with budgets on Panel 1, Norway and South Africa waiting, and a
    correction from Switzerland to Argentina: every table of every export has rows."""
    items = list(programme.items)
    items[1] = items[1].model_copy(update={"budgets": [
        Budget(category=Category.MEMBER_STATE, limit=120, total=900), Budget(group=RegionalGroup.WEOG, total=600)]})
    from dais.console.floor.meeting import Meeting

    meeting = await Meeting.open(tmp_path / "busy.dais", programme.model_copy(update={"items": items}), clock=clock)
    await run_panel_session(meeting, clock)
    await meeting.request_floor("NOR")
    await meeting.request_floor("ZAF")
    yield meeting
    await meeting.close()


def allowed_words(meeting, log) -> set[str]:
    typed = [note for i in log.interventions for note in i.notes]
    typed += [p.name for p in meeting.state.roster if p.category not in (Category.MEMBER_STATE,
                                                                           Category.OBSERVER_STATE)]
    return data_words(meeting) | {w for text in typed for w in re.findall(r"[\w’'-]+", text)}


@pytest.mark.parametrize("rehearsal", [False, True])
@pytest.mark.parametrize("fmt", SHOWN)
async def test_every_export_in_french_has_no_english_left(busy, clock, fmt, rehearsal):
    with i18n.using("fr"):
        log = speaker_log(busy.state, as_of=clock())
        if rehearsal:
            log = log.model_copy(update={"meeting": log.meeting.model_copy(update={
                "rehearsal": True, "dated_from": list(log.meeting.days)})})
        text = texts_of(fmt, render(log, fmt))
    assert "Norvège" in text and "Afrique du Sud" in text and "Argentine" in text  # the walk reached them
    allowed = allowed_words(busy, log)
    left = english_left(text, allowed) + english_names_left(text, busy.state.roster)
    words = set(re.findall(r"[A-Za-z][\w-]*", text))
    left += sorted(word for word in words & (EXPORT_WORDS - ENGLISH_WORDS) if word not in allowed)
    assert left == [], " | ".join(left)


def test_the_check_finds_the_english_of_an_export():
    from dais.console.room.roster import Roster

    roster = Roster.reference()
    assert "Day" in english_left("Day 1, 8 mai 2017 : Ouverture")
    assert english_names_left("Norway, South Africa; Côte d’Ivoire", roster) == ["Norway", "South Africa"]
    assert english_names_left("Norvège, Afrique du Sud, Cuba, Kenya", roster) == []  # French, or the same name


@pytest.mark.parametrize(("language", "tag"), [("fr", "fr-FR"), ("en", "en-GB")])
async def test_the_docx_is_tagged_in_its_language(session, clock, language, tag):
    with i18n.using(language):
        data = render(speaker_log(session.state, as_of=clock()), "docx")
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)[0]
    assert f'w:val="{tag}"' in defaults and "en-US" not in styles
