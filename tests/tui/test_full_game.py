"""A whole shipped scenario played to its end through key presses only."""

from __future__ import annotations

import pytest

from game.tui.app import make_app
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.end_game import EndGameScreen
from game.tui.screens.main_menu import MainMenuScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.orders import OrdersScreen
from game.tui.screens.resolution import ResolutionScreen

from .conftest import settle


@pytest.mark.slow
async def test_strait_incident_from_main_menu_to_the_end_by_keys_only() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainMenuScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen)
        # pick the Kessel Strait scenario by moving down the list until it is highlighted
        for _ in range(10):
            card = app.screen.card
            if card is not None and card.id == "strait_incident":
                break
            await pilot.press("down")
            await pilot.pause()
        assert app.screen.card is not None and app.screen.card.id == "strait_incident"
        # type a fixed seed so the game is reproducible, then start with Enter
        await pilot.press("e", *["backspace"] * 12, "4", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        session = app.session
        assert session is not None and session.game.seed == 42 and session.human == "azuria"

        turns_played = 0
        while not session.over and turns_played < 20:
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, OrdersScreen)
            # choose the highlighted move, then add its first target/channel if it is legal
            await pilot.press("enter", "enter")
            await settle(pilot)
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, ResolutionScreen)
            turns_played += 1
            await pilot.press("n")
            await settle(pilot)

        assert isinstance(app.screen, EndGameScreen)
        game = session.game
        assert game.over
        assert len(game.turns) == turns_played
        assert turns_played <= game.cs.turns
        result = game.result()
        assert result.band_id in {b.id for b in game.cs.bands}
        # the player's own orders went in: at least one turn carried an Azurian order
        assert any(o.actor == "azuria" for t in game.turns for o in t.orders)
        # the end screen states the band
        outcome = str(app.screen.query_one("#outcome").render())
        assert result.band in outcome
