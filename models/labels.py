"""The human names of the speaker log's vocabulary (categories, kinds of item, roles, statuses,
changes), in English and marked for the catalogue; console.lang.i18n translates them where shown.

Apart from models/speaker_log.py so that the screens and the engine can name things without
building the log's pydantic models: the dais's first frame needs the names, not the log.
"""

from __future__ import annotations

from dais.models.participant import Category
from dais.models.programme import ItemKind


def N_(context: str, message: str) -> str:
    """Marks a label for the translation catalogue, with the sense it has here ("Panel" is a
    category and a kind of item); console.lang.i18n translates it where it is shown."""
    return message


# Human names, for every export and screen (the json keeps the ids and carries these too).
CATEGORY_LABELS: dict[Category, str] = {
    Category.MEMBER_STATE: N_("category", "Member State"),
    Category.OBSERVER_STATE: N_("category", "Observer State"),
    Category.INTERGOVERNMENTAL: N_("category", "Intergovernmental organization"),
    Category.UN_SYSTEM: N_("category", "UN system entity"),
    Category.NHRI: N_("category", "National human rights institution"),
    Category.STAKEHOLDER: N_("category", "Non-governmental organization"),
    Category.PANEL: N_("category", "Panel"),
}

# The same, for a whole category at once ("Time against budget: UN system entities 4:10 of 10:00").
CATEGORY_PLURALS: dict[Category, str] = {
    Category.MEMBER_STATE: N_("categories", "Member States"),
    Category.OBSERVER_STATE: N_("categories", "Observer States"),
    Category.INTERGOVERNMENTAL: N_("categories", "Intergovernmental organizations"),
    Category.UN_SYSTEM: N_("categories", "UN system entities"),
    Category.NHRI: N_("categories", "National human rights institutions"),
    Category.STAKEHOLDER: N_("categories", "Non-governmental organizations"),
    Category.PANEL: N_("categories", "Panel members"),
}

KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.OPENING: N_("kind", "Opening"),
    ItemKind.PANEL: N_("kind", "Panel"),
    ItemKind.INTERACTIVE_DISCUSSION: N_("kind", "Interactive discussion"),
    ItemKind.SUMMARY_PANEL: N_("kind", "Summary panel"),
    ItemKind.INFORMAL_DIALOGUE: N_("kind", "Informal dialogue"),
    ItemKind.RIGHT_OF_REPLY: N_("kind", "Right of reply"),
    ItemKind.CLOSING: N_("kind", "Closing"),
    ItemKind.BREAK: N_("kind", "Break"),
}

STATUS_LABELS = {"waiting": N_("status", "Waiting"), "cleared": N_("status", "Cleared when the item ended")}

CHANGE_LABELS = {"speaker": N_("change", "Speaker"), "started_at": N_("change", "Start"),
                 "ended_at": N_("change", "End"), "note": N_("change", "Note added")}

# The roles of the shipped programmes and of the rules, as role_label() writes them: marked so
# that the catalogue has them (a role typed in a programme file stays as typed).
KNOWN_ROLES = (N_("role", "Right of reply"), N_("role", "Point of order"), N_("role", "Co-facilitator"),
               N_("role", "Moderator"), N_("role", "Panellist"), N_("role", "Chair"),
               N_("role", "President of the General Assembly"), N_("role", "Keynote speaker"))


def category_label(category: str) -> str:
    return CATEGORY_LABELS[Category(category)]


def kind_label(kind: str) -> str:
    return KIND_LABELS[ItemKind(kind)]


def role_label(role: str) -> str:
    """'floor' -> 'From the floor', 'right of reply' -> 'Right of reply', 'co-facilitator' -> 'Co-facilitator'."""
    if role == "floor":
        return N_("role", "From the floor")
    return role[:1].upper() + role[1:]
