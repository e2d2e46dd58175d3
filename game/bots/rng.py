"""A tiny seeded generator for bot decisions, separate from the game's own generator.

Why not ``random.Random``: constructing one costs about 18 µs, and a playtest makes one
decision per actor per turn, hundreds of thousands of times; that alone would cost more
than the rules engine.  A decision's stream is a walk through a fixed table of uniform
floats, from a start and stride derived by splitmix64 from (game seed, turn, actor
index, salt): identical on every machine (pure integer arithmetic), a list read per draw,
and a decision never draws from, and so never changes, the game's generator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar

T = TypeVar("T")

_M64: Final = 0xFFFFFFFFFFFFFFFF
_GOLDEN: Final = 0x9E3779B97F4A7C15


def mix64(x: int) -> int:
    """splitmix64's finaliser: a well-spread 64-bit value from any integer."""
    x &= _M64
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _M64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def derive(*parts: int) -> int:
    """A 63-bit seed from several integers (order matters): game seeds, rollout seeds."""
    h = 0x243F6A8885A308D3
    for p in parts:
        h = mix64(h ^ mix64(p * _GOLDEN + 0x632BE59BD9B4E019))
    return h >> 1


#: The decision streams read a fixed table of uniform floats (splitmix64 of 0..N-1, built
#: once at import: pure integer arithmetic, so the same on every machine).  A stream is a
#: start and an odd stride into it -- a full cycle of the table -- so a draw is one list
#: read and one addition instead of six 64-bit multiplications and shifts; a decision
#: uses a dozen draws, and decisions are the playtest's hot path.
TABLE_BITS: Final = 13
TABLE_MASK: Final = (1 << TABLE_BITS) - 1
TABLE: Final[tuple[float, ...]] = tuple((mix64(n * _GOLDEN) >> 11) * (1.0 / 9007199254740992.0) for n in range(1 << TABLE_BITS))


#: Pseudo-random table indices, to turn (game, turn, actor, salt) into a stream cheaply.
_SPREAD: Final[tuple[int, ...]] = tuple(mix64(n + 0x5EED) & TABLE_MASK for n in range(1 << TABLE_BITS))


def stream(seed_mix: int, turn: int, actor: int, salt: int) -> tuple[int, int]:
    """(start, stride) of the decision stream for (a mixed game seed, turn, actor, salt).

    ``seed_mix`` is ``mix64(seed)``, computed once per game by callers that decide often;
    the rest is small-integer arithmetic and two table reads (a decision is a hot path).
    """
    key = ((seed_mix & TABLE_MASK) + turn * 1031 + actor * 131 + salt * 17) & TABLE_MASK
    start = _SPREAD[key] ^ ((seed_mix >> 13) & TABLE_MASK)
    stride = _SPREAD[key ^ 0x1555] ^ ((seed_mix >> 26) & TABLE_MASK)
    return start, stride | 1


class Streams:
    """``stream`` for one game and one (actor, salt), its per-game part computed once:
    a decision then costs two table reads and an object (a playtest makes hundreds of
    thousands).  ``at(turn)`` is exactly ``decision_rng(seed, turn, actor, salt)``."""

    __slots__ = ("base", "start_x", "stride_x")

    def __init__(self, seed: int, actor: int, salt: int) -> None:
        m = mix64(seed)
        self.base = (m & TABLE_MASK) + actor * 131 + salt * 17
        self.start_x = (m >> 13) & TABLE_MASK
        self.stride_x = (m >> 26) & TABLE_MASK

    def at(self, turn: int) -> DecisionRng:
        key = (self.base + turn * 1031) & TABLE_MASK
        return DecisionRng(_SPREAD[key] ^ self.start_x, (_SPREAD[key ^ 0x1555] ^ self.stride_x) | 1)


def decision_rng(seed: int, turn: int = 0, actor: int = 0, salt: int = 0, *, seed_mix: int | None = None) -> DecisionRng:
    """The stream for one decision of one actor on one turn of one seeded game."""
    return DecisionRng(*stream(mix64(seed) if seed_mix is None else seed_mix, turn, actor, salt))


class DecisionRng:
    """A deterministic stream for one decision: ``random()``, ``chance()``, ``index()``, ``choice()``."""

    __slots__ = ("pos", "stride")

    def __init__(self, pos: int, stride: int) -> None:
        """Start at ``pos`` of the table, stepping by ``stride`` (odd): see ``decision_rng``."""
        self.pos = pos
        self.stride = stride

    def random(self) -> float:
        """A float in [0, 1) with 53 random bits."""
        p = self.pos
        self.pos = (p + self.stride) & TABLE_MASK
        return TABLE[p]

    def chance(self, p: float) -> bool:
        return self.random() < p

    def index(self, n: int) -> int:
        """A uniform integer in [0, n)."""
        return int(self.random() * n)

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def weighted(self, weights: Sequence[float], total: float) -> int:
        """An index drawn with probability weights[i] / total (total > 0), -1 if none."""
        x = self.random() * total
        acc = 0.0
        last = -1
        for i, w in enumerate(weights):
            if w > 0.0:
                acc += w
                last = i
                if x < acc:
                    return i
        return last
