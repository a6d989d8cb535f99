"""French throughout: the catalogue is whole, and the exports, the summary and the command line
speak French when asked (`--lang fr`, or `language` in settings), with Babel's dates and numbers
and the roster's names in French."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dais.console.lang import i18n
from dais.console.report.export import render, speaker_log, summary_sentences
from dais.console.room.roster import Roster
from dais.models import Category

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "console" / "lang" / "locale" / "fr" / "LC_MESSAGES" / "dais.po"
NNBSP = "\u202f"

# The co-facilitators' summary of the first informal thematic session, in the form of the French
# summaries (the same counts as tests/unit/test_summary.py's SEED).
SEED_FR = ("Au total, 71 délégations nationales ont pris la parole, ainsi que 7 organismes des Nations Unies "
           "et 12 parties prenantes non gouvernementales. Par ailleurs, 14 parties prenantes non "
           "gouvernementales ont fait des interventions orales pendant le dialogue informel avec les "
           "cofacilitateurs avant que la session thématique informelle ne reprenne le matin du deuxième jour.")


def _messages_tool():
    spec = importlib.util.spec_from_file_location("dais_messages", ROOT / "scripts" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_french_catalogue_has_every_string_of_the_code_translated_and_none_fuzzy():
    template = _messages_tool().extract()
    with PO.open("rb") as f:
        french = read_po(f, locale="fr")
    untranslated, fuzzy, fields = [], [], []
    for message in template:
        if not message.id:
            continue
        found = french.get(message.id, context=message.context)
        if found is None or not (all(found.string) if isinstance(found.string, tuple) else found.string):
            untranslated.append((message.context, message.id))
            continue
        if found.fuzzy:
            fuzzy.append(message.id)
        # A translation uses only the fields the code passes: the English's, or those a
        # TRANSLATORS comment names (the code passes them too).
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        allowed = set().union(*(_fields(i) for i in ids), *(_fields(c) for c in message.auto_comments))
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        fields += [(message.id, s) for s in strings if not _fields(s) <= allowed]
    assert untranslated == [] and fuzzy == [] and fields == [], (untranslated, fuzzy, fields)
    assert len(template) > 200  # the extraction found the code's strings, not an empty tree


def test_no_message_is_hidden_inside_an_f_string_where_extraction_cannot_see_it():
    hidden = []
    for folder in ("console", "screens", "models"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if re.search(r"""\bf(["']).*\{\s*(?:e\()?_\(""", line):
                    hidden.append(f"{path.relative_to(ROOT)}:{n}")
    assert hidden == []


def test_no_module_that_translates_with_underscore_also_assigns_to_it():
    """`db, _ = ...` in a function makes `_` a local there: its `_("...")` would then fail."""
    import ast

    shadowed = []
    for folder in ("console", "screens", "models"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if not any(isinstance(node, ast.ImportFrom) and node.module == "dais.console.lang.i18n"
                       and any(alias.name == "_" for alias in node.names) for node in ast.walk(tree)):
                continue
            shadowed += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
                         if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)]
    assert shadowed == []


def test_english_is_the_source_and_french_comes_from_the_catalogue():
    assert i18n.language() == "en"
    assert i18n._("Speakers by item") == "Speakers by item"
    with i18n.using("fr"):
        assert i18n._("Speakers by item") == "Orateurs par point"
        assert i18n.pgettext("kind", "Panel") == "Table ronde"
        assert i18n.pgettext("category", "Panel") == "Membre du panel"
        assert i18n.ngettext("{n} national delegation", "{n} national delegations", 1) == "{n} délégation nationale"
        assert i18n.ngettext("{n} national delegation", "{n} national delegations", 0) == "{n} délégation nationale"
        assert i18n.ngettext("{n} national delegation", "{n} national delegations", 2) == "{n} délégations nationales"
        assert i18n._("a string nobody translated") == "a string nobody translated"
    assert i18n._("Speakers by item") == "Speakers by item"
    with pytest.raises(ValueError):
        i18n.set_language("de")


def test_dates_and_numbers_are_formatted_by_babel_for_the_language():
    assert i18n.long_date("2017-05-08") == "8 May 2017"
    assert i18n.date_range(["2017-05-08", "2017-05-09"]) == "8–9 May 2017"  # as the UN writes it
    assert i18n.date_range(["2017-05-31", "2017-06-01"]) == "31 May–1 June 2017"
    assert i18n.date_range(["2017-12-31", "2018-01-01"]) == "31 December 2017–1 January 2018"
    assert i18n.date_range(["2017-05-08", "2017-05-10"]) == "8 May 2017 and 10 May 2017"  # not a run of days
    assert i18n.duration_words(11520) == "3 hours and 12 minutes"
    assert i18n.duration_words(3629) == "1 hour" and i18n.duration_words(45) == "45 seconds"
    assert i18n.number(1234567) == "1,234,567" and i18n.number(2.5, 1) == "2.5"
    with i18n.using("fr"):
        assert i18n.long_date("2017-05-08") == "8 mai 2017"
        assert i18n.date_range(["2017-05-08", "2017-05-09"]) == "8–9 mai 2017"
        assert i18n.duration_words(11520) == "3\u00a0heures et 12 minutes"
        assert i18n.number(1234567) == f"1{NNBSP}234{NNBSP}567" and i18n.number(2.5, 1) == "2,5"
        import datetime as dt

        assert i18n.time_of_day(dt.time(9, 5, 7), seconds=True) == "09:05:07"


def test_every_state_of_the_roster_has_its_french_name_without_article():
    states = [p for p in Roster.reference() if p.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE)]
    assert len(states) >= 195
    with i18n.using("fr"):
        names = {p.id: i18n.participant_name(p.id, p.category.value, p.name) for p in states}
        assert names["BRA"] == "Brésil" and names["DEU"] == "Allemagne" and names["USA"] == "États-Unis d’Amérique"
        assert names["BOL"] == "Bolivie (État plurinational de)"
        for pid, name in names.items():
            assert name and not name.startswith(("le ", "la ", "les ", "l’", "l'")), (pid, name)
        assert i18n.group_name("the African Group") == "Groupe des États d’Afrique"
        assert i18n.participant_name(None, "stakeholder", "Oxfam International") == "Oxfam International"
    assert i18n.participant_name("BRA", "member_state", "Brazil") == "Brazil"


async def test_the_first_thematic_session_summary_in_french(meeting, clock):
    from tests.unit.test_summary import _speak

    reference = list(Roster.reference())
    states = [p.id for p in reference if p.category is Category.MEMBER_STATE][:71]
    agencies = [p.id for p in reference if p.category is Category.UN_SYSTEM][:7]
    ngos = [(await meeting.add_participant(f"Formal NGO {n}", Category.STAKEHOLDER)).id for n in range(12)]
    dialogue = [(await meeting.add_participant(f"Dialogue NGO {n}", Category.STAKEHOLDER)).id for n in range(14)]
    await meeting.advance_item("panel-1")
    await _speak(meeting, clock, states[:40] + agencies[:3] + ngos[:5])
    await meeting.advance_item("panel-2")
    await _speak(meeting, clock, states[40:] + agencies[3:] + ngos[5:])
    await meeting.advance_item("closing-1")
    await meeting.advance_item("dialogue")
    await meeting.give_floor_to_panel(meeting.programme.item("dialogue").people[0])
    clock.advance(300)
    await _speak(meeting, clock, dialogue)
    await meeting.advance_item("welcome-2")
    await _speak(meeting, clock, states[:1])

    with i18n.using("fr"):
        log = speaker_log(meeting.state, as_of=clock())
        assert " ".join(summary_sentences(log)) == SEED_FR
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(render(log, "xlsx")))
        assert book.sheetnames == ["Interventions", "Résumé", "Programme", "Non atteintes", "Corrections"]
        assert book["Résumé"]["A4"].value == summary_sentences(log)[0]
    # The same meeting in English is untouched by the French run.
    english = speaker_log(meeting.state, as_of=clock())
    assert summary_sentences(english)[0].startswith("In total, 71 national delegations made interventions")


async def test_the_exports_in_french(session, clock):
    import docx

    with i18n.using("fr"):
        log = speaker_log(session.state, as_of=clock())
        chair = render(log, "chair").decode("utf-8")
        word = docx.Document(io.BytesIO(render(log, "docx")))
    assert '<html lang="fr">' in chair and "Orateurs à ce stade" in chair and "Liste des orateurs" in chair
    assert "Kenya" in chair and "Égypte (au nom du Groupe des États d’Afrique)" in chair
    assert "Mexique" in chair and "Mexico" not in chair
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Orateurs par point" in text and "8 mai 2017" in text and "Décomptes" in text
    assert "interventions, pour " in text and "de temps de parole (en moyenne" in text
    headers = [cell.text for cell in word.tables[0].rows[0].cells]
    assert headers == ["#", "Orateur", "Catégorie", "Rôle", "Début", "Durée", "Notes"]
    for english in ("Speakers by item", "Speaker", "Member State", "On behalf of", "May 2017"):
        assert english not in chair and english not in text, english


def _dais(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dais.console", *args], capture_output=True, text=True,
                          env={**os.environ, "DAIS_HOME": str(home)}, timeout=120)


async def test_lang_fr_end_to_end_for_export_and_from_the_settings(session, tmp_path):
    path = str(session.path)
    english = await asyncio.to_thread(_dais, "export", path, "--format", "chair", "-o", "-", home=tmp_path)
    french = await asyncio.to_thread(_dais, "export", path, "--format", "chair", "-o", "-", "--lang", "fr",
                                     home=tmp_path)
    before = await asyncio.to_thread(_dais, "--lang", "fr", "export", path, "--format", "chair", "-o", "-",
                                     home=tmp_path)
    assert english.returncode == french.returncode == before.returncode == 0, french.stderr
    assert "Speakers so far" in english.stdout and "Orateurs à ce stade" not in english.stdout
    assert "Orateurs à ce stade" in french.stdout and "Speakers so far" not in french.stdout
    assert before.stdout == french.stdout
    written = await asyncio.to_thread(_dais, "export", path, "--format", "md", "-o", str(tmp_path / "log.md"),
                                      "--lang", "fr", home=tmp_path)
    assert written.returncode == 0 and written.stdout.startswith(f"écrit{NNBSP}:")
    # The setting, and --lang over it.
    (tmp_path / "settings.json").write_text(json.dumps({"language": "fr"}), encoding="utf-8")
    from_settings = await asyncio.to_thread(_dais, "export", path, "--format", "chair", "-o", "-", home=tmp_path)
    assert from_settings.stdout == french.stdout
    overruled = await asyncio.to_thread(_dais, "export", path, "--format", "chair", "-o", "-", "--lang", "en",
                                        home=tmp_path)
    assert overruled.stdout == english.stdout
    state = await asyncio.to_thread(_dais, "open", path, "--state", "--lang", "fr", home=tmp_path)
    assert state.returncode == 0 and f"Liste{NNBSP}:" in state.stdout and "Queue:" not in state.stdout, state.stderr
    helped = await asyncio.to_thread(_dais, "export", "--help", home=tmp_path)
    assert "exporter" not in helped.stdout and "où écrire" in helped.stdout
    refused = await asyncio.to_thread(_dais, "export", path, "--lang", "de", home=tmp_path)
    assert refused.returncode == 2 and "--lang" in refused.stderr
    missing = await asyncio.to_thread(_dais, "export", str(tmp_path / "none.dais"), home=tmp_path)
    assert missing.returncode == 1 and missing.stderr.startswith("dais: ")


def test_announcements_follow_the_interface_unless_the_speech_settings_name_their_own(tmp_path):
    from dais.console.settings import Settings

    path = tmp_path / "settings.json"
    with i18n.using("fr"):
        follows = Settings.load(path)
        assert follows.speech.language == "fr" and follows.speech.voice_id == "roa/fr"
        assert follows.save(path)
        assert json.loads(path.read_text(encoding="utf-8"))["speech"]["language"] == ""  # still follows
        path.write_text(json.dumps({"language": "fr", "speech": {"language": "en"}}), encoding="utf-8")
        own = Settings.load(path)
        assert own.language == "fr" and own.speech.language == "en"
    assert Settings.load(tmp_path / "none.json").speech.language == "en"


async def test_the_dais_help_speaker_log_and_history_in_french(meeting, clock, tmp_path):
    """How to run the app in French in a test: build and run it inside i18n.using("fr")."""
    from textual.widgets import DataTable, Markdown, Static

    from dais.console.app import make_app
    from dais.screens.help import HelpScreen
    from dais.screens.history import RowHistory
    from dais.screens.log import SpeakerLog

    await meeting.request_floor("EGY", "African Group")
    await meeting.give_floor()
    clock.advance(200)
    await meeting.end_floor()
    with i18n.using("fr"):
        app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            markdown = app.screen.query_one(Markdown).source
            assert "Touches du bureau" in markdown and "Annuler la dernière action." in markdown
            assert "Undo the last action." not in markdown
            await pilot.press("escape", "s")
            await pilot.pause()
            assert isinstance(app.screen, SpeakerLog)
            table = app.screen.query_one(DataTable)
            assert [str(c.label) for c in table.columns.values()][:3] == ["#", "Orateur", "Catégorie"]
            row = [str(cell) for cell in table.get_row_at(0)]
            assert row[1] == "Égypte" and row[2] == "État Membre" and row[3] == "Groupe des États d’Afrique"
            assert row[4] == "Depuis la salle"
            totals = str(app.screen.query_one("#log-totals", Static).render())
            assert "1 sur 1 intervention" in totals and "temps de parole" in totals
            await pilot.press("d", *("backspace",) * 8, *"10:03:00", "enter")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, RowHistory)
            history = str(app.screen.query_one("#history", Static).render())
            assert f"Fin{NNBSP}: 10:03:20 → 10:03:00" in history and "dépassement 0:20 → 0:00" in history
