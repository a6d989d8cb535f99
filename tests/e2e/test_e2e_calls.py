"""End to end in tmux: the chair's call out of turn, from the keys to the exported log."""

from __future__ import annotations

import csv
import io
import os
import subprocess

from tests.e2e.test_e2e_tmux import DAIS, Tmux, pytestmark, queue_names  # noqa: F401  (the skip mark)
from tests.e2e.test_e2e_tmux import tmux  # noqa: F401  (the fixture)


def test_a_call_out_of_turn_from_the_keys_reaches_the_export(tmux, tmp_path):
    tmux.start(DAIS)
    tmux.wait_for(r"Speaking order")
    for name in ("kenya", "mexico", "chile"):
        tmux.keys("r")
        tmux.wait_for(r"Request the floor")
        tmux.type(name)
        tmux.keys("Enter")
        tmux.wait_for(r"asks for the floor|waiting")
    tmux.wait_until(lambda text: queue_names(text) == ["Kenya", "Mexico", "Chile"], "the queue")
    tmux.keys("Down", "Down", "c")  # Chile, the third in line
    # The floor panel, not the notice: a notice is gone after some seconds, which a loaded machine's
    # polls can miss (tests/ui/test_calls.py checks the notice itself).
    tmux.wait_for(r"MS\s+Chile")
    tmux.wait_until(lambda text: queue_names(text) == ["Kenya", "Mexico"], "the rest of the queue")
    tmux.keys("s")
    tmux.wait_for(r"Chile \(out of turn\)")
    tmux.kill_server()  # SIGHUP: the dais closes as q does; the journal already holds every action

    env = dict(os.environ, DAIS_HOME=str(tmp_path))
    exported = subprocess.run([DAIS, "export", "default", "-o", "-"], capture_output=True, text=True, env=env,
                              timeout=60)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["speaker"], r["out_of_turn"]) for r in rows if r["role"] == "floor"] == [("Chile", "yes")]
