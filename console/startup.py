"""The end of start-up: the cyclic garbage collector, held by console.launch, runs again."""

from __future__ import annotations

import gc


def started() -> None:
    """Start-up is over: freeze what it built and let the collector run again. Idempotent."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
