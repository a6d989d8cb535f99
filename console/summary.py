"""The summary's sentences, in the form of the co-facilitators' summaries, from the speaker counts.

"In total, 71 national delegations made interventions, as well as 7 UN agencies and 12
non-governmental stakeholders. Another 14 non-governmental stakeholders made oral inputs during
the informal dialogue with the co-facilitators before the informal thematic session resumed on
the morning of the second day." (co-facilitators' summary of the first informal thematic
session, 19 May 2017). Segments outside the formal session (an informal dialogue, or an item
marked `informal`) are counted apart, in the second sentence; everything in that sentence is
read from the programme: the item, its people's role, the next formal item and its day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dais.models import AgendaItem, Category, ItemKind, Programme

STATES = (Category.MEMBER_STATE, Category.OBSERVER_STATE)

# The groups the summaries count, in their order, with singular and plural nouns.
NOUNS: tuple[tuple[tuple[Category, ...], str, str], ...] = (
    (STATES, "national delegation", "national delegations"),
    ((Category.INTERGOVERNMENTAL,), "intergovernmental organization", "intergovernmental organizations"),
    ((Category.UN_SYSTEM,), "UN agency", "UN agencies"),
    ((Category.NHRI,), "national human rights institution", "national human rights institutions"),
    ((Category.STAKEHOLDER,), "non-governmental stakeholder", "non-governmental stakeholders"),
)

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_LEADING_ORDINAL = re.compile(r"^(?:%s|\d+(?:st|nd|rd|th))\s+" % "|".join(ORDINALS), re.IGNORECASE)

# speakers per category value, e.g. {"member_state": 71, "un_system": 7, ...}
Counts = Mapping[str, int]


def counted(counts: Counts) -> list[str]:
    """'71 national delegations', '1 UN agency', ...: zero counts left out."""
    parts = []
    for categories, one, many in NOUNS:
        n = sum(counts.get(c.value, 0) for c in categories)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return parts


def joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def formal_sentence(counts: Counts) -> str | None:
    parts = counted(counts)
    if not parts:
        return None
    states = sum(counts.get(c.value, 0) for c in STATES)
    if states and len(parts) > 1:
        return f"In total, {parts[0]} made interventions, as well as {joined(parts[1:])}."
    return f"In total, {joined(parts)} made interventions."


def informal_sentence(counts: Counts, programme: Programme, items: list[AgendaItem], after_formal: bool) -> str | None:
    """The second sentence: who spoke in the segments outside the formal session, and when."""
    parts = counted(counts)
    if not parts or not items:
        return None
    lead = "Another" if after_formal else "In total,"
    where = _segment(items[0]) if len(items) == 1 else "the informal segments"
    return f"{lead} {joined(parts)} made oral inputs during {where}{_before_resuming(programme, items[-1])}."


def _lower_first(text: str) -> str:
    # "Informal dialogue" -> "informal dialogue", but "UN ..." stays as it is.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _segment(item: AgendaItem) -> str:
    """'the informal dialogue with the co-facilitators', from the item's kind and its people."""
    name = "the informal dialogue" if item.kind is ItemKind.INFORMAL_DIALOGUE else "the " + _lower_first(item.title)
    roles = {person.role for person in item.people}
    if len(roles) == 1:
        role = roles.pop()
        name += f" with the {role}s" if len(item.people) > 1 else f" with the {role}"
    return name


def session_name(programme: Programme) -> str:
    """'First informal thematic session: human rights ...' -> 'the informal thematic session'."""
    head = programme.meeting.title.split(":", 1)[0].strip()
    return "the " + _lower_first(_LEADING_ORDINAL.sub("", head))


def _part_of_day(item: AgendaItem) -> str:
    return "morning" if item.start.hour < 12 else "afternoon" if item.start.hour < 18 else "evening"


def _before_resuming(programme: Programme, item: AgendaItem) -> str:
    """' before the informal thematic session resumed on the morning of the second day', or ''."""
    items = programme.items
    index = programme.index(item.id)
    formal = {i.id for i in items if not i.outside_formal_session and i.kind is not ItemKind.BREAK}
    following = next((i for i in items[index + 1:] if i.id in formal), None)
    if following is None:
        return ""
    verb = "resumed" if any(i.id in formal for i in items[:index]) else "began"
    when = f"{_part_of_day(following)}"
    if len(programme.meeting.days) > 1:
        day = ORDINALS[following.day - 1] if following.day <= len(ORDINALS) else f"number {following.day}"
        when = f"on the {when} of the {day} day"
    else:
        when = f"in the {when}"
    return f" before {session_name(programme)} {verb} {when}"


def sentences(programme: Programme, formal: Counts, informal: Counts, informal_items: list[AgendaItem]) -> list[str]:
    """The summary's sentences: who took the floor in the formal session, then outside it."""
    first = formal_sentence(formal)
    second = informal_sentence(informal, programme, informal_items, after_formal=first is not None)
    return [s for s in (first, second) if s]
