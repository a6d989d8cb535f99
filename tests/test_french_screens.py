"""Every screen in French, walked: the dais (floor free, a speaker, the list closed), help, the
request form, each dialog, the budget prompt, the speaker log and its history, the programme,
the palette, the watch view and the room clock. Each screen's visible text (the screenshot's
text) fails the test when an English interface string is left in it: a catalogue message of
three words or more whose French differs, or a common English interface word. People's text
(the programme's titles, the venue, the roster's names Dais has no French for) is data, and is
left out of the search."""

from __future__ import annotations

import html
import re

import pytest

from dais.console import i18n
from dais.console.app import make_app
from dais.console.app.watch import WatchApp
from dais.console.meeting import Meeting
from dais.console.settings import Settings
from tests.pilot import request

# Words of the English interface that have no place on a French screen (whole words, case kept:
# "Panel", "Pause", "Programme", "Notes" and "Journal" are French too, and are not listed).
ENGLISH_WORDS = {
    "the", "The", "of", "and", "to", "is", "on", "with", "waiting", "Next", "next", "Floor", "floor", "Press",
    "press", "speakers", "Speaking", "speaking", "saved", "events", "limit", "left", "OVER", "WARNING",
    "PAUSED", "scheduled", "began", "ends", "Request", "request", "requests", "Withdraw", "Undo", "Quit",
    "Help", "Cancel", "yes", "Back", "Close", "Who", "Asked", "Starts", "Budget", "Budgets", "Call", "Mute",
    "Log", "time", "item", "Item", "list", "open", "closed", "CLOSED", "read-only", "Speaker", "log",
    "speech", "Keys", "key", "keys", "Search", "search", "Day", "Slip", "Policy", "Status",
    "match", "matches", "newcomer", "enter", "choose", "behalf", "Add", "add", "Give", "give", "End",
    "Move", "Theme", "Screenshot", "Filter", "History", "Export", "Start", "Who", "spoke", "carry",
    "clear", "queue", "over", "Last", "day", "adjourn", "roster", "formal", "session", "segment",
}
# Codes that stay as they are in French, as the French help says (queue marks, category badges).
CODES = {"1st", "SEAT", "BUDGET", "G", "R", "MS", "OBS", "UN", "NGO", "IGO"}


def screen_text(app) -> str:
    """The text a screenshot of the app shows, a line per row."""
    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        rows.setdefault(float(y), []).append(html.unescape(re.sub("<[^>]+>", "", text)))
    return "\n".join("".join(parts).replace("\xa0", " ") for _y, parts in sorted(rows.items()))


def data_words(meeting: Meeting) -> set[str]:
    """The words of people's text in this meeting: titles, venue, panel, names kept in English."""
    state = meeting.state
    programme = state.programme
    texts = [programme.meeting.title, programme.meeting.venue]
    for item in programme.items:
        texts.append(item.title)
        texts += [f"{p.name} {p.role}" for p in item.people]
    with i18n.using("fr"):
        texts += [i18n.participant_name(p.id, p.category.value, p.name) for p in state.roster]
    return {word for text in texts for word in re.findall(r"[\w’'-]+", text)}


def english_messages() -> list[str]:
    """Catalogue messages of three words or more, without fields, whose French differs."""
    found = []
    with i18n.using("fr"):
        for (context, message), french in i18n.catalogue("fr").singular.items():
            if french != message and len(message.split()) >= 3 and "{" not in message and "$" not in message \
                    and "[" not in message:
                found.append(message)
    return found


# What the secretary types, shown as examples (a budget: `ngo limit 2 total 30m`): not English prose.
TYPED = re.compile(r"ngo limit 2 total 30m")


def english_left(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The English of the interface found in `text`: whole messages, and English words that are
    neither people's text (`allowed`) nor codes."""
    text = TYPED.sub(" ", text)
    flat = " ".join(text.split())
    left = [message for message in english_messages() if " ".join(message.split()) in flat]
    words = set(re.findall(r"[A-Za-z][\w-]*", text))
    left += sorted(word for word in words & ENGLISH_WORDS if word not in allowed and word not in CODES)
    return left


def test_the_check_finds_english_left_in_a_screen():
    """The check itself: an unwrapped sentence or word is found; French text passes."""
    assert english_left("La parole est libre · 7 en attente") == []
    assert "The floor is free" in english_left("The floor is free")
    assert "waiting" in english_left("Liste des orateurs · 7 waiting")
    assert english_left("Panel 1. Human rights of all migrants", allowed={"of"}) == []


@pytest.fixture
def french():
    with i18n.using("fr"):
        yield


# A French line of each screen, to know the walk reached it.
REACHED = {
    "help": "Touches du bureau", "request form": "Demande de parole —", "newcomer's category": "L’ajouter comme",
    "withdraw dialog": "Retirer la demande de Mexique", "budget prompt": "Temps alloué sur",
    "next item, confirm": "Kenya a la parole. Terminer", "point of order form": "Motion d’ordre —",
    "dais, list closed": "LISTE CLOSE", "quit dialog": "Quitter le dais", "palette": "Rechercher une commande",
    "speaker log": "Registre des orateurs", "programme": "Programme de travail",
    "policy picker": "Règle de la liste", "dais, a speaker": "depuis la salle",
    "who speaks form": "Qui parle pour Kenya",
}


async def _walk(app, allowed, seen, reached):
    """Press through every screen of the dais, noting each screen's English leftovers."""
    async with app.run_test(size=(160, 50)) as pilot:

        async def look(name):
            await pilot.pause()
            text = screen_text(pilot.app)
            seen[name] = english_left(text, allowed)
            reached[name] = REACHED.get(name, "") in text

        await look("dais, floor free, no request")
        await pilot.press("question_mark")
        await look("help")
        await pilot.press("escape")
        await pilot.press("r", *"bra")
        await look("request form")
        await pilot.press("tab", *"African")
        await look("request form, on behalf of")
        await pilot.press("escape")
        await request(pilot, "kenya")
        await request(pilot, "mexico")
        await pilot.press("r", *"Zzyzx Foundation", "enter")
        await look("newcomer's category")
        await pilot.press("escape")
        await look("dais, floor free, requests waiting")
        await pilot.press("n")
        await look("dais, a speaker")
        await pilot.press("w")
        await look("who speaks form")
        await pilot.press("escape")
        await pilot.press("x")
        await look("withdraw dialog")
        await pilot.press("n")
        await pilot.press("b")
        await look("budget prompt")
        await pilot.press("escape")
        await pilot.press("a")
        await look("next item, confirm")
        await pilot.press("n")
        await pilot.press("p")
        await look("point of order form")
        await pilot.press("escape")
        await pilot.press("l")
        await look("dais, list closed")
        await pilot.press("q")
        await look("quit dialog")
        await pilot.press("n")
        await pilot.press("ctrl+p")
        await look("palette")
        await pilot.press("escape")
        await pilot.press("e", "s")
        await look("speaker log")
        await pilot.press("o", *"déclaration écrite", "enter")
        await look("speaker log, a row's notes under the table")
        await pilot.press("h")
        await look("history")
        await pilot.press("escape", "escape")
        await pilot.press("g")
        await look("programme")
        await pilot.press("o")
        await look("policy picker")
        await pilot.press("escape")


async def test_every_screen_of_the_dais_speaks_french(french, tmp_path, programme, clock):
    meeting = await Meeting.open(tmp_path / "fr.dais", programme, clock=clock)
    allowed = data_words(meeting)
    seen: dict[str, list[str]] = {}
    reached: dict[str, bool] = {}
    app = make_app(meeting, clock=clock, settings=Settings(), settings_path=tmp_path / "s.json", tick=3600)
    try:
        await _walk(app, allowed, seen, reached)
    finally:
        await meeting.close()
    assert len(seen) >= 18 and all(reached.values()), reached  # every screen was reached
    assert {name: left for name, left in seen.items() if left} == {}


@pytest.mark.parametrize("clock_only", [False, True], ids=["watch", "clock"])
async def test_the_watchers_speak_french(french, tmp_path, programme, clock, clock_only):
    meeting = await Meeting.open(tmp_path / "fr.dais", programme, clock=clock)
    await meeting.request_floor("KEN")
    await meeting.request_floor("MEX", "African Group")
    allowed = data_words(meeting)
    seen = {}
    try:
        for giving in (False, True):
            if giving:
                await meeting.give_floor()
            watcher = await Meeting.watch(meeting.path, clock=clock)
            try:
                app = WatchApp(watcher, clock=clock, clock_only=clock_only, poll=3600)
                async with app.run_test(size=(120, 40)) as pilot:
                    await pilot.pause()
                    text = screen_text(pilot.app)
                    seen[giving] = english_left(text, allowed)
                    assert giving or "La parole est libre" in text
            finally:
                await watcher.close()
    finally:
        await meeting.close()
    assert seen == {False: [], True: []}
