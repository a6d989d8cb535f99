"""The roster: who may take the floor, and the lookup the secretary types into.

A query finds a participant by name prefix, any word of its name, alias, ISO3 code, acronym
or seat number, regardless of case, accents and the shape of the apostrophe. Exact codes and
aliases rank before prefixes, prefixes before substrings, and substrings before fuzzy matches.
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

from dais.models import Category, Participant, RegionalGroup

_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "de", "la", "des", "du", "et", "le", "les", "in"})
_SPLIT = re.compile(r"[^0-9a-z']+")

EXACT, PREFIX, WORD, SUBSTRING, FUZZY = range(5)


def normalise(text: str) -> str:
    """Fold case, accents and apostrophes, and turn punctuation into single spaces."""
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
        text = resources.files("dais.console.data").joinpath("participants.csv").read_text(encoding="utf-8")
        return cls(parse_participants_csv(text))

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
        q = normalise(query)
        if not q:
            return []
        found: dict[str, Match] = {}
        for pid in [*self._exact.get(q, ()), *self._exact.get(q.replace("'", ""), ())]:
            found.setdefault(pid, Match(self._entries[pid].participant, EXACT))
        ranked: list[tuple[int, tuple[int, int, str], _Entry]] = []
        word = " " + q
        substrings = len(q) >= 3
        for pid, entry in self._entries.items():
            if entry.name.startswith(q):
                tier = PREFIX
            elif word in entry.word_starts:
                tier = WORD
            elif substrings and q in entry.everything:
                tier = SUBSTRING
            else:
                continue
            if pid not in found:
                ranked.append((tier, entry.order, entry))
        ranked.sort(key=lambda r: (r[0], r[1]))
        matches = sorted(found.values(), key=lambda m: self._entries[m.participant.id].order)
        matches += [Match(entry.participant, tier) for tier, _, entry in ranked[:limit]]
        if len(matches) < limit and len(q) >= 3:
            matches += self._fuzzy(q, {m.participant.id for m in matches}, limit - len(matches))
        return matches[:limit]

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
    from dais.console.errors import InputError

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
        is_state = category in (Category.MEMBER_STATE, Category.OBSERVER_STATE)
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


def negotiating_groups() -> list[str]:
    text = resources.files("dais.console.data").joinpath("groups.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
