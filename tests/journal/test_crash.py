"""The crash test, short: kill the writer at random moments during creation, appends, a seating
import and a salvage (real processes, SIGKILL). `python -m benchmarks crash` runs the full one."""

import pytest

from benchmarks.crash import (appends, creation, kill_rm_backup, kill_rm_create, kill_rm_restore, salvage,
                              salvage_after_writing, seating)


@pytest.mark.parametrize("run, trials", [(creation, 8), (appends, 4), (seating, 3), (salvage, 3),
                                         (kill_rm_create, 3), (kill_rm_backup, 3), (kill_rm_restore, 2),
                                         (salvage_after_writing, 3)],
                         ids=["creation", "appends", "seating", "salvage", "kill-rm-create", "kill-rm-backup",
                              "kill-rm-restore", "salvage-after-writing"])
def test_a_kill_never_leaves_an_unopenable_meeting_a_lost_event_or_a_held_lock(run, trials):
    counts = run(trials)
    assert counts.trials == trials
    assert counts.clean, counts.problems
    assert (counts.unopenable, counts.lost, counts.locks_held, counts.names_blocked,
            counts.originals_changed, counts.foreign) == (0, 0, 0, 0, 0, 0)
