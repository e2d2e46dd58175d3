"""What every in-game screen shares: the session, the status bar and the game keys.

The keys here are the player's map of the game — briefing, orders, log, dashboard,
save, menu — so they work the same on every game screen and appear in the footer,
the help screen and the command palette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..session import Session
from ..widgets.status import StatusBar

if TYPE_CHECKING:
    from ..app import DetenteApp


def nav_bindings(*hidden: str) -> list[BindingType]:
    """The game-wide keys; each screen lists its own keys first, then these (footer order)."""
    keys = [
        Binding("d", "dashboard", "Dashboard"),
        Binding("b", "briefing", "Briefing"),
        Binding("o", "orders", "Orders"),
        Binding("l", "log", "Log"),
        Binding("ctrl+s", "save", "Save", key_display="^s"),
        Binding("m", "menu", "Menu"),
        Binding("h", "toggle_hints", "Hints"),
    ]
    return [Binding(b.key, b.action, b.description, show=b.key not in hidden, key_display=b.key_display)
            for b in keys]


class GameScreen(Screen[None]):
    """Base for briefing, orders, resolution and end of game.

    Subclasses declare ``inherit_bindings=False`` and list ``[*their keys, *nav_bindings(...)]``
    so their own keys come first in the footer.
    """

    BINDINGS: ClassVar[list[BindingType]] = nav_bindings()

    @property
    def dapp(self) -> DetenteApp:
        from ..app import DetenteApp

        assert isinstance(self.app, DetenteApp)
        return self.app

    @property
    def session(self) -> Session:
        s = self.dapp.session
        assert s is not None, "game screens need a session"
        return s

    def status_text(self, what: str) -> str:
        s = self.session
        cs = s.cs
        st = s.game.state
        turn = f"Turn {min(s.turn, cs.turns)} of {cs.turns}" if not s.over else f"Over ({len(s.game.turns)} turns)"
        text = (f"{turn} · {what} · You: {s.human_name} · Stability {st.g[0]:.0f} · "
                f"Rung {st.rung} of {cs.max_rung}")
        if len(text) > 78:  # keep the numbers visible at 80 columns: drop the words first
            text = f"{turn} · {what} · {s.human_name} · Stab {st.g[0]:.0f} · Rung {st.rung}/{cs.max_rung}"
        return text

    def status_bar(self, what: str) -> StatusBar:
        return StatusBar(self.status_text(what), id="status")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.dapp.session is None:
            return True
        if action == "toggle_hints" and not self.session.tutorial:
            return False  # only meaningful in the tutorial
        if action == "orders" and self.session.over:
            return None  # shown disabled: the game is over
        if action == "log" and not self.session.game.turns:
            return None
        return True

    def on_screen_resume(self) -> None:
        self.apply_hints()

    def apply_hints(self) -> None:
        for hint in self.query("TutorialHint"):
            hint.display = not self.session.hints_hidden

    # ------------------------------------------------------------------ actions
    def action_toggle_hints(self) -> None:
        self.session.hints_hidden = not self.session.hints_hidden
        self.apply_hints()
        self.notify("Tutorial hints hidden (h shows them)" if self.session.hints_hidden else "Tutorial hints shown",
                    timeout=2)

    def action_dashboard(self) -> None:
        from .dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_briefing(self) -> None:
        self.dapp.show_briefing()

    def action_orders(self) -> None:
        self.dapp.show_orders()

    def action_log(self) -> None:
        self.dapp.show_resolution()

    def action_menu(self) -> None:
        self.dapp.show_menu()

    def action_save(self) -> None:
        from ..dialogs.save_name import SaveNameDialog
        from ..persistence import available, save

        if not available():
            from ..persistence import MISSING

            self.notify(MISSING, severity="warning")
            return

        def done(name: str | None) -> None:
            if name:
                ok, msg = save(self.session, name)
                self.notify(msg, severity="information" if ok else "error")

        self.app.push_screen(SaveNameDialog(), done)
