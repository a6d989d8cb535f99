"""The chair's list of speakers: a page per item, to print during the meeting.

For each item held so far and the item in session: who has spoken, with their seats, and for
the item in session the requests still waiting, in the order they will be called (the
speaking order under the item's policy, as the dais shows it). An html page with a print
stylesheet (A4, one item per page), written from the read-only speaker log, so it can be
printed while the dais runs. Everything people typed is escaped.
"""

from __future__ import annotations

import html

from dais.console.lang.i18n import _, category_label, language, role_label
from dais.console.report.log_text import hm, shown_title, speaker_label
from dais.models.programme import format_mss
from dais.models.speaker_log import LogIntervention, SpeakerLog

STYLE = (
    "@page{size:A4;margin:15mm}"
    "body{font-family:sans-serif;font-size:11pt;color:#000;margin:0 auto;max-width:180mm}"
    "section{break-after:page;page-break-after:always;padding:0 0 1em}"
    "section:last-of-type{break-after:auto;page-break-after:auto}"
    "h1{font-size:12pt;font-weight:normal;margin:0}h2{font-size:15pt;margin:.3em 0}"
    "h3{font-size:12pt;margin:1em 0 .3em}p.when{margin:0 0 .5em;color:#333}"
    # A long word (a web address, a name without spaces) is broken inside its cell rather than
    # widening the table past the page, where the printer cuts it off.
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #777;padding:.15em .4em;"
    "text-align:left;overflow-wrap:anywhere}thead{display:table-header-group}"
    "th{background:#eee}td.n,td.seat{text-align:right;width:3em}"
    "tr{break-inside:avoid;page-break-inside:avoid}"
    "@media screen{section{border-bottom:2px dashed #999;margin-bottom:2em}}"
)


def _seat(seat: int | None) -> str:
    return "—" if seat is None else str(seat)


def _table(header: list[str], rows: list[list[str]], classes: tuple[str, ...] = ("n", "seat")) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls}">{e(v)}</td>' if cls else f"<td>{e(v)}</td>"
                         for cls, v in zip(list(classes) + [""] * (len(header) - len(classes)), row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_chair(log: SpeakerLog) -> bytes:
    e = html.escape
    meeting = log.meeting
    current = meeting.current_item
    spoken: dict[str, list[LogIntervention]] = {}
    for i in log.interventions:
        spoken.setdefault(i.item, []).append(i)
    waiting = sorted(((r.queue_position, r) for r in log.requests_not_reached if r.queue_position),
                     key=lambda placed: placed[0])
    as_of = hm(meeting.as_of)
    sections = []
    for item in log.items:
        if item.id != current and not spoken.get(item.id):
            continue
        parts = [f"<section><h1>{e(shown_title(meeting))}</h1>",
                 f"<h2>{e(item.title)}</h2>",
                 '<p class="when">' + e(_("Day {day}, {start}–{end}").format(
                     day=item.day, start=hm(item.scheduled_start), end=hm(item.scheduled_end)))
                 + (e(_(" · in session · list as of {time}").format(time=as_of)) if item.id == current else "")
                 + "</p>"]
        done = spoken.get(item.id, [])
        parts.append("<h3>" + e(_("Speakers so far ({n})").format(n=len(done))) + "</h3>")
        parts.append(_table(["#", _("Seat"), _("Speaker"), _("Category"), _("Role"), _("Start"), _("Duration")],
                            [[str(n), _seat(i.seat), speaker_label(i), category_label(i.category),
                              role_label(i.role), hm(i.started_at), format_mss(i.duration_s)]
                             for n, i in enumerate(done, start=1)]) if done else "<p>" + e(_("Nobody yet.")) + "</p>")
        if item.id == current:
            parts.append("<h3>" + e(_("Remaining requests, in order ({n})").format(n=len(waiting))) + "</h3>")
            parts.append(_table(["#", _("Seat"), _("Speaker"), _("Category"), _("Requested")],
                                [[str(place), _seat(r.seat), speaker_label(r),
                                  category_label(r.category), hm(r.requested_at)] for place, r in waiting])
                         if waiting else "<p>" + e(_("No request is waiting.")) + "</p>")
        if item.id == current and (budgets := [b for b in log.budgets if b.item == item.id]):
            parts.append("<h3>" + e(_("Time budgets")) + "</h3>")
            parts.append(_table(
                [_("Holder"), _("Limit"), _("Total"), _("Used"), _("Left")],
                [[b.holder, format_mss(b.limit_s) if b.limit_s is not None else "—",
                  format_mss(b.total_s), format_mss(b.used_s),
                  _("USED UP") if b.used_s >= b.total_s else format_mss(b.total_s - b.used_s)]
                 for b in budgets], classes=()))
        parts.append("</section>")
        sections.append("".join(parts))
    page = [
        "<!DOCTYPE html>", f'<html lang="{language()}"><head><meta charset="utf-8">',
        "<title>" + e(_("List of speakers: {title}").format(title=meeting.title)) + "</title>",
        f"<style>{STYLE}</style>", "</head><body>",
        *(sections or ["<section><p>" + e(_("No item has been held yet.")) + "</p></section>"]),
        "</body></html>\n",
    ]
    return "\n".join(page).encode("utf-8")
