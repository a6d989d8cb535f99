"""MkDocs hooks: the guide's reference pages made from the code itself, so they never fall behind.

`<!-- dais:cli -->` in a page becomes every command of the command line, from `build_parser()`
(the same parser that runs `dais` and writes its shell completion); `<!-- dais:schema FILE -->`
becomes the tables of a shipped JSON Schema (the speaker log's, the live state's).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_SCHEMA = re.compile(r"<!-- dais:schema (\S+) -->")


def on_page_markdown(markdown: str, **_: Any) -> str:
    if "<!-- dais:cli -->" in markdown:
        markdown = markdown.replace("<!-- dais:cli -->", cli_reference())
    return _SCHEMA.sub(lambda m: schema_reference(ROOT / m.group(1)), markdown)


def commands(parser: argparse.ArgumentParser, prefix: str = "dais") -> list[tuple[str, str, argparse.ArgumentParser]]:
    """Every command and sub-command as (its words, its one-line help, its parser), in the parser's order."""
    found: list[tuple[str, str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                words = f"{prefix} {name}"
                found.append((words, helps.get(name, ""), sub))
                found += commands(sub, words)
    return found


def cli_reference() -> str:
    from dais.console.cli import build_parser

    parser = build_parser()
    parts = ["## dais", "", parser.description or "", "", "```text", _help(parser, "dais"), "```", ""]
    for words, summary, sub in commands(parser):
        parts += [f"## {words}", "", summary[:1].upper() + summary[1:] + ".", "", "```text", _help(sub, words), "```", ""]
    return "\n".join(parts)


def _help(parser: argparse.ArgumentParser, prog: str) -> str:
    parser.prog = prog
    # A fixed width, so the page is the same on every machine whatever its terminal.
    parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=96)  # type: ignore[assignment,misc]
    return parser.format_help().rstrip()


def schema_reference(path: Path) -> str:
    schema = json.loads(path.read_text(encoding="utf-8"))
    # Each schema's anchors carry its file's name: both schemas have an ItemKind.
    prefix = path.name.removesuffix(".schema.json")
    parts = [f"`{path.relative_to(ROOT)}`: {schema.get('description', '')}", ""]
    parts += _table(prefix, schema.get("title", "root"), schema)
    for name, definition in schema.get("$defs", {}).items():
        if definition.get("type") == "object":
            parts += _table(prefix, name, definition)
        elif "enum" in definition:
            values = ", ".join(f"`{v}`" for v in definition["enum"])
            parts += [f"### {name} {{#{prefix}-{name.lower()}}}", "", definition.get("description", ""), "",
                      f"One of: {values}.", ""]
    return "\n".join(parts)


def _table(prefix: str, name: str, definition: dict[str, Any]) -> list[str]:
    required = set(definition.get("required", []))
    rows = [f"### {name} {{#{prefix}-{name.lower()}}}", "", definition.get("description", ""), "",
            "| field | type | required | description |", "|---|---|---|---|"]
    for field, spec in definition.get("properties", {}).items():
        description = spec.get("description", "").replace("\n", " ").replace("|", "\\|")
        rows.append(f"| `{field}` | {_type(prefix, spec)} | {'yes' if field in required else ''} | {description} |")
    return rows + [""]


def _type(prefix: str, spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        target = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{target}](#{prefix}-{target.lower()})"
    if "anyOf" in spec:
        return " or ".join(_type(prefix, option) for option in spec["anyOf"])
    if spec.get("type") == "array":
        return "list of " + _type(prefix, spec.get("items", {}))
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type", "any")
    return {"null": "null"}.get(kind, kind) + (f" ({spec['format']})" if "format" in spec else "")
