"""The private parts of Textual the dais reaches into, in one place, each with why.

Textual has no public hook for any of these. tests/ui/test_textual_hooks.py fails when Textual
changes under one of them, and pyproject.toml pins Textual to the minor version they were
tested with, so an upgrade is a decision, not a surprise.
"""

from __future__ import annotations

from typing import IO, Any

from textual.app import App
from textual.drivers._writer_thread import WriterThread

# App methods the dais overrides (RoomApp in console/app/__init__.py), with their parameters:
# notify's handler, to keep the newest notices only; the exception handler, to give the
# secretary one line and a crash log instead of Textual's traceback.
# on_event, to pass the terminal's keys through the type-ahead (console/app/typeahead.py).
OVERRIDDEN: dict[str, tuple[str, ...]] = {"_on_notify": ("self", "event"), "_handle_exception": ("self", "error"),
                                          "on_event": ("self", "event")}


def keep_newest_notices(app: App[Any], keep: int) -> None:
    """Only the `keep` newest notices stay in the rack: more would scroll the newest out of sight."""
    current = list(app._notifications)
    if len(current) > keep:
        for old in current[:-keep]:
            app._unnotify(old, refresh=False)
        app._refresh_notifications()


def forget_exit_renderables(app: App[Any]) -> None:
    """What Textual would print once the app has exited (a long traceback): nothing, for the dais."""
    app._exit_renderables.clear()


def terminal_output(app: App[Any]) -> IO[str] | None:
    """The file the driver writes the screen to (the terminal), or None without one (headless)."""
    return getattr(getattr(app, "_driver", None), "_file", None)


def replace_output_thread(app: App[Any], output: IO[str]) -> bool:
    """A fresh output thread for the driver, writing to `output` (after a hang-up, the old one
    may be dead with a full queue). False when the driver has no output thread."""
    driver = getattr(app, "_driver", None)
    writer = getattr(driver, "_writer_thread", None)
    if not isinstance(writer, WriterThread):
        return False
    fresh = type(writer)(output)
    fresh.start()
    driver._writer_thread = fresh  # type: ignore[union-attr]
    return True
