"""Start-up holds the garbage collector (console.launch); it must run again once Dais is up."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from dais.console.app import make_app
from dais.console.app.watch import WatchApp
from dais.console.floor.meeting import Meeting


@pytest.fixture
def held_collector():
    gc.disable()  # as `dais` starts
    yield
    gc.enable()
    gc.unfreeze()


async def test_the_dais_lets_the_collector_run_after_its_first_frame(held_collector, meeting, clock, tmp_path):
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "s.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up built is out of the collector's way


async def test_a_watcher_lets_the_collector_run_after_its_first_frame(held_collector, tmp_path, programme, clock):
    writer = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    watcher = await Meeting.watch(tmp_path / "m.dais", clock=clock)
    async with WatchApp(watcher, clock=clock).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
    await watcher.close()
    await writer.close()


@pytest.mark.parametrize(("argv", "command"), [
    (["check", "first-thematic-session"], "dais.console.cli.check"),
    (["serve", "some-meeting"], "dais.console.web.server.serve"),  # a server runs for hours
])
def test_commands_without_a_screen_run_with_the_collector_on(argv, command):
    module, name = command.rsplit(".", 1)
    code = (
        "import gc, importlib, sys\n"
        f"module = importlib.import_module({module!r})\n"
        f"real = module.{name}\n"
        "def spy(*args, **kwargs):\n"
        "    print('collector during the command:', gc.isenabled())\n"
        "    return 0\n"
        f"module.{name} = spy\n"
        "from dais.console import launch\n"
        "sys.argv = ['dais', *sys.argv[1:]]\n"
        "sys.exit(launch.main())\n"
    )
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60)
    assert "collector during the command: True" in result.stdout, result.stdout + result.stderr
