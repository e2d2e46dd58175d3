"""Areas for improvement with a root cause: root cause → doctrine → improvement (HSEEP IP).

A stability fall or a climb of the ladder is traced through the engine's cause chains
to the move or inject it started from, with what made it worse on the way (a message
misread, a public channel's audience cost).  Each root is mapped to the doctrine
principle it bears on and to a suggested POETE element (Planning / Organization /
Equipment / Training / Exercise) with a corrective action the instructor can edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.compile import CompiledScenario
from game.engine.events import Event, chain

from .model import ImprovementRow, TurningPoint


@dataclass(frozen=True)
class RootCause:
    area: str  # the area for improvement, with its root cause
    principle: str
    element: str  # POETE
    action: str  # suggested corrective action


def _name(cs: CompiledScenario, actor: str) -> str:
    i = cs.actor_index.get(actor, -1)
    return cs.actors[i].name if i >= 0 else actor


def _advice(cs: CompiledScenario, root: Event, misread: Event | None) -> tuple[str, str, str]:
    """(principle, POETE element, corrective action) for a root cause."""
    if misread is not None:
        ch = cs.channels[cs.channel_index[misread.channel]] if misread.channel in cs.channel_index else None
        where = f" ({ch.name}, fidelity {ch.fidelity:.0%})" if ch is not None else ""
        return ("transparency", "Equipment",
                f"Send sensitive messages by a high-fidelity direct channel (set up a hotline early); the one used{where} "
                "was misread")
    if root.kind == "inject":
        return ("transparency", "Planning", "Plan the answer to this kind of development before it comes: who "
                "responds, through which channel, within which turn")
    m = cs.moves[cs.move_index[root.move]] if root.move in cs.move_index else None
    if m is None:
        return ("restraint", "Training", "Review what drove the change with the team")
    ch = cs.channels[cs.channel_index[root.channel]] if root.channel in cs.channel_index else None
    if m.category == "military":
        return ("restraint", "Training", f"Practise signalling resolve without force: a private warning or a "
                f"confidence-building measure before ‘{m.name}’")
    if ch is not None and ch.public:
        return ("confidentiality", "Training", f"Carry ‘{m.name}’ through a private channel: in public it raised "
                "audience costs on both sides")
    if m.category == "alliance":
        return ("transparency", "Organization", "Notify the other side of alliance moves in advance (transparency "
                "measures) so that reassurance of the ally does not read as a threat")
    return ((m.tags[0] if m.tags else "restraint").replace("_", " "), "Training",
            f"Weigh ‘{m.name}’ against its likely reading by the other side before ordering it")


def root_causes(cs: CompiledScenario, events: list[Event], points: list[TurningPoint]) -> list[RootCause]:
    """One root cause per harmful turning point (stability fell, or the ladder climbed)."""
    by_seq = {e.seq: e for e in events}
    out: list[RootCause] = []
    seen: set[int] = set()
    for tp in points:
        harmful = (tp.metric == "stability" and tp.delta < 0) or (tp.metric == "rung" and tp.delta > 0)
        if not harmful or not tp.causes:
            continue
        steps = tp.causes[0].steps
        if not steps:
            continue
        root = by_seq.get(steps[0].seq)
        if root is None or root.seq in seen:
            continue
        seen.add(root.seq)
        path = chain(events, steps[-1].seq)
        misread = next((e for e in path if e.rule == "misperception"), None)
        if root.kind == "order":
            what = root.note or f"{_name(cs, root.actor)}: {root.move}"
        else:
            what = root.note or root.kind
        why = f"; on the way, {misread.note}" if misread is not None else ""
        if tp.metric == "stability":
            swing = f"Stability fell {abs(tp.delta):.1f}"
        else:
            n = int(round(abs(tp.delta)))
            swing = f"Escalation climbed {n} rung{'s' if n != 1 else ''}"
        area = f"{swing} on turn {tp.turn}: root cause — {what}{why}"
        principle, element, action = _advice(cs, root, misread)
        out.append(RootCause(area, principle, element, action))
    return out


def plan_rows(causes: list[RootCause]) -> list[ImprovementRow]:
    return [ImprovementRow(c.area, f"root cause ({c.principle})", c.action, c.element) for c in causes]
