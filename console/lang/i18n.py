"""The interface's language: gettext catalogues (console/lang/locale, built with Babel), and dates,
numbers and names in that language.

English is the source language: the strings in the code are the English text, and `_()`
returns them unchanged when the language is "en". Other languages read their catalogue,
console/lang/locale/LANG/LC_MESSAGES/dais.po, compiled in memory by Babel the first time it is
needed (so the editable install and the wheel both work from the .po alone, with no build
step). The language is chosen once, at start (`dais --lang fr`, or `language` in settings).

To add a string: wrap it, `_("Speakers so far")`, or with fields `_("{n} interventions").format(n=n)`
(named fields, so a translation can reorder them); plurals `ngettext(one, many, n)`; a short
word whose sense depends on its place, `pgettext("kind", "Panel")`. Then `make messages`
re-extracts console/lang/locale/dais.pot and updates the .po files; translate the new entries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from functools import cache

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr")
DOMAIN = "dais"

_language = SOURCE_LANGUAGE


class Catalogue:
    """One language's translations: (context, message id) -> its string(s), and its plural rule."""

    def __init__(self, plural_index: Callable[[int], int]) -> None:
        self.singular: dict[tuple[str | None, str], str] = {}
        self.plural: dict[tuple[str | None, str], tuple[str, ...]] = {}
        self.plural_index = plural_index


def po_text(language: str) -> str:
    """The .po file of a language, as shipped in the package."""
    from importlib import resources

    path = resources.files("dais.console.lang").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    return path.read_text(encoding="utf-8")


@cache
def catalogue(language: str) -> Catalogue:
    """A language's catalogue, read with Babel; fuzzy and empty entries are left out (they fall
    back to English, as gettext does)."""
    import gettext
    import io

    from babel.messages.pofile import read_po

    po = read_po(io.StringIO(po_text(language)), locale=language, domain=DOMAIN)
    result = Catalogue(plural_index=gettext.c2py(po.plural_expr))
    for message in po:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            strings = tuple(str(s) for s in message.string or ())
            if all(strings):
                result.plural[(message.context, str(message.id[0]))] = strings
        elif message.string:
            result.singular[(message.context, str(message.id))] = str(message.string)
    return result


def set_language(language: str) -> None:
    """Choose the interface's language for the rest of the process. ValueError if unknown."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    """The interface's language: "en" or "fr"."""
    return _language


@contextlib.contextmanager
def using(language_code: str) -> Iterator[None]:
    """The interface in another language for a while (an export in French, a test)."""
    before = _language
    set_language(language_code)
    try:
        yield
    finally:
        set_language(before)


def pgettext(context: str | None, message: str) -> str:
    """`message` in the interface's language; `context` tells apart two senses of one English word."""
    if _language == SOURCE_LANGUAGE:
        return message
    return catalogue(_language).singular.get((context, message), message)


def _(message: str) -> str:
    """`message` in the interface's language."""
    return pgettext(None, message)


def gettext(message: str) -> str:
    return pgettext(None, message)


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogue and returns the English: for text defined once, at import,
    and translated where it is shown (key bindings' descriptions, shown through `_()` by the key
    bar, the palette and the help), so that the language may change after the import."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the interface's language."""
    if _language != SOURCE_LANGUAGE:
        found = catalogue(_language)
        strings = found.plural.get((None, singular))
        if strings:
            return strings[min(found.plural_index(n), len(strings) - 1)]
    return singular if n == 1 else plural


# Dates and numbers, by Babel for the interface's language (imported when first used: the
# dais's start-up does not pay for Babel's locale data).

def long_date(day: dt.date | str) -> str:
    """'2017-05-08' -> '8 May 2017' / '8 mai 2017', whatever the machine's locale."""
    from babel.dates import format_date

    d = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return str(format_date(d, "d MMMM y", locale=_language))


def short_date(day: dt.date) -> str:
    """'Tue 09 May' / 'mar. 09 mai': a day beside a time, in a notice."""
    if _language == SOURCE_LANGUAGE:
        return f"{day:%a %d %b}"
    from babel.dates import format_date

    return str(format_date(day, "EEE dd MMM", locale=_language))


def day_heading(day: dt.date) -> str:
    """'Mon 23 Nov 2026' / 'lun. 23 nov. 2026': the day in the meeting's header. English needs
    no Babel (the dais's first frame does not load its locale data)."""
    if _language == SOURCE_LANGUAGE:
        return f"{day:%a} {day.day} {day:%b %Y}"
    from babel.dates import format_date

    return str(format_date(day, "EEE d MMM y", locale=_language))


def day_of_month(day: dt.date) -> str:
    """'8 May 2017' / '8 mai 2017', '1er mai 2017' (French writes the first of the month 1er).
    English needs no Babel: a meeting's notice on the dais's first frame does not load it."""
    if _language == SOURCE_LANGUAGE:
        return f"{day.day} {day:%B %Y}"
    text = long_date(day)
    return "1er" + text[1:] if _language == "fr" and day.day == 1 else text


def span_ends(first: dt.date, last: dt.date) -> tuple[str, str]:
    """The two ends of a span of days, what they share said once: ('8', '9 May 2017'),
    ('30 May', '2 June 2017'), or both whole across a year; a message puts them in its words
    ("from {first} to {last}" / "du {first} au {last}")."""
    whole = day_of_month(first)
    if first.year != last.year:
        return whole, day_of_month(last)
    if first.month != last.month:
        return whole.rsplit(" ", 1)[0], day_of_month(last)
    return whole.split(" ", 1)[0], day_of_month(last)


def date_range(days: list[str]) -> str:
    """The meeting's days as the UN writes them: '8 May 2017', '8–9 May 2017', '31 May–1 June
    2017', '31 December 2017–1 January 2018' ('8–9 mai 2017'); days that do not follow one
    another are listed, '8 and 10 May 2017' in full ('8 May 2017 and 10 May 2017').

    Built from Babel's dates rather than its format_interval: CLDR's English interval is the
    American 'May 8 – 9, 2017', and it abbreviates the months across a month's end."""
    from babel.dates import format_date
    from babel.lists import format_list

    dates = sorted({dt.date.fromisoformat(day) for day in days})
    if len(dates) == 1:
        return long_date(dates[0])
    first, last = dates[0], dates[-1]
    if (last - first).days != len(dates) - 1:
        return str(format_list([long_date(day) for day in dates], locale=_language))
    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        start = str(format_date(first, "d MMMM", locale=_language))
    else:
        start = long_date(first)
    return f"{start}–{long_date(last)}"


def duration_words(seconds: float) -> str:
    """A long duration in words, to the minute: '3 hours and 12 minutes', '45 minutes', '1 heure
    et 2 minutes'; under a minute, its seconds (Babel's units and lists, in the interface's
    language)."""
    from babel.dates import format_timedelta
    from babel.lists import format_list

    total = int(round(seconds))
    if total < 60:
        return str(format_timedelta(dt.timedelta(seconds=total), threshold=1e9, granularity="second",
                                    locale=_language))
    minutes = (total + 30) // 60
    hours, minutes = divmod(minutes, 60)
    # threshold=1: each part in its own unit ("3 hours", "12 minutes", never "180 minutes").
    parts = [str(format_timedelta(dt.timedelta(hours=hours), threshold=1, locale=_language))] if hours else []
    if minutes:
        parts.append(str(format_timedelta(dt.timedelta(minutes=minutes), threshold=1, locale=_language)))
    return str(format_list(parts, locale=_language))


def time_of_day(moment: dt.time | dt.datetime, seconds: bool = False) -> str:
    """'11:32' or '11:32:10', in the locale's 24-hour form."""
    from babel.dates import format_time

    return str(format_time(moment, "HH:mm:ss" if seconds else "HH:mm", locale=_language))


def number(value: float, digits: int = 0) -> str:
    """1234 -> '1,234' / '1 234'; 2.5 -> '2.5' / '2,5' (at most `digits` decimals)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=_language))


# Human names of the speaker log's vocabulary (models/speaker_log.py holds the English, marked N_).

def category_label(category: str) -> str:
    from dais.models.labels import category_label as english

    return pgettext("category", english(category))


def category_plural(category: str) -> str:
    """'UN system entities' / 'Entités des Nations Unies': a whole category, as a budget's holder."""
    from dais.models.participant import Category
    from dais.models.labels import CATEGORY_PLURALS

    return pgettext("categories", CATEGORY_PLURALS[Category(category)])


def kind_label(kind: str) -> str:
    from dais.models.labels import kind_label as english

    return pgettext("kind", english(kind))


def role_label(role: str) -> str:
    """'floor' -> 'From the floor' / 'Depuis la salle'; a role typed in a programme stays as typed."""
    from dais.models.labels import role_label as english

    return pgettext("role", english(role))


def status_label(status: str) -> str:
    from dais.models.labels import STATUS_LABELS

    return pgettext("status", STATUS_LABELS[status])


def gender_label(gender: str) -> str:
    """'female' -> 'Women' / 'Femmes': the balance of the room's rows."""
    from dais.models.speaker_log import GENDER_LABELS

    return pgettext("gender", GENDER_LABELS[gender])


def turn_label(turn: str) -> str:
    """'first' -> 'First time on the item': the balance of the room's rows."""
    from dais.models.speaker_log import TURN_LABELS

    return pgettext("turn", TURN_LABELS[turn])


def change_label(field_name: str) -> str:
    from dais.models.labels import CHANGE_LABELS

    return pgettext("change", CHANGE_LABELS[field_name])


# Names of the roster in the interface's language: French short names without their article
# ("Brésil", "Bolivie (État plurinational de)"), as a list or a table shows them. The names
# with their article, for speech, are console.lang.french's.

@cache
def _french_names() -> dict[str, str]:
    from dais.console.lang import french

    names = {row["id"]: row["name_fr"] for row in french._rows("participants.csv") if row.get("name_fr")}
    for iso3, name in french.state_names().items():
        names.setdefault(iso3, _without_article(name))
    return names


def _without_article(name: str) -> str:
    for article in ("le ", "la ", "les ", "l’", "l'"):
        if name.startswith(article):
            rest = name[len(article):]
            return rest[:1].upper() + rest[1:]
    return name


def participant_name(participant_id: str | None, category: str | None, name: str) -> str:
    """A speaker's name as the interface shows it: 'Brazil' / 'Brésil'. Names the roster does
    not know in French (a stakeholder typed at the dais) stay as written."""
    if _language != "fr":
        return name
    if participant_id and participant_id in _french_names():
        return _french_names()[participant_id]
    return group_name(name)


def on_behalf_of(group: str) -> str:
    """'on behalf of African Group' / 'au nom du Groupe des États d’Afrique' (the French article
    contracted, as console.lang.french has it); a group it does not know stays as typed."""
    if _language == "fr":
        from dais.console.lang import french

        key = group.strip().removeprefix("the ").removeprefix("The ")
        known = french.group_names().get(key.casefold())
        if known:
            return "au nom " + known[1]
    return _("on behalf of {group}").format(group=group)


def group_name(group: str) -> str:
    """A group or organisation as the interface shows it: 'African Group' / 'Groupe des États d’Afrique'."""
    if _language != "fr":
        return group
    from dais.console.lang import french

    key = group.strip()
    if key.casefold().startswith("the "):
        key = key[4:]
    known = french.group_names().get(key.casefold())
    return _without_article(known[0]) if known else group
