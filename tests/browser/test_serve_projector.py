"""The projector's page (`/queue`) in a real headless Chromium at the projectors' sizes: the
speaker and all eight next speakers are on the screen, whole, with long names too; screenshots
are kept in artefacts/. And the live pages say "1 request" and "2 requests", never "request(s)"."""

from __future__ import annotations

import os

import pytest

from dais.console.floor.meeting import Meeting
from dais.models import Category
from tests.served import CHROMIUM, chromium, serving

pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="chromium is not installed (make test installs it; CI requires it)")

# Where each row of the list is, against the window: [top, bottom, text's width, box's width].
ROWS = """
[...document.querySelectorAll('#queue li')].map((li) => {
  const box = li.getBoundingClientRect();
  const who = li.querySelector('.who');
  return [box.top, box.bottom, who.scrollWidth, who.clientWidth];
})
"""


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1024, 768)])
async def test_the_projector_shows_all_eight_next_speakers(tmp_path, programme, size):
    width, height = size
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    try:
        long = await meeting.add_participant("Platform for International Cooperation on Undocumented Migrants",
                                             Category.STAKEHOLDER)
        for who in ("KEN", "MEX", "BOL", "GBR", "VAT", "IOM", long.id, "UNHCR", "BRA", "CHL", "NOR"):
            await meeting.request_floor(who)
        await meeting.give_floor()
        with serving(str(meeting.path)) as server:
            async with chromium(tmp_path, size=f"{width},{height}") as (tab,):
                await tab.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                               deviceScaleFactor=1, mobile=False)
                await tab.open(server.base + "/queue")
                await tab.wait_for("document.querySelectorAll('#queue li').length === 8")
                rows = await tab.evaluate(ROWS)
                window = await tab.evaluate("[innerWidth, innerHeight, document.documentElement.scrollHeight]")
                more = await tab.evaluate("document.getElementById('more').getBoundingClientRect().bottom")
                await tab.screenshot(f"serve-queue-{width}x{height}.png")
    finally:
        await meeting.close()
    assert window[:2] == [width, height]
    assert len(rows) == 8
    assert all(0 <= top and bottom <= height for top, bottom, _w, _c in rows), (rows, height)  # all 8 whole
    assert more <= height  # "and 2 more" too
    assert window[2] <= height  # nothing to scroll to
    assert rows[-1][1] - rows[0][0] > height * 0.4  # and not shrunk to a footnote


async def test_the_moderators_page_says_its_plurals(tmp_path, programme):
    from dais.console.web.server import words

    import re

    from dais.console.web.server import STATIC

    english = words()
    assert not [w for w in english["words"] if "(s)" in w]
    scripts = "".join(path.read_text() for path in STATIC.glob("*.js"))
    assert "(s)" not in scripts
    counted = re.findall(r'\btn\(\s*"((?:[^"\\]|\\.)*)"', scripts)
    assert counted and set(counted) <= set(english["plurals"])  # each count's forms come from the server
    meeting = await Meeting.open(tmp_path / "geneva.dais", programme)
    try:
        with serving(str(meeting.path)) as server:
            async with chromium(tmp_path) as (tab,):
                await tab.open(server.base + "/")
                await tab.wait_for("typeof DaisWords !== 'undefined' && document.body.textContent.length > 0")
                said = await tab.evaluate(
                    "(async () => { await DaisWords.load(); return [1, 2, 0].map((n) => DaisWords.tn("
                    "'at this pace {n} request will not be reached before {end}', "
                    "'at this pace {n} requests will not be reached before {end}', n, {n, end: '13:00'})); })()")
    finally:
        await meeting.close()
    assert said == ["at this pace 1 request will not be reached before 13:00",
                    "at this pace 2 requests will not be reached before 13:00",
                    "at this pace 0 requests will not be reached before 13:00"]
