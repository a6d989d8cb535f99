"""Keys a secretary presses in the dais, shared by the Pilot tests."""

from __future__ import annotations


async def request(pilot, text: str, group: str | None = None) -> None:
    """`r`, the name typed, Tab and the group when one is given, Enter."""
    await pilot.press("r")
    await pilot.press(*text)
    if group:
        await pilot.press("tab", *group)
    await pilot.press("enter")
    await pilot.pause()


def burst(app, *keys: str) -> None:
    """Keys as a terminal sends them when the secretary types at full speed: all at once, none
    waiting for the screen to catch up (pilot.press waits after each key)."""
    from textual import events

    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        app._driver.send_message(events.Key(key, character))


async def settle(pilot, app, until, rounds: int = 200) -> None:
    """Wait until `until()` holds (the keys of a burst all handled), at most `rounds` pauses."""
    for _ in range(rounds):
        if until():
            return
        await pilot.pause(0.02)
