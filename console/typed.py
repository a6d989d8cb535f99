"""What the secretary types at the dais, read into values: m:ss durations and HH:MM clock times.

Every screen reads typed times through here, so each form is accepted (or refused, with a
sentence saying how to write it) the same way everywhere. Formatting lives elsewhere
(models.programme.format_mss); this module only reads.
"""

from __future__ import annotations

import datetime as dt
import re

from dais.models.programme import parse_duration

_MSS = re.compile(r"(\d+):([0-5]\d)")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_TITLED_SPAN = re.compile(r"(.+?),\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})")


def duration(text: str) -> int:
    """ "2:00" -> 120 seconds; minutes may pass 59 ("75:00"). ValueError otherwise."""
    match = _MSS.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a time: write m:ss, e.g. 2:00")
    return int(match[1]) * 60 + int(match[2])


def limit(text: str) -> int:
    """A speaking limit as the secretary types it, in seconds: "2" and "2m" are two minutes,
    "90s" is 90 seconds, "1:30" is a minute and a half ("2 min", "1m30s" too). A bare number is
    minutes here, where a programme file's bare number is seconds (models.programme). ValueError
    for anything else, and for a limit of zero."""
    seconds = parse_duration(text, bare_unit=60)
    if seconds <= 0:
        raise ValueError(f"{text.strip()!r}: a speaking limit is longer than zero")
    return seconds


def clock_time(text: str) -> dt.time:
    """ "9:05" or "09:05" -> 09:05. ValueError for any other form, or an hour or minute that does
    not exist ("24:00", "9:60")."""
    match = _HHMM.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a time of day: write HH:MM, e.g. 13:30")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"{text.strip()!r} is not a time of day: hours go to 23, minutes to 59")
    return dt.time(hour, minute)


def titled_span(text: str) -> tuple[str, dt.time, dt.time]:
    """ "Right of reply, 17:00-17:15" -> the title, its start and its end. ValueError otherwise."""
    match = _TITLED_SPAN.fullmatch(text.strip())
    if not match or not match[1].strip():
        raise ValueError(f"{text.strip()!r}: write the title, then HH:MM-HH:MM, e.g. Right of reply, 17:00-17:15")
    return match[1].strip(), clock_time(match[2]), clock_time(match[3])
