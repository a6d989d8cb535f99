"""Drive the real dais with random keys and random text, checking after every key that the queue
on screen is the engine's speaking order and that the app still runs; at the end, the journal
reopens and folds to the same state. Shared by tests/ui/test_app_fuzz.py (a few examples) and
benchmarks/fuzz.py (a long run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import strategies as st
from textual.widgets import Input

from dais.console.app import make_app
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import shipped_programme
from dais.screens.dais import DaisScreen
from dais.screens.log import SpeakerLog
from dais.screens.programme import ProgrammeScreen
from dais.screens.queue import QueueTable

# The dais's own keys, and the keys of its dialogs (y, enter, escape, up, down). Quitting is
# left out: it ends the run (tests/ui/test_ways_out.py covers it).
KEYS = ["n", "e", "space", "t", "x", "p", "l", "a", "f", "ctrl+z", "shift+up", "shift+down",
        "up", "down", "y", "enter", "escape", "tab", "backspace"]
MARKUP = ["[/]", "[HRW]", "[@click=app.quit]", "[b red]", "\\", "$name", "[$error]", "[/b]"]
NASTY = ["\x1b[2J", "\x00", "\x9b", "\u202e", "\u2066", "\u200b", "\ufeff", "\n", "\t", "|", "<script>", "*", "_", "`",
         "Kenya", "kenya", "G77", "Group", "\ud800", "\U0001f600", "\u0301", "\u200d"]
# Long text: a paste of a whole page into a name, a note or a title (issue 29: a 2,000-character
# name stopped the dais).
LONG = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=7), st.integers(30, 1500))
# Mostly the pieces known to bite, and any Unicode at all between them; now and then a long text.
text = st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(NASTY), st.text(max_size=6), LONG),
                max_size=4).map("".join)
# Keys at full speed, none waiting for the screen (issue 29: letters typed while a dialog opened
# went nowhere, a second Enter popped the dais): names, the dais's keys and the dialogs' keys.
# q is left out: with nobody speaking it quits at once.
BURST_KEYS = [*"abcdefghijklmnoprstuvwxyz123", "r", "enter", "enter", "escape", "tab", "down", "space"]
burst = st.lists(st.sampled_from(BURST_KEYS), min_size=1, max_size=40)

step = st.one_of(
    st.tuples(st.just("key"), st.sampled_from(KEYS)),
    st.tuples(st.just("key"), st.sampled_from(KEYS)),
    # A request, then (often) the floor given at once: what is shown of a speaker is checked too.
    st.tuples(st.just("request"), text, text, st.booleans()),
    st.tuples(st.just("request"), text, text, st.just(True)),
    st.tuples(st.just("request"), st.sampled_from(["kenya", "mexico", "holy see", "iom", "brazil", "usa"]), text,
              st.booleans()),
    st.tuples(st.just("point_of_order"), text),
    st.tuples(st.just("note"), text),
    st.tuples(st.just("speaker"), text),
    st.tuples(st.just("title"), text),
    st.tuples(st.just("panel"), text, text),
    st.tuples(st.just("policy"), st.integers(0, 2)),
    st.tuples(st.just("burst"), burst),
    st.tuples(st.just("burst"), st.builds(lambda name, tail: ["r", *name, "enter", *tail],
                                          st.text(alphabet="abcdefghijklmnop ", min_size=1, max_size=30), burst)),
)
steps = st.lists(step, min_size=1, max_size=30)


def summary(meeting: Meeting) -> tuple:
    """What the fold says, in plain values, to compare a meeting with its reopened journal."""
    state = meeting.state
    return (
        state.item_index,
        state.list_closed,
        [(r.id, r.participant_id, r.on_behalf_of, r.status) for r in state.requests.values()],
        [(i.id, i.participant_id, i.on_behalf_of, i.role, i.ended_at, tuple(i.notes)) for i in
         state.interventions.values()],
        [(item.id, item.title, item.policy, tuple(p.name for p in item.people)) for item in state.programme.items],
        sorted((p.id, p.name) for p in state.roster),
        [r.id for r in state.queue()],
    )


class Check:
    """The invariants after every key."""

    def __init__(self, app) -> None:
        self.app = app
        self.keys = 0

    def __call__(self) -> None:
        app = self.app
        self.keys += 1
        assert app.is_running and app.crash is None, "the dais stopped"
        stack = app.screen_stack
        dais = next(screen for screen in stack if isinstance(screen, DaisScreen))
        if any(isinstance(screen, (ProgrammeScreen, SpeakerLog)) for screen in stack):
            return  # the dais is shown again, from the journal, when they close (checked then)
        shown = list(dais.query_one(QueueTable).keys)
        assert shown == [str(r.id) for r in app.meeting.state.queue()], "the queue on screen is not the engine's"


async def run(steps_: list[tuple], folder: Path | None = None) -> int:
    """Play the steps on a new meeting; returns how many keys were checked."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "fuzz.dais"
        now = [1494230400.0]  # 8 May 2017, 08:00 UTC: the first session's morning

        def clock() -> float:
            return now[0]

        meeting = await Meeting.open(path, shipped_programme(), clock=clock)
        # A tick of an hour: the queue must be right from the keys themselves, not a timer.
        app = make_app(meeting, clock=clock, settings_path=Path(tmp) / "settings.json", tick=3600)
        check = Check(app)
        try:
            async with app.run_test(size=(110, 32)) as pilot:

                async def press(*keys: str) -> None:
                    for key in keys:
                        await pilot.press(key)
                        await pilot.pause()
                        check()

                async def fill(selector: str, value: str) -> bool:
                    fields = app.screen.query(selector)
                    if not fields:
                        return False
                    field = fields.first(Input)
                    field.value = value
                    await pilot.pause()
                    check()
                    return True

                async def back_to_dais() -> None:
                    for _ in range(4):
                        if isinstance(app.screen, DaisScreen):
                            return
                        await press("escape")

                async def burst(keys: list[str]) -> None:
                    from tests.pilot import burst as send

                    send(app, *keys)
                    for _ in range(600):  # until every key is handled and the screens are still
                        await pilot.pause(0.01)
                        typeahead = getattr(app, "_type_ahead", None)
                        if typeahead is not None and typeahead.idle:
                            await pilot.pause()
                            break
                    check()

                for kind, *args in steps_:
                    now[0] += 7
                    if kind == "key":
                        await press(args[0])
                        continue
                    if kind == "burst":
                        await burst(args[0])
                        await back_to_dais()
                        continue
                    await back_to_dais()
                    if kind == "request":
                        await press("r")
                        await fill("#who", args[0])
                        if await fill("#group", args[1]):
                            await press("enter")
                            if not isinstance(app.screen, DaisScreen):
                                await press("enter")  # a newcomer: the first category offered
                            if args[2]:
                                await back_to_dais()
                                await press("n")
                    elif kind == "point_of_order":
                        await press("p")
                        if await fill("#who", args[0]):
                            await press("enter")
                    elif kind in ("note", "speaker"):
                        await press("s")
                        await press("o" if kind == "note" else "c")
                        if await fill("#answer" if kind == "note" else "#who", args[0]):
                            await press("enter")
                    elif kind == "title":
                        await press("g", "i", "enter")  # an informal dialogue after the highlighted item
                        if await fill("#answer", f"{args[0]}, 23:00-23:30"):
                            await press("enter")
                    elif kind == "panel":
                        await press("g", "p")
                        if await fill("#answer", f"{args[0]}, {args[1]}, 5:00"):
                            await press("enter", "enter")
                    elif kind == "policy":
                        await press("g", "o", *["down"] * args[0], "enter")
                    await back_to_dais()
                    check()
                await back_to_dais()
                check()
                before = summary(meeting)
        finally:
            await meeting.close()
        reopened = await Meeting.open(path, None, clock=clock)
        try:
            assert summary(reopened) == before, "the journal reopened to another state"
        finally:
            await reopened.close()
        return check.keys
