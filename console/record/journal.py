"""The meeting journal: one SQLite file per meeting, an append-only log of events.

Every append is its own durable transaction (WAL, synchronous=FULL): once append() returns,
the action survives a crash. A new meeting is built in a temporary file beside its name and
linked into place only once it is whole, so a crash never leaves a half-made meeting under
the name. One process writes a meeting at a time, guarded by an flock on the meeting file
itself (its inode, whichever path or link reached it) that the kernel frees when the holder
dies (kill -9 included); any number of readers open the file read-only beside it, and a
meeting on read-only media is read as an immutable file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import shutil
import socket
import sqlite3
import struct
import tempfile
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from pathlib import Path

import aiosqlite
from pydantic import ValidationError

from dais.console.record.collector import gc_paused
from dais.console.lang.errors import JournalWriteError, MeetingFileError, MeetingLocked, MeetingReadOnly
from dais.console.lang.i18n import _
from dais.models import JournalEntry, Programme, entries_from_json
from dais.models.events import Event, EventAdapter


def _first(row: Any) -> Any:
    """The first column of a row SQLite always returns (a PRAGMA's or a count's)."""
    if row is None:
        raise MeetingFileError("SQLite returned no row where it always returns one")
    return row[0]


APPLICATION_ID = 0x44414953  # "DAIS"
SCHEMA_VERSION = 1
CREATING = ".creating"  # the suffix of a meeting still being built beside its name

# Forward migrations: MIGRATIONS[n] takes a file from version n to n + 1.
MIGRATIONS: dict[int, str] = {
    0: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            type TEXT NOT NULL,
            body TEXT NOT NULL
        );
    """,
}

_ENTRIES_SQL = "SELECT seq, at, body FROM events WHERE seq > ? ORDER BY seq"


def sqlite_uri(path: Path, **params: str) -> str:
    """A `file:` URI for SQLite. Every character of the path SQLite would read as URI syntax
    (`?`, `#`, `%`, spaces, non-ASCII letters) is percent-encoded, so any meeting name works."""
    uri = "file:" + urllib.parse.quote(os.path.abspath(path), safe="/")
    return uri + ("?" + urllib.parse.urlencode(params) if params else "")


def read_only_reason(path: Path) -> str | None:
    """Why this meeting cannot be written here, or None. The dais needs the file and its folder:
    SQLite keeps the journal's -wal and -shm files beside the meeting."""
    folder = Path(os.path.abspath(path)).parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return _("it is on a read-only filesystem")
    except OSError:
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return _("the file is read-only")
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return _("its folder is read-only, and SQLite keeps the journal's -wal and -shm files beside it")
    return None


# -- the writer's lock ----------------------------------------------------------------------


class _WriterLock:
    """An exclusive flock on the meeting file itself. It belongs to the inode, so a symlink or
    a hard link to the same meeting meets the same lock; the kernel frees it when the holder
    dies. (SQLite's own locks are fcntl byte ranges, which flock does not touch.)"""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.notice: str | None = None
        """What creating the meeting under this lock had to do first (a stray log moved aside)."""

    def acquire(self, meeting: Path) -> None:
        fd = os.open(meeting, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            holder = _describe_holder(os.fstat(fd))
            os.close(fd)
            raise MeetingLocked(str(meeting), holder) from None
        self.fd = fd

    def adopt(self, fd: int) -> None:
        """Take over a descriptor already holding the lock (a meeting just created under it)."""
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _describe_holder(stat: os.stat_result) -> str:
    """The process holding an flock on this inode, from the kernel's table of locks."""
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as table:
            for line in table:
                fields = line.split()
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == device and fields[4].isdigit():
                    return _("process {pid} on {host}").format(pid=fields[4], host=socket.gethostname())
    except OSError:
        pass
    return _("another process")


def holder_of(path: Path) -> str | None:
    """Who holds the writer lock, or None when nobody does."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _describe_holder(os.fstat(fd))
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


# -- the journal's log files beside a meeting ------------------------------------------------

# SQLite finds a meeting's write-ahead log and its index by name only (NAME-wal, NAME-shm): a log
# left beside a name by a meeting that is no longer there is replayed into whatever file next
# takes the name, so a restored copy reads as "malformed" and a new meeting inherits the old
# one's events. Nothing checks that a log belongs to its file, so none is ever left to be joined.
LOG_SUFFIXES = ("-wal", "-shm", "-journal")
STRAY = ".stray"  # the suffix of a log moved aside (its data kept: nothing is deleted)
_SHM_DMS_BYTE = 128  # SQLite's unix VFS: each open connection holds a read lock on this byte


def _log_in_use(shm: Path) -> int | None:
    """The process that has this -shm open (an SQLite connection to it, alive), or None."""
    try:
        fd = os.open(shm, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        probe = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
        kind, _whence, _start, _length, pid = struct.unpack("hhqqi4x", answer)
        return int(pid) if kind != fcntl.F_UNLCK else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _size(path: Path) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0


def stray_logs(path: Path) -> list[Path]:
    """The log files beside `path` (its -wal, -shm, -journal), whoever left them."""
    return [log for suffix in LOG_SUFFIXES if os.path.lexists(log := path.with_name(path.name + suffix))]


def set_aside_strays(path: Path) -> str | None:
    """Before a new file takes the name `path`: move any log left beside the name aside, keeping
    its data, and say so in one line; None when there was none. Refused (MeetingFileError) while
    a process still has that log open: a dais writing on a meeting deleted under it."""
    logs = stray_logs(path)
    shm = path.with_name(path.name + "-shm")
    if not logs:
        return None
    if (pid := _log_in_use(shm)) is not None:
        raise MeetingFileError(
            _("{path}: its old journal log {log} is still open in process {pid} (a dais writing a meeting "
              "deleted under it?); end that process first. Nothing was changed.").format(
                path=path, log=shm.name, pid=pid))
    if not any(log != shm and _size(log) for log in logs):
        return None  # an empty log and an index with no one on it: SQLite starts them afresh
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = []
    for log in logs:
        aside, number = log.with_name(f"{log.name}{STRAY}-{stamp}"), 1
        while os.path.lexists(aside):
            number += 1
            aside = log.with_name(f"{log.name}{STRAY}-{stamp}-{number}")
        try:
            os.rename(log, aside)
        except OSError as error:
            raise MeetingFileError(_("cannot move the old journal log {log} aside: {reason}").format(
                log=log, reason=error.strerror)) from None
        moved.append(aside.name)
    return _("moved the journal log left at this name by an earlier meeting aside, so it cannot be joined "
             "to the new {name}: {files} (kept, not deleted)").format(name=path.name, files=", ".join(moved))


def _has_log(path: Path) -> bool:
    return any(os.path.lexists(path.with_name(path.name + suffix)) for suffix in ("-wal", "-shm"))


def journal_name(path: Path, writer: bool = False) -> tuple[Path, str | None]:
    """The name to open a meeting by, and a line saying why when it is not `path`.

    SQLite finds the journal's log by the name it was given, not by the file: through a hard link
    (a second name of the same file) a reader would see none of the events still in the log at
    the other name, and leave an empty log of its own beside the link. So a file with more than
    one name is opened by the name whose log is there; refused (MeetingFileError) when a writer
    is at work through a name this folder does not hold, or when two names each have a log.
    `writer`: the caller holds the meeting's writer lock itself."""
    try:
        stat = os.stat(path)
    except OSError:
        return path, None
    if stat.st_nlink <= 1 or not os.path.isfile(path):
        return path, None
    real = Path(os.path.realpath(path))
    others = []
    try:
        for entry in os.scandir(real.parent):
            if entry.name != real.name and not entry.name.endswith(LOG_SUFFIXES):
                try:
                    same = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if (same.st_dev, same.st_ino) == (stat.st_dev, stat.st_ino):
                    others.append(real.parent / entry.name)
    except OSError:
        pass
    with_log = [name for name in [real, *sorted(others)] if _has_log(name)]
    if writer and with_log == [real]:
        return path, None
    if len(with_log) > 1:
        live = [name for name in with_log if _log_in_use(name.with_name(name.name + "-shm")) is not None]
        if not live:  # an empty log holds nothing: the one with events in it is the file's own
            live = [name for name in with_log if _size(name.with_name(name.name + "-wal"))] or [real]
        if len(live) != 1:
            raise MeetingFileError(
                _("{path} is one of {n} names of the same file, and {names} each have a journal log beside "
                  "them; open it by the name the dais wrote it through. Nothing was changed.").format(
                    path=path, n=stat.st_nlink, names=", ".join(name.name for name in with_log)))
        with_log = live
    if with_log and with_log[0] != real:
        return with_log[0], _("{path} is a hard link to {other}, where its journal log is: read through {other}").format(
            path=path, other=with_log[0])
    if not with_log and not writer and holder_of(path) is not None:
        raise MeetingFileError(
            _("{path} is a hard link to a meeting being written through another name: SQLite finds the journal's log "
              "by name, so through this one the latest events would be missing. Open it by that name "
              "(`find / -samefile {path}` lists them).").format(path=path))
    return path, None


# -- looking at a file without writing ------------------------------------------------------


def _connect_for_reading(path: Path, writer: bool = False) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection, and whether the file had to be opened immutable.

    A WAL meeting read with mode=ro still needs its -shm file, which SQLite cannot create in a
    read-only folder or filesystem; there (and only there, where no writer can be running)
    the file is opened immutable=1, which needs no -shm and takes no locks. A file with more than
    one name is read through the name its log is beside (journal_name)."""
    path, _note = journal_name(path, writer)
    try:
        db = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db, False
        except sqlite3.OperationalError:
            db.close()
            if read_only_reason(path) is None:
                raise
    except sqlite3.OperationalError:
        if read_only_reason(path) is None:
            raise
    db = sqlite3.connect(sqlite_uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None)
    return db, True


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _wal_size(path: Path) -> int:
    try:
        return _wal(path).stat().st_size
    except OSError:
        return 0


def _header(path: Path) -> bytes:
    if path.is_dir():
        raise MeetingFileError(_("{path} is a folder, not a meeting file").format(path=path))
    try:
        with path.open("rb") as handle:
            return handle.read(16)
    except PermissionError:
        raise MeetingFileError(_("{path} cannot be read: permission denied").format(path=path)) from None
    except OSError as error:
        raise MeetingFileError(_("{path} cannot be read: {reason}").format(
            path=path, reason=error.strerror)) from None


def uninitialised(path: Path) -> bool:
    """No meeting yet: no file, an empty one, or an SQLite file whose creation never finished
    (an earlier Dais killed while creating it). Such a file is finished, never refused."""
    if not path.exists():
        return True
    if path.is_dir():
        return False
    if path.stat().st_size == 0:
        return True
    if _header(path) != b"SQLite format 3\x00":
        return False
    try:
        db, _immutable = _connect_for_reading(path)
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            return bool(app_id == 0 and version == 0 and tables == 0)
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False


def inspect(path: Path, writer: bool = False) -> int:
    """Check a file read-only and return its schema version; raise MeetingFileError if unusable.

    Never writes: a file that is not a Dais meeting, is newer than this Dais, or fails
    quick_check is left exactly as it was.
    """
    header = _header(path)
    if header and header != b"SQLite format 3\x00":
        raise MeetingFileError(_("{path} is not a Dais meeting file (it is not an SQLite database)").format(
            path=path))
    try:
        db, _immutable = _connect_for_reading(path, writer)
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if app_id == 0 and version == 0 and not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise MeetingFileError(
                    _("{path} is an unfinished meeting (its creation was interrupted); "
                      "`dais open {path}` creates it afresh").format(path=path)
                )
            if app_id != APPLICATION_ID:
                raise MeetingFileError(_("{path} is an SQLite database but not a Dais meeting file").format(
                    path=path))
            if version > SCHEMA_VERSION:
                raise MeetingFileError(
                    _("{path} was written by a newer Dais (schema {version}; this one reads up to "
                      "{supported}). Upgrade Dais to open it.").format(path=path, version=version,
                                                                      supported=SCHEMA_VERSION)
                )
            check = db.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                detail = "; ".join(row[0] for row in check[:3])
                raise MeetingFileError(_("{path} is damaged (SQLite quick_check: {detail})").format(
                    path=path, detail=detail))
            return int(version)
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise MeetingFileError(_("{path} is damaged or not a meeting file ({error})").format(
            path=path, error=error)) from None


# -- creating a meeting ---------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _clear_abandoned(path: Path) -> None:
    """Remove the temporary files of creations that died (nobody holds their lock)."""
    pattern = os.path.join(glob.escape(str(path.parent)), glob.escape(f".{path.name}.") + "*" + CREATING)
    for leftover in glob.glob(pattern):
        try:
            fd = os.open(leftover, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # another process is creating it right now
        try:
            for name in (leftover, leftover + "-wal", leftover + "-shm", leftover + "-journal"):
                Path(name).unlink(missing_ok=True)
        finally:
            os.close(fd)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build(temporary: Path, programme: Programme, entries: list[JournalEntry]) -> None:
    db = sqlite3.connect(sqlite_uri(temporary, mode="rw"), uri=True, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("BEGIN IMMEDIATE")
        for statement in filter(str.strip, MIGRATIONS[0].split(";")):
            db.execute(statement)
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('programme', ?), ('created', ?)",
            (programme.model_dump_json(), str(time.time())),
        )
        db.executemany(
            "INSERT INTO events(seq, at, type, body) VALUES (?, ?, ?, ?)",
            ((e.seq, e.at, e.event.type, EventAdapter.dump_json(e.event).decode()) for e in entries),
        )
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("COMMIT")
    finally:
        db.close()  # the last connection checkpoints the WAL into the file and removes it


def create(path: Path, programme: Programme, entries: Sequence[JournalEntry] = ()) -> _WriterLock | None:
    """Build a whole meeting beside `path` and link it into place; returns the writer lock on it,
    or None if another process created the meeting first. Nothing half-made ever takes the name."""
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MeetingFileError(_("cannot create the folder for {path}: {reason}").format(
            path=path, reason=error.strerror)) from None
    if reason := read_only_reason(path):
        raise MeetingReadOnly(_("cannot create {path}: {reason}").format(path=path, reason=reason))
    _clear_abandoned(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=CREATING, dir=folder)
    except OSError as error:
        raise MeetingFileError(_("cannot create {path}: {reason}").format(
            path=path, reason=error.strerror)) from None
    temporary = Path(name)
    placed = False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held from the first byte: the meeting's writer lock
        os.fchmod(fd, 0o666 & ~_umask())  # a meeting file like any other the user writes
        _build(temporary, programme, list(entries))
        os.fsync(fd)
        if path.exists():
            if not uninitialised(path):
                return None  # someone else created it meanwhile
            notice = set_aside_strays(path)
            os.replace(temporary, path)  # finish what an interrupted creation left
        else:
            notice = set_aside_strays(path)
            try:
                os.link(temporary, path)  # fails if the name was taken meanwhile
            except FileExistsError:
                return None
            temporary.unlink()
        placed = True
        _fsync_folder(folder)
        lock = _WriterLock()
        lock.adopt(fd)
        lock.notice = notice
        return lock
    except sqlite3.Error as error:
        raise MeetingFileError(_("cannot create {path}: {error}").format(path=path, error=error)) from None
    except OSError as error:
        raise MeetingFileError(_("cannot create {path}: {reason}").format(
            path=path, reason=error.strerror or error)) from None
    finally:
        if not placed:
            os.close(fd)
            for leftover in (name, name + "-wal", name + "-shm", name + "-journal"):
                Path(leftover).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class DamagedEvent:
    """The first event a reader could not understand: it read the meeting up to the one before."""

    seq: int
    reason: str


def _reason(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"][1:])  # loc[0] is the event's type tag
    return f"{where}: {first['msg']}" if where else first["msg"]


def stored_programme(text: str | bytes, path: Path) -> Programme:
    """The programme a meeting file holds (its meta row); MeetingFileError naming what is damaged."""
    try:
        return Programme.model_validate_json(text)
    except ValidationError as error:
        from dais.console.room.programme import _located

        where, message = _located(error.errors(include_url=False)[0])
        raise MeetingFileError(_("{path}: the programme it holds is damaged ({where}: {message})").format(
            path=path, where=where, message=message)) from None


class Journal:
    """An open meeting file: the writer appends, readers follow."""

    def __init__(self, path: Path, db: aiosqlite.Connection, lock: _WriterLock | None, immutable: bool = False) -> None:
        self.path = path
        self._db = db
        self._lock = lock
        stat = path.stat()
        self._identity = (stat.st_dev, stat.st_ino)
        self.notices: list[str] = [lock.notice] if lock is not None and lock.notice else []
        """Lines for the secretary about how the file was opened (a stray log moved aside, a hard link)."""
        self.immutable = immutable
        """Opened as an immutable file: on read-only media, where nothing can change it."""
        self._scratch: tempfile.TemporaryDirectory[str] | None = None  # a private copy read instead
        self.damaged: DamagedEvent | None = None
        """For a reader: the first event it could not read; it shows the meeting up to the one before."""

    def gone(self) -> bool:
        """The file this journal was opened from is no longer at its path (deleted or replaced)."""
        try:
            stat = self.path.stat()
        except OSError:
            return True
        return (stat.st_dev, stat.st_ino) != self._identity

    def shared(self) -> bool:
        """The file has more than one name now (a hard link was made to it while it was open)."""
        try:
            return os.stat(self.path).st_nlink > 1
        except OSError:
            return True

    @property
    def writable(self) -> bool:
        return self._lock is not None

    # -- opening --------------------------------------------------------------------------

    @classmethod
    async def create_or_open(cls, path: Path, programme: Programme | None = None,
                             first: Sequence[JournalEntry] = ()) -> Journal:
        """Open a meeting for writing, creating it from `programme` if there is none yet, with the
        entries `first` in it from its first byte."""
        path = Path(path)
        lock = None
        if uninitialised(path):
            if programme is None:
                raise MeetingFileError(_("{path} does not exist and no programme was given to create it").format(
                    path=path))
            lock = create(path, programme, first)
        if lock is None:
            if reason := read_only_reason(path):
                inspect(path)  # a damaged file is named as such before its medium
                raise MeetingReadOnly(
                    _("{path} is read-only ({reason}): the dais cannot record anything in it; "
                      "read it with `dais open {path} --state`, `dais watch` or `dais export`").format(
                        path=path, reason=reason)
                )
            lock = _WriterLock()
            try:
                lock.acquire(path)  # first: through another link, a running writer is named as such
            except OSError as error:
                raise MeetingFileError(_("cannot lock {path}: {reason}").format(
                    path=path, reason=error.strerror)) from None
            try:
                source, note = journal_name(path, writer=True)
                inspect(source, writer=True)
            except BaseException:
                lock.release()
                raise
        else:
            source, note = path, None
        try:
            db = await aiosqlite.connect(sqlite_uri(source, mode="rw"), uri=True, isolation_level=None)
            try:
                await db.execute("PRAGMA journal_mode=WAL")
                await db.execute("PRAGMA synchronous=FULL")
                # Litestream (console/standby/replicate.py) may replicate this file from its own process.
                # Its guidance for applications: wait on its short checkpoint write locks (5 s)
                # instead of failing an append; leave checkpoints to SQLite's automatic PASSIVE
                # ones, which never wait and never reset the log under a reader. The journal
                # never runs wal_checkpoint(TRUNCATE/RESTART/FULL) itself. README: "Standby".
                await db.execute("PRAGMA busy_timeout=5000")
                await cls._migrate(db)
            except BaseException:
                await db.close()
                raise
        except sqlite3.Error as error:
            lock.release()
            raise MeetingFileError(_("cannot open {path}: {error}").format(path=path, error=error)) from None
        except BaseException:
            lock.release()
            raise
        journal = cls(path, db, lock)
        if note:
            journal.notices.append(note)
        return journal

    @classmethod
    async def open_reader(cls, path: Path) -> Journal:
        """Open a meeting read-only; works while the writer runs, and on read-only media."""
        path = Path(path)
        if not path.exists():
            raise MeetingFileError(_("{path} does not exist").format(path=path))
        named = path
        path, note = journal_name(named)
        version = inspect(path)
        if version < SCHEMA_VERSION:
            raise MeetingFileError(_("{path} uses an older schema; open it once with `dais open` to upgrade it").format(
                path=path))
        scratch = None
        try:
            probe, immutable = _connect_for_reading(path)
            probe.close()
            source, params = path, {"mode": "ro", "immutable": "1"} if immutable else {"mode": "ro"}
            if immutable and _wal_size(path):
                # An immutable open reads the main file only: events still in the -wal (the writer
                # was killed, then the meeting archived without its -shm) would be missed. A
                # private copy of both, read normally, sees them all.
                scratch = tempfile.TemporaryDirectory(prefix="dais-")
                source = Path(scratch.name) / "meeting.dais"
                shutil.copyfile(path, source)
                shutil.copyfile(_wal(path), _wal(source))
                params = {"mode": "ro"}
            db = await aiosqlite.connect(sqlite_uri(source, **params), uri=True, isolation_level=None)
        except (sqlite3.Error, OSError) as error:
            if scratch is not None:
                scratch.cleanup()
            raise MeetingFileError(_("cannot read {path}: {reason}").format(
                path=path, reason=getattr(error, 'strerror', None) or error)) from None
        journal = cls(named, db, None, immutable)
        journal._scratch = scratch
        if note:
            journal.notices.append(note)
        return journal

    @staticmethod
    async def _migrate(db: aiosqlite.Connection) -> None:
        """Bring an existing meeting up to SCHEMA_VERSION (new ones are built at it by create())."""
        version = int(_first(await (await db.execute("PRAGMA user_version")).fetchone()))
        while version < SCHEMA_VERSION:
            await db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                    await db.execute(statement)
                version += 1
                await db.execute(f"PRAGMA user_version={version}")
                await db.execute("COMMIT")
            except BaseException:
                await db.execute("ROLLBACK")
                raise

    # -- reading --------------------------------------------------------------------------

    async def programme(self) -> Programme:
        try:
            row = await (await self._db.execute("SELECT value FROM meta WHERE key='programme'")).fetchone()
        except sqlite3.Error as error:
            raise MeetingFileError(_("cannot read {path}: {error}").format(
                path=self.path, error=error)) from None
        if row is None:
            raise MeetingFileError(_("{path} holds no programme").format(path=self.path))
        return stored_programme(row[0], self.path)

    async def entries(self, after: int = 0) -> list[JournalEntry]:
        """Every entry with a sequence number above `after`, in order.

        A damaged event stops the writer (MeetingFileError naming it); a reader gets the events
        before it, and `damaged` says where it stopped."""
        with gc_paused():  # tens of thousands of rows: the cyclic GC's passes would dominate
            try:
                # Plain tuples (no row factory); the time and body columns are what was written,
                # which entries_from_json checks rather than trusts.
                rows = cast(list[tuple[int, float, str]],
                            await self._db.execute_fetchall(_ENTRIES_SQL, (after,)))
            except sqlite3.Error as error:
                raise MeetingFileError(_("cannot read {path}: {error}").format(
                    path=self.path, error=error)) from None
            if self.damaged is not None:
                rows = [r for r in rows if r[0] < self.damaged.seq]
            try:
                # The bodies were written as JSON by EventAdapter: one array, validated in one pass.
                return entries_from_json(rows)
            except (ValueError, TypeError):  # a damaged row: find it, and read up to it
                return self._good_prefix(rows)

    def _good_prefix(self, rows: Iterable[tuple[int, float, str]]) -> list[JournalEntry]:
        good: list[JournalEntry] = []
        for seq, at, body in rows:
            try:
                if not isinstance(at, (int, float)):
                    raise ValueError(f"its time {at!r} is not a number")
                event = EventAdapter.validate_json(body)
            except (ValidationError, ValueError, TypeError) as error:
                self.stop_at(seq, _reason(error) if isinstance(error, ValidationError) else str(error))
                return good
            good.append(JournalEntry(seq, float(at), event))
        return good

    def stop_at(self, seq: int, reason: str) -> None:
        """Event `seq` is damaged: a reader reads up to the one before; the writer refuses the meeting."""
        self.damaged = DamagedEvent(seq, reason)
        if self.writable:
            raise MeetingFileError(
                _("{path}: event {seq} is damaged ({reason}); nothing was changed. "
                  "Copy every good event to a new meeting with: dais salvage {path} -o NEW").format(
                    path=self.path, seq=seq, reason=reason)
            )

    async def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap poll for watchers."""
        return int(_first(await (await self._db.execute("PRAGMA data_version")).fetchone()))

    # -- writing --------------------------------------------------------------------------

    async def append(self, event: Event, at: float) -> JournalEntry:
        """Append one event in its own durable transaction and return it as recorded."""
        if self._lock is None:
            raise JournalWriteError(_("this meeting is open read-only"))
        body = EventAdapter.dump_json(event).decode()
        try:
            seq = int(_first(await self._db.execute_insert(
                "INSERT INTO events(at, type, body) VALUES (?, ?, ?)", (at, event.type, body)
            )))
        except sqlite3.Error as error:
            raise JournalWriteError(_write_failure(error)) from None
        return JournalEntry(seq=seq, at=at, event=event)

    async def append_all(self, events: Sequence[Event], at: float) -> list[JournalEntry]:
        """Append events that stand or fall together (a newcomer and their request) in one
        durable transaction: after a crash the journal holds all of them or none."""
        if self._lock is None:
            raise JournalWriteError(_("this meeting is open read-only"))
        bodies = [EventAdapter.dump_json(event).decode() for event in events]
        entries = []
        try:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                for event, body in zip(events, bodies):
                    seq = int(_first(await self._db.execute_insert(
                        "INSERT INTO events(at, type, body) VALUES (?, ?, ?)", (at, event.type, body))))
                    entries.append(JournalEntry(seq=seq, at=at, event=event))
                await self._db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise JournalWriteError(_write_failure(error)) from None
        return entries

    async def close(self) -> None:
        try:
            await self._db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            if self._scratch is not None:
                self._scratch.cleanup()
                self._scratch = None


def _write_failure(error: sqlite3.Error) -> str:
    text = str(error)
    if "full" in text:
        return "the disk is full: the action was NOT recorded. Free some space and try again."
    if "readonly" in text or "read-only" in text:
        return "the meeting file has become read-only: the action was NOT recorded."
    if "locked" in text or "busy" in text:
        return "the meeting file is busy: the action was NOT recorded. Try again."
    return f"the journal could not record the action ({text}); it was NOT recorded."
