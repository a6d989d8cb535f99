"""What is left of the current item's time budgets, on one line above the queue."""

from __future__ import annotations

from textual.widgets import Static

from dais.console.lang.i18n import _
from dais.console.floor.budgets import BudgetLine
from dais.screens.text import shown, show_text


class BudgetBar(Static):
    """One entry per total budget ("WEOG 12:30 left of 20:00"); a used-up one in the error
    colour and marked USED UP, so it reads without colour too. Hidden when the item has none."""

    DEFAULT_CSS = """
    BudgetBar {
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    BudgetBar.-some { display: block; }
    """

    def show(self, lines: list[BudgetLine]) -> None:
        self.set_class(bool(lines), "-some")
        if not lines:
            return
        parts = []
        values: dict[str, object] = {}
        for n, line in enumerate(lines):
            values[f"b{n}"] = str(line)
            parts.append(f"[b $error]$b{n}[/]" if line.used_up else f"$b{n}")
        show_text(self, shown("[b]$budgets_title[/b] · " + " · ".join(parts), budgets_title=_("Budgets"), **values))
