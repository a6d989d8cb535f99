"""`dais serve`: the read-only watch view in a web browser, through textual-serve.

Each browser that connects gets its own `dais watch` process, which opens the meeting
read-only. There is no login: bind to localhost (the default) unless the network is trusted.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from console.errors import DaisError
from console.journal import inspect


def serve(meeting: Path, host: str, port: int, clock_only: bool) -> int:
    if not meeting.exists():
        raise DaisError(f"{meeting} does not exist")
    inspect(meeting)  # a bad file is refused here, not in every browser session
    from textual_serve.server import Server

    command = [sys.executable, "-m", "console", "watch", str(meeting.resolve())]
    if clock_only:
        command.append("--clock")
    title = "Dais clock" if clock_only else "Dais watch"
    try:
        Server(shlex.join(command), host=host, port=port, title=title).serve()
    except OSError as error:
        raise DaisError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None
    return 0
