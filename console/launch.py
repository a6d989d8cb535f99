"""The `dais` command's entry point: start-up with the cyclic garbage collector held.

Start-up imports Textual and pydantic and builds the roster, the programme and the fold:
hundreds of thousands of objects that live as long as the process. The collector's repeated
passes over them took about 90 ms of a 450 ms start-up (benchmarks/dais.py `startup`). So it is
held until the first frame is out (or, for a command without a screen, until the command line
is read); then what start-up built is moved out of its way (gc.freeze) and it runs again.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from console.cli import main as run  # the imports come after the collector is held

    try:
        return run()
    finally:
        started()


def started() -> None:
    """Start-up is over: freeze what it built and let the collector run again. Idempotent."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
