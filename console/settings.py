"""User settings (theme and the like), kept as JSON beside the meetings in the data folder."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ValidationError

from console.speech import SpeechSettings

DEFAULT_THEME = "textual-dark"
HIGH_CONTRAST_THEME = "dais-high-contrast"


def data_dir() -> Path:
    """Where meetings and settings live: $DAIS_HOME, or the user data folder."""
    if home := os.environ.get("DAIS_HOME"):
        return Path(home)
    import platformdirs

    return Path(platformdirs.user_data_dir("dais", appauthor=False))


class Settings(BaseModel):
    theme: str = DEFAULT_THEME
    speech: SpeechSettings = SpeechSettings()
    replicate: str | None = None  # a Litestream destination for every meeting opened at the dais (README)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or data_dir() / "settings.json"
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return cls()  # a missing or damaged settings file never stops the dais

    def save(self, path: Path | None = None) -> bool:
        path = path or data_dir() / "settings.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(self.model_dump_json(indent=2), encoding="utf-8")
            temporary.replace(path)
            return True
        except OSError:
            return False
