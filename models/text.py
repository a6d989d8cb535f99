"""Free text from people and files: control characters never reach the journal or the screen.

`Text` is the type of every free-text field of the models (names, groups, roles, titles,
notes). Its validator cleans rather than refuses: the same validator runs when an old journal
is read, and a journal written before the rule must still open. So what entered the journal
before is cleaned as it is read, and a field that was nothing but control characters (or spaces)
reads as U+FFFD; the screens clean what the secretary types before it reaches the engine.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import BeforeValidator

# Bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they reorder
# the text that follows them on screen, the "Trojan Source" trick.
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Invisible at either end of a name: it would make "Kenya" and "Kenya\u200b" two people.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
# Line breaks and tabs become a space: a field is one line wherever it is shown.
SPACES = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """`text` without control characters: C0 and C1 controls, DEL and lone surrogates dropped,
    bidi controls dropped, line breaks and tabs made spaces, and whitespace and zero-width
    characters trimmed from both ends. Already clean text (nearly all of it) is returned as is."""
    if text.isprintable() and text == text.strip():
        return text  # isprintable() is False for every Cc, Cf (bidi, zero-width) and Cs character
    kept = []
    for char in text:
        if char in SPACES:
            kept.append(" ")
        elif char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip().strip(ZERO_WIDTH + " ").strip()


def _clean_field(value: object) -> object:
    if not isinstance(value, str):
        return value  # pydantic's own str check reports the wrong type
    cleaned = clean(value)
    if value and not cleaned:
        return REPLACEMENT  # a journal holding only control characters or spaces here still opens
    return cleaned


Text = Annotated[str, BeforeValidator(_clean_field)]
"""A free-text field: cleaned of control characters (see `clean`) wherever it is validated."""
