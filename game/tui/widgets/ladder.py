"""The escalation ladder: every rung, its thresholds, where the crisis is and has been."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from .symbols import CURRENT, PEAK, THRESHOLD


def ladder_text(names: tuple[str, ...], thresholds: tuple[tuple[int, str], ...], rung: int, peak: int) -> Text:
    """Top rung first; the current rung marked ▶ NOW, the highest reached ▲, thresholds ⚑."""
    marks = dict(thresholds)
    lines = []
    for r in range(len(names) - 1, -1, -1):
        cur = r == rung
        sym = CURRENT if cur else (PEAK if r == peak and peak > rung else (THRESHOLD if r in marks else "·"))
        style = "bold reverse" if cur else ("bold" if r in marks else ("" if r < rung else "dim"))
        line = Text(f"{sym} {r:>2} {names[r]}", style=style)
        if r in marks:
            line.append(f"  {THRESHOLD} threshold: {marks[r]}", style="bold")
        if cur:
            line.append("  ◀ NOW", style="bold")
        elif r == peak and peak > rung:
            line.append("  (highest reached)")
        lines.append(line)
    return Text("\n").join(lines)


class EscalationLadder(Static):
    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self._args: tuple[tuple[str, ...], tuple[tuple[int, str], ...], int, int] = ((), (), 0, 0)

    def show(self, names: tuple[str, ...], thresholds: tuple[tuple[int, str], ...], rung: int, peak: int) -> None:
        self._args = (names, thresholds, rung, peak)
        self.update(ladder_text(*self._args))
