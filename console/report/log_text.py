"""The speaker log in words: the times, labels, dates and paragraphs every document export shares.

console.report.export and the xlsx, docx and chair's-list renderers (console.report.workbook, console.report.word,
console.report.chair) all read these; this module imports none of them, so none imports another's.
"""

from __future__ import annotations

import datetime as dt

from dais.console.lang.i18n import _, change_label, date_range, ngettext, number, participant_name, pgettext
from dais.console.lang.i18n import long_date as _long_date
from dais.models.programme import format_mss
from dais.models.speaker_log import LogCorrection, LogIntervention, LogItem, LogMeeting, LogRequest, SpeakerLog


def hm(moment: dt.datetime | None) -> str:
    """A local time as HH:MM; a dash when there is none."""
    return f"{moment:%H:%M}" if moment else "—"


def hms(moment: dt.datetime | None) -> str:
    """A local time as HH:MM:SS; a dash when there is none."""
    return f"{moment:%H:%M:%S}" if moment else "—"


def speaker_label(i: LogIntervention | LogRequest, group: bool = True) -> str:
    """The speaker's name in the interface's language, and the group spoken for (unless `group`
    is false: a table with its own column for it)."""
    name = participant_name(i.speaker_id, i.category, i.speaker)
    # Who spoke for the delegation, as the UN's record names them: "Mexico — H.E. Mr. X, ...".
    person = f" — {person_label(i)}" if isinstance(i, LogIntervention) and i.person else ""
    if not group or not i.on_behalf_of:
        return name + person
    from dais.console.lang.french import group_of_fr

    # TRANSLATORS: also {of_group}, the group after "de": "du Groupe des États d’Afrique", "de l’Union européenne".
    label = _("{speaker} (on behalf of {group})")
    return label.format(speaker=name, group=group_name(i.on_behalf_of), of_group=group_of_fr(i.on_behalf_of)) + person


def person_label(i: LogIntervention) -> str:
    """'H.E. Mr. Juan Pérez, Permanent Representative': the person with their title and function."""
    styled = f"{i.person_title} {i.person}" if i.person_title else str(i.person)
    return f"{styled}, {i.person_function}" if i.person_function else styled


def group_name(group: str) -> str:
    """A group spoken for, in the interface's language where it is known."""
    from dais.console.lang.i18n import group_name as named

    return named(group)


def _time_of(iso: str | None) -> str:
    """A change's time as HH:MM:SS: the log keeps a change's before and after as ISO text."""
    return iso[11:19] if iso else "—"


def describe_correction(c: LogCorrection) -> str:
    """'Speaker: Switzerland → Argentina; End: 11:32:10 → 11:31:40 (overrun 0:20 → 0:00)'."""
    parts = []
    for change in c.changes:
        label = change_label(change.field)
        if change.field == "note":
            parts.append(_("{label}: {note}").format(label=label, note=change.after))
        elif change.field == "speaker":  # the names in the interface's language, as everywhere else
            before = participant_name(change.before_id, None, change.before or "")
            after = participant_name(change.after_id, None, change.after or "")
            parts.append(_("{label}: {before} → {after}").format(label=label, before=before, after=after))
        else:
            parts.append(_("{label}: {before} → {after}").format(label=label, before=_time_of(change.before),
                                                                 after=_time_of(change.after)))
    if c.duration_s is not None:
        parts.append(_("duration {before} → {after}").format(before=format_mss(c.duration_s.before),
                                                              after=format_mss(c.duration_s.after)))
        if c.overrun_s is not None and (c.overrun_s.before >= 1 or c.overrun_s.after >= 1):
            parts.append(_("overrun {before} → {after}").format(before=format_mss(c.overrun_s.before),
                                                                 after=format_mss(c.overrun_s.after)))
    return "; ".join(parts)


def correction_speaker(log: SpeakerLog, c: LogCorrection) -> str:
    """Who a corrected intervention's speaker is, in the interface's language ("Argentine")."""
    interventions = log.interventions
    if 1 <= c.intervention <= len(interventions) and interventions[c.intervention - 1].order == c.intervention:
        spoken = interventions[c.intervention - 1]
        return participant_name(spoken.speaker_id, spoken.category, c.speaker)
    return participant_name(None, None, c.speaker)


def item_notes(i: LogIntervention) -> str:
    notes = [pgettext("note", "point of order")] if i.point_of_order else list(i.notes)
    if i.out_of_turn:
        notes.insert(0, pgettext("note", "out of turn"))
    if i.corrected:
        notes.append(_("amended (see Corrections)"))
    return "; ".join(notes)


def long_date(day: dt.date) -> str:
    """2017-05-08 -> '8 May 2017' / '8 mai 2017', in the interface's language (Babel)."""
    return _long_date(day)


def meeting_dates(days: list[dt.date]) -> str:
    return date_range([day.isoformat() for day in days])


def shown_title(meeting: LogMeeting) -> str:
    """The meeting's title, marked when the meeting is a rehearsal."""
    return (_("REHEARSAL: ") if meeting.rehearsal else "") + meeting.title


def day_label(log: SpeakerLog, item: LogItem) -> str:
    """'Day 2, 9 May 2017: ' before an item's title when the meeting has several days."""
    if len(log.meeting.days) < 2 or not item.date:
        return ""
    return _("Day {day}, {date}: ").format(day=item.day, date=long_date(item.date))


def short_title(title: str) -> str:
    """'Panel 1. Human rights of all migrants' -> 'Panel 1'; 'Summary panel: synopsis ...' -> 'Summary panel'."""
    return title.split(". ", 1)[0].split(": ", 1)[0]


def rehearsal_note(meeting: LogMeeting) -> str:
    dated = meeting.dated_from
    if dated:
        note = _("REHEARSAL of the programme dated {dated}, run on {days}: not a record of the meeting.")
        return note.format(dated=meeting_dates(dated), days=meeting_dates(meeting.days))
    note = _("REHEARSAL, run on {days}: not a record of the meeting.")
    return note.format(days=meeting_dates(meeting.days))


def overview(log: SpeakerLog) -> list[str]:
    """The report's opening paragraphs: where and when, the summary's sentences, the figures."""
    meeting = log.meeting
    s = log.summary
    points = s.points_of_order
    paragraphs = [f"{meeting.venue}, {meeting_dates(meeting.days)}"]
    if meeting.rehearsal:
        paragraphs.append(rehearsal_note(meeting))
    if s.sentences:
        paragraphs.append(" ".join(s.sentences))
    paragraphs.append(" ".join((
        ngettext("{n} intervention, {time} of speaking time (mean {mean});",
                 "{n} interventions, {time} of speaking time (mean {mean});", s.interventions).format(
            n=number(s.interventions), time=format_mss(s.total_speaking_time_s),
            mean=format_mss(s.mean_speaking_time_s)),
        ngettext("{n} over their time (+{total} in all);", "{n} over their time (+{total} in all);",
                 s.overruns).format(n=number(s.overruns), total=format_mss(s.total_overrun_s)),
        ngettext("{n} point of order.", "{n} points of order.", points).format(n=number(points)),
    )))
    return paragraphs
