"""One team's seat: its briefing, its intelligence picture, its secret orders, its log.

Used by a team's own terminal, by the hot-seat (one team at a time, behind the handover
screen) and by the facilitator for an actor it took over.  Everything shown comes from
`views` for this seat's actor only: others' numbers are estimates (≈ ±) and other
teams' events and orders never appear.  Orders stay editable until the turn resolves.

Every edit is saved as the team's draft in the store, so a seat that is closed or
crashes comes back to it, and two seats of one team (two cadets, two laptops) see the
same draft within a poll.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from game.classroom.session import Credential, SessionError
from game.classroom.visibility import given_for_me, held_note
from game.engine.events import Event, chain
from game.engine.rules import Order
from game.engine.views import Option
from game.tui.widgets.event_log import EventLog, LogLine
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.orders_editor import OrdersEditor, order_cost, order_text
from game.tui.widgets.status import StatusBar
from game.tui.widgets.symbols import KIND_ICON, LEGAL

from ..host import SeatHost, host_of
from ..views import (
    Seat,
    briefing_text,
    intel_renderable,
    is_headline,
    seat_options,
    short,
    status_line,
    turn_summary,
    visible_to,
    visible_turn,
    waiting_for,
)

if TYPE_CHECKING:
    from game.engine.game import Game



class TeamScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "tab('briefing')", "Briefing"),
        Binding("o", "tab('orders')", "Orders"),
        Binding("l", "tab('log')", "Log"),
        Binding("s", "submit", "Submit"),
        Binding("x", "remove", "Remove"),
        Binding("e", "revise", "Revise"),
        Binding("h", "hand_over", "Hand over"),
        Binding("escape", "back", "Back"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, seat: Seat) -> None:
        super().__init__()
        self.seat = seat
        self.turn = 0
        self.over = False
        self.sent: list[Order] | None = None  # orders already in the store for this turn
        self.editing = True
        self.seen: set[int] = set()  # seqs of the events already shown (to announce new ones)
        self.lock_shown: str | None = None  # the last lock reason shown (None: not yet shown)
        self.leaving = False  # replaced by a new turn's screen: ignore further reloads

    @property
    def capp(self) -> SeatHost:
        return host_of(self)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        s = self.capp.session
        g = s.game()
        self.turn, self.over = g.turn, g.over
        self.seen = {e.seq for e in visible_to(g, self.seat.actor)}
        self.sent = self.stored_orders()
        self.editing = self.sent is None
        draft = self.stored_draft()
        if draft is None:
            draft = self.sent or []
        actor = self.seat.actor
        yield StatusBar("", id="status")
        with TabbedContent(initial="briefing"):
            with TabPane("b Briefing", id="briefing"), VerticalScroll(id="briefing-scroll", can_focus=True):
                held = held_note(s, self.viewer(), g.turns[-1].turn) if g.turns and self.seat.mode != "facilitator" \
                    else ""
                if held:
                    yield Static(Text(f"■ {held}", style="bold"), id="briefing-held", classes="section")
                yield Static(briefing_text(g, actor), id="briefing-text", classes="section")
                yield Static(intel_renderable(g, actor), id="intel", classes="section")
            with TabPane("o Orders", id="orders"):
                yield Static("", id="orders-note")
                yield OrdersEditor(g.cs, actor, self.judge, self.budget, draft, queue_title="Your orders (secret)",
                                   id="panel", turn=lambda: self.game().state.turn)
            with TabPane("l Log", id="log"):
                yield EventLog(id="event-log")
        yield KeyBar()

    def on_mount(self) -> None:
        self.fill_log()
        self.refresh_state()
        g = self.game()
        if g.turns and self.seat.mode != "facilitator":
            held = held_note(self.capp.session, self.viewer(), g.turns[-1].turn)
            if held:
                self.notify(held, title="No orders from you", severity="warning", timeout=10)
        if self.query_one(TabbedContent).active == "briefing":
            self.query_one("#briefing-scroll").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ data
    def game(self) -> Game:
        return self.capp.session.game()

    def judge(self, queue: Sequence[Order]) -> list[Option]:
        return seat_options(self.game(), self.seat.actor, queue)

    def budget(self) -> int:
        g = self.game()
        return int(g.state.budget_left[g.cs.actor_index[self.seat.actor]])

    def stored_orders(self) -> list[Order] | None:
        raw = self.capp.session.store.own_orders(self.turn, self.seat.actor)
        return None if raw is None else [Order(**o) for o in raw]

    def stored_draft(self) -> list[Order] | None:
        return self.capp.session.draft(self.seat.actor)

    def viewer(self) -> Credential:
        return Credential("team", self.seat.team, self.seat.actor)

    def show_clock(self, text: str) -> None:
        if self.leaving:
            return
        s = self.capp.session
        g = self.game()
        who = {"team": f"Team {self.seat.team}", "hotseat": f"Team {self.seat.team} (hot-seat)",
               "facilitator": "Facilitator"}[self.seat.mode]
        name = g.cs.actors[g.cs.actor_index[self.seat.actor]].name
        self.query_one("#status", StatusBar).update(status_line(s, g, f"{who} · {name}", text))

    def lock_reason(self) -> str:
        """Why this seat cannot give orders now ('' when it can)."""
        s = self.capp.session
        g = s.game()
        if g.over or s.status() == "ended":
            return "The exercise is over: read your briefing for the outcome."
        t = next((t for t in s.store.teams() if t["actor"] == self.seat.actor), None)
        want = "facilitator" if self.seat.mode == "facilitator" else "team"
        if t is None or t["controller"] != want:
            who = t["controller"] if t else "nobody"
            return f"{g.cs.actors[g.cs.actor_index[self.seat.actor]].name} is controlled by the {who} now."
        return ""

    # ------------------------------------------------------------------ refresh
    def reload(self) -> None:
        """The store changed: a new turn rebuilds the screen; otherwise update who is in."""
        if self.leaving:
            return
        g = self.game()
        if g.turn != self.turn or g.over != self.over:
            self.leaving = True
            turn = self.turn
            if self.seat.mode == "hotseat":
                self.capp.next_seat(turn_summary(g, turn))
                return
            if self.seat.mode == "facilitator":
                self.notify(f"Turn {turn} was resolved.")
                self.app.pop_screen()
                return
            if g.over:
                self.notify("The exercise is over: your briefing shows the outcome.", title="End of exercise", timeout=10)
            else:
                self.notify(f"Turn {turn} resolved: your briefing shows what reached you.", title="New turn", timeout=8)
            self.app.switch_screen(TeamScreen(self.seat))
            return
        self.news(g)
        self.sent = self.stored_orders()
        if self.sent is None:
            self.editing = True
        draft = self.stored_draft()
        panel = self.query_one(OrdersEditor)
        if draft is not None and self.editing and draft != panel.queue:
            panel.set_queue(draft)  # another seat of this team edited the draft
        self.refresh_state()

    def news(self, g: Game) -> None:
        """Mid-turn developments (an inject or override from the facilitator): tell, then redraw."""
        visible = visible_to(g, self.seat.actor)
        fresh = [e for e in visible if e.seq not in self.seen]
        if not fresh:
            return
        self.seen.update(e.seq for e in fresh)
        for e in fresh:
            if e.kind == "inject" or (e.kind == "note" and e.rule == "override"):
                self.notify(f"{KIND_ICON.get(e.kind, '·')} {short(g.cs, e)}", title="New development", timeout=10)
        self.query_one("#briefing-text", Static).update(briefing_text(g, self.seat.actor))
        self.query_one("#intel", Static).update(intel_renderable(g, self.seat.actor))
        self.query_one(OrdersEditor).recompute()
        self.fill_log()

    def refresh_state(self) -> None:
        from game.classroom.session import clock_text

        s = self.capp.session
        g = self.game()
        self.show_clock(clock_text(s.clock()))
        note = self.query_one("#orders-note", Static)
        panel = self.query_one(OrdersEditor)
        lock = self.lock_reason()
        if lock != self.lock_shown and self.lock_shown is not None:
            if lock:
                self.notify(lock, title="Control changed", severity="warning", timeout=10)
            else:
                self.notify("You give the orders again.", title="Control changed", timeout=10)
        self.lock_shown = lock
        waiting = waiting_for(s.teams())
        t = Text()
        if self.seat.mode != "facilitator" and g.turns:
            held = held_note(s, self.viewer(), g.turns[-1].turn)
            if held:
                t.append(f"■ {held}\n", style="bold")
            given = given_for_me(s, self.viewer(), g.turns[-1].turn)
            if given is not None:
                t.append_text(self.given_text(g, given, g.turns[-1].turn))
        given_now = given_for_me(s, self.viewer(), self.turn) if self.seat.mode != "facilitator" else None
        if given_now is not None:
            if lock:
                t.append(lock + "\n", style="bold")
            t.append_text(self.given_text(g, given_now, self.turn))
        elif lock:
            t.append(lock, style="bold")
        elif self.sent is not None and not self.editing:
            t.append(f"{LEGAL} Your orders for turn {self.turn} are in", style="bold")
            t.append(" (secret until the turn resolves):\n")
            for n, o in enumerate(self.sent):
                t.append(f"  {n + 1}. {order_text(g.cs, o)} ({order_cost(g.cs, o)})\n")
            if not self.sent:
                t.append("  none: you hold this turn.\n")
            if waiting:
                t.append(f"Waiting for: {', '.join(waiting)}. ", style="italic")
            t.append("Press e to revise them until the turn resolves.", style="italic")
        elif s.status() == "paused":
            t.append("‖ The facilitator has paused the exercise: you may prepare orders, not submit them.",
                     style="bold")
        t.rstrip()
        note.update(t)
        note.display = bool(t.plain)
        panel.display = not lock and (self.editing or self.sent is None)
        can_submit = s.status() != "paused"
        if panel.submit_key != can_submit and panel.is_mounted:
            panel.submit_key = can_submit
            panel.fill_queue()
        self.refresh_bindings()

    def given_text(self, g: Game, given: list[dict[str, str]], turn: int) -> Text:
        """What the facilitator ordered in this team's name (a take-over is never hidden from it)."""
        t = Text(f"The facilitator gave these orders for you on turn {turn}:", style="bold")
        for n, raw in enumerate(given):
            o = Order(**raw)
            t.append(f"\n  {n + 1}. {order_text(g.cs, o)} ({order_cost(g.cs, o)})")
        if not given:
            t.append(" none (you held).")
        t.append("\n")
        return t

    def fill_log(self) -> None:
        g = self.game()
        log = self.query_one(EventLog)
        if not g.turns:
            log.set_lines([LogLine(-1, "·", "Nothing has been adjudicated yet.", False)], self.why)
            return
        last = g.turns[-1].turn
        events = [e for e in visible_turn(g, self.seat.actor, last) if e.kind != "roll"]
        lines = [LogLine(e.seq, KIND_ICON.get(e.kind, "·"), short(g.cs, e), e.parent >= 0,
                         is_headline(e)) for e in events]
        log.set_lines(lines, self.why)
        log.border_title = f"What you saw of turn {last}"

    def why(self, seq: int) -> list[str]:
        """The cause chain, with events this seat may not see replaced by 'hidden' (fog of war)."""
        g = self.game()
        mine = {e.seq for e in visible_to(g, self.seat.actor)}
        out = []
        for e in chain(g.events(), seq)[:-1]:
            out.append(self._line(e) if e.seq in mine else "(an event hidden from you: fog of war)")
        return out or ["(no earlier cause)"]

    def _line(self, e: Event) -> str:
        return f"{KIND_ICON.get(e.kind, '·')} {short(self.game().cs, e)}"

    # ------------------------------------------------------------------ keys
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        mode = self.seat.mode
        if action == "hand_over":
            return mode == "hotseat"
        if action == "quit":
            return mode == "team"
        if action == "back":
            return True
        if action == "submit":  # paused: no submit key at all (not a dialog that refuses afterwards)
            return (self.editing or self.sent is None) and not self.lock_reason() \
                and self.capp.session.status() != "paused"
        if action == "remove":
            return (self.editing or self.sent is None) and not self.lock_reason()
        if action == "revise":
            return True if self.sent is not None and not self.editing and not self.lock_reason() else False
        return True

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {"briefing": "#briefing-scroll", "orders": "#moves", "log": "#event-log"}[tab]
        widget = self.query_one(target)
        if widget.display and (tab != "orders" or self.query_one(OrdersEditor).display):
            widget.focus()

    def action_remove(self) -> None:
        self.query_one(OrdersEditor).remove_order()

    def on_orders_editor_changed(self, event: OrdersEditor.Changed) -> None:
        """Every edit goes to the store at once: nothing typed is lost with the seat."""
        s = self.capp.session
        try:
            if self.seat.mode == "facilitator":
                s.save_facilitator_draft(self.seat.actor, list(event.panel.queue))
            else:
                s.save_draft(self.seat.team, list(event.panel.queue))
        except SessionError as exc:
            self.notify(f"Draft not saved: {exc}", severity="error")
            return
        self.capp.version = self.capp.store_version()

    def action_revise(self) -> None:
        self.editing = True
        self.query_one(OrdersEditor).set_queue(self.sent or [])
        self.refresh_state()
        self.action_tab("orders")

    def action_back(self) -> None:
        if self.query_one(OrdersEditor).back():
            return
        if self.seat.mode == "facilitator":
            self.app.pop_screen()

    def action_hand_over(self) -> None:
        """Hot-seat: hide this team's screen and pass to the next waiting team (the draft is
        in the store, for this team only)."""
        self.leaving = True
        self.capp.next_seat(after=self.seat.team)

    def action_quit(self) -> None:
        from game.tui.dialogs.confirm import ConfirmDialog

        body = Text("Your draft is saved: this seat can rejoin with the same code and carry on.")

        def done(ok: bool | None) -> None:
            if ok:
                self.app.exit(0)

        self.app.push_screen(ConfirmDialog("Leave this seat?", body, "Leave", "Stay"), done)

    def action_submit(self) -> None:
        from game.tui.dialogs.confirm import ConfirmDialog

        lock = self.lock_reason()
        if lock:
            self.notify(lock, severity="warning")
            return
        if self.capp.session.status() == "paused":
            self.notify("The facilitator has paused the exercise: prepare your orders, submit after.",
                        severity="warning")
            return
        g = self.game()
        queue = list(self.query_one(OrdersEditor).queue)
        body = Text()
        if not queue:
            body.append("No orders: you hold this turn.\n", style="bold")
        for n, o in enumerate(queue):
            body.append(f"{n + 1}. {order_text(g.cs, o)} ({order_cost(g.cs, o)})\n")
        left = self.budget() - sum(order_cost(g.cs, o) for o in queue)
        if left > 0:
            body.append(f"\n{left} capital unspent (it does not carry over).\n", style="italic")
        body.append("\nOrders stay secret; all teams' orders resolve together.")

        def done(ok: bool | None) -> None:
            if ok:
                self.send(queue)

        self.app.push_screen(ConfirmDialog(f"Submit orders for turn {self.turn}?", body, "Submit", "Keep editing"), done)

    def send(self, queue: list[Order]) -> None:
        s = self.capp.session
        turn = self.turn
        try:
            if self.seat.mode == "facilitator":
                resolved = s.submit_as_facilitator(self.seat.actor, queue)
            else:
                resolved = s.submit(self.seat.team, queue)
        except SessionError as exc:
            self.notify(str(exc), title="Not submitted", severity="error", timeout=8)
            return
        if self.seat.mode == "hotseat":
            self.capp.version = self.capp.store_version()
            self.capp.next_seat(turn_summary(s.game(), turn) if resolved else None)
            return
        if self.seat.mode == "facilitator":
            self.notify(f"Orders for {self.seat.actor} are in.")
            self.app.pop_screen()
            self.capp.changed()
            return
        self.editing = False
        self.notify(f"{LEGAL} Orders for turn {turn} submitted.", timeout=4)
        self.capp.changed()
