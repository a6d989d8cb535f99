"""A plain-text account of a meeting's state, for `dais open --state` and logs."""

from __future__ import annotations

from dais.console.calendar import heading
from dais.console import clock
from dais.console.forecast import local, queue_rows, zone
from dais.console.meeting import Meeting


def describe(meeting: Meeting, now: float) -> str:
    state = meeting.state
    tz = zone(state)
    head = heading(state.programme, state.item, now)
    lines = [
        ("REHEARSAL · " if head.rehearsal else "") + state.programme.meeting.title,
        f"{head.venue} · {head.date} · {head.time}",
        f"{meeting.path}  ({len(meeting.entries)} events)",
        f"Item: {state.item.title} [{state.item.start:%H:%M}-{state.item.end:%H:%M}]"
        + ("  (list closed)" if state.list_closed else ""),
    ]
    speaking = state.speaking
    if speaking is None:
        lines.append("Floor: nobody is speaking")
    else:
        reading = clock.read(speaking, now)
        who = state.roster.name(speaking.participant_id)
        lines.append(
            f"Floor: {who} ({speaking.role}) {clock.format_clock(reading.remaining_s)}"
            + (" PAUSED" if reading.paused else "")
        )
    rows, forecast = queue_rows(state, now)
    lines.append(f"Queue: {len(rows)} waiting")
    for row in rows:
        lines.append(
            f"  {row.position:>3}. {row.participant.category.badge:<4} {row.participant.name}"
            + (f" (on behalf of {row.request.on_behalf_of})" if row.request.on_behalf_of else "")
            + f"  ~{local(row.estimated_start, tz):%H:%M}"
        )
    if forecast.unreached:
        lines.append(f"At this pace {forecast.unreached} request(s) will not be reached before {state.item.end:%H:%M}.")
    return "\n".join(lines)
