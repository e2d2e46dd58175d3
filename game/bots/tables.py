"""Per-scenario candidate tables: every order an actor could ever give, built once.

``views.options`` enumerates every move x target x channel and checks each one, which
costs milliseconds per call; a playtest asks for decisions tens of thousands of times a
second.  So, once per compiled scenario and actor, we list the *statically possible*
orders (the actor may use the move; the target is of an allowed kind; the channel is one
the move may use; alliance moves go to allies) with the features policies weigh, already
sorted in each order a policy may want them.  At decision time a policy picks from this
table and only the few orders it actually chooses are checked with the engine's own
``rules.check``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine.compile import CMove, CompiledScenario
from game.engine.rules import ALLY_TARGET, Order

#: (channel index, total cost, order, open bit, needs check) -- one way to send a move to
#: one target.  The open bit is ``1 << channel`` when the channel must first be
#: established, else 0.  ``needs check`` is False for a *plain* order (see ``plain``).
Variant = tuple[int, int, Order, int, bool]
#: The ways to send one move to one target, in the three orders policies use:
#: (most reliable first, public first, Track II first then most reliable).
Ways = tuple[tuple[Variant, ...], tuple[Variant, ...], tuple[Variant, ...]]
#: A pair target of a move: (j, k, pair j~k, pair i~j, pair i~k).
PairTarget = tuple[int, int, int, int, int]


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
    ways: dict[tuple[int, int], Ways] = field(default_factory=dict)
    #: single-target moves: ways per target actor index (None where j may not be targeted)
    by_target: tuple[Ways | None, ...] = ()
    #: pair-target moves: each pair with the pair indices its legality and ranking need
    pairs: tuple[PairTarget, ...] = ()


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
    #: (policy, difficulty, actor id) -> a ready decision plan (see ``decide.Plan``)
    plans: dict[tuple[str, str, str], object] = field(default_factory=dict)

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


def _ways(cs: CompiledScenario, actor: str, m: CMove, j: int, k: int) -> Ways:
    tid = cs.actors[j].id if j >= 0 else ""
    sid = cs.actors[k].id if k >= 0 else ""
    vs: list[Variant] = []
    for c in m.channels or (-1,):
        ch = cs.channels[c] if c >= 0 else None
        cost = m.cost + (ch.cost if ch is not None else 0)
        bit = (1 << c) if ch is not None and ch.requires_established and j >= 0 else 0
        order = Order(actor, m.id, tid, sid, ch.id if ch is not None else "")
        vs.append((c, cost, order, bit, not plain(cs, m, c)))
    reliable = sorted(vs, key=lambda v: -_reliability(cs, v[0]))
    loud = sorted(vs, key=lambda v: -_loudness(cs, v[0]))
    # Track II first when tension is high (doctrine); a stable sort keeps the rest reliable-first.
    track_two = sorted(reliable, key=lambda v: v[0] < 0 or cs.channels[v[0]].id != "track_two")
    return tuple(reliable), tuple(loud), tuple(track_two)


def plain(cs: CompiledScenario, m: CMove, c: int) -> bool:
    """Is a statically possible order of this move through channel ``c`` legal whenever it
    is affordable and its channel is open (and the game is not over)?

    True when nothing else in ``rules.check`` can refuse it: no cooldown, condition,
    mediation stage, alliance rule, channel to open, host's consent, or intermediary to find.  Most
    moves are plain; deciding skips ``rules.check`` for them (it is the bots' most
    frequent call).  ``tests/bots/test_tables.py`` pins this against ``rules.check``.
    """
    if m.cooldown or m.cond is not None or m.mediation or m.alliance or m.opens_channel >= 0 or m.consent:
        return False
    return c < 0 or cs.channels[c].mediator_trust is None


def build(cs: CompiledScenario) -> Tables:
    n = len(cs.actors)
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
            ways = {(j, k): _ways(cs, a.id, m, j, k) for j, k in targets}
            by_target: tuple[Ways | None, ...] = ()
            pairs: tuple[PairTarget, ...] = ()
            if m.target == 1:
                by_target = tuple(ways.get((j, -1)) for j in range(n))
            elif m.target == 2:
                pairs = tuple((j, k, cs.pair[j][k], cs.pair[i][j], cs.pair[i][k]) for j, k in targets)
            g = m.goldstein if m.goldstein is not None else 0.0
            hostile = g < 0 or m.rung > 0 or m.mediation == "spoil"
            coop = not hostile and (g > 0 or bool(m.cbm) or m.category in ("humanitarian", "mediation"))
            min_cost = min(v[1] for w in ways.values() for v in w[0])
            cands.append(Cand(m, g, hostile, coop, m.rung < 0, min_cost, tuple(targets), ways, by_target, pairs))
        by_move = {c.move.idx: p for p, c in enumerate(cands)}
        others = tuple(j for j in range(n) if j != i)
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
