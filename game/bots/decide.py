"""``decide``: the orders one bot gives this turn.

Pure: no I/O, never draws from the game's generator (its own stream comes from
(seed, turn, actor index, policy)), and reads only what the actor may know.  Every order
it returns is legal by the engine's ``rules.check`` against this state and budget: it
either passed it, or it is a *plain* order (``tables.plain``: affordable, channel open,
nothing else in the rules can refuse it), which a test pins against ``rules.check``.

A decision draws a class of move by the policy's multipliers for this turn, then a move
within the class by its static weight, then sends it to the first target the policy
prefers through the first channel it likes that is legal -- until the budget is spent.

Cost: everything that depends only on (scenario, policy, difficulty, actor) lives in a
``Plan`` built once; the draw weights for each of a policy's few *situations* are built
once too.  A decision then computes the situation, copies one short list of weights and
draws; per turn it allocates little more than the orders it returns.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, cast

from game.engine.compile import CompiledScenario
from game.engine.rules import STAGES, Order, check
from game.engine.state import State

from .beliefs import Beliefs, LastTurn
from .policies import POLICIES, POLICY, Policy, Situation, classify, within
from .rng import DecisionRng, Streams
from .tables import ActorTable, Cand, Group, PairTarget, Tables, Variant, Ways, tables_for


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


DIFFICULTIES: Final[dict[str, Difficulty]] = {
    "easy": Difficulty(0.30, 0.6, 2, 1),
    "normal": Difficulty(0.08, 1.0, 4, 2),
    "hard": Difficulty(0.0, 2.0, 6, 4),
}
_SALT: Final = {p: n + 1 for n, p in enumerate(POLICIES)}
_MAX_PICKS: Final = 12  # draws per decision, legal or not: bounds the cost of a decision
_INF: Final = 1 << 30


class _Row:
    """A policy's draw weights in one situation (built once per situation)."""

    __slots__ = ("gw", "scale", "hotline_first")

    def __init__(self, groups: tuple[Group, ...], mult: dict[str, float] | None, sharpness: float) -> None:
        if mult is None:
            gw = [g.total for g in groups]
        else:
            get = mult.get
            gw = [g.total * (get(g.key, 0.0) ** sharpness) for g in groups]
        self.gw = gw  # copied by each decision, which takes weight out as it draws
        self.scale = tuple(gw[k] / g.total for k, g in enumerate(groups))  # the multiplier per group
        self.hotline_first = mult is not None and mult.get("open_hotline", 0.0) > 1.0


class Plan:
    """How one actor decides under one policy and difficulty in one scenario: built once.

    ``decide(state, seed, last_orders)`` is the hot path playtests call directly.
    """

    __slots__ = (
        "cs", "table", "i", "policy", "diff", "salt", "groups", "rows", "situation", "multipliers", "zero",
        "loud", "kind", "hotline_group", "_seed", "_streams",
    )

    def __init__(self, tb: Tables, policy: str, diff: Difficulty, i: int) -> None:
        self.cs = tb.cs
        self.table: ActorTable = tb.actors[i]
        self.i = i
        self.policy = policy
        self.diff = diff
        self.salt = _SALT[policy]
        self.groups = tb.grouped(policy, diff.sharpness, i, classify, within)
        pol: Policy = POLICY[policy]
        self.situation = pol.situation
        self.multipliers = pol.multipliers
        self.rows: dict[Situation, _Row] = {}
        # zero[b]: groups none of whose moves fit in a budget of b (taken out of the draw)
        top = max([c.min_cost for c in self.table.cands] + [0])
        self.zero = tuple(tuple(k for k, g in enumerate(self.groups) if g.min_cost > b) for b in range(top + 1))
        self.loud = policy in ("hawk", "opportunist")
        self.kind = policy
        self.hotline_group = next((g.members[0] for g in self.groups if g.key == "open_hotline"), -1)
        self._seed = -1
        self._streams = Streams(0, i, self.salt)

    def row(self, sit: Situation) -> _Row:
        r = self.rows.get(sit)
        if r is None:
            r = self.rows[sit] = _Row(self.groups, self.multipliers(sit), self.diff.sharpness)
        return r

    def decide(self, state: State, seed: int, last_orders: Sequence[Order] | LastTurn | None = None) -> list[Order]:
        """The orders this actor gives in ``state`` (see ``decide``).

        ``last_orders`` may be a ``LastTurn`` built once per turn for every bot (playtests).
        """
        if state.over:
            return []
        t = self.table
        i = self.i
        budget = state.budget_left[i]
        if not t.cands or budget < t.min_cost:
            return []
        cs = self.cs
        diff = self.diff
        if seed != self._seed:  # one game, one seed: mix it once
            self._seed, self._streams = seed, Streams(seed, i, self.salt)
        rng = self._streams.at(state.turn)
        b = Beliefs(cs, state, i, seed, last_orders)
        row = self.row(self.situation(b))
        groups = self.groups
        gw = row.gw[:]
        kind = self.kind
        first = -1  # a move the policy plays first when it can
        prefs: Sequence[int]  # target actors, preferred first
        if kind == "tit_for_tat":
            mood, _g, focus, mi = b.reciprocity()
            first = t.by_move.get(mi, -1) if mood != "none" else -1
            prefs = [focus, *(j for j in b.rivals() if j != focus)] if focus >= 0 else b.rivals()
        elif kind == "opportunist" and b.prey() >= 0:
            prey = b.prey()
            prefs = [prey, *(j for j in b.rivals() if j != prey)]
        elif kind == "random":
            prefs = t.others  # random rotates targets itself; its order matters only for one target
        else:
            prefs = b.rivals()
            if kind == "doctrine" and row.hotline_first:
                # Doctrine: no hotline with the main rival yet -> establishing one comes first.
                first = self.hotline_group
        tried = 0  # bit set of candidate positions already drawn
        orders: list[Order] = []
        loud = self.loud
        cands = t.cands
        scale = row.scale
        zero = self.zero
        min_cost, max_orders, deviate = t.min_cost, diff.max_orders, diff.deviate
        ng = len(gw)
        for pick in range(_MAX_PICKS):
            if budget < min_cost or len(orders) >= max_orders:
                break
            if first >= 0 and pick == 0:
                ci = first  # tit-for-tat answers in kind with the same move; doctrine opens a hotline
            elif deviate and rng.random() < deviate:
                ci = rng.index(len(cands))  # int(random() * n), compiled as machine arithmetic
            else:
                # A group by weight: the first whose running total exceeds the draw (the
                # sums are accumulate's, left to right; plain loops compile to C).
                total = 0.0
                for w in gw:
                    total += w
                if total <= 1e-9:
                    break
                x = rng.random() * total
                acc = 0.0
                gi = ng
                for k in range(ng):
                    acc += gw[k]
                    if acc > x:
                        gi = k
                        break
                if gi >= ng:  # a draw of (almost) exactly the total: the last group with weight
                    gi = ng - 1
                    while gw[gi] <= 0.0:
                        gi -= 1
                g = groups[gi]
                members = g.members
                pos = bisect_right(g.cum, rng.random() * g.total)
                if pos >= len(members):
                    pos = len(members) - 1
                ci = members[pos]
                # Take it out of the draw: its weight leaves the group's.
                w = gw[gi] - g.weights[pos] * scale[gi]
                gw[gi] = w if w > 0.0 else 0.0
            bit = 1 << ci
            if tried & bit:
                continue
            tried |= bit
            cand = cands[ci]
            if cand.min_cost > budget:
                continue
            v = _send(cs, state, i, b, cand, prefs, kind, loud and cand.hostile, rng, budget, diff.targets_tried)
            if v is not None:
                orders.append(v[2])
                budget -= v[1]
                if min_cost <= budget < len(zero):
                    for k in zero[budget]:
                        gw[k] = 0.0
        return orders


def plan(cs: CompiledScenario, actor_id: str, policy: str, difficulty: str = "normal") -> Plan:
    """The decision plan of ``actor_id`` under ``policy`` (built on first use, then cached).

    Raises ``ValueError`` for an unknown policy, difficulty or actor.
    """
    tb = tables_for(cs)
    key = (policy, difficulty, actor_id)
    p = tb.plans.get(key)
    if p is None:
        if policy not in POLICY:
            raise ValueError(f"unknown policy '{policy}' (choose from {', '.join(POLICIES)})")
        diff = DIFFICULTIES.get(difficulty)
        if diff is None:
            raise ValueError(f"unknown difficulty '{difficulty}' (choose from {', '.join(DIFFICULTIES)})")
        i = cs.actor_index.get(actor_id, -1)
        if i < 0:
            raise ValueError(f"unknown actor '{actor_id}'")
        p = tb.plans[key] = Plan(tb, policy, diff, i)
    return cast(Plan, p)


def decide(
    cs: CompiledScenario,
    state: State,
    actor_id: str,
    policy: str,
    seed: int,
    difficulty: str = "normal",
    *,
    last_orders: Sequence[Order] | LastTurn | None = None,
) -> list[Order]:
    """The orders ``actor_id`` gives this turn under ``policy``.

    ``seed`` is the game's seed (it also drives the fog-of-war noise the bot sees).
    ``last_orders``: every order of the previous turn, if the caller has them; the bot
    keeps only those its actor could see.  Without them tit-for-tat falls back on the
    moves aimed at its actor recorded in the state.
    """
    return plan(cs, actor_id, policy, difficulty).decide(state, seed, last_orders)


def _send(
    cs: CompiledScenario, s: State, i: int, b: Beliefs, cand: Cand, prefs: Sequence[int], policy: str,
    loud: bool, rng: DecisionRng, budget: int, tries: int,
) -> Variant | None:
    """The first legal (target, channel) for a chosen move, in the policy's order."""
    m = cand.move
    if m.target == 1:
        if m.alliance == "honour" and not s.obligations:
            return None
        by_target = cand.by_target
        targets: Sequence[int] = prefs
        if m.category == "humanitarian" and policy != "random":
            targets = cs.need_order[i]  # relief goes where the need is, not where the tension is
        elif policy == "random" and len(cand.targets) > 1:
            n = len(cand.targets)
            start = rng.index(n)
            targets = [cand.targets[(start + t) % n][0] for t in range(min(tries, n))]
        row = cs.pair[i]
        for j in targets:
            ways = by_target[j]
            if ways is None:
                continue
            v = _channel(cs, s, i, cand, j, -1, ways, policy, loud, rng, budget, s.open[row[j]], b)
            if v is not None:
                return v
            tries -= 1
            if tries <= 0:
                break
        return None
    if m.target == 0:
        return _channel(cs, s, i, cand, -1, -1, cand.ways[(-1, -1)], policy, loud, rng, budget, 0, b)
    pairs = cand.pairs
    if m.mediation:
        # Cheap pre-filter with the engine's own stage rule (rules.check has the last word).
        stage = s.stage
        if m.mediation == "spoil":
            pairs = tuple(x for x in pairs if stage[x[2]] > 0)
        else:
            need, mt, trust = STAGES[m.mediation] - 1, cs.rules.mediator_trust, s.trust
            pairs = tuple(x for x in pairs if stage[x[2]] == need and trust[x[3]] >= mt and trust[x[4]] >= mt)
        if not pairs:
            return None
    if len(pairs) > 1:
        if policy == "random":
            start = rng.index(len(pairs))
            pairs = pairs[start:] + pairs[:start]
        else:
            sign = 1.0 if m.mediation == "spoil" else -1.0  # mediate the hottest dispute, spoil the calmest
            pairs = _first_pairs(pairs, b, sign, tries)
    for x in pairs[:tries]:
        v = _channel(cs, s, i, cand, x[0], x[1], cand.ways[(x[0], x[1])], policy, loud, rng, budget, s.open[x[3]], b)
        if v is not None:
            return v
    return None


def _first_pairs(pairs: tuple[PairTarget, ...], b: Beliefs, sign: float, tries: int) -> tuple[PairTarget, ...]:
    """The first ``tries`` pairs of ``sorted(pairs, key=sign x estimated tension)`` (a stable sort).

    An estimate is within its width (plus rounding) of the true tension, so the pairs are
    visited best case first and estimated only until no pair left can beat the
    ``tries``-th found: usually a few estimates instead of one per pair.  Ties keep the
    given order, as the stable sort does.
    """
    widths, tension = b.widths(), b.s.tension
    low: list[tuple[float, int]] = []
    for n, x in enumerate(pairs):
        wx, wy = widths[x[0]], widths[x[1]]
        w = (wx if wx > wy else wy) + 0.1
        low.append((sign * tension[x[2]] - w, n))
    low.sort()
    best: list[tuple[float, int]] = []  # (sort key, position), sorted
    for bound, n in low:
        if len(best) >= tries and bound > best[tries - 1][0]:
            break  # this pair and every later one sort after the tries found
        insort(best, (sign * b.pair_tension(pairs[n][2]), n))
    return tuple(pairs[n] for _key, n in best[:tries])


def _channel(
    cs: CompiledScenario, s: State, i: int, cand: Cand, j: int, k: int, ways: Ways, policy: str, loud: bool,
    rng: DecisionRng, budget: int, opened: int, b: Beliefs,
) -> Variant | None:
    """The first channel the policy likes that sends ``cand`` to (j, k) legally.

    ``opened``: the channel bits open between the actor and j (0 for untargeted moves).
    """
    variants = ways[1] if loud else ways[0]
    if len(variants) > 1:
        if policy == "random":
            start = rng.index(len(variants))
            variants = variants[start:] + variants[:start]
        elif policy == "doctrine" and j >= 0 and cand.move.category == "communication" and b.tension(j) > 60:
            variants = ways[2]  # Track II when tension is high: confidential, deniable, no audience costs
    for v in variants:
        if v[1] > budget or (v[3] and not opened & v[3]):
            continue
        if not v[4] or not check(cs, s, i, cand.move, j, k, v[0], budget):  # plain orders need no check
            return v
    return None
