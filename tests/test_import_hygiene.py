"""The models and the engine never import textual or pyttsx3 (only the app and speech process do)."""

import json
import subprocess
import sys

ENGINE = [
    "models",
    "console.roster",
    "console.order",
    "console.clock",
    "console.fold",
    "console.rules",
    "console.journal",
    "console.meeting",
    "console.programme",
    "console.forecast",
    "console.report",
    "console.export",
    "console.speech",
    "console.settings",
    "console.cli",
]


def test_engine_imports_neither_textual_nor_pyttsx3():
    code = (
        "import importlib, json, sys\n"
        f"for name in {ENGINE!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'pyttsx3'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_the_check_itself_sees_textual_when_it_is_imported():
    code = "import console.app, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
