"""The `dais` command's entry point: start-up with the cyclic garbage collector held, and the
last line of defence against an unexpected exception.

Start-up imports Textual and pydantic and builds the roster, the programme and the fold:
hundreds of thousands of objects that live as long as the process. The collector's repeated
passes over them took about 90 ms of a 450 ms start-up (benchmarks/dais.py `startup`). So it is
held until the first frame is out (or, for a command without a screen, until the command line
is read); then what start-up built is moved out of its way (gc.freeze) and it runs again.

An exception nobody expected must never look like success, nor bury the terminal in a
traceback: the command exits with status 1 and one line naming a crash log in the data folder,
which holds the full traceback.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from dais.console.record.collector import started

CRASHED = 1


def main() -> int:
    gc.disable()
    try:
        from dais.console.cli import main as run  # the imports come after the collector is held

        return run()
    except Exception as error:  # noqa: BLE001 - the last line of defence, told and written down
        return crashed(error)
    finally:
        started()


def crashed(error: BaseException) -> int:
    """Write the traceback to a crash log, say where in one line on stderr, and give the status."""
    try:
        where = str(write_crash_log(error))
    except OSError as unwritable:
        where = f"nowhere: the crash log could not be written ({unwritable})"
    summary = " ".join(f"{type(error).__name__}: {error}".split())[:200]
    print(f"dais stopped on an unexpected error ({summary}); the details are in {where}", file=sys.stderr)
    return CRASHED


def write_crash_log(error: BaseException) -> Path:
    """The full traceback, in a new file in the data folder (or the temporary folder)."""
    import datetime as dt
    import os
    import tempfile
    import traceback

    try:
        from dais.console.settings import data_dir

        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except Exception:  # noqa: BLE001 - the data folder itself may be what failed
        folder = Path(tempfile.gettempdir())
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(error))
    path.write_text(f"dais {' '.join(sys.argv[1:])}\n{text}", encoding="utf-8")
    return path
