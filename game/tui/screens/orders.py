"""Orders: choose moves (grouped by category), then a target and channel for each.

Every option the engine knows is listed — illegal ones too, greyed, marked ✗ and with
the engine's reason — so a player learns *why* a hotline cannot be used yet.  The panel
beside the list explains the highlighted option: its cost, the channel's properties and
a preview of its likely effects, measured by the engine in throw-away rollouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from ..preview import preview
from ..session import advisor_available
from ..widgets.budget import BudgetMeter
from ..widgets.hint import TutorialHint
from ..widgets.symbols import ILLEGAL, LEGAL, QUEUED
from .base import GameScreen, nav_bindings

if TYPE_CHECKING:
    from game.engine.rules import Order
    from game.engine.views import Option

    from ..dialogs.advice import AdviceDialog

PREVIEW_DELAY = 0.15  # seconds the highlight must rest before the effects are measured

CATEGORY_TITLES = {
    "communication": "Communication",
    "cbm": "Confidence-building",
    "humanitarian": "Humanitarian",
    "information": "Information",
    "alliance": "Alliance",
    "mediation": "Mediation",
    "military": "Military signalling",
}

TUTORIAL = (
    "Pick a move on the left (Enter), then a target and channel (Enter adds it to your orders). "
    "✗ options are not possible now: the reason is shown. The panel shows cost, channel and likely "
    "effects. s submits; x removes an order."
)


def fit(text: str, width: int) -> str:
    """Cut to one line of the list (the full name is in the details panel)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def order_label(o: Order, names: dict[str, str], move_name: str, channel_name: str) -> str:
    text = move_name
    if o.second:
        text += f" between {names.get(o.target, o.target)} and {names.get(o.second, o.second)}"
    elif o.target:
        text += f" → {names.get(o.target, o.target)}"
    if o.channel:
        text += f" via {channel_name}"
    return text


class OrdersScreen(GameScreen, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "submit", "Submit"),
        Binding("x", "remove", "Remove order"),
        Binding("a", "advice", "Advice"),
        Binding("A", "advise_all", "Advise all (rank options)", show=False, key_display="A"),
        Binding("escape", "back", "Back", show=False),
        *nav_bindings("o", "l", "ctrl+s", "m"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[Order] = []
        self.queue_note = ""  # what the last add or remove did, shown on the orders line
        self.opts: list[Option] = []
        self.move_id = ""
        self.variant_ids: list[int] = []
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield self.status_bar("Orders")
        if self.session.tutorial:
            yield TutorialHint(" ".join(self.session.tutorial_notes()) or TUTORIAL, id="hint")
        with Horizontal(id="orders-main"):
            yield OptionList(id="moves")
            with Vertical(id="orders-right"):
                yield OptionList(id="variants")
                with VerticalScroll(id="info-scroll"):
                    yield Static("", id="info")
        with Horizontal(id="queue-row"):
            yield BudgetMeter(id="budget")
            yield Static("", id="queue-help")
        yield OptionList(id="queue")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#moves", OptionList).border_title = "Moves (cost)"
        self.query_one("#variants", OptionList).border_title = "Target and channel"
        self.query_one("#queue", OptionList).border_title = "Your orders"
        self.query_one("#info-scroll").border_title = "Details"
        self.recompute()
        self.query_one("#moves", OptionList).focus()

    def on_resize(self) -> None:
        """Move names are cut to the list's width, which is known only after layout."""
        self.call_after_refresh(self.fill_moves)

    # ------------------------------------------------------------------ data
    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.session.cs.actors}

    def recompute(self) -> None:
        """Re-ask the engine for options (capital and duplicates depend on the queue)."""
        self.opts = self.session.options(self.queue)
        self.fill_moves()
        self.fill_variants()
        self.fill_queue()

    def fill_moves(self) -> None:
        cs = self.session.cs
        ol = self.query_one("#moves", OptionList)
        keep = self.move_id
        by_move: dict[str, list[Option]] = {}
        for o in self.opts:
            by_move.setdefault(o.move, []).append(o)
        ol.clear_options()
        cats: dict[str, list[str]] = {}
        for m in sorted(cs.moves, key=lambda m: m.order):
            if m.id in by_move:
                cats.setdefault(m.category, []).append(m.id)
        first = None
        batch: list[ListOption] = []
        inner = ol.content_region.width
        width = max(12, inner - 7) if inner else 17  # prefix "✓ 2 ", scrollbar, a spare column
        for cat, moves in cats.items():
            batch.append(ListOption(Text(f"─ {CATEGORY_TITLES.get(cat, cat.title())} ─", style="bold"), disabled=True))
            for mid in moves:
                variants = by_move[mid]
                legal = [v for v in variants if v.legal]
                name = fit(cs.moves[cs.move_index[mid]].name, width)
                if legal:
                    label = Text.assemble(f"{LEGAL} ", (f"{min(v.cost for v in legal)} ", "bold"), name)
                else:
                    label = Text(f"{ILLEGAL} {min(v.cost for v in variants)} {name}", style="dim")
                batch.append(ListOption(label, id=f"m:{mid}"))
                if first is None:
                    first = mid
        ol.add_options(batch)
        ids = [o.id for o in ol.options]
        target = f"m:{keep}" if f"m:{keep}" in ids else (f"m:{first}" if first else None)
        if target:
            ol.highlighted = ids.index(target)
            self.move_id = target[2:]

    def fill_variants(self) -> None:
        ol = self.query_one("#variants", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        names = self.names()
        cs = self.session.cs
        self.variant_ids = [i for i, o in enumerate(self.opts) if o.move == self.move_id]
        batch: list[ListOption] = []
        for i in self.variant_ids:
            o = self.opts[i]
            where = ""
            if o.second:
                where = f"between {names[o.target]} and {names[o.second]}"
            elif o.target:
                where = f"→ {names[o.target]}"
            else:
                where = "(no target)"
            if o.channel:
                where += f" via {cs.channels[cs.channel_index[o.channel]].name}"
            if o.legal:
                label = Text.assemble(f"{LEGAL} ", where, (f"  cost {o.cost}", "bold"))
            else:
                label = Text(f"{ILLEGAL} {where} — {o.reason}", style="dim")
            batch.append(ListOption(label, id=f"v:{i}"))
        ol.add_options(batch)
        if self.variant_ids:
            if keep is None:  # a new move: start on its first possible target and channel
                keep = next((n for n, i in enumerate(self.variant_ids) if self.opts[i].legal), 0)
            ol.highlighted = min(keep, len(self.variant_ids) - 1)
            self.show_info(self.opts[self.variant_ids[ol.highlighted]])
        else:
            self.query_one("#info", Static).update("")

    def fill_queue(self) -> None:
        s = self.session
        cs = s.cs
        ol = self.query_one("#queue", OptionList)
        ol.clear_options()
        names = self.names()
        for n, o in enumerate(self.queue):
            m = cs.moves[cs.move_index[o.move]]
            ch = cs.channels[cs.channel_index[o.channel]].name if o.channel else ""
            label = f"{QUEUED} {n + 1}. {order_label(o, names, m.name, ch)}  ({s.order_cost(o)} capital)"
            ol.add_option(ListOption(label, id=f"q:{n}"))
        if not self.queue:
            ol.add_option(ListOption(Text("No orders yet: with none, you hold this turn.", style="italic"), disabled=True))
        spent = sum(s.order_cost(o) for o in self.queue)
        total = cs.actors[s.human_index].budget
        self.query_one("#budget", BudgetMeter).show(s.budget() - spent, total)
        note = f"{self.queue_note} · " if self.queue_note else ""
        self.query_one("#queue-help", Static).update(
            f"  {note}{len(self.queue)} order{'s' if len(self.queue) != 1 else ''} · s submit · x remove"
        )

    # ------------------------------------------------------------------ info panel
    def show_info(self, o: Option) -> None:
        """Status and cost first, then the channel, the likely effects, and the move's description."""
        cs = self.session.cs
        m = cs.moves[cs.move_index[o.move]]
        head = Text()
        if o.legal:
            head.append(f"{LEGAL} Possible now", style="bold")
        else:
            head.append(f"{ILLEGAL} Not possible: {o.reason}", style="bold")
        extra = o.cost - m.cost
        head.append(f" · cost {o.cost}" + (f" (move {m.cost} + channel {extra})" if extra else "") + "\n")
        if o.channel:
            c = cs.channels[cs.channel_index[o.channel]]
            lat = "immediate" if c.latency == 0 else f"arrives in {c.latency} turn{'s' if c.latency > 1 else ''}"
            head.append(f"{c.name}: ", style="bold")
            head.append(f"{lat} · fidelity {c.fidelity:.0%} · {'public' if c.public else 'private'} · "
                        f"{'deniable' if c.deniable else 'attributable'} · strength ×{c.scale:g}"
                        + (" · must be set up first" if c.requires_established else "") + "\n")
        tail = Text()
        tail.append(f"\n{m.name}", style="bold")
        tail.append(f" [{CATEGORY_TITLES.get(m.category, m.category)}]: ", style="italic")
        tail.append(m.description)
        if m.tags:
            tail.append("\nDoctrine: " + ", ".join(x.replace("_", " ") for x in m.tags), style="italic")
        if o.channel:
            c = cs.channels[cs.channel_index[o.channel]]
            if c.description:
                tail.append(f"\n{c.name}: {c.description}", style="dim")
        body = head.copy()
        if o.legal:
            body.append("Likely effects: measuring…\n", style="italic")
        body.append_text(tail)
        self.query_one("#info", Static).update(body)
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if o.legal:  # wait until the cursor rests: scrolling must not queue a preview per line
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.measure(o, head, tail))

    @work(thread=True, exclusive=True, group="preview")
    def measure(self, o: Option, head: Text, tail: Text) -> None:
        p = preview(self.session.game, self.session.human, o)
        body = head.copy()
        body.append(f"Likely effects (this move alone, {p.runs} simulated runs):\n", style="bold")
        for line in p.lines(self.names()):
            body.append(f" • {line}\n")
        body.append_text(tail)
        self.app.call_from_thread(self._show_measured, o, body)

    def _show_measured(self, o: Option, body: Text) -> None:
        cur = self.highlighted_option()
        if cur == o:
            self.query_one("#info", Static).update(body)

    def highlighted_option(self) -> Option | None:
        ol = self.query_one("#variants", OptionList)
        if ol.highlighted is None or not self.variant_ids:
            return None
        if ol.highlighted >= len(self.variant_ids):
            return None
        return self.opts[self.variant_ids[ol.highlighted]]

    # ------------------------------------------------------------------ list events
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        oid = event.option.id or ""
        if event.option_list.id == "moves" and oid.startswith("m:"):
            if oid[2:] != self.move_id:
                self.move_id = oid[2:]
                self.query_one("#variants", OptionList).highlighted = None
                self.fill_variants()
        elif event.option_list.id == "variants" and oid.startswith("v:"):
            self.show_info(self.opts[int(oid[2:])])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if event.option_list.id == "moves":
            self.query_one("#variants", OptionList).focus()
        elif event.option_list.id == "variants" and oid.startswith("v:"):
            self.add(self.opts[int(oid[2:])])

    def add(self, o: Option) -> None:
        from game.engine.rules import Order

        if not o.legal:
            self.notify(f"{ILLEGAL} {o.name}: {o.reason}", title="Not possible", severity="warning")
            return
        self.queue.append(Order(self.session.human, o.move, o.target, o.second, o.channel))
        # Said on the orders line, not in a toast: at 80x24 a toast covers the orders pane.
        self.queue_note = f"{LEGAL} added"  # the order itself is listed just below
        self.recompute()  # the capital meter says "(spent)" when nothing more fits
        self.query_one("#moves", OptionList).focus()

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        if self.focused is not None and self.focused.id in ("variants", "queue"):
            self.query_one("#moves", OptionList).focus()

    def action_remove(self) -> None:
        if not self.queue:
            self.notify("No orders to remove.")
            return
        ol = self.query_one("#queue", OptionList)
        index = len(self.queue) - 1
        if self.focused is ol and ol.highlighted is not None and ol.highlighted < len(self.queue):
            index = ol.highlighted
        self.queue.pop(index)
        self.queue_note = "removed"
        self.recompute()

    def action_advice(self) -> None:
        """The advisor's estimate for the highlighted target and channel."""
        o = self.highlighted_option()
        if o is None:
            self.notify("Highlight a target and channel first.")
            return
        if not o.legal:
            self.notify(f"{ILLEGAL} Not possible now: {o.reason}", title="No advice", severity="warning")
            return
        self.open_advisor([o], one=True)

    def action_advise_all(self) -> None:
        """Rank every option still possible this turn by the advisor's estimates."""
        legal = [o for o in self.opts if o.legal]
        if not legal:
            self.notify("No option is possible now: press s to submit your orders.")
            return
        self.open_advisor(legal, one=False)

    def open_advisor(self, opts: list[Option], one: bool) -> None:
        from ..dialogs.advice import AdviceDialog

        if not advisor_available():
            self.notify("The advisor is not in this build; the Details panel shows the engine's own preview "
                        "of this option.", severity="warning", timeout=6)
            return
        s = self.session
        how = (f"{s.advisor_rollouts} run{'s' if s.advisor_rollouts != 1 else ''} per option"
               if s.advisor_rollouts is not None else f"about {s.advisor_budget_ms / 1000:.1f} s")
        title = "Advisor: " + (opts[0].name if one else f"ranking {len(opts)} possible options")
        dialog = AdviceDialog(title, Text(f"Simulating short games with the computer actors' policies ({how})…",
                                          style="italic"))
        self.app.push_screen(dialog)
        self.consult_advisor(dialog, opts, one)

    @work(thread=True, exclusive=True, group="advice")
    def consult_advisor(self, dialog: AdviceDialog, opts: list[Option], one: bool) -> None:
        from ..dialogs.advice import advice_table, one_advice

        try:
            advice = self.session.advise(opts)
        except Exception as exc:  # the advisor failing must never take the orders screen down
            self.app.call_from_thread(dialog.show, Text(f"The advisor failed: {type(exc).__name__}: {exc}"))
            return
        body = one_advice(advice[0] if advice else None, self.describe(opts[0])) if one \
            else advice_table(advice, self.describe)
        self.app.call_from_thread(dialog.show, body)

    def describe(self, o: Option) -> str:
        """'Establish a hotline → Corvania via Teleconference' (for the advisor's lists)."""
        from game.engine.rules import Order

        cs = self.session.cs
        ch = cs.channels[cs.channel_index[o.channel]].name if o.channel else ""
        return order_label(Order(self.session.human, o.move, o.target, o.second, o.channel), self.names(), o.name, ch)

    def action_submit(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        s = self.session
        cs = s.cs
        names = self.names()
        body = Text()
        if not self.queue:
            body.append("You have no orders: you will hold this turn.\n", style="bold")
        for n, o in enumerate(self.queue):
            m = cs.moves[cs.move_index[o.move]]
            ch = cs.channels[cs.channel_index[o.channel]].name if o.channel else ""
            body.append(f"{n + 1}. {order_label(o, names, m.name, ch)} ({s.order_cost(o)})\n")
        left = s.budget() - sum(s.order_cost(o) for o in self.queue)
        if left > 0:
            body.append(f"\n{left} capital unspent (it does not carry over).\n", style="italic")
        body.append("\nOrders resolve simultaneously with the other actors'.")

        def done(ok: bool | None) -> None:
            if ok:
                self.resolve()

        self.app.push_screen(ConfirmDialog(f"Submit orders for turn {s.turn}?", body, "Submit", "Keep editing"), done)

    def resolve(self) -> None:
        from ..persistence import autosave

        s = self.session
        turn = s.turn
        s.submit(list(self.queue))
        problem = autosave(s)
        if problem:
            self.notify(problem, severity="error")
        for note in s.notes:
            self.notify(note, severity="warning")
        s.notes.clear()
        self.dapp.show_resolution(turn)
