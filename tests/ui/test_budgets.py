"""Time budgets per category, regional group or delegation: the programme file, the limit a
speaker gets, what is left, the warning, live changes and undo, the report, and the dais."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from dais.console.lang import typed
from dais.console.app import make_app
from dais.console.floor.budgets import budget_lines, speaker_limit, used_up_budget
from dais.console.lang.errors import ProcedureError
from dais.console.report.export import render, speaker_log
from dais.console.floor.meeting import Meeting
from dais.console.room.programme import parse_programme, programme_toml, template_text
from dais.models import Budget, BudgetSet, Category, RegionalGroup
from dais.screens.budgets import BudgetBar
from dais.screens.queue import QueueTable

BUDGETS = [
    Budget(category=Category.MEMBER_STATE, limit=120, total=300),
    Budget(group=RegionalGroup.WEOG, total=150),
    Budget(category=Category.STAKEHOLDER, limit=90),
    Budget(delegation="KEN", limit=240),
]


@pytest.fixture
async def budgeted(tmp_path, programme, clock):
    """The shipped programme with budgets on Panel 1, opened at Panel 1."""
    items = list(programme.items)
    items[1] = items[1].model_copy(update={"budgets": BUDGETS})
    opened = await Meeting.open(tmp_path / "budgets.dais", programme.model_copy(update={"items": items}), clock=clock)
    await opened.advance_item()
    yield opened
    await opened.close()


async def speak(meeting, clock, pid: str, seconds: float) -> None:
    await meeting.request_floor(pid)
    await meeting.give_floor()
    clock.advance(seconds)
    await meeting.end_floor()


# -- the programme file ----------------------------------------------------------------------

def test_the_template_documents_budgets_and_they_survive_a_round_trip():
    programme = parse_programme(template_text())
    budgets = programme.item("panel-1").budgets
    assert Budget(category=Category.STAKEHOLDER, limit=120, total=1800) in budgets
    assert Budget(group=RegionalGroup.WEOG, total=1200) in budgets  # written "WEOG" in the file
    assert parse_programme(programme_toml(programme)).item("panel-1").budgets == budgets


@pytest.mark.parametrize(("budget", "error"), [
    ({"category": "member_state", "group": "WEOG", "total": "5m"}, "exactly one of"),
    ({"group": "WEOG"}, "a limit, a total, or both"),
    ({"group": "Nordic", "total": "5m"}, "group"),
    ({"category": "ngo", "total": "5m"}, "category"),
    ({"delegation": "CHE", "total": "ten"}, "2m, 90s or 1:30"),
    ({"delegation": "CHE", "total": 0}, "longer than zero"),
])
def test_a_malformed_budget_is_refused_with_a_reason(budget, error):
    with pytest.raises(ValidationError, match=error):
        Budget.model_validate(budget)


def test_an_item_has_one_budget_per_holder():
    programme = parse_programme(template_text())
    item = programme.item("panel-1").model_dump()
    item["budgets"] = [{"group": "WEOG", "total": 60}, {"group": "Western European and Others Group", "total": 90}]
    with pytest.raises(ValidationError, match="two budgets for the group"):
        type(programme.item("panel-1")).model_validate(item)


def test_budgets_as_typed_at_the_dais():
    assert typed.budget("WEOG 20:00") == (("group", RegionalGroup.WEOG.value), Budget(group="WEOG", total=1200))
    assert typed.budget("ngo limit 2 total 30m")[1] == Budget(category=Category.STAKEHOLDER, limit=120, total=1800)
    assert typed.budget("MS limit 90s")[1] == Budget(category=Category.MEMBER_STATE, limit=90)
    assert typed.budget("che off") == (("delegation", "CHE"), None)
    for wrong in ("WEOG", "WEOG soon 2", "WEOG limit 2 limit 3"):
        with pytest.raises(ValueError, match="write who, then the total"):
            typed.budget(wrong)


# -- the engine ------------------------------------------------------------------------------

async def test_a_speaker_gets_the_most_particular_limit(budgeted):
    item, roster = budgeted.state.item, budgeted.roster
    assert speaker_limit(item, roster.get("CHE")) == 120  # Member State
    assert speaker_limit(item, roster.get("KEN")) == 240  # its own delegation's, before its category's
    await budgeted.request_floor("KEN")
    assert (await budgeted.give_floor()).event.allotted_s == 240
    await budgeted.request_floor("CHE")
    assert (await budgeted.give_floor()).event.allotted_s == 120


async def test_what_is_left_by_category_and_by_regional_group(budgeted, clock):
    await speak(budgeted, clock, "CHE", 100)  # WEOG Member State
    await speak(budgeted, clock, "BRA", 80)  # GRULAC Member State
    lines = {line.label: line for line in budget_lines(budgeted.state, clock())}
    assert (lines["Member States"].used_s, lines["Member States"].left_s) == (180, 120)
    assert (lines[RegionalGroup.WEOG.value].used_s, lines[RegionalGroup.WEOG.value].left_s) == (100, 50)
    # The speaker on the floor counts as they speak.
    await budgeted.request_floor("FRA")
    await budgeted.give_floor()
    clock.advance(30)
    lines = {line.label: line for line in budget_lines(budgeted.state, clock())}
    assert lines[RegionalGroup.WEOG.value].left_s == 20 and not lines[RegionalGroup.WEOG.value].used_up
    clock.advance(20)
    assert str(used_up_budget(budgeted.state, "DEU", clock())).startswith(f"{RegionalGroup.WEOG.value}: USED UP")
    assert used_up_budget(budgeted.state, "BRA", clock()) is None


async def test_a_budget_changed_live_is_journaled_and_undone(budgeted, clock):
    await speak(budgeted, clock, "CHE", 150)
    assert used_up_budget(budgeted.state, "FRA", clock()) is not None
    entry = await budgeted.set_budget("panel-1", Budget(group=RegionalGroup.WEOG, total=600))
    assert isinstance(entry.event, BudgetSet)
    assert used_up_budget(budgeted.state, "FRA", clock()) is None
    await budgeted.undo()
    assert used_up_budget(budgeted.state, "FRA", clock()) is not None
    await budgeted.clear_budget("panel-1", ("group", RegionalGroup.WEOG.value))
    assert [b.key[0] for b in budgeted.state.item.budgets] == ["category", "category", "delegation"]
    with pytest.raises(ProcedureError, match="no budget"):
        await budgeted.clear_budget("panel-1", ("group", RegionalGroup.WEOG.value))
    with pytest.raises(ProcedureError, match="roster"):
        await budgeted.set_budget("panel-1", Budget(delegation="XXX", total=60))
    await budgeted.undo()
    assert Budget(group=RegionalGroup.WEOG, total=150) in budgeted.state.item.budgets


async def test_the_report_gives_time_used_against_budget(budgeted, clock):
    await speak(budgeted, clock, "CHE", 100)
    await speak(budgeted, clock, "FRA", 70)
    log = speaker_log(budgeted.state, clock())
    assert [(b.holder, b.used_s, b.total_s) for b in log.budgets] == [
        ("Member States", 170, 300), (RegionalGroup.WEOG.value, 170, 150)]
    assert json.loads(render(log, "json"))["budgets"] == [b.model_dump() for b in log.budgets]
    md = render(log, "md").decode()
    assert "## Time against budget" in md
    assert f"| {RegionalGroup.WEOG.value} | 2:50 | 2:30 | used up |" in md
    assert "| Member States | 2:50 | 5:00 | 2:10 |" in md


# -- the dais --------------------------------------------------------------------------------

async def test_the_dais_shows_the_budgets_warns_and_changes_them_live(budgeted, clock, tmp_path):
    await speak(budgeted, clock, "CHE", 160)
    await budgeted.request_floor("FRA")
    await budgeted.request_floor("BRA")
    app = make_app(budgeted, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(140, 36)) as pilot:
        bar = app.screen.query_one(BudgetBar)
        text = str(bar.content)
        assert bar.display and "Member States: 2:20 left of 5:00" in text
        assert f"{RegionalGroup.WEOG.value}: USED UP (2:40 of 2:30)" in text
        queue = app.screen.query_one(QueueTable)
        flags = {queue.get_row_at(n)[1]: queue.get_row_at(n)[3] for n in range(queue.row_count)}
        assert "BUDGET" in flags["France"] and "BUDGET" not in flags["Brazil"]
        await pilot.press("n")  # France, a WEOG State: the warning
        await pilot.pause()
        assert budgeted.state.speaking.participant_id == "FRA"
        assert any(n.title == "Budget" and "France" in n.message for n in app._notifications)
        await pilot.press("b", *"WEOG 10:00", "enter")
        await pilot.pause()
        assert isinstance(budgeted.entries[-1].event, BudgetSet)
        assert f"{RegionalGroup.WEOG.value}: 7:20 left of 10:00" in str(bar.content)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "USED UP" in str(bar.content)
        await pilot.press("b", *"WEOG soon", "enter")
        await pilot.pause()
        assert any("not a duration" in n.message for n in app._notifications)
        assert not isinstance(budgeted.entries[-1].event, BudgetSet)


async def test_the_forecast_gives_each_speaker_their_budget_limit(budgeted, clock):
    from dais.console.floor.forecast import queue_rows

    for pid in ("CHE", "KEN", "BRA"):
        await budgeted.request_floor(pid)
    rows, forecast = queue_rows(budgeted.state, clock())
    starts = {row.participant.id: row.estimated_start - clock() for row in rows}
    # Before anyone has spoken the typical length is the item's 3:00 limit, scaled by each
    # speaker's own limit: a Member State 2:00, Kenya its own 4:00.
    assert [row.participant.id for row in rows] == ["CHE", "KEN", "BRA"]
    assert starts == {"CHE": 0, "KEN": 120, "BRA": 360}
    assert forecast.predicted_end - clock() == 480


# -- the watchers and the web (the moderators see what the dais sees) ---------------------------

async def test_the_watch_view_shows_the_budgets_and_the_budget_marks(budgeted, clock):
    from dais.console.app.watch import WatchApp
    from dais.screens.rows import RowList

    await speak(budgeted, clock, "CHE", 160)
    await budgeted.request_floor("FRA")
    await budgeted.request_floor("BRA")
    watcher = await Meeting.watch(budgeted.path, clock=clock)
    app = WatchApp(watcher, clock=clock, poll=0.02)
    async with app.run_test(size=(140, 36)) as pilot:
        await pilot.pause(0.1)
        bar = app.screen.query_one(BudgetBar)
        assert bar.display and f"{RegionalGroup.WEOG.value}: USED UP (2:40 of 2:30)" in str(bar.content)
        table = app.screen.query_one("#next", RowList)
        flags = {table.get_row_at(n)[1]: table.get_row_at(n)[3] for n in range(table.row_count)}
        assert "BUDGET" in flags["France"] and "BUDGET" not in flags["Brazil"]
    await watcher.close()


async def test_the_live_state_carries_the_budgets_and_flags_a_used_up_speaker(budgeted, clock):
    from dais.console.floor.forecast import queue_rows
    from dais.console.web.live import live_state

    await speak(budgeted, clock, "CHE", 160)
    await budgeted.request_floor("FRA")
    await budgeted.request_floor("BRA")
    live = live_state("budgets", budgeted.state, clock())
    lines = {b.holder_id: b for b in live.budgets}
    assert lines[RegionalGroup.WEOG.value].used_up and lines[RegionalGroup.WEOG.value].used_s == 160.0
    assert not lines["member_state"].used_up and lines["member_state"].left_s == 140.0
    marks = {e.who.id: e.budget_used_up for e in live.queue}
    assert marks == {"FRA": True, "BRA": False}
    # France keeps her limit in the forecast (the chair decides whether she speaks): Brazil after
    # her starts 120 s later, the Member States' limit, blended with what was measured.
    rows, _forecast = queue_rows(budgeted.state, clock())
    assert [r.participant.id for r in rows] == ["FRA", "BRA"] and rows[1].estimated_start > rows[0].estimated_start


async def test_an_item_without_budgets_sends_none(meeting, clock):
    from dais.console.web.live import live_state

    await meeting.request_floor("KEN")
    live = live_state("plain", meeting.state, clock())
    assert live.budgets == [] and not live.queue[0].budget_used_up


async def test_the_chair_s_list_has_the_current_item_s_budgets(budgeted, clock):
    await speak(budgeted, clock, "CHE", 160)
    await budgeted.request_floor("BRA")
    page = render(speaker_log(budgeted.state), "chair").decode()
    section = page[page.index("<h3>Time budgets</h3>"):]
    assert "<td>Member States</td><td>2:00</td><td>5:00</td><td>2:40</td><td>2:20</td>" in section
    assert f"<td>{RegionalGroup.WEOG.value}</td><td>—</td><td>2:30</td><td>2:40</td><td>USED UP</td>" in section
    assert page.index("Remaining requests") < page.index("Time budgets")


async def test_the_chair_s_list_has_no_budget_section_without_budgets(meeting, clock):
    await meeting.request_floor("KEN")
    assert "Time budgets" not in render(speaker_log(meeting.state), "chair").decode()


def test_a_whole_category_holds_a_budget_under_its_plural_name_in_either_language():
    """One table of plurals (models/speaker_log.py), translated: not the singular with an "s"
    added ("UN system entitys"), nor English in a French meeting."""
    from dais.console.lang import i18n
    from dais.console.floor.budgets import holder_label

    holders = {category: Budget(category=category, total=600) for category in Category}
    assert holder_label(holders[Category.UN_SYSTEM]) == "UN system entities"
    assert holder_label(holders[Category.MEMBER_STATE]) == "Member States"
    assert holder_label(holders[Category.STAKEHOLDER]) == "Non-governmental organizations"
    with i18n.using("fr"):
        assert holder_label(holders[Category.UN_SYSTEM]) == "Entités du système des Nations Unies"
        assert holder_label(holders[Category.MEMBER_STATE]) == "États Membres"
        names = [holder_label(budget) for budget in holders.values()]
    assert len(set(names)) == len(Category)


def test_is_a_state_has_one_home():
    assert [c for c in Category if c.is_state] == [Category.MEMBER_STATE, Category.OBSERVER_STATE]
