"""Issue 29: "swiss" finds Switzerland (the shipped demonyms, English and French); a newcomer typed
in lower case is recorded capitalised, small words and acronyms kept."""

from __future__ import annotations

from importlib import resources

import pytest

from dais.console.room.roster import Roster, normalise, parse_demonyms_csv
from dais.console.floor.rules import newcomer_name
from dais.models import Category

DEMONYMS = parse_demonyms_csv(
    resources.files("dais.console.data").joinpath("demonyms.csv").read_text(encoding="utf-8"))


def test_every_state_of_the_roster_has_its_demonyms_and_every_row_is_a_state():
    roster = Roster.reference()
    states = {p.id for p in roster if p.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE)}
    assert set(DEMONYMS) == states
    assert len(states) == 195
    assert all(len(forms) >= 2 for forms in DEMONYMS.values())  # English and French


def test_each_demonym_finds_its_state_first():
    roster = Roster.reference()
    for state, forms in DEMONYMS.items():
        for form in forms:
            found = [m.participant.id for m in roster.search(form)]
            sharing = {other for other, theirs in DEMONYMS.items()
                       if normalise(form) in {normalise(f) for f in theirs}}  # "Congolese", "Dominican"
            assert found and found[0] in sharing and state in found[:len(sharing)], (form, found[:3])


@pytest.mark.parametrize("typed, state", [("swiss", "CHE"), ("french", "FRA"), ("emirati", "ARE"),
                                          ("dutch", "NLD"), ("Suisse", "CHE"), ("néerlandaise", "NLD"),
                                          ("americaine", "USA"), ("filipino", "PHL")])
def test_the_adjectives_of_the_report(typed, state):
    assert Roster.reference().search(typed)[0].participant.id == state


async def test_swiss_at_the_dais_is_switzerland_not_a_new_ngo(meeting, clock, tmp_path):
    from dais.console.app import make_app
    from tests.pilot import request

    app = make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await request(pilot, "swiss")
        assert [r.participant_id for r in app.meeting.state.queue()] == ["CHE"]


@pytest.mark.parametrize("typed, recorded", [
    ("oxfam", "Oxfam"),
    ("amnesty international", "Amnesty International"),
    ("  migrant   forum in asia ", "Migrant Forum in Asia"),
    ("women's refugee commission", "Women's Refugee Commission"),
    ("asia-pacific forum of the ngos", "Asia-Pacific Forum of the NGOs"),
    ("médecins du monde", "Médecins du Monde"),
    ("ligue des droits de l'homme", "Ligue des Droits de l'Homme"),
    ("the elders", "The Elders"),
    ("IOM", "IOM"), ("WaterAid", "WaterAid"), ("ActionAid international", "ActionAid international"),
])
def test_a_newcomer_typed_in_lower_case_is_capitalised(typed, recorded):
    assert newcomer_name(typed) == recorded


async def test_the_newcomer_is_recorded_capitalised(meeting):
    participant = await meeting.add_participant("amnesty international", Category.STAKEHOLDER)
    assert participant.name == "Amnesty International"
    assert meeting.roster.get(participant.id).name == "Amnesty International"
