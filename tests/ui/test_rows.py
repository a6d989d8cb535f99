"""The row list behind the queue: drawing, cutting to width, the cursor, scrolling and the mouse."""

from __future__ import annotations

from textual.app import App, ComposeResult

from dais.screens.rows import RowList, fit


def rows(n: int, name: str = "Delegation") -> list[tuple[str, tuple[str, ...]]]:
    return [(str(i), (str(i + 1), f"{name} {i + 1}", "MS")) for i in range(n)]


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield RowList(("#", "Who", "Cat"), flex=1)

    def on_mount(self) -> None:
        self.query_one(RowList).focus()


def lines(app: App) -> list[str]:
    row_list = app.query_one(RowList)
    return [row_list.render_line(y).text for y in range(row_list.size.height)]


def test_fit_pads_or_cuts_with_an_ellipsis():
    assert fit("Kenya", 8) == "Kenya   "
    assert fit("International Organization for Migration", 10) == "Internati…"
    assert fit("Kenya", 0) == ""


async def test_rows_are_drawn_under_a_fixed_header_and_cut_to_the_width():
    app = Host()
    async with app.run_test(size=(30, 10)) as pilot:
        row_list = app.query_one(RowList)
        row_list.set_rows([("1", ("1", "International Organization for Migration", "UN")), ("2", ("2", "Kenya", "MS"))])
        await pilot.pause()
        shown = lines(app)
        assert shown[0].split() == ["#", "Who", "Cat"]
        assert "Internationa" in shown[1] and "…" in shown[1] and shown[1].rstrip().endswith("UN")
        assert len(shown[1]) == 30
        assert shown[2].split() == ["2", "Kenya", "MS"]


async def test_the_cursor_moves_scrolls_and_follows_its_row():
    app = Host()
    async with app.run_test(size=(40, 8)) as pilot:
        row_list = app.query_one(RowList)
        row_list.set_rows(rows(50))
        await pilot.press("down", "down")
        assert row_list.selected_key == "2"
        await pilot.press("end")
        await pilot.pause()
        assert row_list.selected_key == "49"
        assert lines(app)[-1].split()[:3] == ["50", "Delegation", "50"]  # scrolled to the cursor
        assert lines(app)[0].split() == ["#", "Who", "Cat"]  # the header stays
        await pilot.press("home")
        await pilot.pause()
        assert row_list.selected_key == "0" and lines(app)[1].split()[0] == "1"
        await pilot.press("pagedown")
        assert row_list.cursor_row == 6
        # A row put in front of the cursor's row: the cursor stays on its row.
        row_list.set_rows([("new", ("0", "Newcomer", "NGO")), *rows(50)])
        assert row_list.selected_key == "6" and row_list.cursor_row == 7
        # Its row gone: the cursor stays at the same place.
        row_list.set_rows([r for r in rows(50) if r[0] != "6"])
        assert row_list.cursor_row == 7 and row_list.selected_key == "8"


async def test_a_click_highlights_the_row():
    app = Host()
    async with app.run_test(size=(40, 8)) as pilot:
        row_list = app.query_one(RowList)
        row_list.set_rows(rows(5))
        await pilot.click(RowList, offset=(5, 3))  # the header, then rows 0, 1, 2
        assert row_list.selected_key == "2"
        await pilot.click(RowList, offset=(5, 0))  # the header selects nothing
        assert row_list.selected_key == "2"


async def test_a_changed_cell_is_drawn_anew():
    app = Host()
    async with app.run_test(size=(40, 8)) as pilot:
        row_list = app.query_one(RowList)
        row_list.set_rows(rows(3))
        await pilot.pause()
        assert "OBS" not in app.export_screenshot()
        row_list.set_rows([("0", ("1", "Delegation 1", "OBS")), *rows(3)[1:]])  # same rows, one cell new
        await pilot.pause()
        assert "OBS" in app.export_screenshot()  # what the terminal was sent, not just the model
        assert row_list.get_row_at(0) == ("1", "Delegation 1", "OBS")
