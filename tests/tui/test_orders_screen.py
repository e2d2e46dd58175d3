"""The orders screen: every option, illegal ones with reasons, budget, confirmation."""

from __future__ import annotations

from textual.widgets import OptionList

from game.tui.screens.orders import OrdersScreen
from game.tui.screens.resolution import ResolutionScreen

from .conftest import game_app, settle, text_of


async def test_orders_show_illegal_options_with_reasons_and_track_the_budget() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrdersScreen)
        # illegal options are listed, marked ✗, with the engine's reason
        illegal = [o for o in screen.opts if not o.legal]
        assert illegal
        moves = screen.query_one("#moves", OptionList)
        prompts = [str(o.prompt) for o in moves.options]
        assert any(p.startswith("✗") for p in prompts) and any(p.startswith("✓") for p in prompts)
        # the highlighted move's variants show target, channel and cost
        variants = [str(o.prompt) for o in screen.query_one("#variants", OptionList).options]
        assert any("via" in v and "cost" in v for v in variants)
        assert any(v.startswith("✗") and "—" in v for v in variants)  # 'costs 4, only 3 capital left'
        session = app.session
        assert session is not None
        budget_before = session.budget()
        while screen.move_id != "consult":  # a one-capital move, so a duplicate is the only obstacle
            await pilot.press("down")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert len(screen.queue) == 1
        spent = session.order_cost(screen.queue[0])
        assert f"{budget_before - spent} of {budget_before} left" in text_of(app, "#budget")
        # said on the orders line (a toast would cover the orders pane at 80x24)
        assert "✓ added · 1 order" in text_of(app, "#queue-help")
        # the same move to the same target is now refused as a duplicate
        assert any(o.reason == "already in your orders this turn" for o in screen.opts)
        await pilot.press("x")
        await pilot.pause()
        assert screen.queue == []
        assert "removed · 0 orders" in text_of(app, "#queue-help")


async def test_illegal_option_cannot_be_added() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrdersScreen)
        await pilot.press("enter")  # into the variants of the first move
        variants = screen.query_one("#variants", OptionList)
        bad = next(n for n, i in enumerate(screen.variant_ids) if not screen.opts[i].legal)
        variants.highlighted = bad
        await pilot.press("enter")
        await settle(pilot)
        assert screen.queue == []


async def test_details_panel_shows_channel_properties_and_likely_effects() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause(0.4)  # the preview starts once the highlight has rested
        await settle(pilot)
        info = text_of(app, "#info")
        assert "fidelity" in info and "private" in info
        assert "Likely effects" in info and "simulated runs" in info


async def test_submit_asks_for_confirmation_then_resolves() -> None:
    app = game_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, OrdersScreen)
        assert app.session is not None and app.session.turn == 1
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ResolutionScreen)
        assert app.session.turn == 2
