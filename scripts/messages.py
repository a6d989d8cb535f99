"""The translation catalogues: extract every marked string into console/lang/locale/dais.pot, and
update each language's .po from it (`make messages`). tests/journal/test_i18n.py reuses `extract()`.

Marks: _(), gettext(), ngettext(), pgettext(context, text), and N_(context, text) for labels
defined away from where they are shown (models/speaker_log.py). Babel does the work.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "console" / "lang" / "locale"
POT = LOCALE / "dais.pot"
LANGUAGES = ("fr",)
SOURCES = ("console", "screens", "models")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": ((1, "c"), 2),
}
METHODS = [("**.py", "python")]


def extract() -> Catalog:
    """Every marked string of the sources, with where it is (file and line)."""
    catalog = Catalog(project="dais", domain="dais", fuzzy=False)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / source, METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
        ):
            # Files without line numbers: a change elsewhere in a file does not touch the catalogue,
            # so branches that wrap strings in different files merge cleanly.
            catalog.add(message, None, [(f"{source}/{filename}", None)], auto_comments=comments,
                        context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "dais.po"


_DATES = re.compile(rb'^"(?:POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE)


def _write(path: Path, catalog: Catalog, **options: Any) -> None:
    """Write a catalogue only if more than its dates changed (no churn for the other branches)."""
    out = io.BytesIO()
    write_po(out, catalog, width=100, **options)
    data = out.getvalue()
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main() -> int:
    template = extract()
    _write(POT, template)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as existing:
                catalog = read_po(existing, locale=language)
        else:
            catalog = Catalog(locale=language, project="dais", domain="dais")
        catalog.update(template, no_fuzzy_matching=True)
        _write(path, catalog, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy
                   or (isinstance(m.string, tuple) and not all(m.string)))]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
