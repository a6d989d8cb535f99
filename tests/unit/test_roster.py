"""Roster lookup as the secretary types."""

import pytest

from dais.console.room.roster import EXACT, FUZZY, Roster, normalise
from dais.models import Category, Participant


@pytest.fixture(scope="module")
def roster():
    r = Roster.reference()
    r.with_seats(r.alphabetical_seats())
    return r


def first(roster, query):
    return roster.search(query)[0].participant


def test_reference_roster_holds_every_state_and_the_usual_organisations(roster):
    people = list(roster)
    assert sum(p.category is Category.MEMBER_STATE for p in people) == 193
    assert {p.id for p in people if p.category is Category.OBSERVER_STATE} == {"VAT", "PSE"}
    assert roster.get("EU").category is Category.INTERGOVERNMENTAL
    for acronym in ["IOM", "UNHCR", "OHCHR", "ILO", "UNICEF", "UN Women", "UNDP", "UNODC", "UN DESA",
                    "WHO", "UNFPA", "UNESCO", "ICRC", "IFRC"]:
        assert roster.search(acronym)[0].tier == EXACT, acronym
    assert roster.get("TUR").name == "Türkiye"
    assert roster.get("CIV").name == "Côte d\u2019Ivoire"
    assert roster.get("KEN").regional_group.value == "African Group"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cote", "CIV"),
        ("cote d'ivoire", "CIV"),
        ("Côte d\u2019Ivoire", "CIV"),
        ("ivory coast", "CIV"),
        ("turk", "TUR"),
        ("Turkey", "TUR"),
        ("usa", "USA"),
        ("US", "USA"),
        ("United States", "USA"),
        ("uk", "GBR"),
        ("Britain", "GBR"),
        ("russia", "RUS"),
        ("iran", "IRN"),
        ("syria", "SYR"),
        ("bolivia", "BOL"),
        ("venezuela", "VEN"),
        ("tanzania", "TZA"),
        ("vietnam", "VNM"),
        ("laos", "LAO"),
        ("north korea", "PRK"),
        ("south korea", "KOR"),
        ("moldova", "MDA"),
        ("micronesia", "FSM"),
        ("netherlands", "NLD"),
        ("czech republic", "CZE"),
        ("swaziland", "SWZ"),
        ("macedonia", "MKD"),
        ("cape verde", "CPV"),
        ("vatican", "VAT"),
        ("palestine", "PSE"),
        ("MEX", "MEX"),
        ("swizerland", "CHE"),
        ("guinea", "GIN"),
        ("bissau", "GNB"),
    ],
)
def test_lookup_finds_what_the_secretary_types(roster, query, expected):
    assert first(roster, query).id == expected


def test_exact_code_or_alias_ranks_before_prefix_and_prefix_before_fuzzy(roster):
    tiers = [m.tier for m in roster.search("niger")]
    assert [m.participant.id for m in roster.search("niger")][:2] == ["NER", "NGA"]
    assert tiers == sorted(tiers)
    assert roster.search("swizerland")[0].tier == FUZZY


def test_seat_number_finds_the_delegation_seated_alphabetically(roster):
    seats = roster.alphabetical_seats()
    assert seats["AFG"] == 1 and seats["ALB"] == 2
    assert first(roster, "1").id == "AFG"
    assert first(roster, str(seats["ZWE"])).id == "ZWE"


def test_imported_seating_list_replaces_the_numbers():
    roster = Roster.reference()
    roster.with_seats({"CHE": 7})
    assert first(roster, "7").id == "CHE"
    assert roster.get("AFG").seat is None


def test_reseating_drops_the_old_seat_numbers_from_the_lookup():
    roster = Roster.reference()
    roster.with_seats(roster.alphabetical_seats())
    assert first(roster, "1").id == "AFG"
    roster.with_seats({"CHE": 1, "AFG": 2})
    assert [m.participant.id for m in roster.search("1") if m.tier == EXACT] == ["CHE"]
    assert [m.participant.id for m in roster.search("2") if m.tier == EXACT] == ["AFG"]
    assert not [m for m in roster.search("3") if m.tier == EXACT]
    assert first(roster, "afghanistan").seat == 2


def test_a_copy_is_independent_of_its_original():
    original = Roster.reference()
    copy = original.copy()
    copy.add(Participant(id="stakeholder:picum", name="PICUM", category=Category.STAKEHOLDER))
    copy.with_seats({"KEN": 5})
    assert "stakeholder:picum" in copy and "stakeholder:picum" not in original
    assert first(copy, "5").id == "KEN"
    assert not [m for m in original.search("5") if m.tier == EXACT]
    assert original.get("KEN").seat is None


def test_newcomer_is_found_like_the_rest():
    roster = Roster.reference()
    roster.add(Participant(id="stakeholder:picum", name="Platform for International Cooperation on "
                           "Undocumented Migrants", category=Category.STAKEHOLDER, aliases=("PICUM",)))
    assert first(roster, "picum").id == "stakeholder:picum"
    assert first(roster, "undocumented").id == "stakeholder:picum"


def test_normalise_folds_case_accents_and_apostrophes():
    assert normalise("Côte d\u2019Ivoire") == normalise("COTE D'IVOIRE") == "cote d'ivoire"
    assert normalise("Türkiye") == "turkiye"


def test_french_names_are_found_and_known(roster):
    assert first(roster, "Suisse").id == "CHE"
    assert first(roster, "allemagne").id == "DEU"
    assert roster.get("USA").of_fr == "des États-Unis d’Amérique"
    states = [p for p in roster if p.category.value in ("member_state", "observer_state")]
    assert all(p.name_fr and p.of_fr for p in states)


def test_an_apostrophe_in_a_different_place_still_finds_the_exact_name(roster):
    # The query's own form is no key, but its form without apostrophes is.
    assert first(roster, "lao peoples' democratic republic").id == "LAO"
