"""The MSEL as played: every authored inject as planned, what happened to it, and the answers.

HSEEP's Master Scenario Events List is what controllers run an exercise from; after it,
the evaluator compares the plan with the play: did each inject fire (on schedule, by its
condition, by chance, as a contingency, or released by the white cell), and did each
team that received it take the expected action in time?  Everything comes from the
scenario and the game's events; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from game.engine.compile import CompiledScenario
from game.engine.events import Event
from game.scenario.expr_words import in_words, plain

from .model import MselRow


def _namer(cs: CompiledScenario) -> Callable[[str, str], str]:
    names = {
        "actor": {a.id: a.name for a in cs.actors}, "move": {m.id: m.name for m in cs.moves},
        "channel": {c.id: c.name for c in cs.channels}, "inject": {k.id: k.title for k in cs.injects},
        "treaty": {t.id: t.name for t in cs.treaties},
    }

    def namer(kind: str, ident: str) -> str:
        return names.get(kind, {}).get(ident) or plain(ident)

    return namer


def planned(cs: CompiledScenario, i: int) -> str:
    """The inject's trigger in words: 'turn 3', 'when …', 'chance 30% a turn', 'if … went unanswered'."""
    k = cs.injects[i]
    sc = cs.scenario
    window = ""
    if k.from_turn > 1 or k.until_turn < cs.turns:
        window = f" (turns {k.from_turn}–{min(k.until_turn, cs.turns)})"
    if k.turn:
        return f"turn {k.turn}"
    if k.contingency_for >= 0:
        backed = cs.injects[k.contingency_for]
        return f"contingency: if ‘{backed.title}’ got no expected action within {backed.within} turns"
    if k.chance > 0:
        return f"chance {k.chance:.0%} a turn{window}"
    if k.when is not None and sc is not None:
        src = sc.injects[i].trigger.when or ""
        return f"when {in_words(str(src), _namer(cs))}{window}"
    return "released by the white cell only"


def msel_as_played(cs: CompiledScenario, events: list[Event], humans: Collection[str],
                   teams: Mapping[str, str], only: str = "",
                   taken: Collection[tuple[int, str]] = ()) -> list[MselRow]:
    """Every authored inject (`only`: those addressed to that actor, for a team's copy)."""
    names = {a.id: a.name for a in cs.actors}
    orders = [e for e in events if e.kind == "order"]
    rows = []
    for k in cs.injects:
        if only and k.to is not None and cs.actor_index.get(only, -1) not in k.to:
            continue
        fired = [e for e in events if e.kind == "inject" and e.inject == k.id]
        scheduled = sorted({e.turn for e in fired if e.rule != "override"})
        released = sorted({e.turn for e in fired if e.rule == "override"})
        to_ids = [a.id for a in cs.actors] if k.to is None else [cs.actors[x].id for x in k.to]
        to = "everyone" if k.to is None else ", ".join(names[x] for x in to_ids)
        expected = ", ".join(cs.moves[m].name for m in k.expects)
        answers: list[str] = []
        if k.expects:
            wanted = {cs.moves[m].id for m in k.expects}
            for a in to_ids:
                if a not in humans:
                    continue
                who = names[a] + (f" (team {teams[a]})" if a in teams else "")
                if not fired:
                    answers.append(f"{who}: — (never reached them)")
                    continue
                ft = min(e.turn for e in fired)
                hit = next((o for o in orders if o.actor == a and o.move in wanted and ft <= o.turn < ft + k.within),
                           None)
                if hit is not None:
                    by = " (given by the facilitator during a take-over)" if (hit.turn, a) in taken else ""
                    answers.append(f"{who}: ✓ turn {hit.turn}, {cs.moves[cs.move_index[hit.move]].name}{by}")
                else:
                    answers.append(f"{who}: ✗ no expected action within {k.within} turn{'s' if k.within != 1 else ''}")
        rows.append(MselRow(k.idx + 1, k.id, k.title, planned(cs, k.idx), to, scheduled, released, expected, answers))
    return rows
