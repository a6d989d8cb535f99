"""`dais codes`: the codes a meeting hands out for requests from the room, as CSV and a printable page.

Each delegation gets one short code (at its seat where the meeting has a seating list), kept in
the journal (codes_issued) and revoked one by one (code_revoked). The printable page has a QR
code per delegation, of the phone page's link with the code in it, drawn by segno (pure
Python, SVG inline: the page needs nothing else to print).
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import TYPE_CHECKING

from dais.console.lang.i18n import _, language, ngettext
from dais.console.floor.inbox import codes_for, live_codes, normal_code

if TYPE_CHECKING:
    from dais.console.record.fold import MeetingState
    from dais.models import AccessCode

DEFAULT_URL = "http://localhost:8000/"


def link(base: str, code: AccessCode) -> str:
    """The phone page's address with the code in it (a secretary's: the secretaries' page): what
    the QR code holds."""
    return base.rstrip("/") + ("/assist" if code.secretary else "/request") + "?code=" + code.code


def who(state: MeetingState, code: AccessCode) -> str:
    if code.participant_id is None:
        return _("Secretary")
    return state.roster.name(code.participant_id) if code.participant_id in state.roster else code.participant_id


def codes_csv(state: MeetingState, base: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["code", "delegation", "id", "seat", "link"])
    for code in live_codes(state):
        writer.writerow([code.code, who(state, code), code.participant_id or "secretary",
                         "" if code.seat is None else code.seat, link(base, code)])
    return out.getvalue().encode("utf-8")


def codes_html(state: MeetingState, base: str) -> bytes:
    """A page to print and cut: one card per code, with the delegation, seat, code and QR code."""
    import segno

    title = html.escape(state.programme.meeting.title)
    cards = []
    for code in live_codes(state):
        address = link(base, code)
        qr = segno.make(address, error="m").svg_inline(scale=3, border=2)
        seat = "" if code.seat is None else html.escape(_("seat {seat}").format(seat=code.seat))
        cards.append(
            f'<section class="card"><h2>{html.escape(who(state, code))}</h2><p class="seat">{seat}</p>'
            f'{qr}<p class="code">{html.escape(code.code)}</p><p class="link">{html.escape(address)}</p></section>')
    heading = html.escape(_("{title}: codes to ask for the floor").format(title=state.programme.meeting.title))
    hint = html.escape(_("Scan the code, or open the address and type the code. Keep it to yourself: "
                         "anyone with it can ask for the floor in your delegation's name."))
    page = f"""<!doctype html>
<html lang="{language()}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1cm; }}
.cards {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: .4cm; }}
.card {{ border: 1px dashed #888; padding: .3cm; text-align: center; break-inside: avoid; }}
.card h2 {{ font-size: 12pt; margin: 0; overflow-wrap: anywhere; }}
.seat {{ margin: 0; color: #444; }}
.code {{ font: 700 16pt ui-monospace, monospace; letter-spacing: .1em; margin: .1cm 0; }}
.link {{ font-size: 7pt; color: #444; overflow-wrap: anywhere; margin: 0; }}
</style></head><body>
<h1>{heading}</h1><p>{hint}</p>
<div class="cards">
{chr(10).join(cards)}
</div></body></html>
"""
    return page.encode("utf-8")


async def codes_command(path: Path, output: Path | None, page: Path | None, base: str, secretaries: int,
                        revoke: list[str], confirming: bool = False) -> str:
    """Issue the missing codes (or revoke some), then write the CSV and the page; the summary line."""
    from dais.console.report.export import write_atomically
    from dais.console.floor.meeting import Meeting

    meeting = await Meeting.open(path)
    try:
        for given in revoke:
            await meeting.revoke_code(normal_code(given))
        made = [] if revoke else codes_for(meeting.state, secretaries, confirming)
        if made:
            await meeting.issue_codes(made)
        state = meeting.state
    finally:
        await meeting.close()
    lines = []
    if revoke:
        lines.append(ngettext("revoked {n} code", "revoked {n} codes", len(revoke)).format(n=len(revoke)))
    else:
        lines.append(ngettext("issued {n} new code", "issued {n} new codes", len(made)).format(n=len(made)))
    if output is not None:
        write_atomically(output, codes_csv(state, base))
        lines.append(_("wrote {path}").format(path=output))
    if page is not None:
        write_atomically(page, codes_html(state, base))
        lines.append(_("wrote {path}").format(path=page))
    return "\n".join(lines)
