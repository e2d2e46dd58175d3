"""Help: how a turn works, the keys of the screen you came from, then every key."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui.widgets.keybar import KeyBar

from ..help import HOW_TO_PLAY_NOTES, TURN_STEPS, screen_keys
from ..widgets.status import StatusBar

_SCROLLING = ("scroll_", "page_")


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
            yield Static(self.how_to_play(), id="help-how", classes="section")
            yield Static(self.all_keys(), id="help-keys", classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def current_keys(self) -> Group:
        from ..help import KEY_NAMES

        t = Table(box=None, show_header=False)
        t.add_column("key", style="bold", no_wrap=True)
        t.add_column("does")
        assert self.origin is not None
        seen = set()
        for key, ab in self.origin.active_bindings.items():
            b = ab.binding
            # Scrolling keys belong to whichever panel has focus: the screen's own keys are what help.
            if not b.description or b.action in seen or b.action.startswith(_SCROLLING):
                continue
            seen.add(b.action)
            t.add_row(KEY_NAMES.get(key) or b.key_display or key, b.description + ("" if ab.enabled else " (not now)"))
        return Group(Text("Keys on the screen you came from", style="bold underline"), t)

    def how_to_play(self) -> Group:
        t = Table(title="How a turn works", title_justify="left", title_style="bold underline", box=None,
                  show_header=False)
        t.add_column("step", style="bold", no_wrap=True)
        t.add_column("what happens")
        for step, what in TURN_STEPS:
            t.add_row(step, what)
        return Group(t, *(Text("\n" + note) for note in HOW_TO_PLAY_NOTES))

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
