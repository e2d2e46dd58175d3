"""How this game compares with automated play of the same scenario.

The instructor's question is "was that good?": the answer is where this game's final
stability and each player's score fall among games played by bots on the same scenario.
The bot games use seeds derived from this game's seed (`derived_seed`), so the same save
always gives the same comparison.  Bot policies come from `game.bots` when it is
installed; without it only a built-in random-legal baseline is used, and the report says so.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order, check
from game.engine.views import options

Policy = Callable[[Game, str, random.Random], list[Order]]
BUILTIN_NOTE = "game.bots is not installed: compared with a built-in random-legal baseline only"


@dataclass
class PolicyRuns:
    """The outcome distribution of `runs` bot games under one policy."""

    policy: str
    label: str
    runs: int
    stability: list[float] = field(default_factory=list)
    scores: dict[str, list[float]] = field(default_factory=dict)
    bands: Counter[str] = field(default_factory=Counter)


def derived_seed(seed: int, k: int) -> int:
    """The k-th comparison seed for a game seed (documented in docs/debrief.md)."""
    return (seed * 1_000_003 + 7_919 * (k + 1)) % 2**31


def percentile(value: float, sample: Sequence[float]) -> float:
    """Mid-rank percentile of `value` in `sample` (ties count half): 50 means 'typical'."""
    if not sample:
        return 0.0
    below = sum(1 for x in sample if x < value)
    equal = sum(1 for x in sample if x == value)
    return round(100.0 * (below + 0.5 * equal) / len(sample), 1)


class RandomLegal:
    """The baseline policy: random legal moves within the actor's budget (holds now and then).

    Rather than listing every legal option each turn (hundreds of legality checks), it
    enumerates each actor's move/target/channel combinations once and checks random
    candidates until one is legal: the same distribution, a fraction of the work.
    """

    def __init__(self) -> None:
        self._candidates: dict[tuple[int, str], list[tuple[int, int, int, int]]] = {}

    def _for(self, g: Game, actor: str) -> list[tuple[int, int, int, int]]:
        key = (id(g.cs), actor)
        if key not in self._candidates:
            cs = g.cs
            self._candidates[key] = [
                (cs.move_index[o.move], cs.actor_index.get(o.target, -1), cs.actor_index.get(o.second, -1),
                 cs.channel_index.get(o.channel, -1))
                for o in options(cs, g.state, actor, budget=10_000)
            ]
        return self._candidates[key]

    def __call__(self, g: Game, actor: str, rng: random.Random) -> list[Order]:
        cs, s = g.cs, g.state
        i = cs.actor_index[actor]
        budget = s.budget_left[i]
        pool = list(self._for(g, actor))
        out: list[Order] = []
        while budget > 0 and pool and rng.random() > 0.15:
            pick = None
            while pool:
                n = rng.randrange(len(pool))
                mi, j, k, c = pool[n]
                pool[n] = pool[-1]
                pool.pop()
                if not check(cs, s, i, cs.moves[mi], j, k, c, budget):  # judged on the turn's start state
                    pick = (mi, j, k, c)
                    break
            if pick is None:
                break
            mi, j, k, c = pick
            m = cs.moves[mi]
            out.append(Order(actor, m.id, cs.actors[j].id if j >= 0 else "", cs.actors[k].id if k >= 0 else "",
                             cs.channels[c].id if c >= 0 else ""))
            budget -= max(m.cost + (cs.channels[c].cost if c >= 0 else 0), 1)
            pool = [x for x in pool if x[:3] != pick[:3]]
        return out


def available_policies() -> tuple[dict[str, tuple[str, Policy]], str]:
    """The policies to compare against ({id: (label, function)}) and a note for the report."""
    try:
        from game.bots import decide  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return {"random": ("random legal (built-in baseline)", RandomLegal())}, BUILTIN_NOTE

    def make(policy: str) -> Policy:
        def run(g: Game, actor: str, rng: random.Random) -> list[Order]:
            last = g.turns[-1].orders if g.turns else None
            return list(decide(g.cs, g.state, actor, policy, g.seed, "normal", last_orders=last))

        return run

    return {"doctrine": ("doctrine-following bots", make("doctrine")), "random": ("random-legal bots", make("random"))}, ""


def run_policy(cs: CompiledScenario, seed: int, policy: str, label: str, fn: Policy, runs: int) -> PolicyRuns:
    """Play `runs` whole games with every actor under `fn` (fast path: no events)."""
    out = PolicyRuns(policy, label, runs, scores={a.id: [] for a in cs.actors})
    for k in range(runs):
        s = derived_seed(seed, k)
        g = Game.new(cs, s)
        rng = random.Random(f"{s}:{policy}")
        while not g.over:
            orders: list[Order] = []
            for a in cs.actors:
                orders.extend(fn(g, a.id, rng))
            g.play(orders, record=False)
        r = g.result()
        out.stability.append(r.stability)
        out.bands[r.band_id] += 1
        for sc in r.scores:
            out.scores[sc.actor].append(sc.score)
    return out
