"""What-if branches: replay a finished game to a turn, play on differently, compare.

How an instructor answers "what if we had used the hotline on turn 3?": the game is
rebuilt from its record up to the start of turn N, then played on with other orders
for the actors an orders file names (or a policy for one actor), while

* the other people's actors repeat their recorded orders (the engine rejects, with its
  reason, any that the new situation no longer allows),
* the computer's actors decide afresh with their policies (they react to the change),
* the white cell's recorded overrides are applied on their turns when they still apply.

Both histories are then set side by side: stability and rung per turn, the outcome
band, and the first event where they part.  Deterministic like every game: the same
record, turn and new orders give the same branch.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from game.engine.events import Event, describe
from game.engine.game import Game
from game.engine.interventions import InterventionError
from game.engine.rules import Order

Decide = Callable[[Game, str, str], list[Order]]


class BranchError(ValueError):
    """A branch that cannot be made (the message is one line for the user)."""


@dataclass(frozen=True)
class BranchRow:
    turn: int
    stability: tuple[float | None, float | None]  # (as played, branch) after the turn
    rung: tuple[int | None, int | None]


@dataclass
class Branch:
    game: Game
    original: Game
    from_turn: int
    changed: tuple[str, ...]  # the actors whose orders were changed
    rows: list[BranchRow]
    bands: tuple[str, str]  # outcome band: as played, branch
    first_difference: str  # 'turn 3: as played … / in the branch …' ('' when the histories agree)
    skipped: list[str] = field(default_factory=list)  # overrides that no longer applied


def _bots_decide(game: Game, actor: str, policy: str) -> list[Order]:
    from game.bots import decide

    return list(decide(game.cs, game.state, actor, policy, game.seed))


def branch(
    original: Game, turn: int, *, plan: Mapping[int, list[Order]] | None = None, actor: str = "",
    policy: str = "", humans: Collection[str] = (), policies: Mapping[str, str] | None = None,
    decide: Decide = _bots_decide,
) -> Branch:
    """The branch of `original` from the start of `turn` (see the module's docstring).

    `plan` (turn -> orders) replaces the recorded orders of every actor it names on the
    turns it names; `policy` lets that policy play `actor` from `turn` on.
    """
    played = len(original.turns)
    if not 1 <= turn <= max(1, played):
        raise BranchError(f"--turn must be from 1 to {max(1, played)} (the turns this game played)")
    cs = original.origin
    ids = {a.id for a in cs.actors}
    if policy and actor not in ids:
        raise BranchError(f"--policy needs --actor: one of {', '.join(sorted(ids))}")
    plan = dict(plan or {})
    changed = set(o.actor for orders in plan.values() for o in orders)
    if policy:
        changed.add(actor)
    if not changed:
        raise BranchError("nothing changes: give --orders FILE or --policy NAME with --actor ACTOR")
    pols = dict(policies or {})
    people = set(humans)
    g = Game.new(cs, original.seed)
    pending = list(original.interventions)
    skipped: list[str] = []
    n = 0
    while not g.over and n < 1000:
        while pending and pending[0].turn <= g.clock:
            iv = pending.pop(0)
            try:
                g.apply_intervention(iv)
            except InterventionError as exc:
                skipped.append(f"turn {iv.turn} {iv.kind.replace('_', ' ')}: {exc}")
        if g.over:
            break
        t = g.turn
        if t < turn:
            g.play_turn(list(original.turns[t - 1].orders))
            n += 1
            continue
        recorded = list(original.turns[t - 1].orders) if t - 1 < played else []
        orders: list[Order] = []
        for a in cs.actors:
            if any(o.actor == a.id for o in plan.get(t, [])):
                orders.extend(o for o in plan[t] if o.actor == a.id)
            elif policy and a.id == actor:
                orders.extend(decide(g, a.id, policy))
            elif a.id in people:
                orders.extend(o for o in recorded if o.actor == a.id)
            else:
                orders.extend(decide(g, a.id, pols.get(a.id) or a.personality))
        g.play_turn(orders)
        n += 1
    while pending:  # overrides after the last turn (an 'end', an 'extend')
        iv = pending.pop(0)
        try:
            g.apply_intervention(iv)
        except InterventionError as exc:
            skipped.append(f"turn {iv.turn} {iv.kind.replace('_', ' ')}: {exc}")
    return Branch(g, original, turn, tuple(sorted(changed)), _rows(original, g), (original.result().band, g.result().band),
                  _first_difference(original, g, turn), skipped)


def _rows(a: Game, b: Game) -> list[BranchRow]:
    sa, sb = a.state.stability_hist, b.state.stability_hist
    ra, rb = a.state.rung_hist, b.state.rung_hist
    out = []
    for i in range(max(len(sa), len(sb))):
        out.append(BranchRow(i + 1, (sa[i] if i < len(sa) else None, sb[i] if i < len(sb) else None),
                             (ra[i] if i < len(ra) else None, rb[i] if i < len(rb) else None)))
    return out


def _signature(e: Event) -> tuple[object, ...]:
    return (e.turn, e.kind, e.metric, e.scope, round(e.delta, 6), e.rule, e.move, e.actor, e.target, e.channel, e.inject)


def _first_difference(a: Game, b: Game, turn: int) -> str:
    ea = [e for e in a.events() if e.turn >= turn]
    eb = [e for e in b.events() if e.turn >= turn]
    for x, y in zip(ea, eb, strict=False):
        if _signature(x) != _signature(y):
            return f"turn {y.turn}: as played — {describe(x)}; in the branch — {describe(y)}"
    if len(ea) != len(eb):
        longer, which = (ea, "as played") if len(ea) > len(eb) else (eb, "in the branch")
        extra = longer[min(len(ea), len(eb))]
        return f"turn {extra.turn}: only {which} — {describe(extra)}"
    return ""


def comparison_lines(br: Branch, names: Mapping[str, str]) -> list[str]:
    """The two histories side by side, as the command prints them."""
    who = ", ".join(names.get(a, a) for a in br.changed)
    lines = [f"What if, from turn {br.from_turn}, {who} had played otherwise:", "",
             f"{'turn':>4}  {'stability as played':>19}  {'branch':>7}  {'rung as played':>14}  {'branch':>6}"]
    for r in br.rows:
        sa, sb = r.stability
        ra, rb = r.rung
        mark = "  ◀" if r.turn >= br.from_turn and (sa is None or sb is None or round(sa, 1) != round(sb, 1)) else ""
        lines.append(f"{r.turn:>4}  {_num(sa):>19}  {_num(sb):>7}  {_int(ra):>14}  {_int(rb):>6}{mark}")
    lines += ["", f"Outcome as played: {br.bands[0]} · in the branch: {br.bands[1]}"]
    lines.append(f"First difference: {br.first_difference}" if br.first_difference
                 else "The two histories do not differ.")
    lines += [f"Not applied in the branch (no longer possible): {s}" for s in br.skipped]
    return lines


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def _int(v: int | None) -> str:
    return "—" if v is None else str(v)
