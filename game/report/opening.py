"""A scenario's opening picture in words, as an author reviews it before a class.

Built from the game at turn 1 after its opening briefing (nothing is played): the
briefing, each actor with its kind, personality, capital and objectives, each pair's
trust and tension and the channels open between them, and the injects timeline.  From
an actor's seat (`as_actor`), the others' numbers are the ≈ estimates that team reads.
"""

from __future__ import annotations

from game.engine.compile import CompiledScenario
from game.engine.game import Game

from .msel import planned


def opening_lines(cs: CompiledScenario, as_actor: str = "") -> list[str]:
    g = Game.new(cs, 1)
    st = g.state
    names = {a.id: a.name for a in cs.actors}
    out = [cs.title, "=" * len(cs.title), "",
           f"{cs.turns} turns of {cs.turn_length} · difficulty {cs.difficulty} · {len(cs.actors)} actors", ""]
    out += ["Briefing", "--------"]
    for para in (cs.briefing or cs.summary).strip().split("\n\n"):
        out += [" ".join(para.split()), ""]
    out += ["Actors", "------"]
    for a in cs.actors:
        if as_actor and a.id != as_actor:
            continue
        out.append(f"{a.name} ({a.id}): {a.kind}, {a.control}, personality {a.personality}, capital {a.budget} a turn")
        if a.description:
            out.append(f"  {' '.join(a.description.split())}")
        for oid, text, _fn, weight in a.objectives:
            out.append(f"  • {text}" + (f" (weight {weight:g})" if weight != 1 else "") + f"  [{oid}]")
    if as_actor:
        out += ["", f"Others (as {names[as_actor]}'s team sees them: ≈ estimate ± error)"]
        pic = g.picture(as_actor)
        for aid, est in pic.actors.items():
            if aid == as_actor:
                continue
            err = max((e.error for e in est.values()), default=0.0)
            vals = ", ".join(f"{m.replace('_', ' ')} ≈{e.value:.0f}" for m, e in est.items())
            out.append(f"  {names[aid]} (±{err:.0f}): {vals}")
    out += ["", "Pairs at the start (trust / tension; channels open)", "---------------------------------------------------"]
    for p, (i, j) in enumerate(cs.pairs):
        first, second = cs.actors[i].id, cs.actors[j].id
        if as_actor and as_actor not in (first, second):
            continue
        chans = [c.name for c in cs.channels if st.open[p] & (1 << c.idx)]
        out.append(f"  {names[first]} – {names[second]}: trust {st.trust[p]:.0f} / tension {st.tension[p]:.0f}; "
                   f"open: {', '.join(chans) or 'none'}")
    out += ["", f"Stability {st.g[0]:.0f} · humanitarian {st.g[1]:.0f} · misinformation {st.g[2]:.0f} · "
                f"rung {st.rung}: {cs.ladder[st.rung]}", ""]
    out += ["Injects timeline", "----------------"]
    for k in cs.injects:
        if as_actor and k.to is not None and cs.actor_index[as_actor] not in k.to:
            continue
        to = "everyone" if k.to is None else ", ".join(cs.actors[x].name for x in k.to)
        out.append(f"  #{k.idx + 1} {k.title} — {planned(cs, k.idx)}; to {to}")
    if not cs.injects:
        out.append("  (none)")
    return out
