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
from typing import Final

from game.engine.compile import CompiledScenario
from game.engine.rules import Order, decode_order
from game.engine.state import CAP, READY, State

#: What one actor saw another do last turn: (actor, move index, target index or -1).
Seen = tuple[int, int, int]
#: (mood 'hostile' | 'friendly' | 'none', Goldstein to answer, actor to answer, move to mirror)
Reciprocity = tuple[str, float, int, int]

#: How far a relation estimate can be from the truth: the picture's widest error (20, no
#: intelligence at all) plus rounding to one decimal.
NOISE_BOUND: Final = 20.1
PREY_RATIO: Final = 1.25  # an opportunist preys only on actors it believes clearly weaker
PREY_TRUST: Final = 55.0  # ... and does not trust


_OTHERS: Final[dict[int, tuple[tuple[int, ...], ...]]] = {}


def _others(n: int) -> tuple[tuple[int, ...], ...]:
    """Per actor, the other actors in index order: the order of ``cs.actor_pairs[i]``."""
    o = _OTHERS.get(n)
    if o is None:
        o = _OTHERS[n] = tuple(tuple(j for j in range(n) if j != i) for i in range(n))
    return o


_TWO_M63: Final = 2.0**-63
_NOISE_PART: Final[dict[int, int]] = {}  # b * 16 + metric -> that part of the noise sum, mod 2**64
# q -> width, one table per scale (relations 20, metrics 25): one float-keyed look-up a width
_WIDTH20: Final[dict[float, float]] = {}
_WIDTH25: Final[dict[float, float]] = {}


def _width(scale: float, q: float) -> float:
    """``round(scale * (1 - q), 1)``: an estimate's error bound at intel quality q.

    Rounding to a decimal place costs as much as the rest of an estimate, and q takes
    few values (an actor's intel plus a few fixed bonuses), so each is rounded once.
    """
    known = _WIDTH20 if scale == 20.0 else _WIDTH25
    w = known.get(q)
    if w is None:
        if len(known) >= 4096:
            known.clear()
        w = known[q] = round(scale * (1.0 - q), 1)
    return w


def _clamp100(x: float) -> float:
    """``min(100.0, max(0.0, x))`` (the picture's clamp, the same value): as comparisons,
    because compiled code calls the builtins ``min`` and ``max`` through Python."""
    x = x if x > 0.0 else 0.0
    return x if x < 100.0 else 100.0


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
        decode, moves = cs.decode, cs.moves
        for o in orders:
            # The engine decoded these orders when it adjudicated them: one look-up each.
            d = decode.get(o)
            if d is None:
                d = decode_order(cs, o)
            a, mi, me = d[0], d[1], d[2]
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
    __slots__ = (
        "cs", "s", "i", "seed", "row", "last_orders", "_rivals", "_est", "_q", "_w", "_ripe", "_prey", "_recip",
        "_nbase",
    )

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
        self._est: dict[int, float] = {}  # j * 16 + metric (estimates), -1 - pair (relations)
        self._q: list[float] | None = None
        self._w: list[float] | None = None
        self._nbase = -1
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
            row, ten, tru = self.row, self.s.tension, self.s.trust
            # Insertion sort by (-tension, trust, j): a handful of actors, compared as
            # plain floats (compiled, no key tuples).  Others come in index order, so on
            # equal tension and trust the earlier actor stays first, as sorting would.
            r = []
            for j in _others(self.cs.n)[self.i]:
                tj, rj = ten[row[j]], tru[row[j]]
                pos = len(r)
                while pos > 0:
                    k = r[pos - 1]
                    tk = ten[row[k]]
                    if tk > tj or (tk == tj and tru[row[k]] <= rj):
                        break
                    pos -= 1
                r.insert(pos, j)
            self._rivals = r
        return r

    # ------------------------------------------------------------------ estimated (fog of war)
    def qualities(self) -> list[float]:
        """How sharp the actor's picture of each actor is (``views.intel_quality``, the same
        sums in the same order), all at once on first use: a decision needs several."""
        q = self._q
        if q is None:
            cs, s, i = self.cs, self.s, self.i
            base = cs.actors[i].intel + s.intel_bonus[i]
            att = cs.channel_index.get("military_attache", -1)
            bit = 1 << att if att >= 0 else 0
            allies, opened = cs.allies[i], s.open
            q = []
            for j, p in enumerate(self.row):
                x = base
                if bit and opened[p] & bit:
                    x += 0.25
                if j in allies:
                    x += 0.2
                q.append(1.0 if x > 1.0 else x)
            self._q = q
        return q

    def widths(self) -> list[float]:
        """Per actor, the error bound its quality gives a relation estimate
        (``round(20 * (1 - q), 1)``), all at once on first use.

        A pair's width is ``views``' ``round(20 * (1 - min(q[x], q[y])), 1)``, which is
        exactly ``max(widths[x], widths[y])``: the expression only falls as q rises, so
        the lower quality gives the larger width.  One rounding per actor instead of one
        per pair looked at (rounding to a decimal place is not cheap).
        """
        w = self._w
        if w is None:
            w = self._w = [_width(20.0, x) for x in self.qualities()]
        return w

    def quality(self, j: int) -> float:
        """How sharp the actor's picture of j is (the engine's rule), cached per decision."""
        return self.qualities()[j]

    def _noise(self, b: int, metric: int) -> float:
        """``views._noise(seed, turn, actor, b, metric)``, its sum split in two parts taken
        modulo 2**64 (which leaves the masked sum the same): the decision's (seed, turn,
        observer), summed once per decision, and the estimate's (b, metric), once ever."""
        base = self._nbase
        if base < 0:
            base = self._nbase = (self.seed * 0x9E3779B97F4A7C15 + self.s.turn * 0xBF58476D1CE4E5B9
                                  + self.i * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        key = b * 16 + metric  # metric < 16
        part = _NOISE_PART.get(key)
        if part is None:
            part = _NOISE_PART[key] = (b * 0x2545F4914F6CDD1D + metric * 0x632BE59BD9B4E019) & 0xFFFFFFFFFFFFFFFF
        x = (base + part) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
        return float(x) * _TWO_M63 - 1.0  # exactly x / 2**63 - 1: float(x) rounds once, 2**-63 scales exactly

    def estimate(self, j: int, metric: int) -> float:
        """Actor j's metric as the intelligence picture shows it (exact for oneself).

        The engine's ``views.estimate``, with this decision's cached qualities and noise base.
        """
        if j == self.i:
            return round(self.s.am[metric][j], 1)
        key = j * 16 + metric  # metric < 16
        v = self._est.get(key)
        if v is None:
            width = _width(25.0, self.qualities()[j])
            x = self.s.am[metric][j] + width * self._noise(j, metric)
            v = self._est[key] = round(_clamp100(x), 1)
        return v

    def pair_tension(self, p: int) -> float:
        """Tension of pair p as the picture shows it (exact when the actor is one side)."""
        key = -1 - p
        v = self._est.get(key)
        if v is None:
            cs, s = self.cs, self.s
            x, y = cs.pairs[p]
            if self.i in (x, y):
                v = s.tension[p]
            else:
                w = self.widths()
                width = w[x] if w[x] > w[y] else w[y]
                v = round(_clamp100(s.tension[p] + width * self._noise(100 + p, 8)), 1)
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
            # The estimate is within NOISE_BOUND of the truth: far from the threshold the
            # answer is known without computing the noise (same answer, cheaper).  First
            # look for a dispute ripe whatever the noise, then estimate only the doubtful.
            sure, doubtful = need + NOISE_BOUND, need - NOISE_BOUND
            others = cs.pairs_without[i]
            ripe = any(ten[p] >= sure for p in others)
            if not ripe:
                # Still doubtful: this pair's own error bound (its width, plus rounding)
                # often settles it without the noise.
                pairs, w = cs.pairs, self.widths()
                for p in others:
                    t = ten[p]
                    if t < doubtful:
                        continue
                    x, y = pairs[p]
                    width = w[x] if w[x] > w[y] else w[y]
                    if t + width + 0.1 < need:
                        continue
                    if t - width - 0.1 >= need or self.pair_tension(p) >= need:
                        ripe = True
                        break
            self._ripe = ripe
        return self._ripe

    def prey(self) -> int:
        """The actor an opportunist would exploit: believed clearly weaker, not trusted, not an
        ally; -1 if none."""
        if self._prey is None:
            cs = self.cs
            mine = self.strength(self.i)
            best, prey = PREY_RATIO, -1
            am, q = self.s.am, self.qualities()
            cap, ready = am[CAP], am[READY]
            allies = cs.allies[self.i]
            for j in self.rivals():
                # Not IOs or NGOs, not the trusted, and never an ally (an opportunist does not
                # turn on its own alliance: the treaty is worth more than the spoils).
                if cs.actors[j].kind in ("io", "ngo") or self.trust(j) >= PREY_TRUST or j in allies:
                    continue
                # Each estimate is within its width (plus rounding) of the truth: when even
                # the weakest j could seem is not weak enough, skip the noise.
                low = 0.6 * cap[j] + 0.4 * ready[j] - _width(25.0, q[j]) - 0.1
                if mine / (low if low > 1.0 else 1.0) <= best:
                    continue
                sj = self.strength(j)
                ratio = mine / (sj if sj > 1.0 else 1.0)
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
    na = s.na
    for x, t in enumerate(s.last_used):
        if t == last:
            mi, a = divmod(x, na)
            if a != i and (mi, a, i) in s.used_on:
                out.append((a, mi, i))
    out.sort()
    return out
