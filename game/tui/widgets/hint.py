"""A tutorial hint: a short boxed note at the top of a screen while the tutorial is on."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class TutorialHint(Static):
    DEFAULT_CSS = """
    TutorialHint {
        border: round $accent;
        border-title-color: $accent;
        padding: 0 1;
        height: auto;
        max-height: 6;
        margin: 0 0 1 0;
    }
    TutorialHint.full {
        max-height: 100;
    }
    """

    def __init__(self, text: str, **kw: Any) -> None:
        super().__init__(text, **kw)
        self.border_title = "Tutorial"
