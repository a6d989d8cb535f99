"""Text that is shown again and again (four times a second) and seldom changes."""

from __future__ import annotations

from textual.widgets import Static


def show_text(widget: Static, text: str) -> None:
    """Update a Static only when its text changes: an update costs a layout pass."""
    if widget.content != text:
        widget.update(text)
