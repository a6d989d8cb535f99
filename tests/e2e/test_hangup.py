"""SIGHUP, the terminal gone: the dais's way out never waits on Textual's dead output thread.

Seen in the end-to-end tests on a loaded machine: the terminal closed, Textual's output thread
died on a write to it, its queue filled, and the app's shutdown waited on that queue for ever,
holding the meeting's lock. These tests build that state with Textual's own output thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from types import SimpleNamespace

from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread

from dais.console.app import terminal_gone


def dead_writer_with_a_full_queue() -> tuple[WriterThread, object]:
    """Textual's output thread on a pipe whose reader is gone: its first write fails and it dies;
    then the queue is filled, as frames and the shutdown's writes fill it."""
    read_end, write_end = os.pipe()
    output = os.fdopen(write_end, "w", buffering=1)
    os.close(read_end)
    writer = WriterThread(output)
    previous_hook = threading.excepthook
    threading.excepthook = lambda args: None  # the thread's BrokenPipeError is the point
    try:
        writer.start()
        writer.write("a frame\n")
        writer.join(5)
    finally:
        threading.excepthook = previous_hook
    assert not writer.is_alive()
    for _ in range(MAX_QUEUED_WRITES):
        writer.write("x")
    assert writer._queue.full()
    return writer, output


def stops_within(writer: WriterThread, seconds: float) -> bool:
    stopper = threading.Thread(target=writer.stop, daemon=True)
    stopper.start()
    stopper.join(seconds)
    return not stopper.is_alive()


def test_without_help_the_shutdown_would_wait_for_ever():
    writer, _ = dead_writer_with_a_full_queue()
    assert not stops_within(writer, 1.0)  # the hang this file is about


def test_a_hang_up_gives_the_driver_an_output_that_takes_every_write():
    writer, output = dead_writer_with_a_full_queue()
    driver = SimpleNamespace(_file=output, _writer_thread=writer)
    exits = []
    app = SimpleNamespace(_driver=driver, exit=lambda: exits.append(True))

    terminal_gone(app, grace_s=3600)  # type: ignore[arg-type]

    assert exits == [True]  # the app ends as a quit does
    for _ in range(10 * MAX_QUEUED_WRITES):  # Textual's restoring writes, after the terminal has gone
        driver._writer_thread.write("\x1b[?1049l")
    assert stops_within(driver._writer_thread, 5.0)
    assert os.readlink(f"/proc/self/fd/{output.fileno()}") == os.devnull


def test_a_way_out_that_still_stalls_ends_the_process_after_the_grace():
    stalled = textwrap.dedent("""
        import time
        from types import SimpleNamespace
        from dais.console.app import terminal_gone
        terminal_gone(SimpleNamespace(_driver=None, exit=lambda: None), grace_s=0.5)
        time.sleep(60)  # a shutdown that never ends
        raise SystemExit(3)
    """)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", stalled], timeout=30)
    assert done.returncode == 0
    assert time.monotonic() - started < 30
