"""The memberships shipped in console/data/groups.csv for the G77, NAM, OIC, CARICOM, AOSIS and PSIDS: the
counts their sources give, every code a State of the roster, and the ties between the lists that the
sources state (so a slip in one list shows up against another), and the count the request form shows."""

from __future__ import annotations

from textual.widgets import Label

import pytest

from dais.console.app import make_app
from dais.console.room.roster import Groups, Roster
from dais.models import Category
from dais.screens.request import RequestForm


@pytest.fixture(scope="module")
def groups() -> Groups:
    return Groups.reference()


def members(groups: Groups, group_id: str) -> set[str]:
    group = groups.get(group_id)
    assert group is not None and group.members, group_id
    assert len(set(group.members)) == len(group.members), f"{group_id}: a code twice"
    return set(group.members)


def test_every_member_is_a_state_the_roster_knows(groups):
    roster = Roster.reference()
    states = {p.id for p in roster if p.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE)}
    for group_id in ("g77", "nam", "oic", "caricom", "aosis", "psids"):
        assert members(groups, group_id) <= states, group_id


def test_the_group_of_77_and_china_is_the_134_of_g77_org_china_among_them(groups):
    g77 = members(groups, "g77")
    assert len(g77) == 134
    # China speaks with the Group; Palestine, an observer State, is a member.
    assert {"CHN", "PSE", "AZE"} <= g77
    assert not g77 & {"BIH", "MEX", "KOR", "PLW", "TUV", "VAT"}  # left, never joined, or not a member


def test_the_non_aligned_movement_has_121_members_since_south_sudan_joined(groups):
    nam = members(groups, "nam")
    assert len(nam) == 121 and "SSD" in nam
    # Every African State is a member since January 2024.
    african = members(groups, "african-group")
    assert african <= nam
    # Wikipedia's rule: the G77 and Belarus and Uzbekistan, less the NAM observer States and the Pacific
    # G77 but Fiji, Papua New Guinea and Vanuatu.
    observers = {"ARG", "ARM", "BIH", "BRA", "CHN", "CRI", "HRV", "SLV", "KAZ", "KGZ", "MEX", "MNE", "PRY",
                 "SRB", "TJK", "UKR", "URY"}
    pacific = members(groups, "psids") - {"FJI", "PNG", "VUT"}
    assert nam == (members(groups, "g77") | {"BLR", "UZB"}) - observers - pacific


def test_the_oic_has_57_members_56_un_member_states_and_palestine(groups):
    roster = Roster.reference()
    oic = members(groups, "oic")
    assert len(oic) == 57
    observer_states = {pid for pid in oic if roster.get(pid).category is Category.OBSERVER_STATE}
    assert observer_states == {"PSE"}
    assert not oic & {"RUS", "THA", "CAF", "BIH"}  # observers of the OIC, not members
    assert members(groups, "arab-group") <= oic  # every member of the League of Arab States is in the OIC


def test_caricom_aosis_and_psids_list_their_un_member_states(groups):
    caricom, aosis, psids = members(groups, "caricom"), members(groups, "aosis"), members(groups, "psids")
    # Of 15, 39 and 12 members: Montserrat, the Cook Islands and Niue are not States of the UN.
    assert (len(caricom), len(aosis), len(psids)) == (14, 37, 12)
    assert aosis == members(groups, "sids") - {"BHR"}  # Bahrain: on the OHRLLS list, not in the alliance
    assert caricom <= aosis and psids <= aosis
    assert caricom <= members(groups, "grulac")
    assert psids <= members(groups, "asia-pacific-group")


@pytest.fixture
def app(meeting, clock, tmp_path):
    return make_app(meeting, clock=clock, settings_path=tmp_path / "settings.json", tick=0.05)


async def test_the_request_form_counts_the_members_of_the_group_typed(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"brazil", "tab", *"G77")
        await pilot.pause()
        assert isinstance(app.screen, RequestForm)
        verdict = str(app.screen.query_one("#group-verdict", Label).render())
        assert "Group of 77 and China" in verdict and "(134 members)" in verdict
        await pilot.press("ctrl+u", *"non-aligned")
        await pilot.pause()
        verdict = str(app.screen.query_one("#group-verdict", Label).render())
        assert "Non-Aligned Movement" in verdict and "(121 members)" in verdict
