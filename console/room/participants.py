"""The Secretariat's list of participants: read from csv or xlsx (or a programme's own list), checked
row by row against the roster, and turned into the participants of one ParticipantsListed event.

A row names a delegation or stakeholder (name, category, acronym, aliases, regional group, seat)
and, optionally, one of its people (person, title, function, gender, head); a row with no name
is one more person of the delegation above it. A State or organisation already in the roster is
found by its name, alias or code, and keeps its id and names: the list gives it its people and
seat. Every bad row is named with its line; nothing is taken from a list with a bad row unless
the caller skips the bad rows on purpose (`dais roster import --skip-bad`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from dais.console.lang.i18n import _, ngettext
from dais.console.room.roster import EXACT, SEAT_LIMIT, Roster, _identity, normalise
from dais.models import Category, Gender, Participant, Person, RegionalGroup
from dais.models.participant import slug
from dais.models.programme import ListedParticipant, ListedPerson
from dais.models.text import BIDI_CONTROLS

ROW_LIMIT = 5000  # a meeting's list: a few hundred rows; a sheet of a million is a mistake
SHOWN_PROBLEMS = 20

# Column headings as a Secretariat's sheet writes them, to the column they name.
_HEADINGS = {
    "name": "name", "delegation": "name", "organization": "name", "organisation": "name", "nom": "name",
    "category": "category", "catégorie": "category", "categorie": "category",
    "acronym": "acronym", "sigle": "acronym",
    "aliases": "aliases", "alias": "aliases",
    "regional group": "regional_group", "regional_group": "regional_group", "region": "regional_group",
    "groupe régional": "regional_group",
    "seat": "seat", "siège": "seat", "siege": "seat",
    "person": "person", "representative": "person", "speaker": "person", "personne": "person",
    "title": "title", "titre": "title",
    "function": "function", "fonction": "function",
    "gender": "gender", "sex": "gender", "genre": "gender", "sexe": "gender",
    "head": "head", "head of delegation": "head", "chef de délégation": "head",
}

_CATEGORIES = {
    **{c.value: c for c in Category if c is not Category.PANEL},
    **{normalise(c.value.replace("_", " ")): c for c in Category if c is not Category.PANEL},
    "member state": Category.MEMBER_STATE, "state": Category.MEMBER_STATE, "ms": Category.MEMBER_STATE,
    "observer state": Category.OBSERVER_STATE, "observer": Category.OBSERVER_STATE, "obs": Category.OBSERVER_STATE,
    "igo": Category.INTERGOVERNMENTAL, "intergovernmental organization": Category.INTERGOVERNMENTAL,
    "intergovernmental organisation": Category.INTERGOVERNMENTAL,
    "un": Category.UN_SYSTEM, "un system entity": Category.UN_SYSTEM, "un entity": Category.UN_SYSTEM,
    "un agency": Category.UN_SYSTEM,
    "national human rights institution": Category.NHRI,
    "ngo": Category.STAKEHOLDER, "non governmental organization": Category.STAKEHOLDER,
    "non governmental organisation": Category.STAKEHOLDER, "civil society": Category.STAKEHOLDER,
    "ong": Category.STAKEHOLDER, "etat membre": Category.MEMBER_STATE,
}

_GROUPS = {
    **{normalise(g.value): g for g in RegionalGroup},
    "african": RegionalGroup.AFRICAN, "africa": RegionalGroup.AFRICAN, "ag": RegionalGroup.AFRICAN,
    "asia pacific": RegionalGroup.ASIA_PACIFIC, "apg": RegionalGroup.ASIA_PACIFIC,
    "asia pacific group": RegionalGroup.ASIA_PACIFIC,
    "eastern european": RegionalGroup.EASTERN_EUROPEAN, "eeg": RegionalGroup.EASTERN_EUROPEAN,
    "latin american and caribbean": RegionalGroup.LATIN_AMERICAN_CARIBBEAN,
    "grulac": RegionalGroup.LATIN_AMERICAN_CARIBBEAN, "glc": RegionalGroup.LATIN_AMERICAN_CARIBBEAN,
    "weog": RegionalGroup.WEOG, "western european and others": RegionalGroup.WEOG,
}

_GENDERS = {
    "f": Gender.FEMALE, "female": Gender.FEMALE, "woman": Gender.FEMALE, "w": Gender.FEMALE,
    "femme": Gender.FEMALE,
    "m": Gender.MALE, "male": Gender.MALE, "man": Gender.MALE, "homme": Gender.MALE, "h": Gender.MALE,
    "x": Gender.OTHER, "other": Gender.OTHER, "non binary": Gender.OTHER, "autre": Gender.OTHER,
}

_YES = frozenset({"yes", "y", "x", "1", "true", "oui", "head", "chef"})
_NO = frozenset({"", "no", "n", "0", "false", "non"})

# Markup in a cell: an HTML or XML tag, a Rich/Textual style tag, or a spreadsheet formula.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|\[/?[a-z@#$][^\]]*\]|^[=+@]")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the list as read: its place ("line 4", "participants[2]") and its cells by column."""

    place: str
    cells: Mapping[str, str]


@dataclass(slots=True)
class ParticipantsList:
    """What a list gives: the participants to record, the problems found (each with its place),
    and how many people the participants carry."""

    participants: list[Participant] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0

    @property
    def people(self) -> int:
        return sum(len(p.people) for p in self.participants)

    def report(self) -> str:
        """'listed 60 participants (12 States), 85 people', in the interface's language."""
        states = sum(p.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE) for p in self.participants)
        n = len(self.participants)
        line = ngettext("listed {n} participant ({states} States), {people} people",
                        "listed {n} participants ({states} States), {people} people", n).format(
            n=n, states=states, people=self.people)
        if self.skipped:
            line += "; " + ngettext("{n} bad row skipped", "{n} bad rows skipped", self.skipped).format(n=self.skipped)
        return line


def problems_text(source: str, problems: list[str]) -> str:
    """Every problem on a line of its own, the first twenty shown, under one heading line."""
    shown = problems[:SHOWN_PROBLEMS]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(_("... and {n} more").format(n=len(problems) - SHOWN_PROBLEMS))
    return _("{source}: nothing imported").format(source=source) + "\n  " + "\n  ".join(shown)


# -- reading the file ------------------------------------------------------------------------

def read_rows(data: bytes, filename: str) -> list[Row]:
    """The rows of a csv or xlsx list, each with its line; ValueError (one line) for a file that
    cannot be read as either, has no heading row with a name column, or has too many rows."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        table = _xlsx_table(data)
    else:
        table = _csv_table(data)
    if not table:
        raise ValueError(_("no participants in it (an empty list)"))
    (_heading_line, heading), body = table[0], table[1:]
    columns = [_HEADINGS.get(" ".join(str(h).casefold().replace("_", " ").split()), "") for h in heading]
    if "name" not in columns:
        raise ValueError(_("the first row must name the columns, with a name column "
                           "(name, category, acronym, aliases, regional group, seat, person, title, "
                           "function, gender, head)"))
    if len(body) > ROW_LIMIT:
        raise ValueError(_("more than {n} rows: not a list of participants").format(n=ROW_LIMIT))
    rows = []
    for line, cells in body:
        values = {column: cells[i] if i < len(cells) else "" for i, column in enumerate(columns) if column}
        if any(v.strip() for v in values.values()):
            rows.append(Row(_("line {n}").format(n=line), values))
    if not rows:
        raise ValueError(_("no participants in it (an empty list)"))
    return rows


def _csv_table(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("not UTF-8 text (byte {n}); save the sheet as CSV UTF-8").format(n=error.start)) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","  # a French Excel's csv
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    try:
        for cells in reader:
            if cells and cells[0].lstrip().startswith("#"):
                continue  # a comment line (the shipped example's header says its people are fictional)
            if any(cell.strip() for cell in cells):
                table.append((reader.line_num, cells))
            if len(table) > ROW_LIMIT + 1:
                break
    except csv.Error as error:
        raise ValueError(_("line {n}: not CSV ({error})").format(n=reader.line_num, error=error)) from None
    return table


def _xlsx_table(data: bytes) -> list[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook  # only a spreadsheet needs it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ValueError(_("not an xlsx workbook ({error})").format(error=str(error) or type(error).__name__)) from None
    try:
        sheet = book.worksheets[0]
        table = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if any(cell.strip() for cell in cells):
                table.append((line, cells))
            if len(table) > ROW_LIMIT + 1:
                break
    finally:
        book.close()
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a seat typed as 12 reads as 12.0
    return str(value)


# -- checking the rows -----------------------------------------------------------------------

def _bad_text(value: str) -> str | None:
    """Why a cell cannot be a name: a control character or markup; None when it is plain text."""
    for char in value:
        if char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            return _("a control character (U+{code:04X})").format(code=ord(char))
    if (found := _MARKUP.search(value)) is not None:
        return _("markup ({markup})").format(markup=found[0])
    return None


def build(rows: Iterable[Row], roster: Roster) -> ParticipantsList:
    """The participants a list's rows give, checked against the roster; the problems, each with
    its row's place. A participant with a bad row (its own, or one of its people's) is left out."""
    result = ParticipantsList()
    problems = result.problems
    taken_ids = {p.id for p in roster}
    listed: dict[str, str] = {}  # id, and identity of each name listed -> the place that listed it
    seats: dict[int, str] = {}
    entries: list[_Entry] = []
    for row in rows:
        cells = {k: " ".join(v.split()) for k, v in row.cells.items()}
        name = cells.get("name", "")
        bad = [_("{place}: the {column} holds {why}; write plain text").format(
                   place=row.place, column=column.replace("_", " "), why=why)
               for column, value in cells.items() if value and (why := _bad_text(row.cells[column])) is not None]
        if bad:
            problems += bad
            if name:
                entries.append(_Entry(None))
            elif entries:
                entries[-1].good = False
            continue
        person = _person(row.place, cells, problems)
        if not name:  # one more person of the delegation above
            if not entries:
                problems.append(_("{place}: a person with no delegation above them").format(place=row.place))
            elif person is None:
                problems.append(_("{place}: a row with neither a name nor a person").format(place=row.place))
                entries[-1].good = False
            elif person is False or not _add_person(row.place, entries[-1].people, person, problems):
                entries[-1].good = False
            continue
        participant = _participant(row.place, name, cells, roster, taken_ids, problems)
        entry = _Entry(participant, good=participant is not None and person is not False)
        entries.append(entry)
        if participant is None:
            continue
        identity = _identity(participant.name)
        first = listed.get(participant.id) or listed.get(identity)
        if first is not None:
            problems.append(_("{place}: {name} is already listed on {first}").format(
                place=row.place, name=participant.name, first=first))
            entry.good = False
            continue
        listed[participant.id] = listed[identity] = row.place
        taken_ids.add(participant.id)
        if participant.seat is not None and cells.get("seat"):
            if participant.seat in seats:
                problems.append(_("{place}: seat {seat} is already given on {first}").format(
                    place=row.place, seat=participant.seat, first=seats[participant.seat]))
                entry.good = False
            seats.setdefault(participant.seat, row.place)
        if isinstance(person, Person) and not _add_person(row.place, entry.people, person, problems):
            entry.good = False
    for entry in entries:
        if entry.good and entry.participant is not None:
            result.participants.append(entry.participant.model_copy(update={"people": tuple(entry.people)}))
        else:
            result.skipped += 1
    return result


@dataclass(slots=True)
class _Entry:
    participant: Participant | None  # None: its row was bad
    people: list[Person] = field(default_factory=list)
    good: bool = False


def _add_person(place: str, people: list[Person], person: Person, problems: list[str]) -> bool:
    if any(_identity(p.name) == _identity(person.name) for p in people):
        problems.append(_("{place}: {name} is already listed in this delegation").format(place=place, name=person.name))
        return False
    if person.head and any(p.head for p in people):
        problems.append(_("{place}: the delegation already has a head").format(place=place))
        return False
    people.append(person)
    return True


def _person(place: str, cells: Mapping[str, str], problems: list[str]) -> Person | None | Literal[False]:
    """The row's person; None when the row names nobody, False when what it says is bad."""
    name = cells.get("person", "")
    extra = [cells.get(c, "") for c in ("title", "function", "gender", "head")]
    if not name:
        if any(extra):
            problems.append(_("{place}: a title, function, gender or head with no person").format(place=place))
            return False
        return None
    gender_text = normalise(cells.get("gender", ""))
    gender = _GENDERS.get(gender_text) if gender_text else None
    if gender_text and gender is None:
        problems.append(_("{place}: unknown gender “{value}”: write female, male or other (f, m, x), "
                          "or leave it empty").format(place=place, value=cells.get("gender", "")))
        return False
    head_text = cells.get("head", "").casefold()
    if head_text not in _YES and head_text not in _NO:
        problems.append(_("{place}: head is “{value}”: write yes or leave it empty").format(
            place=place, value=cells.get("head", "")))
        return False
    return Person(name=name, title=cells.get("title") or None, function=cells.get("function") or None,
                  gender=gender, head=head_text in _YES)


def _participant(place: str, name: str, cells: Mapping[str, str], roster: Roster, taken: set[str],
                 problems: list[str]) -> Participant | None:
    """The row's delegation: a roster entry it names (with the list's seat and aliases), or a new one."""
    before = len(problems)
    category_text = cells.get("category", "")
    category = _CATEGORIES.get(normalise(category_text)) if category_text else None
    if category_text and category is None:
        problems.append(_("{place}: unknown category “{value}”: write one of member_state, observer_state, "
                          "intergovernmental, un_system, nhri, stakeholder (or Member State, NGO, ...)").format(
            place=place, value=category_text))
    group_text = cells.get("regional_group", "")
    group = _GROUPS.get(normalise(group_text)) if group_text else None
    if group_text and group is None:
        problems.append(_("{place}: unknown regional group “{value}”: write African, Asia-Pacific, "
                          "Eastern European, GRULAC or WEOG").format(place=place, value=group_text))
    seat_text = cells.get("seat", "")
    seat = int(seat_text) if seat_text.isascii() and seat_text.isdigit() else None
    if seat_text and (seat is None or not 1 <= seat <= SEAT_LIMIT):
        problems.append(_("{place}: seat “{value}” is not a seat number (1 to {limit})").format(
            place=place, value=seat_text, limit=SEAT_LIMIT))
    acronym = cells.get("acronym", "")
    aliases = tuple(a.strip() for a in cells.get("aliases", "").split(";") if a.strip())
    extra = tuple(dict.fromkeys(a for a in (acronym, *aliases) if a))
    known = _known(name, roster)
    if known is not None:
        if category is not None and category is not known.category:
            problems.append(_("{place}: {name} is in the roster as {known}, not {category}").format(
                place=place, name=known.name, known=known.category.value, category=category.value))
        if len(problems) > before:
            return None
        update: dict[str, object] = {"aliases": tuple(dict.fromkeys((*known.aliases, *extra)))}
        if seat is not None:
            update["seat"] = seat
        if group is not None and known.regional_group is None:
            update["regional_group"] = group
        return known.model_copy(update=update)
    if category is None and not category_text:
        nearest = roster.nearest(name)
        hint = _("; nearest in the roster: {name}").format(name=nearest.name) if nearest is not None else ""
        problems.append(_("{place}: {name} is not in the roster: give its category").format(
            place=place, name=name) + hint)
    elif category in (Category.MEMBER_STATE, Category.OBSERVER_STATE):
        nearest = roster.nearest(name)
        hint = _("; nearest in the roster: {name}").format(name=nearest.name) if nearest is not None else ""
        problems.append(_("{place}: {name} is not a State in the roster").format(place=place, name=name) + hint)
    if len(problems) > before or category is None:
        return None
    return Participant(id=_new_id(name, category, taken), name=name, category=category, aliases=extra,
                       regional_group=group, seat=seat)


def _known(name: str, roster: Roster) -> Participant | None:
    """The roster's entry a name stands for exactly: its name, an alias, its ISO3 code or acronym."""
    found = roster.by_name(name)
    if found is not None:
        return found
    matches = roster.search(name, limit=2)
    exact = [m for m in matches if m.tier == EXACT]
    return exact[0].participant if len(exact) == 1 and exact[0].participant.category is not Category.PANEL else None


def _new_id(name: str, category: Category, taken: set[str]) -> str:
    """As a newcomer's (console.floor.meeting.newcomer_id): its category and its transliterated name."""
    base = f"{category.value}:{slug(name)}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def programme_rows(listed: Iterable[ListedParticipant]) -> list[Row]:
    """A programme's `[[participants]]` as a list's rows, each placed as in the programme file."""
    rows = []
    for n, entry in enumerate(listed):
        cells = {"name": entry.name, "category": entry.category, "acronym": entry.acronym,
                 "aliases": ";".join(entry.aliases), "regional_group": entry.regional_group,
                 "seat": "" if entry.seat is None else str(entry.seat)}
        people: list[ListedPerson | None] = list(entry.people) or [None]
        for k, person in enumerate(people):
            shown = cells if k == 0 else {"name": ""}
            if person is not None:
                shown = {**shown, "person": person.name, "title": person.title, "function": person.function,
                         "gender": person.gender, "head": "yes" if person.head else ""}
            rows.append(Row(f"participants[{n}]" + (f".people[{k}]" if k else ""), shown))
    return rows


def parse_list(data: bytes, filename: str, roster: Roster, skip_bad: bool = False) -> ParticipantsList:
    """A list of participants from a file's bytes. ValueError, with every problem on its line, when
    a row is bad (unless `skip_bad`: then the good rows are kept and the bad ones counted)."""
    result = build(read_rows(data, filename), roster)
    if result.problems and not skip_bad:
        raise ValueError("\n".join(result.problems))
    if not result.participants:
        raise ValueError("\n".join(result.problems) or _("no participants in it (an empty list)"))
    return result
