"""User settings (theme and the like), kept as JSON beside the meetings in the data folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, PrivateAttr, ValidationError

DEFAULT_THEME = "textual-dark"
HIGH_CONTRAST_THEME = "dais-high-contrast"


def data_dir() -> Path:
    """Where meetings and settings live: $DAIS_HOME, or the user data folder."""
    if home := os.environ.get("DAIS_HOME"):
        return Path(home)
    import platformdirs

    return Path(platformdirs.user_data_dir("dais", appauthor=False))


def screenshot_dir(settings: Settings) -> Path:
    """Where screenshots are saved: the folder in settings (~ allowed), or the data folder's."""
    if settings.screenshots:
        return Path(settings.screenshots).expanduser()
    return data_dir() / "screenshots"


# The espeak-ng voice for each language of announcement.
LANGUAGE_VOICES = {"en": "gmw/en", "fr": "roa/fr"}


class SpeechSettings(BaseModel):
    enabled: bool = True
    # The announcements' language. Unset, it follows the interface's (`Settings.language`);
    # set, a French interface can announce in English, or the other way round.
    language: str = ""
    voice: str | None = None  # a pyttsx3 voice id; by default the language's espeak-ng voice
    rate: int = 165
    volume: float = 1.0
    announce_floor: bool = True
    announce_warning: bool = True
    announce_time: bool = True

    @property
    def voice_id(self) -> str:
        return self.voice or LANGUAGE_VOICES.get(self.language, LANGUAGE_VOICES["en"])


class Settings(BaseModel):
    theme: str = DEFAULT_THEME
    language: Literal["en", "fr"] = "en"  # the interface's: screens, exports, messages (`dais --lang`)
    speech: SpeechSettings = SpeechSettings()
    replicate: str | None = None  # a Litestream destination for every meeting opened at the dais (README)
    screenshots: str | None = None  # a folder for screenshots; by default `screenshots` in the data folder
    _problem: str | None = PrivateAttr(default=None)
    _speech_follows: str | None = PrivateAttr(default=None)  # the language filled in, when it follows

    def model_post_init(self, context: Any) -> None:
        # Announcements follow the interface's language (`--lang`, else `language`) unless the
        # speech settings name their own; saved, they still follow it.
        if not self.speech.language:
            from dais.console.lang.i18n import language

            self._speech_follows = language()
            self.speech = self.speech.model_copy(update={"language": language()})

    @property
    def problem(self) -> str | None:
        """Why the settings file could not be used, to be said on start; None when all is well."""
        return self._problem

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The saved settings. A damaged file never stops the dais and is never overwritten:
        it is kept beside as settings.json.broken, and the defaults are used."""
        path = path or data_dir() / "settings.json"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as error:
            settings = cls()
            settings._problem = f"{path} cannot be read ({error.strerror}); using the defaults"
            return settings
        try:
            return cls.model_validate_json(data)
        except (ValidationError, ValueError) as error:
            reason = _first_error(error)
        settings = cls()
        broken = path.with_name(path.name + ".broken")
        try:
            os.replace(path, broken)
            kept = f"it is kept as {broken}"
        except OSError as error:
            kept = f"it could not be set aside ({error.strerror})"
        settings._problem = f"{path} is damaged ({reason}); {kept} and the defaults are used"
        return settings

    def save(self, path: Path | None = None) -> bool:
        path = path or data_dir() / "settings.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            data = self.model_dump(mode="json")
            if self._speech_follows is not None and data["speech"]["language"] == self._speech_follows:
                data["speech"]["language"] = ""
            temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
            temporary.replace(path)
            return True
        except OSError:
            return False


def interface_language(path: Path | None = None) -> str | None:
    """The settings' interface language, read without side effects (Settings.load sets a damaged
    file aside; this is read before that, to choose the language of the command line's help)."""
    path = path or data_dir() / "settings.json"
    try:
        value = json.loads(path.read_bytes()).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _first_error(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return str(error)
