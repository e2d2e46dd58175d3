"""The budget meter: diplomatic capital left this turn after the orders queued so far."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def budget_text(left: int, total: int) -> Text:
    left = max(0, left)
    dots = "●" * min(left, 20) + "○" * max(0, min(total, 20) - min(left, 20))
    t = Text.assemble(("Capital ", "bold"), (dots, "bold"), f"  {left} of {total} left")
    if left == 0:
        t.append("  (spent)", style="italic")
    return t


class BudgetMeter(Static):
    DEFAULT_CSS = "BudgetMeter { height: 1; width: auto; }"

    def show(self, left: int, total: int) -> None:
        self.update(budget_text(left, total))
