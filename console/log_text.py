"""The speaker log in words: the times, labels, dates and paragraphs every document export shares.

console.export and the xlsx, docx and chair's-list renderers (console.workbook, console.word,
console.chair) all read these; this module imports none of them, so none imports another's.
"""

from __future__ import annotations

import datetime as dt

from dais.models.programme import format_mss
from dais.models.speaker_log import CHANGE_LABELS


def hm(iso: str | None) -> str:
    """An ISO time as HH:MM; a dash when there is none."""
    return iso[11:16] if iso else "—"


def hms(iso: str | None) -> str:
    """An ISO time as HH:MM:SS; a dash when there is none."""
    return iso[11:19] if iso else "—"


def speaker_label(i: dict) -> str:
    return i["speaker"] + (f" (on behalf of {i['on_behalf_of']})" if i["on_behalf_of"] else "")


def describe_correction(c: dict) -> str:
    """'Speaker: Switzerland → Argentina; End: 11:32:10 → 11:31:40 (overrun 0:20 → 0:00)'."""
    parts = []
    for change in c["changes"]:
        label = CHANGE_LABELS[change["field"]]
        if change["field"] == "note":
            parts.append(f"{label}: {change['after']}")
        elif change["field"] == "speaker":
            parts.append(f"{label}: {change['before']} → {change['after']}")
        else:
            parts.append(f"{label}: {hms(change['before'])} → {hms(change['after'])}")
    if c["duration_s"] is not None:
        parts.append(f"duration {format_mss(c['duration_s']['before'])} → {format_mss(c['duration_s']['after'])}")
        if c["overrun_s"]["before"] >= 1 or c["overrun_s"]["after"] >= 1:
            parts.append(f"overrun {format_mss(c['overrun_s']['before'])} → {format_mss(c['overrun_s']['after'])}")
    return "; ".join(parts)


def item_notes(i: dict) -> str:
    notes = ["point of order"] if i["point_of_order"] else list(i["notes"])
    if i.get("out_of_turn"):
        notes.insert(0, "out of turn")
    if i.get("corrected"):
        notes.append("amended (see Corrections)")
    return "; ".join(notes)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(day: str) -> str:
    """'2017-05-08' -> '8 May 2017', in English whatever the machine's locale."""
    d = dt.date.fromisoformat(day)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def meeting_dates(days: list[str]) -> str:
    return long_date(days[0]) if len(days) == 1 else f"{long_date(days[0])} to {long_date(days[-1])}"


def short_title(title: str) -> str:
    """'Panel 1. Human rights of all migrants' -> 'Panel 1'; 'Summary panel: synopsis ...' -> 'Summary panel'."""
    return title.split(". ", 1)[0].split(": ", 1)[0]


def overview(log: dict) -> list[str]:
    """The report's opening paragraphs: where and when, the summary's sentences, the figures."""
    meeting = log["meeting"]
    s = log["summary"]
    points = s["points_of_order"]
    paragraphs = [f"{meeting['venue']}, {meeting_dates(meeting['days'])}"]
    if s["sentences"]:
        paragraphs.append(" ".join(s["sentences"]))
    paragraphs.append(
        f"{s['interventions']} interventions, {format_mss(s['total_speaking_time_s'])} of speaking time "
        f"(mean {format_mss(s['mean_speaking_time_s'])}); {s['overruns']} over their time "
        f"(+{format_mss(s['total_overrun_s'])} in all); {points} point{'' if points == 1 else 's'} of order."
    )
    return paragraphs
