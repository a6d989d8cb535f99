"""End to end, in tmux: the dais never falls over on people's text, and every way out is clean.

The harness is tests/e2e/test_e2e_tmux.py's. Each test runs `dais` under a shell that writes down
its exit status, as a terminal would show it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dais.console.record.journal import holder_of
from tests.e2e.test_e2e_tmux import DAIS, Tmux, pytestmark, tmux  # noqa: F401 - the fixture and the skip

MEETING = "default.dais"


def start(tmux: Tmux, home: Path) -> None:
    tmux.start(f"sh -c '{DAIS}; echo exit=$? > {home}/status; sleep 30'")
    tmux.wait_for(r"Speaking order")


def dais_pid(tmux: Tmux) -> int:
    children = subprocess.run(["pgrep", "-P", str(tmux.pane_pid())], capture_output=True, text=True).stdout.split()
    for child in children:
        command = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"dais" in command and b"sleep" not in command:
            return int(child)
    raise AssertionError(f"no dais process under the shell: {children}")


def exit_status(home: Path, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = home / "status"
        if status.exists() and status.read_text().strip():
            return status.read_text().strip()
        time.sleep(0.2)
    raise AssertionError("the dais never exited")


def request(tmux: Tmux, name: str, group: str | None = None) -> None:
    tmux.keys("r")
    tmux.wait_for(r"Request the floor")
    tmux.type(name)
    if group:
        tmux.keys("Tab")
        tmux.type(group)
    tmux.keys("Enter")


def test_a_group_named_in_markup_takes_the_floor_and_the_meeting_reopens(tmux, tmp_path):
    start(tmux, tmp_path)
    request(tmux, "kenya", "Group [/]")
    tmux.wait_for(r"Kenya \(for Group \[/\]\)")
    request(tmux, "[HRW] Qzx")
    tmux.wait_for(r"not in the roster")
    tmux.keys("Enter")  # a stakeholder
    tmux.wait_for(r"\[HRW\] Qzx")
    tmux.keys("n")
    tmux.wait_for(r"Kenya · on behalf of Group \[/\]")
    tmux.keys("q")
    tmux.wait_for(r"Quit the dais anyway")
    tmux.keys("y")
    assert exit_status(tmp_path) == "exit=0"

    (tmp_path / "status").unlink()
    again = Tmux(tmp_path, "again")
    start(again, tmp_path)
    screen = again.wait_until(lambda text: "Kenya · on behalf of Group [/]" in text and "[HRW] Qzx" in text,
                              "Kenya speaking and the stakeholder waiting, both as typed")
    assert "Traceback" not in screen


def test_sigterm_ends_the_dais_cleanly_and_keeps_every_action(tmux, tmp_path):
    start(tmux, tmp_path)
    request(tmux, "kenya")
    request(tmux, "mexico")
    tmux.wait_for(r"2 waiting")
    tmux.keys("n")
    tmux.wait_for(r"Kenya")
    os.kill(dais_pid(tmux), signal.SIGTERM)
    assert exit_status(tmp_path) == "exit=0"
    assert holder_of(tmp_path / MEETING) is None
    assert not (tmp_path / (MEETING + "-wal")).exists()  # the journal was closed, not abandoned
    state = subprocess.run([DAIS, "open", "default", "--state"], capture_output=True, text=True,
                           env={**os.environ, "DAIS_HOME": str(tmp_path)})
    assert "Kenya" in state.stdout and "Mexico" in state.stdout


def test_sighup_when_the_terminal_closes_ends_the_dais_cleanly(tmux, tmp_path):
    start(tmux, tmp_path)
    request(tmux, "kenya")
    tmux.wait_for(r"1 waiting")
    os.kill(dais_pid(tmux), signal.SIGHUP)
    assert exit_status(tmp_path) == "exit=0"
    assert holder_of(tmp_path / MEETING) is None
    assert not (tmp_path / (MEETING + "-wal")).exists()
    assert not list(tmp_path.glob("crash-*.log"))


def test_quitting_from_the_command_palette_asks_while_someone_has_the_floor(tmux, tmp_path):
    start(tmux, tmp_path)
    request(tmux, "kenya")
    tmux.wait_for(r"1 waiting")
    tmux.keys("n")
    tmux.wait_for(r"Kenya")
    tmux.keys("C-p")
    tmux.wait_for(r"Search for commands")
    tmux.type("quit")
    tmux.wait_for(r"Quit the application")
    tmux.keys("Enter")
    tmux.wait_for(r"Kenya has the floor. Quit the dais anyway")
    tmux.keys("n")
    time.sleep(0.5)
    assert not (tmp_path / "status").exists()  # still running
    for key in ("C-c", "C-q"):
        tmux.keys(key)
        tmux.wait_for(r"Kenya has the floor. Quit the dais anyway")
        tmux.keys("n")
        tmux.wait_until(lambda text: "Quit the dais anyway" not in text, "the question closed")
    assert not (tmp_path / "status").exists()
    tmux.keys("C-c")
    tmux.wait_for(r"Quit the dais anyway")
    tmux.keys("y")
    assert exit_status(tmp_path) == "exit=0"


CRASH = """
import sys
import dais.console.cli
from dais.console.launch import main

def boom(argv=None):
    raise RuntimeError("the fold met something new")

dais.console.cli.main = boom
sys.exit(main())
"""


def test_an_unexpected_error_exits_non_zero_with_one_line_and_a_crash_log(tmp_path):
    result = subprocess.run([sys.executable, "-c", CRASH], capture_output=True, text=True,
                            env={**os.environ, "DAIS_HOME": str(tmp_path)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "RuntimeError: the fold met something new" in lines[0]
    logs = list(tmp_path.glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    text = logs[0].read_text()
    assert "Traceback (most recent call last)" in text and "def boom" not in text and "in boom" in text


def test_a_policy_changed_on_the_programme_screen_reorders_the_queue_n_follows(tmux, tmp_path):
    from tests.e2e.test_e2e_tmux import queue_names

    start(tmux, tmp_path)
    request(tmux, "usa")
    tmux.wait_for(r"1 waiting")
    request(tmux, "venezuela")
    tmux.wait_for(r"2 waiting")
    request(tmux, "Oxfam International")
    tmux.wait_for(r"not in the roster")
    tmux.keys("Enter")  # a stakeholder
    tmux.wait_for(r"3 waiting")
    tmux.wait_until(lambda text: queue_names(text)[:1] == ["United States of America"], "the USA first, states first")
    tmux.keys("g")
    tmux.wait_for(r"Programme of work")
    tmux.keys("o")
    tmux.wait_for(r"Floor policy for")
    tmux.keys("Down", "Enter")  # stakeholders first
    tmux.wait_for(r"Programme changed")
    tmux.keys("Escape")
    tmux.wait_until(lambda text: queue_names(text)[:1] == ["Oxfam International"], "Oxfam first, as the engine says")
    tmux.keys("n")
    tmux.wait_for(r"NGO\s+Oxfam International")


def test_the_next_item_opens_its_list_of_speakers(tmux, tmp_path):
    start(tmux, tmp_path)
    tmux.keys("l")
    tmux.wait_for(r"0 waiting — LIST CLOSED")
    tmux.keys("a")
    screen = tmux.wait_for(r"│ Panel 1\.")
    assert "LIST CLOSED" not in screen
    request(tmux, "kenya")  # the new item's list takes requests
    tmux.wait_for(r"1 waiting")


BROKEN_DAIS = (
    "import sys; import dais.screens.dais as dais; "
    "dais.DaisScreen.action_end = lambda self: 1 / 0; "  # an error nobody foresaw, at the dais
    "from dais.console.launch import main; sys.exit(main())"
)


def test_an_error_at_the_dais_exits_non_zero_with_one_line_and_the_meeting_reopens(tmux, tmp_path):
    tmux.start(f"sh -c '{sys.executable} -c \"{BROKEN_DAIS}\"; echo exit=$? > {tmp_path}/status; sleep 30'")
    tmux.wait_for(r"Speaking order")
    request(tmux, "kenya")
    tmux.wait_for(r"1 waiting")
    tmux.keys("e")
    assert exit_status(tmp_path) == "exit=1"
    screen = tmux.wait_for(r"dais stopped on an unexpected error \(ZeroDivisionError")
    assert "Traceback" not in screen
    logs = list(tmp_path.glob("crash-*.log"))
    assert len(logs) == 1 and logs[0].name in screen.replace("\n", "")
    assert "ZeroDivisionError" in logs[0].read_text()
    assert holder_of(tmp_path / MEETING) is None
    (tmp_path / "status").unlink()
    again = Tmux(tmp_path, "again")
    start(again, tmp_path)  # the real dais: the meeting carries on
    again.wait_for(r"1 waiting")


def test_closing_the_terminal_closes_the_journal_and_keeps_every_action(tmux, tmp_path):
    start(tmux, tmp_path)
    request(tmux, "kenya")
    tmux.wait_for(r"1 waiting")
    pid = dais_pid(tmux)
    tmux.kill_server()  # the terminal goes away: SIGHUP
    deadline = time.monotonic() + 20
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists()
    assert holder_of(tmp_path / MEETING) is None
    assert not (tmp_path / (MEETING + "-wal")).exists()
    assert not list(tmp_path.glob("crash-*.log"))
    state = subprocess.run([DAIS, "open", "default", "--state"], capture_output=True, text=True,
                           env={**os.environ, "DAIS_HOME": str(tmp_path)})
    assert "Kenya" in state.stdout
