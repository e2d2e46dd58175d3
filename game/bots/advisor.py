"""The advisor: what each option is likely to do, by short seeded rollouts.

For each option the player could order, play it out a few turns from here several
times (``Game.fork()``-style copies; the other actors and the player's later turns are
played by the bots), and report the mean change in stability and in the player's own
score *compared with ordering nothing this turn*, with the spread across rollouts.
Compared with holding, because stability drifts on its own: "a strike: stability -13"
teaches; "a strike: stability +4 (and holding: +17)" misleads.

Honest about fog of war: rollouts start from the *believed* state -- the true state
with everything the player cannot see (other actors' metrics, relations between
others) replaced by the player's intelligence picture -- so the advisor cannot leak
what the player does not know.  Rollout r uses the same random numbers for every option
(common random numbers), so differences between options are not noise between rollouts.

Budget: ``rollouts`` (a count: deterministic, for tests) or else ``budget_ms`` of wall
clock, spent round-robin so every option gets a sample before any gets a second.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order, step
from game.engine.state import AM, GM, State
from game.engine.views import Option, picture, result

from .beliefs import LastTurn
from .decide import decide
from .rng import derive

STAB = GM["stability"]


@dataclass(frozen=True, slots=True)
class Advice:
    """The likely effect of one option, ``horizon`` turns on.

    d_stability, d_score: mean difference, ``horizon`` turns on, in the stability index
    and in the player's own score between ordering this option and ordering nothing;
    spread: standard deviation of the stability difference across rollouts (how sure
    the estimate is; with a single rollout, the spread over all options' rollouts);
    samples: rollouts behind it.
    """

    option: Option
    d_stability: float
    d_score: float
    spread: float
    samples: int


def believed_state(game: Game, actor_id: str) -> State:
    """A copy of the state with what ``actor_id`` cannot see replaced by its estimates."""
    cs = game.cs
    s = game.state.copy()
    pic = picture(cs, game.state, actor_id, game.seed)
    for j, a in enumerate(cs.actors):
        if a.id == actor_id:
            continue
        for m, est in pic.actors[a.id].items():
            s.am[AM[m]][j] = est.value
    for p, name in enumerate(cs.pair_names):
        rel = pic.pairs[name]
        if not rel["trust"].exact:
            s.trust[p] = rel["trust"].value
            s.tension[p] = rel["tension"].value
    return s


def _order(o: Option, actor_id: str) -> Order:
    return Order(actor_id, o.move, o.target, o.second, o.channel)


def advise(
    game: Game,
    actor_id: str,
    options: list[Option] | None = None,
    budget_ms: int = 800,
    *,
    rollouts: int | None = None,
    horizon: int = 2,
    difficulty: str = "normal",
) -> list[Advice]:
    """Advice for each legal option of ``actor_id`` (default: every legal option), in the
    options' order; illegal options are skipped.  Empty when the game is over."""
    cs = game.cs
    if game.over or actor_id not in cs.actor_index:
        return []
    opts = [o for o in (options if options is not None else game.legal(actor_id)) if o.legal]
    if not opts:
        return []
    start = believed_state(game, actor_id)
    i = cs.actor_index[actor_id]
    policies = [a.personality for a in cs.actors]
    n = len(opts)
    diffs: list[list[tuple[float, float]]] = [[] for _ in range(n)]  # (d_stability, d_score) per rollout
    deadline = time.perf_counter() + budget_ms / 1000.0
    hard_stop = deadline + budget_ms / 4000.0  # even the first round stops here
    limit = rollouts if rollouts is not None else 1_000_000
    done = 0
    r = 0
    while done < limit:
        rseed = derive(game.seed, start.turn, r, 0xAD)
        others_now = [
            o for a in cs.actors if a.idx != i
            for o in decide(cs, start, a.id, policies[a.idx], rseed, difficulty)
        ]
        hold = _rollout(cs, start, others_now, policies, rseed, horizon, difficulty, i)
        for k, opt in enumerate(opts):
            if done >= limit or (rollouts is None and _late(r, deadline, hard_stop)):
                return _advice(opts, diffs)
            st, sc = _rollout(cs, start, [_order(opt, actor_id), *others_now], policies, rseed, horizon, difficulty, i)
            diffs[k].append((st - hold[0], sc - hold[1]))
            done += 1
        r += 1
    return _advice(opts, diffs)


def _late(r: int, deadline: float, hard_stop: float) -> bool:
    """Out of time: after the deadline once every option has a sample, else at the hard stop."""
    now = time.perf_counter()
    return now > hard_stop or (r > 0 and now > deadline)


def _rollout(
    cs: CompiledScenario, start: State, first: list[Order], policies: Sequence[str], rseed: int, horizon: int,
    difficulty: str, i: int,
) -> tuple[float, float]:
    rng = random.Random(rseed)
    s, _ = step(cs, start, first, rng, False)
    last = LastTurn(cs, first)  # read once per turn for every bot
    for _turn in range(horizon - 1):
        if s.over:
            break
        orders = [o for a in cs.actors for o in decide(cs, s, a.id, policies[a.idx], rseed, difficulty, last_orders=last)]
        s, _ = step(cs, s, orders, rng, False)
        last = LastTurn(cs, orders)
    res = result(cs, s)
    return res.stability, res.scores[i].score


def _advice(opts: list[Option], diffs: list[list[tuple[float, float]]]) -> list[Advice]:
    every = [d for ds in diffs for d, _ in ds]
    pooled = _std(every) if len(every) > 1 else math.inf
    out = []
    for o, ds in zip(opts, diffs, strict=True):
        n = len(ds)
        if n == 0:
            out.append(Advice(o, 0.0, 0.0, math.inf, 0))
            continue
        stab = [d for d, _ in ds]
        spread = _std(stab) if n > 1 else pooled
        out.append(Advice(o, round(sum(stab) / n, 2), round(sum(sc for _, sc in ds) / n, 2), round(spread, 2), n))
    return out


def _std(xs: Sequence[float]) -> float:
    m = sum(xs) / len(xs)
    return math.sqrt(max(0.0, sum((x - m) ** 2 for x in xs) / len(xs)))
