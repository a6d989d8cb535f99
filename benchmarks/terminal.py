"""A real terminal for the screen benchmarks: the program runs in a pseudo-terminal of a fixed
size, keys are written to it as a person's keyboard would, and time is taken when the text
looked for has been written back to the terminal."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time


class Terminal:
    def __init__(self, argv: list[str], cols: int = 120, rows: int = 40, env: dict[str, str] | None = None) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        environment.pop("CI", None)
        environment.update(env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=environment,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()

    def send(self, keys: bytes) -> float:
        """Write keys as typed; the time they were written."""
        self.output.clear()
        at = time.perf_counter()
        os.write(self.master, keys)
        return at

    def wait_for(self, text: str | bytes, timeout: float = 30.0) -> float:
        """The time `text` was written by the program since the last keys were sent."""
        wanted = text.encode() if isinstance(text, str) else text
        deadline = time.perf_counter() + timeout
        while wanted not in self.output:
            left = deadline - time.perf_counter()
            if left <= 0 or self.process.poll() is not None:
                tail = bytes(self.output[-400:])
                raise TimeoutError(f"{wanted!r} never appeared; last output: {tail!r}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.output += os.read(self.master, 1 << 16)
                except OSError:  # the program has gone
                    continue
        return time.perf_counter()

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)
