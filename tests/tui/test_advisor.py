"""The advisor on the orders screen, and the computer actors the solo game plays against.

The advisor runs with a fixed number of rollouts per option (`Session.advisor_rollouts`)
so its figures are deterministic and the tests quick; the dialog must show exactly what
`game.bots.advisor.advise` returns, labelled as an estimate from rollouts.
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from game.bots.advisor import advise
from game.bots.beliefs import LastTurn
from game.bots.decide import decide
from game.bots.playtest import play_game
from game.engine.compile import compile_scenario
from game.engine.state import state_hash
from game.scenario.loader import load_or_raise
from game.tui.dialogs.advice import AdviceDialog, signed
from game.tui.screens.orders import OrdersScreen
from game.tui.session import Session

from .conftest import FIXTURES, game_app, settle, text_of

SCENARIO = FIXTURES / "strait_incident.toml"  # a frozen copy: these figures must not follow content edits
RUNS = 2  # rollouts per option


async def open_orders(pilot: object, app: object) -> OrdersScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OrdersScreen)
    return screen


async def test_a_shows_the_advisors_estimate_for_the_highlighted_option() -> None:
    app = game_app(seed=5, scenario=SCENARIO)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session is not None
        app.session.advisor_rollouts = RUNS
        screen = await open_orders(pilot, app)
        option = screen.highlighted_option()
        assert option is not None and option.legal
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AdviceDialog)
        body = " ".join(text_of(app, "#advice-body", width=76).split())
        expected = advise(app.session.game, app.session.human, [option], rollouts=RUNS)[0]
        assert f"{signed(expected.d_stability)} ± {expected.spread:.1f}" in body
        assert f"Your score: {signed(expected.d_score)}" in body
        assert f"{RUNS} simulated games" in body
        assert "Estimate from rollouts" in body and "computer actors' policies" in body
        assert "compared with holding" in body
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_advise_all_ranks_every_possible_option_by_score() -> None:
    app = game_app(seed=5, scenario=SCENARIO)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session is not None
        app.session.advisor_rollouts = RUNS
        screen = await open_orders(pilot, app)
        legal = [o for o in screen.opts if o.legal]
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AdviceDialog)
        body = text_of(app, "#advice-body", width=160)
        assert f"{len(legal)} possible options, ranked by the estimated change in your score" in body
        estimates = advise(app.session.game, app.session.human, legal, rollouts=RUNS * len(legal))
        best = max(estimates, key=lambda a: (a.d_score, a.d_stability))
        first_row = next(line for line in body.splitlines() if line.strip().startswith("1 "))
        assert screen.describe(best.option) in first_row
        assert signed(best.d_score) in first_row and f"{RUNS}" in first_row.split()[-1]
        assert "Estimate from rollouts" in body


async def test_advice_for_an_impossible_option_is_refused_with_the_reason() -> None:
    app = game_app(seed=5, scenario=SCENARIO)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_orders(pilot, app)
        await pilot.press("enter")
        variants = screen.query_one("#variants", OptionList)
        bad = next(n for n, i in enumerate(screen.variant_ids) if not screen.opts[i].legal)
        variants.highlighted = bad
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, OrdersScreen)
        assert any("Not possible now" in str(n.message) for n in app._notifications)


async def test_without_the_advisor_the_key_explains_instead_of_failing(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.tui.screens.orders as orders_module

    monkeypatch.setattr(orders_module, "advisor_available", lambda: False)
    app = game_app(seed=5, scenario=SCENARIO)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_orders(pilot, app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, OrdersScreen)
        assert any("advisor is not in this build" in str(n.message) for n in app._notifications)


# --------------------------------------------------------------------------- the computer actors


def test_computer_actors_decide_as_the_playtester_does_with_last_turns_orders() -> None:
    cs = compile_scenario(load_or_raise(str(SCENARIO)))
    s = Session.start(cs, seed=11)
    s.submit([])
    expected = [
        o for a in cs.actors if a.id != s.human
        for o in decide(cs, s.game.state, a.id, a.personality, s.game.seed, "normal",
                        last_orders=LastTurn(cs, s.game.turns[-1].orders))
    ]
    assert s.computer_orders() == expected
    assert s.last_orders() == s.game.turns[-1].orders


def test_a_solo_game_played_like_a_bot_is_the_playtesters_game() -> None:
    """The human's seat played by its own personality gives the very game `detente playtest` plays."""
    cs = compile_scenario(load_or_raise(str(SCENARIO)))
    s = Session.start(cs, seed=23)
    assert cs.actors[0].id == s.human  # orders go in actor order in both
    me = cs.actors[s.human_index]
    while not s.over:
        last = LastTurn(cs, s.last_orders()) if s.game.turns else None
        s.submit(decide(cs, s.game.state, s.human, me.personality, s.game.seed, "normal", last_orders=last))
    bots = play_game(cs, 23, [a.personality for a in cs.actors], "normal")
    assert state_hash(s.game.state) == state_hash(bots.state)


def test_session_advice_uses_a_fixed_number_of_rollouts_per_option() -> None:
    cs = compile_scenario(load_or_raise(str(SCENARIO)))
    s = Session.start(cs, seed=2)
    s.advisor_rollouts = 1
    opts = s.game.legal(s.human)[:5]
    first = s.advise(opts)
    assert [a.samples for a in first] == [1] * 5
    assert first == s.advise(opts)  # deterministic
