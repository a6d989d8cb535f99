"""The dais under random keys and random text, run long: the property test of tests/ui/test_app_fuzz.py
with many more examples (DAIS_FUZZ_EXAMPLES, default 200). It needs the test tools (hypothesis)."""

from __future__ import annotations

import asyncio
import os
import time
import traceback


def fuzz() -> list[tuple[str, bool | None]]:
    from hypothesis import HealthCheck, given, settings

    from tests import app_fuzz

    examples = int(os.environ.get("DAIS_FUZZ_EXAMPLES", "200"))
    keys = [0]

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(app_fuzz.steps)
    def property_(steps) -> None:
        keys[0] += asyncio.run(app_fuzz.run(steps))

    started = time.perf_counter()
    try:
        property_()
    except Exception as error:  # noqa: BLE001 - the failing example is printed, shrunk by hypothesis
        traceback.print_exception(error)
        return [(f"fuzz: the dais failed under random keys and text: {type(error).__name__}", False)]
    seconds = time.perf_counter() - started
    return [(f"fuzz: {examples} random sessions, {keys[0]} keys, the queue on screen was the engine's after "
             f"every key and each journal reopened to the same state ({seconds:.0f} s)", True)]
