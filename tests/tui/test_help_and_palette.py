"""Help lists every key; the command palette runs screen actions."""

from __future__ import annotations

from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.orders import OrdersScreen

from .conftest import game_app, settle, text_of


async def test_help_lists_every_screen_key() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        current = text_of(app, "#help-current")
        assert "Submit" in current and "Advice" in current
        assert "Scroll" not in current and "Page Left" not in current  # a panel's scrolling is not the screen's
        how = text_of(app, "#help-how")
        assert "3. Resolution" in how and "All orders resolve together" in how
        keys = text_of(app, "#help-keys")
        for word in ("Dashboard", "Submit", "Continue", "New game", "High contrast", "Why?"):
            assert word in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OrdersScreen)


async def test_command_palette_runs_screen_actions() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Dashboard")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
