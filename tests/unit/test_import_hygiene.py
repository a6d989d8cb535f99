"""The import graph points down (models <- language <- room <- record <- the open meeting <- report,
standby, voice <- session <- apps, screens, web server <- CLI), without cycles, and the models and
the engine never import textual or pyttsx3 (only the app and the speech process do). The
contracts are import-linter's, in pyproject.toml, and they name packages: a new module inside a
package needs no edit there."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
# console/'s top: the entry points, the session and settings, and one folder per concern.
TOP = {"__init__.py", "__main__.py", "launch.py", "cli.py", "session.py", "settings.py",
       "app", "web", "data", "lang", "room", "record", "floor", "report", "standby", "voice"}


def contract(contract_id: str) -> dict:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def layered() -> set[str]:
    return {name.strip() for layer in contract("layers")["layers"] for name in layer.replace("|", ":").split(":")}


def test_the_import_contracts_are_kept():
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-logo", "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONFIG['contracts'])} kept, 0 broken" in result.stdout


def test_consoles_top_is_the_known_entries_and_every_part_is_in_the_layers():
    """A new module goes into the package of its concern, where the contracts already see it;
    a new package is a new entry here and in the layers."""
    found = {p.name for p in (ROOT / "console").iterdir() if p.name != "__pycache__"}
    assert found == TOP
    parts = {f"dais.console.{p.stem}" for p in (ROOT / "console").iterdir()
             if p.name in TOP and p.name not in {"__init__.py"}}
    assert parts <= layered()
    engine = set(contract("no-ui-in-engine")["source_modules"])
    above = {"dais.console.app", "dais.console.web", "dais.console.cli", "dais.console.launch", "dais.console.__main__"}
    assert engine == (parts - above) | {"dais.models"}


def test_engine_imports_neither_textual_nor_pyttsx3():
    """What import-linter reads from the source, checked again at run time, module by module."""
    engine = sorted(
        f"dais.{'.'.join(path.relative_to(ROOT).with_suffix('').parts)}".removesuffix(".__init__")
        for package in contract("no-ui-in-engine")["source_modules"]
        for path in (ROOT / package.removeprefix("dais.").replace(".", "/")).glob("**/*.py")
        if path.stem != "speech_worker"
    ) + ["dais.console.cli"]
    assert len(engine) > 40
    code = (
        "import importlib, json, sys\n"
        f"for name in {engine!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'pyttsx3'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_the_check_itself_sees_textual_when_it_is_imported():
    code = "import dais.console.app, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
