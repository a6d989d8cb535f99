"""The fold names a handler for every event type: a new event cannot be forgotten silently."""

from __future__ import annotations

import typing

from dais.console.record import fold
from dais.models import Event, Undone


def event_classes() -> list[type]:
    union, *_ = typing.get_args(Event)  # Annotated[Union[...], Field(discriminator="type")]
    return list(typing.get_args(union))


def test_the_union_is_read():
    assert len(event_classes()) >= 20


def test_every_event_type_has_a_handler():
    missing = [cls.__name__ for cls in event_classes() if cls is not Undone and cls not in fold._HANDLERS]
    assert missing == []


def test_every_handler_is_for_an_event_type_and_handles_its_own_type():
    classes = set(event_classes())
    for cls, handler in fold._HANDLERS.items():
        assert cls in classes
        hint = typing.get_type_hints(handler, vars(fold))["event"]
        assert hint is cls, f"{cls.__name__} is handled by {handler.__name__}, which takes {hint.__name__}"
