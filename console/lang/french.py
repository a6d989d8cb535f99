"""French for the announcements: names with their article, and "de" and "à" elided and contracted.

The names are reference data in console/data: states_fr.csv (the UN's French short names of
States, keyed by ISO3) and groups_fr.csv (groups and organisations, keyed by English name).
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from dais.models import Participant

APOSTROPHE = "’"
VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
# Names said without an article that start with a silent h: "d’Haïti". Foreign names keep
# their h ("de Human Rights Watch").
SILENT_H = ("haïti",)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dais.console.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def state_names() -> dict[str, str]:
    """ISO3 -> French short name with its article: "BRA" -> "le Brésil"."""
    return {row["iso3"]: row["name_fr"] for row in _rows("states_fr.csv")}


@cache
def group_names() -> dict[str, tuple[str, str]]:
    """English name, case folded -> (French name with its article, the same after "de")."""
    return {row["name"].casefold(): (row["name_fr"], row["of_fr"] or de(row["name_fr"]))
            for row in _rows("groups_fr.csv")}


def _split_article(name: str) -> tuple[str, str]:
    name = name.strip()
    for article in ("le ", "la ", "les ", "l’", "l'"):
        if name.startswith(article):
            return article.strip().replace("'", APOSTROPHE), name[len(article):]
    return "", name


def elides(word: str) -> bool:
    """Does "de" become "d’" before this word (a vowel, or a silent h)?"""
    folded = word.strip().casefold()
    if folded[:1] == "y":  # a vowel in "Yves", a consonant in "Yale" or "Youth"
        return folded[1:2] not in VOWELS
    return bool(folded) and (folded[0] in VOWELS or folded.startswith(SILENT_H))


def de(name: str) -> str:
    """ "de" + a name: "le Brésil" -> "du Brésil", "les Bahamas" -> "des Bahamas", "Oxfam" -> "d’Oxfam"."""
    article, rest = _split_article(name)
    if article == "le":
        return f"du {rest}"
    if article == "les":
        return f"des {rest}"
    if article:
        return f"de {article}{' ' if article == 'la' else ''}{rest}"
    return f"d{APOSTROPHE}{rest}" if elides(rest) else f"de {rest}"


def a(name: str) -> str:
    """ "à" + a name: "le Président" -> "au Président", "les États" -> "aux États"."""
    article, rest = _split_article(name)
    if article == "le":
        return f"au {rest}"
    if article == "les":
        return f"aux {rest}"
    if article:
        return f"à {article}{' ' if article == 'la' else ''}{rest}"
    return f"à {rest}"


def _short(name: str) -> str:
    return name.split(" (")[0]  # "la Bolivie (État plurinational de)" is said "la Bolivie"


def name_fr(participant: Participant) -> str:
    """The participant's French name with its article where it takes one."""
    if participant.category.is_state:
        known = state_names().get(participant.iso3 or participant.id)
        if known:
            return _short(known)
    group = group_names().get(participant.name.casefold())
    if group:
        return group[0]
    return participant.name_fr or participant.name


def of_fr(participant: Participant) -> str:
    """ "de" + the participant's French name: "du Brésil", "de l’Union européenne", "d’Oxfam"."""
    if participant.category.is_state and (participant.iso3 or participant.id) in state_names():
        return de(name_fr(participant))
    group = group_names().get(participant.name.casefold())
    if group:
        return group[1]
    if participant.of_fr:
        return _short(participant.of_fr)
    return de(participant.name_fr or participant.name)


def group_of_fr(group: str) -> str:
    """ "de" + a group named in English or French: "the African Group" -> "du Groupe des États d’Afrique"."""
    name = group.strip()
    if name.casefold().startswith("the "):
        name = name[4:]
    known = group_names().get(name.casefold())
    if known:
        return known[1]
    for french, of in group_names().values():  # typed in French, with or without its article
        if name.casefold() in (french.casefold(), _split_article(french)[1].casefold()):
            return of
    return de(name)


def group_en(group: str) -> str:
    """A known group in English takes "the": "African Group" -> "the African Group"."""
    name = group.strip()
    if name.casefold().startswith("the ") or name.casefold() not in group_names() or name.startswith("UN-"):
        return name
    return f"the {name}"
