"""The speaker log and its exports: counts, golden files, safety, and the command line."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dais.console.report.export import FORMAT, FORMATS, render, speaker_log, summary_sentences, to_csv
from dais.console.floor.meeting import Meeting
from dais.models import Category
from dais.models.speaker_log import Counts

GOLDEN = Path(__file__).parent.parent / "golden"
UPDATE = os.environ.get("DAIS_UPDATE_GOLDEN") == "1"


def log_of(meeting):
    return speaker_log(meeting.state, as_of=meeting.entries[-1].at)


async def test_counts_match_what_happened_category_by_category(session):
    log = log_of(session)
    floor = [i for i in log.interventions if i.role == "floor"]
    # States first: group statements (Egypt for the African Group; the EU, GA res 65/276), then
    # Member States and Palestine in order of request; Switzerland was corrected to Argentina.
    assert [i.speaker_id for i in floor] == ["EGY", "EU", "KEN", "MEX", "PSE", "BRA", "ARG"]
    cats = log.summary.by_category
    assert cats[Category.MEMBER_STATE] == Counts(speakers=5, interventions=5,
                                                 speaking_time_s=170 + 150 + 185 + 200 + 175)
    assert cats[Category.OBSERVER_STATE].speakers == 1
    assert cats[Category.INTERGOVERNMENTAL].speakers == 1
    assert cats[Category.UN_SYSTEM].speakers == 0 and cats[Category.STAKEHOLDER].speakers == 0
    assert cats[Category.PANEL] == Counts(speakers=7, interventions=8, speaking_time_s=3 * 290 + 400 + 3 * 380 + 240)
    assert log.summary.points_of_order == 1
    assert log.summary.overruns == 3  # the EU (+0:20), Mexico (+0:05), Brazil (+0:20, pauses excluded)
    assert summary_sentences(log) == [
        "In total, 6 national delegations made interventions, as well as 1 intergovernmental organization."]


async def test_corrections_are_exported_and_the_original_stays_in_the_journal(session):
    log = log_of(session)
    corrected = [i for i in log.interventions if i.corrected]
    assert len(corrected) == 1 and corrected[0].speaker_id == "ARG"
    assert corrected[0].notes == ["written statement submitted"]
    given = [e for e in session.entries if e.event.type == "floor_given" and e.event.request is not None][-1]
    assert given.event.participant_id == "CHE"  # the journal keeps what was first recorded


async def test_requests_not_reached_and_paused_time(session):
    log = log_of(session)
    assert [r.speaker_id for r in log.requests_not_reached] == [
        "VAT", "IOM", "stakeholder:picum", "UNHCR", "nhri:commission-nationale-consultative-des-droits-de-l-homme"]
    brazil = next(i for i in log.interventions if i.speaker_id == "BRA")
    assert brazil.paused_s == 45 + 30  # the point of order, then the secretary's pause
    assert brazil.duration_s == 60 + 100 + 40


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html", "chair"])
async def test_golden_files(session, fmt):
    data = render(log_of(session), fmt)
    golden = GOLDEN / ("session.chair.html" if fmt == "chair" else f"session.{fmt}")
    if UPDATE:
        golden.write_bytes(data)
    assert data == golden.read_bytes()
    assert render(log_of(session), fmt) == data  # deterministic


async def test_xlsx_is_deterministic_and_has_its_sheets(session):
    first = render(log_of(session), "xlsx")
    assert first == render(log_of(session), "xlsx")
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        workbook = book.read("xl/workbook.xml").decode()
        for sheet in ["Interventions", "Summary", "Programme", "Not reached", "Corrections"]:
            assert f'name="{sheet}"' in workbook
        assert "Kenya" in book.read("xl/sharedStrings.xml").decode()


async def test_json_format_is_documented_and_versioned(session):
    log = json.loads(render(log_of(session), "json"))
    assert log["format"] == FORMAT
    assert set(log) == {"format", "meeting", "items", "interventions", "requests_not_reached", "corrections",
                        "labels", "summary", "budgets"}
    keys = {"speaker", "speaker_id", "category", "on_behalf_of", "role", "item", "started_at", "ended_at",
            "duration_s", "allotted_s", "overrun_s", "paused_s", "point_of_order", "notes"}
    assert keys <= set(log["interventions"][0])


async def test_csv_neutralises_formula_injection_and_offers_a_bom(session):
    log = log_of(session)
    typed = log.interventions[0].model_copy(update={
        "speaker": "=HYPERLINK(\"x\")", "speaker_id": "+1", "category": Category.STAKEHOLDER, "on_behalf_of": "@group",
        "role": "-floor", "item": "\titem", "notes": ["\rx"]})
    data = to_csv(log.model_copy(update={"interventions": [typed]}), bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
    assert row[1].startswith("'=") and row[2] == "'+1" and row[5] == "'@group"
    assert row[6] == "'-floor" and row[7] == "'\titem" and row[17] == "'\rx"
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row)


def run(*args, home):
    return subprocess.run([sys.executable, "-m", "dais.console", *args], capture_output=True, text=True,
                          env={**os.environ, "DAIS_HOME": str(home)})


async def test_export_command_works_while_the_dais_holds_the_meeting(session, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        result = await asyncio.to_thread(run, "export", str(session.path), "--format", fmt, "-o", str(out),
                                         home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_export_errors_are_clear_and_leave_nothing_half_written(tmp_path):
    bad = run("export", str(tmp_path / "missing.dais"), home=tmp_path)
    assert bad.returncode == 1 and "does not exist" in bad.stderr
    corrupt = tmp_path / "corrupt.dais"
    corrupt.write_text("not a meeting")
    result = run("export", str(corrupt), home=tmp_path)
    assert result.returncode == 1 and "not a Dais meeting" in result.stderr
    asyncio.run(_make(tmp_path / "m.dais"))
    unknown = run("export", str(tmp_path / "m.dais"), "--format", "pdf", home=tmp_path)
    assert unknown.returncode == 1 and "unknown format" in unknown.stderr
    locked_dir = tmp_path / "ro"
    locked_dir.mkdir()
    locked_dir.chmod(0o500)
    try:
        target = locked_dir / "out.csv"
        result = run("export", str(tmp_path / "m.dais"), "-o", str(target), home=tmp_path)
        if os.geteuid() != 0:  # root writes anywhere; the error path is covered below for everyone
            assert result.returncode == 1 and "cannot write" in result.stderr
    finally:
        locked_dir.chmod(0o700)
    nowhere = run("export", str(tmp_path / "m.dais"), "-o", str(tmp_path / "no" / "such" / "dir.csv"),
                  home=tmp_path)
    assert nowhere.returncode == 1 and "cannot write" in nowhere.stderr
    for outcome in (bad, result, unknown, nowhere):
        assert "Traceback" not in outcome.stderr


async def _make(path):
    from dais.console.room.programme import shipped_programme

    meeting = await Meeting.open(path, shipped_programme())
    await meeting.request_floor("KEN")
    await meeting.close()


# -- the same journal gives the same bytes on any date, in any time zone, under any locale ----------

RENDER_ALL = """
import asyncio, hashlib, sys, tempfile
from pathlib import Path
from dais.console.report.export import FORMATS, render, speaker_log
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from tests.conftest import FakeClock
from tests.session import run_panel_session

async def main():
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        meeting = await Meeting.open(Path(folder) / "m.dais", shipped_programme(), clock=clock)
        await run_panel_session(meeting, clock)
        log = speaker_log(meeting.state, as_of=meeting.entries[-1].at)
        for fmt in FORMATS:
            print(fmt, hashlib.sha256(render(log, fmt)).hexdigest())
        await meeting.close()

asyncio.run(main())
"""


def _digests_in(env_update: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **env_update}
    out = subprocess.run([sys.executable, "-c", RENDER_ALL], env=env, cwd=Path(__file__).parents[2],
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines())


async def test_exports_are_the_same_bytes_on_any_date(session):
    import time_machine

    renders = []
    for day in ("2026-11-23 09:00", "2031-02-28 23:59"):  # days, and years, apart
        with time_machine.travel(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc), tick=False):
            assert dt.date.today().isoformat() == day[:10]  # the clock really is frozen there
            renders.append({fmt: render(log_of(session), fmt) for fmt in FORMATS})
    assert renders[0] == renders[1]
    assert renders[0]["html"] == (GOLDEN / "session.html").read_bytes()


def test_exports_are_the_same_bytes_in_any_time_zone_and_locale():
    here = _digests_in({"TZ": "UTC", "LC_ALL": "C.UTF-8"})
    far = _digests_in({"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "fr_FR.UTF-8"})
    assert set(here) == set(FORMATS)
    assert here == far


async def test_html_report_runs_no_script_and_fetches_nothing(session):
    for fmt in ("html", "chair"):
        _runs_no_script(render(log_of(session), fmt).decode())
    for fmt in ("md", "csv", "json"):
        text = render(log_of(session), fmt).decode("utf-8-sig")
        assert not re.search(r"https?://", text), fmt


def _runs_no_script(page: str) -> None:
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert "<!--" not in page  # pygal's dated comment is gone
    # The only URL is the SVG namespace name, which is an identifier, never fetched.
    urls = set(re.findall(r"(?:https?:)?//[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert "@import" not in page and "url(" not in page
