"""The meeting's people: the list of participants imported (`dais roster import`), who spoke for a
delegation, the balance of the room in the exports, and the webcast's chapters."""

from __future__ import annotations

import asyncio
import io
import json
import re

import pytest

from benchmarks.typeahead import candidate_queries, keys_per_participant
from dais.console import cli
from dais.console.app import make_app
from dais.console.lang.errors import ProgrammeError
from dais.console.report.export import render, speaker_log
from dais.console.lang.i18n import set_language
from dais.console.floor.meeting import Meeting
from dais.console.room.participants import parse_list
from dais.console.room.programme import shipped_programme
from dais.console.web.live import live_state
from dais.models import Category
from dais.screens.dais import DaisScreen
from dais.screens.floor import FloorPanel
from dais.screens.person import PersonForm
from dais.screens.request import RequestForm
from tests.conftest import FakeClock
from tests.people_session import EXAMPLE, HEARING, example_list, import_example, run_hearing

STATES = (Category.MEMBER_STATE, Category.OBSERVER_STATE)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(HEARING)


@pytest.fixture
async def hearing(tmp_path, clock):
    meeting = await Meeting.open(tmp_path / "hearing.dais", shipped_programme("first-stakeholder-hearing"), clock=clock)
    yield meeting
    await meeting.close()


@pytest.fixture
async def held(hearing, clock):
    """The hearing's morning, run with its list of participants."""
    await run_hearing(hearing, clock)
    return hearing


async def dais(*args: str) -> int:
    """The command line, as a person runs it (in a thread: it runs its own event loop)."""
    return await asyncio.to_thread(cli.main, list(args))


def log_of(meeting):
    return speaker_log(meeting.state, as_of=meeting.entries[-1].at)


# -- importing the list -----------------------------------------------------------------------

def test_the_example_list_has_sixty_participants_with_their_people(tmp_path):
    from dais.console.floor.meeting import base_roster

    listed = parse_list(example_list(), EXAMPLE, base_roster(shipped_programme("first-stakeholder-hearing")))
    assert len(listed.participants) == 60 and not listed.problems
    states = [p for p in listed.participants if p.category in STATES]
    assert len(states) == 20 and {"MEX", "CHE", "TUR"} <= {p.id for p in states}  # the roster's own entries
    assert all(p.head is not None for p in listed.participants)
    mexico = next(p for p in listed.participants if p.id == "MEX")
    assert [p.name for p in mexico.people] == ["Tomás Herrera Valdivia", "Lucía Fernández Ortega"]
    assert mexico.regional_group is not None and mexico.seat is not None  # kept from the roster
    ngo = next(p for p in listed.participants if p.name == "Women Crossing Borders")
    assert ngo.category is Category.STAKEHOLDER and "WCB" in ngo.aliases and ngo.seat == 203


async def test_roster_import_is_one_event_and_undone_by_one_undo(tmp_path, hearing, clock, capsys):
    path = hearing.path
    await hearing.close()
    (tmp_path / EXAMPLE).write_bytes(example_list())
    assert await dais("roster", "import", str(path), str(tmp_path / EXAMPLE)) == 0
    assert "listed 60 participants (20 States), 65 people" in capsys.readouterr().out
    meeting = await Meeting.open(path, clock=clock)
    try:
        assert [e.event.type for e in meeting.entries] == ["participants_listed"]
        wcb = meeting.roster.by_name("Women Crossing Borders")
        assert wcb is not None and wcb.id in meeting.state.listed
        await meeting.undo()
        assert meeting.roster.by_name("Women Crossing Borders") is None
        assert not meeting.state.listed and not meeting.roster.get("MEX").people
    finally:
        await meeting.close()


async def test_the_example_list_is_imported_by_its_programmes_name(hearing, capsys, tmp_path):
    path = hearing.path
    await hearing.close()
    assert await dais("roster", "import", str(path), "first-stakeholder-hearing") == 0
    assert "listed 60 participants" in capsys.readouterr().out
    assert await dais("roster", "import", str(tmp_path / "none.dais"), "first-stakeholder-hearing") == 1
    assert "no such meeting" in capsys.readouterr().err
    assert not (tmp_path / "none.dais").exists()


async def test_every_listed_stakeholder_is_found_in_four_keys_or_fewer(hearing):
    from dais.console.session import Session
    from dais.console.settings import Settings
    from dais.console.voice.speech import Announcer
    from pathlib import Path

    await import_example(hearing)
    settings = Settings()
    session = Session(hearing, clock=hearing.clock, settings=settings,
                      announcer=Announcer(settings.speech.model_copy(update={"enabled": False}), Path("speech.log")))
    listed = [p for p in hearing.roster if p.id in hearing.state.listed and p.category not in STATES]
    assert len(listed) == 40  # 36 stakeholders and 4 UN entities
    keys = keys_per_participant(hearing.roster, listed, session.lookup_context())
    assert max(k.count for k in keys) <= 4, [(k.participant.name, k.query) for k in keys if k.count > 4]


async def test_the_dais_takes_each_listed_stakeholder_with_no_category_dialog(hearing, tmp_path):
    await import_example(hearing)
    stakeholders = [p for p in hearing.roster if p.id in hearing.state.listed and p.category is Category.STAKEHOLDER]
    app = make_app(hearing, clock=hearing.clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        context = app.session.lookup_context()  # as the benchmark counts: the list imported, nobody active yet
        for participant in stakeholders:
            query = next(q for q in candidate_queries(participant)
                         if hearing.roster.rank(q, context, limit=1).matches[0].participant.id == participant.id)
            assert len(query) + 2 <= 4
            await pilot.press("r", *query)
            await pilot.pause()
            assert isinstance(app.screen, RequestForm)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DaisScreen), f"{participant.name}: a dialog after {query!r}"
            assert hearing.state.waiting_request_of(participant.id) is not None, participant.name
            await pilot.press("ctrl+z")  # undone: the next one is looked up in the same meeting
            await pilot.pause()
            assert not hearing.state.waiting()
    assert len(stakeholders) == 36


# -- bad lists --------------------------------------------------------------------------------

HEADER = "name,category,acronym,aliases,regional group,seat,person,title,function,gender,head\n"
BAD_LISTS = {
    "empty": ("", "no participants in it (an empty list)"),
    "only a heading": (HEADER, "no participants in it (an empty list)"),
    "duplicate": (HEADER + "Oxfam International,stakeholder,,,,,,,,,\nOxfam  international,ngo,,,,,,,,,\n",
                  "line 3: Oxfam international is already listed on line 2"),
    "unknown category": (HEADER + "Oxfam International,charity,,,,,,,,,\n", "line 2: unknown category “charity”"),
    "markup": (HEADER + "<script>alert(1)</script>,stakeholder,,,,,,,,,\n",
               "line 2: the name holds markup (<script>); write plain text"),
    "rich markup": (HEADER + "Oxfam [bold red]International,stakeholder,,,,,,,,,\n",
                    "line 2: the name holds markup ([bold red]); write plain text"),
    "control": (HEADER + "Oxfam\x07 International,stakeholder,,,,,,,,,\n",
                "line 2: the name holds a control character (U+0007); write plain text"),
    "bidi": (HEADER + "Mexico,,,,,,Juan\u202e Pérez,,,,\n",
             "line 2: the person holds a control character (U+202E); write plain text"),
    "formula": (HEADER + "=HYPERLINK(\"x\"),stakeholder,,,,,,,,,\n", "line 2: the name holds markup (=)"),
    "unknown state": (HEADER + "Mexicoo,member_state,,,,,,,,,\n", "line 2: Mexicoo is not a State in the roster; "
                      "nearest in the roster: Mexico"),
    "no category": (HEADER + "Oxfam International,,,,,,,,,,\n", "line 2: Oxfam International is not in the roster: "
                    "give its category"),
    "gender": (HEADER + "Mexico,,,,,,Juan Pérez,,,maybe,\n", "line 2: unknown gender “maybe”"),
    "two heads": (HEADER + "Mexico,,,,,,Juan Pérez,,,m,yes\n,,,,,,Ana López,,,f,yes\n",
                  "line 3: the delegation already has a head"),
    "seat": (HEADER + "Oxfam International,ngo,,,,12b,,,,,\n", "line 2: seat “12b” is not a seat number"),
    "no heading": ("Oxfam International,stakeholder\n", "the first row must name the columns"),
}


@pytest.mark.parametrize("case", sorted(BAD_LISTS))
async def test_a_bad_list_is_refused_in_one_line_and_the_meeting_is_unchanged(case, tmp_path, hearing, capsys):
    text, said = BAD_LISTS[case]
    await import_example(hearing)
    before = [e.seq for e in hearing.entries]
    path = hearing.path
    await hearing.close()
    bad = tmp_path / "list.csv"
    bad.write_text(text, encoding="utf-8")
    assert await dais("roster", "import", str(path), str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"dais: {bad}: nothing imported\n"), err
    problems = err.splitlines()[1:]
    assert len(problems) == 1 and said in problems[0], err  # one line, naming the problem
    assert "Traceback" not in err
    reopened = await Meeting.watch(path)
    try:
        assert [e.seq for e in reopened.entries] == before
    finally:
        await reopened.close()


async def test_a_list_over_the_size_limit_is_refused_before_it_is_read(tmp_path, hearing, capsys):
    path = hearing.path
    await hearing.close()
    big = tmp_path / "big.csv"
    row = "Stakeholder organisation number {n},stakeholder,,,,,,,,,\n"
    big.write_text(HEADER + "".join(row.format(n=n) for n in range(40_000)), encoding="utf-8")
    assert big.stat().st_size > 2_000_000
    assert await dais("roster", "import", str(path), str(big)) == 1
    err = capsys.readouterr().err
    assert err == f"dais: {big}: larger than 1 MB, the limit for a list of participants\n"


async def test_skip_bad_imports_the_good_rows_and_names_each_bad_one(tmp_path, hearing, capsys):
    path = hearing.path
    await hearing.close()
    listed = tmp_path / "list.csv"
    listed.write_text(HEADER + "Oxfam International,stakeholder,OI,Oxfam,,,Ana López,Ms.,Director,f,yes\n"
                      "Charity X,charity,,,,,,,,,\n,,,,,,Person of X,,,,\nMexico,,,,,,Juan Pérez,H.E. Mr.,,m,yes\n",
                      encoding="utf-8")
    assert await dais("roster", "import", str(path), str(listed), "--skip-bad") == 0
    out, err = capsys.readouterr()
    assert "listed 2 participants (1 States), 2 people; 1 bad row skipped" in out
    assert "skipped: line 3: unknown category “charity”" in err
    meeting = await Meeting.watch(path)
    try:
        assert meeting.roster.by_name("Charity X") is None
        oxfam = meeting.roster.by_name("Oxfam International")
        assert oxfam is not None and oxfam.head is not None and oxfam.head.name == "Ana López"
    finally:
        await meeting.close()


async def test_an_xlsx_list_is_read_like_a_csv(tmp_path, hearing, capsys):
    import xlsxwriter

    path = hearing.path
    await hearing.close()
    target = tmp_path / "list.xlsx"
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADER.strip().split(","),
                             ["Oxfam International", "NGO", "OI", "Oxfam", "", 210, "Ana López", "Ms.", "Director",
                              "F", "x"],
                             ["", "", "", "", "", "", "Li Wei", "Mr.", "Adviser", "m", ""],
                             ["Kenya", "", "", "", "", "", "Wanjiru Kamau", "H.E. Ms.", "Ambassador", "f", "yes"]]):
        sheet.write_row(r, 0, row)
    book.close()
    assert await dais("roster", "import", str(path), str(target)) == 0
    assert "listed 2 participants (1 States), 3 people" in capsys.readouterr().out
    meeting = await Meeting.watch(path)
    try:
        oxfam = meeting.roster.by_name("Oxfam International")
        assert oxfam is not None and oxfam.seat == 210 and [p.name for p in oxfam.people] == ["Ana López", "Li Wei"]
        assert meeting.roster.get("KEN").head.styled == "H.E. Ms. Wanjiru Kamau"
    finally:
        await meeting.close()


def test_a_programme_may_carry_its_participants(tmp_path):
    from dais.console.room.programme import load_programme

    source = (shipped_text("first-stakeholder-hearing.toml") + '\n[[participants]]\nname = "Oxfam International"\n'
              'category = "stakeholder"\nacronym = "OI"\nseat = 230\n'
              'people = [{ name = "Ana López", title = "Ms.", function = "Director", gender = "female", head = true }]\n')
    (tmp_path / "p.toml").write_text(source, encoding="utf-8")
    programme = load_programme(tmp_path / "p.toml")
    assert [p.name for p in programme.participants] == ["Oxfam International"]
    (tmp_path / "bad.toml").write_text(source.replace('"stakeholder"', '"charity"'), encoding="utf-8")
    with pytest.raises(ProgrammeError) as refused:
        load_programme(tmp_path / "bad.toml")
    assert "participants[0]: unknown category “charity”" in str(refused.value)


async def test_a_meeting_made_from_such_a_programme_has_its_list_at_once(tmp_path):
    from dais.console.room.programme import parse_programme

    programme = parse_programme(shipped_text("first-stakeholder-hearing.toml") + '\n[[participants]]\n'
                                'name = "Oxfam International"\ncategory = "ngo"\nacronym = "OI"\n'
                                'people = [{ name = "Ana López", title = "Ms.", gender = "f", head = true }]\n')
    meeting = await Meeting.open(tmp_path / "m.dais", programme, clock=FakeClock(HEARING))
    try:
        assert [e.event.type for e in meeting.entries] == ["participants_listed"]
        oxfam = meeting.roster.by_name("Oxfam International")
        assert oxfam is not None and oxfam.id in meeting.state.listed and oxfam.head.name == "Ana López"
    finally:
        await meeting.close()


def shipped_text(name: str) -> str:
    from importlib import resources

    return resources.files("dais.console.room.programmes").joinpath(name).read_text(encoding="utf-8")


# -- who spoke --------------------------------------------------------------------------------

async def test_the_head_of_delegation_speaks_unless_the_dais_names_another(held):
    by_speaker = [(held.roster.name(i.participant_id), i.person) for i in held.state.interventions.values()
                  if i.role == "floor"]
    assert ("Mexico", "Tomás Herrera Valdivia") in by_speaker  # the head, by default
    assert ("Switzerland", "Luca Moretti") in by_speaker  # named at the floor
    assert ("Mexico", "Lucía Fernández Ortega") in by_speaker
    last = held.state.interventions[max(held.state.interventions)]
    await held.undo()  # the end of the floor, then the naming: one event, undone, the head again
    assert held.state.interventions[last.id].person == "Lucía Fernández Ortega"
    await held.undo()
    assert held.state.interventions[last.id].person == "Tomás Herrera Valdivia"


async def test_w_at_the_floor_names_the_person_with_type_ahead(hearing, clock, tmp_path):
    await import_example(hearing)
    await hearing.request_floor("CHE")
    await hearing.give_floor()
    app = make_app(hearing, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        floor = app.screen.query_one(FloorPanel)
        assert "Switzerland — H.E. Ms. Annelies Brunner" in str(floor.query_one("#speaker").render())
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PersonForm)
        await pilot.press(*"luc", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DaisScreen)
        assert hearing.state.speaking is not None and hearing.state.speaking.person == "Luca Moretti"
        await pilot.pause(0.1)
        assert "Switzerland — Mr. Luca Moretti" in str(floor.query_one("#speaker").render())
        await pilot.press("w", *"Dr. A. Speaker [b]", "enter")  # not on the list: recorded as typed, as text
        await pilot.pause()
        assert hearing.state.speaking.person == "Dr. A. Speaker [b]"


async def test_the_web_feed_names_the_person_speaking(held, clock):
    await held.request_floor("MEX")
    await held.give_floor()
    floor = live_state("hearing", held.state, clock()).floor
    assert floor is not None and floor.person == "H.E. Mr. Tomás Herrera Valdivia"
    assert floor.person_function == "Permanent Representative"


# -- the exports ------------------------------------------------------------------------------

FORMATS = ["csv", "json", "md", "html", "xlsx", "docx", "chair", "vtt"]


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_every_format_names_the_person_and_counts_the_balance_deterministically(held, language):
    set_language(language)
    try:
        log = log_of(held)
        for fmt in FORMATS:
            assert render(log, fmt) == render(log_of(held), fmt), fmt  # the same journal, the same bytes
        text = {fmt: _text(render(log, fmt), fmt) for fmt in FORMATS}
    finally:
        set_language("en")
    for fmt in FORMATS:
        assert "Luca Moretti" in text[fmt], fmt
    women, balance = ("Femmes", "Équilibre de la salle") if language == "fr" else ("Women", "Balance of the room")
    for fmt in ("md", "html", "xlsx", "docx"):
        assert women in text[fmt] and balance in text[fmt], fmt
    assert "H.E. Mr. Tomás Herrera Valdivia, Permanent Representative" in text["md"]
    assert "| " + women + " | 2 | 2 | 4:30 |" in text["md"]  # Ms. Kowalczyk and Ms. Fernández Ortega
    data = json.loads(text["json"])
    assert data["summary"]["balance"]["by_gender"]["female"] == {"speakers": 2, "interventions": 2,
                                                                 "speaking_time_s": 270.0}
    assert data["summary"]["balance"]["by_turn"]["repeat"]["interventions"] == 1  # Mexico's second
    # Counts only: no intervention, row or cell says a person's gender.
    assert all("gender" not in row for row in data["interventions"])
    assert "gender" not in text["csv"].splitlines()[0] and "female" not in text["csv"]


async def test_the_json_with_people_validates_against_the_shipped_schema(held):
    import jsonschema

    from dais.console.report.schema import shipped
    from dais.models.speaker_log import SpeakerLog

    data = json.loads(render(log_of(held), "json"))
    jsonschema.validate(data, shipped())
    assert SpeakerLog.model_validate(data).model_dump(mode="json") == data
    named = [row for row in data["interventions"] if "person" in row]
    assert named and all(set(row) >= {"person", "person_title", "person_function"} for row in named)


def _text(data: bytes, fmt: str) -> str:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for r in t.rows for c in r.cells])
    return data.decode("utf-8")


# -- the webcast's chapters -------------------------------------------------------------------

CUE = re.compile(r"^(\d\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d\d+):(\d\d):(\d\d)\.(\d{3})$")


def cues_of(vtt: str) -> list[tuple[str, float, float, str]]:
    """A small WebVTT reader: the header, then blocks of identifier, timing and one line of text."""
    blocks = vtt.split("\n\n")
    assert blocks[0] == "WEBVTT"
    found = []
    assert vtt.endswith("\n")
    for block in blocks[1:]:
        if not block.strip() or block.startswith("NOTE"):
            continue
        ident, timing, text = block.strip("\n").split("\n")
        match = CUE.match(timing)
        assert match, timing
        h1, m1, s1, f1, h2, m2, s2, f2 = (int(g) for g in match.groups())
        found.append((ident, h1 * 3600 + m1 * 60 + s1 + f1 / 1000, h2 * 3600 + m2 * 60 + s2 + f2 / 1000, text))
    return found


async def test_the_chapters_validate_and_keep_the_speaker_logs_times(held):
    log = log_of(held)
    cues = cues_of(render(log, "vtt").decode())
    assert len({c[0] for c in cues}) == len(cues)  # identifiers unique
    for (_i, start, end, _t), (_j, following, _e, _u) in zip(cues, cues[1:]):
        assert start < end <= following  # increasing, never overlapping
    origin = log.items[0].actual_start
    by_order = {str(i.order): i for i in log.interventions}
    for ident, start, end, text in cues:
        row = by_order[ident.split("-")[0]]
        if "-" not in ident:  # a cue begins when its intervention does
            assert start == (row.started_at - origin).total_seconds()
        if not any(c[0].startswith(ident.split("-")[0] + "-") for c in cues) and not row.point_of_order:
            assert end == (row.ended_at - origin).total_seconds()  # ... and ends with it, if nothing broke in
    assert len([c for c in cues if "-" not in c[0]]) == len(log.interventions)  # one per intervention
    texts = [c[3] for c in cues]
    assert "Mexico — H.E. Mr. Tomás Herrera Valdivia" in texts
    assert "Point of order: Mexico" in texts
    assert "Anti-Trafficking Watch — Mx. Robin Achterberg (continued)" in texts


async def test_chapters_from_the_webcasts_own_start(held, tmp_path, capsys):
    path = held.path
    out = tmp_path / "chapters.vtt"
    assert await dais("export", str(path), "--format", "vtt", "--from", "09:58:30", "-o", str(out)) == 0
    cues = cues_of(out.read_text(encoding="utf-8"))
    assert cues[0][1] == 90.0  # the hearing opened at 10:00:00, a minute and a half into the webcast
    assert await dais("export", str(path), "--format", "vtt", "--from", "9:61") == 2
    assert "is not a time of day" in capsys.readouterr().err
    assert await dais("export", str(path), "--format", "csv", "--from", "09:58:30") == 2


async def test_chapters_in_french(held):
    set_language("fr")
    try:
        vtt = render(log_of(held), "vtt").decode()
    finally:
        set_language("en")
    assert "Motion d’ordre : Mexique" in vtt and "(suite)" in vtt


async def test_the_speaker_log_screen_names_the_person(held, tmp_path):
    from textual.widgets import DataTable

    from dais.screens.log import SpeakerLog as LogScreen

    app = make_app(held, clock=held.clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(170, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert "Switzerland — Mr. Luca Moretti" in names
        await pilot.press("slash", *"moretti")
        await pilot.pause()
        assert table.row_count == 1
