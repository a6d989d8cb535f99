"""Programme files: reading and checking TOML programmes of work, and the shipped ones."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from console.errors import ProgrammeError
from models import Programme

DEFAULT_PROGRAMME = "first-thematic-session"
SHIPPED = {
    "first-thematic-session": "First informal thematic session, Geneva, 8-9 May 2017 (the default)",
    "third-thematic-session": "Third informal thematic session, Geneva, 19-20 June 2017",
    "first-stakeholder-hearing": "First informal interactive multi-stakeholder hearing, New York, 26 July 2017",
}


def place(loc: tuple[int | str, ...]) -> str:
    """('items', 3, 'end') -> 'items[3].end'"""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def parse_programme(text: str, source: str = "programme") -> Programme:
    """Validate a programme's TOML text; every problem is reported with its place."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProgrammeError(source, [("", f"not valid TOML: {error}")]) from None
    try:
        programme = Programme.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            loc = detail["loc"]
            message = detail["msg"].removeprefix("Value error, ")
            if detail["type"] == "missing":
                message = f"{loc[-1]} is missing"
                loc = loc[:-1]
            elif detail["type"] == "extra_forbidden":
                message = f"unknown field {loc[-1]!r}"
                loc = loc[:-1]
            problems.append((place(loc), message))
        raise ProgrammeError(source, problems) from None
    problems = programme.problems()
    if problems:
        raise ProgrammeError(source, problems)
    return programme


def load_programme(path: Path | str) -> Programme:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgrammeError(str(path), [("", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProgrammeError(str(path), [("", f"cannot be read: {error}")]) from None
    return parse_programme(text, str(path))


def shipped_text(name: str) -> str:
    return resources.files("console.programmes").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def shipped_programme(name: str = DEFAULT_PROGRAMME) -> Programme:
    if name not in SHIPPED:
        raise ProgrammeError(name, [("", "no such built-in programme; known: " + ", ".join(SHIPPED))])
    return parse_programme(shipped_text(name), f"built-in programme {name}")
