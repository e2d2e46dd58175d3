"""What a bot's actor knows: its own state exactly, others only through fog of war.

A bot must never decide on the true state of others.  ``views.picture`` builds the whole
intelligence picture (close to a millisecond); a bot needs only a few numbers, so
``Beliefs`` computes the *same* estimates lazily, field by field, with the engine's own
intel quality and noise (a test pins them to ``views.picture``).  Exact: the actor's own
metrics and budget, its own relations (trust and tension with each other actor), its
open channels, and the public world (turn, stability, ladder rung, humanitarian
situation, misinformation).  What it saw others do last turn comes from the orders it
could observe (aimed at it, or public), never from private moves between others.

Per decision only the few numbers a policy asks for are computed (lazily, cached for the
decision); last turn's orders are read once per turn for every bot (``LastTurn``).
"""

from __future__ import annotations

from collections.abc import Sequence

from game.engine.compile import CompiledScenario
from game.engine.rules import Order
from game.engine.state import AM, GM, State
from game.engine.views import _noise, estimate, intel_quality

CAP, READY, PRESS, CRED = AM["capability"], AM["readiness"], AM["domestic_pressure"], AM["credibility"]
STAB, HUM, MIS = GM["stability"], GM["humanitarian"], GM["misinformation"]

#: What one actor saw another do last turn: (actor, move index, target index or -1).
Seen = tuple[int, int, int]
#: (mood 'hostile' | 'friendly' | 'none', Goldstein to answer, actor to answer, move to mirror)
Reciprocity = tuple[str, float, int, int]

#: How far a relation estimate can be from the truth: the picture's widest error (20, no
#: intelligence at all) plus rounding to one decimal.
NOISE_BOUND = 20.1
PREY_RATIO = 1.25  # an opportunist preys only on actors it believes clearly weaker
PREY_TRUST = 55.0  # ... and does not trust


class LastTurn:
    """Last turn's orders, read once for every actor: the worst and best thing done to each.

    Tit-for-tat answers only what was done *to* its actor (an order aimed at it, which it
    necessarily witnessed), so one pass over the orders serves every bot of the turn.
    """

    __slots__ = ("cs", "orders", "_answers")

    def __init__(self, cs: CompiledScenario, orders: Sequence[Order]) -> None:
        self.cs = cs
        self.orders = orders
        self._answers: tuple[Reciprocity | None, ...] | None = None

    @property
    def answers(self) -> tuple[Reciprocity | None, ...]:
        """Per actor: what tit-for-tat would answer (None: nothing was done to it). Read on first use."""
        if self._answers is None:
            self._answers = self._read()
        return self._answers

    def _read(self) -> tuple[Reciprocity | None, ...]:
        cs, orders = self.cs, self.orders
        n = len(cs.actors)
        worst: list[tuple[float, int, int] | None] = [None] * n
        best: list[tuple[float, int, int] | None] = [None] * n
        actor_index, move_index, moves = cs.actor_index, cs.move_index, cs.moves
        for o in orders:
            me = actor_index.get(o.target, -1)
            a = actor_index.get(o.actor, -1)
            mi = move_index.get(o.move, -1)
            if me < 0 or a < 0 or mi < 0 or a == me:
                continue
            m = moves[mi]
            g = m.goldstein or 0.0
            if m.rung > 0 or g < 0:
                w = worst[me]
                if w is None or (g, a) < w[:2]:
                    worst[me] = (g, a, mi)
            elif g > 0:
                bb = best[me]
                if bb is None or (-g, a) < (-bb[0], bb[1]):
                    best[me] = (g, a, mi)
        answers: list[Reciprocity | None] = []
        for j in range(n):
            w, bb = worst[j], best[j]
            if w is not None:
                answers.append(("hostile", w[0], w[1], w[2]))
            elif bb is not None:
                answers.append(("friendly", bb[0], bb[1], bb[2]))
            else:
                answers.append(None)
        return tuple(answers)


class Beliefs:
    __slots__ = ("cs", "s", "i", "seed", "row", "last_orders", "_rivals", "_est", "_q", "_ripe", "_prey", "_recip")

    def __init__(
        self, cs: CompiledScenario, s: State, i: int, seed: int, last_orders: Sequence[Order] | LastTurn | None
    ) -> None:
        self.cs = cs
        self.s = s
        self.i = i
        self.seed = seed
        self.row = cs.pair[i]
        self.last_orders = last_orders
        self._rivals: list[int] | None = None
        self._est: dict[tuple[int, int], float] = {}
        self._q: dict[int, float] = {}
        self._ripe: bool | None = None
        self._prey: int | None = None
        self._recip: Reciprocity | None = None

    # ------------------------------------------------------------------ exact
    def tension(self, j: int) -> float:
        return self.s.tension[self.row[j]]

    def trust(self, j: int) -> float:
        return self.s.trust[self.row[j]]

    def own(self, metric: int) -> float:
        return self.s.am[metric][self.i]

    def world(self, metric: int) -> float:
        return self.s.g[metric]

    def channel_open(self, j: int, c: int) -> bool:
        return bool(self.s.open[self.row[j]] & (1 << c))

    def rivals(self) -> list[int]:
        """Other actors, most tense relation first (ties: lower trust, then index)."""
        r = self._rivals
        if r is None:
            s, row, i = self.s, self.row, self.i
            ten, tru = s.tension, s.trust
            r = self._rivals = sorted(
                [j for j in range(len(row)) if j != i], key=lambda j: (-ten[row[j]], tru[row[j]], j)
            )
        return r

    # ------------------------------------------------------------------ estimated (fog of war)
    def quality(self, j: int) -> float:
        """How sharp the actor's picture of j is (the engine's rule), cached per decision."""
        q = self._q.get(j)
        if q is None:
            q = self._q[j] = intel_quality(self.cs, self.s, self.i, j)
        return q

    def estimate(self, j: int, metric: int) -> float:
        """Actor j's metric as the intelligence picture shows it (exact for oneself)."""
        if j == self.i:
            return round(self.s.am[metric][j], 1)
        key = (j, metric)
        v = self._est.get(key)
        if v is None:
            v = self._est[key] = estimate(self.cs, self.s, self.i, j, metric, self.seed)
        return v

    def pair_tension(self, p: int) -> float:
        """Tension of pair p as the picture shows it (exact when the actor is one side)."""
        key = (-1 - p, 8)
        v = self._est.get(key)
        if v is None:
            cs, s = self.cs, self.s
            x, y = cs.pairs[p]
            if self.i in (x, y):
                v = s.tension[p]
            else:
                q = min(self.quality(x), self.quality(y))
                width = round(20.0 * (1.0 - q), 1)
                v = round(min(100.0, max(0.0, s.tension[p] + width * _noise(self.seed, s.turn, self.i, 100 + p, 8))), 1)
            self._est[key] = v
        return v

    def strength(self, j: int) -> float:
        """Rough military weight: capability and readiness (estimated for others)."""
        return 0.6 * self.estimate(j, CAP) + 0.4 * self.estimate(j, READY)

    # ------------------------------------------------------------------ judgements
    def ripe(self) -> bool:
        """Is some dispute between others ripe for mediation (as far as we can tell)?"""
        if self._ripe is None:
            cs, i, ten = self.cs, self.i, self.s.tension
            need = cs.rules.ripeness_tension
            ripe = False
            for p, (x, y) in enumerate(cs.pairs):
                if i == x or i == y:
                    continue
                # The estimate is within NOISE_BOUND of the truth: far from the threshold
                # the answer is known without computing the noise (same answer, cheaper).
                t = ten[p]
                if t + NOISE_BOUND < need:
                    continue
                if t - NOISE_BOUND >= need or self.pair_tension(p) >= need:
                    ripe = True
                    break
            self._ripe = ripe
        return self._ripe

    def prey(self) -> int:
        """The actor an opportunist would exploit: believed clearly weaker, not trusted; -1 if none."""
        if self._prey is None:
            cs = self.cs
            mine = self.strength(self.i)
            best, prey = PREY_RATIO, -1
            for j in self.rivals():
                if cs.actors[j].kind in ("io", "ngo") or self.trust(j) >= PREY_TRUST:
                    continue
                ratio = mine / max(1.0, self.strength(j))
                if ratio > best:
                    best, prey = ratio, j
            self._prey = prey
        return self._prey

    def reciprocity(self) -> Reciprocity:
        """What tit-for-tat answers: the worst thing done to us last turn, else the best."""
        if self._recip is None:
            cs, me = self.cs, self.i
            last = self.last_orders
            if last is not None:
                if not isinstance(last, LastTurn):
                    last = self.last_orders = LastTurn(cs, last)
                answer = last.answers[me]
                if answer is None:
                    r = self.rivals()
                    answer = ("none", 2.0, r[0] if r else -1, -1)
                self._recip = answer
                return answer
            worst: tuple[float, int, int] | None = None
            best: tuple[float, int, int] | None = None
            for a, mi, tgt in observed(cs, self.s, me, None):
                if tgt != me:
                    continue  # TFT answers what was done *to it*
                m = cs.moves[mi]
                g = m.goldstein or 0.0
                if m.rung > 0 or g < 0:
                    if worst is None or (g, a) < worst[:2]:
                        worst = (g, a, mi)
                elif g > 0 and (best is None or (-g, a) < (-best[0], best[1])):
                    best = (g, a, mi)
            if worst is not None:
                self._recip = ("hostile", worst[0], worst[1], worst[2])
            elif best is not None:
                self._recip = ("friendly", best[0], best[1], best[2])
            else:
                r = self.rivals()
                self._recip = ("none", 2.0, r[0] if r else -1, -1)
        return self._recip


def observed(cs: CompiledScenario, s: State, i: int, last_orders: Sequence[Order] | None) -> list[Seen]:
    """Moves of others last turn that actor i could see: aimed at it, or public.

    With the previous turn's orders (which a playtest or the TUI holds) this is exact and
    honours visibility.  Without them it falls back on the state's use records, keeping
    only moves aimed at the actor (which it necessarily witnessed).
    """
    out: list[Seen] = []
    me = cs.actors[i].id
    if last_orders is not None:
        for o in last_orders:
            if o.actor == me:
                continue
            a = cs.actor_index.get(o.actor, -1)
            mi = cs.move_index.get(o.move, -1)
            if a < 0 or mi < 0:
                continue
            if me not in (o.target, o.second):
                m = cs.moves[mi]
                c = cs.channel_index.get(o.channel, -1)
                if c >= 0:
                    public = cs.channels[c].public and not cs.channels[c].deniable
                else:
                    public = m.category in ("military", "humanitarian")
                if not public:
                    continue
            out.append((a, mi, cs.actor_index.get(o.target, -1)))
        return out
    last = s.turn - 1
    if last < 1:
        return out
    for (mi, a), t in s.last_used.items():
        if t == last and a != i and (mi, a, i) in s.used_on:
            out.append((a, mi, i))
    out.sort()
    return out
