"""The help screen: every key of the dais."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

KEYS = """\
# Keys of the dais

| key | action |
|---|---|
| `r` | Request the floor: search the roster; enter adds the best match. An unknown name asks for its category once. Tab: on behalf of a group. |
| `n` | Give the floor to the next in line (ends the current intervention). |
| `e` | End the current intervention. |
| `space` | Pause / resume the clock. |
| `t` | Add 30 seconds to the current speaker's time. |
| `x` | Withdraw the highlighted request (confirm). |
| `p` | Point of order: it speaks at once; the current speaker's clock pauses and resumes after. |
| `l` | Close / reopen the list of speakers (a new item opens with an open list). |
| `a` | Move to the next programme item (confirm if someone is speaking). |
| `f` | Give the floor to someone on the current item's panel, with their role's time. |
| `c` | Call the highlighted request now, out of turn (the chair's call; the log and exports say so). |
| `C` (shift+c) | Call anyone on the roster now, out of turn, with or without a request. |
| `b` | Set, change or lift a time budget of the current item: `WEOG 20:00`, `ngo limit 2 total 30m`, `CHE off`. |
| `ctrl+z` | Undo the last action. |
| `shift+up` / `shift+down` | Move the highlighted request. |
| `m` | Mute / unmute spoken announcements. |
| `s` | The speaker log. |
| `g` | The programme. |
| `ctrl+t` | Switch between the default and the high-contrast theme. |
| `?` | This help. |
| `q` / `ctrl+q` / `ctrl+c` | Quit (confirm while someone speaks). |

Queue marks: **G** statement on behalf of a group · **1st** first time on this item · **R** repeat
speaker · **SEAT** one of the two reserved stakeholder seats · **BUDGET** their group's time budget on
this item is used up.

Limits are typed as `2` or `2m` (minutes), `90s` or `1:30`.
"""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $primary; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(KEYS)
