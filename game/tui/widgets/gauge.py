"""The stability gauge: a labelled bar, its trend and a plain-words level."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from .symbols import signed, trend


class StabilityGauge(Static):
    """Stability 0–100 as a bar with its value, change since last turn and a level word."""

    DEFAULT_CSS = """
    StabilityGauge { height: 2; }
    """

    def __init__(self, value: float = 0.0, previous: float | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.value = value
        self.previous = previous
        self.word = ""

    def show(self, value: float, previous: float | None, word: str) -> None:
        """``word``: the engine's level word (``views.stability_label``: it reads the ladder too)."""
        self.value = value
        self.previous = previous
        self.word = word
        self.refresh()

    def render(self) -> Text:
        v = max(0.0, min(100.0, self.value))
        word = self.word or "unknown"
        head = Text.assemble(("Stability ", "bold"), (f"{v:.1f}", "bold"), " / 100  ", (f"({word})", "italic"))
        if self.previous is not None:
            d = v - self.previous
            head.append(f"  {trend(d)} {signed(d)} since last turn")
        width = max(10, self.size.width - 2)
        filled = round(width * v / 100)
        style = "green" if v >= 62 else ("yellow" if v >= 48 else "red")
        bar = Text.assemble("[", ("█" * filled, style), ("░" * (width - filled), "dim"), "]")
        return Text("\n").join([head, bar])


BARS = "▁▂▃▄▅▆▇█"


def history_text(series: list[float]) -> Text:
    """Stability per turn as bars on a fixed 0–100 scale (a sparkline that does not exaggerate)."""
    t = Text()
    t.append("History ", style="bold")
    t.append("(one bar per turn, 0–100 scale) ", style="italic")
    for v in series[-40:]:
        t.append(BARS[min(len(BARS) - 1, max(0, int(v / 100 * len(BARS))))])
    if series:
        t.append(f"\nstart {series[0]:.0f} · now {series[-1]:.0f} · low {min(series):.0f} · high {max(series):.0f}")
        if len(series) > 1:
            t.append("   by turn: " + " → ".join(f"{v:.0f}" for v in series[-10:]))
    return t
