"""The help screen: every key of the dais."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from dais.console.i18n import gettext_noop, _

def keys_text() -> str:
    """The help's text, in the interface's language (a row per key, each its own message)."""
    rows = [
        ("`r`", _("Request the floor: search the roster; enter adds the highlighted match (↑↓ to choose; the "
                  "line under the list names it). An unknown name asks for its category once. Tab: on behalf "
                  "of a group (a known group or free text).")),
        ("`n`", _("Give the floor to the next in line (ends the current intervention).")),
        ("`e`", _("End the current intervention.")),
        ("`space`", _("Pause / resume the clock.")),
        ("`t`", _("Add 30 seconds to the current speaker's time.")),
        ("`x`", _("Withdraw the highlighted request (confirm).")),
        ("`p`", _("Point of order: it speaks at once; the current speaker's clock pauses and resumes after.")),
        ("`l`", _("Close / reopen the list of speakers (a new item opens with an open list).")),
        ("`a`", _("Move to the next programme item (confirm if someone is speaking). On the last item of a "
                  "day: adjourn until the next day's first item, or go on with it now.")),
        ("`f`", _("Give the floor to someone on the current item's panel, with their role's time.")),
        ("`c`", _("Call the highlighted request now, out of turn (the chair's call; the log and exports say so).")),
        ("`C` (shift+c)", _("Call anyone on the roster now, out of turn, with or without a request.")),
        ("`b`", _("Set, change or lift a time budget of the current item: `WEOG 20:00`, `ngo limit 2 total 30m`, "
                  "`CHE off`.")),
        ("`ctrl+z`", _("Undo the last action.")),
        ("`shift+up` / `shift+down`", _("Move the highlighted request.")),
        ("`m`", _("Mute / unmute spoken announcements.")),
        ("`s`", _("The speaker log.")),
        ("`g`", _("The programme.")),
        ("`ctrl+t`", _("Switch between the default and the high-contrast theme.")),
        ("`?`", _("This help.")),
        ("`q` / `ctrl+q` / `ctrl+c`", _("Quit (confirm while someone speaks).")),
        ("`ctrl+p`", _("The command palette: every action above, by name.")),
    ]
    table = "\n".join(f"| {key} | {action} |" for key, action in rows)
    marks = _("Queue marks: **G** statement on behalf of a group · **1st** first time on this item · **R** repeat "
              "speaker · **SEAT** one of the two reserved stakeholder seats · **BUDGET** their group's time budget "
              "on this item is used up.")
    limits = _("Limits are typed as `2` or `2m` (minutes), `90s` or `1:30`.")
    title, key, action = _("Keys of the dais"), _("key"), _("action")
    return f"# {title}\n\n| {key} | {action} |\n|---|---|\n{table}\n\n{marks}\n\n{limits}\n"


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $primary; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", gettext_noop("Close"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(keys_text())
