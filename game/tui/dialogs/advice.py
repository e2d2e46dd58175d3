"""The advisor's estimates, shown over the orders screen.

The dialog opens at once with a "simulating…" line and is filled in when the advisor's
worker thread finishes, so the keyboard never waits on the rollouts.  Every figure is
labelled as what it is: a mean over short simulated games with the computer actors'
policies, compared with holding this turn, with its spread and the number of runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from game.bots.advisor import Advice
    from game.engine.views import Option

HOW = ("Estimate from rollouts: short simulated games (2 turns ahead) in which the computer actors' policies "
       "play every actor, starting from your intelligence picture, not the truth; each figure is the "
       "change compared with holding this turn. ± is the spread of the stability estimate across runs. "
       "A guide, not a promise.")


def signed(x: float) -> str:
    return f"{x:+.1f}".replace("-", "−")


def spread_text(a: Advice) -> str:
    return "± ?" if math.isinf(a.spread) or math.isnan(a.spread) else f"± {a.spread:.1f}"


def verdict(a: Advice) -> str:
    """Words for the estimate, so its meaning never rests on a sign or a colour alone.

    A change counts only if it is at least a point and twice its standard error
    (spread / √runs): a small or noisy difference is called "about the same".
    """
    if a.samples == 0:
        return "not measured in the time allowed"
    noise = 0.0 if math.isinf(a.spread) or math.isnan(a.spread) else 2 * a.spread / math.sqrt(a.samples)
    if abs(a.d_stability) < max(1.0, noise):
        return "= about the same stability as holding"
    return "▲ likely raises stability" if a.d_stability > 0 else "▼ likely lowers stability"


def one_advice(a: Advice | None, label: str) -> Text:
    """The estimate for one option: stability and own-score change, spread, runs, in words."""
    t = Text()
    t.append(f"{label}\n\n", style="bold")
    if a is None:
        t.append("No estimate: this option is not possible now.\n")
    elif a.samples == 0:
        t.append("No estimate: the advisor ran out of time before simulating this option.\n")
    else:
        t.append("Stability:  ", style="bold")
        t.append(f"{signed(a.d_stability)} {spread_text(a)}")
        t.append(f"   ({verdict(a)})\n")
        t.append("Your score: ", style="bold")
        t.append(f"{signed(a.d_score)}\n")
        t.append(f"Runs:       {a.samples} simulated game{'s' if a.samples != 1 else ''}\n")
    t.append(f"\n{HOW}", style="italic")
    return t


def advice_table(advice: list[Advice], describe: Callable[[Option], str]) -> Group:
    """Every possible option ranked by the change in your score, best first (ties: stability)."""
    ranked = sorted(advice, key=lambda a: (a.samples == 0, -a.d_score, -a.d_stability))
    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("option (this move alone)", ratio=1)
    table.add_column("score", justify="right", width=6)
    table.add_column("stability", justify="right", width=10)
    table.add_column("runs", justify="right", width=4)
    for n, a in enumerate(ranked, start=1):
        if a.samples == 0:
            table.add_row(str(n), describe(a.option), "–", "not run", "0")
        else:
            table.add_row(str(n), describe(a.option), signed(a.d_score), f"{signed(a.d_stability)} {spread_text(a)}",
                          str(a.samples))
    head = Text()
    if not ranked:
        head.append("No option is possible now.\n")
    else:
        head.append(f"{len(ranked)} possible options, ranked by the estimated change in your score "
                    "(national interest and stability together).\n", style="bold")
    foot = Text(f"\n{HOW}", style="italic")
    return Group(head, table, foot)


class AdviceDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
        Binding("a", "close", "Close", show=False),
    ]

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            with VerticalScroll(id="dialog-body", can_focus=True):
                yield Static(self.body, id="advice-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dialog-body").focus()

    def show(self, body: RenderableType) -> None:
        """Replace the body (the advisor's worker calls this when its estimates are ready)."""
        self.body = body
        if self.is_attached:
            self.query_one("#advice-body", Static).update(body)

    def action_close(self) -> None:
        self.dismiss(None)
