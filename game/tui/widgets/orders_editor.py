"""The orders editor: moves by category, then a target and channel, then the queue.

One component for every place orders are given: the solo orders screen, a team's seat
in the classroom (own terminal, browser or hot-seat) and the facilitator giving orders
for an actor it took over.  It is handed a function that judges the options against the
queue (the screen asks the engine) and one that says the capital left; it keeps the
queue, explains the highlighted option, and posts messages up: `Changed` when the
queue changes, `Highlighted` when the cursor rests on a target and channel (the solo
screen measures likely effects then).  Every option is listed — illegal ones too, marked
✗ with the engine's reason — so a player learns *why* a hotline cannot be used yet.
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
from game.engine.views import Option, timing_warnings

from .budget import BudgetMeter
from .symbols import ILLEGAL, LEGAL, QUEUED

CATEGORY_TITLES = {
    "communication": "Communication",
    "cbm": "Confidence-building",
    "humanitarian": "Humanitarian",
    "information": "Information",
    "alliance": "Alliance",
    "mediation": "Mediation",
    "military": "Military signalling",
}


def fit(text: str, width: int) -> str:
    """Cut to one line of the list (the full name is in the details panel)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def name_of(cs: CompiledScenario, actor: str) -> str:
    i = cs.actor_index.get(actor, -1)
    return cs.actors[i].name if i >= 0 else actor


def order_cost(cs: CompiledScenario, o: Order) -> int:
    m = cs.moves[cs.move_index[o.move]]
    c = cs.channel_index.get(o.channel, -1) if o.channel else -1
    return m.cost + (cs.channels[c].cost if c >= 0 else 0)


def order_text(cs: CompiledScenario, o: Order) -> str:
    """'Consult → Corvania via Military attaché' (names, never ids)."""
    text = cs.moves[cs.move_index[o.move]].name if o.move in cs.move_index else o.move
    if o.second:
        text += f" between {name_of(cs, o.target)} and {name_of(cs, o.second)}"
    elif o.target:
        text += f" → {name_of(cs, o.target)}"
    if o.channel:
        c = cs.channel_index.get(o.channel, -1)
        text += f" via {cs.channels[c].name if c >= 0 else o.channel}"
    return text


def option_details(cs: CompiledScenario, o: Option) -> tuple[Text, Text]:
    """The details panel for an option: (status, cost and channel) and (the move and channel
    described); a screen may put measured effects between the two."""
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
    return head, tail


class OrdersEditor(Vertical):
    """Moves list | variants + details, then the capital meter and the queue."""

    DEFAULT_CSS = """
    OrdersEditor { height: 1fr; }
    OrdersEditor .orders-main { height: 1fr; }
    OrdersEditor #moves { width: 38%; min-width: 28; height: 1fr; border: round $primary 50%; }
    OrdersEditor .orders-right { width: 1fr; }
    OrdersEditor #variants { height: 40%; min-height: 4; max-height: 12; border: round $primary 50%; }
    OrdersEditor #info-scroll { height: 1fr; border: round $secondary 50%; padding: 0 1; }
    OrdersEditor #moves:focus, OrdersEditor #variants:focus, OrdersEditor #queue:focus { border: round $primary; }
    OrdersEditor .queue-row { height: 1; padding: 0 1; }
    OrdersEditor #queue-help { width: 1fr; color: $text-muted; }
    OrdersEditor #queue { height: auto; min-height: 3; max-height: 5; border: round $primary 50%; }
    """

    class Changed(Message):
        """The queue changed (an order added or removed)."""

        def __init__(self, editor: OrdersEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def panel(self) -> OrdersEditor:  # the classroom's name for it
            return self.editor

    class Highlighted(Message):
        """The cursor is on a target and channel (its base details are shown already)."""

        def __init__(self, editor: OrdersEditor, option: Option, head: Text, tail: Text) -> None:
            super().__init__()
            self.editor = editor
            self.option = option
            self.head = head
            self.tail = tail

    def __init__(self, cs: CompiledScenario, actor: str, judge: Callable[[Sequence[Order]], list[Option]],
                 budget: Callable[[], int], queue: Sequence[Order] = (), *, queue_title: str = "Your orders",
                 submit_key: bool = True, turn: Callable[[], int] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.turn = turn  # the turn being ordered (says when a slow notification arrives)
        self.cs = cs
        self.actor = actor
        self.judge = judge
        self.budget = budget
        self.queue: list[Order] = list(queue)
        self.queue_title = queue_title
        self.submit_key = submit_key
        self.queue_note = ""  # what the last add or remove did, said on the orders line (not a toast)
        self.opts: list[Option] = []
        self.move_id = ""
        self.variant_ids: list[int] = []

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
        self.query_one("#queue", OptionList).border_title = self.queue_title
        self.query_one("#info-scroll").border_title = "Details"
        self.recompute()

    def on_resize(self) -> None:
        """Move names are cut to the list's width, which is known only after layout."""
        self.call_after_refresh(self.fill_moves)

    # ------------------------------------------------------------------ data
    def set_queue(self, queue: Sequence[Order]) -> None:
        self.queue = list(queue)
        self.recompute()

    def recompute(self) -> None:
        """Re-ask for the options (capital and duplicates depend on the queue)."""
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
        cs = self.cs
        ol = self.query_one("#variants", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        self.variant_ids = [i for i, o in enumerate(self.opts) if o.move == self.move_id]
        batch: list[ListOption] = []
        for i in self.variant_ids:
            o = self.opts[i]
            if o.second:
                where = f"between {name_of(cs, o.target)} and {name_of(cs, o.second)}"
            elif o.target:
                where = f"→ {name_of(cs, o.target)}"
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
        cs = self.cs
        ol = self.query_one("#queue", OptionList)
        ol.clear_options()
        for n, o in enumerate(self.queue):
            label = f"{QUEUED} {n + 1}. {order_text(cs, o)}  ({order_cost(cs, o)} capital)"
            ol.add_option(ListOption(label, id=f"q:{n}"))
        if not self.queue:
            ol.add_option(ListOption(Text("No orders yet: with none, you hold this turn.", style="italic"),
                                     disabled=True))
        for warning in timing_warnings(cs, self.turn() if self.turn else 0, list(self.queue)):
            ol.add_option(ListOption(Text(f"Too late: {warning}", style="italic"), disabled=True))
        spent = sum(order_cost(cs, o) for o in self.queue)
        total = cs.actors[cs.actor_index[self.actor]].budget
        self.query_one("#budget", BudgetMeter).show(self.budget() - spent, total)
        note = f"{self.queue_note} · " if self.queue_note else ""
        n = len(self.queue)
        keys = "s submit · x remove" if self.submit_key else "x remove"
        self.query_one("#queue-help", Static).update(f"  {note}{n} order{'s' if n != 1 else ''} · {keys}")

    def show_info(self, o: Option) -> None:
        head, tail = option_details(self.cs, o)
        body = head.copy()
        body.append_text(tail)
        self.query_one("#info", Static).update(body)
        self.post_message(self.Highlighted(self, o, head, tail))

    def show_details(self, o: Option, body: Text) -> None:
        """Replace the details with a richer text (e.g. measured effects) if `o` is still highlighted."""
        if self.highlighted_option() == o:
            self.query_one("#info", Static).update(body)

    def highlighted_option(self) -> Option | None:
        ol = self.query_one("#variants", OptionList)
        if ol.highlighted is None or not self.variant_ids or ol.highlighted >= len(self.variant_ids):
            return None
        return self.opts[self.variant_ids[ol.highlighted]]

    # ------------------------------------------------------------------ list events
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        oid = event.option.id or ""
        if event.option_list.id == "moves" and oid.startswith("m:"):
            if oid[2:] != self.move_id:
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

    # ------------------------------------------------------------------ editing
    def add(self, o: Option) -> None:
        if not o.legal:
            self.app.notify(f"{ILLEGAL} {o.name}: {o.reason}", title="Not possible", severity="warning")
            return
        self.queue.append(Order(self.actor, o.move, o.target, o.second, o.channel))
        self.queue_note = f"{LEGAL} added"  # the order itself is listed just below
        self.recompute()  # the capital meter says "(spent)" when nothing more fits
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
        self.queue.pop(index)
        self.queue_note = "removed"
        self.recompute()
        self.post_message(self.Changed(self))

    def back(self) -> bool:
        """Esc inside the editor: from the variants or the queue back to the moves (True if it moved)."""
        focused = self.screen.focused
        if focused is not None and focused.id in ("variants", "queue"):
            self.query_one("#moves", OptionList).focus()
            return True
        return False
