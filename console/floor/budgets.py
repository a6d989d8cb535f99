"""Time budgets per category, regional group or delegation: whose limit applies, and what is left.

An item's budgets (models.programme.Budget) give a speaker's limit in place of the item's and a
total for all of a holder's interventions on the item. These are pure functions over the fold's
state and "now"; the dais, the forecast and the report read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from dais.console.room import clock
from dais.console.lang.i18n import _, category_plural
from dais.console.record.fold import MeetingState
from dais.models import AgendaItem, Budget, Intervention, Participant
from dais.models.programme import format_mss

# The most particular budget decides a speaker's limit: their own delegation's, then their
# category's, then their regional group's; the item's limit when none gives one.
_PRECEDENCE = ("delegation", "category", "group")


def holds(budget: Budget, participant: Participant) -> bool:
    """The participant speaks on this budget."""
    if budget.delegation is not None:
        return budget.delegation == participant.id
    if budget.category is not None:
        return budget.category is participant.category
    return budget.group is not None and budget.group is participant.regional_group


def budgets_of(item: AgendaItem, participant: Participant) -> list[Budget]:
    """The item's budgets the participant speaks on, most particular first."""
    mine = [b for b in item.budgets if holds(b, participant)]
    return sorted(mine, key=lambda b: _PRECEDENCE.index(b.key[0]))


def speaker_limit(item: AgendaItem, participant: Participant) -> int:
    """The participant's speaking limit on the item: a budget's limit, else the item's."""
    for budget in budgets_of(item, participant):
        if budget.limit is not None:
            return budget.limit
    return item.floor_limit


def holder_label(budget: Budget, names: dict[str, str] | None = None) -> str:
    """'Member States', 'Western European and Others Group', 'Switzerland'."""
    if budget.category is not None:
        return category_plural(budget.category)
    if budget.group is not None:
        return budget.group.value
    delegation = budget.delegation or ""
    return (names or {}).get(delegation, delegation)


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """A total budget on an item, and how much of it has been spoken."""

    budget: Budget
    label: str
    total_s: int
    used_s: float

    @property
    def left_s(self) -> float:
        return max(0.0, self.total_s - self.used_s)

    @property
    def used_up(self) -> bool:
        return self.used_s >= self.total_s

    def __str__(self) -> str:
        if self.used_up:
            return _("{label}: USED UP ({used} of {total})").format(
                label=self.label, used=format_mss(self.used_s), total=format_mss(self.total_s))
        return _("{label}: {left} left of {total}").format(
            label=self.label, left=format_mss(self.left_s), total=format_mss(self.total_s))


def _spoken_on(state: MeetingState, item_id: str) -> list[Intervention]:
    """The item's interventions that count against budgets: not points of order, not the panel's."""
    return [i for i in state.interventions.values()
            if i.item_id == item_id and not i.point_of_order
            and (i.request_id is not None or i.out_of_turn)]


def budget_lines(state: MeetingState, now: float, item: AgendaItem | None = None) -> list[BudgetLine]:
    """The item's (by default the current item's) total budgets, each with the time used, the
    speaker on the floor counted up to now."""
    item = item or state.item
    if all(budget.total is None for budget in item.budgets):
        return []  # most items have none: nothing to walk
    roster = state.roster
    spoken = _spoken_on(state, item.id)
    names = {b.delegation: roster.name(b.delegation) for b in item.budgets
             if b.delegation is not None and b.delegation in roster}
    lines = []
    for budget in item.budgets:
        if budget.total is None:
            continue
        mine = [i for i in spoken
                if i.participant_id in roster and holds(budget, roster.get(i.participant_id))]
        used = sum(clock.read(i, i.ended_at if i.ended_at is not None else now).elapsed_s for i in mine)
        lines.append(BudgetLine(budget, holder_label(budget, names), budget.total, used))
    return lines


def used_up_among(lines: list[BudgetLine], participants: list[Participant]) -> set[str]:
    """Of these participants, those who speak on one of the used-up budgets (the queue's BUDGET mark)."""
    spent = [line.budget for line in lines if line.used_up]
    return {p.id for p in participants if any(holds(budget, p) for budget in spent)}


def used_up_budget(state: MeetingState, participant_id: str, now: float) -> BudgetLine | None:
    """The first of the participant's total budgets on the current item already used up, or None."""
    if participant_id not in state.roster:
        return None
    participant = state.roster.get(participant_id)
    for line in budget_lines(state, now):
        if line.used_up and holds(line.budget, participant):
            return line
    return None


def budget_report(state: MeetingState, as_of: float) -> list[dict[str, object]]:
    """Time used against each total budget, item by item, as the speaker log gives it
    (`budgets` in `dais.speaker-log/1`); items not yet held show none used."""
    rows: list[dict[str, object]] = []
    for item in state.programme.items:
        for line in budget_lines(state, as_of, item):
            kind, holder_id = line.budget.key
            rows.append({
                "item": item.id,
                "item_title": item.title,
                "holder_kind": kind,
                "holder_id": holder_id,
                "holder": line.label,
                "limit_s": line.budget.limit,
                "total_s": line.total_s,
                "used_s": round(line.used_s, 1),
            })
    return rows
