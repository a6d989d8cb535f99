"""Programme files: reading and checking TOML programmes of work, and the shipped ones."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from dais.console.lang.errors import InputError, ProgrammeError
from dais.models import AgendaItem, MeetingInfo, Programme
from dais.models.programme import cross_check, format_mss

if TYPE_CHECKING:
    from dais.console.room.participants import ParticipantsList

DEFAULT_PROGRAMME = "first-thematic-session"
SHIPPED = {
    "first-thematic-session": "First informal thematic session, Geneva, 8-9 May 2017 (the default)",
    "third-thematic-session": "Third informal thematic session, Geneva, 19-20 June 2017",
    "first-stakeholder-hearing": "First informal interactive multi-stakeholder hearing, New York, 26 July 2017",
}


def place(loc: tuple[int | str, ...]) -> str:
    """('items', 3, 'end') -> 'items[3].end'"""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


INPUT_LIMIT = 1_000_000  # bytes: a programme of a thousand items is a tenth of this


def read_input(path: Path | str, what: str) -> bytes:
    """The bytes of a file a person hands Dais (a programme, a seating list), read up to
    INPUT_LIMIT: /dev/zero or a mistaken multi-gigabyte file is refused, not read into memory."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(INPUT_LIMIT + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
    if len(data) > INPUT_LIMIT:
        raise InputError(f"{path}: larger than {INPUT_LIMIT // 1_000_000} MB, the limit for {what}")
    return data


def parse_programme(text: str, source: str = "programme") -> Programme:
    """Validate a programme's TOML text; every problem is reported with its place."""
    import tomllib  # here: a reopened meeting reads its programme from the journal, not from TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProgrammeError(source, [("", f"not valid TOML: {error}")]) from None
    except RecursionError:
        # tomllib descends once per level of nesting; Python's recursion limit is the bound.
        raise ProgrammeError(source, [("", "not a programme: arrays or tables nested too deeply")]) from None
    try:
        programme = Programme.model_validate(data)
    except RecursionError:
        raise ProgrammeError(source, [("", "not a programme: arrays or tables nested too deeply")]) from None
    except ValidationError as error:
        problems = [_located(detail) for detail in error.errors(include_url=False)]
        problems += _cross_check_valid_parts(data)
        raise ProgrammeError(source, sorted(set(problems), key=_place_order)) from None
    problems = programme.problems()
    if programme.participants:  # its own list of participants, checked as `dais roster import` checks one
        problems += [(found.partition(": ")[0], found.partition(": ")[2])
                     for found in listed_participants(programme).problems]
    if problems:
        raise ProgrammeError(source, problems)
    return programme


def listed_participants(programme: Programme) -> ParticipantsList:
    """The programme's own list of participants, checked against the reference roster."""
    from dais.console.room.participants import build, programme_rows
    from dais.console.room.roster import Roster

    return build(programme_rows(programme.participants), Roster.reference())


def _located(detail: Mapping[str, Any]) -> tuple[str, str]:
    loc = tuple(detail["loc"])
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "missing":
        message, loc = f"{loc[-1]} is missing", loc[:-1]
    elif detail["type"] == "extra_forbidden":
        message, loc = f"unknown field {loc[-1]!r}", loc[:-1]
    elif loc and isinstance(loc[-1], str) and message.startswith(f"{loc[-1]} "):
        loc = loc[:-1]  # "items[3]: end 17:50 is before start 18:00"
    return place(loc), message


def _cross_check_valid_parts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Cross-item checks over the items that are valid on their own, so one bad item hides nothing."""
    try:
        days: int | None = len(MeetingInfo.model_validate(data.get("meeting")).days)
    except ValidationError:
        days = None
    raw = data.get("items")
    if not isinstance(raw, list):
        return []
    valid = []
    found: list[tuple[str, str]] = []
    for index, item in enumerate(raw):
        try:
            valid.append((index, AgendaItem.model_validate(item)))
            continue
        except ValidationError:
            pass
        if not isinstance(item, dict):
            continue
        # The checks an invalid item can still take from its raw fields.
        item_id, day = item.get("id"), item.get("day")
        for other_index, other in enumerate(raw[:index]):
            if isinstance(other, dict) and isinstance(item_id, str) and other.get("id") == item_id:
                found.append((f"items[{index}]", f"id {item_id!r} is already used by items[{other_index}]"))
                break
        if days is not None and isinstance(day, int) and day > days:
            found.append((f"items[{index}]", f"day {day} is past the meeting's {days} day(s)"))
    return found + cross_check(days, valid)


def _place_order(problem: tuple[str, str]) -> tuple[tuple[int | str, ...], str]:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"\[(\d+)\]", problem[0])), problem[1]


def load_programme(path: Path | str) -> Programme:
    path = Path(path)
    try:
        text = read_input(path, "a programme file").decode("utf-8")
    except InputError as error:
        raise ProgrammeError(str(path), [("", str(error).removeprefix(f"{path}: "))]) from None
    except UnicodeDecodeError as error:
        raise ProgrammeError(str(path), [("", f"not UTF-8 text (byte {error.start})")]) from None
    return parse_programme(text, str(path))


SHOWN_WARNINGS = 10  # 20,000 overlapping items make one warning with a count, not 20,000 lines


def warnings(programme: Programme) -> list[str]:
    """What a valid programme may hold by mistake: overlapping items, a day whose items run past
    midnight once each waits for the one before, meeting days out of order. `dais check` prints
    them; they refuse nothing (the 2017 procedural note itself has items that overlap)."""
    found: list[str] = []
    days = programme.meeting.days
    for index in range(1, len(days)):
        if days[index] <= days[index - 1]:
            found.append(f"meeting.days[{index}]: {days[index]} is not after the day before it, {days[index - 1]}")
    overlaps: list[str] = []
    late: list[str] = []
    late_days: set[int] = set()
    previous: dict[int, tuple[int, AgendaItem]] = {}
    running_end: dict[int, int] = {}  # minutes: when the day's items end if each waits for the last
    for index, item in enumerate(programme.items):
        start, end = item.start_minute, item.end_minute
        if item.day in previous:
            before_index, before = previous[item.day]
            before_end = before.end_minute
            if start < before_end:
                overlaps.append(f"items[{index}]: starts {item.start:%H:%M}, before items[{before_index}] "
                                f"ends {before.end:%H:%M}")
        shifted_end = max(start, running_end.get(item.day, 0)) + (end - start)
        running_end[item.day] = shifted_end
        if shifted_end > 24 * 60 and item.day not in late_days and not programme.meeting.redated:
            late_days.add(item.day)
            late.append(f"items[{index}]: with the overlaps before it, day {item.day} runs past midnight")
        if item.day not in previous or end > previous[item.day][1].end_minute:
            previous[item.day] = (index, item)
    found += _clock_changes(programme)
    found += overlaps[:SHOWN_WARNINGS]
    if len(overlaps) > SHOWN_WARNINGS:
        found.append(f"... and {len(overlaps) - SHOWN_WARNINGS} more overlapping items")
    return found + late


def _clock_changes(programme: Programme) -> list[str]:
    """Times that do not exist on their day (the clocks go forward through them) or happen twice
    (the clocks go back): the meeting's zone reads them otherwise than the programme says."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from dais.console.room.calendar import item_date

    tz = ZoneInfo(programme.meeting.timezone)
    found: list[str] = []
    for index, item in enumerate(programme.items):
        day = item_date(programme, item)
        for field in ("start", "end"):
            wall = dt.datetime.combine(day, getattr(item, field))
            there = wall.replace(tzinfo=tz)
            if there.astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None) != wall:
                found.append(f"items[{index}].{field}: {wall:%H:%M} on {day} does not exist in "
                             f"{programme.meeting.timezone} (the clocks go forward then)")
            elif there.utcoffset() != there.replace(fold=1).utcoffset():
                found.append(f"items[{index}].{field}: {wall:%H:%M} on {day} happens twice in "
                             f"{programme.meeting.timezone} (the clocks go back then); the first is meant")
    return found[:SHOWN_WARNINGS]


def shipped_text(name: str) -> str:
    return resources.files("dais.console.room.programmes").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def shipped_programme(name: str = DEFAULT_PROGRAMME) -> Programme:
    if name not in SHIPPED:
        raise ProgrammeError(name, [("", "no such built-in programme; known: " + ", ".join(SHIPPED))])
    return parse_programme(shipped_text(name), f"built-in programme {name}")


def template_text() -> str:
    """The commented template `dais programme new` writes."""
    return resources.files("dais.console.room.programmes").joinpath("template.toml").read_text(encoding="utf-8")


def programme_toml(programme: Programme) -> str:
    """A programme (as changed during a session) as a TOML file that `dais check` accepts."""
    import tomli_w

    data = programme.model_dump(mode="json", exclude_none=True)
    data["meeting"]["days"] = list(programme.meeting.days)  # TOML dates, not strings
    for item in data["items"]:
        for key in ("floor_limit", "warning"):
            if isinstance(item.get(key), int):
                item[key] = format_mss(item[key])
        if not item.get("budgets"):
            item.pop("budgets", None)
        for key in ("starts_next_date", "ends_next_date"):
            if not item.get(key):
                item.pop(key, None)
    header = f"# {programme.meeting.title}\n# Written by `dais programme export`; check it with `dais check`.\n\n"
    return header + tomli_w.dumps(data, multiline_strings=False)
