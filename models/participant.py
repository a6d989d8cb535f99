"""Who can take the floor: Member States, observers, organisations, stakeholders and the panel."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from anyascii import anyascii
from pydantic import BaseModel, ConfigDict, Field

from dais.models.text import Text


class Category(StrEnum):
    """The vocabulary the speaking order and the exports share."""

    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    INTERGOVERNMENTAL = "intergovernmental"
    UN_SYSTEM = "un_system"
    NHRI = "nhri"
    STAKEHOLDER = "stakeholder"
    PANEL = "panel"

    @property
    def badge(self) -> str:
        return _BADGES[self]

    @property
    def is_state(self) -> bool:
        """A Member State or a non-member observer State (the Holy See, the State of Palestine): the
        one home of this question, for the roster, the summary's counts, speech and French names."""
        return self in STATE_CATEGORIES


STATE_CATEGORIES = (Category.MEMBER_STATE, Category.OBSERVER_STATE)

_BADGES = {
    Category.MEMBER_STATE: "MS",
    Category.OBSERVER_STATE: "OBS",
    Category.INTERGOVERNMENTAL: "IGO",
    Category.UN_SYSTEM: "UN",
    Category.NHRI: "NHRI",
    Category.STAKEHOLDER: "NGO",
    Category.PANEL: "PNL",
}



class RegionalGroup(StrEnum):
    """The five UN regional groups."""

    AFRICAN = "African Group"
    ASIA_PACIFIC = "Asia-Pacific Group"
    EASTERN_EUROPEAN = "Eastern European Group"
    LATIN_AMERICAN_CARIBBEAN = "Latin American and Caribbean Group"
    WEOG = "Western European and Others Group"


class Gender(StrEnum):
    """The speaker's gender as the list of participants gives it, for the room's balance (counts only)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Person(BaseModel):
    """One person of a delegation, from the Secretariat's list of participants."""

    model_config = ConfigDict(frozen=True)

    name: Text = Field(min_length=1, description="The person's name: 'Ana María López'.")
    title: Text | None = Field(default=None, description="'H.E. Mr.', 'Ms.', 'Dr.'")
    function: Text | None = Field(default=None, description="'Permanent Representative', 'Programme Officer'")
    gender: Gender | None = None
    head: bool = Field(default=False, description="The head of the delegation: the speaker unless the dais says otherwise")

    @property
    def styled(self) -> str:
        """The name with its title: 'H.E. Mr. Juan Pérez'."""
        return f"{self.title} {self.name}" if self.title else self.name


class Participant(BaseModel):
    """One delegation, organisation or person that may be given the floor."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, description="Stable id: ISO3 for States, a slug for the rest.")
    name: Text = Field(min_length=1, description="Display name: the UN short name.")
    category: Category
    aliases: tuple[Text, ...] = ()
    iso3: str | None = None
    regional_group: RegionalGroup | None = None
    seat: int | None = Field(default=None, ge=1)
    name_fr: Text | None = None
    of_fr: Text | None = Field(default=None, description="The French name after 'de', with its article: 'du Mexique'.")
    people: tuple[Person, ...] = Field(default=(), description="The delegation's people, from the list of participants.")

    @property
    def head(self) -> Person | None:
        """The head of the delegation, if the list of participants names one."""
        return next((person for person in self.people if person.head), None)

    def person(self, name: str) -> Person | None:
        """The delegation's person of that name, if the list has them."""
        return next((person for person in self.people if person.name == name), None)


class Group(BaseModel):
    """A group on whose behalf a delegation may speak: the African Group, the G77, the EU..."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, description="Stable id, kept in the journal: 'african-group', 'g77'.")
    name: Text = Field(min_length=1, description="The name as in UN records.")
    aliases: tuple[Text, ...] = ()
    members: tuple[str, ...] | None = Field(
        default=None, description="ISO3 codes of the members, where the list is public; None where not shipped.")


def slug(name: str) -> str:
    """A stable id part from a name: accents folded, other scripts transliterated, lower case,
    hyphens ("Jürg" -> "jurg", "Москва" -> "moskva", "北京" -> "beijing")."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = anyascii(folded).casefold()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "participant"
