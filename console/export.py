"""The speaker log and its exports: csv, json, md, html and xlsx.

Everything is derived from the fold of the journal (corrections applied, the originals kept in
the journal), and only from it: the same journal gives the same bytes. A running intervention
is measured up to the journal's last event and marked in progress.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from console import clock
from console.errors import DaisError
from console.fold import FLOOR_ROLE, MeetingState
from console.forecast import scheduled, zone
from models import Category, RequestStatus
from models.programme import format_mss

FORMAT = "dais.speaker-log/1"
FORMATS = ("csv", "json", "md", "html", "xlsx")

# Plural nouns for the report's opening sentence, in the manner of the co-facilitators' summary.
SENTENCE_NOUNS = {
    Category.INTERGOVERNMENTAL: ("intergovernmental organisation", "intergovernmental organisations"),
    Category.UN_SYSTEM: ("UN agency", "UN agencies"),
    Category.NHRI: ("national human rights institution", "national human rights institutions"),
    Category.STAKEHOLDER: ("non-governmental stakeholder", "non-governmental stakeholders"),
}
STATES = (Category.MEMBER_STATE, Category.OBSERVER_STATE)


def _iso(epoch: float | None, tz) -> str | None:
    if epoch is None:
        return None
    return dt.datetime.fromtimestamp(round(epoch, 3), tz).isoformat(timespec="seconds")


def speaker_log(state: MeetingState, as_of: float | None = None) -> dict:
    """The speaker log as a JSON-ready dict (the `dais.speaker-log/1` format)."""
    programme = state.programme
    tz = zone(state)
    roster = state.roster
    if as_of is None:
        as_of = max([state.item_started.get(i.id, 0.0) for i in programme.items] +
                    [i.started_at for i in state.interventions.values()] +
                    [i.ended_at or 0.0 for i in state.interventions.values()] + [0.0])
    titles = {item.id: item.title for item in programme.items}
    interventions = []
    for number, item in enumerate(state.interventions.values(), start=1):
        participant = roster.get(item.participant_id)
        in_progress = item.ended_at is None
        reading = clock.read(item, as_of if in_progress else item.ended_at)
        interventions.append({
            "order": number,
            "speaker": participant.name,
            "speaker_id": participant.id,
            "category": participant.category.value,
            "regional_group": participant.regional_group.value if participant.regional_group else None,
            "on_behalf_of": item.on_behalf_of,
            "role": item.role,
            "item": item.item_id,
            "item_title": titles.get(item.item_id, item.item_id),
            "started_at": _iso(item.started_at, tz),
            "ended_at": _iso(item.ended_at, tz),
            "duration_s": round(reading.elapsed_s, 1),
            "allotted_s": round(reading.allotted_s, 1),
            "overrun_s": round(reading.overrun_s, 1),
            "paused_s": round(reading.paused_s, 1),
            "point_of_order": item.point_of_order,
            "notes": list(item.notes),
            "corrected": item.corrected,
            "in_progress": in_progress,
        })
    not_reached = [
        {
            "speaker": roster.name(r.participant_id),
            "speaker_id": r.participant_id,
            "category": roster.get(r.participant_id).category.value,
            "on_behalf_of": r.on_behalf_of,
            "item": r.item_id,
            "requested_at": _iso(r.requested_at, tz),
            "status": r.status.value,
        }
        for r in state.requests.values()
        if r.status in (RequestStatus.WAITING, RequestStatus.CLEARED)
    ]
    items = []
    for item in programme.items:
        spoken = [i for i in interventions if i["item"] == item.id]
        started = state.item_started.get(item.id)
        start, end = scheduled(item, started if started is not None else as_of or 0.0, tz)
        items.append({
            "id": item.id,
            "day": item.day,
            "title": item.title,
            "kind": item.kind.value,
            "scheduled_start": f"{item.start:%H:%M}",
            "scheduled_end": f"{item.end:%H:%M}",
            "actual_start": _iso(started, tz),
            "actual_end": _iso(state.item_ended.get(item.id), tz),
            "slip_s": None if started is None else round(started - start, 1),
            "interventions": len(spoken),
            "speaking_time_s": round(sum(i["duration_s"] for i in spoken), 1),
        })
    return {
        "format": FORMAT,
        "meeting": {
            "title": programme.meeting.title,
            "venue": programme.meeting.venue,
            "days": [d.isoformat() for d in programme.meeting.days],
            "timezone": programme.meeting.timezone,
            "as_of": _iso(as_of, tz) if as_of else None,
        },
        "items": items,
        "interventions": interventions,
        "requests_not_reached": not_reached,
        "summary": summarise(interventions),
    }


def summarise(interventions: list[dict]) -> dict:
    floor = [i for i in interventions if not i["point_of_order"]]
    by_category = {}
    for category in Category:
        mine = [i for i in floor if i["category"] == category.value]
        by_category[category.value] = {
            "speakers": len({i["speaker_id"] for i in mine}),
            "interventions": len(mine),
            "speaking_time_s": round(sum(i["duration_s"] for i in mine), 1),
        }
    groups: dict[str, dict] = defaultdict(lambda: {"speakers": set(), "interventions": 0, "speaking_time_s": 0.0})
    for i in floor:
        if i["regional_group"] and i["category"] == Category.MEMBER_STATE.value:
            g = groups[i["regional_group"]]
            g["speakers"].add(i["speaker_id"])
            g["interventions"] += 1
            g["speaking_time_s"] += i["duration_s"]
    total = sum(i["duration_s"] for i in floor)
    over = [i for i in floor if i["overrun_s"] >= 1]
    return {
        "by_category": by_category,
        "by_regional_group": {
            name: {"speakers": len(g["speakers"]), "interventions": g["interventions"],
                   "speaking_time_s": round(g["speaking_time_s"], 1)}
            for name, g in sorted(groups.items())
        },
        "interventions": len(floor),
        "points_of_order": len(interventions) - len(floor),
        "total_speaking_time_s": round(total, 1),
        "mean_speaking_time_s": round(total / len(floor), 1) if floor else 0.0,
        "overruns": len(over),
        "total_overrun_s": round(sum(i["overrun_s"] for i in over), 1),
    }


def opening_sentence(log: dict) -> str:
    """'In total, 71 national delegations made interventions, as well as 7 UN agencies and 12 ...'"""
    cats = log["summary"]["by_category"]
    states = sum(cats[c.value]["speakers"] for c in STATES)
    others = []
    for category, (one, many) in SENTENCE_NOUNS.items():
        n = cats[category.value]["speakers"]
        if n:
            others.append(f"{n} {one if n == 1 else many}")
    head = f"In total, {states} national delegation{'' if states == 1 else 's'} made interventions"
    if not others:
        return head + "."
    tail = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return f"{head}, as well as {tail}."


# -- csv ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "order", "speaker", "speaker_id", "category", "regional_group", "on_behalf_of", "role", "item",
    "started_at", "ended_at", "duration_s", "duration", "allotted_s", "overrun_s", "overrun", "paused_s",
    "point_of_order", "notes",
]


def neutralise(value: object) -> str:
    """Spreadsheet formula injection: a cell that starts with = + - @ tab or CR is made text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(log: dict, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for i in log["interventions"]:
        row = dict(i, duration=format_mss(i["duration_s"]), overrun=format_mss(i["overrun_s"]),
                   notes="; ".join(i["notes"]), point_of_order="yes" if i["point_of_order"] else "no")
        writer.writerow([neutralise(row[c]) for c in CSV_COLUMNS])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


# -- json -----------------------------------------------------------------------------------

def to_json(log: dict) -> bytes:
    return (json.dumps(log, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- md -------------------------------------------------------------------------------------

def _hm(iso: str | None) -> str:
    return iso[11:16] if iso else "—"


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _sections(log: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables: (heading, header, rows)."""
    tables = []
    for item in log["items"]:
        spoken = [i for i in log["interventions"] if i["item"] == item["id"]]
        if not spoken:
            continue
        rows = [[str(n), i["speaker"] + (f" (on behalf of {i['on_behalf_of']})" if i["on_behalf_of"] else ""),
                 i["role"] if i["role"] != FLOOR_ROLE else "floor", _hm(i["started_at"]),
                 format_mss(i["duration_s"]), "point of order" if i["point_of_order"] else "; ".join(i["notes"])]
                for n, i in enumerate(spoken, start=1)]
        tables.append((item["title"], ["#", "Speaker", "Role", "Start", "Duration", "Notes"], rows))
    if log["requests_not_reached"]:
        tables.append(("Requests not reached", ["Speaker", "Category", "Item", "Requested"],
                       [[r["speaker"], r["category"], r["item"], _hm(r["requested_at"])]
                        for r in log["requests_not_reached"]]))
    summary = log["summary"]
    tables.append(("Speaking time by category", ["Category", "Speakers", "Interventions", "Speaking time"],
                   [[c, str(v["speakers"]), str(v["interventions"]), format_mss(v["speaking_time_s"])]
                    for c, v in summary["by_category"].items() if v["interventions"]]))
    if summary["by_regional_group"]:
        tables.append(("Member States by regional group", ["Group", "Speakers", "Interventions", "Speaking time"],
                       [[g, str(v["speakers"]), str(v["interventions"]), format_mss(v["speaking_time_s"])]
                        for g, v in summary["by_regional_group"].items()]))
    tables.append(("Programme: scheduled against actual",
                   ["Day", "Item", "Scheduled", "Actual", "Slip", "Interventions"],
                   [[str(i["day"]), i["title"], f"{i['scheduled_start']}–{i['scheduled_end']}",
                     f"{_hm(i['actual_start'])}–{_hm(i['actual_end'])}" if i["actual_start"] else "not held",
                     "" if i["slip_s"] is None else f"{round(i['slip_s'] / 60):+d} min", str(i["interventions"])]
                    for i in log["items"]]))
    return tables


def _overview(log: dict) -> list[str]:
    meeting = log["meeting"]
    s = log["summary"]
    return [
        f"{meeting['venue']}, {', '.join(meeting['days'])}",
        opening_sentence(log),
        f"{s['interventions']} interventions, {format_mss(s['total_speaking_time_s'])} of speaking time "
        f"(mean {format_mss(s['mean_speaking_time_s'])}); {s['overruns']} over their time "
        f"(+{format_mss(s['total_overrun_s'])} in all); {s['points_of_order']} point(s) of order.",
    ]


def to_markdown(log: dict) -> bytes:
    lines = [f"# Speaker log: {log['meeting']['title']}", ""]
    for paragraph in _overview(log):
        lines += [paragraph, ""]
    for heading, header, rows in _sections(log):
        lines += [f"## {heading}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


# -- html -----------------------------------------------------------------------------------

def _static_svg(root):
    """pygal's xml filter: no comments, no scripts, no outside references.

    pygal always writes a comment carrying the day it ran ("Generated with pygal ... on
    <today>") and an inline script with its tooltip config, even with js=[]. The report must be
    the same bytes on any date and run no script, so both go before the tree is serialised.
    """
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)  # comments and processing instructions have a non-str tag
    return root


def _charts(log: dict) -> list[str]:
    import pygal
    from pygal.style import CleanStyle

    config = dict(style=CleanStyle, js=[], disable_xml_declaration=True, width=800, height=360,
                  explicit_size=False, print_values=False)
    by_category = pygal.HorizontalBar(title="Speaking time per category (minutes)", **config)
    by_category.uuid = "dais-categories"  # fixed ids: the same journal gives the same bytes
    for name, values in log["summary"]["by_category"].items():
        if values["speaking_time_s"]:
            by_category.add(name, round(values["speaking_time_s"] / 60, 1))
    schedule = pygal.Bar(title="Programme: scheduled against actual (minutes)", x_label_rotation=30, **config)
    schedule.uuid = "dais-schedule"
    held = [i for i in log["items"] if i["actual_start"] and i["actual_end"]]
    schedule.x_labels = [i["id"] for i in held]

    def minutes(hhmm: str) -> int:
        return int(hhmm[:2]) * 60 + int(hhmm[3:5])

    schedule.add("scheduled", [minutes(i["scheduled_end"]) - minutes(i["scheduled_start"]) for i in held])
    schedule.add("actual", [round((dt.datetime.fromisoformat(i["actual_end"]) -
                                   dt.datetime.fromisoformat(i["actual_start"])).total_seconds() / 60, 1)
                            for i in held])
    charts = (by_category, schedule)
    for chart in charts:
        chart.add_xml_filter(_static_svg)
    return [chart.render(is_unicode=True) for chart in charts]


def to_html(log: dict) -> bytes:
    e = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Speaker log: {e(log['meeting']['title'])}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}"
        "table{border-collapse:collapse;margin:0 0 1.5em}td,th{border:1px solid #bbb;padding:.2em .5em;"
        "text-align:left}th{background:#eee}figure{margin:1em 0}</style>",
        "</head><body>", f"<h1>Speaker log: {e(log['meeting']['title'])}</h1>",
    ]
    parts += [f"<p>{e(p)}</p>" for p in _overview(log)]
    for svg in _charts(log):
        parts.append(f"<figure>{svg}</figure>")
    for heading, header, rows in _sections(log):
        parts.append(f"<h2>{e(heading)}</h2><table><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


# -- xlsx -----------------------------------------------------------------------------------

def _xlsx_row(sheet, row: int, values: list) -> None:
    """One row, each cell written by its type: xlsxwriter's generic write() looks at every value
    to guess it, which was a third of the time of a 10,000-row export. Blanks are left out."""
    for column, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            sheet.write_string(row, column, value)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        else:
            sheet.write_number(row, column, value)


def to_xlsx(log: dict) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False,
                                        "constant_memory": False})
    first_day = dt.datetime.fromisoformat(log["meeting"]["days"][0])
    book.set_properties({"title": f"Speaker log: {log['meeting']['title']}", "created": first_day})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Interventions")
    sheet.write_row(0, 0, CSV_COLUMNS, bold)
    for r, i in enumerate(log["interventions"], start=1):
        row = dict(i, duration=format_mss(i["duration_s"]), overrun=format_mss(i["overrun_s"]),
                   notes="; ".join(i["notes"]), point_of_order="yes" if i["point_of_order"] else "no")
        _xlsx_row(sheet, r, [row[c] for c in CSV_COLUMNS])
    sheet.freeze_panes(1, 0)
    summary = book.add_worksheet("Summary")
    summary.write(0, 0, opening_sentence(log))
    summary.write_row(2, 0, ["category", "speakers", "interventions", "speaking_time_s"], bold)
    row = 3
    for name, v in log["summary"]["by_category"].items():
        summary.write_row(row, 0, [name, v["speakers"], v["interventions"], v["speaking_time_s"]])
        row += 1
    row += 1
    for key in ("interventions", "points_of_order", "total_speaking_time_s", "mean_speaking_time_s",
                "overruns", "total_overrun_s"):
        summary.write_row(row, 0, [key, log["summary"][key]])
        row += 1
    items = book.add_worksheet("Programme")
    header = ["id", "day", "title", "kind", "scheduled_start", "scheduled_end", "actual_start", "actual_end",
              "slip_s", "interventions", "speaking_time_s"]
    items.write_row(0, 0, header, bold)
    for r, item in enumerate(log["items"], start=1):
        _xlsx_row(items, r, [item[h] for h in header])
    missed = book.add_worksheet("Not reached")
    header = ["speaker", "speaker_id", "category", "on_behalf_of", "item", "requested_at", "status"]
    missed.write_row(0, 0, header, bold)
    for r, request in enumerate(log["requests_not_reached"], start=1):
        _xlsx_row(missed, r, [request[h] for h in header])
    book.close()
    return buffer.getvalue()


RENDERERS = {"csv": to_csv, "json": to_json, "md": to_markdown, "html": to_html, "xlsx": to_xlsx}


def render(log: dict, fmt: str, bom: bool = False) -> bytes:
    if fmt not in RENDERERS:
        raise DaisError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return to_csv(log, bom) if fmt == "csv" else RENDERERS[fmt](log)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: nothing is ever half-written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise DaisError(f"cannot write {path}: {error.strerror}") from None
    try:
        mask = os.umask(0o022)
        os.umask(mask)
        os.fchmod(handle, 0o666 & ~mask)  # mkstemp's 0600 otherwise: follow the umask like any file
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise DaisError(f"cannot write {path}: {error.strerror}") from None


async def export_meeting(meeting_path: Path, fmt: str, output: Path | None, bom: bool = False) -> Path:
    """Export a meeting (read-only; works while the dais has it open)."""
    from console.meeting import Meeting

    if fmt not in RENDERERS:
        raise DaisError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    meeting = await Meeting.watch(meeting_path)
    try:
        log = speaker_log(meeting.state, as_of=meeting.entries[-1].at if meeting.entries else None)
    finally:
        await meeting.close()
    data = render(log, fmt, bom)
    target = output or Path(meeting_path).with_suffix(f".{fmt}")
    write_atomically(target, data)
    return target

