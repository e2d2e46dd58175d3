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
from textual.timer import Timer
from textual.widgets import OptionList

from game.tui.widgets.keybar import KeyBar

from ..preview import preview
from ..session import advisor_available
from ..widgets.hint import TutorialHint
from ..widgets.orders_editor import OrdersEditor, order_text
from ..widgets.symbols import ILLEGAL
from .base import GameScreen, nav_bindings

if TYPE_CHECKING:
    from game.engine.rules import Order
    from game.engine.views import Option

    from ..dialogs.advice import AdviceDialog

PREVIEW_DELAY = 0.15  # seconds the highlight must rest before the effects are measured

TUTORIAL = (
    "Pick a move on the left (Enter), then a target and channel (Enter adds it to your orders). "
    "✗ options are not possible now: the reason is shown. The panel shows cost, channel and likely "
    "effects. s submits; x removes an order."
)


class OrdersScreen(GameScreen, inherit_bindings=False):
    """The solo orders screen: the shared orders editor plus likely effects and the advisor."""

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
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        s = self.session
        yield self.status_bar("Orders")
        if s.tutorial:
            yield TutorialHint(" ".join(s.tutorial_notes()) or TUTORIAL, id="hint")
        yield OrdersEditor(s.cs, s.human, s.options, s.budget, id="editor", turn=lambda: s.game.state.turn)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#moves", OptionList).focus()

    # The editor's state, as the rest of the screen (and its tests) read it.
    @property
    def editor(self) -> OrdersEditor:
        return self.query_one(OrdersEditor)

    @property
    def queue(self) -> list[Order]:
        return self.editor.queue

    @property
    def opts(self) -> list[Option]:
        return self.editor.opts

    @property
    def move_id(self) -> str:
        return self.editor.move_id

    @property
    def variant_ids(self) -> list[int]:
        return self.editor.variant_ids

    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.session.cs.actors}

    def highlighted_option(self) -> Option | None:
        return self.editor.highlighted_option()

    # ------------------------------------------------------------------ likely effects
    def on_orders_editor_highlighted(self, event: OrdersEditor.Highlighted) -> None:
        """Measure the likely effects once the cursor rests (scrolling must not queue one per line)."""
        o, head, tail = event.option, event.head, event.tail
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if not o.legal:
            return
        body = head.copy()
        body.append("Likely effects: measuring…\n", style="italic")
        body.append_text(tail)
        event.editor.show_details(o, body)
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.measure(o, head, tail))

    @work(thread=True, exclusive=True, group="preview")
    def measure(self, o: Option, head: Text, tail: Text) -> None:
        p = preview(self.session.game, self.session.human, o)
        body = head.copy()
        body.append(f"Likely effects (this move alone, {p.runs} simulated runs):\n", style="bold")
        for line in p.lines(self.names()):
            body.append(f" • {line}\n")
        body.append_text(tail)
        self.app.call_from_thread(self.editor.show_details, o, body)

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        self.editor.back()

    def action_remove(self) -> None:
        self.editor.remove_order()

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

        return order_text(self.session.cs, Order(self.session.human, o.move, o.target, o.second, o.channel))

    def action_submit(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        s = self.session
        body = Text()
        if not self.queue:
            body.append("You have no orders: you will hold this turn.\n", style="bold")
        for n, o in enumerate(self.queue):
            body.append(f"{n + 1}. {order_text(s.cs, o)} ({s.order_cost(o)})\n")
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
