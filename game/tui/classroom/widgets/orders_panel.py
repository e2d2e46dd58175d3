"""The classroom orders editor: moves, then target and channel, then the queue.

The same editor serves a team's own terminal, a hot-seat turn and the facilitator
giving orders for an actor it took over.  It is handed a function that judges options
against the queue (the screen asks the engine); it keeps the queue and says when it
changes, nothing more.  Illegal options stay listed, marked ✗ with the engine's reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option as ListOption

from game.engine.compile import CompiledScenario
from game.engine.rules import Order
from game.engine.views import Option
from game.tui.widgets.budget import BudgetMeter
from game.tui.widgets.symbols import ILLEGAL, LEGAL, QUEUED

from ..views import order_cost, order_text

CATEGORY_TITLES = {
    "communication": "Communication", "cbm": "Confidence-building", "humanitarian": "Humanitarian",
    "information": "Information", "alliance": "Alliance", "mediation": "Mediation", "military": "Military signalling",
}


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class OrdersPanel(Vertical):
    """Moves list | variants + details, and the queue with the capital left."""

    class Changed(Message):
        """The queue changed (an order added or removed)."""

        def __init__(self, panel: OrdersPanel) -> None:
            super().__init__()
            self.panel = panel

    def __init__(self, cs: CompiledScenario, actor: str, judge: Callable[[Sequence[Order]], list[Option]],
                 budget: Callable[[], int], queue: Sequence[Order] = (), **kw: Any) -> None:
        super().__init__(**kw)
        self.cs = cs
        self.actor = actor
        self.judge = judge
        self.budget = budget
        self.queue: list[Order] = list(queue)
        self.opts: list[Option] = []
        self.move_id = ""
        self.variant_ids: list[int] = []
        self.locked = ""  # non-empty: why orders cannot be edited now (shown instead of the lists)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="orders-main"):
            yield OptionList(id="moves")
            with Vertical(classes="orders-right"):
                yield OptionList(id="variants")
                with VerticalScroll(id="info-scroll"):
                    yield Static("", id="info")
        with Horizontal(classes="queue-row"):
            yield BudgetMeter(id="budget")
            yield Static("", id="queue-help")
        yield OptionList(id="queue")

    def on_mount(self) -> None:
        self.query_one("#moves", OptionList).border_title = "Moves (cost)"
        self.query_one("#variants", OptionList).border_title = "Target and channel"
        self.query_one("#queue", OptionList).border_title = "Your orders (secret)"
        self.query_one("#info-scroll").border_title = "Details"
        self.recompute()

    # ------------------------------------------------------------------ data
    def set_queue(self, queue: Sequence[Order]) -> None:
        self.queue = list(queue)
        self.recompute()

    def recompute(self) -> None:
        self.opts = self.judge(self.queue)
        self.fill_moves()
        self.fill_variants()
        self.fill_queue()

    def fill_moves(self) -> None:
        cs = self.cs
        ol = self.query_one("#moves", OptionList)
        keep = self.move_id
        by_move: dict[str, list[Option]] = {}
        for o in self.opts:
            by_move.setdefault(o.move, []).append(o)
        ol.clear_options()
        first = None
        inner = ol.content_region.width
        width = max(12, inner - 6) if inner else 20
        cats: dict[str, list[str]] = {}
        for m in sorted(cs.moves, key=lambda m: m.order):
            if m.id in by_move:
                cats.setdefault(m.category, []).append(m.id)
        for cat, moves in cats.items():
            ol.add_option(ListOption(Text(f"─ {CATEGORY_TITLES.get(cat, cat.title())} ─", style="bold"), disabled=True))
            for mid in moves:
                variants = by_move[mid]
                legal = [v for v in variants if v.legal]
                name = fit(cs.moves[cs.move_index[mid]].name, width)
                if legal:
                    label = Text.assemble(f"{LEGAL} ", (f"{min(v.cost for v in legal)} ", "bold"), name)
                else:
                    label = Text(f"{ILLEGAL} {min(v.cost for v in variants)} {name}", style="dim")
                ol.add_option(ListOption(label, id=f"m:{mid}"))
                first = first or mid
        ids = [o.id for o in ol.options]
        target = f"m:{keep}" if f"m:{keep}" in ids else (f"m:{first}" if first else None)
        if target:
            ol.highlighted = ids.index(target)
            self.move_id = target[2:]

    def fill_variants(self) -> None:
        cs = self.cs
        ol = self.query_one("#variants", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        self.variant_ids = [i for i, o in enumerate(self.opts) if o.move == self.move_id]
        for i in self.variant_ids:
            o = self.opts[i]
            if o.second:
                where = f"between {cs.actors[cs.actor_index[o.target]].name} and {cs.actors[cs.actor_index[o.second]].name}"
            elif o.target:
                where = f"→ {cs.actors[cs.actor_index[o.target]].name}"
            else:
                where = "(no target)"
            if o.channel:
                where += f" via {cs.channels[cs.channel_index[o.channel]].name}"
            if o.legal:
                label = Text.assemble(f"{LEGAL} ", (f"{o.cost} ", "bold"), where)
            else:
                label = Text(f"{ILLEGAL} {o.cost} {where} — {o.reason}", style="dim")
            ol.add_option(ListOption(label, id=f"v:{i}"))
        if self.variant_ids:
            if keep is None:  # a new move: start on the first possible variant
                keep = next((n for n, i in enumerate(self.variant_ids) if self.opts[i].legal), 0)
            ol.highlighted = min(keep, len(self.variant_ids) - 1)
            self.show_info(self.opts[self.variant_ids[ol.highlighted]])
        else:
            self.query_one("#info", Static).update("")

    def fill_queue(self) -> None:
        cs = self.cs
        ol = self.query_one("#queue", OptionList)
        ol.clear_options()
        for n, o in enumerate(self.queue):
            ol.add_option(ListOption(f"{QUEUED} {n + 1}. {order_text(cs, o)}  ({order_cost(cs, o)})", id=f"q:{n}"))
        if not self.queue:
            ol.add_option(ListOption(Text("No orders yet: with none, you hold this turn.", style="italic"),
                                     disabled=True))
        spent = sum(order_cost(cs, o) for o in self.queue)
        total = cs.actors[cs.actor_index[self.actor]].budget
        self.query_one("#budget", BudgetMeter).show(self.budget() - spent, total)
        n = len(self.queue)
        self.query_one("#queue-help", Static).update(f"  {n} order{'s' if n != 1 else ''} · Enter add · x remove")

    def show_info(self, o: Option) -> None:
        cs = self.cs
        m = cs.moves[cs.move_index[o.move]]
        t = Text()
        t.append(f"{LEGAL} Possible now" if o.legal else f"{ILLEGAL} Not possible: {o.reason}", style="bold")
        t.append(f" · cost {o.cost}\n")
        if o.channel:
            c = cs.channels[cs.channel_index[o.channel]]
            lat = "immediate" if c.latency == 0 else f"arrives in {c.latency} turn{'s' if c.latency > 1 else ''}"
            t.append(f"{c.name}: ", style="bold")
            t.append(f"{lat} · fidelity {c.fidelity:.0%} · {'public' if c.public else 'private'} · "
                     f"{'deniable' if c.deniable else 'attributable'}\n")
        t.append(f"{m.name}", style="bold")
        t.append(f" [{CATEGORY_TITLES.get(m.category, m.category)}]: ", style="italic")
        t.append(" ".join(m.description.split()))
        if m.tags:
            t.append("\nDoctrine: " + ", ".join(x.replace("_", " ") for x in m.tags), style="italic")
        self.query_one("#info", Static).update(t)

    # ------------------------------------------------------------------ list events
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        oid = event.option.id or ""
        if event.option_list.id == "moves" and oid.startswith("m:") and oid[2:] != self.move_id:
            self.move_id = oid[2:]
            self.query_one("#variants", OptionList).highlighted = None
            self.fill_variants()
        elif event.option_list.id == "variants" and oid.startswith("v:"):
            self.show_info(self.opts[int(oid[2:])])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if event.option_list.id == "moves":
            self.query_one("#variants", OptionList).focus()
        elif event.option_list.id == "variants" and oid.startswith("v:"):
            self.add(self.opts[int(oid[2:])])

    def add(self, o: Option) -> None:
        if not o.legal:
            self.app.notify(f"{ILLEGAL} {o.name}: {o.reason}", title="Not possible", severity="warning")
            return
        self.queue.append(Order(self.actor, o.move, o.target, o.second, o.channel))
        self.app.notify(f"{LEGAL} Added: {o.name}", timeout=2)
        self.recompute()
        self.query_one("#moves", OptionList).focus()
        self.post_message(self.Changed(self))

    def remove_order(self) -> None:
        """Remove the highlighted queued order (or the last one)."""
        if not self.queue:
            self.app.notify("No orders to remove.")
            return
        ol = self.query_one("#queue", OptionList)
        index = len(self.queue) - 1
        if self.screen.focused is ol and ol.highlighted is not None and ol.highlighted < len(self.queue):
            index = ol.highlighted
        removed = self.queue.pop(index)
        self.app.notify(f"Removed: {order_text(self.cs, removed)}", timeout=2)
        self.recompute()
        self.post_message(self.Changed(self))

    def back(self) -> bool:
        """Esc inside the editor: from the variants or queue back to the moves (True if it moved)."""
        focused = self.screen.focused
        if focused is not None and focused.id in ("variants", "queue"):
            self.query_one("#moves", OptionList).focus()
            return True
        return False
