"""English announcements: names with their article ("the Holy See"), UN lists' inverted names in
the order they are said, and titles said in full ("His Excellency Mister"), checked as text and
as real espeak-ng audio measured with sox."""

from __future__ import annotations

import pytest

from dais.console.lang import english
from dais.console.room.roster import Roster
from dais.console.voice.speech import Announcer, Phrase, SpeechSettings, floor_text
from dais.models import Category, Participant
from tests.e2e.test_speech import until, wav_stats

ROSTER = Roster.reference()
STATE = "The floor is given to the distinguished representative of {}."
ORGANISATION = "The floor is given to the representative of {}."


def person(name: str) -> Participant:
    return Participant(id="panel:x", name=name, category=Category.PANEL)


def other(name: str, category: Category = Category.STAKEHOLDER) -> Participant:
    return Participant(id="stakeholder:x", name=name, category=category)


@pytest.mark.parametrize(("participant", "said"), [
    (ROSTER.get("VAT"), STATE.format("the Holy See")),
    (ROSTER.get("USA"), STATE.format("the United States of America")),
    (ROSTER.get("PSE"), STATE.format("the State of Palestine")),
    (ROSTER.get("GBR"), STATE.format("the United Kingdom of Great Britain and Northern Ireland")),
    (ROSTER.get("RUS"), STATE.format("the Russian Federation")),
    (ROSTER.get("NLD"), STATE.format("the Kingdom of the Netherlands")),
    (ROSTER.get("IRN"), STATE.format("the Islamic Republic of Iran")),
    (ROSTER.get("BOL"), STATE.format("the Plurinational State of Bolivia")),
    (ROSTER.get("VEN"), STATE.format("the Bolivarian Republic of Venezuela")),
    (ROSTER.get("FSM"), STATE.format("the Federated States of Micronesia")),
    (ROSTER.get("COD"), STATE.format("the Democratic Republic of the Congo")),
    (ROSTER.get("GMB"), STATE.format("the Gambia")),
    (ROSTER.get("PHL"), STATE.format("the Philippines")),
    (ROSTER.get("KOR"), STATE.format("the Republic of Korea")),
    (ROSTER.get("MEX"), STATE.format("Mexico")),
    (ROSTER.get("CZE"), STATE.format("Czechia")),
    (ROSTER.get("TUR"), STATE.format("Türkiye")),
    (ROSTER.get("CIV"), STATE.format("Côte d’Ivoire")),
    (ROSTER.get("EU"), ORGANISATION.format("the European Union")),
    (ROSTER.get("IOM"), ORGANISATION.format("the International Organization for Migration")),
    (ROSTER.get("UNHCR"), ORGANISATION.format("the Office of the United Nations High Commissioner for Refugees")),
    (ROSTER.get("UNWOMEN"), ORGANISATION.format("UN Women")),
    (ROSTER.get("UNHABITAT"), ORGANISATION.format("UN-Habitat")),
    (other("PICUM"), ORGANISATION.format("PICUM")),
    (other("Amnesty International"), ORGANISATION.format("Amnesty International")),
    (other("Human Rights Watch"), ORGANISATION.format("Human Rights Watch")),
    (other("International Rescue Committee"), ORGANISATION.format("the International Rescue Committee")),
    (other("Migrant Forum in Asia"), ORGANISATION.format("the Migrant Forum in Asia")),
    (other("The Elders"), ORGANISATION.format("The Elders")),
    (person("H.E. Mr. Jürg Lauber"), "The floor is given to His Excellency Mister Jürg Lauber."),
    (person("H.E. Ms. María Fernanda Espinosa"), "The floor is given to Her Excellency Miz María Fernanda Espinosa."),
    (person("Ms. Louise Arbour"), "The floor is given to Miz Louise Arbour."),
    (person("Mrs. Ana Smith"), "The floor is given to Missus Ana Smith."),
    (person("Dr. Khalid Koser"), "The floor is given to Doctor Khalid Koser."),
    (person("Prof. Jane Doe"), "The floor is given to Professor Jane Doe."),
    (person("Amb. Omar Hilale"), "The floor is given to Ambassador Omar Hilale."),
    (person("S.E. M. Jürg Lauber"), "The floor is given to His Excellency Mister Jürg Lauber."),
    (person("M. A. Smith"), "The floor is given to Mister A. Smith."),
    (person("Amina J. Mohammed"), "The floor is given to Amina J. Mohammed."),  # no title: as written
    (person("Miss"), "The floor is given to Miss."),  # a title with no name after it is the name
])
def test_english_names_take_their_article_and_titles_are_said(participant, said):
    assert floor_text(participant, "en") == said


@pytest.mark.parametrize(("name", "said"), [
    ("H.E. Mr. Jürg Lauber", "La parole est à Son Excellence Monsieur Jürg Lauber."),
    ("S.E. M. Jürg Lauber", "La parole est à Son Excellence Monsieur Jürg Lauber."),
    ("S. E. Mme Amina Mohammed", "La parole est à Son Excellence Madame Amina Mohammed."),
    ("Mme Louise Arbour", "La parole est à Madame Louise Arbour."),
    ("Dr. Omar Alnuaimi", "La parole est au docteur Omar Alnuaimi."),
    ("Pr Jane Doe", "La parole est au professeur Jane Doe."),
])
def test_french_titles_are_said_in_french(name, said):
    assert floor_text(person(name), "fr") == said


def test_a_point_of_order_opens_with_the_capital_article():
    assert floor_text(ROSTER.get("VAT"), "en", point_of_order=True) == "The Holy See on a point of order."


def test_every_inverted_roster_name_is_said_in_its_natural_order():
    names = english.spoken_names()
    assert set(names) <= {p.id for p in ROSTER}  # no entry for an unknown id
    for participant in ROSTER:
        said = english.name_en(participant)
        assert "(" not in said, participant.name  # "Iran (Islamic Republic of)" is never read out as listed
        assert said == participant.name or said.startswith("the "), (participant.name, said)


async def test_the_names_and_titles_are_spoken_by_espeak_ng(tmp_path):
    announcer = Announcer(SpeechSettings(), tmp_path / "speech.log", output_dir=tmp_path / "wav")
    await announcer.start()
    texts = [floor_text(ROSTER.get("VAT")), floor_text(person("H.E. Mr. Jürg Lauber"))]
    for text in texts:
        announcer.announce(Phrase(text, "floor"))
        assert await until(lambda: len(announcer.spoken) == texts.index(text) + 1)
    for wav in announcer.spoken:
        duration, rms = wav_stats(wav)
        assert 1.5 < duration < 12 and rms > 0.01
    await announcer.close()
