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

from dais.console.lang.i18n import _, ngettext, number, pgettext
from dais.models import AgendaItem, Category, ItemKind, Programme
from dais.models.participant import STATE_CATEGORIES as STATES


def _noun(category: Category, n: int) -> str:
    """'71 national delegations', in the interface's language (each noun whole, for its plural)."""
    count = number(n)
    if category.is_state:
        return ngettext("{n} national delegation", "{n} national delegations", n).format(n=count)
    if category is Category.INTERGOVERNMENTAL:
        return ngettext("{n} intergovernmental organization", "{n} intergovernmental organizations",
                        n).format(n=count)
    if category is Category.UN_SYSTEM:
        return ngettext("{n} UN agency", "{n} UN agencies", n).format(n=count)
    if category is Category.NHRI:
        return ngettext("{n} national human rights institution", "{n} national human rights institutions",
                        n).format(n=count)
    return ngettext("{n} non-governmental stakeholder", "{n} non-governmental stakeholders", n).format(n=count)


# The groups the summaries count, in their order.
NOUNS: tuple[tuple[Category, ...], ...] = (
    STATES, (Category.INTERGOVERNMENTAL,), (Category.UN_SYSTEM,), (Category.NHRI,), (Category.STAKEHOLDER,),
)

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(day: int) -> str:
    """'second' / 'deuxième': the day's ordinal, in the interface's language."""
    if day > len(ORDINALS):
        return _("number {n}").format(n=day)
    return (pgettext("day", "first"), pgettext("day", "second"), pgettext("day", "third"),
            pgettext("day", "fourth"), pgettext("day", "fifth"), pgettext("day", "sixth"),
            pgettext("day", "seventh"), pgettext("day", "eighth"), pgettext("day", "ninth"),
            pgettext("day", "tenth"))[day - 1]


_LEADING_ORDINAL = re.compile(r"^(?:%s|\d+(?:st|nd|rd|th))\s+" % "|".join(ORDINALS), re.IGNORECASE)

# speakers per category value, e.g. {"member_state": 71, "un_system": 7, ...}
Counts = Mapping[str, int]


def counted(counts: Counts) -> list[str]:
    """'71 national delegations', '1 UN agency', ...: zero counts left out."""
    parts = []
    for categories in NOUNS:
        n = sum(counts.get(c.value, 0) for c in categories)
        if n:
            parts.append(_noun(categories[0], n))
    return parts


def joined(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return _("{list} and {last}").format(list=", ".join(parts[:-1]), last=parts[-1])


def _speakers(counts: Counts) -> int:
    """How many speakers the sentence counts: the verb agrees with them."""
    return sum(counts.get(c.value, 0) for categories in NOUNS for c in categories)


def formal_sentence(counts: Counts) -> str | None:
    parts = counted(counts)
    if not parts:
        return None
    states = sum(counts.get(c.value, 0) for c in STATES)
    if states and len(parts) > 1:
        return ngettext("In total, {first} made interventions, as well as {others}.",
                        "In total, {first} made interventions, as well as {others}.", states).format(
            first=parts[0], others=joined(parts[1:]))
    return ngettext("In total, {speakers} made interventions.", "In total, {speakers} made interventions.",
                    _speakers(counts)).format(speakers=joined(parts))


def informal_sentence(counts: Counts, programme: Programme, items: list[AgendaItem], after_formal: bool) -> str | None:
    """The second sentence: who spoke in the segments outside the formal session, and when."""
    parts = counted(counts)
    if not parts or not items:
        return None
    n = _speakers(counts)
    if after_formal:
        sentence = ngettext("Another {speakers} made oral inputs during {segment}{before}.",
                            "Another {speakers} made oral inputs during {segment}{before}.", n)
    else:
        sentence = ngettext("In total, {speakers} made oral inputs during {segment}{before}.",
                            "In total, {speakers} made oral inputs during {segment}{before}.", n)
    where = _segment(items[0]) if len(items) == 1 else _("the informal segments")
    return sentence.format(speakers=joined(parts), segment=where, before=_before_resuming(programme, items[-1]))


def _lower_first(text: str) -> str:
    # "Informal dialogue" -> "informal dialogue", but "UN ..." stays as it is.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _segment(item: AgendaItem) -> str:
    """'the informal dialogue with the co-facilitators', from the item's kind and its people."""
    if item.kind is ItemKind.INFORMAL_DIALOGUE:
        name = _("the informal dialogue")
    else:
        name = _("the {segment}").format(segment=_lower_first(item.title))
    roles = {person.role for person in item.people}
    if len(roles) == 1:
        name += _with(roles.pop(), len(item.people))
    return name


def _with(role: str, n: int) -> str:
    """' with the co-facilitators': the segment's people, by their role."""
    if role == "co-facilitator":
        return ngettext(" with the co-facilitator", " with the co-facilitators", n)
    if role == "moderator":
        return ngettext(" with the moderator", " with the moderators", n)
    if role == "panellist":
        return ngettext(" with the panellist", " with the panellists", n)
    return ngettext(" with the {role}", " with the {role}s", n).format(role=role)


def session_name(programme: Programme) -> str:
    """'First informal thematic session: human rights ...' -> 'the informal thematic session'."""
    head = _lower_first(_LEADING_ORDINAL.sub("", programme.meeting.title.split(":", 1)[0].strip()))
    # The kinds of session of the shipped programmes; another is "the meeting" in French.
    known = {"informal thematic session": _("the informal thematic session"),
             "informal interactive multi-stakeholder hearing": _("the informal interactive multi-stakeholder hearing")}
    if head in known:
        return known[head]
    return pgettext("session", "the {session}").format(session=head)


def _part_of_day(item: AgendaItem) -> int:
    """0 morning, 1 afternoon, 2 evening."""
    return 0 if item.start.hour < 12 else 1 if item.start.hour < 18 else 2


def _before_resuming(programme: Programme, item: AgendaItem) -> str:
    """' before the informal thematic session resumed on the morning of the second day', or ''."""
    items = programme.items
    index = programme.index(item.id)
    formal = {i.id for i in items if not i.outside_formal_session and i.kind is not ItemKind.BREAK}
    following = next((i for i in items[index + 1:] if i.id in formal), None)
    if following is None:
        return ""
    part = _part_of_day(following)
    if len(programme.meeting.days) > 1:
        day = _ordinal(following.day)
        when = (_("on the morning of the {day} day"), _("on the afternoon of the {day} day"),
                _("on the evening of the {day} day"))[part].format(day=day)
    else:
        when = (_("in the morning"), _("in the afternoon"), _("in the evening"))[part]
    if any(i.id in formal for i in items[:index]):
        return _(" before {session} resumed {when}").format(session=session_name(programme), when=when)
    return _(" before {session} began {when}").format(session=session_name(programme), when=when)


def sentences(programme: Programme, formal: Counts, informal: Counts, informal_items: list[AgendaItem]) -> list[str]:
    """The summary's sentences: who took the floor in the formal session, then outside it."""
    first = formal_sentence(formal)
    second = informal_sentence(informal, programme, informal_items, after_formal=first is not None)
    return [s for s in (first, second) if s]
