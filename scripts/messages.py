"""The translation catalogues: extract every marked string into console/locale/dais.pot, and
update each language's .po from it (`make messages`). tests/test_i18n.py reuses `extract()`.

Marks: _(), gettext(), ngettext(), pgettext(context, text), and N_(context, text) for labels
defined away from where they are shown (models/speaker_log.py). Babel does the work.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "console" / "locale"
POT = LOCALE / "dais.pot"
LANGUAGES = ("fr",)
SOURCES = ("console", "screens", "models")
KEYWORDS = {
    "_": None,
    "gettext": None,
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
            catalog.add(message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments,
                        context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "dais.po"


def main() -> int:
    template = extract()
    POT.parent.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as out:
        write_po(out, template, width=100, omit_header=False, sort_output=False)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as existing:
                catalog = read_po(existing, locale=language)
        else:
            catalog = Catalog(locale=language, project="dais", domain="dais")
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy
                   or (isinstance(m.string, tuple) and not all(m.string)))]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
