"""Chapters for the webcast: the speaker log as WebVTT cues, one per intervention, so that the
recording can be indexed by speaker ("Mexico — H.E. Mr. Juan Pérez").

Times are counted from the webcast's start: a time of day given by the Secretariat (`dais export
--format vtt --from 09:58:30`), or the first item's actual start. Cues never overlap: a point
of order takes the time it was heard from the speaker it interrupted, whose cue carries on after
it, marked "(continued)". A cue starts and ends at the speaker log's own times, to the second.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass

from dais.console.lang.i18n import _, pgettext, role_label
from dais.console.report.log_text import speaker_label
from dais.models.speaker_log import LogIntervention, SpeakerLog


@dataclass(frozen=True, slots=True)
class Cue:
    """One chapter: seconds from the webcast's start, and what it says."""

    ident: str
    start_s: float
    end_s: float
    text: str


def chapter_title(i: LogIntervention) -> str:
    """'Mexico — H.E. Mr. Juan Pérez': the delegation and the person with their title."""
    shown = i.model_copy(update={"person_function": None})  # a chapter is short: no function
    label = speaker_label(shown)
    if i.point_of_order:
        return _("Point of order: {speaker}").format(speaker=label)
    return label if i.role == "floor" else f"{label} ({role_label(i.role)})"  # a panel's role, a right of reply


def webcast_start(log: SpeakerLog, at: dt.time | None = None, day: int | None = None) -> dt.datetime | None:
    """When the webcast began: `at` on the day chaptered (the first held item's, or day `day`),
    or that day's first item's actual start. None when no item of that day was held."""
    held = [item for item in log.items if item.actual_start is not None and (day is None or item.day == day)]
    if not held:
        return None
    first = min(held, key=lambda item: item.actual_start or dt.datetime.max.replace(tzinfo=dt.timezone.utc))
    assert first.actual_start is not None
    if at is None:
        return first.actual_start
    return first.actual_start.replace(hour=at.hour, minute=at.minute, second=at.second, microsecond=0)


def cues(log: SpeakerLog, at: dt.time | None = None, day: int | None = None) -> list[Cue]:
    """The chapters, in time order and never overlapping (see the module's docstring)."""
    start = webcast_start(log, at, day)
    if start is None:
        return []
    days = {item.id: item.day for item in log.items}
    as_of = log.meeting.as_of
    spans: list[tuple[float, float, int, LogIntervention]] = []
    for n, i in enumerate(log.interventions):
        if day is not None and days.get(i.item) != day:
            continue
        ended = i.ended_at or as_of or i.started_at
        begin, end = (i.started_at - start).total_seconds(), (ended - start).total_seconds()
        if end > max(begin, 0.0):
            spans.append((begin, end, n, i))
    spans.sort(key=lambda span: (span[0], span[2]))
    # A sweep over the times where a span begins or ends: the cue between two of them belongs to
    # the latest-begun span still running (a point of order over the speaker it interrupted).
    moments = sorted({max(0.0, t) for begin, end, _n, _i in spans for t in (begin, end)})
    running: list[tuple[float, int, float, LogIntervention]] = []  # (-begin, -n, end, intervention)
    result: list[Cue] = []
    parts: dict[int, int] = {}
    following = 0
    for left, right in zip(moments, moments[1:]):
        while following < len(spans) and max(0.0, spans[following][0]) <= left:
            begin, end, n, i = spans[following]
            heapq.heappush(running, (-begin, -n, end, i))
            following += 1
        while running and running[0][2] <= left:
            heapq.heappop(running)
        if not running:
            continue
        _begin, minus_n, _end, owner = running[0]
        if result and result[-1].ident.split("-")[0] == str(owner.order) and result[-1].end_s == left:
            last = result[-1]
            result[-1] = Cue(last.ident, last.start_s, right, last.text)
            continue
        part = parts[-minus_n] = parts.get(-minus_n, 0) + 1
        text = chapter_title(owner)
        if part > 1:
            text += " " + pgettext("chapter", "(continued)")
        result.append(Cue(str(owner.order) if part == 1 else f"{owner.order}-{part}", left, right, text))
    return result


def timestamp(seconds: float) -> str:
    """WebVTT's hh:mm:ss.ttt (hours may pass 99 on a very long recording)."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _escape(text: str) -> str:
    """Cue text is not markup: & < > as WebVTT's character references (so "-->" cannot appear)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(log: SpeakerLog, at: dt.time | None = None, day: int | None = None) -> bytes:
    start = webcast_start(log, at, day)
    lines = ["WEBVTT", ""]
    if start is not None:
        note = _("Chapters of {title}: one cue per intervention, timed from {start}").format(
            title=log.meeting.title, start=start.isoformat())
        lines += ["NOTE " + note.replace("-->", "→"), ""]
    for cue in cues(log, at, day):
        lines += [cue.ident, f"{timestamp(cue.start_s)} --> {timestamp(cue.end_s)}", _escape(cue.text), ""]
    return "\n".join(lines).encode("utf-8")
