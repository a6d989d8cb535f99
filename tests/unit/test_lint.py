"""Ruff's checks (pyproject.toml [tool.ruff.lint]) over the whole repository: `make check` runs
ruff first, and the suite holds it to the same, so an unused import or an undefined name fails."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
