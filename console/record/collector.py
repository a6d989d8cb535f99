"""Holding the cyclic garbage collector while many long-lived records are built at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while building many small objects at once.

    Folding a large meeting allocates tens of thousands of records that live on; the GC's
    repeated passes over them took half of the fold's time (benchmarks/engine.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

def started() -> None:
    """Start-up is over: freeze what it built and let the collector run again. Idempotent."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
