"""The bots' shortcuts give exactly the answers of the plain computations they replace.

Decisions are the playtest's hot path, so beliefs skip noise they can prove irrelevant
(error bounds), cache per-decision sums and precompute per-game stream parts.  These tests
pin every shortcut to the straightforward version on states from real bot-played games:
a shortcut that changed a single answer would change playtest reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from game.bots.beliefs import PREY_RATIO, PREY_TRUST, Beliefs
from game.bots.decide import _first_pairs
from game.bots.playtest import parse_policy, plans
from game.bots.rng import Streams, decision_rng
from game.bots.tables import tables_for
from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.state import ACTOR_METRICS, State
from game.engine.views import _noise, estimate, intel_quality


def _states(cs: CompiledScenario, games: int = 12) -> Iterator[tuple[int, State]]:
    """(seed, state) at every turn of a few games, each label's bots in turn."""
    labels = parse_policy(cs, None)
    for seed in range(games):
        bots = plans(cs, labels[seed % len(labels)].policies)
        g = Game.new(cs, seed, record=False)
        while not g.state.over:
            yield seed, g.state.copy()
            orders: list[Order] = []
            for bot in bots:
                orders += bot.decide(g.state, seed, None)
            g.play(orders, record=False)


def _pair_tension(cs: CompiledScenario, s: State, i: int, p: int, seed: int) -> float:
    x, y = cs.pairs[p]
    if i in (x, y):
        return s.tension[p]
    q = min(intel_quality(cs, s, i, x), intel_quality(cs, s, i, y))
    width = round(20.0 * (1.0 - q), 1)
    return round(min(100.0, max(0.0, s.tension[p] + width * _noise(seed, s.turn, i, 100 + p, 8))), 1)


def test_estimates_are_the_engines_own(strait: CompiledScenario) -> None:
    for seed, s in _states(strait):
        for i in range(strait.n):
            b = Beliefs(strait, s, i, seed, None)
            for j in range(strait.n):
                if j != i:
                    assert b.quality(j) == intel_quality(strait, s, i, j)
                    for mi in range(len(ACTOR_METRICS)):
                        assert b.estimate(j, mi) == estimate(strait, s, i, j, mi, seed)
            for p in range(len(strait.pairs)):
                assert b.pair_tension(p) == _pair_tension(strait, s, i, p, seed)


def test_ripeness_and_prey_match_the_plain_scan(strait: CompiledScenario) -> None:
    need = strait.rules.ripeness_tension
    for seed, s in _states(strait):
        for i in range(strait.n):
            b = Beliefs(strait, s, i, seed, None)
            ripe = any(
                _pair_tension(strait, s, i, p, seed) >= need for p, (x, y) in enumerate(strait.pairs) if i not in (x, y)
            )
            assert b.ripe() == ripe
            plain = Beliefs(strait, s, i, seed, None)
            mine = plain.strength(i)
            best, prey = PREY_RATIO, -1
            for j in plain.rivals():
                if strait.actors[j].kind in ("io", "ngo") or plain.trust(j) >= PREY_TRUST or j in strait.allies[i]:
                    continue
                ratio = mine / max(1.0, plain.strength(j))
                if ratio > best:
                    best, prey = ratio, j
            assert b.prey() == prey


def test_first_pairs_are_those_of_the_full_sort(strait: CompiledScenario) -> None:
    tb = tables_for(strait)
    checked = 0
    for seed, s in _states(strait):
        for i, table in enumerate(tb.actors):
            for cand in table.cands:
                if cand.move.target != 2 or len(cand.pairs) < 2:
                    continue
                for sign in (1.0, -1.0):
                    for tries in (1, 2, 4):
                        b = Beliefs(strait, s, i, seed, None)
                        full = sorted(cand.pairs, key=lambda x: sign * _pair_tension(strait, s, i, x[2], seed))
                        assert _first_pairs(cand.pairs, b, sign, tries) == tuple(full[:tries])
                        checked += 1
    assert checked > 0


@given(st.integers(0, 2**63 - 1), st.integers(0, 60), st.integers(0, 40), st.integers(0, 10))
def test_streams_are_the_decision_streams(seed: int, turn: int, actor: int, salt: int) -> None:
    a = Streams(seed, actor, salt).at(turn)
    b = decision_rng(seed, turn, actor, salt)
    assert (a.pos, a.stride) == (b.pos, b.stride)


def test_rivals_are_the_plain_sort(strait: CompiledScenario) -> None:
    for seed, s in _states(strait, games=6):
        for i in range(strait.n):
            row = strait.pair[i]
            plain = sorted((j for j in range(strait.n) if j != i), key=lambda j: (-s.tension[row[j]], s.trust[row[j]], j))
            assert Beliefs(strait, s, i, seed, None).rivals() == plain
