"""`dais codes`: one code per delegation (at its seat), kept in the journal, revoked one by one; the
CSV and the printable page with a QR code each."""

from __future__ import annotations

import csv
import subprocess

from dais.console.floor.meeting import Meeting
from dais.models import Category
from tests.served import DAIS


def dais(*args: str, home) -> subprocess.CompletedProcess:
    return subprocess.run([DAIS, *args], capture_output=True, text=True, timeout=60,
                          env={"DAIS_HOME": str(home), "HOME": str(home), "PATH": "/usr/bin:/bin"})


async def test_codes_are_issued_once_written_and_revoked(tmp_path, programme):
    meeting = await Meeting.open(tmp_path / "hearing.dais", programme)
    participant = await meeting.add_participant("<b>Migrant</b> Forum", Category.STAKEHOLDER)
    await meeting.close()
    path, out = str(tmp_path / "hearing.dais"), tmp_path / "codes.csv"
    done = dais("codes", path, "-o", str(out), "--url", "http://10.1.2.3:8000/", "--secretaries", "1", home=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_id = {row["id"]: row for row in rows}
    kenya = by_id["KEN"]
    assert kenya["delegation"] == "Kenya" and kenya["seat"].isdigit()
    assert kenya["link"] == f"http://10.1.2.3:8000/request?code={kenya['code']}"
    assert by_id["secretary"]["link"].startswith("http://10.1.2.3:8000/assist?code=")
    assert len({row["code"] for row in rows}) == len(rows)
    page = (tmp_path / "codes.html").read_text(encoding="utf-8")
    assert page.count("<svg") == len(rows) and kenya["code"] in page
    assert "&lt;b&gt;Migrant&lt;/b&gt; Forum" in page and "<b>Migrant" not in page  # names are text
    assert participant.id in by_id

    again = dais("codes", path, "-o", str(out), home=tmp_path)
    assert again.returncode == 0 and "issued 0 new codes" in again.stdout
    assert {row["code"] for row in csv.DictReader(out.open(encoding="utf-8"))} == {row["code"] for row in rows}

    revoked = dais("codes", path, "--revoke", kenya["code"].lower(), "-o", str(out), home=tmp_path)
    assert revoked.returncode == 0 and "revoked 1 code" in revoked.stdout
    assert "KEN" not in {row["id"] for row in csv.DictReader(out.open(encoding="utf-8"))}
    wrong = dais("codes", path, "--revoke", "ZZZZ-ZZZZ", home=tmp_path)
    assert wrong.returncode == 1 and wrong.stderr.strip() == "dais: there is no code ZZZZ-ZZZZ in this meeting"
    renewed = dais("codes", path, "-o", str(out), home=tmp_path)
    assert "issued 1 new code" in renewed.stdout
    fresh = {row["id"]: row["code"] for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert fresh["KEN"] != kenya["code"]

    reopened = await Meeting.watch(tmp_path / "hearing.dais")
    try:
        assert reopened.state.live_code(kenya["code"]) is None and reopened.state.live_code(fresh["KEN"]) is not None
    finally:
        await reopened.close()
