"""The programme of work: the meeting, its days and its agenda items, as read from a TOML file."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dais.models.participant import Category, RegionalGroup, slug
from dais.models.text import Text
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)

_MSS = re.compile(r"^\s*(\d+):([0-5]\d)\s*$")
# "2", "2m", "2 min", "90s", "90 sec", "1m30s", "1:30": a number of minutes and/or seconds.
_SPAN = re.compile(
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minutes?)\s*)?(?:(?P<s>\d+)\s*(?:s|sec|secs|seconds?))?"
    r"|(?P<bare>\d+)",
    re.IGNORECASE,
)


def parse_duration(text: str, bare_unit: int) -> int:
    """A written duration in seconds: "1:30", "2m", "2 min", "90s", "1m30s", or a bare number
    counted in `bare_unit` seconds (60 where a person types a limit, 1 in a programme file, where
    a bare 180 has always meant seconds). ValueError, saying how to write it, otherwise."""
    cleaned = text.strip()
    match = _MSS.match(cleaned)
    if match:
        return int(match[1]) * 60 + int(match[2])
    match = _SPAN.fullmatch(cleaned)
    if cleaned and match and any(match.groups()):
        if match["bare"] is not None:
            return int(match["bare"]) * bare_unit
        return int(match["m"] or 0) * 60 + int(match["s"] or 0)
    raise ValueError(f"{cleaned!r} is not a duration: write 2m, 90s or 1:30")


def _seconds(value: object) -> object:
    """Accept 180, 180.0 (seconds), or a string: "3:00", "3m", "90s", "180" (seconds)."""
    if isinstance(value, str):
        return parse_duration(value, bare_unit=1)
    return value


def format_mss(seconds: float) -> str:
    total = int(round(abs(seconds)))
    sign = "-" if seconds < 0 and total else ""
    return f"{sign}{total // 60}:{total % 60:02d}"


def format_hmmss(seconds: float) -> str:
    """A long duration as [h]:mm:ss, "1:02:30": hours past 24 too, never a time of day."""
    total = int(round(abs(seconds)))
    sign = "-" if seconds < 0 and total else ""
    return f"{sign}{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"


Duration = Annotated[
    int,
    BeforeValidator(_seconds),
    Field(ge=0, le=24 * 3600),
    PlainSerializer(format_mss, return_type=str, when_used="json-unless-none"),
]


def _clock_time(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}[:.]\d{2}\s*", value):
        hours, minutes = re.split(r"[:.]", value.strip())
        return dt.time(int(hours), int(minutes))
    if isinstance(value, (int, float)):
        # pydantic reads a number as seconds after midnight, in UTC: 1000 was 00:16:40+00:00, and
        # comparing it with a plain time crashed `dais check` (issue 29).
        raise ValueError(f"{value!r} is a number, not a time of day: write it as \"HH:MM\", e.g. \"10:00\"")
    if isinstance(value, dt.time) and value.tzinfo is not None:
        raise ValueError("a time of day is written without an offset (the meeting's timezone applies)")
    return value


ClockTime = Annotated[
    dt.time,
    BeforeValidator(_clock_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
]


class ItemKind(StrEnum):
    OPENING = "opening"
    PANEL = "panel"
    INTERACTIVE_DISCUSSION = "interactive_discussion"
    SUMMARY_PANEL = "summary_panel"
    INFORMAL_DIALOGUE = "informal_dialogue"
    RIGHT_OF_REPLY = "right_of_reply"
    CLOSING = "closing"
    BREAK = "break"


class FloorPolicy(StrEnum):
    STATES_FIRST = "states_first"
    STAKEHOLDERS_FIRST = "stakeholders_first"
    ORDER_OF_REQUEST = "order_of_request"


class PanelMember(BaseModel):
    """Someone on an item's panel, with the role's set speaking time."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1)
    role: Text = Field(min_length=1, description="co-facilitator, moderator, panellist, thematic expert, ...")
    time: Duration = Field(description="The role's speaking time.")
    affiliation: Text | None = None
    represents: str | None = Field(default=None, description="Roster id of a State the person represents.")

    @property
    def id(self) -> str:
        return "panel:" + slug(self.name)


_GROUP_NAMES = {
    "african": RegionalGroup.AFRICAN, "africa": RegionalGroup.AFRICAN, "ag": RegionalGroup.AFRICAN,
    "asia-pacific": RegionalGroup.ASIA_PACIFIC, "apg": RegionalGroup.ASIA_PACIFIC,
    "eastern european": RegionalGroup.EASTERN_EUROPEAN, "eeg": RegionalGroup.EASTERN_EUROPEAN,
    "grulac": RegionalGroup.LATIN_AMERICAN_CARIBBEAN,
    "latin american": RegionalGroup.LATIN_AMERICAN_CARIBBEAN,
    "weog": RegionalGroup.WEOG, "western european": RegionalGroup.WEOG,
}


def regional_group_named(text: str) -> RegionalGroup | None:
    """The regional group a name or short name (WEOG, GRULAC, EEG, APG, African) stands for."""
    name = text.strip().casefold()
    found = _GROUP_NAMES.get(name.removesuffix(" group"))
    return found or next((g for g in RegionalGroup if g.value.casefold() == name), None)


def _regional_group(value: object) -> object:
    """A regional group by its full name or its usual short name: WEOG, GRULAC, EEG, APG, African."""
    if isinstance(value, str):
        return _GROUP_NAMES.get(value.strip().casefold().removesuffix(" group"), value)
    return value


class Budget(BaseModel):
    """A share of an item's speaking time (OpenSlides' "structure levels"; the Human Rights
    Council's interactive dialogues): for one category, one regional group or one delegation,
    a limit for each of its speakers and/or a total for all of them together on the item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category | None = None
    group: Annotated[RegionalGroup | None, BeforeValidator(_regional_group)] = None
    delegation: str | None = Field(default=None, min_length=1, description="A roster id, e.g. CHE.")
    limit: Duration | None = Field(default=None, description="Each speaker's limit, in place of the item's.")
    total: Duration | None = Field(default=None, description="All their interventions on the item together.")

    @model_validator(mode="after")
    def _one_holder(self) -> Budget:
        holders = [name for name in ("category", "group", "delegation") if getattr(self, name) is not None]
        if len(holders) != 1:
            raise ValueError("a budget names exactly one of category, group or delegation")
        if self.limit is None and self.total is None:
            raise ValueError("a budget gives a limit, a total, or both")
        if self.limit == 0 or self.total == 0:
            raise ValueError("a budget's limit and total are longer than zero")
        return self

    @property
    def key(self) -> tuple[str, str]:
        """What the budget is for: ("category", "member_state"), ("group", ...), ("delegation", "CHE")."""
        if self.category is not None:
            return ("category", self.category.value)
        if self.group is not None:
            return ("group", self.group.value)
        return ("delegation", self.delegation or "")


class AgendaItem(BaseModel):
    """One item of the programme of work."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    day: int = Field(ge=1)
    # (Before start and end, so that the check of the end reads them.)
    # A day of the programme is not a calendar date: a programme opened late (a rehearsal at
    # 19:20, --at 21:10) keeps each item on its day, and a day's items after midnight run on the
    # next date. Programme files leave these out; console/room/calendar.py sets them when re-dating.
    starts_next_date: bool = Field(
        default=False, description="The item begins after midnight, on the date after its day's."
    )
    ends_next_date: bool = Field(
        default=False, description="The item ends after midnight, on the date after its day's."
    )
    start: ClockTime
    end: ClockTime
    title: Text = Field(min_length=1)
    kind: ItemKind
    description: Text | None = None
    people: list[PanelMember] = Field(default_factory=list)
    floor_limit: Duration = 180
    warning: Duration = 30
    policy: FloorPolicy = FloorPolicy.STATES_FIRST
    strict_limit: bool = Field(default=False, description="The limit is strict (hearings), not encouraged.")
    informal: bool | None = Field(
        default=None,
        description="Outside the formal session: its speakers are counted apart in the summary. "
        "Default: true for an informal dialogue, false for the rest.",
    )
    panel_every: int = Field(
        default=5, ge=0, description="Floor interventions before the panel is due to respond; 0 never."
    )
    budgets: list[Budget] = Field(
        default_factory=list, description="Limits and totals per category, regional group or delegation."
    )

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: dt.time, info: ValidationInfo) -> dt.time:
        start = info.data.get("start")
        if start is None:
            return end
        starts_next, ends_next = info.data.get("starts_next_date"), info.data.get("ends_next_date")
        if starts_next and not ends_next:
            raise ValueError("an item that begins after midnight ends after it too")
        if ends_next and not starts_next:
            return end  # it runs past midnight: its end is on the next date
        if end <= start:
            raise ValueError(
                f"end {end:%H:%M} is before start {start:%H:%M}"
                if end < start
                else f"end {end:%H:%M} is the same as start"
            )
        return end

    @property
    def start_minute(self) -> int:
        """Minutes from midnight at the start of the item's day (1,440 and more past midnight)."""
        return self.start.hour * 60 + self.start.minute + (24 * 60 if self.starts_next_date else 0)

    @property
    def end_minute(self) -> int:
        return self.end.hour * 60 + self.end.minute + (24 * 60 if self.ends_next_date else 0)

    @model_validator(mode="after")
    def _limits(self) -> AgendaItem:
        if self.warning >= self.floor_limit:
            raise ValueError(f"warning {format_mss(self.warning)} is not shorter than the floor limit")
        return self

    @model_validator(mode="after")
    def _one_budget_each(self) -> AgendaItem:
        keys = [budget.key for budget in self.budgets]
        for kind, name in sorted({k for k in keys if keys.count(k) > 1}):
            raise ValueError(f"two budgets for the {kind} {name!r}: give each one budget")
        return self

    @property
    def outside_formal_session(self) -> bool:
        return self.kind is ItemKind.INFORMAL_DIALOGUE if self.informal is None else self.informal

    @property
    def takes_floor_requests(self) -> bool:
        return self.kind is not ItemKind.BREAK


class MeetingInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field(min_length=1)
    venue: Text = Field(min_length=1)
    days: list[dt.date] = Field(min_length=1)
    timezone: str = "UTC"
    organiser: Text | None = None
    rehearsal: bool = Field(default=False, description="A rehearsal: REHEARSAL on screens and exports.")
    dated_from: list[dt.date] | None = Field(
        default=None, description="The programme file's own dates, when the meeting was re-dated."
    )

    @property
    def redated(self) -> bool:
        return self.dated_from is not None and self.dated_from != self.days

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # Checked here, once, so that no later command meets an unknown zone in the clock.
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                f"unknown time zone {value!r}: write an IANA name such as Europe/Zurich or America/New_York"
            ) from None
        return value


class ListedPerson(BaseModel):
    """One person of a delegation in a programme's own list of participants (as a list's row)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text = Field(min_length=1)
    title: Text = ""
    function: Text = ""
    gender: Text = ""
    head: bool = False


class ListedParticipant(BaseModel):
    """A delegation or stakeholder in a programme's `[[participants]]`: the columns of a list of
    participants (console/room/participants.py), checked against the roster as a list's rows are."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text = Field(min_length=1)
    category: Text = ""
    acronym: Text = ""
    aliases: list[Text] = Field(default_factory=list)
    regional_group: Text = ""
    seat: int | None = Field(default=None, ge=1)
    people: list[ListedPerson] = Field(default_factory=list)


def _none_listed(value: object) -> bool:
    return not value


class Programme(BaseModel):
    """A whole programme of work; `dais check` validates one."""

    model_config = ConfigDict(extra="forbid")

    meeting: MeetingInfo
    items: list[AgendaItem] = Field(min_length=1)
    # Its own list of participants, recorded when a meeting is made from it; left out where empty,
    # so a programme without one is stored and exported as it always was.
    participants: list[ListedParticipant] = Field(default_factory=list, exclude_if=_none_listed)

    def item(self, item_id: str) -> AgendaItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def index(self, item_id: str) -> int:
        for index, item in enumerate(self.items):
            if item.id == item_id:
                return index
        raise KeyError(item_id)

    def problems(self) -> list[tuple[str, str]]:
        """Checks across items, each with its place: ("items[3]", "...")."""
        return cross_check(len(self.meeting.days), list(enumerate(self.items)))


def cross_check(day_count: int | None, items: list[tuple[int, AgendaItem]]) -> list[tuple[str, str]]:
    """Problems between items (ids, days, overlaps); `items` keeps each item's index in the file."""
    found: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    previous: AgendaItem | None = None
    for index, item in items:
        place = f"items[{index}]"
        if item.id in seen:
            found.append((place, f"id {item.id!r} is already used by items[{seen[item.id]}]"))
        seen.setdefault(item.id, index)
        if day_count is not None and item.day > day_count:
            found.append((place, f"day {item.day} is past the meeting's {day_count} day(s)"))
        if previous is not None:
            if item.day < previous.day:
                found.append((place, f"day {item.day} comes after day {previous.day}"))
            elif item.day == previous.day and item.start_minute < previous.start_minute:
                # Overlaps are allowed (the 2017 procedural note itself has Panel 2 ending 17:55 and
                # the closing starting 17:50, and an item's end moved during a session runs into
                # the next); an item starting before the one listed above it is an error.
                found.append(
                    (place, f"start {item.start:%H:%M} is before the previous item's start {previous.start:%H:%M}")
                )
        ids = [member.id for member in item.people]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            found.append((place, f"person {dup.removeprefix('panel:')!r} is listed twice"))
        previous = item
    return found
