"""A safe copy of a meeting: a live backup through SQLite, and a restore from Litestream's replica.

`cp` of a running meeting copies the main file without its write-ahead log: a stale copy. A
backup goes through SQLite's online backup API instead, in one step, so it is the journal as it
stood at one commit, while the dais goes on appending. A restore asks Litestream to rebuild the
meeting from its replica (console/standby/replicate.py). Either way the copy is checked before it is
given its name: SQLite's integrity_check, a Dais meeting, and its events counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from dais.console.lang.errors import DaisError, MeetingFileError
from dais.console.lang.i18n import _
from dais.console.record.journal import APPLICATION_ID, inspect, journal_name, set_aside_strays, sqlite_uri
from dais.console.standby.replicate import ReplicationError, config_text, litestream_binary, private_folder, replica_config

RESTORE_TIMEOUT_S = 600


@dataclass(frozen=True)
class Checked:
    """A copy that passed its checks: how many events it holds and when the last was recorded."""

    path: Path
    events: int
    last_at: float | None
    notice: str | None = None
    """What placing it needed first: a journal log left at the name by an earlier meeting moved aside."""


def check_copy(path: Path) -> Checked:
    """integrity_check, a Dais meeting, its events counted; raises MeetingFileError otherwise."""
    try:
        db = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                detail = "; ".join(str(row[0]) for row in result[:3])
                raise MeetingFileError(_("the copy failed SQLite's integrity check ({detail})").format(
                    detail=detail))
            if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise MeetingFileError(_("the copy is an SQLite database but not a Dais meeting"))
            count, last = db.execute("SELECT count(*), max(at) FROM events").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise MeetingFileError(_("the copy cannot be read as a meeting ({error})").format(
            error=error)) from None
    return Checked(Path(path), count, last)


def _refuse_existing(target: Path) -> None:
    if target.exists():
        raise DaisError(_("{target} already exists; choose another name (nothing was overwritten)").format(
            target=target))
    if not target.parent.is_dir():
        raise DaisError(_("the folder {folder} does not exist").format(folder=target.parent))


def _temporary_beside(target: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    os.unlink(name)
    return Path(name)


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def backup(meeting: Path, output: Path) -> Checked:
    """Copy a meeting (running or not) into one self-contained file, checked, and return it."""
    meeting, output = Path(meeting), Path(output)
    if not meeting.exists():
        raise MeetingFileError(_("{meeting} does not exist").format(meeting=meeting))
    source_name, _note = journal_name(meeting)  # through a hard link, by the name its log is beside
    inspect(source_name)
    _refuse_existing(output)
    partial = _temporary_beside(output)
    try:
        source = sqlite3.connect(sqlite_uri(source_name, mode="ro"), uri=True, timeout=5)
        try:
            target = sqlite3.connect(partial)
            try:
                # One step (pages=-1): the whole file under one read transaction, so the copy is
                # the journal at one commit; the dais's WAL appends carry on beside it.
                source.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode=DELETE")  # one file to archive, no -wal beside it
            finally:
                target.close()
        finally:
            source.close()
        checked = check_copy(partial)
        notice = set_aside_strays(output)  # a log left at the name would be joined to the copy
        os.replace(partial, output)
    except sqlite3.Error as error:
        _discard(partial)
        raise DaisError(_("cannot back up {meeting} to {output}: {error}").format(
            meeting=meeting, output=output, error=error)) from None
    except OSError as error:
        _discard(partial)
        raise DaisError(_("cannot write {output}: {reason}").format(
            output=output, reason=error.strerror or error)) from None
    except BaseException:
        _discard(partial)
        raise
    return Checked(output, checked.events, checked.last_at, notice)


def rfc3339(moment: str) -> str:
    """A point in time for Litestream, in UTC: ISO 8601 as given; a time without a zone is local."""
    try:
        parsed = datetime.fromisoformat(moment.strip().replace("Z", "+00:00"))
    except ValueError:
        raise DaisError(_("{moment} is not a time: use ISO 8601, e.g. 2026-05-08T11:40:00+02:00").format(
            moment=repr(moment))) from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # the laptop's own zone, as the secretary reads the clock
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


async def restore(destination: str, output: Path, timestamp: str | None = None) -> Checked:
    """Rebuild a meeting from Litestream's replica at `destination` (latest, or at `timestamp`)."""
    output = Path(output).absolute()
    replica = replica_config(destination)
    binary = litestream_binary()
    when = rfc3339(timestamp) if timestamp else None
    _refuse_existing(output)
    folder = private_folder()
    partial = _temporary_beside(output)
    try:
        config = folder / "litestream.yml"
        config.write_text(config_text(output, replica), encoding="utf-8")
        argv = [str(binary), "restore", "-no-expand-env", "-config", str(config), "-o", str(partial)]
        if when:
            argv += ["-timestamp", when]
        try:
            child = await asyncio.create_subprocess_exec(
                *argv, str(output), stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            said, _unused = await asyncio.wait_for(child.communicate(), RESTORE_TIMEOUT_S)
        except asyncio.TimeoutError:
            child.kill()
            await child.wait()
            raise DaisError(_("Litestream did not finish restoring from {destination} in {seconds} s").format(
                destination=destination, seconds=RESTORE_TIMEOUT_S)) from None
        except OSError as error:
            raise ReplicationError(_("cannot run Litestream: {reason}").format(
                reason=error.strerror or error)) from None
        if child.returncode != 0 or not partial.exists():
            raise DaisError(_restore_failure(destination, when, said.decode("utf-8", "replace")))
        checked = check_copy(partial)
        notice = set_aside_strays(output)  # a log left at the name would be joined to the copy
        os.replace(partial, output)
        return Checked(output, checked.events, checked.last_at, notice)
    finally:
        _discard(partial)
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()


def _restore_failure(destination: str, when: str | None, said: str) -> str:
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    last = lines[-1].removeprefix("Error: ") if lines else "Litestream failed"
    if "no matching backup files" in last or "no snapshots available" in last or "not found" in last:
        if when:
            return _("nothing to restore at {destination} at or before {when}: no replica of a meeting is there").format(
                destination=destination, when=when)
        return _("nothing to restore at {destination}: no replica of a meeting is there").format(destination=destination)
    return _("cannot restore from {destination}: {reason}").format(destination=destination, reason=last)
