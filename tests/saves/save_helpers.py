"""Shared helpers for the save tests: compiled scenarios (cached) and games of random legal orders.

Every game here is a pure function of (scenario, game seed, order seed), so a failure
can be replayed exactly.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path

from game.engine.compile import CompiledScenario, compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
STRAIT = ROOT / "scenarios" / "strait_incident.toml"


@cache
def compiled(path: str) -> CompiledScenario:
    res = load_file(path)
    assert res.resolved is not None and res.ok, [d.format() for d in res.diagnostics]
    return compile_scenario(res.resolved)


def random_orders(g: Game, rng: random.Random, hold: float = 0.15) -> list[Order]:
    """Random legal orders for every actor this turn, each within its budget."""
    out: list[Order] = []
    for a in g.cs.actors:
        budget = g.state.budget_left[a.idx]
        options = g.legal(a.id)  # checked against the state at the start of the turn
        while budget > 0 and rng.random() > hold:
            legal = [o for o in options if o.cost <= budget]
            if not legal:
                break
            o = rng.choice(legal)
            out.append(Order(a.id, o.move, o.target, o.second, o.channel))
            budget -= max(o.cost, 1)
    return out


def play(cs: CompiledScenario, seed: int, order_seed: int, turns: int | None = None) -> Game:
    """A game of random legal orders: ``turns`` turns (all of it when None or past the end)."""
    g = Game.new(cs, seed)
    rng = random.Random(order_seed)
    while not g.over and (turns is None or len(g.turns) < turns):
        g.play(random_orders(g, rng))
    return g


def continue_random(g: Game, order_seed: int) -> tuple[list[list[Order]], list[str]]:
    """Play ``g`` to its end with random legal orders; return those orders and each new turn's hash."""
    rng = random.Random(order_seed)
    plan, hashes = [], []
    while not g.over:
        plan.append(random_orders(g, rng))
        g.play(plan[-1])
        hashes.append(g.turns[-1].state_hash)
    return plan, hashes


def continue_with(g: Game, plan: list[list[Order]]) -> list[str]:
    """Play ``plan`` on ``g``; return each new turn's state hash."""
    for orders in plan:
        g.play(orders)
    return [t.state_hash for t in g.turns[len(g.turns) - len(plan) :]]


def ticking_clock() -> Callable[[], str]:
    """A clock for SaveStore that moves one second per call: orderings without the wall clock."""
    counter = itertools.count()

    def now() -> str:
        n = next(counter)
        return f"2030-01-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}.000000Z"

    return now
