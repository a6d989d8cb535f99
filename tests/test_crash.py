"""The crash test, short: kill the writer at random moments during creation, appends, a seating
import and a salvage (real processes, SIGKILL). `python -m benchmarks crash` runs the full one."""

import pytest

from benchmarks.crash import appends, creation, salvage, seating


@pytest.mark.parametrize("run, trials", [(creation, 8), (appends, 4), (seating, 3), (salvage, 3)],
                         ids=["creation", "appends", "seating", "salvage"])
def test_a_kill_never_leaves_an_unopenable_meeting_a_lost_event_or_a_held_lock(run, trials):
    counts = run(trials)
    assert counts.trials == trials
    assert counts.clean, counts.problems
    assert (counts.unopenable, counts.lost, counts.locks_held, counts.names_blocked,
            counts.originals_changed) == (0, 0, 0, 0, 0)
