"""A browser seat's first screen: the seat code, and nothing of the game before it.

Until a code is proved this screen shows no scenario, team or event text, so a page
left open or a wrong code gives nothing away.  After five wrong codes in a row this
seat waits before each further try (2, 4, 8 … s): mistyping costs nothing, guessing
costs time.
"""

from __future__ import annotations

import os
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from game.classroom.access import SessionError, auth_wait, authenticate
from game.tui.widgets.keybar import KeyBar

from ..host import SeatHost, host_of


class LoginScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", show=True, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.source = f"seat:{os.getpid()}"

    @property
    def capp(self) -> SeatHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="login"):
            yield Static(Text("Détente — classroom seat", style="bold"), id="login-title")
            yield Static("Type the seat code you were given (6 letters and digits), then Enter.",
                         id="login-help")
            yield Input(placeholder="seat code", password=True, max_length=12, id="code")
            yield Static("", id="login-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#login").border_title = "Seat code"
        self.query_one("#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = event.value.strip()
        box = self.query_one("#code", Input)
        if not code:
            return
        store = self.capp.gate()
        wait = auth_wait(store, self.source)
        if wait:
            self.refuse(f"Too many wrong codes: wait {wait:.0f} s, then try again.", wait)
            box.value = ""
            return
        try:
            cred = authenticate(store, code, self.source)
        except SessionError as exc:
            box.value = ""
            wait = auth_wait(store, self.source)
            self.refuse(f"✗ {exc}." + (f" Wait {wait:.0f} s before the next try." if wait else ""), wait)
            return
        self.query_one("#login-error", Static).update(Text("✓ Opening your seat…", style="bold"))
        self.capp.seat_opened(cred)

    def refuse(self, message: str, wait: float) -> None:
        self.query_one("#login-error", Static).update(Text(message, style="bold"))
        if wait:
            box = self.query_one("#code", Input)
            box.disabled = True

            def again() -> None:
                box.disabled = False
                box.focus()
                self.query_one("#login-error", Static).update("You may try again.")

            self.set_timer(wait, again)
