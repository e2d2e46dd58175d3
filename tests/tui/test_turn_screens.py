"""Briefing, resolution log, dashboard and end of game."""

from __future__ import annotations

from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.dashboard import DashboardScreen
from game.tui.screens.end_game import EndGameScreen
from game.tui.screens.orders import OrdersScreen
from game.tui.screens.resolution import ResolutionScreen
from game.tui.widgets.event_log import EventLog

from .conftest import game_app, settle, text_of


async def test_briefing_shows_situation_injects_and_marked_estimates() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "Kessel Strait" in text_of(app, "#situation")
        injects = text_of(app, "#injects")
        assert "Families of missing sailors" in injects
        intel = text_of(app, "#intel")
        assert "≈" in intel and "±" in intel and "exact" in intel


async def test_resolution_lines_expand_to_their_cause_chain() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResolutionScreen)
        log = screen.query_one(EventLog)
        nodes = list(log.root.children)
        assert nodes
        # every line the player sees is visible to them (fog of war)
        assert app.session is not None
        visible = {e.seq for e in app.session.visible()}
        assert all(n.data in visible for n in nodes)
        # expand the first line that has a cause: its chain appears as 'why:' leaves
        target = next(n for n in nodes if n.allow_expand)
        log.move_cursor(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.children and str(target.children[0].label).startswith("why:")
        # rolls are hidden until asked for
        without = len(nodes)
        await pilot.press("r")
        await pilot.pause()
        assert len(list(log.root.children)) >= without
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "Since turn 1" in text_of(app, "#last-turn")


async def test_dashboard_is_one_key_away_and_labels_everything() -> None:
    app = game_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        gauge = text_of(app, "#gauge")
        assert "Stability" in gauge and "/ 100" in gauge and "(" in gauge  # a level word, not only colour
        ladder = text_of(app, "#ladder")
        assert "◀ NOW" in ladder and "⚑ threshold" in ladder
        assert "Northern Compact" in text_of(app, "#channels")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, OrdersScreen)


async def test_end_of_game_shows_band_scores_and_objectives() -> None:
    app = game_app(seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        while not session.over:  # hold every turn, through the screens' own API
            session.submit([])
        app.show_briefing()
        await settle(pilot)
        assert isinstance(app.screen, EndGameScreen)
        result = session.game.result()
        assert result.band in text_of(app, "#outcome")
        objectives = text_of(app, "#objectives")
        assert "Your objectives" in objectives and ("✓ met" in objectives or "✗ not met" in objectives)


def test_a_threshold_crossed_twice_is_one_line_with_both_turns() -> None:
    from game.tui.screens.end_game import crossing_lines

    lines = crossing_lines([(2, 6, "Show of force"), (4, 9, "Blockade"), (7, 6, "Show of force"), (8, 6, "Show of force")])
    assert lines == [
        "⚑ threshold 6 — Show of force: crossed on turns 2, 7 and 8",
        "⚑ threshold 9 — Blockade: crossed on turn 4",
    ]
