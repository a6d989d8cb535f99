"""The xlsx, docx and chair exports read back, the published schema, and the correction history."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from dais.console.report.export import render, speaker_log
from dais.console.report.schema import generated, shipped
from dais.models import AgendaItem, Category, ItemKind
from dais.models.speaker_log import BeforeAfter, LogChange, SpeakerLog


def log_of(meeting):
    return speaker_log(meeting.state, as_of=meeting.entries[-1].at)


def _intervention(meeting, speaker_id: str):
    return next(i for i in meeting.state.interventions.values() if i.participant_id == speaker_id)


# -- the audit trail --------------------------------------------------------------------------

async def test_an_end_time_that_removes_an_overrun_keeps_both_figures(session):
    brazil = _intervention(session, "BRA")  # 200 s spoken against 180: 0:20 over
    await session.correct(brazil.id, ended_at=brazil.ended_at - 20)
    corrected = session.state.interventions[brazil.id]
    (correction,) = corrected.corrections
    assert [(c.field, c.before, c.after) for c in correction.changes] == [
        ("ended_at", brazil.ended_at, brazil.ended_at - 20)]
    assert (correction.overrun_before_s, correction.overrun_after_s) == (20, 0)
    assert (correction.duration_before_s, correction.duration_after_s) == (200, 180)
    assert correction.at == session.entries[-1].at

    log = log_of(session)
    listed = log.corrections[-1]
    assert listed.changes == [LogChange(field="ended_at", before="2017-05-08T11:03:30+02:00",
                                        after="2017-05-08T11:03:10+02:00", before_id=None, after_id=None)]
    assert listed.overrun_s == BeforeAfter(before=20.0, after=0.0)
    assert listed.duration_s == BeforeAfter(before=200.0, after=180.0)
    row = next(i for i in log.interventions if i.speaker_id == "BRA")
    assert row.overrun_s == 0 and row.corrected
    md = render(log, "md").decode()
    assert "| 14 | Brazil | 11:06:45 | End: 11:03:30 → 11:03:10; duration 3:20 → 3:00; overrun 0:20 → 0:00 |" in md
    assert "amended (see Corrections)" in md


async def test_every_correction_of_a_row_is_kept_in_order(session):
    argentina = _intervention(session, "ARG")
    await session.correct(argentina.id, participant_id="URY")
    history = session.state.interventions[argentina.id].corrections
    assert [[(c.field, c.before, c.after) for c in k.changes] for k in history] == [
        [("participant_id", "CHE", "ARG"), ("note", None, "written statement submitted")],
        [("participant_id", "ARG", "URY")],
    ]
    log = log_of(session)
    assert [c.changes[0].before for c in log.corrections] == ["Switzerland", "Argentina"]
    assert log.corrections[1].changes[0].after_id == "URY"
    csv_rows = render(log, "csv").decode().splitlines()
    assert csv_rows[0].endswith(",category_label,amended,out_of_turn,day,rehearsal,on_behalf_of_group_id,"
                                "person,person_title,person_function")
    assert csv_rows[16].endswith(",Member State,yes,no,1,no,,,,") and csv_rows[15].endswith(",Member State,no,no,1,no,,,,")


async def test_undoing_a_correction_removes_it_from_the_history(session):
    kenya = _intervention(session, "KEN")
    await session.correct(kenya.id, note="spoke in French")
    await session.undo()
    assert session.state.interventions[kenya.id].corrections == ()
    assert all(c.speaker != "Kenya" for c in log_of(session).corrections)


# -- right of reply ---------------------------------------------------------------------------

async def test_a_right_of_reply_is_logged_with_its_role(meeting, clock):
    reply = AgendaItem(id="reply", day=1, start="17:40", end="17:50", title="Right of reply",
                       kind=ItemKind.RIGHT_OF_REPLY, floor_limit="10:00", panel_every=0)
    await meeting.add_item(reply, after="panel-2")
    await meeting.advance_item("reply")
    await meeting.request_floor("ARM")
    await meeting.give_floor()
    clock.advance(120)
    await meeting.end_floor()
    (row,) = log_of(meeting).interventions
    assert row.role == "right of reply"
    assert "| 1 | Armenia | Right of reply |" in render(log_of(meeting), "md").decode()


# -- the published schema -----------------------------------------------------------------------

async def test_json_export_validates_against_the_shipped_schema(session):
    import jsonschema

    schema = shipped()
    assert schema == json.loads(generated())  # the shipped file is what the models give
    jsonschema.Draft202012Validator.check_schema(schema)
    log = json.loads(render(log_of(session), "json"))
    jsonschema.validate(log, schema)
    assert SpeakerLog.model_validate(log).model_dump(mode="json") == log
    broken = json.loads(json.dumps(log))
    broken["interventions"][0]["category"] = "member state"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    del broken["corrections"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# -- xlsx -----------------------------------------------------------------------------------------

def _widths(sheet) -> dict[str, float]:
    from openpyxl.utils import get_column_letter

    widths = {}
    for dim in sheet.column_dimensions.values():
        for n in range(dim.min, dim.max + 1):
            widths[get_column_letter(n)] = dim.width
    return widths


async def test_xlsx_shortcuts_write_what_xlsxwriter_itself_writes(session, monkeypatch):
    """console.report.workbook fills the cell table and writes the rows itself for speed: the same bytes
    as xlsxwriter's own per-cell writers and row writer, which the shortcuts stand aside for."""
    from dais.console.report import workbook

    log = log_of(session)
    quick = render(log, "xlsx")
    monkeypatch.setattr(workbook, "_fill_table", lambda *args: False)
    monkeypatch.setattr(workbook, "_write_rows_quickly", lambda sheet: False)
    assert render(log, "xlsx") == quick


async def test_xlsx_read_back_has_real_dates_durations_filters_and_charts(session):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(render(log_of(session), "xlsx")))
    assert book.sheetnames == ["Interventions", "Summary", "Programme", "Not reached", "Corrections"]
    sheet = book["Interventions"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["#", "Speaker", "Category", "Regional group"]
    assert "Amended" in header and all(" " in h or h[0].isupper() or h == "#" for h in header)
    col = {name: n for n, name in enumerate(header)}
    rows = {row[col["Speaker"]].value: row for row in sheet.iter_rows(min_row=2)}
    egypt = rows["Egypt (on behalf of African Group)"]
    started = egypt[col["Started"]]
    assert started.is_date and started.value == dt.datetime(2017, 5, 8, 10, 41, 10)
    assert started.number_format == "yyyy-mm-dd hh:mm:ss"
    duration = egypt[col["Duration"]]
    assert duration.number_format == "[m]:ss" and duration.value == dt.timedelta(seconds=170)
    assert egypt[col["Category"]].value == "Member State" and egypt[col["Role"]].value == "From the floor"
    assert egypt[col["Overrun"]].value is None and egypt[col["Amended"]].value is None  # left blank
    assert rows["European Union"][col["Overrun"]].value == dt.timedelta(seconds=20)
    assert rows["Argentina"][col["Amended"]].value == "Yes"
    assert "Segment" not in header  # no informal segment was held
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{sheet.max_row}"
    widths = _widths(sheet)
    longest = max(len(str(c.value or "")) for c in sheet["B"])
    assert widths["B"] >= longest and widths["B"] <= longest + 4  # fitted, not a fixed guess
    assert widths["A"] < widths["B"]
    summary = book["Summary"]
    assert summary["A4"].value.startswith("In total, 6 national delegations made interventions")
    charts = summary._charts
    assert len(charts) == 2
    refs = [chart.series[0].val.numRef.f for chart in charts]
    assert all(ref.startswith("Summary!$E$") for ref in refs)
    labels = [row[0].value for row in summary.iter_rows(min_row=1) if row[0].value]
    assert "Intergovernmental organization" in labels and "Latin American and Caribbean Group" in labels
    programme = book["Programme"]
    assert programme["E2"].number_format == "hh:mm" and programme["E2"].value == dt.time(10, 0)
    assert programme["G2"].is_date
    corrections = book["Corrections"]
    assert corrections["D2"].value == "Speaker: Switzerland → Argentina; Note added: written statement submitted"


# -- docx -----------------------------------------------------------------------------------------

async def test_docx_read_back_has_headings_sentences_and_a_table_per_item(session):
    import docx

    log = log_of(session)
    document = docx.Document(io.BytesIO(render(log, "docx")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    # The co-facilitators' summary: a title block, an introduction, the items, the programme as an annex.
    assert paragraphs[0] == ("Title", log.meeting.title)
    assert paragraphs[1] == ("Subtitle", "Summary of the proceedings, from the speaker log")
    assert paragraphs[2] == ("Normal", "Palais des Nations, Room XIX, Geneva, 8–9 May 2017")
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:4] == [("Heading 1", "Introduction"), ("Heading 1", "Speakers by item"),
                            ("Heading 2", "Day 1, 8 May 2017: Opening segment"),
                            ("Heading 2", "Day 1, 8 May 2017: Panel 1. Human rights of all migrants")]
    assert ("Heading 2", "Member States by regional group") in headings
    assert headings[-1] == ("Heading 1", "Annex: programme of work, scheduled and held")
    assert paragraphs[4] == ("Normal", "The meeting was held on 8–9 May 2017, at Palais des Nations, Room XIX, "
                             "Geneva. In total, 6 national delegations made interventions, as well as 1 "
                             "intergovernmental organization.")
    assert paragraphs[5] == ("Normal", "There were 15 interventions, in 1 hour and 4 minutes of speaking time (a "
                             "mean of 4:17 each). 3 speakers went over their time, by 45 seconds in all. 1 point "
                             "of order was raised.")
    assert ("Normal", "Held 10:15–11:06 (scheduled 10:15–13:00). 13 interventions, 50 minutes of speaking "
                      "time.") in paragraphs
    tables = document.tables
    assert all(t.style.name == "Table Grid" for t in tables)
    panel = tables[1]
    rows = [[c.text for c in row.cells] for row in panel.rows]
    assert rows[0] == ["#", "Speaker", "Category", "Role", "Start", "Duration", "Notes"]
    assert len(rows) == 1 + 13
    assert rows[5] == ["8", "Egypt (on behalf of African Group)", "Member State", "From the floor", "10:41", "2:50", ""]
    assert rows[-1][1] == "Argentina" and "amended" in rows[-1][6]
    by_category = [[c.text for c in row.cells] for row in tables[2].rows]
    assert ["Observer State", "1", "1", "0:02:00"] in by_category  # totals as [h]:mm:ss
    annex = [[c.text for c in row.cells] for row in tables[-1].rows]
    assert annex[0] == ["Day", "Item", "Scheduled", "Held", "Slip", "Interventions", "Speaking time"]
    assert annex[1] == ["1", "Opening segment", "10:00–10:15", "10:00–10:15", "+0 min", "3", "0:14:30"]
    assert len(annex) == 1 + len(log.items)
    assert document.core_properties.created == dt.datetime(2017, 5, 8, tzinfo=dt.timezone.utc)


async def test_docx_and_chair_keep_what_people_typed_as_text(session):
    import docx

    odd = await session.add_participant("<b>Youth & Co</b> \x07caucus", Category.STAKEHOLDER)
    await session.request_floor(odd.id)
    log = log_of(session)
    document = docx.Document(io.BytesIO(render(log, "docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "<b>Youth & Co</b> caucus" in cells
    page = render(log, "chair").decode()
    assert "&lt;b&gt;Youth &amp; Co&lt;/b&gt;" in page and "<b>Youth" not in page


# -- the chair's list -----------------------------------------------------------------------------

async def test_chair_list_shows_who_spoke_and_who_waits_in_order_with_seats(session):
    await session.advance_item("panel-2")
    await session.request_floor("AFG")
    await session.request_floor("BRA")  # already spoke on panel-1: a new item, so not a repeat here
    page = render(log_of(session), "chair").decode()
    assert "@page{size:A4" in page and "break-after:page" in page
    sections = page.split("<section>")[1:]
    assert [s.split("<h2>")[1].split("</h2>")[0] for s in sections] == [
        "Opening segment", "Panel 1. Human rights of all migrants", "Panel 2. Social inclusion and cohesion"]
    current = sections[-1]
    assert "in session" in current and "Nobody yet." in current
    waiting = current.split("Remaining requests, in order")[1]
    names = [cell.split("</td>")[0] for cell in waiting.split('<td class="seat">')[1:]]
    seat_of = {p.id: p.seat for p in session.roster}
    order = [r.participant_id for r in session.state.queue()]
    assert order[:2] == ["AFG", "BRA"]  # Member States first (states_first)
    assert names[:2] == [str(seat_of["AFG"]), str(seat_of["BRA"])]
    assert '<td class="seat">53</td><td>Egypt (on behalf of African Group)</td>' in sections[1]


async def test_chair_list_opens_the_meeting_read_only_while_the_dais_holds_it(session, tmp_path):
    from dais.console.report.export import export_meeting

    written = await export_meeting(session.path, "chair", None)
    assert written.name == "session.chair.html"
    assert "Remaining requests, in order (5)" in written.read_text(encoding="utf-8")


# -- the html report's charts -----------------------------------------------------------------------

async def test_html_charts_name_categories_in_full(session):
    page = render(log_of(session), "html").decode()
    charts = page.split("<figure>")[1:]
    assert ">Intergovernmental organization</text>" in charts[0]  # a human name, never cut short
    assert ">Panel 1</text>" in charts[1] and ">Scheduled</text>" in charts[1]
    assert all("…" not in chart.split("</figure>")[0] for chart in charts)
