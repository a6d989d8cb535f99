"""The JSON Schema of `dais.speaker-log/1`, generated from the typed models and shipped with Dais.

`python -m dais.console.report.schema` writes it again after a change to models/speaker_log.py; a test
checks that the shipped file is what the models give.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from dais.models.speaker_log import SpeakerLog

SCHEMA_FILE = "speaker-log-1.schema.json"


def generated() -> str:
    return json.dumps(SpeakerLog.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False) + "\n"


def shipped() -> dict[str, Any]:
    """The schema file as installed with Dais."""
    text = resources.files("dais.console.data").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


if __name__ == "__main__":
    target = resources.files("dais.console.data").joinpath(SCHEMA_FILE)
    with resources.as_file(target) as path:
        path.write_text(generated(), encoding="utf-8")
        print(f"wrote {path}")
