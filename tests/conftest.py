"""Shared fixtures: a fake clock, the default programme, and meetings on real SQLite files."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme

GENEVA = ZoneInfo("Europe/Zurich")
# 8 May 2017, 10:00 in Geneva: the first informal thematic session opens.
OPENING = dt.datetime(2017, 5, 8, 10, 0, tzinfo=GENEVA).timestamp()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = OPENING) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def programme():
    return shipped_programme()


@pytest.fixture
async def meeting(tmp_path, programme, clock):
    opened = await Meeting.open(tmp_path / "meeting.dais", programme, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
async def session(tmp_path, programme, clock):
    """A meeting after the scripted panel session of tests/session.py."""
    from tests.session import run_panel_session

    meeting = await Meeting.open(tmp_path / "session.dais", programme, clock=clock)
    await run_panel_session(meeting, clock)
    yield meeting
    await meeting.close()


_leaked_in_workers = [0]  # the workers' counts of leaked connections, summed in the controller


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _leaked_in_workers[0] += getattr(node, "workeroutput", {}).get("dais_leaked_connections", 0)


def pytest_sessionfinish(session, exitstatus):
    """A meeting a test left open keeps aiosqlite's worker thread (not a daemon) alive, and the
    interpreter then waits for it for ever after the summary: a hung CI. Stop such threads, and
    say how many there were, so the leak is seen and mended rather than hidden. (A parallel run's
    workers print nowhere: each hands its count to the controller, which says the total.)

    In a parallel run's controller, also fail on snapshot files that no test uses (see below)."""
    import gc

    import aiosqlite

    leaked = [c for c in gc.get_objects()
              if isinstance(c, aiosqlite.Connection) and c._thread is not None and c._thread.is_alive()]
    for connection in leaked:
        connection.stop()
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["dais_leaked_connections"] = len(leaked)
        return
    leaked_count = len(leaked) + _leaked_in_workers[0]
    if leaked_count:
        print(f"\nconftest: {leaked_count} SQLite connection(s) left open by the tests were stopped")
    if unused := _unused_snapshots(session.config):
        print(f"\nconftest: {len(unused)} snapshot(s) used by no test: " + ", ".join(unused))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# -- running in parallel (pytest-xdist; `make test` passes -n auto) -------------------------------
# Most of the suite's time is spent waiting (on tmux, Litestream, Chromium, Textual's pilot waiting
# for idle), not computing, so twice as many workers as cores keeps the cores busy. Capped: past
# eight, start-up and a loaded machine's scheduling cost more than they save.


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2 * cores, 8)


# The workers take the tests in collection order, so a long test collected late (the wheel's is
# last) runs alone at the end while the other workers sit idle. These, each 15-60 s, go first in
# a parallel run; a name here that no longer matches a test is simply not moved.
LONG_TESTS = (
    "tests/ui/test_dais_app.py::test_a_whole_panel_of_the_first_session_from_the_keyboard",
    "tests/ui/test_app_fuzz.py::",
    "tests/e2e/test_wheel.py::",
    "tests/e2e/test_replicate.py::test_takeover_on_a_standby_after_both_are_killed",
    "tests/ui/test_dais_app.py::test_speaker_log_filters_corrects_and_exports",
    "tests/ui/test_french_screens.py::test_every_screen_of_the_dais_speaks_french",
)


# -- tiers: a test's folder is its marker (`make check` runs unit, journal and ui; `-m e2e` the rest) --
TIERS = ("unit", "journal", "ui", "e2e", "browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = item.path.parent.name
        if tier in TIERS:
            item.add_marker(tier)
    if getattr(config.option, "numprocesses", None) or hasattr(config, "workerinput"):
        items.sort(key=lambda item: not item.nodeid.startswith(LONG_TESTS))  # stable: the rest keep their order


# syrupy (under pytest-textual-snapshot) leaves out its unused-snapshot check in a parallel run (its
# workers each see a part of the tests, and it does not merge their reports yet): a snapshot whose
# test was renamed or removed would then pass unnoticed. The controller knows every test collected,
# so it checks here, for each module run whole, that every snapshot file names one of its tests.
# (`--snapshot-update` cannot delete unused snapshots in a parallel run: update with -n 0.)
_collected: set[str] = set()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    _collected.update(ids)


def _unused_snapshots(config) -> list[str]:
    narrowed = config.option.keyword or config.option.markexpr or any("::" in arg for arg in config.args)
    if narrowed or not _collected:
        return []
    root = config.rootpath
    unused = []
    for folder in sorted((root / "tests").glob("*/__snapshots__/*/")):
        module = f"tests/{folder.parent.parent.name}/{folder.name}.py"
        names = {nodeid.split("::", 1)[1] for nodeid in _collected if nodeid.startswith(module + "::")}
        if not names:
            continue  # the module was not run
        unused += [str(path.relative_to(root)) for path in sorted(folder.iterdir()) if path.stem not in names]
    return unused
