"""Editable installs (`pip install -e .`): the source folders console/, screens/ and models/ stay
at the root, and are imported as dais.console, dais.screens and dais.models.

The wheel gets that from the `sources` mapping in pyproject.toml. Hatchling's editable modes
cannot add a prefix (its import-hook mode refuses any rewrite that adds one), so for an editable
build this hook makes `.dais-dev/dais/`, a folder of three links back to the source folders, and
`dev-mode-dirs` puts `.dais-dev` on the path: `dais` is then a namespace package whose
subpackages are the source folders themselves, and nothing else at the root becomes importable.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGES = ("console", "screens", "models")
DEV_DIR = ".dais-dev"


class DevTreeHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        tree = Path(self.root) / DEV_DIR / "dais"
        if tree.parent.exists():
            shutil.rmtree(tree.parent)
        tree.mkdir(parents=True)
        for name in PACKAGES:
            os.symlink(Path("..", "..", name), tree / name, target_is_directory=True)
