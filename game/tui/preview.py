"""The "likely effects" preview of one option, measured by asking the engine.

The TUI holds no rules, so it does not compute effects itself: it forks the game,
plays the option alone a few times with *fresh* generators (never the game's own, which
would leak the real future draws), follows each run's events that descend from the
order (including a delivery on a later turn for slow channels) and summarises them as
a mean and a range per metric.  Only what the player could see is counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.events import Event
    from game.engine.game import Game
    from game.engine.views import Option

RUNS = 12


def signed(x: float) -> str:
    """+1.5 / −1.5 with a real minus sign (easier to read than a hyphen in a terminal)."""
    return f"{'+' if x >= 0 else '−'}{abs(x):.1f}"


@dataclass(frozen=True)
class Effect:
    metric: str
    scope: str
    mean: float
    low: float
    high: float
    share: float  # fraction of runs in which it happened at all

    def line(self, names: dict[str, str] | None = None) -> str:
        names = names or {}
        who = " " + "–".join(names.get(x, x) for x in self.scope.split("~")) if self.scope else ""
        core = f"{self.metric.replace('_', ' ')}{who}: ≈ {signed(self.mean)}"
        if self.high - self.low >= 0.05:
            core += f" (range {signed(self.low)} … {signed(self.high)})"
        if self.share < 0.999:
            core += f", in {self.share:.0%} of runs"
        return core


@dataclass
class Preview:
    effects: list[Effect] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    runs: int = 0

    def lines(self, names: dict[str, str] | None = None) -> list[str]:
        return [e.line(names) for e in self.effects] + self.notes


def _descendants(events: list[Event], roots: set[int]) -> list[Event]:
    found = set(roots)
    out = []
    for e in events:
        if e.parent in found:
            found.add(e.seq)
            out.append(e)
    return out


def preview(game: Game, actor: str, option: Option, runs: int = RUNS) -> Preview:
    """Summarise what the option did in `runs` independent one-order rollouts."""
    from game.engine.rules import Order

    order = Order(actor, option.move, option.target, option.second, option.channel)
    latency = 0
    if option.channel:
        ch = game.cs.channels[game.cs.channel_index[option.channel]]
        latency = ch.latency
    deltas: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    key = sum(ord(c) for c in f"{option.move}{option.target}{option.second}{option.channel}")
    for k in range(runs):
        fork = game.fork()
        fork.rng.seed(key * 7919 + k)
        events = list(fork.play([order]))
        roots = {e.seq for e in events if e.kind == "order" and e.actor == actor and e.move == option.move}
        rejected = [e for e in events if e.kind == "reject" and e.actor == actor]
        if rejected:
            counts["rejected: " + rejected[0].note] += 1
        for _ in range(latency):
            if fork.over:
                break
            events += fork.play([])
        per_run: dict[tuple[str, str], float] = defaultdict(float)
        for e in _descendants(events, roots):
            if e.seen_by is not None and actor not in e.seen_by:
                continue
            if e.kind == "change":
                per_run[(e.metric, e.scope)] += e.delta
            elif e.rule == "misperception":
                counts["misread by the other side"] += 1
            elif e.kind in ("mediation", "alliance", "threshold", "redline"):
                counts[e.note] += 1
        for k2, v in per_run.items():
            deltas[k2].append(v)
    out = Preview(runs=runs)
    for (metric, scope), vals in sorted(deltas.items(), key=lambda kv: -abs(sum(kv[1]))):
        full = vals + [0.0] * (runs - len(vals))
        out.effects.append(Effect(metric, scope, sum(full) / runs, min(full), max(full), len(vals) / runs))
    if latency:
        out.notes.append(f"arrives {latency} turn{'s' if latency > 1 else ''} later ({option.channel.replace('_', ' ')} latency)")
    for note, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        out.notes.append(f"{note} ({n}/{runs} runs)")
    if not out.effects and not counts:
        out.notes.append("no measurable effect on its own this turn")
    return out
