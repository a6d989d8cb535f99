"""The help screen: every key of the dais."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from dais.screens.dialog import Dialog
from dais.console.lang.i18n import gettext_noop, _

# What each of the dais's actions does, in full (the key bar shows the bindings' short names).
# The keys themselves come from the bindings, so the help cannot name a key the dais does not have.
def explanations() -> dict[str, str]:
    """Each action's explanation in the interface's language, by action name (arguments left out)."""
    return {
        "request": _("Request the floor: search the roster; enter adds the highlighted match (↑↓ to choose; the "
                     "line under the list names it). An unknown name asks for its category once. Tab: on behalf "
                     "of a group (a known group or free text)."),
        "next": _("Give the floor to the next in line (ends the current intervention)."),
        "end": _("End the current intervention."),
        "pause": _("Pause / resume the clock."),
        "extend": _("Add 30 seconds to the current speaker's time."),
        "withdraw": _("Withdraw the highlighted request (confirm)."),
        "point_of_order": _("Point of order: it speaks at once; the current speaker's clock pauses and resumes "
                            "after."),
        "toggle_list": _("Close / reopen the list of speakers (a new item opens with an open list)."),
        "advance": _("Move to the next programme item (confirm if someone is speaking). On the last item of a "
                     "day: adjourn until the next day's first item, or go on with it now."),
        "panel": _("Give the floor to someone on the current item's panel, with their role's time."),
        "call": _("Call the highlighted request now, out of turn (the chair's call; the log and exports say so)."),
        "who_speaks": _("Name who speaks for the delegation at the floor: type-ahead over its people from the "
                        "list of participants (the head by default), or a name as spoken."),
        "call_anyone": _("Call anyone on the roster now, out of turn, with or without a request."),
        "budget": _("Set, change or lift a time budget of the current item: `WEOG 20:00`, `ngo limit 2 total 30m`, "
                    "`CHE off`."),
        "take_request": _("Take the highlighted request from the room (phones) into the speaking order."),
        "decline_request": _("Decline the highlighted request from the room, saying why (the phone shows it)."),
        "revoke_code": _("Revoke a code handed out for requests from the room (a lost phone): it stops working at once."),
        "undo": _("Undo the last action."),
        "move": _("Move the highlighted request."),
        "mute": _("Mute / unmute spoken announcements."),
        "log": _("The speaker log."),
        "programme": _("The programme."),
        "toggle_theme": _("Switch between the default and the high-contrast theme."),
        "help": _("This help."),
        "app.quit": _("Quit (confirm while someone speaks)."),
        "command_palette": _("The command palette: every action above, by name."),
    }


# Keys that the app, not a binding of the dais, gives an action: the quit guard also takes
# ctrl+q and ctrl+c (console/app), and Textual opens the palette on ctrl+p.
APP_KEYS = {"app.quit": ("ctrl+q", "ctrl+c")}
PALETTE = Binding("ctrl+p", "command_palette", "")


def key_label(key: str) -> str:
    shown = {"question_mark": "?"}.get(key, key)
    if len(shown) == 1 and shown.isupper():
        return f"`{shown}` (shift+{shown.lower()})"
    return f"`{shown}`"


def keys_text(bindings: Iterable[BindingType]) -> str:
    """The help's text for these bindings, in the interface's language: a row per action, with
    every key that does it."""
    explained = explanations()
    keys: dict[str, list[str]] = {}
    for binding in [*(b if isinstance(b, Binding) else Binding(*b) for b in bindings), PALETTE]:
        action = binding.action.split("(")[0]
        keys.setdefault(action, []).extend(k.strip() for k in binding.key.split(","))
    for action, extra in APP_KEYS.items():
        if action in keys:
            keys[action].extend(extra)
    rows = [f"| {' / '.join(key_label(k) for k in found)} | {explained[action]} |" for action, found in keys.items()]
    table = "\n".join(rows)
    marks = _("Queue marks: **G** statement on behalf of a group · **1st** first time on this item · **R** repeat "
              "speaker · **SEAT** one of the two reserved stakeholder seats · **BUDGET** their group's time budget "
              "on this item is used up.")
    limits = _("Limits are typed as `2` or `2m` (minutes), `90s` or `1:30`.")
    title, key, action = _("Keys of the dais"), _("key"), _("action")
    return f"# {title}\n\n| {key} | {action} |\n|---|---|\n{table}\n\n{marks}\n\n{limits}\n"


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $primary; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", gettext_noop("Close"))]

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        super().__init__()
        self._dais_bindings = list(bindings)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(keys_text(self._dais_bindings))
