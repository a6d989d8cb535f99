"""The csv as spreadsheets read it: durations as [h]:mm:ss, and the European dialect (; and a
decimal comma) from `dais export --excel-eu`."""

from __future__ import annotations

import asyncio
import csv
import io

from dais.console.report.export import csv_duration, speaker_log, to_csv
from tests.journal.test_export import run


def log_of(meeting):
    return speaker_log(meeting.state, as_of=meeting.entries[-1].at)


def seconds(hms: str) -> int:
    """[h]:mm:ss read as a spreadsheet reads it: hours, minutes, seconds."""
    h, m, s = (int(part) for part in hms.split(":"))
    assert 0 <= m < 60 and 0 <= s < 60
    return h * 3600 + m * 60 + s


def test_a_duration_is_hours_minutes_and_seconds():
    assert csv_duration(326) == "0:05:26"  # "5:26" is read by Calc and Excel as 05:26:00 AM
    assert csv_duration(0) == "0:00:00"
    assert csv_duration(3 * 3600 + 59.6) == "3:01:00"
    assert csv_duration(26 * 3600) == "26:00:00"  # a day's total is not a time of day


async def test_the_durations_sum_to_the_seconds_in_hours_minutes_and_seconds(session):
    rows = list(csv.DictReader(io.StringIO(to_csv(log_of(session)).decode("utf-8"))))
    assert rows and all(seconds(r["duration"]) == round(float(r["duration_s"])) for r in rows)
    assert all(seconds(r["overrun"]) == round(float(r["overrun_s"])) for r in rows)
    total = sum(seconds(r["duration"]) for r in rows)
    assert total == round(sum(float(r["duration_s"]) for r in rows)) and total > 3600  # more than an hour


async def test_the_european_csv_has_semicolons_and_decimal_commas(session):
    log = log_of(session)
    first = log.interventions[0].model_copy(update={"duration_s": 326.4, "notes": ["said: yes, no; 1.5"]})
    log = log.model_copy(update={"interventions": [first, *log.interventions[1:]]})
    data = to_csv(log, bom=True, sep=";", decimal_comma=True)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["duration_s"] == "326,4" and rows[0]["duration"] == "0:05:26"
    assert rows[0]["notes"] == "said: yes, no; 1.5"  # text keeps its own commas and points
    assert rows[0]["order"] == "1" and rows[0]["day"] == "1"  # whole numbers stay as they are
    assert all("." not in r["allotted_s"] and "," in r["allotted_s"] for r in rows)
    assert len(rows) == len(log.interventions)


async def test_the_command_line_writes_the_european_csv(session, tmp_path):
    out = tmp_path / "eu.csv"
    result = await asyncio.to_thread(run, "export", str(session.path), "--excel-eu", "-o", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].split(b"\r\n")[0].count(b";") >= 20
    assert b"290,0;0:04:50" in data
    tab = await asyncio.to_thread(run, "export", str(session.path), "--sep", "tab", "-o", "-", home=tmp_path)
    assert tab.stdout.splitlines()[0].startswith("order\tspeaker\t")
    bad = await asyncio.to_thread(run, "export", str(session.path), "--decimal-comma", "-o", "-", home=tmp_path)
    assert bad.returncode == 2 and "--sep" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1
