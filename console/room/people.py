"""The people who speak for a delegation: found as the secretary types, and named in the record.

The list of participants (console/room/participants.py) gives a delegation its people; the floor's
type-ahead finds one by any word of their name, title or function, and the exports name the
person who spoke as the UN's summaries do: "H.E. Mr. Juan Pérez, Permanent Representative".
"""

from __future__ import annotations

from dais.console.room.roster import normalise
from dais.models import Participant, Person


def rank_people(people: list[Person], typed: str, limit: int = 8) -> list[Person]:
    """The people matching what is typed: names that start with it, then a word of the name,
    then a word of the title or function, each in the list's order (the head first). Nothing
    typed: everyone, the head first."""
    q = normalise(typed)
    ordered = sorted(people, key=lambda p: not p.head)
    if not q:
        return ordered[:limit]
    bands: list[list[Person]] = [[], [], []]
    for person in ordered:
        name = normalise(person.name)
        rest = normalise(" ".join(filter(None, (person.title, person.function))))
        if name.startswith(q):
            bands[0].append(person)
        elif (" " + q) in (" " + name):
            bands[1].append(person)
        elif (" " + q) in (" " + rest):
            bands[2].append(person)
    return [p for band in bands for p in band][:limit]


def described(participant: Participant | None, name: str | None) -> str | None:
    """'H.E. Mr. Juan Pérez, Permanent Representative': the person with their title and function
    from the list, or the name as typed when the list does not have them."""
    if not name:
        return None
    person = participant.person(name) if participant is not None else None
    if person is None:
        return name
    return f"{person.styled}, {person.function}" if person.function else person.styled
