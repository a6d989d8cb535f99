"""The watchers: read-only, live, resilient; a real watcher process follows a real writer process."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time

import pytest
from textual.widgets import Static

from dais.console.lang.errors import JournalWriteError

from dais.console.floor.meeting import Meeting
from dais.console.app.watch import WatchApp
from dais.screens.bigclock import BigClock, render_text
from dais.screens.rows import RowList
from tests.e2e.test_e2e_tmux import DAIS, Tmux


async def test_watch_view_follows_the_writer(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    writer = await Meeting.open(path, programme, clock=clock)
    watcher = await Meeting.watch(path, clock=clock)
    app = WatchApp(watcher, clock=clock, poll=0.02)
    async with app.run_test(size=(100, 30)) as pilot:
        for pid in ["KEN", "MEX", "VAT", "BRA", "CHL", "PER", "ARG", "EGY", "IND", "CHN"]:
            await writer.request_floor(pid)
        await writer.give_floor()
        await pilot.pause(0.2)
        assert "Kenya" in str(app.screen.query_one("#speaker", Static).render())
        table = app.screen.query_one("#next", RowList)
        assert table.row_count == 9
        assert [table.get_row_at(i)[1] for i in range(3)] == ["Mexico", "Brazil", "Chile"]
        clock.advance(61)
        await pilot.pause(0.4)
        assert app.screen.query_one("#countdown", BigClock).text == "1:59"
    await watcher.close()
    await writer.close()


async def test_watcher_cannot_write(tmp_path, programme):
    path = tmp_path / "m.dais"
    writer = await Meeting.open(path, programme)
    watcher = await Meeting.watch(path)
    with pytest.raises(JournalWriteError, match="read-only"):
        await watcher.request_floor("KEN")
    assert await writer.journal.entries() == []
    await watcher.close()
    await writer.close()


async def test_watcher_says_when_the_meeting_file_goes_away(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    writer = await Meeting.open(path, programme, clock=clock)
    await writer.request_floor("KEN")
    await writer.close()
    watcher = await Meeting.watch(path, clock=clock)
    app = WatchApp(watcher, clock=clock, poll=0.02)
    async with app.run_test(size=(100, 30)) as pilot:
        path.unlink()
        for _ in range(40):
            await pilot.pause(0.05)
            banner = str(app.screen.query_one("#banner", Static).render())
            if banner:
                break
        assert "has gone away" in banner
        assert app.screen.query_one("#next", RowList).get_row_at(0)[1] == "Kenya"
    await app.meeting.close()


async def test_clock_mode_shows_the_name_and_a_large_clock(tmp_path, programme, clock):
    path = tmp_path / "m.dais"
    writer = await Meeting.open(path, programme, clock=clock)
    await writer.request_floor("KEN")
    await writer.give_floor()
    clock.advance(200)
    watcher = await Meeting.watch(path, clock=clock)
    app = WatchApp(watcher, clock=clock, clock_only=True, poll=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert "Kenya" in str(app.screen.query_one("#clock-name", Static).render())
        big = app.screen.query_one(BigClock)
        assert big.text == "+0:20" and app.screen.has_class("-overrun")
        drawn = "".join(big.render_line(y).text for y in range(big.size.height))
        assert drawn.count("█") > 100  # scaled up to fill the terminal
    await watcher.close()
    await writer.close()


def test_big_font_renders_every_clock_character():
    rows = render_text("+12:59")
    assert len(rows) == 7 and all("#" in row for row in rows)
    assert len(rows[3]) == 6 * 6 - 1


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from dais.console.floor.meeting import Meeting
    from dais.console.room.programme import shipped_programme
    async def main():
        m = await Meeting.open(sys.argv[1], shipped_programme())
        for line in sys.stdin:
            words = line.split()
            if words[0] == "request":
                await m.request_floor(words[1])
            elif words[0] == "next":
                await m.give_floor()
            print("ok", flush=True)
        await m.close()
    asyncio.run(main())
    """
)


def test_watcher_process_follows_a_writer_process_and_survives_its_death(tmp_path):
    path = tmp_path / "live.dais"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)

    def send(line: str) -> None:
        writer.stdin.write(line + "\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "ok"

    send("request KEN")
    tmux = Tmux(tmp_path, "watch")
    try:
        tmux.start(f"{DAIS} watch {path}")
        tmux.wait_for(r"Kenya")
        send("request MEX")
        send("next")
        tmux.wait_for(r"MS\s+Kenya")
        tmux.wait_until(lambda text: re.search(r"1\s+Mexico", text) is not None and "read-only" in text,
                        "Mexico first in the queue of a read-only view")
        writer.kill()  # the dais dies; the watcher goes on
        writer.wait()
        time.sleep(0.5)
        again = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        writer = again
        send("next")
        tmux.wait_for(r"MS\s+Mexico")
        path.unlink()
        tmux.wait_for(r"has\s+gone\s+away")
    finally:
        writer.kill()
        writer.wait()
        tmux.kill_server()


async def test_the_room_clock_says_rehearsal(tmp_path, programme, clock):
    path = tmp_path / "r.dais"
    writer = await Meeting.open(path, programme, clock=clock)
    await writer.redate(0, rehearsal=True)
    watcher = await Meeting.watch(path, clock=clock)
    app = WatchApp(watcher, clock=clock, clock_only=True, poll=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        banner = app.screen.query_one("#banner", Static)
        assert banner.display and str(banner.render()) == "REHEARSAL"
    await watcher.close()
    await writer.close()
    plain = await Meeting.open(tmp_path / "p.dais", programme, clock=clock)
    watcher = await Meeting.watch(plain.path, clock=clock)
    app = WatchApp(watcher, clock=clock, clock_only=True, poll=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert not app.screen.query_one("#banner", Static).display
    await watcher.close()
    await plain.close()
