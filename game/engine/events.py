"""Events: the engine's only output besides the new state.

Every change of every metric is an event that names its cause (the rule, and the move,
actor, channel, roll or inject behind it) and the event it descends from, so the UI
can answer "why did tension with Red rise by 9?" by following `parent` links.  Events
are plain named tuples: cheap to make in the hot path, trivially serialisable.
"""

from __future__ import annotations

from typing import NamedTuple

NO_ROLL = -1.0


class Event(NamedTuple):
    seq: int  # position in the game's event log (0-based, unique per game)
    turn: int
    kind: str  # order | reject | deliver | roll | change | inject | mediation | alliance | threshold | redline | debrief | ending | note
    metric: str  # metric name for 'change', else ''
    scope: str  # 'blue' (actor), 'blue~red' (pair), '' (world)
    delta: float  # applied change (after clamping) for 'change'
    value: float  # value after the change
    rule: str  # machine name of the rule that produced it (see docs/model.md)
    note: str  # plain-English reason
    parent: int  # seq of the event this one follows from, -1 for a root
    seen_by: tuple[str, ...] | None  # None: public; else the actors who learn of it
    move: str
    actor: str
    target: str
    channel: str
    factor: float  # multiplier applied (channel scale x reading x de-escalation)
    roll: float  # the random draw in [0, 1), or -1 when none
    inject: str

    def to_json(self) -> dict[str, object]:
        d = self._asdict()
        d["seen_by"] = None if self.seen_by is None else list(self.seen_by)
        return d


def chain(events: list[Event], seq: int) -> list[Event]:
    """The cause chain of an event, root first: why did this happen?"""
    by_seq = {e.seq: e for e in events}
    out: list[Event] = []
    cur = by_seq.get(seq)
    guard = 0
    while cur is not None and guard < 64:
        out.append(cur)
        cur = by_seq.get(cur.parent) if cur.parent >= 0 else None
        guard += 1
    out.reverse()
    return out


def describe(e: Event) -> str:
    """One plain-English line for the adjudication log."""
    if e.kind == "change":
        sign = "+" if e.delta >= 0 else ""
        who = e.scope.replace("~", "–") if e.scope else "world"
        why = e.note or e.rule.replace("_", " ")
        src = f" ({e.move} by {e.actor})" if e.move else (f" (inject {e.inject})" if e.inject else "")
        return f"{e.metric} {who} {sign}{e.delta:.1f} → {e.value:.1f}: {why}{src}"
    if e.kind == "roll":
        return f"roll {e.roll:.2f} for {e.note}"
    return e.note or f"{e.kind} {e.move} {e.actor} {e.target}".strip()
