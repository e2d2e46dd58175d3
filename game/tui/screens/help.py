"""Help: how a turn works, the keys of the screen you came from, then every key."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..help import HOW_TO_PLAY, screen_keys
from ..widgets.status import StatusBar


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, origin: Screen[object] | None = None) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        yield StatusBar("Help · Esc to go back · ↑↓ PgUp PgDn to scroll", id="status")
        with VerticalScroll(id="help", can_focus=True):
            if self.origin is not None:
                yield Static(self.current_keys(), id="help-current", classes="section")
            yield Static(Text(HOW_TO_PLAY), id="help-how", classes="section")
            yield Static(self.all_keys(), id="help-keys", classes="section")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def current_keys(self) -> Table:
        from ..help import KEY_NAMES

        t = Table(title="Keys on the screen you came from", title_justify="left", title_style="bold underline",
                  box=None, show_header=False)
        t.add_column("key", style="bold", no_wrap=True)
        t.add_column("does")
        assert self.origin is not None
        seen = set()
        for key, ab in self.origin.active_bindings.items():
            b = ab.binding
            if not b.description or b.action in seen:
                continue
            seen.add(b.action)
            t.add_row(b.key_display or KEY_NAMES.get(key, key), b.description + ("" if ab.enabled else " (not now)"))
        return t

    def all_keys(self) -> Table:
        t = Table(title="All keys", title_justify="left", title_style="bold underline", box=None, show_header=False)
        t.add_column("key", style="bold", no_wrap=True)
        t.add_column("does")
        for title, rows in screen_keys():
            t.add_row(Text(title, style="bold italic"), "")
            for key, what in rows:
                t.add_row(f"  {key}", what)
        return t

    def action_close(self) -> None:
        self.app.pop_screen()
