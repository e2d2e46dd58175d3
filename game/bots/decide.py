"""``decide``: the orders one bot gives this turn.

Pure: no I/O, never draws from the game's generator (its own stream comes from
(seed, turn, actor index, policy)), and reads only what the actor may know.  Every order
it returns has passed the engine's own ``rules.check`` against this state and budget.

A decision draws a class of move by the policy's multipliers for this turn, then a move
within the class by its static weight, then sends it to the first target the policy
prefers through the first channel it likes that is legal -- until the budget is spent.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.compile import CompiledScenario
from game.engine.rules import STAGES, Order, check
from game.engine.state import State

from .beliefs import Beliefs
from .policies import MULTIPLIERS, POLICIES, classify, within
from .rng import DecisionRng
from .tables import Cand, Variant, tables_for


@dataclass(frozen=True, slots=True)
class Difficulty:
    """How a bot plays, never what the rules allow.

    deviate: chance that a pick ignores the personality (any move): easy bots blunder.
    sharpness: weights are raised to this power; above 1 a bot sticks to its best ideas.
    max_orders: how much of its budget a bot bothers to spend.
    targets_tried: how many targets it considers before giving up on a move.
    """

    deviate: float
    sharpness: float
    max_orders: int
    targets_tried: int


DIFFICULTIES: dict[str, Difficulty] = {
    "easy": Difficulty(0.30, 0.6, 2, 1),
    "normal": Difficulty(0.08, 1.0, 4, 2),
    "hard": Difficulty(0.0, 2.0, 6, 4),
}
_SALT = {p: n + 1 for n, p in enumerate(POLICIES)}
_MAX_PICKS = 12  # draws per decision, legal or not: bounds the cost of a decision


def decide(
    cs: CompiledScenario,
    state: State,
    actor_id: str,
    policy: str,
    seed: int,
    difficulty: str = "normal",
    *,
    last_orders: Sequence[Order] | None = None,
) -> list[Order]:
    """The orders ``actor_id`` gives this turn under ``policy``.

    ``seed`` is the game's seed (it also drives the fog-of-war noise the bot sees).
    ``last_orders``: every order of the previous turn, if the caller has them; the bot
    keeps only those its actor could see.  Without them tit-for-tat falls back on the
    moves aimed at its actor recorded in the state.
    """
    mults = MULTIPLIERS.get(policy)
    if mults is None:
        raise ValueError(f"unknown policy '{policy}' (choose from {', '.join(POLICIES)})")
    diff = DIFFICULTIES.get(difficulty)
    if diff is None:
        raise ValueError(f"unknown difficulty '{difficulty}' (choose from {', '.join(DIFFICULTIES)})")
    i = cs.actor_index.get(actor_id, -1)
    if i < 0:
        raise ValueError(f"unknown actor '{actor_id}'")
    if state.over:
        return []
    tb = tables_for(cs)
    t = tb.actors[i]
    budget = state.budget_left[i]
    if not t.cands or budget < t.min_cost:
        return []
    rng = DecisionRng(seed, state.turn, i, _SALT[policy])
    b = Beliefs(cs, state, i, seed, last_orders)
    groups = tb.grouped(policy, diff.sharpness, i, classify, within)
    mult = mults(b)
    if mult is None:
        gw = [g.total for g in groups]
    else:
        p = diff.sharpness
        get = mult.get
        gw = [g.total * (get(g.key, 0.0) ** p) for g in groups]
    first = -1  # a move the policy plays first when it can
    if policy == "tit_for_tat":
        mood, _g, focus, mi = b.reciprocity()
        first = t.by_move.get(mi, -1) if mood != "none" else -1
        prefs = [focus, *(j for j in b.rivals() if j != focus)] if focus >= 0 else b.rivals()
    elif policy == "opportunist" and b.prey() >= 0:
        prey = b.prey()
        prefs = [prey, *(j for j in b.rivals() if j != prey)]
    else:
        prefs = b.rivals()
        if policy == "doctrine" and mult is not None and mult.get("open_hotline", 0.0) > 1.0:
            # Doctrine: no hotline with the main rival yet -> establishing one comes first.
            first = next((g.members[0] for g in groups if g.key == "open_hotline"), -1)
    tried: set[int] = set()
    orders: list[Order] = []
    loud = policy in ("hawk", "opportunist")
    cands = t.cands
    scale = [gw[k] / g.total for k, g in enumerate(groups)]  # this turn's multiplier per group
    for pick in range(_MAX_PICKS):
        if budget < t.min_cost or len(orders) >= diff.max_orders:
            break
        gi = -1
        if first >= 0 and pick == 0:
            ci = first  # tit-for-tat answers in kind with the same move; doctrine opens a hotline
        elif diff.deviate and rng.random() < diff.deviate:
            ci = rng.index(len(cands))
        else:
            total = sum(gw)
            if total <= 1e-9:
                break
            gi = rng.weighted(gw, total)
            g = groups[gi]
            pos = min(len(g.members) - 1, bisect_right(g.cum, rng.random() * g.total))
            ci = g.members[pos]
            # Take it out of the draw: its weight leaves the group's.
            gw[gi] = max(0.0, gw[gi] - g.weights[pos] * scale[gi])
        if ci in tried:
            continue
        tried.add(ci)
        cand = cands[ci]
        if cand.min_cost > budget:
            continue
        v = _send(cs, state, i, b, cand, prefs, policy, loud and cand.hostile, rng, budget, diff.targets_tried)
        if v is not None:
            orders.append(v[2])
            budget -= v[1]
            for k, g in enumerate(groups):
                if g.min_cost > budget:
                    gw[k] = 0.0
    return orders


def _send(
    cs: CompiledScenario, s: State, i: int, b: Beliefs, cand: Cand, prefs: list[int], policy: str,
    loud: bool, rng: DecisionRng, budget: int, tries: int,
) -> Variant | None:
    """The first legal (target, channel) for a chosen move, in the policy's order."""
    m = cand.move
    targets = cand.targets
    if m.mediation:
        # Cheap pre-filter with the engine's own stage rule (rules.check has the last word).
        pair, stage, trust = cs.pair, s.stage, s.trust
        if m.mediation == "spoil":
            targets = tuple(jk for jk in targets if stage[pair[jk[0]][jk[1]]] > 0)
        else:
            need, mt = STAGES[m.mediation] - 1, cs.rules.mediator_trust
            row = pair[i]
            targets = tuple(
                jk for jk in targets
                if stage[pair[jk[0]][jk[1]]] == need and trust[row[jk[0]]] >= mt and trust[row[jk[1]]] >= mt
            )
        if not targets:
            return None
    elif m.alliance == "honour" and not s.obligations:
        return None
    if len(targets) > 1:
        if policy == "random":
            start = rng.index(len(targets))
            targets = targets[start:] + targets[:start]
        elif m.target == 2:
            sign = 1.0 if m.mediation == "spoil" else -1.0  # mediate the hottest dispute, spoil the calmest
            targets = tuple(sorted(targets, key=lambda jk: sign * b.pair_tension(cs.pair[jk[0]][jk[1]])))
        else:
            have = cand.variants
            targets = tuple((j, -1) for j in prefs if (j, -1) in have)
    chans = cs.channels
    for jk in targets[:tries]:
        j, k = jk
        variants = cand.loud[jk] if loud else cand.variants[jk]
        if len(variants) > 1:
            if policy == "random":
                start = rng.index(len(variants))
                variants = variants[start:] + variants[:start]
            elif policy == "doctrine" and j >= 0 and m.category == "communication" and b.tension(j) > 60:
                # Track II when tension is high: confidential, deniable, no audience costs.
                variants = tuple(sorted(variants, key=lambda v: v[0] < 0 or chans[v[0]].id != "track_two"))
        for v in variants:
            c, cost, _order = v
            if cost > budget:
                continue
            if c >= 0 and j >= 0 and chans[c].requires_established and not b.channel_open(j, c):
                continue
            if not check(cs, s, i, m, j, k, c, budget):
                return v
    return None
