"""The roster: who may take the floor, and the lookup the secretary types into.

A query finds a participant by name prefix, any word of its name, alias, ISO3 code, acronym
or seat number, regardless of case, accents and the shape of the apostrophe. Exact codes and
aliases rank before prefixes, prefixes before substrings, and substrings before fuzzy matches;
within each, a meeting's seated delegations come first, then its active ones (`Roster.rank`).
The groups a delegation may speak for (`Groups`) are found here too.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from anyascii import anyascii

from dais.models import Category, Group, Participant, RegionalGroup

_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "de", "la", "des", "du", "et", "le", "les", "in"})
_SPLIT = re.compile(r"[^0-9a-z']+")

EXACT, PREFIX, WORD, SUBSTRING, FUZZY = range(5)


def normalise(text: str) -> str:
    """Fold case, accents and apostrophes, and turn punctuation into single spaces."""
    if text.isascii():  # most of the roster: NFKD leaves ASCII as it is, with nothing to strip
        return " ".join(_SPLIT.split(text.casefold())).strip()
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not stripped.isascii():  # other scripts are found by their transliteration: "北京" by "beijing"
        stripped = anyascii(stripped)
    return " ".join(_SPLIT.split(stripped.casefold())).strip()


def _identity(name: str) -> str:
    """A name as a person would tell it apart: case, accents and punctuation folded, but each
    script kept, so that 李明 and 黎明 (both "liming") are two names."""
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u2018", "'"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\W_]+", stripped)).strip()


def acronym(name: str) -> str | None:
    words = [w for w in normalise(name).replace("'", " ").split() if w not in _STOPWORDS]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


@dataclass(frozen=True, slots=True)
class Match:
    participant: Participant
    tier: int
    score: float = 100.0


@dataclass(frozen=True, slots=True)
class LookupContext:
    """What the meeting tells the lookup: who is on its list of participants (dais roster
    import), who is seated in it (the seating list) and who is already active in it (has asked
    for the floor or spoken)."""

    seated: frozenset[str] = frozenset()
    active: frozenset[str] = frozenset()
    listed: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Ranking:
    """The best matches, first to last, and how many there were in all (more than are shown)."""

    matches: list[Match]
    total: int

    @property
    def ambiguous(self) -> bool:
        """More than one candidate, and none of them typed exactly: the first is a choice to show."""
        return self.total > 1 and not (self.matches and self.matches[0].tier == EXACT
                                       and (len(self.matches) == 1 or self.matches[1].tier != EXACT))


@dataclass(slots=True)
class _Entry:
    participant: Participant
    name: str
    word_starts: str  # " word word alias ..." so that " q" in it finds a word prefix in one C call
    everything: str  # name and aliases, for substring matches
    order: tuple[int, int, str]  # category, then shorter names first, then the name


class Roster:
    """Participants by id, with a lookup index kept up to date as newcomers join."""

    def __init__(self, participants: Iterable[Participant] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        self._exact: dict[str, list[str]] = {}
        self._choices: dict[str, str] | None = None
        for participant in participants:
            self.add(participant)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def reference(cls) -> Roster:
        """The roster shipped with Dais: Member and observer States, IGOs and UN entities."""
        data = resources.files("dais.console.data")
        participants = parse_participants_csv(data.joinpath("participants.csv").read_text(encoding="utf-8"))
        demonyms = parse_demonyms_csv(data.joinpath("demonyms.csv").read_text(encoding="utf-8"))
        return cls([p.model_copy(update={"aliases": (*p.aliases, *demonyms[p.id])}) if p.id in demonyms else p
                    for p in participants])

    def copy(self) -> Roster:
        """An independent roster with the same participants; the index is copied, not rebuilt."""
        other = Roster.__new__(Roster)
        other._entries = dict(self._entries)  # entries are replaced, never changed in place
        other._exact = {key: list(ids) for key, ids in self._exact.items()}
        other._choices = self._choices
        return other

    def add(self, participant: Participant) -> None:
        if participant.id in self._entries:
            self._unindex(self._entries[participant.id])
        name = normalise(participant.name)
        aliases = tuple(normalise(a) for a in (*participant.aliases, participant.name_fr or "") if a.strip())
        words = name.replace("'", " ").split() + " ".join(aliases).replace("'", " ").split()
        entry = _Entry(
            participant=participant,
            name=name,
            word_starts=" " + " ".join(words),
            everything=" | ".join((name, *aliases)),
            order=(_CATEGORY_ORDER[participant.category], len(name), name),
        )
        self._entries[participant.id] = entry
        self._choices = None
        for key in self._exact_keys(entry, aliases):
            self._exact.setdefault(key, []).append(participant.id)

    def _exact_keys(self, entry: _Entry, aliases: tuple[str, ...]) -> set[str]:
        p = entry.participant
        keys = {entry.name, normalise(p.id), *aliases}
        if p.iso3:
            keys.add(normalise(p.iso3))
        if p.seat is not None:
            keys.add(str(p.seat))
        if (short := acronym(p.name)) is not None:
            keys.add(short)
        keys.add(entry.name.replace("'", ""))
        return keys

    def _unindex(self, entry: _Entry) -> None:
        p = entry.participant
        aliases = tuple(normalise(a) for a in (*p.aliases, p.name_fr or "") if a.strip())
        for key in self._exact_keys(entry, aliases):
            ids = self._exact.get(key, [])
            if entry.participant.id in ids:
                ids.remove(entry.participant.id)

    def with_seats(self, seats: dict[str, int]) -> None:
        """Number the seats (a seating list); participants not listed lose their seat."""
        for pid, entry in list(self._entries.items()):
            seat = seats.get(pid)
            old = entry.participant.seat
            if old == seat:
                continue
            # Only the seat changes: swap the participant and the seat's key, nothing else.
            participant = entry.participant.model_copy(update={"seat": seat})
            self._entries[pid] = _Entry(participant, entry.name, entry.word_starts, entry.everything, entry.order)
            if old is not None and pid in self._exact.get(str(old), []):
                self._exact[str(old)].remove(pid)
            if seat is not None:
                self._exact.setdefault(str(seat), []).append(pid)

    def alphabetical_seats(self) -> dict[str, int]:
        """Member States sit in alphabetical order, one seat each at the table."""
        states = sorted(
            (e for e in self._entries.values() if e.participant.category is Category.MEMBER_STATE),
            key=lambda e: e.name,
        )
        return {e.participant.id: number for number, e in enumerate(states, start=1)}

    # -- reading --------------------------------------------------------------------------

    def __contains__(self, pid: object) -> bool:
        return pid in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Participant]:
        return (e.participant for e in self._entries.values())

    def get(self, pid: str) -> Participant:
        try:
            return self._entries[pid].participant
        except KeyError:
            raise UnknownParticipant(pid) from None

    def name(self, pid: str) -> str:
        entry = self._entries.get(pid)
        return entry.participant.name if entry else pid

    def by_name(self, name: str) -> Participant | None:
        key, identity = normalise(name), _identity(name)
        for entry in self._entries.values():
            if entry.name == key and _identity(entry.participant.name) == identity:
                return entry.participant
        return None

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """The matches for `query`, best first, with no meeting to prefer anyone by."""
        return self.rank(query, LookupContext(), limit).matches

    def rank(self, query: str, context: LookupContext, limit: int = 10) -> Ranking:
        """The matches for `query` in this meeting, best first.

        Exact names, aliases, ISO3 codes, acronyms and seat numbers come first; then names with a
        word that starts with the query; then substrings; then near misses. Within each band the
        delegations on the meeting's list of participants come first, then those seated in it,
        then those already active in it."""
        q = normalise(query)
        if not q:
            return Ranking([], 0)

        listed = context.listed

        def preference(pid: str, tier: int) -> tuple[int, bool, bool, bool, int, tuple[int, int, str]]:
            band = EXACT if tier == EXACT else PREFIX if tier in (PREFIX, WORD) else SUBSTRING
            # The list of participants says who is in the room: they come before the rest of the roster.
            return (band, bool(listed) and pid not in listed, pid not in context.seated, pid not in context.active,
                    tier, self._entries[pid].order)

        found: dict[str, int] = {}
        for pid in [*self._exact.get(q, ()), *self._exact.get(q.replace("'", ""), ())]:
            found.setdefault(pid, EXACT)
        word = " " + q
        substrings = len(q) >= 3
        for pid, entry in self._entries.items():
            if pid in found:
                continue
            if entry.name.startswith(q):
                found[pid] = PREFIX
            elif word in entry.word_starts:
                found[pid] = WORD
            elif substrings and q in entry.everything:
                found[pid] = SUBSTRING
        ranked = sorted(found.items(), key=lambda item: preference(*item))
        matches = [Match(self._entries[pid].participant, tier) for pid, tier in ranked[:limit]]
        total = len(ranked)
        if len(matches) < limit and len(q) >= 3:
            fuzzy = self._fuzzy(q, {m.participant.id for m in matches}, limit - len(matches))
            matches += fuzzy
            total += len(fuzzy)
        return Ranking(matches, total)

    def nearest(self, query: str) -> Participant | None:
        """The participant whose name is closest to `query`, however far: for "did you mean"."""
        from rapidfuzz import fuzz, process

        q = normalise(query)
        if not q:
            return None
        if self._choices is None:
            self._choices = {pid: e.name for pid, e in self._entries.items()}
        hit = process.extractOne(q, self._choices, scorer=fuzz.WRatio)
        return self._entries[hit[2]].participant if hit else None

    def _fuzzy(self, q: str, exclude: set[str], limit: int) -> list[Match]:
        from rapidfuzz import fuzz, process  # here, not at the top: only a misspelt name needs it

        if self._choices is None:
            self._choices = {pid: e.name for pid, e in self._entries.items()}
        hits = process.extract(q, self._choices, scorer=fuzz.QRatio, limit=limit + len(exclude), score_cutoff=75)
        return [Match(self._entries[pid].participant, FUZZY, score) for _, score, pid in hits if pid not in exclude][
            :limit
        ]


SEAT_LIMIT = 9999
SHOWN_PROBLEMS = 20


def parse_seating(data: bytes, roster: Roster, source: str) -> dict[str, int]:
    """A seating list (csv rows: seat,delegation) as seats by participant id; InputError naming
    every bad line. An empty list is refused: recorded, it would unseat everyone."""
    from dais.console.lang.errors import InputError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: not UTF-8 text (byte {error.start}); nothing recorded") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise InputError(f"{source}: line {reader.line_num}: not CSV ({error}); nothing recorded") from None
    if rows and not rows[0][1][0].strip().isdigit():
        rows = rows[1:]  # a header line
    if not rows:
        raise InputError(f"{source}: no seats in it (an empty list would unseat everyone); nothing recorded")
    seats: dict[str, int] = {}
    seat_lines: dict[int, tuple[int, str]] = {}
    delegation_lines: dict[str, int] = {}
    problems: list[str] = []
    for line, row in rows:
        number = row[0].strip()
        if len(row) < 2 or not row[1].strip() or not number.isascii() or not number.isdigit():
            problems.append(f"line {line}: expected seat,delegation")
            continue
        seat = int(number)
        if not 1 <= seat <= SEAT_LIMIT:
            problems.append(f"line {line}: seat {number} is not a seat number (1 to {SEAT_LIMIT})")
            continue
        query = " ".join(row[1].split())
        matches = roster.search(query, limit=1)
        if not matches or matches[0].tier != EXACT:
            nearest = roster.nearest(query)
            hint = f"; nearest: {nearest.name}" if nearest is not None else ""
            problems.append(f"line {line}: {query!r} is not a delegation in the roster{hint}")
            continue
        participant = matches[0].participant
        if seat in seat_lines:
            first_line, first = seat_lines[seat]
            problems.append(f"line {line}: seat {seat} is already given to {first} on line {first_line}")
            continue
        if participant.id in delegation_lines:
            problems.append(f"line {line}: {participant.name} is already seated on line "
                            f"{delegation_lines[participant.id]}")
            continue
        seat_lines[seat] = (line, participant.name)
        delegation_lines[participant.id] = line
        seats[participant.id] = seat
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"... and {len(problems) - SHOWN_PROBLEMS} more")
        raise InputError(f"{source}: nothing recorded\n  " + "\n  ".join(shown))
    return seats


class UnknownParticipant(KeyError):
    def __str__(self) -> str:
        return f"{self.args[0]!r} is not in this meeting's roster"


_CATEGORY_ORDER = {category: index for index, category in enumerate(Category)}


def parse_participants_csv(text: str) -> list[Participant]:
    participants = []
    for row in csv.DictReader(io.StringIO(text)):
        category = Category(row["category"])
        is_state = category.is_state
        participants.append(
            Participant(
                id=row["id"],
                name=row["name"],
                category=category,
                aliases=tuple(a for a in row["aliases"].split(";") if a),
                iso3=row["id"] if is_state else None,
                regional_group=RegionalGroup(row["regional_group"]) if row["regional_group"] else None,
                name_fr=row.get("name_fr") or None,
                of_fr=row.get("of_fr") or None,
            )
        )
    return participants


def parse_demonyms_csv(text: str) -> dict[str, tuple[str, ...]]:
    """The adjectives of each State, English and French ("swiss", "suisse"): extra aliases."""
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    return {row["id"]: tuple(form for column in ("en", "fr") for form in row[column].split(";") if form)
            for row in rows}


class Groups:
    """The groups a delegation may speak for (console/data/groups.csv), found as the secretary types."""

    def __init__(self, groups: Iterable[Group]) -> None:
        self._groups = {group.id: group for group in groups}
        self._keys: dict[str, str] = {}
        for group in self._groups.values():
            for key in (group.id, group.name, *group.aliases):
                self._keys.setdefault(normalise(key), group.id)

    @classmethod
    def reference(cls, roster: Roster | None = None) -> Groups:
        """The groups shipped with Dais; regional members are read from `roster` (the reference one
        by default)."""
        text = resources.files("dais.console.data").joinpath("groups.csv").read_text(encoding="utf-8")
        return cls(parse_groups_csv(text, roster if roster is not None else Roster.reference()))

    def __iter__(self) -> Iterator[Group]:
        return iter(self._groups.values())

    def __len__(self) -> int:
        return len(self._groups)

    def get(self, group_id: str) -> Group | None:
        return self._groups.get(group_id)

    def resolve(self, text: str) -> Group | None:
        """The one group `text` names: its id, name or an alias, or the start of the words of
        exactly one group's name ("african", "least dev"); None for free text."""
        q = normalise(text)
        if not q:
            return None
        if q in self._keys:
            return self._groups[self._keys[q]]
        typed = q.split()
        found = {gid for key, gid in self._keys.items() if _words_start(key.split(), typed)}
        return self._groups[found.pop()] if len(found) == 1 else None


def _words_start(words: list[str], typed: list[str]) -> bool:
    """Each typed word starts a word of the name, in order ("least dev" in "least developed countries")."""
    position = 0
    for part in typed:
        while position < len(words) and not words[position].startswith(part):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def parse_groups_csv(text: str, roster: Roster) -> list[Group]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    groups = []
    for row in csv.DictReader(lines):
        members_text = row["members"].strip()
        members: tuple[str, ...] | None
        if members_text.startswith("regional"):
            regional = RegionalGroup(members_text.partition(":")[2] or row["name"])
            members = tuple(p.id for p in roster if p.regional_group is regional)
        else:
            members = tuple(m for m in members_text.split(";") if m) or None
        groups.append(Group(id=row["id"], name=row["name"], members=members,
                            aliases=tuple(a for a in row["aliases"].split(";") if a)))
    return groups
