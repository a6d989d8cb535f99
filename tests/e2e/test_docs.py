"""The user guide: it builds as a site with no broken link or anchor, its reference covers every
command, and the README stays a front door whose links all lead somewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from dais.console.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from docs_hooks import commands  # noqa: E402


def test_the_guide_builds_strictly_and_its_reference_names_every_command(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    cli = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    headings = set(re.findall(r'<h2 id="([^"]+)"', cli))
    words = [words for words, _, _ in commands(build_parser())]
    assert len(words) >= 15
    for command in words:
        assert command.replace(" ", "-") in headings, command
        assert f"usage: {command}" in cli, command
    formats = (site / "reference" / "formats" / "index.html").read_text(encoding="utf-8")
    for field in ("duration_s", "on_behalf_of_group_id", "remaining_s", "warning_at"):
        assert f"<code>{field}</code>" in formats, field


def test_the_readme_is_a_front_door_and_its_links_lead_somewhere() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 160
    assert "make run" in readme and "make test" in readme
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [link for link in links if "://" not in link]
    assert local, "the README links into the guide"
    for link in local:
        assert (ROOT / link).exists(), link
