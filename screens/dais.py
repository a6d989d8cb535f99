"""The dais: the secretary's live console. Every action goes to the engine; the journal first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from dais.console.lang.i18n import _, gettext_noop, ngettext, participant_name, short_date
from dais.console.lang import typed
from dais.console.lang.errors import DaisError, JournalWriteError, ProcedureError
from dais.console.floor.forecast import local
from dais.console.floor.inbox import POLL_S as INBOX_POLL_S
from dais.models import AgendaItem, Category, PanelMember
from dais.screens.budgets import BudgetBar
from dais.screens.dialogs import Ask, Confirm, Pick, Refused, TypedOn, pick_category, pick_panel
from dais.screens.floor import FloorPanel
from dais.screens.header import MeetingHeader
from dais.screens.inbox import RoomRequests, pending_title, row_name
from dais.screens.keybar import KeyBar
from dais.screens.programme_panel import ProgrammePanel
from dais.screens.queue import QueueTable
from dais.screens.request import RequestChoice, RequestForm
from dais.screens.seam import SessionScreen
from dais.screens.text import shown, show_text


class DaisScreen(SessionScreen):
    """The floor, the programme and the queue. The queue on screen, its "next" row, its forecast
    column and what `n` does all come from one computation (console.floor.forecast.queue_rows over
    the engine's speaking order), shown again whenever the journal has grown: after an action
    here, on coming back from another screen (a policy changed on the programme screen, a
    correction in the log), and at the next tick for anything else."""
    BINDINGS = [
        Binding("r", "request", gettext_noop("Request")),
        Binding("n", "next", gettext_noop("Next")),
        Binding("e", "end", gettext_noop("End")),
        Binding("space", "pause", gettext_noop("Pause")),
        Binding("t", "extend", gettext_noop("+30s")),
        Binding("x", "withdraw", gettext_noop("Withdraw")),
        Binding("p", "point_of_order", gettext_noop("Pt of order")),
        Binding("l", "toggle_list", gettext_noop("List")),
        Binding("a", "advance", gettext_noop("Next item")),
        Binding("f", "panel", gettext_noop("Panel")),
        Binding("w", "who_speaks", gettext_noop("Who speaks"), show=False),  # the person, from the list of participants
        Binding("c", "call", gettext_noop("Call")),  # the chair's call: the highlighted request, out of turn
        Binding("C", "call_anyone", gettext_noop("Call anyone"), show=False),  # anyone on the roster, out of turn
        Binding("b", "budget", gettext_noop("Budget"), show=False),
        Binding("i", "take_request", gettext_noop("Take in"), show=False),  # the room's highlighted pending request
        Binding("d", "decline_request", gettext_noop("Decline"), show=False),
        Binding("K", "revoke_code", gettext_noop("Revoke a code"), show=False),  # a phone lost during the session
        Binding("ctrl+z", "undo", gettext_noop("Undo")),
        Binding("shift+up", "move('up')", gettext_noop("Move up"), show=False),
        Binding("shift+down", "move('down')", gettext_noop("Move down"), show=False),
        Binding("m", "mute", gettext_noop("Mute")),
        Binding("s", "log", gettext_noop("Log")),
        Binding("g", "programme", gettext_noop("Programme")),
        Binding("question_mark", "help", gettext_noop("Help")),
        Binding("q", "app.quit", gettext_noop("Quit")),  # ctrl+q, ctrl+c and the palette: the app's own, the same guard
    ]

    # The key bar keeps these longest when it is short of room (screens/keybar.py): help (which
    # lists every key) and the way out, then the keys that run the floor, most used first.
    KEY_PRIORITY = ("help", "app.quit", "request", "next", "end", "pause", "undo", "advance", "withdraw",
                    "point_of_order", "toggle_list", "extend", "call", "log", "programme", "mute", "panel")

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        with Horizontal(id="top"):
            yield FloorPanel(id="floor")
            yield ProgrammePanel(id="programme-panel")
        yield Static("", id="inbox-title")
        yield RoomRequests(id="room-requests")
        yield Static("", id="queue-title")
        yield BudgetBar(id="budgets")
        yield QueueTable(id="queue")
        yield Static("", id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.saved = _("journal saved")
        self.said: set[tuple[int, str]] = set()  # announcements already made, per intervention
        self.shown_events = -1  # how many journal events the queue on screen reflects
        self.adjournment_offered: tuple[str, int] | None = None  # (item, events) the notice was shown for
        self.waiting_newcomers: list[RequestChoice] = []  # typed on from the category picker: asked again next
        self.room_pending = 0  # requests from the room pending when last looked
        self.room_confirmed_tried: set[int] = set()  # confirmed entries taken in (or refused) once only
        self.inbox_problem: str | None = None  # the inbox's last read error, said once
        self.refresh_view()
        self.set_interval(self.dais.tick, self.tick)
        self.set_interval(INBOX_POLL_S, self.poll_inbox)  # console.floor.inbox.POLL_S
        self.query_one(QueueTable).focus()

    # -- showing ---------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.shown_events != self.session.events:
            self.refresh_view()

    def tick(self) -> None:
        session = self.session
        now = session.now()
        if self.shown_events != session.events:
            self.refresh_view()  # an event recorded elsewhere: the fold has changed
        self.query_one(FloorPanel).show(session.meeting, now)
        if session.state.speaking is not None:
            self.query_one(BudgetBar).show(session.budgets(now))  # the speaker's time counts as it runs
        session.announce_clock(now, self.said)
        self._status(now)
        self.offer_adjournment_notice()

    def offer_adjournment_notice(self) -> None:
        """The day's last item is over (the engine's `adjournment_due`): say so once, with the key."""
        session = self.session
        following = session.adjournment_due
        if following is None:
            return
        key = (session.state.item.id, session.events)
        if key == self.adjournment_offered:
            return
        self.adjournment_offered = key
        day = session.state.programme.meeting.days[following.day - 1]
        self.notify(_("The day's last item is over. Press a to adjourn until {when}: {title}.").format(
            when=f"{short_date(day)} {following.start:%H:%M}", title=following.title), timeout=30, markup=False)

    def refresh_view(self, selected: int | None = None) -> None:
        session = self.session
        state = session.state
        now = session.now()
        tz = session.zone
        self.shown_events = session.events
        rows, forecast = session.queue(now)
        floor = self.query_one(FloorPanel)
        floor.following = participant_name(rows[0].participant.id, None, rows[0].participant.name) if rows else None
        floor.show(session.meeting, now)
        self.query_one(ProgrammePanel).show(state, forecast, tz)
        closed = " — [b $error]$closed[/]" if state.list_closed else ""
        title = shown("[b]$title[/b] · $waiting" + closed, title=_("Speaking order"), closed=_("LIST CLOSED"),
                      waiting=ngettext("{n} waiting", "{n} waiting", len(rows)).format(n=len(rows)))
        show_text(self.query_one("#queue-title", Static), title, layout=False)  # one line (dais.tcss)
        budgets = session.budgets(now)
        self.query_one(BudgetBar).show(budgets)
        spent = frozenset(session.used_up_among(budgets, [row.participant for row in rows]))
        self.query_one(QueueTable).show(rows, tz, selected, spent)
        self.show_room_requests()
        self._status(now)

    def show_room_requests(self) -> None:
        """The panel of requests from the room, shown only while some are pending."""
        session = self.session
        waiting = session.pending_inbox()
        self.query_one(RoomRequests).show(waiting, session.roster, session.zone)
        title = self.query_one("#inbox-title", Static)
        title.display = bool(waiting)
        if waiting:
            show_text(title, shown("[b]$title[/b]", title=pending_title(len(waiting))), layout=False)

    async def poll_inbox(self) -> None:
        """New rows in the room's inbox: withdrawals from phones are journaled at once (a
        delegation withdrawing its own request), new requests shown for the secretary."""
        session = self.session
        try:
            if not await session.poll_inbox():
                return
        except DaisError as error:
            if self.inbox_problem != str(error):
                self.inbox_problem = str(error)
                self.notify(str(error), title=_("Requests from the room"), severity="warning")
            return
        self.inbox_problem = None
        for withdrawal, request_id in session.inbox_withdrawals():
            name = row_name(withdrawal, session.roster)
            await self.act(partial(session.withdraw_from_inbox, withdrawal, request_id),
                           _("{name} withdrew the request from the phone").format(name=name))
        for row in session.pending_inbox():
            if row.confirmed and row.id not in self.room_confirmed_tried:  # a confirming second secretary's entry
                self.room_confirmed_tried.add(row.id)
                name = row_name(row, session.roster)
                await self.act(partial(session.take_from_inbox, row),
                               _("{name} asks for the floor (entered by a second secretary)").format(name=name))
        before = self.room_pending
        self.show_room_requests()
        self.room_pending = len(self.query_one(RoomRequests).rows)
        if self.room_pending > before:
            self.notify(ngettext("{n} new request from the room", "{n} new requests from the room",
                                 self.room_pending - before).format(n=self.room_pending - before), timeout=4)

    def _status(self, now: float) -> None:
        session = self.session
        state = session.state
        tz = session.zone
        parts = [
            self.saved,
            "$speech",  # the speech process's own words: text, not markup
            "$list",
            "$events",
            f"{local(now, tz):%H:%M:%S}",
        ]
        values = {"speech": session.announcer.status,
                  "list": _("list CLOSED") if state.list_closed else _("list open"),
                  "events": _("{n} events").format(n=session.events)}
        if (replica := session.replicator) is not None:  # console/standby/replicate.py
            said = replica.status
            parts.insert(1, "[b $error]$replica[/]" if said.alarm else "$replica")
            values["replica"] = said.headline
            if said.detail:
                parts.append("$replica_detail")
                values["replica_detail"] = said.detail
        status = shown(" │ ".join(parts), **values)
        show_text(self.query_one("#status", Static), status, layout=False)  # one line (dais.tcss)

    def shown_name(self, participant_id: str) -> str:
        """A roster name in the interface's language (console.lang.i18n.participant_name)."""
        participant = self.session.roster.get(participant_id)
        return participant_name(participant.id, participant.category.value, participant.name)

    # -- acting ----------------------------------------------------------------------------

    async def act(self, action: Callable[[], Awaitable[object]], done: str | None = None) -> bool:
        """Run an engine action; say it happened only once the journal holds it."""
        try:
            await action()
        except ProcedureError as refused:
            self.notify(str(refused), title=_("Not done"), severity="warning")
            return False
        except JournalWriteError as failed:
            self.saved = "[b $error]" + _("JOURNAL NOT SAVED") + "[/]"
            self.notify(str(failed), title=_("Journal write failed"), severity="error", timeout=15)
            self.refresh_view()
            return False
        except DaisError as error:
            self.notify(str(error), title=_("Error"), severity="error")
            return False
        self.saved = _("journal saved")
        self.refresh_view()
        if done:  # after the frame that shows the action: a notice's mount is 4 ms of a keypress
            self.call_after_refresh(self.notify, done, timeout=3)
        if self.session.state.panel_due:
            self.notify(_("The panel is due to respond: press f to give it the floor."), title=_("Panel"))
        return True

    def action_request(self) -> None:
        if (closed := self.session.refuses_requests()) is not None:  # at once, not after the name
            self.app.push_screen(Refused(closed))
            return
        self.request_form()

    def request_form(self, typed: str = "") -> None:
        """The request form, with what was already typed of the name in it."""
        self.app.push_screen(RequestForm(self.session, typed=typed), self._requested)

    async def _requested(self, choice: RequestChoice | None) -> None:
        if choice is not None and choice.participant_id is not None:
            await self._add_request(choice.participant_id, choice.on_behalf_of, choice.group_id)
        elif choice is not None:
            self.ask_category(choice)
            return
        self._ask_waiting_newcomer()

    def ask_category(self, choice: RequestChoice) -> None:
        """A newcomer's category, then the newcomer and their request in one journal transaction.
        A letter typed in the picker is the start of the next request: the form opens with it, and
        the newcomer waits, named in a notice, for its category to be asked again after it."""
        name = choice.new_name or ""

        async def answered(answer: Category | TypedOn | None) -> None:
            if isinstance(answer, TypedOn):
                self.waiting_newcomers.append(choice)
                self.notify(_("“{name}” waits for its category: it is asked again after this request.").format(
                    name=name), title=_("Newcomer"), timeout=8)
                self.request_form(answer.text)
                return
            if answer is None:
                self.notify(_("“{name}” was not added: no category was chosen.").format(name=name),
                            title=_("Not done"), severity="warning")
            else:
                await self._add_newcomer_request(choice, answer)
            self._ask_waiting_newcomer()

        self.app.push_screen(pick_category(name), answered)

    def _ask_waiting_newcomer(self) -> None:
        if self.waiting_newcomers:
            self.ask_category(self.waiting_newcomers.pop(0))

    async def _add_newcomer_request(self, choice: RequestChoice, category: Category) -> None:
        participant = None

        async def add() -> None:
            nonlocal participant
            participant = await self.session.request_floor_as_newcomer(
                choice.new_name or "", category, choice.on_behalf_of, choice.group_id)

        await self.act(add)
        if participant is not None:
            name = self.shown_name(participant.id)
            self.call_after_refresh(self.notify, _("{name} asks for the floor").format(name=name), timeout=3)

    async def _add_request(self, participant_id: str, on_behalf_of: str | None, group_id: str | None = None) -> None:
        name = self.shown_name(participant_id)
        await self.act(lambda: self.session.request_floor(participant_id, on_behalf_of, group_id),
                       _("{name} asks for the floor").format(name=name))

    async def action_next(self) -> None:
        if await self.act(self.session.give_floor):
            self._given()

    def _given(self) -> None:
        """After the floor is given: say who has it, and warn when their group's budget is spent."""
        session = self.session
        session.announce_floor()
        speaking = session.state.speaking
        if speaking is not None and (line := session.used_up_budget(speaking.participant_id)) is not None:
            self.notify(_("{name} speaks on a used-up budget: {budget}").format(
                name=self.shown_name(speaking.participant_id), budget=line),
                title=_("Budget"), severity="warning", timeout=8)

    async def action_call(self) -> None:
        """The chair's call: the highlighted request has the floor now, out of turn."""
        request_id = self.query_one(QueueTable).selected_request
        if request_id is None:
            self.notify(_("No request is highlighted."), severity="warning")
            return
        request = self.session.state.requests[request_id]
        name = self.shown_name(request.participant_id)
        if await self.act(lambda: self.session.give_floor(request_id)):
            speaking = self.session.state.speaking
            if speaking is not None and speaking.out_of_turn:
                self.notify(_("{name} has the floor, out of turn").format(name=name), timeout=8)
            self._given()

    def _pick_from_roster(self, title: str, then: Callable[[str], Awaitable[None]]) -> None:
        """Ask for someone on the roster (no newcomer, no group), then act for them."""
        async def chosen(choice: RequestChoice | None) -> None:
            if choice is None:
                return
            if choice.participant_id is None:
                self.notify(_("“{name}” is not in the roster.").format(name=choice.new_name), severity="warning")
                return
            await then(choice.participant_id)

        self.app.push_screen(RequestForm(self.session, title, allow_group=False), chosen)

    def action_call_anyone(self) -> None:
        """The chair's call to anyone on the roster, with or without a request: out of turn."""
        async def call(participant_id: str) -> None:
            if await self.act(lambda: self.session.call_out_of_turn(participant_id)):
                self._given()

        self._pick_from_roster(_("Call out of turn"), call)

    def action_who_speaks(self) -> None:
        """Name the person speaking for the delegation at the floor (journaled; ctrl+z undoes)."""
        speaking = self.session.state.speaking
        if speaking is None or speaking.point_of_order:
            self.notify(_("Nobody speaks for a delegation now."), severity="warning")
            return
        from dais.screens.person import PersonForm

        delegation = self.shown_name(speaking.participant_id)

        async def named(person: str | None) -> None:
            if person:
                await self.act(lambda: self.session.name_speaker(person),
                               _("{person} speaks for {delegation}").format(person=person, delegation=delegation))

        self.app.push_screen(PersonForm(self.session, delegation), named)

    def action_budget(self) -> None:
        """Set, change or lift a time budget of the current item, live (journaled; ctrl+z undoes)."""
        item = self.session.state.item

        async def answered(text: str | None) -> None:
            if not text:
                return
            try:
                holder, budget = typed.budget(text)
            except ValueError as error:
                self.notify(str(error).splitlines()[0], title=_("Not changed"), severity="warning")
                return
            if budget is None:
                await self.act(lambda: self.session.clear_budget(item.id, holder),
                               _("Budget lifted: {holder}").format(holder=holder[1]))
            else:
                await self.act(lambda: self.session.set_budget(item.id, budget), _("Budget set: {holder}").format(holder=holder[1]))

        self.app.push_screen(Ask(_("Budget on “{title}”: who, then the total (WEOG 20:00, ngo limit 2 "
                                   "total 30m, CHE off)").format(title=item.title)), answered)

    def action_mute(self) -> None:
        muted = self.session.toggle_mute()
        self.notify(_("Speech muted") if muted else _("Speech on"), timeout=2)
        self._status(self.session.now())

    async def action_end(self) -> None:
        await self.act(self.session.end_floor)

    async def action_pause(self) -> None:
        await self.act(self.session.toggle_pause)

    async def action_extend(self) -> None:
        await self.act(self.session.extend)

    def action_withdraw(self) -> None:
        request_id = self.query_one(QueueTable).selected_request
        if request_id is None:
            self.notify(_("No request is highlighted."), severity="warning")
            return
        name = self.shown_name(self.session.state.requests[request_id].participant_id)

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.act(lambda: self.session.withdraw(request_id), _("{name} withdrew").format(name=name))

        self.app.push_screen(Confirm(_("Withdraw the request of {name}?").format(name=name)), confirmed)

    def action_point_of_order(self) -> None:
        async def heard(participant_id: str) -> None:
            if await self.act(lambda: self.session.point_of_order(participant_id)):
                self.session.announce_floor()

        self._pick_from_roster(_("Point of order"), heard)

    async def action_toggle_list(self) -> None:
        closing = not self.session.state.list_closed
        await self.act(self.session.toggle_list, _("List of speakers closed") if closing else _("List reopened"))

    def action_advance(self) -> None:
        state = self.session.state
        following = state.next_item
        if following is None:
            self.notify(_("This is the last item of the programme."), severity="warning")
            return
        if (tomorrow := self.session.adjourns_to()) is not None:
            if state.speaking is None:
                self.offer_adjournment(tomorrow)
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.offer_adjournment(tomorrow)

            name = self.shown_name(state.speaking.participant_id)
            self.app.push_screen(Confirm(_("{name} is speaking. End and move to “{title}”?").format(
                name=name, title=tomorrow.title)), confirmed)
            return

        async def move_on(carry: bool | None) -> None:
            if carry is None:
                return
            was_closed = self.session.state.list_closed
            # The list of speakers belongs to the item: the new one opens with an open list.
            opened = _(" · the list of speakers is open again") if was_closed else _(" · the list of speakers is open")
            await self.act(lambda: self.session.advance_item(carry_queue=carry),
                           _("Now: {title}").format(title=following.title) + opened)

        async def advance(yes: bool | None) -> None:
            if yes:
                self.ask_about_queue(following, move_on)

        if state.speaking is not None:
            name = self.shown_name(state.speaking.participant_id)
            self.app.push_screen(Confirm(_("{name} is speaking. End and move to “{title}”?").format(name=name, title=following.title)), advance)
        else:
            self.app.call_next(advance, True)

    def ask_about_queue(self, following: AgendaItem, then: Callable[[bool | None], Awaitable[None]]) -> None:
        """With people waiting, ask whether their requests go on to `following` or are cleared
        (never one without asking); with nobody waiting, go on at once."""
        waiting = len(self.session.state.waiting())
        if not waiting:
            self.app.call_next(then, True)
            return
        self.app.push_screen(
            Pick(ngettext("{n} request waiting. On “{title}”:", "{n} requests waiting. On “{title}”:",
                          waiting).format(n=waiting, title=following.title),
                 [(_("carry the queue over"), True), (_("clear the queue (not reached)"), False)]),
            then,
        )

    def offer_adjournment(self, following: AgendaItem) -> None:
        """The last item of the day: adjourn until the next day's first item, or go on with it
        now; then, with people waiting, whether their requests go with it."""
        day = self.session.state.programme.meeting.days[following.day - 1]
        when = f"{short_date(day)} {following.start:%H:%M}"

        async def adjourn(carry: bool | None) -> None:
            if carry is not None:
                await self.act(lambda: self.session.adjourn(carry_queue=carry),
                               _("Adjourned until {when}: {title}").format(when=when, title=following.title))

        async def go_on(carry: bool | None) -> None:
            if carry is not None:
                await self.act(lambda: self.session.advance_item(carry_queue=carry),
                               _("Now: {title}").format(title=following.title))

        async def chosen(choice: object | None) -> None:
            if choice == "adjourn":
                self.ask_about_queue(following, adjourn)
            elif choice == "now":
                self.ask_about_queue(following, go_on)

        self.app.push_screen(
            Pick(_("Last item of the day. Next: “{title}”, {when}.").format(title=following.title, when=when),
                 [(_("adjourn until {when}").format(when=when), "adjourn"), (_("go on with it now"), "now")]),
            chosen,
        )

    def action_panel(self) -> None:
        people = self.session.state.item.people
        if not people:
            self.notify(_("This item has no panel."), severity="warning")
            return

        async def chosen(member: PanelMember | None) -> None:
            if member is not None and await self.act(lambda: self.session.give_floor_to_panel(member)):
                self.session.announce_floor()

        self.app.push_screen(pick_panel(people), chosen)

    async def action_take_request(self) -> None:
        row = self.query_one(RoomRequests).selected_row
        if row is None:
            self.notify(_("No request from the room is pending."), severity="warning")
            return
        name = row_name(row, self.session.roster)
        if await self.act(lambda: self.session.take_from_inbox(row),
                          _("{name} asks for the floor (from the room)").format(name=name)):
            self.room_pending = len(self.query_one(RoomRequests).rows)

    def action_decline_request(self) -> None:
        row = self.query_one(RoomRequests).selected_row
        if row is None:
            self.notify(_("No request from the room is pending."), severity="warning")
            return
        name = row_name(row, self.session.roster)

        async def answered(reason: str | None) -> None:
            if reason is None:
                return
            why = reason.strip() or _("the secretary declined it")
            if await self.act(lambda: self.session.decline_inbox(row, why), _("Declined: {name}").format(name=name)):
                self.room_pending = len(self.query_one(RoomRequests).rows)

        self.app.push_screen(Ask(_("Decline the request of {name}: why? (their phone shows it)").format(name=name)),
                             answered)

    def action_revoke_code(self) -> None:
        async def answered(code: str | None) -> None:
            if code:
                holder = self.session.code_holder(code)
                await self.act(lambda: self.session.revoke_code(code),
                               _("Code {code} revoked ({holder})").format(code=code.strip().upper(), holder=holder))

        self.app.push_screen(Ask(_("Revoke which code? It stops working at once (dais codes issues a new one).")),
                             answered)

    async def action_undo(self) -> None:
        entry = self.session.last_undoable()
        what = entry.event.type.replace("_", " ") if entry else ""
        await self.act(self.session.undo, _("Undone: {what}").format(what=what))

    async def action_move(self, direction: str) -> None:
        request_id = self.query_one(QueueTable).selected_request
        if request_id is None:
            return
        if await self.act(lambda: self.session.move(request_id, direction)):
            self.refresh_view(selected=request_id)

    # The other screens load on first use: they are not needed for the first frame.
    def action_log(self) -> None:
        from dais.screens.log import SpeakerLog

        self.app.push_screen(SpeakerLog())

    def action_programme(self) -> None:
        from dais.screens.programme import ProgrammeScreen

        self.app.push_screen(ProgrammeScreen())

    def action_help(self) -> None:
        from dais.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([*self.BINDINGS, *type(self.app).BINDINGS]))

