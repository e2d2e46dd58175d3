"""Play-as-you-write: rebuild a game on a re-saved scenario, to the turn the author was on.

`detente play FILE --watch` keeps the seed and every recorded order; when the file is
valid again the game is rebuilt on it and the same orders replayed turn by turn, and
the author is told what changed ("turn 3: ‘Doctored video’ now fires; stability after
turn 3 64.0 → 58.0").  When the new file makes a recorded order impossible (a move
renamed, a channel removed, a cost raised), the rebuild stops before that turn and
says which order and why: the game is left there, playable.  Engine-only, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order, check

MAX_CHANGES = 6


@dataclass
class Rebuilt:
    game: Game
    turns_replayed: int
    stopped: str = ""  # why the replay stopped early ('' when every recorded turn replayed)
    changes: list[str] = field(default_factory=list)


def _why_illegal(cs: CompiledScenario, g: Game, orders: list[Order]) -> str:
    """'' if every order can be played now, else which one cannot and why."""
    spent: dict[str, int] = {}
    for o in orders:
        if o.actor not in cs.actor_index:
            return f"{o.actor}: no such actor any more"
        if o.move not in cs.move_index:
            return f"{cs.actors[cs.actor_index[o.actor]].name}'s ‘{o.move}’: no such move any more"
        i = cs.actor_index[o.actor]
        m = cs.moves[cs.move_index[o.move]]
        j = cs.actor_index.get(o.target, -1) if o.target else -1
        k = cs.actor_index.get(o.second, -1) if o.second else -1
        c = cs.channel_index.get(o.channel, -1) if o.channel else -1
        if (o.target and j < 0) or (o.second and k < 0) or (o.channel and c < 0):
            return f"{cs.actors[i].name}'s ‘{m.name}’: its target or channel no longer exists"
        budget = g.state.budget_left[i] - spent.get(o.actor, 0)
        reason = check(cs, g.state, i, m, j, k, c, budget)
        if reason:
            return f"{cs.actors[i].name}'s ‘{m.name}’: {reason}"
        spent[o.actor] = spent.get(o.actor, 0) + m.cost + (cs.channels[c].cost if c >= 0 else 0)
    return ""


def rebuild(old: Game, cs: CompiledScenario) -> Rebuilt:
    """`old`'s seed and orders replayed on `cs`, as far as they still play."""
    g = Game.new(cs, old.seed)
    pending = list(old.interventions)
    done = 0
    stopped = ""
    for rec in old.turns:
        while pending and pending[0].turn <= g.clock:
            try:
                g.apply_intervention(pending.pop(0))
            except Exception:  # an override the new file no longer allows is dropped
                pass
        if g.over:
            stopped = f"the game now ends before turn {rec.turn}"
            break
        problem = _why_illegal(cs, g, list(rec.orders))
        if problem:
            stopped = f"turn {rec.turn}: {problem}"
            break
        g.play_turn(list(rec.orders))
        done += 1
    return Rebuilt(g, done, stopped, _changes(old, g, done))


def _changes(old: Game, new: Game, turns: int) -> list[str]:
    out: list[str] = []
    ocs, ncs = old.cs, new.cs
    title = {k.id: k.title for k in ncs.injects} | {k.id: k.title for k in ocs.injects}

    def fired(g: Game, t: int) -> set[str]:
        return {e.inject for e in g.events() if e.kind == "inject" and e.turn == t and e.inject != "adhoc"}

    for t in range(1, turns + 2):
        a, b = fired(old, t), fired(new, t)
        for k in sorted(b - a):
            out.append(f"turn {t}: ‘{title.get(k, k)}’ now fires")
        for k in sorted(a - b):
            out.append(f"turn {t}: ‘{title.get(k, k)}’ no longer fires")
    sa, sb = old.state.stability_hist, new.state.stability_hist
    for t in range(min(turns, len(sa), len(sb))):
        if round(sa[t], 1) != round(sb[t], 1):
            out.append(f"stability after turn {t + 1}: {sa[t]:.1f} → {sb[t]:.1f}")
    ra, rb = old.state.rung_hist, new.state.rung_hist
    for t in range(min(turns, len(ra), len(rb))):
        if ra[t] != rb[t]:
            out.append(f"rung after turn {t + 1}: {ra[t]} → {rb[t]}")
            break
    if not out:
        out.append("the same game: nothing this file changed shows in the turns played so far")
    if len(out) > MAX_CHANGES:
        out = [*out[:MAX_CHANGES], f"… and {len(out) - MAX_CHANGES} more"]
    return out
