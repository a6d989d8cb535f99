"""Each private part of Textual the dais reaches into (console/app/textual_hooks.py) is still
there and still does what the dais needs: this fails when Textual changes under one of them."""

from __future__ import annotations

import inspect
import io

from textual.app import App
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from dais.console.app import RoomApp
from dais.console.app.textual_hooks import (
    OVERRIDDEN, forget_exit_renderables, keep_newest_notices, replace_output_thread, terminal_output,
)


def test_the_methods_the_dais_overrides_are_textuals_with_the_same_parameters():
    for name, parameters in OVERRIDDEN.items():
        assert tuple(inspect.signature(getattr(App, name)).parameters) == parameters, name
        assert name in vars(RoomApp), name  # and the dais does override them


async def test_only_the_newest_notices_stay():
    app: App[None] = App()
    async with app.run_test() as pilot:
        for n in range(5):
            app.notify(f"notice {n}")
        await pilot.pause()
        keep_newest_notices(app, 2)
        await pilot.pause()
        assert [notice.message for notice in app._notifications] == ["notice 3", "notice 4"]


def test_what_textual_would_print_after_the_app_is_forgotten():
    app: App[None] = App()
    assert app._exit_renderables == []
    app._exit_renderables.append("a long traceback")
    forget_exit_renderables(app)
    assert app._exit_renderables == []


async def test_the_drivers_terminal_and_a_fresh_output_thread():
    app: App[None] = App()
    assert terminal_output(app) is None  # no driver yet: nothing to silence
    assert replace_output_thread(app, io.StringIO()) is False
    driver = LinuxDriver(app, mouse=False, size=(80, 24))
    assert driver._writer_thread is None  # made when application mode starts
    old = WriterThread(io.StringIO())
    old.start()
    driver._writer_thread = old
    app._driver = driver
    assert terminal_output(app) is driver._file
    output = io.StringIO()
    try:
        assert replace_output_thread(app, output) is True
        assert driver._writer_thread is not old
        driver.write("after the hang-up")
    finally:
        driver._writer_thread.stop()
        old.stop()
    assert output.getvalue() == "after the hang-up"
