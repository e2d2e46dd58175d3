"""Per-scenario candidate tables: every order an actor could ever give, built once.

``views.options`` enumerates every move x target x channel and checks each one, which
costs milliseconds per call; a playtest asks for decisions tens of thousands of times a
second.  So, once per compiled scenario and actor, we list the *statically possible*
orders (the actor may use the move; the target is of an allowed kind; the channel is one
the move may use; alliance moves go to allies) with the features policies weigh.  At
decision time a policy picks from this table and only the few orders it actually
chooses are checked with the engine's own ``rules.check``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine.compile import CMove, CompiledScenario
from game.engine.rules import ALLY_TARGET, Order

#: (channel index, total cost, order) -- one way to send a move to one target.
Variant = tuple[int, int, Order]


@dataclass(slots=True)
class Cand:
    """One move an actor may use, its features and its concrete orders by target."""

    move: CMove
    g: float  # Goldstein weight (0 when the move has none)
    hostile: bool  # conflictual: negative Goldstein, climbs the ladder, or spoils talks
    coop: bool  # cooperative: positive Goldstein, a CBM, humanitarian or mediation
    deesc: bool  # steps down the ladder
    min_cost: int
    targets: tuple[tuple[int, int], ...]  # (j, k); (-1, -1) for untargeted moves
    variants: dict[tuple[int, int], tuple[Variant, ...]] = field(default_factory=dict)  # most reliable first
    loud: dict[tuple[int, int], tuple[Variant, ...]] = field(default_factory=dict)  # public channels first


@dataclass(slots=True)
class ActorTable:
    actor: int
    cands: tuple[Cand, ...]
    by_move: dict[int, int]  # move index -> position in cands
    others: tuple[int, ...]  # every other actor index
    min_cost: int


@dataclass(slots=True)
class Group:
    """The candidates of one class, with cumulative static weights for a quick draw."""

    key: str
    members: tuple[int, ...]  # positions in ActorTable.cands
    weights: tuple[float, ...]  # static weights, same order
    cum: tuple[float, ...]  # cumulative weights
    total: float
    min_cost: int  # cheapest order in the group


@dataclass(slots=True)
class Tables:
    cs: CompiledScenario
    actors: tuple[ActorTable, ...]
    #: (policy, sharpness, actor) -> the actor's candidates grouped by class for that policy
    groups: dict[tuple[str, float, int], tuple[Group, ...]] = field(default_factory=dict)

    def grouped(
        self, policy: str, sharpness: float, actor: int,
        classify: Callable[[CompiledScenario, Cand], str], within: Callable[[str, Cand], float],
    ) -> tuple[Group, ...]:
        key = (policy, sharpness, actor)
        g = self.groups.get(key)
        if g is None:
            by: dict[str, list[tuple[int, float]]] = {}
            for p, c in enumerate(self.actors[actor].cands):
                w = within(policy, c) ** sharpness
                if w > 0.0:
                    by.setdefault(classify(self.cs, c), []).append((p, w))
            out = []
            for k in sorted(by):
                acc, cum = 0.0, []
                for _p, w in by[k]:
                    acc += w
                    cum.append(acc)
                members = tuple(p for p, _ in by[k])
                cost = min(self.actors[actor].cands[p].min_cost for p in members)
                out.append(Group(k, members, tuple(w for _, w in by[k]), tuple(cum), acc, cost))
            g = self.groups[key] = tuple(out)
        return g


_CACHE: dict[int, Tables] = {}
_CACHE_MAX = 16


def tables_for(cs: CompiledScenario) -> Tables:
    """The tables of a compiled scenario, built on first use and cached."""
    t = _CACHE.get(id(cs))
    if t is not None and t.cs is cs:
        return t
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    t = build(cs)
    _CACHE[id(cs)] = t
    return t


def _targets(cs: CompiledScenario, i: int, m: CMove) -> list[tuple[int, int]]:
    n = len(cs.actors)
    kinds = m.target_kinds

    def ok(j: int) -> bool:
        return j != i and (kinds is None or cs.actors[j].kind in kinds)

    if m.target == 0:
        return [(-1, -1)]
    if m.target == 1:
        out = [(j, -1) for j in range(n) if ok(j)]
        if m.alliance in ALLY_TARGET:
            out = [(j, k) for j, k in out if j in cs.allies[i]]
        return out
    return [(j, k) for j in range(n) for k in range(j + 1, n) if ok(j) and ok(k)]


def build(cs: CompiledScenario) -> Tables:
    actors = []
    for a in cs.actors:
        i = a.idx
        cands: list[Cand] = []
        for m in cs.moves:
            if a.allowed is not None and m.idx not in a.allowed:
                continue
            if m.actors is not None and i not in m.actors:
                continue
            targets = _targets(cs, i, m)
            if not targets:
                continue
            variants: dict[tuple[int, int], tuple[Variant, ...]] = {}
            loud: dict[tuple[int, int], tuple[Variant, ...]] = {}
            for j, k in targets:
                tid = cs.actors[j].id if j >= 0 else ""
                sid = cs.actors[k].id if k >= 0 else ""
                vs = []
                for c in m.channels or (-1,):
                    cost = m.cost + (cs.channels[c].cost if c >= 0 else 0)
                    vs.append((c, cost, Order(a.id, m.id, tid, sid, cs.channels[c].id if c >= 0 else "")))
                variants[(j, k)] = tuple(sorted(vs, key=lambda v: -_reliability(cs, v[0])))
                loud[(j, k)] = tuple(sorted(vs, key=lambda v: -_loudness(cs, v[0])))
            g = m.goldstein if m.goldstein is not None else 0.0
            hostile = g < 0 or m.rung > 0 or m.mediation == "spoil"
            coop = not hostile and (g > 0 or bool(m.cbm) or m.category in ("humanitarian", "mediation"))
            min_cost = min(v[1] for vs in variants.values() for v in vs)
            cands.append(Cand(m, g, hostile, coop, m.rung < 0, min_cost, tuple(targets), variants, loud))
        by_move = {c.move.idx: p for p, c in enumerate(cands)}
        others = tuple(j for j in range(len(cs.actors)) if j != i)
        actors.append(ActorTable(i, tuple(cands), by_move, others, min((c.min_cost for c in cands), default=0)))
    return Tables(cs, tuple(actors))


def _reliability(cs: CompiledScenario, c: int) -> float:
    """Doctrine's channel order: faithful, fast, cheap; a hotline above all (stable sort)."""
    if c < 0:
        return 0.0
    ch = cs.channels[c]
    return 3.0 * ch.fidelity - 0.8 * ch.latency - 0.6 * ch.cost + (1.0 if ch.id == "hotline" else 0.0) - (
        0.5 if ch.public else 0.0
    )


def _loudness(cs: CompiledScenario, c: int) -> float:
    """A coercer's channel order: public first (audience costs make threats credible)."""
    if c < 0:
        return 0.0
    ch = cs.channels[c]
    return (3.0 if ch.public else 0.0) + ch.fidelity - 0.5 * ch.cost
