"""Text on screen: people's text is shown as text, never read as markup, and updated only when it changes.

Every string that came from a person or a file (a name, a group, a title, a note) reaches a
widget through `shown` (inside markup written here, as a `$variable`) or `plain`, never by
formatting it into a markup string: "Group [/]" is a group's name, not a closing tag.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from dais.models.text import clean


def shown(template: str, **values: object) -> Content:
    """`template` is markup written in the code; each `$name` in it is replaced by
    `values[name]` as plain text, cleaned of control characters."""
    return Content.from_markup(template, **{name: clean(str(value)) for name, value in values.items()})


def plain(text: str) -> Content:
    """Text shown exactly as it is (cleaned of control characters), whatever brackets it holds."""
    return Content(clean(text))


def show_text(widget: Static, content: Content, *, layout: bool = True) -> None:
    """Update a Static only when its text or styles change: an update costs a layout pass.
    `layout=False` spares that pass for a widget whose size its text cannot change (a fixed
    height and width in the stylesheet, such as a status line)."""
    old = widget.content
    if not (isinstance(old, Content) and old.plain == content.plain and old.spans == content.spans):
        widget.update(content, layout=layout)


def cells(*values: str) -> list[Text]:
    """A DataTable row: a DataTable reads a str cell as markup, so each cell is given as text."""
    return [Text(clean(value), no_wrap=True, end="") for value in values]
