"""What the secretary types at the dais, read into values: m:ss durations and HH:MM(:SS) clock times.

Every screen reads typed times through here, so each form is accepted (or refused, with a
sentence saying how to write it) the same way everywhere. Formatting lives elsewhere
(models.programme.format_mss); this module only reads.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

from dais.console.lang.i18n import _, gettext_noop
from dais.models import Budget, Category
from dais.models.programme import parse_duration, regional_group_named

_MSS = re.compile(r"(\d+):([0-5]\d)")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TITLED_SPAN = re.compile(r"(.+?),\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})")


def duration(text: str) -> int:
    """ "2:00" -> 120 seconds; minutes may pass 59 ("75:00"). ValueError otherwise."""
    match = _MSS.fullmatch(text.strip())
    if not match:
        raise ValueError(_("{text!r} is not a time: write m:ss, e.g. 2:00").format(text=text.strip()))
    return int(match[1]) * 60 + int(match[2])


def limit(text: str) -> int:
    """A speaking limit as the secretary types it, in seconds: "2" and "2m" are two minutes,
    "90s" is 90 seconds, "1:30" is a minute and a half ("2 min", "1m30s" too). A bare number is
    minutes here, where a programme file's bare number is seconds (models.programme). ValueError
    for anything else, and for a limit of zero."""
    seconds = parse_duration(text, bare_unit=60)
    if seconds <= 0:
        raise ValueError(_("{text!r}: a speaking limit is longer than zero").format(text=text.strip()))
    return seconds


def clock_time(text: str, seconds: bool = False) -> dt.time:
    """ "9:05" or "09:05" -> 09:05; with `seconds`, "14:03:25" too (a time the speaker log keeps
    to the second). ValueError for any other form, or an hour, minute or second that does not
    exist ("24:00", "9:60")."""
    match = _HHMM.fullmatch(text.strip())
    if not match or (match[3] is not None and not seconds):
        how = (_("{text!r} is not a time of day: write HH:MM or HH:MM:SS, e.g. 13:30:05") if seconds else
               _("{text!r} is not a time of day: write HH:MM, e.g. 13:30"))
        raise ValueError(how.format(text=text.strip()))
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        why = (_("{text!r} is not a time of day: hours go to 23, minutes and seconds to 59") if seconds else
               _("{text!r} is not a time of day: hours go to 23, minutes to 59"))
        raise ValueError(why.format(text=text.strip()))
    return dt.time(hour, minute, second)


def titled_span(text: str) -> tuple[str, dt.time, dt.time]:
    """ "Right of reply, 17:00-17:15" -> the title, its start and its end. ValueError otherwise."""
    match = _TITLED_SPAN.fullmatch(text.strip())
    if not match or not match[1].strip():
        raise ValueError(_("{text!r}: write the title, then HH:MM-HH:MM, e.g. Right of reply, 17:00-17:15").format(text=text.strip()))
    start, end = clock_time(match[2]), clock_time(match[3])
    if end <= start:  # models.programme refuses it too, but in English: say it here, in the interface's language
        raise ValueError(_("{end} is not after {start}: an item ends after it begins").format(
            start=f"{start:%H:%M}", end=f"{end:%H:%M}"))
    return match[1].strip(), start, end


_BUDGET = re.compile(r"(?P<holder>\S+)(?:\s+(?P<rest>.*))?")
_BUDGET_HOW = gettext_noop("write who, then the total, e.g. WEOG 20:00, or ngo limit 2 total 30m, or CHE off")


def budget_holder(word: str) -> tuple[str, str]:
    """A budget's holder as typed: a category (MS, member_state, NGO, ...), a regional group
    (WEOG, GRULAC, ...), or else a delegation's roster id (CHE)."""
    for category in Category:
        if word.casefold() in (category.value, category.badge.casefold()):
            return ("category", category.value)
    group = regional_group_named(word)
    if group is not None:
        return ("group", group.value)
    return ("delegation", word.upper() if len(word) == 3 and word.isalpha() else word)


def budget(text: str) -> tuple[tuple[str, str], Budget | None]:
    """A budget as the secretary types it: "WEOG 20:00" (a total), "ngo limit 2 total 30m",
    "MS limit 90s", "CHE off" (lift it). The holder's key, and the budget (None: lift it).
    ValueError, saying how to write it, for anything else."""
    match = _BUDGET.fullmatch(text.strip())
    if not match or not match["rest"]:
        raise ValueError(repr(text.strip()) + ": " + _(_BUDGET_HOW))
    kind, holder = budget_holder(match["holder"])
    words = match["rest"].split()
    if [w.casefold() for w in words] == ["off"]:
        return (kind, holder), None
    values: dict[str, int] = {}
    if len(words) == 1 or (len(words) == 2 and not words[0].isalpha()):
        values["total"] = limit(" ".join(words))
    else:
        while words:
            field = words.pop(0).casefold()
            if field not in ("limit", "total") or not words or field in values:
                raise ValueError(repr(text.strip()) + ": " + _(_BUDGET_HOW))
            values[field] = limit(words.pop(0))
    try:
        return (kind, holder), Budget.model_validate({kind: holder, **values})
    except ValidationError as error:
        raise ValueError(f"{text.strip()!r}: {error.errors()[0]['msg']}") from None
