"""The one-line status bar at the top of every game screen."""

from __future__ import annotations

from textual.widgets import Static


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $primary 30%;
        color: $foreground;
        text-style: bold;
        padding: 0 1;
    }
    """
