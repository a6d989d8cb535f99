"""French announcements: States with le, la, l' and les, organisations, groups, elision and contraction."""

from __future__ import annotations

import pytest

from dais.console.lang import french
from dais.console.room.roster import Roster
from dais.console.voice.speech import floor_text
from dais.models import Category, Participant

ROSTER = Roster.reference()


def member(iso3: str) -> Participant:
    return ROSTER.get(iso3)


def other(name: str, category: Category = Category.STAKEHOLDER) -> Participant:
    return Participant(id=name.lower().replace(" ", "-"), name=name, category=category)


STATE = "La parole est au distingué représentant {}."
ORGANISATION = "La parole est au représentant {}."

CASES = [
    # States: le, la, l', les, and none
    (member("BRA"), None, STATE.format("du Brésil")),
    (member("MEX"), None, STATE.format("du Mexique")),
    (member("GBR"), None, STATE.format("du Royaume-Uni de Grande-Bretagne et d’Irlande du Nord")),
    (member("VEN"), None, STATE.format("du Venezuela")),
    (member("VAT"), None, STATE.format("du Saint-Siège")),
    (member("CIV"), None, STATE.format("de la Côte d’Ivoire")),
    (member("KOR"), None, STATE.format("de la République de Corée")),
    (member("TUR"), None, STATE.format("de la Türkiye")),
    (member("BOL"), None, STATE.format("de la Bolivie")),
    (member("AFG"), None, STATE.format("de l’Afghanistan")),
    (member("EGY"), None, STATE.format("de l’Égypte")),
    (member("IRN"), None, STATE.format("de l’Iran")),
    (member("PSE"), None, STATE.format("de l’État de Palestine")),
    (member("USA"), None, STATE.format("des États-Unis d’Amérique")),
    (member("BHS"), None, STATE.format("des Bahamas")),
    (member("NLD"), None, STATE.format("des Pays-Bas")),
    (member("MHL"), None, STATE.format("des Îles Marshall")),
    (member("CUB"), None, STATE.format("de Cuba")),
    (member("HTI"), None, STATE.format("d’Haïti")),
    (member("ISR"), None, STATE.format("d’Israël")),
    (member("OMN"), None, STATE.format("d’Oman")),
    (member("HND"), None, STATE.format("du Honduras")),  # h aspiré: no elision
    # on behalf of a group, named in English as the request form suggests
    (member("EGY"), "the African Group", STATE.format("de l’Égypte, au nom du Groupe des États d’Afrique")[:-1] + "."),
    (member("ARG"), "Group of 77 and China",
     "La parole est au distingué représentant de l’Argentine, au nom du Groupe des 77 et de la Chine."),
    (member("DEU"), "European Union",
     "La parole est au distingué représentant de l’Allemagne, au nom de l’Union européenne."),
    (member("NPL"), "Least Developed Countries",
     "La parole est au distingué représentant du Népal, au nom des pays les moins avancés."),
    (member("FJI"), "Alliance of Small Island States",
     "La parole est au distingué représentant des Fidji, au nom de l’Alliance des petits États insulaires."),
    (member("SAU"), "Arab Group",
     "La parole est au distingué représentant de l’Arabie saoudite, au nom du Groupe des États arabes."),
    (member("ISL"), "Nordic countries",
     "La parole est au distingué représentant de l’Islande, au nom des pays nordiques."),
    # organisations: a vowel or a consonant first, with or without a French name
    (other("Oxfam"), None, ORGANISATION.format("d’Oxfam")),
    (other("Amnesty International"), None, ORGANISATION.format("d’Amnesty International")),
    (other("Human Rights Watch"), None, ORGANISATION.format("de Human Rights Watch")),
    (other("Greenpeace"), None, ORGANISATION.format("de Greenpeace")),
    (ROSTER.get("IOM"), None, ORGANISATION.format("de l’Organisation internationale pour les migrations")),
    (ROSTER.get("UNHCR"), None, ORGANISATION.format("du Haut-Commissariat des Nations Unies pour les réfugiés")),
    (ROSTER.get("UNWOMEN"), None, ORGANISATION.format("d’ONU-Femmes")),
    (ROSTER.get("EU"), None, ORGANISATION.format("de l’Union européenne")),
    (ROSTER.get("IPU"), None, ORGANISATION.format("de l’Union interparlementaire")),
    (ROSTER.get("WB"), None, ORGANISATION.format("de la Banque mondiale")),
    (ROSTER.get("UNEP"), None, ORGANISATION.format("du Programme des Nations Unies pour l’environnement")),
    (ROSTER.get("UNHABITAT"), None, ORGANISATION.format("d’ONU-Habitat")),
    (other("Youth Coalition"), None, ORGANISATION.format("de Youth Coalition")),
    (other("La Strada International"), None, ORGANISATION.format("de La Strada International")),
    # a group typed in French
    (member("SEN"), "Groupe des États d’Afrique",
     "La parole est au distingué représentant du Sénégal, au nom du Groupe des États d’Afrique."),
    (member("BEL"), "l'Union européenne",
     "La parole est au distingué représentant de la Belgique, au nom de l’Union européenne."),
]


@pytest.mark.parametrize(("participant", "group", "expected"), CASES, ids=[c[2][37:70] for c in CASES])
def test_french_floor_announcement(participant, group, expected):
    assert floor_text(participant, "fr", group) == expected


def test_point_of_order_and_person_in_french():
    assert floor_text(member("CHL"), "fr", point_of_order=True) == (
        "La parole est au représentant du Chili, sur une motion d’ordre.")
    person = Participant(id="arbour", name="Mme Louise Arbour", category=Category.PANEL)
    assert floor_text(person, "fr") == "La parole est à Madame Louise Arbour."  # the title said in full


@pytest.mark.parametrize(("name", "of", "to"), [
    ("le Président", "du Président", "au Président"),
    ("les États Membres", "des États Membres", "aux États Membres"),
    ("la Présidente", "de la Présidente", "à la Présidente"),
    ("l’Assemblée", "de l’Assemblée", "à l’Assemblée"),
    ("l'Assemblée", "de l’Assemblée", "à l’Assemblée"),
    ("Oxfam", "d’Oxfam", "à Oxfam"),
    ("Greenpeace", "de Greenpeace", "à Greenpeace"),
])
def test_de_and_a_elide_and_contract(name, of, to):
    assert french.de(name) == of
    assert french.a(name) == to


def test_every_state_of_the_roster_has_its_french_name_with_its_article():
    states = [p for p in ROSTER if p.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE)]
    assert len(states) == 195
    names = french.state_names()
    assert not [p.id for p in states if p.id not in names]
    assert len(names) == 195
    for p in states:  # the article agrees with the roster's own "de" form
        assert french.de(names[p.id]).split(" (")[0] == p.of_fr.split(" (")[0] or p.id == "AND", p.id


def test_english_groups_take_the():
    assert floor_text(member("EGY"), "en", "African Group") == (
        "The floor is given to the distinguished representative of Egypt, on behalf of the African Group.")
    assert floor_text(member("EGY"), "en", "the African Group").endswith("on behalf of the African Group.")
