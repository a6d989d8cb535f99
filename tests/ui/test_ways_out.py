"""Every way out of the dais goes through one guard; an unexpected error is kept, not printed."""

from __future__ import annotations

import pytest

from dais.console.app import make_app
from dais.screens.dais import DaisScreen
from dais.screens.dialogs import QuitConfirm


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


async def someone_speaks(pilot) -> None:
    await pilot.press("r", *"kenya", "enter")
    await pilot.press("n")
    await pilot.pause()


@pytest.mark.parametrize("keys", [("q",), ("ctrl+q",), ("ctrl+c",), ("ctrl+p", *"quit", "enter")])
async def test_every_way_out_asks_while_someone_has_the_floor(app, keys):
    async with app.run_test(size=(100, 30)) as pilot:
        await someone_speaks(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirm)
        await pilot.press("ctrl+q")  # asked once, not twice
        await pilot.pause()
        assert sum(isinstance(screen, QuitConfirm) for screen in app.screen_stack) == 1
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DaisScreen)
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_c_quits_at_once_when_the_floor_is_free(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_an_unexpected_error_is_kept_for_the_crash_log_and_not_printed(app, monkeypatch, capfd):
    def broken(self) -> None:
        raise RuntimeError("something new")

    monkeypatch.setattr(DaisScreen, "action_end", broken)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("e")
            await pilot.pause()
    assert isinstance(app.crash, RuntimeError)
    assert app.return_code == 1
    printed = capfd.readouterr()
    assert "something new" not in printed.err + printed.out  # no traceback on the terminal


async def test_ctrl_c_quits_a_watcher_and_its_notices_are_text(meeting, clock):
    from dais.console.app.watch import WatchApp
    from dais.console.floor.meeting import Meeting

    watcher = await Meeting.watch(meeting.path, clock=clock)
    app = WatchApp(watcher, clock=clock, poll=0.02)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            app.notify("[b]Group [/]", title="[HRW]")
            await pilot.pause()
            assert [(n.message, n.title, n.markup) for n in app._notifications] == [("[b]Group [/]", "[HRW]", False)]
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert not app.is_running
    finally:
        await watcher.close()
