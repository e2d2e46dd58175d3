"""Facilitator interventions (the white cell): overrides that are part of the game record.

In a classroom the instructor may release an inject, change a metric, cancel the effect
of a move, extend or end the exercise.  Each intervention is data (kind, payload,
reason), applied between turns, logged as events with rule ``override``, and stored with
the game so that replay reproduces it exactly.  A reason is mandatory: adjudication that
is overridden silently teaches nothing.

Two texts, kept apart by construction: the *reason* is the white cell's rationale and
never enters an event (events reach players); the optional ``payload["note"]`` is what
the players may read, and is the only facilitator text the events carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .compile import CompiledScenario
from .events import Event
from .rules import (
    _cause,
    _Ctx,
    _effect,
    _renote,
    change_actor,
    change_global,
    change_pair,
    change_rung,
)
from .state import AM, GM, State

KINDS = ("set_metric", "cancel_event", "release_inject", "adhoc_inject", "extend", "end")


class InterventionError(ValueError):
    """An intervention that cannot apply; the message is shown to the facilitator."""


@dataclass(frozen=True)
class Intervention:
    turn: int  # applied before the orders of this turn are resolved
    kind: str
    reason: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"turn": self.turn, "kind": self.kind, "reason": self.reason, "payload": dict(self.payload)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Intervention:
        return cls(int(d["turn"]), str(d["kind"]), str(d["reason"]), dict(d.get("payload") or {}))


def apply(
    cs: CompiledScenario, state: State, iv: Intervention, events: list[Event]
) -> tuple[CompiledScenario, State, list[Event]]:
    """Apply one intervention; return the (possibly extended) scenario, new state and its events.

    `events` is the game's event log so far (for `cancel_event`).  Raises
    InterventionError with a readable message when the intervention cannot apply.
    """
    if iv.kind not in KINDS:
        raise InterventionError(f"unknown intervention '{iv.kind}' (one of: {', '.join(KINDS)})")
    if not iv.reason.strip():
        raise InterventionError("every intervention needs a reason (it is shown in the debrief)")
    if state.over and iv.kind not in ("extend",):
        raise InterventionError("the exercise is over")
    import random

    s = state.copy()
    ctx = _Ctx(cs, s, random.Random(0))  # interventions never draw: a fixed dummy generator
    p = iv.payload
    audience = _audience(cs, iv)
    note = str(p.get("note", "") or "").strip()
    label = f"Facilitator: {iv.kind.replace('_', ' ')}"
    root = ctx.emit("note", f"{label} — {note}" if note else label, rule="override", seen=audience)
    cause = _cause("override", note or "facilitator override", root, audience, actor="facilitator")
    if iv.kind == "set_metric":
        metric = str(p.get("metric", ""))
        if metric not in ("trust", "tension", "rung") and metric not in AM and metric not in GM:
            known = ", ".join(["trust", "tension", "rung", *AM, *GM])
            raise InterventionError(f"unknown metric '{metric}' (one of: {known})")
        if "value" not in p:
            raise InterventionError("set_metric needs a value (--set value=N)")
        value = _number(p.get("value"))
        scope = str(p.get("scope", ""))
        if metric in ("trust", "tension"):
            a, _, b = scope.partition("~")
            if a not in cs.actor_index or b not in cs.actor_index or a == b:
                raise InterventionError(f"'{scope}' is not a pair of actors (write a~b)")
            pi = cs.pair[cs.actor_index[a]][cs.actor_index[b]]
            cur = s.trust[pi] if metric == "trust" else s.tension[pi]
            change_pair(ctx, metric, pi, value - cur, cause)
        elif metric in AM:
            if scope not in cs.actor_index:
                raise InterventionError(f"unknown actor '{scope}'")
            i = cs.actor_index[scope]
            change_actor(ctx, AM[metric], i, value - s.am[AM[metric]][i], cause)
        elif metric in GM:
            change_global(ctx, GM[metric], value - s.g[GM[metric]], cause)
        elif metric == "rung":
            change_rung(ctx, int(value) - s.rung, cause)
        else:
            raise InterventionError(f"unknown metric '{metric}'")
    elif iv.kind == "cancel_event":
        seq = int(_number(p.get("event")))
        target = next((e for e in events if e.seq == seq), None)
        if target is None:
            raise InterventionError(f"no event #{seq}")
        undo = [e for e in events if e.kind == "change" and (e.seq == seq or _descends(events, e, seq))]
        if not undo:
            raise InterventionError(f"event #{seq} changed nothing to cancel")
        for e in undo:
            c = _renote(cause, f"cancelled #{e.seq}" + (f": {note}" if note else ""))
            if e.metric in ("trust", "tension"):
                a, _, b = e.scope.partition("~")
                change_pair(ctx, e.metric, cs.pair[cs.actor_index[a]][cs.actor_index[b]], -e.delta, c)
            elif e.metric in AM:
                change_actor(ctx, AM[e.metric], cs.actor_index[e.scope], -e.delta, c)
            elif e.metric in GM:
                change_global(ctx, GM[e.metric], -e.delta, c)
            elif e.metric == "rung":
                change_rung(ctx, -int(e.delta), c)
    elif iv.kind == "release_inject":
        kid = str(p.get("inject", ""))
        if kid not in cs.inject_index:
            raise InterventionError(f"unknown inject '{kid}'")
        k = cs.injects[cs.inject_index[kid]]
        s.fired[k.idx] = s.turn
        seen = None if k.to is None else tuple(cs.actors[x].id for x in k.to)
        seq = ctx.emit("inject", k.title, rule="override", inject=k.id, parent=root, seen=seen)
        base = _cause("inject", k.title, seq, seen, inject=k.id)
        for eff in k.effects:
            _effect(ctx, eff, k.source, k.subject, -1, base, 1.0)
        for fi, val in k.flags:
            s.flags[fi] = val
    elif iv.kind == "adhoc_inject":
        title = str(p.get("title", "")).strip()
        if not title:
            raise InterventionError("an ad-hoc inject needs a title")
        for who in audience or ():
            if who not in cs.actor_index:
                raise InterventionError(f"unknown actor '{who}' in the inject's audience")
        text = str(p.get("text", "")).strip()
        ctx.emit("inject", f"{title}: {text}" if text else title, rule="override", inject="adhoc", parent=root,
                 seen=audience)
    elif iv.kind == "extend":
        extra = int(_number(p.get("turns", 1)))
        if not 1 <= extra <= 50:
            raise InterventionError("extend by 1 to 50 turns")
        cs = replace(cs, turns=cs.turns + extra)
        if s.over and s.ending < 0:
            s.over = False
            s.turn += 1
            for actor in cs.actors:
                s.budget_left[actor.idx] = actor.budget
    elif iv.kind == "end":
        s.over = True
        ctx.emit("ending", "The facilitator ended the exercise", rule="override", parent=root)
    return cs, s, ctx.events()


def _audience(cs: CompiledScenario, iv: Intervention) -> tuple[str, ...] | None:
    """Who learns of an intervention: an inject's own audience, everyone otherwise.

    A private inject released by the facilitator must not reveal itself to other teams
    through the override note that announces it.
    """
    if iv.kind == "release_inject":
        kid = str(iv.payload.get("inject", ""))
        if kid in cs.inject_index:
            k = cs.injects[cs.inject_index[kid]]
            return None if k.to is None else tuple(cs.actors[x].id for x in k.to)
    if iv.kind == "adhoc_inject":
        to = iv.payload.get("to") or None
        if to:
            return tuple(str(x) for x in to) if isinstance(to, list | tuple) else (str(to),)
    return None


def _number(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        raise InterventionError(f"expected a number, got {v!r}") from None


def _descends(events: list[Event], e: Event, root: int) -> bool:
    by = {x.seq: x for x in events}
    cur = e
    for _ in range(64):
        if cur.parent < 0:
            return False
        if cur.parent == root:
            return True
        nxt = by.get(cur.parent)
        if nxt is None:
            return False
        cur = nxt
    return False
