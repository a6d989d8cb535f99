"""The meeting journal: one SQLite file per meeting, an append-only log of events.

Every append is its own durable transaction (WAL, synchronous=FULL): once append() returns,
the action survives a crash. One process writes a meeting at a time, guarded by an flock on a
sidecar file that the kernel frees when the holder dies (kill -9 included); any number of
readers open the file read-only beside it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import sqlite3
import time
from pathlib import Path

import aiosqlite

from console.fold import gc_paused
from console.errors import JournalWriteError, MeetingFileError, MeetingLocked
from models import JournalEntry, Programme, entries_from_json
from models.events import Event, EventAdapter

APPLICATION_ID = 0x44414953  # "DAIS"
SCHEMA_VERSION = 1

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


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class _WriterLock:
    """An exclusive flock naming its holder (pid and host) for whoever is refused."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self.fd: int | None = None

    def acquire(self, meeting: Path) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            holder = _describe_holder(os.read(fd, 4096))
            os.close(fd)
            raise MeetingLocked(str(meeting), holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}).encode())
        os.fsync(fd)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _describe_holder(raw: bytes) -> str:
    try:
        info = json.loads(raw.decode())
        return f"process {info['pid']} on {info['host']}"
    except (ValueError, KeyError, UnicodeDecodeError):
        return "another process"


def holder_of(path: Path) -> str | None:
    """Who holds the writer lock, or None when nobody does."""
    target = lock_path(path)
    if not target.exists():
        return None
    fd = os.open(target, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _describe_holder(os.read(fd, 4096))
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def inspect(path: Path) -> int:
    """Check a file read-only and return its schema version; raise MeetingFileError if unusable.

    Never writes: a file that is not a Dais meeting, is newer than this Dais, or fails
    quick_check is left exactly as it was.
    """
    if path.is_dir():
        raise MeetingFileError(f"{path} is a folder, not a meeting file")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except PermissionError:
        raise MeetingFileError(f"{path} cannot be read: permission denied") from None
    if header and header != b"SQLite format 3\x00":
        raise MeetingFileError(f"{path} is not a Dais meeting file (it is not an SQLite database)")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise MeetingFileError(f"{path} is an SQLite database but not a Dais meeting file")
            if version > SCHEMA_VERSION:
                raise MeetingFileError(
                    f"{path} was written by a newer Dais (schema {version}; this one reads up to "
                    f"{SCHEMA_VERSION}). Upgrade Dais to open it."
                )
            check = db.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                detail = "; ".join(row[0] for row in check[:3])
                raise MeetingFileError(f"{path} is damaged (SQLite quick_check: {detail})")
            return version
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise MeetingFileError(f"{path} is damaged or not a meeting file ({error})") from None


class Journal:
    """An open meeting file: the writer appends, readers follow."""

    def __init__(self, path: Path, db: aiosqlite.Connection, lock: _WriterLock | None) -> None:
        self.path = path
        self._db = db
        self._lock = lock
        self._inode = path.stat().st_ino

    def gone(self) -> bool:
        """The file this journal was opened from is no longer at its path (deleted or replaced)."""
        try:
            return self.path.stat().st_ino != self._inode
        except OSError:
            return True

    @property
    def writable(self) -> bool:
        return self._lock is not None

    # -- opening --------------------------------------------------------------------------

    @classmethod
    async def create_or_open(cls, path: Path, programme: Programme | None = None) -> Journal:
        """Open a meeting for writing, creating it from `programme` if the file is new."""
        path = Path(path)
        is_new = not path.exists() or path.stat().st_size == 0
        if is_new and programme is None:
            raise MeetingFileError(f"{path} does not exist and no programme was given to create it")
        if not is_new:
            inspect(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise MeetingFileError(f"cannot create the folder for {path}: {error.strerror}") from None
        lock = _WriterLock(path)
        try:
            lock.acquire(path)
        except OSError as error:
            raise MeetingFileError(f"cannot lock {path}: {error.strerror}") from None
        try:
            db = await aiosqlite.connect(str(path), isolation_level=None)
            try:
                await db.execute("PRAGMA journal_mode=WAL")
                await db.execute("PRAGMA synchronous=FULL")
                # Litestream (console/replicate.py) may replicate this file from its own process.
                # Its guidance for applications: wait on its short checkpoint write locks (5 s)
                # instead of failing an append; leave checkpoints to SQLite's automatic PASSIVE
                # ones, which never wait and never reset the log under a reader. The journal
                # never runs wal_checkpoint(TRUNCATE/RESTART/FULL) itself. README: "Standby".
                await db.execute("PRAGMA busy_timeout=5000")
                await cls._migrate(db, programme if is_new else None)
            except BaseException:
                await db.close()
                raise
        except sqlite3.Error as error:
            lock.release()
            raise MeetingFileError(f"cannot open {path}: {error}") from None
        except BaseException:
            lock.release()
            raise
        return cls(path, db, lock)

    @classmethod
    async def open_reader(cls, path: Path) -> Journal:
        """Open a meeting read-only; works while the writer runs."""
        path = Path(path)
        if not path.exists():
            raise MeetingFileError(f"{path} does not exist")
        version = inspect(path)
        if version < SCHEMA_VERSION:
            raise MeetingFileError(f"{path} uses an older schema; open it once with `dais open` to upgrade it")
        try:
            db = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error as error:
            raise MeetingFileError(f"cannot read {path}: {error}") from None
        return cls(path, db, None)

    @staticmethod
    async def _migrate(db: aiosqlite.Connection, programme: Programme | None) -> None:
        version = (await (await db.execute("PRAGMA user_version")).fetchone())[0]
        if version == 0 and programme is None:
            raise MeetingFileError("the meeting file is empty and no programme was given")
        while version < SCHEMA_VERSION:
            await db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                    await db.execute(statement)
                if version == 0:
                    await db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    await db.execute(
                        "INSERT INTO meta(key, value) VALUES ('programme', ?), ('created', ?)",
                        (programme.model_dump_json(), str(time.time())),
                    )
                version += 1
                await db.execute(f"PRAGMA user_version={version}")
                await db.execute("COMMIT")
            except BaseException:
                await db.execute("ROLLBACK")
                raise

    # -- reading --------------------------------------------------------------------------

    async def programme(self) -> Programme:
        row = await (await self._db.execute("SELECT value FROM meta WHERE key='programme'")).fetchone()
        if row is None:
            raise MeetingFileError(f"{self.path} holds no programme")
        return Programme.model_validate_json(row[0])

    async def entries(self, after: int = 0) -> list[JournalEntry]:
        """Every entry with a sequence number above `after`, in order."""
        with gc_paused():  # tens of thousands of rows: the cyclic GC's passes would dominate
            try:
                rows = await self._db.execute_fetchall(_ENTRIES_SQL, (after,))
            except sqlite3.Error as error:
                raise MeetingFileError(f"cannot read {self.path}: {error}") from None
            # The bodies were written as JSON by EventAdapter: one array, validated in one pass.
            return entries_from_json([r[0] for r in rows], [r[1] for r in rows],
                                     "[" + ",".join(r[2] for r in rows) + "]")

    async def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap poll for watchers."""
        row = await (await self._db.execute("PRAGMA data_version")).fetchone()
        return row[0]

    # -- writing --------------------------------------------------------------------------

    async def append(self, event: Event, at: float) -> JournalEntry:
        """Append one event in its own durable transaction and return it as recorded."""
        if self._lock is None:
            raise JournalWriteError("this meeting is open read-only")
        body = EventAdapter.dump_json(event).decode()
        try:
            seq = (await self._db.execute_insert(
                "INSERT INTO events(at, type, body) VALUES (?, ?, ?)", (at, event.type, body)
            ))[0]
        except sqlite3.Error as error:
            raise JournalWriteError(_write_failure(error)) from None
        return JournalEntry(seq=seq, at=at, event=event)

    async def close(self) -> None:
        try:
            await self._db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


def _write_failure(error: sqlite3.Error) -> str:
    text = str(error)
    if "full" in text:
        return "the disk is full: the action was NOT recorded. Free some space and try again."
    if "readonly" in text or "read-only" in text:
        return "the meeting file has become read-only: the action was NOT recorded."
    if "locked" in text or "busy" in text:
        return "the meeting file is busy: the action was NOT recorded. Try again."
    return f"the journal could not record the action ({text}); it was NOT recorded."
