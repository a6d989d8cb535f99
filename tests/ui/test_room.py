"""The room's screens (issue 20): the clock read without colour, the watch view without the
secretary's hints, and screenshots kept where the settings say."""

from __future__ import annotations

import colorsys

from textual.widgets import Static

from dais.console.app import make_app
from dais.console.app.watch import WatchApp
from dais.console.room.clock import ClockPhase
from dais.console.floor.meeting import Meeting
from dais.console.settings import Settings
from dais.screens.bigclock import BAR_FILL, ClockBar
from dais.screens.floor import phase_label
from dais.screens.keybar import KeyBar
from dais.screens.queue import QueueTable


def _greenish(color) -> bool:
    hue, _, saturation = colorsys.rgb_to_hls(color.r / 255, color.g / 255, color.b / 255)
    return saturation > 0.2 and 75 <= hue * 360 <= 165


def test_each_phase_has_its_own_words_and_bar_shape():
    assert phase_label(ClockPhase.OVERRUN, "+0:12") == "+0:12 OVER"
    assert phase_label(ClockPhase.WARNING, "0:25") == "0:25 left — WARNING"
    assert "PAUSED" in phase_label(ClockPhase.PAUSED, "1:00")
    fills = [BAR_FILL[phase] for phase in ("running", "warning", "overrun", "paused")]
    assert len(set(fills)) == len(fills)


async def _overrun(tmp_path, programme, clock) -> Meeting:
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX")
    await meeting.give_floor()
    clock.advance(192)
    return meeting


async def test_overrun_is_said_in_words_and_never_green(tmp_path, programme, clock):
    meeting = await _overrun(tmp_path, programme, clock)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "s.json", tick=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        for theme in ("textual-dark", "textual-light", "dais-high-contrast"):
            app.theme = theme
            await pilot.pause()
            screen = app.screen
            assert str(screen.query_one("#phase-label", Static).render()) == "+0:12 OVER"
            bar = screen.query_one("#progress", ClockBar)
            assert bar.phase == "overrun" and BAR_FILL["overrun"] in bar.render_line(0).text
            for selector in ("#countdown", "#progress", "#floor"):
                styles = screen.query_one(selector).styles
                assert not _greenish(styles.color), (theme, selector, styles.color)
            assert not _greenish(screen.query_one("#floor").styles.border_top[1])
    await meeting.close()


async def test_watch_view_has_the_queue_marks_and_no_key_hints(tmp_path, programme, clock):
    meeting = await _overrun(tmp_path, programme, clock)
    watcher = await Meeting.watch(meeting.path, clock=clock)
    app = WatchApp(watcher, clock=clock, poll=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query(KeyBar)
        table = app.screen.query_one("#next", QueueTable)
        assert table.columns == QueueTable.COLUMNS
        assert table.get_row_at(0)[:4] == ("1", "Mexico", "MS", "1st")
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "press" not in shown and "Request" not in shown
        assert "formal session" in shown  # the item's segment
    await watcher.close()
    await meeting.close()


async def test_room_clock_says_the_floor_is_free_and_who_is_next(tmp_path, programme, clock):
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    await meeting.request_floor("KEN")
    watcher = await Meeting.watch(meeting.path, clock=clock)
    app = WatchApp(watcher, clock=clock, clock_only=True, poll=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#clock-name", Static).render()) == "The floor is free"
        assert str(app.screen.query_one("#clock-line", Static).render()) == "Next: Kenya"
    await watcher.close()
    await meeting.close()


async def test_screenshot_goes_to_the_settings_folder_and_the_notice_says_where(tmp_path, programme, clock):
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    folder = tmp_path / "not yet" / "shots"
    app = make_app(meeting, clock=clock, settings=Settings(screenshots=str(folder)),
                   settings_path=tmp_path / "s.json", tick=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_screenshot()
        await pilot.pause()
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1 and "<svg" in saved[0].read_text(encoding="utf-8")
        assert any(str(saved[0]) in note.message for note in app._notifications)
    await meeting.close()


async def test_screenshot_defaults_to_the_data_folder(tmp_path, programme, clock, monkeypatch):
    monkeypatch.setenv("DAIS_HOME", str(tmp_path / "home"))
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "s.json", tick=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_screenshot()
        await pilot.pause()
        assert len(list((tmp_path / "home" / "screenshots").glob("*.svg"))) == 1
    await meeting.close()


async def test_only_the_newest_notices_are_shown_so_the_latest_is_never_out_of_sight(tmp_path, programme, clock):
    from dais.console.app import MAX_NOTICES

    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=clock)
    app = make_app(meeting, clock=clock, settings_path=tmp_path / "s.json", tick=3600)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # Textual's tests hide toasts
        for n in range(5):
            app.notify(f"notice {n}")
        await pilot.pause(0.2)
        assert [n.message for n in app._notifications] == [f"notice {n}" for n in range(5 - MAX_NOTICES, 5)]
        shown = [str(toast._notification.message) for toast in app.screen.query("Toast")]
        assert shown == [f"notice {n}" for n in range(5 - MAX_NOTICES, 5)]
    await meeting.close()
