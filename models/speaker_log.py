"""The speaker log `dais.speaker-log/1` as typed models (the human names of its vocabulary are
models/labels.py's).

console.report.export builds the log from the fold; these models describe it. The JSON Schema shipped
with Dais (console/data/speaker-log-1.schema.json) is generated from them
(`python -m dais.console.report.schema`), and the tests validate every json export against both.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from dais.models.participant import Category, RegionalGroup
from dais.models.labels import N_
from dais.models.programme import ItemKind

FORMAT: Final = "dais.speaker-log/1"


def _absent(value: object) -> bool:
    return value is None


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LogMeeting(_Part):
    title: str
    venue: str
    days: list[dt.date]
    timezone: str = Field(description="IANA time zone of the meeting; every time in the log carries its UTC offset")
    rehearsal: bool = Field(default=False, description="A rehearsal: not a record of the meeting")
    dated_from: list[dt.date] | None = Field(
        default=None, description="The programme's own dates, when the meeting was re-dated (rehearsal, --on)")
    as_of: dt.datetime | None = Field(description="The journal's last event: running interventions are measured to it")
    current_item: str = Field(description="The item in session as of `as_of`")


class LogItem(_Part):
    """One item of the programme, scheduled against actual."""

    id: str
    day: int
    date: dt.date | None = Field(default=None, description="The date of the item's day")
    title: str
    kind: ItemKind
    informal: bool = Field(description="Outside the formal session: its speakers are counted apart")
    scheduled_start: dt.datetime
    scheduled_end: dt.datetime
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    slip_s: float | None = Field(description="Actual start minus scheduled start; null if not held")
    interventions: int
    speaking_time_s: float


class LogIntervention(_Part):
    order: int = Field(ge=1)
    speaker: str
    speaker_id: str
    category: Category
    regional_group: RegionalGroup | None
    seat: int | None
    on_behalf_of: str | None
    on_behalf_of_group_id: str | None = Field(
        default=None, description="The known group spoken for (an id of console/data/groups.csv); null for free text")
    role: str = Field(description="'floor', 'right of reply', 'point of order', or a panel role")
    item: str
    item_title: str
    informal: bool
    day: int | None = Field(default=None, description="The item's day of the meeting")
    started_at: dt.datetime
    ended_at: dt.datetime | None
    duration_s: float
    allotted_s: float
    overrun_s: float
    paused_s: float
    point_of_order: bool
    out_of_turn: bool = Field(default=False, description="The chair gave the floor before the speaker's turn")
    # The fields of the list of participants are left out of the log where null, so a meeting
    # without a list exports the bytes it always has; the schema has them as optional.
    person: str | None = Field(default=None, exclude_if=_absent, description="Who spoke for the delegation (the list of participants, "
                               "or as typed at the dais); absent when nobody was named")
    person_title: str | None = Field(default=None, exclude_if=_absent, description="The person's title from the list: 'H.E. Mr.'")
    person_function: str | None = Field(default=None, exclude_if=_absent, description="The person's function from the list: "
                                        "'Permanent Representative'")
    notes: list[str]
    corrected: bool = Field(description="Amended after the fact: see `corrections`")
    in_progress: bool
    # The fold's key of the intervention, which corrections name: for the dais's own screens,
    # never exported (`order` is the log's number for it).
    intervention_id: int = Field(default=0, exclude=True)


class LogRequest(_Part):
    """A request for the floor that was not reached."""

    speaker: str
    speaker_id: str
    category: Category
    seat: int | None
    on_behalf_of: str | None
    on_behalf_of_group_id: str | None = Field(
        default=None, description="The known group spoken for (an id of console/data/groups.csv); null for free text")
    item: str
    requested_at: dt.datetime
    status: Literal["waiting", "cleared"]
    queue_position: int | None = Field(description="Place in the current speaking order; null once cleared")


class LogChange(_Part):
    field: Literal["speaker", "started_at", "ended_at", "note"]
    before: str | None = Field(description="Speaker name or ISO time; null for a note")
    after: str | None
    before_id: str | None = Field(description="For a change of speaker: the ids; null otherwise")
    after_id: str | None


class BeforeAfter(_Part):
    before: float
    after: float


class LogCorrection(_Part):
    """One correction: the original stays in the journal and here."""

    intervention: int = Field(ge=1, description="The intervention's `order`")
    speaker: str = Field(description="Who the log now says spoke")
    at: dt.datetime = Field(description="When the correction was made")
    changes: list[LogChange]
    duration_s: BeforeAfter | None = Field(description="The measured length before and after; null if times unchanged")
    overrun_s: BeforeAfter | None


class Counts(_Part):
    speakers: int
    interventions: int
    speaking_time_s: float


class SegmentCounts(_Part):
    formal: dict[Category, Counts]
    informal: dict[Category, Counts]


GENDER_LABELS: dict[str, str] = {
    "female": N_("gender", "Women"),
    "male": N_("gender", "Men"),
    "other": N_("gender", "Other"),
    "not_given": N_("gender", "Not given"),
}

TURN_LABELS: dict[str, str] = {
    "first": N_("turn", "First time on the item"),
    "repeat": N_("turn", "Again on the item"),
}


GenderKey = Literal["female", "male", "other", "not_given"]
TurnKey = Literal["first", "repeat"]


class Balance(_Part):
    """The balance of the room, as the Secretariat reports it: counts only, never a list of people.
    Present where the meeting has a list of participants and a speaker was named."""

    by_gender: dict[GenderKey, Counts] = Field(
        description="Interventions and speaking time by the gender the list gives the speaker; speakers: "
                    "distinct people")
    by_turn: dict[TurnKey, Counts] = Field(
        description="The delegation's first intervention on the item, or a repeat; speakers: distinct delegations")


class LogSummary(_Part):
    by_category: dict[Category, Counts]
    by_regional_group: dict[RegionalGroup, Counts] = Field(description="Member States only")
    by_segment: SegmentCounts
    sentences: list[str] = Field(description="The summary's sentences, in the co-facilitators' form")
    interventions: int = Field(description="Points of order are not counted")
    points_of_order: int
    total_speaking_time_s: float
    mean_speaking_time_s: float
    overruns: int
    total_overrun_s: float
    balance: Balance | None = Field(default=None, exclude_if=_absent, description="By gender and by first or repeat intervention; "
                                    "absent where the meeting has no list of participants")


class Labels(_Part):
    category: dict[Category, str]
    kind: dict[ItemKind, str]
    role: dict[str, str]


class LogBudget(_Part):
    """Time used against one total budget of an item (models.programme.Budget)."""

    item: str
    item_title: str
    holder_kind: Literal["category", "group", "delegation"]
    holder_id: str = Field(description="The category, the regional group's name, or the delegation's id")
    holder: str = Field(description="The holder as a reader names it")
    limit_s: int | None = Field(description="Each speaker's limit under the budget; null: the item's")
    total_s: int
    used_s: float


class SpeakerLog(_Part):
    """The speaker log, `dais.speaker-log/1`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    format: Literal["dais.speaker-log/1"]
    meeting: LogMeeting
    items: list[LogItem]
    interventions: list[LogIntervention]
    requests_not_reached: list[LogRequest]
    corrections: list[LogCorrection]
    labels: Labels
    summary: LogSummary
    budgets: list[LogBudget] = Field(default_factory=list, description="Time used against budget, per item")
