"""Errors the secretary sees: each carries a plain message and never needs a traceback."""

from __future__ import annotations

from dais.console.lang.i18n import _, ngettext


class DaisError(Exception):
    """Base of every error shown to a person: str(error) is the whole message."""


class ProcedureError(DaisError):
    """An action the rules refuse (a duplicate request, a closed list, ...). Nothing was recorded."""


class MeetingFileError(DaisError):
    """The meeting file cannot be used as asked; it was not modified."""


class MeetingLocked(MeetingFileError):
    def __init__(self, path: str, holder: str) -> None:
        super().__init__(
            _("{path} is already open for writing by {holder}. Only one dais can run a meeting; "
              "to follow it from another screen use: dais watch {path}").format(path=path, holder=holder)
        )
        self.holder = holder


class MeetingReadOnly(MeetingFileError):
    """The meeting is on read-only media (file, folder or filesystem): it can be read, not written."""


class JournalWriteError(DaisError):
    """The journal could not record an action, so the action did not happen."""


class InputError(DaisError):
    """A file handed to Dais (a programme, a seating list) that cannot be used; nothing was changed."""


class ProgrammeError(DaisError):
    """A programme file with errors; .problems lists each with its place."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {place}: {message}" if place else f"  {message}" for place, message in problems)
        count = ngettext("{source}: {n} error", "{source}: {n} errors", len(problems))
        super().__init__(count.format(source=source, n=len(problems)) + "\n" + lines)
