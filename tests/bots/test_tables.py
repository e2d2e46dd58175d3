"""The decision tables and fast paths agree with the engine they stand in for.

Bots skip ``rules.check`` for *plain* orders and read last turn's orders once per turn;
these tests pin both shortcuts to the engine's own answers over states from real games.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.bots import decide
from game.bots.beliefs import Beliefs, LastTurn, observed
from game.bots.decide import plan
from game.bots.playtest import play_game
from game.bots.policies import POLICIES
from game.bots.tables import tables_for
from game.engine.compile import CompiledScenario, compile_scenario
from game.engine.game import Game
from game.engine.rules import Order, check
from game.engine.state import State
from game.scenario.loader import load_or_raise

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "scenarios").glob("*.toml"))


def _states(cs: CompiledScenario, seeds: range) -> Iterator[tuple[State, list[Order] | None]]:
    """Every state of a few bot-played games (each policy in turn), with the orders before it."""
    for seed in seeds:
        pol = POLICIES[seed % len(POLICIES)]
        g = Game.new(cs, seed)
        last: list[Order] | None = None
        while not g.over:
            yield g.state, last
            orders = [o for a in cs.actor_ids() for o in decide(cs, g.state, a, pol, seed, last_orders=last)]
            g.play(orders, record=False)
            last = orders


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_plain_orders_are_legal_whenever_affordable_and_open(path: Path) -> None:
    cs = compile_scenario(load_or_raise(path))
    tb = tables_for(cs)
    checked = 0
    for s, _last in _states(cs, range(8)):
        for t in tb.actors:
            i, budget = t.actor, s.budget_left[t.actor]
            for cand in t.cands:
                for (j, k), ways in cand.ways.items():
                    opened = s.open[cs.pair[i][j]] if j >= 0 else 0
                    for c, cost, _order, bit, needs_check in ways[0]:
                        if needs_check or cost > budget or (bit and not opened & bit):
                            continue
                        assert check(cs, s, i, cand.move, j, k, c, budget) == "", (cand.move.id, j, k, c)
                        checked += 1
    assert checked > 100


def test_every_way_of_an_order_is_in_all_three_orders(strait: CompiledScenario) -> None:
    for t in tables_for(strait).actors:
        for cand in t.cands:
            for reliable, loud, track_two in cand.ways.values():
                assert sorted(reliable) == sorted(loud) == sorted(track_two)


def test_last_turn_gives_what_reading_the_orders_gives(strait: CompiledScenario) -> None:
    """Read once per turn for every bot = read by each bot from the raw orders."""
    seen = 0
    for s, last in _states(strait, range(6)):
        if last is None:
            continue
        shared = LastTurn(strait, last)
        for i in range(len(strait.actors)):
            mine = Beliefs(strait, s, i, 0, shared).reciprocity()
            assert mine == Beliefs(strait, s, i, 0, list(last)).reciprocity()
            # and it is what the actor could observe being done to it
            done_to_me = [x for x in observed(strait, s, i, last) if x[2] == i]
            assert (mine[0] == "none") == (not any((strait.moves[mi].goldstein or 0) != 0 or strait.moves[mi].rung > 0
                                                   for _a, mi, _t in done_to_me))
            seen += 1
    assert seen


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**40), policy=st.sampled_from(POLICIES), difficulty=st.sampled_from(["easy", "normal", "hard"]))
def test_a_plan_decides_as_decide_does_and_legally(seed: int, policy: str, difficulty: str) -> None:
    cs = _strait()
    g = Game.new(cs, seed)
    last: LastTurn | None = None
    raw: list[Order] | None = None
    while not g.over:
        orders: list[Order] = []
        for a in cs.actor_ids():
            mine = plan(cs, a, policy, difficulty).decide(g.state, seed, last)
            assert mine == decide(cs, g.state, a, policy, seed, difficulty, last_orders=raw)
            orders += mine
        events = g.play(orders)
        assert not [e for e in events if e.kind == "reject"]
        raw, last = orders, LastTurn(cs, orders)


_CS: list[CompiledScenario] = []


def _strait() -> CompiledScenario:
    if not _CS:
        _CS.append(compile_scenario(load_or_raise(ROOT / "scenarios" / "strait_incident.toml")))
    return _CS[0]


def test_play_game_is_reproducible(strait: CompiledScenario) -> None:
    a = play_game(strait, 17, ["tit_for_tat"] * len(strait.actors))
    b = play_game(strait, 17, ["tit_for_tat"] * len(strait.actors))
    assert a.hash() == b.hash()
