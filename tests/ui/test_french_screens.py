"""Every screen in French, walked: the dais (floor free, a speaker, the list closed), help, the
request form, each dialog, the budget prompt, the speaker log and its history, the programme,
the palette, the watch view and the room clock. Each screen's visible text (the screenshot's
text) fails the test when an English interface string is left in it: a catalogue message of
three words or more whose French differs, or a common English interface word. People's text
(the programme's titles, the venue, the roster's names Dais has no French for) is data, and is
left out of the search."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from textual.binding import Binding

from dais.console.lang import i18n
from dais.console.app import make_app
from dais.console.app.watch import WatchApp
from dais.console.floor.meeting import Meeting
from dais.console.settings import Settings
from dais.screens.header import MeetingHeader
from dais.screens.keybar import KeyBar
from tests.conftest import FakeClock
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
    return {word for text in data_texts(meeting) for word in re.findall(r"[\w’'-]+", text)}


def data_texts(meeting: Meeting) -> list[str]:
    """People's text in this meeting, each whole."""
    state = meeting.state
    programme = state.programme
    texts = [programme.meeting.title, programme.meeting.venue]
    for item in programme.items:
        texts.append(item.title)
        texts += [f"{p.name} {p.role}" for p in item.people]
    with i18n.using("fr"):
        texts += [i18n.participant_name(p.id, p.category.value, p.name) for p in state.roster]
    return texts


def english_messages() -> list[str]:
    """Catalogue messages of three words or more, without fields, whose French differs."""
    found = []
    with i18n.using("fr"):
        for (context, message), french in i18n.catalogue("fr").singular.items():
            if french != message and len(message.split()) >= 3 and "{" not in message and "$" not in message \
                    and "[" not in message:
                found.append(message)
    return found


# What the secretary types, shown as examples (a budget: `ngo limit 2 total 30m`) or as the
# command to run (`dais open geneva --on 2026-12-07`): not English prose.
TYPED = re.compile(r"ngo limit 2 total 30m|dais open \S+ --on [\d-]+|--rehearse")


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


async def _walk(app, size, look):
    """Press through every screen of the dais; `look(pilot, name)` reads each one."""
    async with app.run_test(size=size) as pilot:

        async def at(name):
            await pilot.pause()
            look(pilot, name)

        await at("dais, floor free, no request")
        await pilot.press("question_mark")
        await at("help")
        await pilot.press("escape")
        await pilot.press("r", *"bra")
        await at("request form")
        await pilot.press("tab", *"African")
        await at("request form, on behalf of")
        await pilot.press("escape")
        await request(pilot, "kenya")
        await request(pilot, "mexico")
        await pilot.press("r", *"Zzyzx Foundation", "enter")
        await at("newcomer's category")
        await pilot.press("escape")
        await at("dais, floor free, requests waiting")
        await pilot.press("n")
        await at("dais, a speaker")
        await pilot.press("w")
        await at("who speaks form")
        await pilot.press("escape")
        await pilot.press("x")
        await at("withdraw dialog")
        await pilot.press("n")
        await pilot.press("b")
        await at("budget prompt")
        await pilot.press("escape")
        await pilot.press("a")
        await at("next item, confirm")
        await pilot.press("n")
        await pilot.press("p")
        await at("point of order form")
        await pilot.press("escape")
        await pilot.press("l")
        await at("dais, list closed")
        await pilot.press("q")
        await at("quit dialog")
        await pilot.press("n")
        await pilot.press("ctrl+p")
        await at("palette")
        await pilot.press("escape")
        await pilot.press("e", "s")
        await at("speaker log")
        await pilot.press("o", *"déclaration écrite", "enter")
        await at("speaker log, a row's notes under the table")
        await pilot.press("h")
        await at("history")
        await pilot.press("escape", "escape")
        await pilot.press("g")
        await at("programme")
        await pilot.press("o")
        await at("policy picker")
        await pilot.press("escape")


async def test_every_screen_of_the_dais_speaks_french(french, tmp_path, programme, clock):
    meeting = await Meeting.open(tmp_path / "fr.dais", programme, clock=clock)
    allowed = data_words(meeting)
    seen: dict[str, list[str]] = {}
    reached: dict[str, bool] = {}
    app = make_app(meeting, clock=clock, settings=Settings(), settings_path=tmp_path / "s.json", tick=3600)
    def look(pilot, name):
        text = screen_text(pilot.app)
        seen[name] = english_left(text, allowed)
        reached[name] = REACHED.get(name, "") in text

    try:
        await _walk(app, (160, 50), look)
    finally:
        await meeting.close()
    assert len(seen) >= 18 and all(reached.values()), reached  # every screen was reached
    assert {name: left for name, left in seen.items() if left} == {}


@pytest.mark.parametrize("width", [80, 120, 170])
@pytest.mark.parametrize("clock_only", [False, True], ids=["watch", "clock"])
async def test_the_watchers_speak_french(french, tmp_path, programme, clock, clock_only, width):
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
                async with app.run_test(size=(width, 40)) as pilot:
                    await pilot.pause()
                    text = screen_text(pilot.app)
                    seen[giving] = english_left(text, allowed) + cut_words(screen_lines(pilot.app), allowed)
                    assert giving or "La parole est libre" in text
            finally:
                await watcher.close()
    finally:
        await meeting.close()
    assert seen == {False: [], True: []}


# -- every screen fits, in French, at 80, 120 and 170 columns (issue 25) -------------------------
# Each screen is read as the terminal shows it (its text, spaces and all) and fails on: a key of
# the key bar cut short or missing among the ones that must stay, the header's notice or time
# cut, a line cut by an ellipsis where the text is not people's (a title may give way, a word of
# the interface may not), a word written twice ("programme du du 8 mai"), or English left.

WIDTHS = (80, 120, 170)
# 7 December 2026, 19:20 in Geneva: not a day of the programme, so the header carries its notice
# and the command that re-dates the meeting (the longest thing the header ever shows).
EVENING = dt.datetime(2026, 12, 7, 19, 20, tzinfo=ZoneInfo("Europe/Zurich")).timestamp()
# The keys a key bar never leaves out, by screen (help lists the rest).
KEPT = {"DaisScreen": ("help", "app.quit", "request", "next"), "ProgrammeScreen": ("app.pop_screen",),
        "SpeakerLog": ("back",)}
DOUBLED = re.compile(r"(?<![\w’'-])([^\W\d_]+) \1(?![\w’'-])", re.IGNORECASE)


def screen_lines(app) -> list[str]:
    """The screen's rows as the terminal shows them, spaces kept (the screenshot's own render,
    with its modal screens over the screens below)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      legacy_windows=False, safe_box=False, color_system="truecolor")
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()


def key_bar_problems(app, line: str) -> list[str]:
    """The bar must be a run of whole keys ("r Demande"), one or two spaces apart, in the
    screen's order, and hold the screen's keys that must stay."""
    bar = app.screen.query_one(KeyBar)
    labels: dict[str, str] = {}
    for binding in Binding.make_bindings(app.screen.BINDINGS):
        if binding.show:  # "escape,g": the first key is the one shown
            labels.setdefault(binding.action, f"{app.get_key_display(binding)} {i18n._(binding.description)}")
    rest, found, problems = line.strip(), [], []
    while rest:
        match = next((action for action, label in labels.items() if rest.startswith(label)
                      and (len(rest) == len(label) or rest[len(label)] == " ")), None)
        if match is None:
            return [f"the key bar has {rest!r}, not a whole key"]
        found.append(match)
        rest = rest[len(labels[match]):].lstrip(" ")
    order = [action for action in labels if action in found]
    if found != order:
        problems.append(f"the key bar's keys out of their order: {found}")
    missing = [a for a in KEPT.get(type(app.screen).__name__, ()) if a not in found]
    if missing:
        problems.append(f"the key bar left out {missing}: {line.strip()!r}")
    if not bar.display or not found:
        problems.append("no key bar")
    return problems


def header_problems(app, line: str) -> list[str]:
    """The notice's command and the time are whole; only the title and venue may give way."""
    head = app.screen.session.heading()
    problems = []
    if not re.search(re.escape(head.time) + r"\s*$", line):
        problems.append(f"the header's time is cut: {line!r}")
    forms = getattr(head, "notice_forms", ()) or (head.notice,)
    if head.notice and not any(form in line for form in forms):
        problems.append(f"the header's notice is cut: {line!r}")
    if "…" in line and not f"{head.title} · {head.venue}".startswith(line.split("… ")[0].split("…")[0]
                                                                     .rsplit(" · ", 1)[-1].strip()):
        problems.append(f"the header cut something other than the title: {line!r}")
    return problems


def ellipsis_words() -> set[str]:
    """Words the French interface itself ends with an ellipsis ("Rechercher une commande…")."""
    return {match.group(1) for french in i18n.catalogue("fr").singular.values()
            for match in re.finditer(r"([\w’'-]+)…", french)}


def cut_words(lines: list[str], allowed: set[str]) -> list[str]:
    """Words the screen cut with an ellipsis that are not the start of people's text."""
    cut = []
    for line in lines:
        for match in re.finditer(r"(\S*)…", line):
            word = re.sub(r"^\W+|[^\w’'-]+$", "", match.group(1))  # "session:…" was cut after "session"
            if word in ellipsis_words():
                continue
            if not word or not any(known.startswith(word) for known in allowed):
                cut.append(line.strip())
    return cut


async def test_every_screen_fits_in_french_at_every_width(french, tmp_path, programme, monkeypatch):
    """At 80, 120 and 170 columns, on an evening that is not one of the programme's days."""
    monkeypatch.setenv("DAIS_HOME", str(tmp_path))  # the meeting goes by its bare name, as a secretary's
    problems: dict[str, list[str]] = {}
    for width in WIDTHS:
        clock = FakeClock(EVENING)
        meeting = await Meeting.open(tmp_path / f"fr{width}.dais", programme, clock=clock)
        allowed, texts = data_words(meeting), data_texts(meeting)
        reached: dict[str, bool] = {}
        app = make_app(meeting, clock=clock, settings=Settings(), settings_path=tmp_path / "s.json",
                       tick=3600)

        def look(pilot, name):
            lines = screen_lines(pilot.app)
            text = "\n".join(lines)
            reached[name] = REACHED.get(name, "") in text
            found = [f"English: {word}" for word in english_left(text, allowed)]
            found += [f"doubled: {m.group(0)!r}" for m in DOUBLED.finditer(text)
                      if not any(m.group(0).casefold() in t.casefold() for t in texts)]
            found += [f"cut: {line!r}" for line in cut_words(lines, allowed)]
            screen = pilot.app.screen
            if screen.query(KeyBar):
                found += key_bar_problems(pilot.app, lines[screen.query_one(KeyBar).region.y])
            if screen.query(MeetingHeader):
                found += header_problems(pilot.app, lines[screen.query_one(MeetingHeader).region.y])
            if found:
                problems[f"{width} columns, {name}"] = found

        try:
            await _walk(app, (width, 40), look)
        finally:
            await meeting.close()
        assert all(reached.values()), (width, reached)  # every screen was reached
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_the_fitting_checks_find_a_cut_key_a_cut_notice_and_a_doubled_word():
    """The checks themselves, on today's faults: "q Quit…", "programme du du 2017-05-08"."""
    assert cut_words(["? Aide  q Quit…"], {"Quitter"}) == []  # a word of people's text may give way
    assert cut_words(["? Aide  q Quit…"], set()) == ["? Aide  q Quit…"]
    assert cut_words(["Première session thématique : droi… · lun. 8 mai"], {"droits"}) == []
    assert [m.group(0) for m in DOUBLED.finditer("PAS AUJOURD’HUI : programme du du 2017-05-08")] == ["du du"]
    assert not list(DOUBLED.finditer("programme du 8 au 9 mai 2017 · 10:00 10:00"))


def test_the_key_bar_leaves_out_the_least_important_keys_wherever_they_are():
    """By rank, not by place: the last keys (help, quit) are the most important ones here."""
    from dais.screens.keybar import Key, kept

    keys = [Key(k, k, d, rank, len(k) + 1 + len(d)) for k, d, rank in
            [("r", "Demande", 2), ("m", "Muet", 5), ("t", "+30 s", 4), ("n", "Suivant", 3),
             ("?", "Aide", 0), ("q", "Quitter", 1)]]
    everything = sum(key.width + 1 for key in keys)
    assert kept(keys, everything) == keys
    assert [key.key for key in kept(keys, everything - 1)] == ["r", "t", "n", "?", "q"]
    assert [key.key for key in kept(keys, 37)] == ["r", "n", "?", "q"]  # 10 + 10 + 7 + 10 cells
    assert [key.key for key in kept(keys, 36)] == ["r", "?", "q"]
    assert [key.key for key in kept(keys, 20)] == ["?", "q"]
    assert [key.key for key in kept(keys, 3)] == ["?"]  # the most important stays, cut if it must be


def test_the_header_gives_up_the_title_then_the_dates_never_the_command_or_the_time(french):
    from dais.console.room.calendar import Heading
    from dais.screens.header import fitted

    forms = ("PAS AUJOURD’HUI : programme du 8 au 9 mai 2017 ; pour le redater : "
             "dais open geneva --on 2026-12-07",
             "PAS AUJOURD’HUI ; pour le redater : dais open geneva --on 2026-12-07",
             "PAS AUJOURD’HUI : dais open geneva --on 2026-12-07")
    head = Heading(title="Première session thématique informelle", venue="New York",
                   date="lun. 8 mai 2017 · jour 1 sur 2", time="19:20 CET", rehearsal=True,
                   notice=forms[0], notice_forms=forms)
    seen = {width: fitted(head, width) for width in (200, 170, 120, 80, 64)}
    assert seen[200] == (forms[0], "lun. 8 mai 2017 · jour 1 sur 2 · 19:20 CET", True)
    assert seen[170] == (forms[0], "lun. 8 mai 2017 · jour 1 sur 2 · 19:20 CET", False)  # the title gave way
    assert seen[120] == (forms[2], "lun. 8 mai 2017 · jour 1 sur 2 · 19:20 CET", False)  # RÉPÉTITION takes 13
    assert seen[80] == (forms[2], "19:20 CET", False)
    assert seen[64] == (forms[2], "19:20 CET", False)  # narrower than the shortest form: the terminal cuts it
    not_rehearsal = Heading(title=head.title, venue=head.venue, date=head.date, time=head.time,
                            rehearsal=False, notice=forms[0], notice_forms=forms)
    assert fitted(not_rehearsal, 120) == (forms[1], "lun. 8 mai 2017 · jour 1 sur 2 · 19:20 CET", False)
    assert fitted(not_rehearsal, 80) == (forms[2], "jour 1 sur 2 · 19:20 CET", False)
    plain = Heading(title=head.title, venue=head.venue, date=head.date, time=head.time, rehearsal=False)
    assert fitted(plain, 80) == (None, "lun. 8 mai 2017 · jour 1 sur 2 · 19:20 CET", True)
    assert fitted(plain, 40) == (None, "jour 1 sur 2 · 19:20 CET", True)
    assert fitted(plain, 30) == (None, "19:20 CET", True)
