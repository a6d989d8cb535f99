"""The wheel claims one importable name, `dais`: it installs beside the public `console` package
(an ANSI-terminal library on the package index) and both import. It is published as
`dais-console` (the name `dais` on the package index is another project's), with the command
`dais`."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*argv, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_wheel_installs_beside_the_public_console_package(tmp_path):
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", ROOT, "-w", tmp_path / "dist")
    wheel, = (tmp_path / "dist").glob("*.whl")
    assert wheel.name.startswith("dais_console-"), wheel.name  # the distribution's name, normalised
    names = zipfile.ZipFile(wheel).namelist()
    version = wheel.name.split("-")[1]
    assert {name.split("/")[0] for name in names} == {"dais", f"dais_console-{version}.dist-info"}
    metadata = zipfile.ZipFile(wheel).read(f"dais_console-{version}.dist-info/METADATA").decode()
    assert "\nName: dais-console\n" in metadata
    entry_points = zipfile.ZipFile(wheel).read(f"dais_console-{version}.dist-info/entry_points.txt").decode()
    assert "dais = dais.console.launch:main" in entry_points  # the command is still `dais`
    assert "dais/console/data/participants.csv" in names
    assert "dais/console/lang/locale/fr/LC_MESSAGES/dais.po" in names  # compiled by Babel when first used

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, "console", env=env)

    code = ("import console, console.screen, dais.console.floor.meeting\n"
            "from importlib import resources\n"
            "assert resources.files('dais.console.data').joinpath('participants.csv').is_file()\n"
            "from dais.console.lang import i18n\n"
            "i18n.set_language('fr')\n"
            "assert i18n._('Speakers by item') == 'Orateurs par point', i18n._('Speakers by item')\n"
            "print(dais.console.floor.meeting.__file__)")
    where = run(venv / "bin" / "python", "-c", code, cwd=tmp_path, env=env).stdout.strip()
    assert where.startswith(str(venv)), where  # the installed copy, not the source folders
    assert run(venv / "bin" / "dais", "--version", cwd=tmp_path, env=env).stdout.startswith("dais ")
