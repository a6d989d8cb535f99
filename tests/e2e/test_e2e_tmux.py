"""End to end: `dais` in tmux as a person runs it, typed into with send-keys, read with capture-pane."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DAIS = str(Path(sys.executable).with_name("dais"))
pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"),
    reason="tmux is not installed (make test installs it; CI requires it)",
)


class Tmux:
    def __init__(self, home: Path, name: str) -> None:
        self.home = home
        self.name = name
        self.socket = str(home / "tmux.sock")

    def run(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True, check=True)
        return result.stdout

    def start(self, command: str) -> None:
        env = f"env DAIS_HOME={self.home} TERM=xterm-256color "
        self.run("new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", env + command)
        self.run("resize-window", "-t", self.name, "-x", "100", "-y", "30")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.3)

    def wait_for(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if re.search(pattern, text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{self.screen()}")

    def wait_until(self, check, what: str, timeout: float = 20) -> str:
        """Wait for the screen to satisfy `check` (toasts may cover part of it for a while)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.screen()}")

    def pane_pid(self) -> int:
        return int(self.run("list-panes", "-t", self.name, "-F", "#{pane_pid}").strip())

    def kill_server(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


def queue_names(screen: str) -> list[str]:
    names = []
    for line in screen.splitlines():
        match = re.match(r"\s*(\d+)\s{2}(\S.*?)\s{2,}(MS|OBS|IGO|UN|NHRI|NGO)\s", line)
        if match:
            names.append(match[2].strip())
    return names


def _started_in(home: Path) -> list[int]:
    """The processes a test's tmux started (they carry its DAIS_HOME), wherever they are now."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"DAIS_HOME={home}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone, or not ours to read
            pass
    return found


@pytest.fixture
def tmux(tmp_path):
    session = Tmux(tmp_path, "dais")
    yield session
    session.kill_server()
    # A dais that outlives its terminal would hold its meeting's lock and pile up on a machine
    # running the suite again and again: give it a few seconds to close, then end it, and say so.
    deadline = time.monotonic() + 5
    while (left := _started_in(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if left:
        import warnings

        warnings.warn(f"{len(left)} process(es) outlived their closed terminal and were killed: {left}")


def kill_tree(pid: int) -> None:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for child in children:
        kill_tree(int(child))
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_run_a_meeting_kill_it_and_reopen(tmux, tmp_path):
    tmux.start(DAIS)
    tmux.wait_for(r"Speaking order")
    tmux.wait_for(r"Opening segment")
    for name, group in [("kenya", None), ("vatican", None), ("mexico", None), ("brazil", "G77 and China")]:
        tmux.keys("r")
        tmux.wait_for(r"Request the floor")
        tmux.type(name)
        if group:
            tmux.keys("Tab")
            tmux.type(group)
        tmux.keys("Enter")
        tmux.wait_for(r"asks for the floor|waiting")
    tmux.wait_for(r"4 waiting")
    expected = ["Brazil (for Group of 77 and China)", "Kenya", "Mexico", "Holy See"]  # the group, resolved
    tmux.wait_until(lambda text: queue_names(text) == expected, f"the queue {expected}")

    tmux.keys("n")
    tmux.wait_for(r"Brazil · on behalf of Group of")
    first = tmux.run("capture-pane", "-p", "-t", tmux.name, "-S", "3", "-E", "5")  # the big digits
    time.sleep(2.5)
    later = tmux.run("capture-pane", "-p", "-t", tmux.name, "-S", "3", "-E", "5")
    assert first != later  # the clock runs
    tmux.wait_until(lambda text: queue_names(text) == expected[1:], "the rest of the queue")

    pid = tmux.pane_pid()
    kill_tree(pid)
    time.sleep(0.5)
    tmux.kill_server()

    tmux.start(DAIS)
    # one whole frame with all of it (a capture taken while the terminal repaints holds part of one)
    tmux.wait_until(lambda text: "Brazil · on behalf of Group of" in text and "from the floor · limit 3:00" in text
                    and "3 waiting" in text and queue_names(text) == expected[1:],
                    "Brazil speaking, with the same queue, after the restart")


def test_second_dais_on_the_same_meeting_is_refused_without_a_traceback(tmux, tmp_path):
    tmux.start(DAIS)
    tmux.wait_for(r"Speaking order")
    # In a terminal (script(1) gives it one), as a person would start it: without one, `dais open`
    # prints the state read-only, which works while the dais runs.
    result = subprocess.run(["script", "-qec", f"{DAIS} open default", "/dev/null"], capture_output=True,
                            text=True, env={**os.environ, "DAIS_HOME": str(tmp_path)}, timeout=120)
    assert result.returncode == 1
    assert "already open for writing by process" in result.stdout  # the terminal's output
    assert "dais watch" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_a_newcomer_s_first_dais_is_a_rehearsal_of_today(tmux, tmp_path):
    """`make run` on a fresh data folder: a rehearsal that begins now, dated today, with no slip."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    tmux.start(DAIS)
    screen = tmux.wait_for(r"REHEARSAL")
    geneva = dt.datetime.now(ZoneInfo("Europe/Zurich"))
    today = f"{geneva:%a} {geneva.day} {geneva:%b %Y}"
    screen = tmux.wait_until(lambda text: today in text and "First informal thematic" in text
                             and "in time" in text and re.search(r"scheduled \d\d:\d\d", text) is not None,
                             f"a whole frame: the header with {today}, the item's schedule and its slip")
    header = screen.splitlines()[0]
    assert re.search(r"\d\d:\d\d (CET|CEST)", header), header  # the local time, labelled with its zone
    # The rehearsal begins within five minutes: the item is scheduled from then, and the list fits.
    match = re.search(r"scheduled (\d\d):(\d\d)", screen)
    assert match, screen
    begins = geneva.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
    if begins < geneva - dt.timedelta(minutes=1):
        begins += dt.timedelta(days=1)  # the rehearsal began just past midnight
    assert dt.timedelta(0) <= begins - geneva.replace(second=0, microsecond=0) <= dt.timedelta(minutes=5)
    assert "in time" in screen
