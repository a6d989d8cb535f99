"""The speaking order's rules, as pure functions."""

import pytest

from dais.console.room import order
from dais.console.room.roster import Roster
from dais.models import Category, FloorPolicy, FloorRequest, Participant


@pytest.fixture(scope="module")
def roster():
    r = Roster.reference()
    r.add(Participant(id="stakeholder:a", name="Alpha Coalition", category=Category.STAKEHOLDER))
    r.add(Participant(id="stakeholder:b", name="Beta Network", category=Category.STAKEHOLDER))
    r.add(Participant(id="stakeholder:c", name="Gamma Union", category=Category.STAKEHOLDER))
    r.add(Participant(id="nhri:x", name="Commission X", category=Category.NHRI))
    return r


def requests(*specs):
    made = []
    for seq, spec in enumerate(specs, start=1):
        pid, _, group = spec.partition("/")
        made.append(FloorRequest(id=seq, participant_id=pid, item_id="i", requested_at=seq,
                                 on_behalf_of=group or None))
    return made


def ids(ordered):
    return [r.participant_id for r in ordered]


def test_states_first_ranks_categories(roster):
    queue = requests("stakeholder:a", "nhri:x", "UNHCR", "ICRC", "VAT", "KEN")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, set())) == [
        "KEN", "VAT", "ICRC", "UNHCR", "nhri:x", "stakeholder:a"]


def test_palestine_ranks_among_member_states_in_order_of_request(roster):
    # GA res ES-10/23
    queue = requests("KEN", "PSE", "MEX")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, set())) == ["KEN", "PSE", "MEX"]


def test_holy_see_comes_after_the_last_member_state(roster):
    # GA res 58/314
    queue = requests("VAT", "KEN", "PSE", "MEX", "IOM")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, set())) == [
        "KEN", "PSE", "MEX", "VAT", "IOM"]


def test_group_statements_open_their_rank(roster):
    queue = requests("KEN", "MEX", "EGY/African Group", "EU", "stakeholder:a", "stakeholder:b/Civil society")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, set())) == [
        "EGY", "EU", "KEN", "MEX", "stakeholder:b", "stakeholder:a"]


def test_first_time_speakers_come_before_repeat_speakers(roster):
    queue = requests("KEN", "MEX", "BRA")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, {"KEN"})) == ["MEX", "BRA", "KEN"]


def test_stakeholders_first_policy(roster):
    queue = requests("KEN", "UNHCR", "stakeholder:a", "VAT", "nhri:x")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.STAKEHOLDERS_FIRST, set())) == [
        "stakeholder:a", "nhri:x", "KEN", "VAT", "UNHCR"]


def test_order_of_request_policy_is_first_come_first_served(roster):
    queue = requests("stakeholder:a", "KEN/G77", "VAT", "MEX")
    assert ids(order.speaking_order(queue, roster, FloorPolicy.ORDER_OF_REQUEST, {"VAT"})) == [
        "stakeholder:a", "KEN", "VAT", "MEX"]


def test_reserved_seats_go_to_the_next_two_stakeholders(roster):
    queue = order.speaking_order(
        requests("stakeholder:a", "KEN", "stakeholder:b", "stakeholder:c", "nhri:x"), roster,
        FloorPolicy.STATES_FIRST, set())
    assert order.reserved_seats(queue, roster) == {1, 3}


def _move(queue, roster, request_id, direction):
    keys = [order.effective_key(r, roster.get(r.participant_id), FloorPolicy.STATES_FIRST, set()) for r in queue]
    pin = order.pin_for_move(queue, keys, request_id, direction)
    assert pin is not None
    next(r for r in queue if r.id == request_id).pin = ("states_first", pin)
    return order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, set())


def test_manual_moves_are_honoured_and_later_requests_still_fall_into_place(roster):
    queue = requests("KEN", "MEX", "BRA", "stakeholder:a")
    ordered = order.speaking_order(queue, roster, FloorPolicy.STATES_FIRST, set())
    ordered = _move(ordered, roster, 4, "up")  # the NGO jumps above Brazil
    assert ids(ordered) == ["KEN", "MEX", "stakeholder:a", "BRA"]
    ordered = _move(ordered, roster, 4, "up")
    assert ids(ordered) == ["KEN", "stakeholder:a", "MEX", "BRA"]
    ordered = _move(ordered, roster, 1, "down")
    assert ids(ordered) == ["stakeholder:a", "KEN", "MEX", "BRA"]
    later = FloorRequest(id=5, participant_id="CHL", item_id="i", requested_at=5)
    group = FloorRequest(id=6, participant_id="ZAF", item_id="i", requested_at=6, on_behalf_of="African Group")
    ordered = order.speaking_order([*ordered, later, group], roster, FloorPolicy.STATES_FIRST, set())
    assert ids(ordered) == ["ZAF", "stakeholder:a", "KEN", "MEX", "BRA", "CHL"]


def test_first_cannot_move_up_and_last_cannot_move_down(roster):
    ordered = order.speaking_order(requests("KEN", "MEX"), roster, FloorPolicy.STATES_FIRST, set())
    keys = [order.policy_key(r, roster.get(r.participant_id), FloorPolicy.STATES_FIRST, set()) for r in ordered]
    assert order.pin_for_move(ordered, keys, 1, "up") is None
    assert order.pin_for_move(ordered, keys, 2, "down") is None
