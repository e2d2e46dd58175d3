"""The key line at the foot of each screen (game/tui/widgets/keybar.py): what it shows, clicks."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

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


class _Toggle(Screen[None]):
    """A screen whose one key comes and goes with a flag (as Continue does on the menu)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "extra", "Extra")]
    shown = False

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.shown if action == "extra" else True


async def test_the_line_repaints_when_its_keys_change_and_only_then() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _Toggle()
        app.push_screen(screen)
        await settle(pilot)
        bar = screen.query_one(KeyBar)
        renders: list[str] = []
        original = bar.render

        def counting() -> Text:
            line = original()
            renders.append(line.plain)
            return line

        bar.render = counting  # type: ignore[method-assign]
        screen.refresh_bindings()  # the same keys announced again: nothing to draw
        await settle(pilot)
        assert renders == []
        screen.shown = True
        screen.refresh_bindings()
        await settle(pilot)
        assert renders and "x Extra" in renders[-1]
        assert "x Extra" in bar.keys_text()
