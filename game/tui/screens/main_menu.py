"""The main menu: the first thing a player sees, every entry also a single key."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ..app import DetenteApp

BANNER = "D É T E N T E"
TAGLINE = "A crisis-management training game about military diplomacy"

ENTRIES = (
    ("continue", "c", "Continue current game"),
    ("new", "n", "New game"),
    ("resume", "r", "Resume a saved game"),
    ("tutorial", "t", "Tutorial"),
    ("settings", "s", "Settings"),
    ("help", "F1", "Help and keys"),
    ("quit", "q", "Quit"),
)


class MainMenuScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New game"),
        Binding("c", "continue", "Continue"),
        Binding("r", "resume", "Resume"),
        Binding("t", "tutorial", "Tutorial"),
        Binding("s", "settings", "Settings"),
        Binding("q", "quit_game", "Quit"),
    ]

    @property
    def dapp(self) -> DetenteApp:
        from ..app import DetenteApp

        assert isinstance(self.app, DetenteApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            with Center():
                yield Static(BANNER, id="banner")
            yield Static(TAGLINE, id="tagline")
            with Center():
                yield OptionList(id="menu")
            yield Static("", id="menu-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_entries()
        self.set_timer(1.0, self.prewarm)  # after the menu is on screen and idle

    def prewarm(self) -> None:
        """Read the scenario cards while the player looks at the menu, so New game opens at once.

        A daemon thread rather than a Textual worker: quitting must never wait for it.
        """
        threading.Thread(target=self.dapp.load_cards, name="prewarm-cards", daemon=True).start()

    def refresh_entries(self) -> None:
        ol = self.query_one("#menu", OptionList)
        current = ol.highlighted_option.id if ol.highlighted_option else None
        ol.clear_options()
        for key, letter, label in ENTRIES:
            if key == "continue" and self.dapp.session is None:
                continue
            text = f"{label:<24} {letter:>3}"
            if key == "continue" and self.dapp.session is not None:
                s = self.dapp.session
                text = f"{label} — {s.cs.title[:28]}, turn {min(s.turn, s.cs.turns)}"
            ol.add_option(Option(text, id=key))
        ids = [o.id for o in ol.options]
        ol.highlighted = ids.index(current) if current in ids else 0
        ol.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.dapp.session is not None
        return True

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "help":
            self.app.action_help()  # type: ignore[attr-defined]
            return
        action = {"quit": "quit_game"}.get(event.option.id or "", event.option.id or "")
        await self.run_action(action)

    # ------------------------------------------------------------------ actions
    def action_new(self) -> None:
        from .new_game import NewGameScreen

        self.app.push_screen(NewGameScreen())

    def action_continue(self) -> None:
        if self.dapp.session is not None:
            self.dapp.show_briefing()

    def action_resume(self) -> None:
        from .resume import ResumeScreen

        self.app.push_screen(ResumeScreen())

    def action_tutorial(self) -> None:
        from .new_game import NewGameScreen

        self.app.push_screen(NewGameScreen(tutorial=True))

    def action_settings(self) -> None:
        from .settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_quit_game(self) -> None:
        self.app.exit(0)
