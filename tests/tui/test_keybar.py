"""The key line at the foot of each screen (game/tui/widgets/keybar.py): what it shows, clicks."""

from __future__ import annotations

from game.tui.app import make_app
from game.tui.screens.main_menu import MainMenuScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.widgets.keybar import KeyBar

from .conftest import settle


async def test_the_key_line_names_the_screens_keys_and_follows_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        assert bar.region.y == 23 and bar.region.width == 80
        assert bar.keys_text() == "n New game r Resume t Tutorial s Settings q Quit F1 Help ^p palette"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "n New game" not in app.screen.query_one(KeyBar).keys_text()


async def test_clicking_a_key_does_what_pressing_it_does() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainMenuScreen)
        bar = app.screen.query_one(KeyBar)
        start, _end, key, _enabled = next(s for s in bar._spans if s[2] == "s")
        await pilot.click(KeyBar, offset=(start + 2, 0))  # on "Settings"
        await settle(pilot)
        assert key == "s" and isinstance(app.screen, SettingsScreen)


async def test_a_click_between_keys_does_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        gap = bar._spans[0][1]  # the space after the first key
        await pilot.click(KeyBar, offset=(gap, 0))
        await settle(pilot)
        assert isinstance(app.screen, MainMenuScreen)
