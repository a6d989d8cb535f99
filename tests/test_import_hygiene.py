"""The import graph points down (models <- engine <- apps, screens, web server <- CLI), without
cycles, and the models and the engine never import textual or pyttsx3 (only the app and the
speech process do). The contracts are import-linter's, in pyproject.toml."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
# Above the engine: the apps, the web server and the entry points.
NOT_ENGINE = {"app", "web", "cli", "launch", "__main__", "__init__"}


def contract(contract_id: str) -> dict:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def engine_layer() -> set[str]:
    layers = contract("layers")["layers"]
    return {name.strip() for name in layers[layers.index("dais.models") - 1].split(":")}


def test_the_import_contracts_are_kept():
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-logo", "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONFIG['contracts'])} kept, 0 broken" in result.stdout


def test_every_engine_module_is_in_the_engine_layer():
    """A new module in console/ is placed in the graph, so the contracts see it."""
    found = {f"dais.console.{p.stem if p.suffix == '.py' else p.name}" for p in (ROOT / "console").iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.stem not in NOT_ENGINE}
    assert engine_layer() == found
    no_ui = set(contract("no-ui-in-engine")["source_modules"])
    assert no_ui == (found - {"dais.console.speech_worker"}) | {"dais.models"}


def test_engine_imports_neither_textual_nor_pyttsx3():
    """What import-linter reads from the source, checked again at run time."""
    engine = sorted(contract("no-ui-in-engine")["source_modules"]) + ["dais.console.cli"]
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
