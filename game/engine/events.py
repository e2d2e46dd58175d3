"""Events: the engine's only output besides the new state.

Every change of every metric is an event that names its cause (the rule, and the move,
actor, channel, roll or inject behind it) and the event it descends from, so the UI
can answer "why did tension with Red rise by 9?" by following `parent` links.  Events
are plain named tuples: cheap to make in the hot path, trivially serialisable.
"""

from __future__ import annotations

from typing import Any, NamedTuple

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


#: What the rules engine records while it resolves a turn, before anyone reads it: a
#: *row* per event.  A change row is ``(seq, turn, metric, scope, delta, value, cause)``,
#: the cause (rule, note, parent, who saw it, move, actor, target, channel, factor, roll,
#: inject) shared by every change it explains (one drift cause for all 21 pairs of a
#: turn); any other row is the event's 18 fields as a plain tuple.  A played turn makes
#: about 75 events and most are never looked at (a classroom seat replays a whole game to
#: show its last turn), so an ``Event`` is built only when a screen or a report asks.
Row = tuple[Any, ...]
#: A note as recorded: its text, or ``(format, *values)`` for a text with numbers in it
#: (``("cooling below {:.2f}", 0.35)``), formatted when the event is built -- the same
#: characters an f-string gives, without formatting floats nobody reads.
Note = str | tuple[Any, ...]


def text(note: Note) -> str:
    """The words of a recorded note."""
    if isinstance(note, str):
        return note
    return str(note[0]).format(*note[1:])


def materialize(rows: list[Row]) -> list[Event]:
    """The events of ``rows`` (see ``Row``), in their order."""
    make = _new
    out: list[Event] = []
    for r in rows:
        if len(r) == 7:
            c = r[6]
            out.append(make(Event, (r[0], r[1], "change", r[2], r[3], r[4], r[5], c[0], text(c[1]), c[2], c[3], c[4],
                                    c[5], c[6], c[7], c[8], c[9], c[10])))
        elif isinstance(r[8], str):
            out.append(make(Event, r))
        else:
            out.append(make(Event, (*r[:8], text(r[8]), *r[9:])))
    return out


_new = tuple.__new__


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
