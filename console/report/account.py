"""A plain-text account of a meeting's state, for `dais open --state` and logs."""

from __future__ import annotations

from dais.console.room.calendar import heading
from dais.console.room import clock
from dais.console.floor.forecast import local, queue_rows, zone
from dais.console.lang.french import group_of_fr
from dais.console.lang.i18n import _, group_name, ngettext, participant_name
from dais.console.floor.meeting import Meeting


def describe(meeting: Meeting, now: float) -> str:
    state = meeting.state
    tz = zone(state)
    head = heading(state.programme, state.item, now, state.item_started.get(state.item.id))
    lines = [
        (_("REHEARSAL") + " · " if head.rehearsal else "") + state.programme.meeting.title,
        f"{head.venue} · {head.date} · {head.time}",
        ngettext("{path}  ({n} event)", "{path}  ({n} events)", len(meeting.entries)).format(
            path=meeting.path, n=len(meeting.entries)),
        _("Item: {title} [{start}-{end}]").format(title=state.item.title, start=f"{state.item.start:%H:%M}",
                                                  end=f"{state.item.end:%H:%M}")
        + (_("  (list closed)") if state.list_closed else ""),
    ]
    speaking = state.speaking
    if speaking is None:
        lines.append(_("Floor: nobody is speaking"))
    else:
        reading = clock.read(speaking, now)
        who = state.roster.name(speaking.participant_id)
        who = participant_name(speaking.participant_id, None, who)
        lines.append(
            _("Floor: {who} ({role}) {clock}").format(who=who, role=speaking.role,
                                                      clock=clock.format_clock(reading.remaining_s))
            + (_(" PAUSED") if reading.paused else "")
        )
    rows, forecast = queue_rows(state, now)
    lines.append(_("Queue: {n} waiting").format(n=len(rows)))
    for row in rows:
        lines.append(
            f"  {row.position:>3}. {row.participant.category.badge:<4} "
            + participant_name(row.participant.id, row.participant.category.value, row.participant.name)
            # TRANSLATORS: also {of_group}, the group after "de": "du Groupe des États d’Afrique".
            + (_(" (on behalf of {group})").format(group=group_name(row.request.on_behalf_of),
                                                   of_group=group_of_fr(row.request.on_behalf_of))
               if row.request.on_behalf_of else "")
            + f"  ~{local(row.estimated_start, tz):%H:%M}"
        )
    if forecast.unreached:
        lines.append(ngettext("At this pace {n} request will not be reached before {end}.",
                              "At this pace {n} requests will not be reached before {end}.", forecast.unreached)
                     .format(n=forecast.unreached, end=f"{state.item.end:%H:%M}"))
    return "\n".join(lines)
