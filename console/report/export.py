"""The speaker log and its exports: csv, json, md and html here; xlsx, docx and the chair's list
in console.report.workbook, console.report.word and console.report.chair.

Everything is derived from the fold of the journal (corrections applied, each correction's
originals kept in the log's `corrections`), and only from it: the same journal gives the same bytes. A running intervention
is measured up to the journal's last event and marked in progress.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import TypeAdapter

from dais.console.room import clock
from dais.console.floor.budgets import budget_report
from dais.console.report import summary as summary_module
from dais.console.lang.errors import DaisError
from dais.console.record.collector import gc_paused
from dais.console.lang.i18n import _, language, pgettext
from dais.models.labels import CATEGORY_LABELS, KIND_LABELS, N_
from dais.console.record.fold import MeetingState
from dais.console.floor.forecast import scheduled, zone
from dais.models import Category, Correction, RegionalGroup, RequestStatus
from dais.console.report.log_text import (
    correction_speaker,
    day_label,
    describe_correction,
    hm,
    hms,
    item_notes,
    overview,
    short_title,
    shown_title,
    speaker_label,
)
from dais.models.programme import format_hmmss, format_mss
from dais.models.speaker_log import (
    FORMAT,
    Balance,
    BeforeAfter,
    GenderKey,
    TurnKey,
    Counts,
    Labels,
    LogBudget,
    LogChange,
    LogCorrection,
    LogIntervention,
    LogItem,
    LogMeeting,
    LogRequest,
    LogSummary,
    SegmentCounts,
    SpeakerLog,
)
from dais.console.lang.i18n import category_label, gender_label, role_label, status_label, turn_label  # in the interface's language

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from dais.console.floor.meeting import Meeting
    from dais.models import AgendaItem, Programme
    from dais.console.room.roster import Roster

FORMATS = ("csv", "json", "md", "html", "xlsx", "docx", "chair", "vtt")

def _moment(epoch: float, tz: ZoneInfo) -> dt.datetime:
    """An epoch as the meeting's local time, to the second (the log's times carry no fraction):
    the whole second of the time to the millisecond, as the log has always written it."""
    return dt.datetime.fromtimestamp(math.floor(round(epoch, 3)), tz)


def _at(epoch: float | None, tz: ZoneInfo) -> dt.datetime | None:
    return None if epoch is None else _moment(epoch, tz)


def _iso(epoch: str | float | None, tz: ZoneInfo) -> str | None:
    """A correction's time as ISO text (a change's before and after are text in the log)."""
    if epoch is None:
        return None
    return _moment(float(epoch), tz).isoformat()


# How the log is built. The interventions, the bulk of it, are validated in one call of
# pydantic-core over the list of rows: for 10,000 rows that is about half the time of
# `model_construct` row by row (whose per-field loop is Python), and the rows are checked as
# well. The few other parts (items, counts, corrections, requests, budgets) use
# `model_construct`: their values come from the fold, already validated when journalled, and
# validating them would turn an empty item's or category's speaking time, 0, into 0.0 in the json.
_INTERVENTIONS = TypeAdapter(list[LogIntervention])

def _on_its_day(programme: Programme, agenda: AgendaItem, tz: ZoneInfo) -> float:
    """A moment on the item's own day of the programme's calendar."""
    from dais.console.room.calendar import item_date

    return dt.datetime.combine(item_date(programme, agenda), agenda.start, tz).timestamp()


@gc_paused()  # tens of thousands of rows and cells, none in a cycle: the collector's passes only cost
def speaker_log(state: MeetingState, as_of: float | None = None) -> SpeakerLog:
    """The speaker log, typed (the `dais.speaker-log/1` format: models/speaker_log.py)."""
    programme = state.programme
    tz = zone(state)
    roster = state.roster
    if as_of is None:
        as_of = max([state.item_started.get(i.id, 0.0) for i in programme.items] +
                    [i.started_at for i in state.interventions.values()] +
                    [i.ended_at or 0.0 for i in state.interventions.values()] + [0.0])
    titles = {item.id: item.title for item in programme.items}
    programme_days = {item.id: item.day for item in programme.items}
    informal_items = {item.id for item in programme.items if item.outside_formal_session}
    rows: list[dict[str, object]] = []
    corrections: list[tuple[int, LogCorrection]] = []
    for number, (intervention_id, item) in enumerate(state.interventions.items(), start=1):
        participant = roster.get(item.participant_id)
        in_progress = item.ended_at is None
        reading = clock.read(item, as_of if item.ended_at is None else item.ended_at)
        person = participant.person(item.person) if item.person else None
        rows.append(dict(
            order=number,
            speaker=participant.name,
            speaker_id=participant.id,
            category=participant.category,
            regional_group=participant.regional_group,
            seat=participant.seat,
            on_behalf_of=item.on_behalf_of,
            on_behalf_of_group_id=item.group_id,
            role=item.role,
            item=item.item_id,
            item_title=titles.get(item.item_id, item.item_id),
            informal=item.item_id in informal_items,
            day=programme_days.get(item.item_id),
            started_at=_moment(item.started_at, tz),
            ended_at=_at(item.ended_at, tz),
            duration_s=round(reading.elapsed_s, 1),
            allotted_s=round(reading.allotted_s, 1),
            overrun_s=round(reading.overrun_s, 1),
            paused_s=round(reading.paused_s, 1),
            point_of_order=item.point_of_order,
            out_of_turn=item.out_of_turn,
            person=item.person,
            person_title=person.title if person is not None else None,
            person_function=person.function if person is not None else None,
            notes=list(item.notes),
            corrected=item.corrected,
            in_progress=in_progress,
            intervention_id=intervention_id,
        ))
        for correction in item.corrections:
            corrections.append((correction.seq, _correction(number, participant.name, correction, roster, tz)))
    interventions = _INTERVENTIONS.validate_python(rows)
    queue = {request.id: n for n, request in enumerate(state.queue(), start=1)}
    not_reached = [
        LogRequest.model_construct(
            speaker=roster.name(r.participant_id),
            speaker_id=r.participant_id,
            category=roster.get(r.participant_id).category,
            seat=roster.get(r.participant_id).seat,
            on_behalf_of=r.on_behalf_of,
            on_behalf_of_group_id=r.group_id,
            item=r.item_id,
            requested_at=_moment(r.requested_at, tz),
            status="waiting" if r.status is RequestStatus.WAITING else "cleared",
            queue_position=queue.get(r.id),
        )
        for r in state.requests.values()
        if r.status in (RequestStatus.WAITING, RequestStatus.CLEARED)
    ]
    per_item: dict[str, list[float]] = defaultdict(list)
    for i in interventions:
        per_item[i.item].append(i.duration_s)
    items: list[LogItem] = []
    for agenda in programme.items:
        spoken = per_item.get(agenda.id, [])
        started = state.item_started.get(agenda.id)
        # Not begun, and nothing recorded yet (an export before the meeting opens): the item is on
        # its own day of the calendar, not on the day of epoch 0 (it was dated 1970-01-01).
        on = started if started is not None else as_of or _on_its_day(programme, agenda, tz)
        start, end = scheduled(agenda, on, tz, programme)
        items.append(LogItem.model_construct(
            id=agenda.id,
            day=agenda.day,
            date=_moment(start, tz).date() if start else None,
            title=agenda.title,
            kind=agenda.kind,
            informal=agenda.id in informal_items,
            scheduled_start=_moment(start, tz),
            scheduled_end=_moment(end, tz),
            actual_start=_at(started, tz),
            actual_end=_at(state.item_ended.get(agenda.id), tz),
            slip_s=None if started is None else round(clock.slip_s(started, start), 1),
            interventions=len(spoken),
            speaking_time_s=round(sum(spoken), 1),  # an item nobody spoke at: 0, as it always was
        ))
    summary = summarise(interventions)
    summary.balance = balance(interventions, roster)
    summary.sentences = summary_module.sentences(
        programme,
        {c.value: v.speakers for c, v in summary.by_segment.formal.items()},
        {c.value: v.speakers for c, v in summary.by_segment.informal.items()},
        [item for item in programme.items if item.id in informal_items
         and any(i.item == item.id and not i.point_of_order for i in interventions)],
    )
    meeting = programme.meeting
    return SpeakerLog.model_construct(
        format=FORMAT,
        meeting=LogMeeting.model_construct(
            title=meeting.title,
            venue=meeting.venue,
            days=list(meeting.days),
            timezone=meeting.timezone,
            rehearsal=meeting.rehearsal,
            dated_from=list(meeting.dated_from) if meeting.dated_from else None,
            as_of=_moment(as_of, tz) if as_of else None,
            current_item=state.item.id,
        ),
        items=items,
        interventions=interventions,
        requests_not_reached=not_reached,
        corrections=[listed for _at, listed in sorted(corrections, key=lambda c: c[0])],  # as they were made
        labels=Labels.model_construct(
            category=dict(CATEGORY_LABELS),
            kind=dict(KIND_LABELS),
            role={role: role_label(role) for role in sorted({i.role for i in interventions})},
        ),
        summary=summary,
        budgets=[LogBudget.model_construct(**cast("dict[str, Any]", line)) for line in budget_report(state, as_of or 0.0)],
    )


def _correction(order: int, speaker: str, correction: Correction, roster: Roster, tz: ZoneInfo) -> LogCorrection:
    """A correction as the log shows it: names and local times, and both measures."""
    changes = []
    for change in correction.changes:
        if change.field == "participant_id":
            before, after = str(change.before), str(change.after)
            changes.append(LogChange.model_construct(field="speaker", before=roster.name(before),
                                                     after=roster.name(after), before_id=before, after_id=after))
        elif change.field == "note":
            changes.append(LogChange.model_construct(field="note", before=None, after=_text(change.after),
                                                     before_id=None, after_id=None))
        else:
            changes.append(LogChange.model_construct(field="started_at" if change.field == "started_at" else "ended_at",
                                                     before=_iso(change.before, tz), after=_iso(change.after, tz),
                                                     before_id=None, after_id=None))
    duration = overrun = None
    if correction.duration_before_s is not None:
        duration = _before_after(correction.duration_before_s, correction.duration_after_s)
        overrun = _before_after(correction.overrun_before_s, correction.overrun_after_s)
    return LogCorrection.model_construct(
        intervention=order,
        speaker=speaker,
        at=_moment(correction.at, tz),
        changes=changes,
        duration_s=duration,
        overrun_s=overrun,
    )


def _text(value: str | float | None) -> str | None:
    return None if value is None else str(value)


def _before_after(before: float | None, after: float | None) -> BeforeAfter:
    """Both measures of a correction (the fold records both or neither)."""
    return BeforeAfter.model_construct(before=0.0 if before is None else round(before, 1),
                                       after=0.0 if after is None else round(after, 1))


def _counts(interventions: list[LogIntervention]) -> dict[Category, Counts]:
    """Speakers, interventions and speaking time per category (every category, in order)."""
    speakers: dict[Category, set[str]] = defaultdict(set)
    count: dict[Category, int] = defaultdict(int)
    time: dict[Category, float] = defaultdict(int)  # an empty category's time is 0, as it always was
    for i in interventions:
        category = i.category
        speakers[category].add(i.speaker_id)
        count[category] += 1
        time[category] += i.duration_s
    return {category: Counts.model_construct(speakers=len(speakers[category]), interventions=count[category],
                                             speaking_time_s=round(time[category], 1)) for category in Category}


def summarise(interventions: list[LogIntervention]) -> LogSummary:
    floor = [i for i in interventions if not i.point_of_order]
    group_speakers: dict[RegionalGroup, set[str]] = defaultdict(set)
    group_count: dict[RegionalGroup, int] = defaultdict(int)
    group_time: dict[RegionalGroup, float] = defaultdict(float)
    for i in floor:
        if i.regional_group and i.category == Category.MEMBER_STATE:
            group_speakers[i.regional_group].add(i.speaker_id)
            group_count[i.regional_group] += 1
            group_time[i.regional_group] += i.duration_s
    total = sum(i.duration_s for i in floor)
    over = [i for i in floor if i.overrun_s >= 1]
    return LogSummary.model_construct(
        by_category=_counts(floor),
        by_regional_group={
            name: Counts.model_construct(speakers=len(group_speakers[name]), interventions=group_count[name],
                                         speaking_time_s=round(group_time[name], 1))
            for name in sorted(group_count)
        },
        by_segment=SegmentCounts.model_construct(
            formal=_counts([i for i in floor if not i.informal]),
            informal=_counts([i for i in floor if i.informal]),
        ),
        sentences=[],
        interventions=len(floor),
        points_of_order=len(interventions) - len(floor),
        total_speaking_time_s=round(total, 1),
        mean_speaking_time_s=round(total / len(floor), 1) if floor else 0.0,
        overruns=len(over),
        total_overrun_s=round(sum(i.overrun_s for i in over), 1),
    )


def balance(interventions: list[LogIntervention], roster: Roster) -> Balance | None:
    """The room's balance: interventions and speaking time by the speaker's gender (from the list
    of participants) and by the delegation's first or repeat intervention on the item. None when
    no speaker was named: a meeting without a list of participants reports as it always has."""
    floor = [i for i in interventions if not i.point_of_order]
    if not any(i.person for i in floor):
        return None
    genders: dict[GenderKey, list[LogIntervention]] = {"female": [], "male": [], "other": [], "not_given": []}
    turns: dict[TurnKey, list[LogIntervention]] = {"first": [], "repeat": []}
    spoken: set[tuple[str, str]] = set()
    for i in sorted(floor, key=lambda i: i.started_at):
        person = roster.get(i.speaker_id).person(i.person) if i.person and i.speaker_id in roster else None
        genders[person.gender.value if person is not None and person.gender is not None else "not_given"].append(i)
        key = (i.item, i.speaker_id)
        turns["repeat" if key in spoken else "first"].append(i)
        spoken.add(key)

    def counts(rows: list[LogIntervention], who: Callable[[LogIntervention], object]) -> Counts:
        return Counts.model_construct(speakers=len({who(i) for i in rows}), interventions=len(rows),
                                      speaking_time_s=round(sum(i.duration_s for i in rows), 1))

    return Balance.model_construct(
        by_gender={g: counts(rows, lambda i: (i.speaker_id, i.person)) for g, rows in genders.items()},
        by_turn={t: counts(rows, lambda i: i.speaker_id) for t, rows in turns.items()},
    )


def summary_sentences(log: SpeakerLog) -> list[str]:
    """'In total, 71 national delegations made interventions, as well as ...', then the informal segments'."""
    return log.summary.sentences


# -- csv ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "order", "speaker", "speaker_id", "category", "regional_group", "on_behalf_of", "role", "item",
    "started_at", "ended_at", "duration_s", "duration", "allotted_s", "overrun_s", "overrun", "paused_s",
    "point_of_order", "notes", "category_label", "amended", "out_of_turn", "day", "rehearsal",
    "on_behalf_of_group_id", "person", "person_title", "person_function",
]


def neutralise(value: object) -> str:
    """Spreadsheet formula injection: a cell that starts with = + - @ tab or CR is made text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_time(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def csv_duration(seconds: float) -> str:
    """A duration as [h]:mm:ss, "0:05:26": Calc and Excel read it as a duration and sum it in
    hours; "5:26" they read as 05:26:00, a time of day, five hours and 26 minutes."""
    return format_hmmss(seconds)


SEPARATORS = {",": ",", ";": ";", "tab": "\t"}


def _csv_value(value: object, decimal_comma: bool) -> str:
    """A cell's text: a number with decimals written with a decimal comma where asked (326,0)."""
    if decimal_comma and isinstance(value, float):
        return repr(value).replace(".", ",")
    return neutralise(value)


def to_csv(log: SpeakerLog, bom: bool = False, sep: str = ",", decimal_comma: bool = False) -> bytes:
    """The interventions, one a row. `sep` ";" with `decimal_comma` (and `bom`) is the csv of
    European spreadsheets (`dais export --excel-eu`), whose lists are separated by ";" because
    their decimal separator is the comma."""
    if sep not in SEPARATORS.values():
        raise DaisError(_("unknown csv separator {sep!r}; choose , ; or a tab").format(sep=sep))
    if decimal_comma and sep == ",":
        raise DaisError(_("--decimal-comma needs --sep ';' (or tab): the comma cannot separate values too"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rehearsal = "yes" if log.meeting.rehearsal else "no"
    for i in log.interventions:
        row: dict[str, object] = {
            "order": i.order, "speaker": i.speaker, "speaker_id": i.speaker_id, "category": i.category.value,
            "regional_group": i.regional_group and i.regional_group.value, "on_behalf_of": i.on_behalf_of,
            "role": i.role, "item": i.item, "started_at": _csv_time(i.started_at), "ended_at": _csv_time(i.ended_at),
            "duration_s": i.duration_s, "duration": csv_duration(i.duration_s), "allotted_s": i.allotted_s,
            "overrun_s": i.overrun_s, "overrun": csv_duration(i.overrun_s), "paused_s": i.paused_s,
            "point_of_order": "yes" if i.point_of_order else "no", "notes": "; ".join(i.notes),
            "category_label": category_label(i.category), "amended": "yes" if i.corrected else "no",
            "out_of_turn": "yes" if i.out_of_turn else "no", "day": i.day, "rehearsal": rehearsal,
            "on_behalf_of_group_id": i.on_behalf_of_group_id, "person": i.person, "person_title": i.person_title,
            "person_function": i.person_function,
        }
        writer.writerow([_csv_value(row[c], decimal_comma) for c in CSV_COLUMNS])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


# -- json -----------------------------------------------------------------------------------

def _json_time(value: object) -> str:
    """The log's dates and times in the json, as Python writes them ('+00:00', where pydantic's
    own json would write 'Z')."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of the speaker log")


def to_json(log: SpeakerLog) -> bytes:
    # The model's own dump, in the order of its fields (the intervention id is excluded), then
    # the standard library's writer: the bytes the json export has always had.
    # (The list of participants' fields are left out where null: models/speaker_log.py.)
    return (json.dumps(log.model_dump(), ensure_ascii=False, indent=2, default=_json_time) + "\n").encode("utf-8")


# -- md -------------------------------------------------------------------------------------

# Markdown's own characters, escaped with a backslash wherever they appear. An underscore
# inside a word ("member_state") starts no emphasis (CommonMark), so only one at a word's edge is.
_MD_SPECIAL = re.compile(r"[\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _md_cell(text: object) -> str:
    """People's text as Markdown text, on one line: "<script>" and "[x](y)" are shown, not run."""
    one_line = str(text).replace("\r", " ").replace("\n", " ")
    html_safe = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(lambda match: "\\" + match[0], html_safe)


# The tables' column headings, marked for the catalogue (shown through `_columns`).
_COLUMN_NAMES = (
    N_("column", "Speaker"),
    N_("column", "Role"),
    N_("column", "Start"),
    N_("column", "Duration"),
    N_("column", "Notes"),
    N_("column", "Category"),
    N_("column", "Item"),
    N_("column", "Requested"),
    N_("column", "Status"),
    N_("column", "Corrected at"),
    N_("column", "What changed"),
    N_("column", "Speakers"),
    N_("column", "Interventions"),
    N_("column", "Speaking time"),
    N_("column", "Group"),
    N_("column", "Budget for"),
    N_("column", "Used"),
    N_("column", "Budget"),
    N_("column", "Left"),
    N_("column", "Day"),
    N_("column", "Segment"),
    N_("column", "Scheduled"),
    N_("column", "Actual"),
    N_("column", "Slip"),
)


def _columns(*names: str) -> list[str]:
    """A table's column headings in the interface's language (the csv's keys stay machine keys)."""
    return [pgettext("column", name) for name in names]


def _sections(log: SpeakerLog) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables: (heading, header, rows)."""
    tables = []
    by_item: dict[str, list[LogIntervention]] = defaultdict(list)
    for i in log.interventions:
        by_item[i.item].append(i)
    for item in log.items:
        spoken = by_item.get(item.id)
        if not spoken:
            continue
        rows = [[str(i.order), speaker_label(i), role_label(i.role), hm(i.started_at),
                 format_mss(i.duration_s), item_notes(i)] for i in spoken]
        heading = day_label(log, item) + item.title + (_(" (outside the formal session)") if item.informal else "")
        tables.append((heading, ["#", *_columns("Speaker", "Role", "Start", "Duration", "Notes")], rows))
    if log.requests_not_reached:
        titles = {item.id: item.title for item in log.items}
        tables.append((_("Requests not reached"), _columns("Speaker", "Category", "Item", "Requested", "Status"),
                       [[speaker_label(r, group=False), category_label(r.category),
                         titles.get(r.item, r.item), hm(r.requested_at), status_label(r.status)]
                        for r in log.requests_not_reached]))
    if log.corrections:
        tables.append((_("Corrections"), ["#", *_columns("Speaker", "Corrected at", "What changed")],
                       [[str(c.intervention), correction_speaker(log, c), hms(c.at), describe_correction(c)]
                        for c in log.corrections]))
    summary = log.summary
    tables.append((_("Speaking time by category"), _columns("Category", "Speakers", "Interventions", "Speaking time"),
                   [[category_label(c), str(v.speakers), str(v.interventions), format_mss(v.speaking_time_s)]
                    for c, v in summary.by_category.items() if v.interventions]))
    informal = summary.by_segment.informal
    if any(v.interventions for v in informal.values()):
        tables.append((_("Outside the formal session, by category"),
                       _columns("Category", "Speakers", "Interventions", "Speaking time"),
                       [[category_label(c), str(v.speakers), str(v.interventions),
                         format_mss(v.speaking_time_s)] for c, v in informal.items() if v.interventions]))
    if summary.by_regional_group:
        tables.append((_("Member States by regional group"), _columns("Group", "Speakers", "Interventions", "Speaking time"),
                       [[g.value, str(v.speakers), str(v.interventions), format_mss(v.speaking_time_s)]
                        for g, v in summary.by_regional_group.items()]))
    if summary.balance is not None:
        header = _columns("Speakers", "Interventions", "Speaking time")
        tables.append((_("Balance of the room: by gender of the speaker"), [_("Gender"), *header],
                       [[gender_label(g), str(v.speakers), str(v.interventions),
                         format_mss(v.speaking_time_s)] for g, v in summary.balance.by_gender.items() if v.interventions]))
        tables.append((_("Balance of the room: first-time and repeat interventions"), [_("Intervention"), *header],
                       [[turn_label(t), str(v.speakers), str(v.interventions),
                         format_mss(v.speaking_time_s)] for t, v in summary.balance.by_turn.items() if v.interventions]))
    if log.budgets:
        tables.append((_("Time against budget"), _columns("Item", "Budget for", "Used", "Budget", "Left"),
                       [[b.item_title, b.holder, format_mss(b.used_s), format_mss(b.total_s),
                         _("used up") if b.used_s >= b.total_s else format_mss(b.total_s - b.used_s)]
                        for b in log.budgets]))
    tables.append((_("Programme: scheduled against actual"),
                   _columns("Day", "Item", "Segment", "Scheduled", "Actual", "Slip", "Interventions"),
                   [[str(i.day), i.title, KIND_LABELS[i.kind],
                     f"{hm(i.scheduled_start)}–{hm(i.scheduled_end)}",
                     f"{hm(i.actual_start)}–{hm(i.actual_end)}" if i.actual_start else _("not held"),
                     "" if i.slip_s is None else _("{n:+d} min").format(n=clock.whole_minutes(i.slip_s)), str(i.interventions)]
                    for i in log.items]))
    return tables


def to_markdown(log: SpeakerLog) -> bytes:
    lines = ["# " + _("Speaker log: {title}").format(title=_md_cell(shown_title(log.meeting))), ""]
    for paragraph in overview(log):
        lines += [_md_cell(paragraph), ""]
    for heading, header, rows in _sections(log):
        lines += [f"## {_md_cell(heading)}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


# -- html -----------------------------------------------------------------------------------

def _static_svg(root: Any) -> Any:
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


def _charts(log: SpeakerLog) -> list[str]:
    import pygal
    from pygal.style import CleanStyle

    # Legends and labels are never cut short (pygal truncates them to fit by default), and the
    # legend goes under the plot, where a long name has the chart's whole width.
    config: dict[str, Any] = dict(style=CleanStyle, js=[], disable_xml_declaration=True, width=800, height=360,
                  explicit_size=False, print_values=False, truncate_legend=-1, truncate_label=-1,
                  legend_at_bottom=True, legend_at_bottom_columns=2)
    spoken = [(category_label(name), round(v.speaking_time_s / 60, 1))
              for name, v in log.summary.by_category.items() if v.speaking_time_s]
    by_category = pygal.HorizontalBar(title=_("Speaking time per category (minutes)"), show_legend=False,
                                      **{**config, "height": max(200, 80 + 40 * len(spoken))})
    by_category.uuid = "dais-categories"  # fixed ids: the same journal gives the same bytes
    spoken.reverse()  # pygal draws a horizontal bar chart from the bottom up: Member States on top
    by_category.x_labels = [name for name, _minutes in spoken]
    by_category.add(_("Speaking time (minutes)"), [minutes for _name, minutes in spoken])
    schedule = pygal.Bar(title=_("Programme: scheduled against actual (minutes)"), x_label_rotation=30, **config)
    schedule.uuid = "dais-schedule"
    held = [(i, i.actual_start, i.actual_end) for i in log.items if i.actual_start and i.actual_end]
    schedule.x_labels = [short_title(i.title) for i, _start, _end in held]

    def minutes(moment: dt.datetime) -> int:
        return moment.hour * 60 + moment.minute  # the wall clock, as the programme reads

    schedule.add(_("Scheduled"), [minutes(i.scheduled_end) - minutes(i.scheduled_start) for i, _start, _end in held])
    # Elapsed time, across a change of clocks too (the times carry their offsets).
    schedule.add(_("Actual"), [round((end.timestamp() - start.timestamp()) / 60, 1) for _i, start, end in held])
    charts = (by_category, schedule)
    for chart in charts:
        chart.add_xml_filter(_static_svg)
    return [chart.render(is_unicode=True) for chart in charts]


# The report on screen, and on A4 paper (Chromium and Firefox print on Letter unless the page
# says otherwise): the page's margins, no screen margins, a table's header again on each page,
# a row never cut across two pages, a heading kept with its table, a chart scaled to the page,
# and a long word (a web address) broken rather than pushed past the page's edge.
REPORT_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}"
    "table{border-collapse:collapse;margin:0 0 1.5em}td,th{border:1px solid #bbb;padding:.2em .5em;"
    "text-align:left;overflow-wrap:anywhere}th{background:#eee}figure{margin:1em 0}"
    "svg{max-width:100%;height:auto}"
    "@page{size:A4;margin:15mm 15mm 18mm}"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}thead{display:table-header-group}"
    "tr,figure{break-inside:avoid;page-break-inside:avoid}h1,h2{break-after:avoid;page-break-after:avoid}"
    "table{width:100%}}"
)


def to_html(log: SpeakerLog) -> bytes:
    e = html.escape
    parts = [
        "<!DOCTYPE html>", f'<html lang="{language()}"><head><meta charset="utf-8">',
        "<title>" + e(_("Speaker log: {title}").format(title=shown_title(log.meeting))) + "</title>",
        f"<style>{REPORT_STYLE}</style>",
        "</head><body>", "<h1>" + e(_("Speaker log: {title}").format(title=shown_title(log.meeting))) + "</h1>",
    ]
    parts += [f"<p>{e(p)}</p>" for p in overview(log)]
    for svg in _charts(log):
        parts.append(f"<figure>{svg}</figure>")
    for heading, header, rows in _sections(log):
        parts.append(f"<h2>{e(heading)}</h2><table><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


# -- xlsx, docx and the chair's list live in their own modules -----------------------------

def to_xlsx(log: SpeakerLog) -> bytes:
    from dais.console.report.workbook import to_xlsx as render_xlsx

    return render_xlsx(log)


def to_docx(log: SpeakerLog) -> bytes:
    from dais.console.report.word import to_docx as render_docx

    return render_docx(log)


def to_chair(log: SpeakerLog) -> bytes:
    from dais.console.report.chair import to_chair as render_chair

    return render_chair(log)


def to_vtt(log: SpeakerLog, at: dt.time | None = None, day: int | None = None) -> bytes:
    from dais.console.report.webcast import to_vtt as render_vtt

    return render_vtt(log, at, day)


SUFFIXES = {"chair": ".chair.html"}

RENDERERS: dict[str, Callable[[SpeakerLog], bytes]] = {"csv": to_csv, "json": to_json, "md": to_markdown, "html": to_html, "xlsx": to_xlsx,
             "docx": to_docx, "chair": to_chair, "vtt": to_vtt}


@gc_paused()
def render(log: SpeakerLog, fmt: str, bom: bool = False, sep: str = ",", decimal_comma: bool = False,
           webcast_from: dt.time | None = None, day: int | None = None) -> bytes:
    """The log in a format; `bom`, `sep` and `decimal_comma` are the csv's (see to_csv), `webcast_from`
    and `day` the vtt chapters' (console/report/webcast.py)."""
    if fmt not in RENDERERS:
        raise DaisError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "vtt":
        return to_vtt(log, webcast_from, day)
    return to_csv(log, bom, sep, decimal_comma) if fmt == "csv" else RENDERERS[fmt](log)


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


async def meeting_bytes(meeting_path: Path, fmt: str, bom: bool = False,
                        on_damage: Callable[[Meeting], None] | None = None,
                        sep: str = ",", decimal_comma: bool = False,
                        webcast_from: dt.time | None = None, day: int | None = None) -> bytes:
    """A meeting's speaker log in a format, read-only (it works while the dais has the meeting open).

    A meeting with a damaged event is read up to it; `on_damage` is told, to say so."""
    from dais.console.floor.meeting import Meeting

    if fmt not in RENDERERS:
        raise DaisError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    meeting = await Meeting.watch(meeting_path)
    try:
        if on_damage is not None and meeting.journal.damaged is not None:
            on_damage(meeting)
        log = speaker_log(meeting.state, as_of=meeting.entries[-1].at if meeting.entries else None)
    finally:
        await meeting.close()
    return render(log, fmt, bom, sep, decimal_comma, webcast_from, day)


def default_output(meeting_path: Path, fmt: str) -> Path:
    """Where an export goes when no path is given: beside the meeting (geneva.dais -> geneva.chair.html)."""
    return Path(meeting_path).with_suffix(SUFFIXES.get(fmt, f".{fmt}"))


async def export_meeting(meeting_path: Path, fmt: str, output: Path | None, bom: bool = False) -> Path:
    """Export a meeting to a file, written whole or not at all."""
    target = output or default_output(meeting_path, fmt)
    write_atomically(target, await meeting_bytes(meeting_path, fmt, bom))
    return target

