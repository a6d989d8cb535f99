"""Names as they are spoken: English names with their article, and people's titles said in full.

The spoken English names are reference data, console/data/spoken_en.csv (keyed by the roster's
id: "VAT" -> "the Holy See", "IRN" -> "the Islamic Republic of Iran"), as console.lang.french
has the French ones. A title written before a person's name ("H.E. Mr.", "Dr.", "S.E. M.")
is read by espeak-ng as letters or with a sentence's pause after its full stop, so it is said
in words in the announcement's language.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources

from dais.models import Category, Participant

STATES = (Category.MEMBER_STATE, Category.OBSERVER_STATE)

# A name typed at the dais (an NGO, a newcomer organisation) takes "the" when it is named by
# what it is rather than by a proper name: "the International Rescue Committee", "the
# Migrant Forum in Asia", but "Amnesty International", "Human Rights Watch", "PICUM".
_COMMON_NOUNS = frozenset("""
    agency alliance assembly association authority bank board bureau campaign centre center coalition
    commission committee confederation conference congress council court federation forum foundation
    fund institute institution league movement network office organisation organization platform
    programme program secretariat service society union
""".split())


@cache
def spoken_names() -> dict[str, str]:
    """Roster id -> the name as the room hears it, with its article: "USA" -> "the United States of
    America"."""
    text = resources.files("dais.console.data").joinpath("spoken_en.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["id"]: row["spoken_en"] for row in csv.DictReader(io.StringIO("\n".join(lines)))}


_INVERTED = re.compile(r"^(?P<name>.+?) \((?P<rest>.+?)\)$")


def natural_order(name: str) -> str:
    """"Iran (Islamic Republic of)" -> "the Islamic Republic of Iran", "Netherlands (Kingdom of
    the)" -> "the Kingdom of the Netherlands": a UN list's inverted name, in the order it is said."""
    match = _INVERTED.match(name.strip())
    if match is None:
        return name
    rest, short = match["rest"], match["name"]
    if not rest.endswith((" of", " of the")):
        return name  # a parenthesis that is not an inversion: "Sudan (the)" is not in the roster
    return f"the {rest} {short}" if not rest.casefold().startswith("the ") else f"{rest} {short}"


def name_en(participant: Participant) -> str:
    """The participant's name as spoken in English, with its article where it takes one."""
    known = spoken_names().get(participant.iso3 or participant.id) or spoken_names().get(participant.id)
    if known:
        return known
    name = participant.name.strip()
    if participant.category in STATES:
        return natural_order(name)
    if participant.category is Category.PANEL:
        return titles_said(name, "en")
    if name.casefold().startswith("the "):
        return name
    words = {word.casefold() for word in re.findall(r"[A-Za-z]+", name)}
    return f"the {name}" if words & _COMMON_NOUNS else name


def capitalised(text: str) -> str:
    """The first letter capitalised, for a name that opens a sentence: "the Holy See" -> "The Holy See"."""
    return text[:1].upper() + text[1:]


# -- titles ---------------------------------------------------------------------------------

# The written titles before a name, without their full stops, case folded, and how each is
# said: in English, and in French (where a title takes the article it is said with: "le
# docteur", so that "à" + it is "au docteur").
_TITLES: dict[str, tuple[str, str]] = {
    "he": ("His Excellency", "Son Excellence"),  # "Her" when a woman's title follows (below)
    "se": ("His Excellency", "Son Excellence"),
    "mr": ("Mister", "Monsieur"),
    "m": ("Mister", "Monsieur"),
    "mrs": ("Missus", "Madame"),
    "ms": ("Miz", "Madame"),
    "mme": ("Madam", "Madame"),
    "miss": ("Miss", "Mademoiselle"),
    "mlle": ("Miss", "Mademoiselle"),
    "dr": ("Doctor", "le docteur"),
    "prof": ("Professor", "le professeur"),
    "pr": ("Professor", "le professeur"),
    "amb": ("Ambassador", "l’Ambassadeur"),
    "hon": ("the Honourable", "l’honorable"),
    "rev": ("the Reverend", "le révérend"),
    "sen": ("Senator", "le sénateur"),
}
_WOMEN = {"mrs", "ms", "mme", "miss", "mlle"}
_EXCELLENCY = re.compile(r"[HhSs]\.\s?[Ee]\.")  # "H.E.", "S. E."
_WORD = re.compile(r"[A-Za-z]+\.?")  # "Mr.", "Mme", "Dr"


def _key(token: str) -> str:
    return re.sub(r"[.\s]", "", token).casefold()


def titles_said(name: str, language: str = "en") -> str:
    """A person's name with the titles before it said in full: "H.E. Mr. Jürg Lauber" ->
    "His Excellency Mister Jürg Lauber" / "Son Excellence Monsieur Jürg Lauber"; "H.E. Ms. ..."
    -> "Her Excellency Miz ..."; "Dr. Khalid Koser" -> "Doctor Khalid Koser" / "le docteur Khalid
    Koser". A word is a title only before the name, never within it ("M. Lauber", not "Mr M").
    """
    rest = name.strip()
    keys: list[str] = []
    while True:
        match = _EXCELLENCY.match(rest) or _WORD.match(rest)
        if match is None:
            break
        token = match[0]
        key = _key(token)
        after = rest[match.end():]
        # A bare word is a title only when written as one (with its full stop, or a known
        # French abbreviation) and a name follows: "Miss" alone is a name, "M" an initial.
        written = token.endswith(".") or key in ("mme", "mlle", "mr", "mrs", "ms", "dr", "pr")
        if key not in _TITLES or not written or not after.strip() or (key == "m" and not token.endswith(".")):
            break
        keys.append(key)
        rest = after.lstrip()
    if not keys:
        return name
    fr = language == "fr"
    words = []
    for n, key in enumerate(keys):
        english, french = _TITLES[key]
        if key in ("he", "se") and any(k in _WOMEN for k in keys[n + 1:]):
            english = "Her Excellency"
        said = french if fr else english
        if fr and n and said.startswith("le "):
            said = said[3:]  # "Son Excellence docteur ...": the article only opens the name
        words.append(said)
    return " ".join(words + [rest])
