"""The meeting's calendar: re-dating a programme (rehearsal, --on), the dates its items run on,
and the heading the screens show (title, venue, day, local time and zone, REHEARSAL).

Re-dating happens once, when a meeting is created: the stored programme carries the new dates
and keeps the programme file's own in `meeting.dated_from`, so the dais, the watchers and the
exports all read the same calendar from the journal.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dais.console.lang.i18n import _, day_heading, day_of_month, span_ends
from dais.console.lang import typed
from dais.console.lang.errors import DaisError
from dais.models import AgendaItem, Programme

STEP_S = 5 * 60  # a rehearsal begins at the next five minutes


ONE_DAY = dt.timedelta(days=1)


def item_date(programme: Programme, item: AgendaItem) -> dt.date:
    """The date of the item's day of the programme: the date its day begins on. An item of that
    day after midnight runs on the next date (wall_times) and is still of that day."""
    days = programme.meeting.days
    return days[min(item.day, len(days)) - 1]


def wall_times(programme: Programme, item: AgendaItem,
               day: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The item's start and end, local wall-clock time (naive), on its day's date or on `day`."""
    day = item_date(programme, item) if day is None else day
    return (dt.datetime.combine(day + ONE_DAY if item.starts_next_date else day, item.start),
            dt.datetime.combine(day + ONE_DAY if item.ends_next_date else day, item.end))


def shifted(programme: Programme, delta: dt.timedelta, rehearsal: bool = False) -> Programme:
    """The programme with every item moved by `delta` of wall-clock time: the intervals between
    items are kept, and so are the programme's days. A day begins on the date its first item
    lands on; its items after midnight run on the next date and stay of that day (a rehearsal
    begun at 19:20 runs its day 1 until 03:20, never a third day the calendar made up)."""
    moved: list[tuple[AgendaItem, dt.datetime, dt.datetime]] = []
    for item in programme.items:
        start, end = wall_times(programme, item)
        moved.append((item, start + delta, end + delta))
    day_dates: dict[int, dt.date] = {}
    for item, start, _end in moved:
        day_dates[item.day] = min(day_dates.get(item.day, start.date()), start.date())
    days = []
    for number, day in enumerate(programme.meeting.days, start=1):
        # A day of the programme with no item keeps its place relative to the others.
        days.append(day_dates.get(number, (dt.datetime.combine(day, dt.time(12)) + delta).date()))
    items = []
    for item, start, end in moved:
        date = days[min(item.day, len(days)) - 1]
        items.append(item.model_copy(update={
            "start": start.time(), "end": end.time(),
            "starts_next_date": start.date() > date, "ends_next_date": end.date() > date,
        }))
    meeting = programme.meeting.model_copy(update={
        "days": days,
        "rehearsal": rehearsal or programme.meeting.rehearsal,
        "dated_from": programme.meeting.dated_from or list(programme.meeting.days),
    })
    result = programme.model_copy(update={"meeting": meeting, "items": items})
    return Programme.model_validate(result.model_dump())  # validated again, item by item


def runs_past_midnight(programme: Programme, day: int) -> bool:
    """Whether the programme's day `day` goes on after midnight (re-dated late)."""
    return any(item.day == day and item.ends_next_date for item in programme.items)


def end_past_midnight(programme: Programme, item: AgendaItem, end: dt.time) -> bool:
    """Whether a new end typed for `item` is after midnight: on a day that already runs past
    midnight, an end at or before the item's start is the next date's."""
    return item.starts_next_date or (end <= item.start and runs_past_midnight(programme, item.day))


def placed_after(after: AgendaItem, start: dt.time, end: dt.time) -> dict[str, bool]:
    """The midnight marks of an item added after `after`, its times typed as wall-clock times:
    after an item that ends past midnight, a start earlier than that item's is the next date's."""
    starts_next = after.starts_next_date or (after.ends_next_date and start < after.start)
    ends_next = starts_next or (after.ends_next_date and end <= start)
    return {"starts_next_date": starts_next, "ends_next_date": ends_next}


def first_start(programme: Programme) -> dt.datetime:
    return wall_times(programme, programme.items[0])[0]


def minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def rehearsal_shift(programme: Programme, now: float) -> int:
    """Minutes to move the programme so that it begins now, rounded up to the next five minutes.

    At any hour: a rehearsal begun in the evening runs its days past midnight, each day still
    the programme's (shifted())."""
    tz = ZoneInfo(programme.meeting.timezone)
    begin = dt.datetime.fromtimestamp(math.ceil(now / STEP_S) * STEP_S, tz).replace(tzinfo=None)
    return minutes(begin - first_start(programme))


def rehearse(programme: Programme, now: float) -> Programme:
    """A rehearsal: the programme begins now, rounded up to the next five minutes, local time."""
    return shifted(programme, dt.timedelta(minutes=rehearsal_shift(programme, now)), rehearsal=True)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DaisError(f"--on {text!r} is not a date: write YYYY-MM-DD") from None


def parse_time(text: str) -> dt.time:
    try:
        return typed.clock_time(text)
    except ValueError:
        raise DaisError(f"--at {text!r} is not a time: write HH:MM") from None


def redate_shift(programme: Programme, on: dt.date, at: dt.time | None = None) -> int:
    """Minutes to move the programme so it begins on `on` (at `at` if given, else at its own time)."""
    begin = first_start(programme)
    return minutes(dt.datetime.combine(on, at if at is not None else begin.time()) - begin)


def redate(programme: Programme, on: dt.date, at: dt.time | None = None) -> Programme:
    return shifted(programme, dt.timedelta(minutes=redate_shift(programme, on, at)))


def covers(programme: Programme, on: dt.date) -> bool:
    """Whether the meeting's calendar holds the date `on`: a day's date, or the next date when
    that day's items run past midnight."""
    return on in programme.meeting.days or any(
        item.ends_next_date and on == item_date(programme, item) + ONE_DAY for item in programme.items)


def held_on(programme: Programme, item: AgendaItem, began: float | None = None) -> dt.date:
    """The date the item's day is held on: its day's date, or, when the item was begun on
    another date than its day's (the next day's first item taken now, at the end of the day
    before), the date it was begun: the calendar never shows a later date than today's."""
    day = item_date(programme, item)
    if began is None:
        return day
    tz = ZoneInfo(programme.meeting.timezone)
    begun = dt.datetime.fromtimestamp(began, tz).date()
    return day if begun in (day, day + ONE_DAY) else begun


def _uncovered(programme: Programme, now: float) -> tuple[list[dt.date], dt.date] | None:
    """(the programme's days, today) when today is not one of the programme's days."""
    tz = ZoneInfo(programme.meeting.timezone)
    today = dt.datetime.fromtimestamp(now, tz).date()
    if covers(programme, today):
        return None
    return list(programme.meeting.days), today


# The programme's dates in the notices are the interface's ("8 to 9 May 2017", "du 8 au 9 mai
# 2017"); the date in the command stays ISO, as it is typed. A span and a single day are two
# messages each, since French puts a different article before each ("le 8 mai", "du 8 au 9 mai").

def uncovered_notice(programme: Programme, now: float, name: str) -> str | None:
    """One line when today is not one of the programme's days, with the command that re-dates it."""
    if (found := _uncovered(programme, now)) is None:
        return None
    days, today = found
    fields = {"today": day_of_month(today), "name": name, "iso": today.isoformat()}
    if len(days) == 1:
        return _("the programme runs on {day}, not today ({today}); to run it today: "
                 "dais open {name} --on {iso} (or --rehearse)").format(day=day_of_month(days[0]), **fields)
    first, last = span_ends(days[0], days[-1])
    return _("the programme runs from {first} to {last}, not today ({today}); to run it today: "
             "dais open {name} --on {iso} (or --rehearse)").format(first=first, last=last, **fields)


def uncovered_mark(programme: Programme, now: float, name: str) -> str | None:
    """The same, short enough for the header's row."""
    forms = uncovered_marks(programme, now, name)
    return forms[0] if forms else None


def uncovered_marks(programme: Programme, now: float, name: str) -> tuple[str, ...]:
    """The header's mark, longest first: the header shows the longest that fits its width. Each
    keeps the command; the shorter ones leave out the programme's dates, then the words."""
    if (found := _uncovered(programme, now)) is None:
        return ()
    days, today = found
    command = {"name": name, "today": today.isoformat()}
    if len(days) == 1:
        whole = _("NOT TODAY: programme of {day}; re-date it: dais open {name} --on {today}").format(
            day=day_of_month(days[0]), **command)
    else:
        first, last = span_ends(days[0], days[-1])
        whole = _("NOT TODAY: programme of {first} to {last}; re-date it: dais open {name} --on {today}"
                  ).format(first=first, last=last, **command)
    return (whole, _("NOT TODAY; re-date it: dais open {name} --on {today}").format(**command),
            _("NOT TODAY: dais open {name} --on {today}").format(**command))


@dataclass(frozen=True, slots=True)
class Heading:
    """What the header of the dais and of the watchers shows."""

    title: str
    venue: str
    date: str  # the meeting day being run, e.g. "Mon 23 Nov 2026 · day 1 of 2"
    time: str  # the local time with its zone, e.g. "14:05 CET"
    rehearsal: bool
    notice: str | None = None  # today is not a day of the programme: how to re-date it
    notice_forms: tuple[str, ...] = ()  # the notice, longest first, for a narrow header (uncovered_marks)


def zone_label(moment: dt.datetime) -> str:
    """A zone's abbreviation when it has a name (CET), else its UTC offset (UTC+01:00)."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def heading(programme: Programme, item: AgendaItem, now: float, began: float | None = None) -> Heading:
    """The header: "day N of M" counts the programme's days (an item after midnight is of its
    day still); `began` is when the current item began, if it has (held_on)."""
    tz = ZoneInfo(programme.meeting.timezone)
    moment = dt.datetime.fromtimestamp(now, tz)
    day = held_on(programme, item, began)
    count = len(programme.meeting.days)
    date = day_heading(day) + (" · " + _("day {n} of {count}").format(n=item.day, count=count) if count > 1 else "")
    return Heading(
        title=programme.meeting.title,
        venue=programme.meeting.venue,
        date=date,
        time=f"{moment:%H:%M} {zone_label(moment)}",
        rehearsal=programme.meeting.rehearsal,
    )


def rehearsal_mark(programme: Programme) -> str:
    """'REHEARSAL' for a rehearsal (the room's clock shows it above the speaker), else ''."""
    return _("REHEARSAL") if programme.meeting.rehearsal else ""


def next_day_item(programme: Programme, item: AgendaItem) -> AgendaItem | None:
    """The first item of the next day, when `item` is the last of its day."""
    index = programme.index(item.id)
    if index + 1 < len(programme.items) and programme.items[index + 1].day > item.day:
        return programme.items[index + 1]
    return None


def scheduled_end(programme: Programme, item: AgendaItem) -> float:
    """When the item is scheduled to end, epoch seconds (its date and end time, local)."""
    end = wall_times(programme, item)[1].replace(tzinfo=ZoneInfo(programme.meeting.timezone))
    return end.timestamp()


def adjournment_due(programme: Programme, item: AgendaItem, now: float, *, floor_taken: bool,
                    waiting: int, spoken: bool) -> AgendaItem | None:
    """The next day's first item, when the day's last item is over and the dais should offer to
    adjourn until then: nobody on the floor, nothing waiting, and either someone has spoken on the
    item (the secretary ended its last intervention) or its scheduled end has passed."""
    following = next_day_item(programme, item)
    if following is None or floor_taken or waiting:
        return None
    if spoken or now >= scheduled_end(programme, item):
        return following
    return None


@dataclass(frozen=True, slots=True)
class Redating:
    """What `dais open` was asked to do with the calendar: --rehearse, or --on DATE [--at TIME]."""

    rehearse: bool = False
    on: dt.date | None = None
    at: dt.time | None = None


def hour_ticks(hours: list[float], most: int = 6) -> list[tuple[float, str]]:
    """Ticks for an axis of times of day given in hours (21.417 is 21:25): round times at a step of
    15, 30 minutes or whole hours, at most `most` of them, each labelled HH:MM."""
    if not hours:
        return []
    low, high = min(hours), max(hours)
    for step in (0.25, 0.5, 1.0, 2.0, 3.0, 6.0):
        first = math.floor(low / step) * step
        count = math.floor((high - first) / step) + 1
        if count <= most:
            break
    ticks = []
    for n in range(count + 1):
        value = first + n * step
        if value > high + 1e-9 and n:
            break
        minutes_in = round(value * 60)
        ticks.append((value, f"{minutes_in // 60 % 24:02d}:{minutes_in % 60:02d}"))
    return ticks
