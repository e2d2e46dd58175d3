"""The adjudication log: one line per event, each expandable into its cause chain ("why?").

The screen hands the widget plain data: for each line its text and the ordered lines of
its chain (root first).  The widget only lays them out; it knows nothing of rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import Tree


@dataclass(frozen=True)
class LogLine:
    key: int
    icon: str
    text: str
    has_cause: bool
    emphasis: bool = False


class EventLog(Tree[int]):
    """A tree of log lines; expanding a line shows why it happened, root cause first."""

    DEFAULT_CSS = "EventLog { height: 1fr; }"

    def __init__(self, why: Callable[[int], Sequence[str]] | None = None, **kw: Any) -> None:
        super().__init__("Adjudication log", **kw)
        self.show_root = False
        self.guide_depth = 2
        self._why = why
        self._loaded: set[int] = set()

    def set_lines(self, lines: Sequence[LogLine], why: Callable[[int], Sequence[str]]) -> None:
        self._why = why
        self._loaded.clear()
        self.clear()
        for ln in lines:
            label = Text.assemble((f"{ln.icon} ", "bold"), (ln.text, "bold" if ln.emphasis else ""))
            if ln.has_cause:
                self.root.add(label, data=ln.key, allow_expand=True)
            else:
                self.root.add_leaf(label, data=ln.key)
        self.root.expand()

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[int]) -> None:
        node = event.node
        if node.data is None or node.data in self._loaded or self._why is None:
            return
        self._loaded.add(node.data)
        for i, line in enumerate(self._why(node.data)):
            node.add_leaf(Text(f"{'why: ' if i == 0 else '  ↳ '}{line}", style="italic"))
