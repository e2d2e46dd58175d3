"""Main menu, new game picker, tutorial and settings."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList

from game.tui.app import make_app
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.main_menu import MainMenuScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.settings import SettingsScreen

from .conftest import game_app, settle, text_of


async def test_main_menu_offers_continue_only_during_a_game() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = [o.id for o in app.screen.query_one("#menu", OptionList).options]
        assert ids == ["new", "resume", "tutorial", "settings", "help", "quit"]
        await pilot.press("c")  # disabled without a game: nothing happens
        assert isinstance(app.screen, MainMenuScreen)


async def test_new_game_lists_scenarios_and_explains_broken_ones(frozen_scenarios: Path) -> None:
    (frozen_scenarios / "broken.toml").write_text("format = 1\n[scenario\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        assert [c.path.name for c in screen.cards] == ["broken.toml", "strait_incident.toml"]
        # the first playable one is highlighted; its card names actors, turns and difficulty
        card = text_of(app, "#card-text")
        assert "Collision in the Kessel Strait" in card and "8 turns" in card and "introductory" in card
        choices = text_of(app, "#choices")
        assert "Azuria" in choices and "Corvania" in choices and "tit for tat" in choices
        await pilot.press("up")
        await pilot.pause()
        assert "broken.toml cannot be played" in text_of(app, "#card-text")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)  # a broken file never starts a game
        assert app.session is None


async def test_new_game_choices_reach_the_session(frozen_scenarios: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("a", "v")  # next playable actor, next difficulty
        await pilot.press("e", *["backspace"] * 12, "9", "9", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert app.session is not None
        assert (app.session.human, app.session.difficulty, app.session.game.seed) == ("corvania", "hard", 99)


async def test_tutorial_starts_with_notes_on_every_game_screen() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen) and app.screen.tutorial
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None and app.session.tutorial
        assert "Tutorial" in str(app.screen.query_one("#hint").border_title)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.query("#hint")


async def test_settings_apply_and_remember_the_high_contrast_theme(isolated: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("h")
        await pilot.pause()
        assert app.theme == "detente-high-contrast"
    saved = json.loads((isolated / "config" / "settings.json").read_text())
    assert saved["theme"] == "detente-high-contrast"
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "detente-high-contrast"


async def test_play_options_with_a_bad_actor_stay_on_the_menu_with_a_message() -> None:
    app = game_app(actor="atlantis")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainMenuScreen)
        assert app.session is None
        assert any("atlantis" in n.message for n in app._notifications)
