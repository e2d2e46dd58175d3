"""The advisor: one estimate per legal option, reproducible for a rollout budget, sane."""

from __future__ import annotations

import math

from game.bots.advisor import Advice, advise, believed_state
from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.state import AM


def test_advice_for_every_option_and_the_game_is_untouched(strait: CompiledScenario) -> None:
    g = Game.new(strait, 5)
    h, rng = g.hash(), g.rng.getstate()
    opts = [o for o in g.legal("azuria") if o.move in ("stand_down", "limited_strike", "consult")]
    adv = advise(g, "azuria", opts, rollouts=len(opts) * 4)
    assert [a.option for a in adv] == opts
    assert all(isinstance(a, Advice) and a.samples == 4 and a.spread >= 0 for a in adv)
    assert g.hash() == h and g.rng.getstate() == rng


def test_advice_is_reproducible_for_a_rollout_budget(strait: CompiledScenario) -> None:
    g = Game.new(strait, 6)
    opts = g.legal("azuria")[:6]
    assert advise(g, "azuria", opts, rollouts=18) == advise(g, "azuria", opts, rollouts=18)


def test_a_strike_is_worse_for_stability_than_standing_down(strait: CompiledScenario) -> None:
    g = Game.new(strait, 7)
    opts = [o for o in g.legal("azuria") if o.target == "corvania" and o.move in ("stand_down", "limited_strike")]
    adv = {a.option.move: a for a in advise(g, "azuria", opts, rollouts=16)}
    assert adv["limited_strike"].d_stability < adv["stand_down"].d_stability
    assert adv["limited_strike"].d_score < adv["stand_down"].d_score


def test_no_advice_when_nothing_to_advise(strait: CompiledScenario) -> None:
    g = Game.new(strait, 1)
    illegal = [o for o in g.options("azuria") if not o.legal][:3]
    assert advise(g, "azuria", illegal, rollouts=5) == []
    assert advise(g, "atlantis", rollouts=5) == []


def test_unsampled_options_say_so(strait: CompiledScenario) -> None:
    g = Game.new(strait, 1)
    opts = g.legal("azuria")[:4]
    adv = advise(g, "azuria", opts, rollouts=2)
    assert [a.samples for a in adv] == [1, 1, 0, 0]
    assert math.isinf(adv[3].spread)


def test_rollouts_start_from_what_the_player_believes(strait: CompiledScenario) -> None:
    g = Game.new(strait, 2)
    s = believed_state(g, "azuria")
    i, j = strait.actor_index["azuria"], strait.actor_index["corvania"]
    pic = g.picture("azuria")
    assert s.am[AM["readiness"]][j] == pic.actors["corvania"]["readiness"].value
    assert s.am[AM["readiness"]][i] == g.state.am[AM["readiness"]][i]
