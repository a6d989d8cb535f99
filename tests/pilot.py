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
