"""Adjudication: `step(cs, state, orders, rng) -> (state, events)`.

Resolution order (documented in docs/model.md, fixed so play is reproducible):

1. Orders are checked against the state at the start of the turn (simultaneous moves):
   an illegal order is rejected with its reason; budgets are spent in order given.
2. Messages sent on earlier turns through slow channels are delivered.
3. Accepted orders resolve by category (communication, CBM, humanitarian,
   information, alliance, mediation, military), then by actor, then by order given.
4. Assessment: signal-versus-deed, alliance obligations, Richardson tension drift,
   the escalation ladder, stability, thresholds, red lines, debrief points, endings.
5. Briefing for the next turn: injects by turn, condition, chance and contingency.

Every random draw is made here, from the one generator the game owns, and recorded as
an event; every metric change is an event naming its cause.

Two modes, one set of rules.  With `record=True` every change builds its `Cause` and
`Event`.  With `record=False` (playtests, advisor rollouts: hundreds of thousands of
turns) no Cause, Event or explanatory f-string is built — every such construction sits
behind `if rec:` — but every event that *would* have been made still takes its sequence
number (`s.seq` is part of the state hash), so both modes reach bit-identical states.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from operator import itemgetter
from typing import Any, Final, NamedTuple

from .compile import TAGS, CChannel, CEffect, CMove, CompiledScenario
from .events import NO_ROLL, Event, Note, Row, materialize
from .state import ACTOR_METRICS as _AM_NAMES
from .state import CRED, HUM, LEGIT, MIS, PRESS, READY, STAB, State
from .state import GLOBAL_METRICS as _GM_NAMES

# Module constants are Final: compiled (game/native.py), a Final name is a C static, not
# a look-up in the module's dict on every use.
STAGES: Final = {"talks": 1, "ceasefire": 2, "agreement": 3}
STAGE_NAMES: Final = ("none", "talks", "ceasefire", "agreement")
ALLY_TARGET: Final = frozenset({"consult", "exercise", "share_intel", "honour"})
_DECODE_LIMIT: Final = 200_000  # bound on the per-scenario order-decoding cache
_NEUTRALITY: Final = TAGS.index("neutrality")  # rows in State.tag_counts the relief reading counts
_IMPARTIALITY: Final = TAGS.index("impartiality")


class Order(NamedTuple):
    """What an actor orders: ids, as a player or an orders file gives them."""

    actor: str
    move: str
    target: str = ""
    second: str = ""
    channel: str = ""

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self._asdict().items() if v}


class _Ctx:
    __slots__ = ("cs", "s", "rng", "random", "ev", "t", "r", "rec")

    def __init__(self, cs: CompiledScenario, s: State, rng: random.Random, record: bool = True) -> None:
        self.rec = record
        self.cs = cs
        self.s = s
        self.rng = rng
        self.random: Callable[[], float] = rng.random  # bound once: a draw is then a plain call
        self.ev: list[Row] = []  # rows (events.Row): Event tuples are built when read
        self.t = s.turn
        self.r = cs.rules

    def emit(
        self, kind: str, note: Note = "", *, metric: str = "", scope: str = "", delta: float = 0.0, value: float = 0.0,
        rule: str = "", move: str = "", actor: str = "", target: str = "", channel: str = "", factor: float = 1.0,
        roll: float = NO_ROLL, inject: str = "", parent: int = -1, seen: tuple[str, ...] | None = None,
    ) -> int:
        s = self.s
        seq = s.seq
        s.seq = seq + 1
        if self.rec:
            self.ev.append((seq, self.t, kind, metric, scope, delta, value, rule, note, parent, seen, move, actor,
                            target, channel, factor, roll, inject))
        return seq

    def events(self) -> list[Event]:
        """What was recorded, as events (built now: see events.Row)."""
        return materialize(self.ev)

    def roll(
        self, why: Note, parent: int, seen: tuple[str, ...] | None, move: str = "", actor: str = "", target: str = "",
        channel: str = "",
    ) -> tuple[float, int]:
        """One draw from the game's generator, recorded as a 'roll' event (record=True callers)."""
        x = self.random()
        s = self.s
        seq = s.seq
        s.seq = seq + 1
        if self.rec:
            self.ev.append((seq, self.t, "roll", "", "", 0.0, 0.0, "roll", why, parent, seen, move, actor, target,
                            channel, 1.0, x, ""))
        return x, seq

    def draw(self) -> float:
        """The record=False twin of `roll`: the same draw and sequence number, no event."""
        self.s.seq += 1
        return self.random()

    def skip(self) -> int:
        """Take the sequence number an event would have had (record=False fast path)."""
        s = self.s
        seq = s.seq
        s.seq = seq + 1
        return seq


#: Why a metric changes: the tail of every change row (events.Row), shared by the changes it
#: explains -- in Event's field order: [0] rule, [1] note, [2] parent, [3] seen (who may know
#: of it; None: public), [4] move, [5] actor, [6] target, [7] channel, [8] factor, [9] roll,
#: [10] inject.  A plain tuple read by position, not a named one: compiled, a named tuple can
#: only be made through a generic call of tuple.__new__ (about 1,500 machine instructions,
#: twice that with a slice), a tuple display is a few dozen; and a played turn makes a dozen.
#: Typed as a tuple of any length: compiled, a fixed-length tuple type is a C struct, unboxed
#: from its tuple at every call that takes one and boxed into a new tuple at every call that
#: stores it -- the drift's one cause would become 21 tuples.  The functions that make
#: causes (`_cause`, `_rn`...) keep their parameters typed.
Cause = tuple[Any, ...]

# In the record=False mode the change functions receive `None` instead of a Cause: they
# never look at it then.  The annotation says Cause because that is what recording needs.


def _cause(
    rule: str, note: Note, parent: int, seen: tuple[str, ...] | None, move: str = "", actor: str = "",
    target: str = "", channel: str = "", factor: float = 1.0, roll: float = NO_ROLL, inject: str = "",
) -> Cause:
    return (rule, note, parent, seen, move, actor, target, channel, factor, roll, inject)


def _rn(c: Cause, rule: str, note: Note) -> Cause:
    """`c` with another rule and note (most changes: one act's effects, each in its words)."""
    return (rule, note, c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10])


def _rn1(c: Cause, rule: str, note: Note) -> Cause:
    """`c` with another rule and note, and factor 1 (effects on the actor itself)."""
    return (rule, note, c[2], c[3], c[4], c[5], c[6], c[7], 1.0, c[9], c[10])


def _renote(c: Cause, note: Note) -> Cause:
    """`c` in other words."""
    return (c[0], note, c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10])


def _after(c: Cause, parent: int, note: Note) -> Cause:
    """`c` in other words, following from the event `parent` (a stage reached, a talk failed)."""
    return (c[0], note, parent, c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10])


def _rolled(c: Cause, rule: str, roll: float, parent: int, factor: float) -> Cause:
    """`c` decided by a draw: the rule the draw was for, the draw, and its 'roll' event."""
    return (rule, c[1], parent, c[3], c[4], c[5], c[6], c[7], factor, roll, c[10])


def _record(ctx: _Ctx, metric: str, scope: str, delta: float, value: float, c: Cause) -> None:
    s = ctx.s
    seq = s.seq
    s.seq = seq + 1
    if ctx.rec:
        ctx.ev.append((seq, ctx.t, metric, scope, delta, value, c))


def _clamp(v: float) -> float:
    return 0.0 if v < 0.0 else (100.0 if v > 100.0 else v)


def change_pair(ctx: _Ctx, metric: str, p: int, delta: float, c: Cause | None) -> None:
    s = ctx.s
    arr = s.trust if metric == "trust" else s.tension
    old = arr[p]
    new = old + delta
    new = 0.0 if new < 0.0 else (100.0 if new > 100.0 else new)
    if new == old:
        return
    arr[p] = new
    seq = s.seq
    s.seq = seq + 1
    if ctx.rec:
        assert c is not None
        ctx.ev.append((seq, ctx.t, metric, ctx.cs.pair_names[p], new - old, new, c))


def change_actor(ctx: _Ctx, mi: int, i: int, delta: float, c: Cause | None) -> None:
    s = ctx.s
    row = s.am[mi]
    old = row[i]
    new = old + delta
    new = 0.0 if new < 0.0 else (100.0 if new > 100.0 else new)
    if new == old:
        return
    row[i] = new
    seq = s.seq
    s.seq = seq + 1
    if ctx.rec:
        assert c is not None
        ctx.ev.append((seq, ctx.t, _AM_NAMES[mi], ctx.cs.actors[i].id, new - old, new, c))


def change_global(ctx: _Ctx, gi: int, delta: float, c: Cause | None) -> None:
    s = ctx.s
    g = s.g
    old = g[gi]
    new = old + delta
    new = 0.0 if new < 0.0 else (100.0 if new > 100.0 else new)
    if new == old:
        return
    g[gi] = new
    seq = s.seq
    s.seq = seq + 1
    if ctx.rec:
        assert c is not None
        ctx.ev.append((seq, ctx.t, _GM_NAMES[gi], "", new - old, new, c))


def _public_rung_cause(c: Cause, delta: int) -> Cause:
    """The cause a rung change shows the world.

    The ladder is public: everyone sees it move.  When what moved it was private (a
    Track II message, a private inject), the public event keeps the rule and its parent
    link — so those who saw the cause can follow the chain — but names no move, actor,
    target, channel or inject, and its note is generic.
    """
    if c[3] is None:
        return c
    note = "the crisis escalates (the cause is not public)" if delta > 0 else "the crisis eases (the cause is not public)"
    return _cause(c[0], note, -1, None)  # no link: a public event never points at a private one


def change_rung(ctx: _Ctx, delta: int, c: Cause | None) -> None:
    s = ctx.s
    old = s.rung
    new = max(0, min(ctx.cs.max_rung, old + delta))
    if new == old:
        return
    s.rung = new
    if new > old:
        s.escalated = True
    rec = ctx.rec
    if rec:
        assert c is not None
        c = _public_rung_cause(c, new - old)
        _record(ctx, "rung", "", float(new - old), float(new), c)
    else:
        s.seq += 1
    if new > s.max_rung:
        s.max_rung = new
    for rung, name in ctx.cs.thresholds:
        if old < rung <= new:
            s.crossings.append((ctx.t, rung))
            if rec:
                assert c is not None
                ctx.emit("threshold", f"Threshold crossed: {name} (rung {rung})", rule="threshold",
                         value=float(rung), parent=c[2])
            else:
                s.seq += 1


# --------------------------------------------------------------------------- legality


_KIND_NAMES: Final = {"state": "a state", "alliance": "an alliance", "io": "an international organisation",
               "ngo": "an NGO", "armed_group": "an armed group"}


def _kind(kind: str) -> str:
    return _KIND_NAMES.get(kind, f"a {kind.replace('_', ' ')}")


def check(cs: CompiledScenario, s: State, i: int, m: CMove, j: int, k: int, c: int, budget: int) -> str:
    """Why this order is illegal, in words a player can read; '' when it is legal.

    The tests run in a fixed order (the first failing one is the reason shown); the
    common legal case is a handful of precomputed look-ups (costs, channel bits, allowed
    target indices) and no string work.
    """
    if s.over:
        return "the game is over"
    if not cs.avail[i][m.idx]:
        return f"not available to {cs.actors[i].name}"
    cost = m.costs[c]
    if cost > budget:
        return f"costs {cost}, only {budget} capital left this turn"
    if m.cooldown:
        last = s.last_used[m.idx * s.na + i]
        if last and s.turn - last <= m.cooldown:
            return f"used on turn {last}; available again on turn {last + m.cooldown + 1}"
    if m.target == 0:
        if j >= 0:
            return "this move takes no target"
    else:
        n = cs.n
        if not 0 <= j < n or j == i:
            return "choose another actor as target"
        ok = m.target_ok
        if ok is not None and j not in ok:
            return f"cannot target {_kind(cs.actors[j].kind)}"
        if m.target == 2:
            if not 0 <= k < n or k == i or k == j:
                return "choose two other actors"
            if ok is not None and k not in ok:
                return f"cannot target {_kind(cs.actors[k].kind)}"
    if m.chanbits:
        if c < 0:
            return "choose a channel"
        ch = cs.channels[c]
        if not m.chanbits >> c & 1:
            return f"cannot be sent through {ch.name}"
        if j >= 0:
            if ch.requires_established and not s.open[cs.pair[i][j]] >> c & 1:
                return f"no {ch.name.lower()} is open with {cs.actors[j].name}"
            if ch.mediator_trust is not None and _intermediary(cs, s, i, j, ch.mediator_trust) < 0:
                return f"no intermediary trusted by both sides (needs trust {ch.mediator_trust:.0f})"
    elif c >= 0:
        return "this move is not sent through a channel"
    if m.opens_channel >= 0 and j >= 0 and s.open[cs.pair[i][j]] >> m.opens_channel & 1:
        return f"the {cs.channels[m.opens_channel].name.lower()} is already open"
    if m.cond is not None and not m.cond(s):
        return f"only when {m.cond_text or m.cond_src}"
    if m.consent and j >= 0 and not _consents(cs, s, j, i):
        return (f"{cs.actors[j].name} does not consent (its trust in you is {s.trust[cs.pair[i][j]]:.0f}, "
                f"needs {cs.rules.consent_trust:.0f}, or a treaty between you)")
    if m.bilateral:
        p = cs.pair[i][j]
        stage, want = s.stage[p], STAGES.get(m.mediation, 0)
        lowest = 1 if want == 3 else want - 1  # talks are enough for two parties to sign (INCSEA, 1972)
        if stage >= want:
            return f"you are already past {m.mediation}"
        if stage < lowest:
            return f"needs {STAGE_NAMES[lowest]} first (now: {STAGE_NAMES[stage]})"
        if not s.open[p]:
            return f"no established channel is open with {cs.actors[j].name} (a hotline, a liaison link)"
        need = cs.rules.bilateral_trust
        if s.trust[p] < need:
            return f"too little trust to agree without a mediator (trust {s.trust[p]:.0f}, needs {need:.0f})"
    elif m.mediation:
        p = cs.pair[j][k]
        if m.mediation == "spoil":
            if s.stage[p] == 0:
                return "there is no peace process between them to spoil"
        else:
            before = STAGES[m.mediation] - 1  # the stage this step follows (an int: mypyc keeps types apart)
            if s.stage[p] != before:
                if s.stage[p] > before:
                    return f"they are already past {m.mediation}"
                return f"needs {STAGE_NAMES[before]} first (now: {STAGE_NAMES[s.stage[p]]})"
            mt = cs.rules.mediator_trust
            t1, t2 = s.trust[cs.pair[i][j]], s.trust[cs.pair[i][k]]
            if min(t1, t2) < mt:
                return f"not trusted enough by both sides (trust {t1:.0f} and {t2:.0f}, needs {mt:.0f})"
    if m.alliance:
        if m.alliance in ALLY_TARGET and j >= 0:
            if j not in cs.allies[i]:
                return f"{cs.actors[j].name} is not an ally"
            if m.alliance == "honour" and not any(o[0] == j and o[1] == i for o in s.obligations):
                return f"{cs.actors[j].name} has not invoked a commitment you owe"
        if m.alliance == "request_consultation":
            if not cs.allies[i]:
                return "you have no alliance or partnership to consult"
            if not (s.threatened[i] or s.attacked[i]):
                return "only when your security is threatened (a threat or an attack on you)"
        if m.alliance == "invoke":
            if _invocable(cs, s, i) < 0:
                return "no collective-defence treaty's terms are met for you now"
            if any(o[0] == i for o in s.obligations):
                return "you have already invoked collective defence"
    return ""


def _invocable(cs: CompiledScenario, s: State, i: int) -> int:
    for t in cs.treaties:
        if t.collective_defence and s.treaty_active[t.idx] and i in t.members:
            if t.invocation is not None:
                ok = t.invocation(s)
            elif t.trigger == "threat":
                ok = s.attacked[i] or s.threatened[i]
            else:
                ok = s.attacked[i]
            if ok:
                return t.idx
    return -1


def _bound(cs: CompiledScenario, s: State, a: int, b: int) -> bool:
    """Whether an active treaty binds a and b (an ally or treaty partner is not impartial)."""
    for t in cs.treaties:
        if s.treaty_active[t.idx] and a in t.members and b in t.members:
            return True
    return False


def _consents(cs: CompiledScenario, s: State, host: int, i: int) -> bool:
    """Whether the host accepts relief or inspectors from i: enough trust, or a treaty."""
    return s.trust[cs.pair[host][i]] >= cs.rules.consent_trust or _bound(cs, s, host, i)


def _intermediary(cs: CompiledScenario, s: State, i: int, j: int, need: float) -> int:
    best, best_v = -1, -1.0
    for m in range(len(cs.actors)):
        if m == i or m == j:
            continue
        v = min(s.trust[cs.pair[m][i]], s.trust[cs.pair[m][j]])
        if v >= need and v > best_v:
            best, best_v = m, v
    return best


# --------------------------------------------------------------------------- step


def step(
    cs: CompiledScenario, state: State, orders: list[Order], rng: random.Random, record: bool = True,
    copy: bool = True,
) -> tuple[State, list[Event]]:
    """Adjudicate one turn. Pure apart from the draws it takes from `rng`.

    With `record=False` no Event objects are built (playtests, advisor rollouts); the
    new state, and so its hash, is exactly the same.  With `copy=False` the turn is
    resolved in `state` itself, which is returned: only for callers that own the state
    and will not look at the old one again (it saves the copy, a few percent of a turn).
    """
    s, rows = step_rows(cs, state, orders, rng, record, copy)
    return s, materialize(rows) if rows else []


def step_rows(
    cs: CompiledScenario, state: State, orders: list[Order], rng: random.Random, record: bool = True,
    copy: bool = True,
) -> tuple[State, list[Row]]:
    """`step`, with the turn's events as recorded rows (events.Row), not yet Event tuples:
    what `Game.play` keeps, so a turn nobody reads never builds its events."""
    s = state.copy() if copy else state
    if s.over:
        return s, []
    ctx = _Ctx(cs, s, rng, record)
    s.escalated = False
    accepted = _accept(ctx, orders) if record else _accept_quiet(ctx, orders)
    _deliver(ctx)
    accepted.sort(key=_rank)  # (category rank, actor); a stable sort keeps the position given
    channels = cs.channels
    t = ctx.t
    for _key, m, i, j, k, c, parent in accepted:
        if c >= 0 and j >= 0:
            ch = channels[c]
            if ch.latency > 0:
                s.inflight.append((t + ch.latency, i, m.idx, j, k, c, parent))
                if record:
                    ctx.emit("note", ("{} from {} is on its way by {} (arrives turn {})", m.name, cs.actors[i].name,
                                      ch.name, t + ch.latency), rule="latency", move=m.id, actor=cs.actors[i].id,
                             target=cs.actors[j].id, channel=ch.id, parent=parent, seen=_seen(cs, c, m, i, j, k))
                else:
                    s.seq += 1
                continue
        _apply(ctx, m, i, j, k, c, parent)
    _assess(ctx)
    if not s.over:
        s.turn += 1
        s.budget_left = list(cs.budgets)
        briefing(ctx)
    return s, ctx.ev


def decode_order(cs: CompiledScenario, o: Order) -> tuple[int, int, int, int, int, int]:
    """Ids to indices, once per distinct order (cached on the compiled scenario).

    The last item is the order's duplicate key: (actor, move, target, second) as one
    integer (an actor may not give the same order twice in a turn, whatever the channel).
    """
    i = cs.actor_index.get(o.actor, -1)
    mi = cs.move_index.get(o.move, -1)
    j = cs.actor_index.get(o.target, -1) if o.target else -1
    k = cs.actor_index.get(o.second, -1) if o.second else -1
    c = cs.channel_index.get(o.channel, -1) if o.channel else -1
    w = cs.n + 1
    d = (i, mi, j, k, c, ((i * len(cs.moves) + mi) * w + j + 1) * w + k + 1)
    if len(cs.decode) >= _DECODE_LIMIT:
        cs.decode.clear()
    cs.decode[o] = d
    return d


#: An accepted order's words, as a note (events.Note: formatted when the event is built), by
#: its shape (no target, a target, two parties) and whether it names a channel; the values
#: are always (actor, move, target, second party, channel), each format picking its own.
_ORDER_NOTES: Final = ("{0}: {1}", "{0}: {1} via {4}", "{0}: {1} → {2}", "{0}: {1} → {2} via {4}",
                       "{0}: {1} between {2} and {3}", "{0}: {1} between {2} and {3} via {4}")
_AcceptedOrder = tuple[int, CMove, int, int, int, int, int]  # (sort key, move, i, j, k, c, parent seq)
#: An accepted order's resolution rank (category, then actor): a small int, so sorting compares
#: machine-sized numbers; ties keep the order given, as the sort is stable.
_rank: Final[Callable[[_AcceptedOrder], int]] = itemgetter(0)


def _accept(ctx: _Ctx, orders: list[Order]) -> list[_AcceptedOrder]:
    """Check every order against the state at the start of the turn; spend budgets.

    Use counts (which conditions and cooldowns read) are updated only after every order
    is checked, so an order never sees another order of the same turn: that is what
    makes orders simultaneous, and what lets `step(copy=False)` check against the very
    state it is changing.
    """
    cs, s = ctx.cs, ctx.s
    rec = ctx.rec
    decode = cs.decode
    moves = cs.moves
    budget = s.budget_left
    out: list[_AcceptedOrder] = []
    seen_keys: set[int] = set()
    w = cs.n  # the sort key's actor slots: category rank * n + actor
    for o in orders:
        d = decode.get(o)
        if d is None:
            d = decode_order(cs, o)
        i, mi, j, k, c, key = d
        if i < 0 or mi < 0:
            if rec:
                ctx.emit("reject", f"Order rejected: unknown {'actor' if i < 0 else 'move'} in {o.actor}/{o.move}",
                         rule="reject", move=o.move, actor=o.actor, seen=(o.actor,))
            else:
                s.seq += 1
            continue
        m = moves[mi]
        reason = "already ordered this turn" if key in seen_keys else check(cs, s, i, m, j, k, c, budget[i])
        if reason:
            if rec:
                aid = cs.actors[i].id
                ctx.emit("reject", f"{m.name} by {cs.actors[i].name} rejected: {reason}", rule="reject", move=m.id,
                         actor=aid, target=o.target, channel=o.channel, seen=(aid,))
            else:
                s.seq += 1
            continue
        seen_keys.add(key)
        cost = m.costs[c]
        budget[i] = budget[i] - cost
        if rec:
            names = cs.actors
            shape = 4 if k >= 0 else (2 if j >= 0 else 0)
            note = (_ORDER_NOTES[shape + (c >= 0)], names[i].name, m.name, names[j].name if j >= 0 else "",
                    names[k].name if k >= 0 else "", cs.channels[c].name if c >= 0 else "")
            parent = ctx.emit("order", note, rule="order", move=m.id, actor=names[i].id, target=o.target,
                              channel=o.channel, value=float(cost), seen=_seen(cs, c, m, i, j, k))
        else:
            parent = s.seq
            s.seq = parent + 1
        # resolution order: category rank, then actor, then position given (the list's order)
        out.append((m.order * w + i, m, i, j, k, c, parent))
    for _key, m, i, j, _k, _c, _parent in out:
        _count(s, i, m, j)
    return out


def _accept_quiet(ctx: _Ctx, orders: list[Order]) -> list[_AcceptedOrder]:
    """``_accept`` for ``record=False`` (playtests): the same checks, budgets, sequence
    numbers and counts, with no event branches and ``_count`` inlined on local names --
    every order of every bot-played turn passes through here."""
    cs, s = ctx.cs, ctx.s
    decode = cs.decode
    moves = cs.moves
    budget = s.budget_left
    out: list[_AcceptedOrder] = []
    seen_keys: set[int] = set()
    seq = s.seq
    w = cs.n  # the sort key's actor slots: category rank * n + actor
    for o in orders:
        d = decode.get(o)
        if d is None:
            d = decode_order(cs, o)
        i, mi, j, k, c, key = d
        if i < 0 or mi < 0:
            seq += 1
            continue
        m = moves[mi]
        if key in seen_keys or check(cs, s, i, m, j, k, c, budget[i]):
            seq += 1
            continue
        seen_keys.add(key)
        budget[i] = budget[i] - m.costs[c]
        out.append((m.order * w + i, m, i, j, k, c, seq))
        seq += 1
    s.seq = seq
    # _count for each accepted order, after every check (orders are simultaneous).  Counts
    # are written ``x[k] = x[k] + 1``: compiled, ``x[k] += 1`` on a list is a generic
    # Python addition, the spelled-out form a machine one.
    na = s.na
    row = na + 1
    uses, total, last_used, used_on = s.uses, s.move_total, s.last_used, s.used_on
    cc, tc, turn = s.cat_counts, s.tag_counts, s.turn
    for _key, m, i, j, _k, _c, _parent in out:
        mi = m.idx
        u = mi * na + i
        uses[u] = uses[u] + 1
        total[mi] = total[mi] + 1
        last_used[u] = turn
        b = m.order * row
        cc[b + i] = cc[b + i] + 1
        cc[b + na] = cc[b + na] + 1
        for x in m.tag_ix:
            b = x * row
            tc[b + i] = tc[b + i] + 1
            tc[b + na] = tc[b + na] + 1
        if j >= 0:
            used_on.add((mi, i, j))
    return out


def _count(s: State, i: int, m: CMove, j: int) -> None:
    na = s.na
    mi = m.idx
    u = mi * na + i
    uses, total = s.uses, s.move_total
    uses[u] = uses[u] + 1  # spelled out: see _accept_quiet
    total[mi] = total[mi] + 1
    s.last_used[u] = s.turn
    row = na + 1
    cc = s.cat_counts
    b = m.order * row  # a move's category row is its resolution rank (CATEGORY_ORDER)
    cc[b + i] = cc[b + i] + 1
    cc[b + na] = cc[b + na] + 1
    if m.tag_ix:
        tc = s.tag_counts
        for x in m.tag_ix:
            b = x * row
            tc[b + i] = tc[b + i] + 1
            tc[b + na] = tc[b + na] + 1
    if j >= 0:
        s.used_on.add((mi, i, j))


def _seen(cs: CompiledScenario, c: int, m: CMove, i: int, j: int, k: int) -> tuple[str, ...] | None:
    """Who learns of a move: public channels and military deeds are seen by all."""
    if m.public[c]:  # c = -1 (no channel) reads the last slot: deeds
        return None
    actors = cs.actors
    if j < 0:
        return (actors[i].id, actors[k].id) if k >= 0 else (actors[i].id,)
    return (actors[i].id, actors[j].id, actors[k].id) if k >= 0 else (actors[i].id, actors[j].id)


def _deliver(ctx: _Ctx) -> None:
    s, cs = ctx.s, ctx.cs
    if not s.inflight:
        return
    t = ctx.t
    due = [x for x in s.inflight if x[0] <= t]
    if not due:
        return
    s.inflight = [x for x in s.inflight if x[0] > t]
    for _t, i, mi, j, k, c, parent in due:
        m = cs.moves[mi]
        if not ctx.rec:
            seq = s.seq
            s.seq = seq + 1
            _apply(ctx, m, i, j, k, c, seq)
            continue
        ch = cs.channels[c]
        seq = ctx.emit("deliver", ("{} from {} arrives via {}", m.name, cs.actors[i].name, ch.name), rule="latency",
                       move=m.id, actor=cs.actors[i].id, target=cs.actors[j].id, channel=ch.id, parent=parent,
                       seen=_seen(cs, c, m, i, j, k))
        _apply(ctx, m, i, j, k, c, seq)


def _apply(ctx: _Ctx, m: CMove, i: int, j: int, k: int, c: int, parent: int) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    ch = cs.channels[c] if c >= 0 else None
    rec = ctx.rec
    aid = tid = ""
    seen: tuple[str, ...] | None = None
    if rec:  # only events carry names and who saw them
        aid = cs.actors[i].id
        tid = cs.actors[j].id if j >= 0 else ""
        seen = _seen(cs, c, m, i, j, k)
    factor = 1.0
    roll = NO_ROLL
    reading = ""
    if ch is not None and j >= 0:
        p = cs.pair[i][j]
        fid = ch.fidelity + s.fid[p] - 0.3 * s.g[MIS] / 100.0
        fid = 0.05 if fid < 0.05 else (0.99 if fid > 0.99 else fid)
        if rec:
            roll, rseq = ctx.roll(("{} fidelity (reads as intended below {:.2f})", ch.name, fid), parent, seen, m.id, aid,
                                  tid, ch.id)
        else:
            roll = ctx.draw()
        if roll >= fid:
            if rec:
                r2, rseq = ctx.roll("misreading: weakened below 0.50, else inverted", rseq, seen, m.id, aid, tid, ch.id)
            else:
                r2 = ctx.draw()
            if r2 < 0.5:
                factor, reading = 0.5, "read it as weaker than meant"
            elif m.goldstein is not None and m.goldstein < 0:
                # A threat misread is read as worse than meant, never as a kindness.
                factor, reading = 1.5, "read it as worse than meant"
            else:
                factor, reading = -0.5, "took it as hostile"
            if rec:
                parent = ctx.emit("note", ("{} misread ‘{}’: {}", cs.actors[j].name, m.name, reading), rule="misperception",
                                  move=m.id, actor=aid, target=tid, channel=ch.id, factor=factor, roll=r2, parent=rseq,
                                  seen=seen)
            else:
                s.seq += 1
        factor *= ch.scale
    base: Cause | None = None
    if rec:
        base = _cause("", "", parent, seen, m.id, aid, tid, ch.id if ch is not None else "", factor, roll)
    trust_keep = 1.0  # share of a cooperative act's trust gain the other side credits
    if m.category == "humanitarian" and j >= 0:
        trust_keep = _relief_reading(ctx, m, i, j, ch, base)
    # Goldstein default: the published weight of the act moves tension and trust.
    gw = m.goldstein
    if gw is not None and j >= 0 and not m.mediation and gw != 0.0:
        g = gw * r.goldstein_scale * factor
        dt = -g
        if dt < 0:
            dt *= r.de_escalation
        elif m.category == "military" and ctx.t - s.notified.get((i, j), -99) <= r.notice_turns:
            dt *= r.notified_factor  # announced in advance: read as notified, not as a surprise
        dtr = g * 0.5
        if dtr > 0:
            dtr *= r.de_escalation * trust_keep
        p = cs.pair[i][j]
        if rec:
            assert base is not None
            # Plain words for the log (the weight is the move's Goldstein weight, docs/model.md).
            act = "cooperative act" if gw > 0 else "hostile act"
            gc = _rn(base, "goldstein", (("{}, weight {:+.1f}; misread: {}", act, gw, reading) if reading
                                        else ("{}, weight {:+.1f}", act, gw)))
            change_pair(ctx, "tension", p, dt, gc)
            change_pair(ctx, "trust", p, dtr, gc)
        else:  # change_pair inlined: the commonest change of all
            arr = s.tension
            old = arr[p]
            new = old + dt
            new = 0.0 if new < 0.0 else (100.0 if new > 100.0 else new)
            if new != old:
                arr[p] = new
                s.seq += 1
            arr = s.trust
            old = arr[p]
            new = old + dtr
            new = 0.0 if new < 0.0 else (100.0 if new > 100.0 else new)
            if new != old:
                arr[p] = new
                s.seq += 1
    for e in m.effects:
        _effect(ctx, e, i, j, k, base, factor)
    if not m.mediation:  # a mediation move's flags and treaty wait for its success (_succeeded)
        if factor > 0:
            _succeeded(ctx, m, base)
        else:
            for fi, val in m.flags:
                s.flags[fi] = val
    if m.opens_channel >= 0 and j >= 0 and factor > 0:
        p = cs.pair[i][j]
        s.open[p] |= 1 << m.opens_channel
        if rec:
            ctx.emit("note", ("{} now open between {} and {}", cs.channels[m.opens_channel].name, cs.actors[i].name,
                                      cs.actors[j].name), rule="channel_opened", move=m.id, actor=aid, target=tid, parent=parent,
                     seen=seen)
        else:
            s.seq += 1
    if m.cbm and j >= 0 and factor > 0:
        _cbm(ctx, m, i, j, parent, seen)
    if m.covert and j >= 0:
        s.covert.append((ctx.t, i, m.idx, j))
        if len(s.covert) > 32:
            del s.covert[0]
    public = ch.public if ch is not None else False
    deniable = ch.deniable if ch is not None else False
    if public and not deniable and gw is not None:
        ac = r.audience_cost
        if gw < 0:
            change_actor(ctx, PRESS, i, -0.5 * ac,
                         _rn1(base, "audience_cost", "public firmness rallies opinion at home") if base is not None else None)
        elif gw > 0:
            change_actor(ctx, PRESS, i, 0.3 * ac,
                         _rn1(base, "audience_cost", "hardliners object to public concessions") if base is not None else None)
        change_actor(ctx, CRED, i, 0.2 * ac,
                     _rn1(base, "audience_cost", "a public commitment stakes credibility") if base is not None else None)
    if m.public_claim and not deniable and (public or ch is None):
        s.claims[i] = (m.public_claim, ctx.t)
    if m.rung > 0 and m.category == "military":
        claim, when = s.claims[i]
        if claim == "peace" and ctx.t - when <= 3:
            change_actor(ctx, CRED, i, -2.0 * r.audience_cost, _rn1(
                base, "signal_vs_deed", ("said peace in public on turn {}, then used force", when))
                if base is not None else None)
            s.claims[i] = ("", 0)
        elif claim == "force":
            change_actor(ctx, CRED, i, 2.0, _rn1(
                base, "signal_vs_deed", "followed through on a warning") if base is not None else None)
            s.claims[i] = ("", 0)
    if j >= 0 and (m.armed or m.threat):
        _mark_attack(ctx, m, i, j, parent, seen)
    if j >= 0 and m.category == "military" and (m.rung > 0 or (gw is not None and gw < 0)):
        _check_violation(ctx, m, i, j, base)
    if m.rung > 0:
        change_rung(ctx, m.rung, _rn(base, "escalation", ("{} climbs the ladder", m.name)) if base is not None else None)
    elif m.rung < 0:
        if rec:
            x, rseq = ctx.roll(("de-escalation takes hold below {:.2f}", r.de_escalation), parent, seen, m.id, aid)
        else:
            x = ctx.draw()
        if x < r.de_escalation:
            change_rung(ctx, m.rung, _renote(
                _rolled(base, "de_escalation", x, rseq, base[8]), ("{} steps down the ladder", m.name))
                if base is not None else None)
        elif rec:
            ctx.emit("note", ("{}: not yet enough to step down the ladder (de-escalation is slower)", m.name),
                     rule="de_escalation", move=m.id, actor=aid, roll=x, parent=rseq, seen=seen)
        else:
            s.seq += 1
    if m.mediation:
        _mediation(ctx, m, i, j, k, base)
    if m.alliance:
        _alliance(ctx, m, i, j, base)


def _mark_attack(ctx: _Ctx, m: CMove, i: int, j: int, parent: int, seen: tuple[str, ...] | None) -> None:
    """An armed attack lets collective defence answer; a lesser threat opens only
    consultation (docs/model.md § 7: NATO Art. 5 / UN Charter Art. 51 against Art. 4)."""
    s, cs = ctx.s, ctx.cs
    if m.armed:
        if s.attacked[j] and s.attackers[j] == i:
            return
        s.attacked[j] = True
        s.attackers[j] = i
        note: Note = (("{} is an armed attack on {}: collective defence may answer", m.name, cs.actors[j].name)
                      if ctx.rec else "")
        ctx.emit("note", note, rule="armed_attack", move=m.id, actor=cs.actors[i].id, target=cs.actors[j].id,
                 parent=parent, seen=seen)
    elif not s.threatened[j]:
        s.threatened[j] = True
        note = (("{} threatens {}'s security (not an armed attack): its allies may consult", m.name, cs.actors[j].name)
                if ctx.rec else "")
        ctx.emit("note", note, rule="threat", move=m.id, actor=cs.actors[i].id, target=cs.actors[j].id,
                 parent=parent, seen=seen)


def _check_violation(ctx: _Ctx, m: CMove, i: int, j: int, base: Cause | None) -> None:
    """A military move against the other party of a ceasefire, an agreement or a
    constraint measure breaks it (docs/model.md § 6.3)."""
    cs, s, r = ctx.cs, ctx.s, ctx.r
    p = cs.pair[i][j]
    stage = s.stage[p]
    what = ""
    if stage >= 2:
        what = STAGE_NAMES[stage]
    else:
        for t in cs.treaties:
            if t.kind in ("ceasefire", "agreement") and s.treaty_active[t.idx] and i in t.members and j in t.members:
                what = t.name
                break
        if not what and s.constraint[p] >= ctx.t:
            what = "constraint measure"
    if not what:
        return
    rec = ctx.rec
    c: Cause | None = None
    if rec:
        assert base is not None
        seq = ctx.emit("violation", f"{cs.actors[i].name} violates the {what} with {cs.actors[j].name}: {m.name}",
                       rule="violation", move=m.id, actor=base[5], target=base[6], parent=base[2],
                       seen=base[3], value=float(stage))
        c = _cause("violation", f"broke the {what}", seq, base[3], m.id, base[5], base[6])
    else:
        ctx.skip()
    change_actor(ctx, CRED, i, -r.violation_credibility, c)
    change_pair(ctx, "trust", p, -r.violation_trust, c)
    if stage > 0:
        s.stage[p] = stage - 1
        if rec:
            ctx.emit("note", f"The process between {cs.actors[i].name} and {cs.actors[j].name} falls back to "
                     f"{STAGE_NAMES[stage - 1]}", rule="violation", move=m.id, actor=cs.actors[i].id,
                     target=cs.actors[j].id, value=float(stage - 1), parent=c[2] if c is not None else -1,
                     seen=c[3] if c is not None else None)
        else:
            ctx.skip()
    med = s.mediator[p]
    if med >= 0 and med != i and med != j:
        change_pair(ctx, "trust", cs.pair[med][i], -r.violation_mediator_trust,
                    _renote(c, f"the mediator, {cs.actors[med].name}, loses faith in the violator")
                    if c is not None else None)


_CBM_WORDS: Final = {
    "communication": "a line that works: messages misread less",
    "transparency": "announced activity: the notified side reads the notifier's military moves as notified",
    "observation_verification": "seen with their own eyes: the strongest fear reduction",
    "constraint": "both bound: readiness capped, and a military move against the other is a violation",
    "contacts": "officers who know each other: trust grows a little every turn from now on",
    "declaratory": "words only: as strong as the declarer's credibility",
}


def _cbm(ctx: _Ctx, m: CMove, i: int, j: int, parent: int, seen: tuple[str, ...] | None) -> None:
    """Each Vienna Document category of confidence-building has its own mechanic
    (docs/model.md § 5.3); all of them lower the pair's fear coefficient somewhat."""
    cs, s, r = ctx.cs, ctx.s, ctx.r
    p = cs.pair[i][j]
    cat = m.cbm
    fear_cut, fid_gain = r.cbm_fear_reduction, r.cbm_misperception_reduction
    t = ctx.t
    if cat == "communication":
        fid_gain *= r.communication_fidelity_factor
    elif cat == "transparency":
        s.notified[(i, j)] = t
    elif cat == "observation_verification":
        fear_cut *= r.observation_fear_factor
    elif cat == "constraint":
        fid_gain = 0.0
        s.constraint[p] = t + r.constraint_turns - 1
    elif cat == "contacts":
        fear_cut *= 0.5
        s.contacts[p] += 1
    elif cat == "declaratory":
        k = r.declaratory_factor * s.am[CRED][i] / 100.0
        fear_cut *= k
        fid_gain = 0.0
    s.cbms[p] += 1
    s.fear[p] = max(0.0, s.fear[p] - fear_cut)
    s.fid[p] = min(0.3, s.fid[p] + fid_gain)
    if ctx.rec:
        ctx.emit("note", ("Confidence-building ({}): {}; fear between them now {:.2f}, misreading reduced by {:.2f}",
                          cat.replace("_", " "), _CBM_WORDS.get(cat, cat), s.fear[p], s.fid[p]), rule="cbm", move=m.id,
                 actor=cs.actors[i].id, target=cs.actors[j].id, value=s.fear[p], parent=parent, seen=seen)
    else:
        s.seq += 1
    if cat == "observation_verification":
        # The observers see the host's concealed moves against them. The host is the
        # target of a request (consent needed), the actor of an invitation.
        host, observer = (j, i) if m.consent else (i, j)
        _expose(ctx, host, observer, parent)


def _expose(ctx: _Ctx, host: int, observer: int, parent: int) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    found = [x for x in s.covert if x[1] == host and x[3] == observer]
    if not found:
        return
    s.covert = [x for x in s.covert if not (x[1] == host and x[3] == observer)]
    pair = cs.pair[host][observer]
    seen = (cs.actors[host].id, cs.actors[observer].id)
    for turn, _a, mi, _j in found:
        c: Cause | None = None
        if ctx.rec:
            seq = ctx.emit("violation", f"Observers from {cs.actors[observer].name} find {cs.actors[host].name}'s "
                           f"concealed {cs.moves[mi].name.lower()} (turn {turn})", rule="exposed",
                           move=cs.moves[mi].id, actor=cs.actors[host].id, target=cs.actors[observer].id,
                           parent=parent, seen=seen)
            c = _cause("exposed", "a concealed move exposed by verification", seq, seen, cs.moves[mi].id,
                      cs.actors[host].id, cs.actors[observer].id)
        else:
            ctx.skip()
        change_actor(ctx, CRED, host, -0.5 * r.violation_credibility, c)
        change_pair(ctx, "trust", pair, -0.5 * r.violation_trust, c)


def _relief_reading(
    ctx: _Ctx, m: CMove, i: int, j: int, ch: CChannel | None, base: Cause | None
) -> float:
    """How the host reads relief (docs/model.md § 5.7, the humanitarian principles):
    from a party to the conflict, or to a host without need, it is read politically
    unless it comes through a neutral channel or a neutral agency (NGO, IO).  Returns
    the share of the act's trust gain the host credits."""
    cs, s, r = ctx.cs, ctx.s, ctx.r
    actor = cs.actors[i]
    neutral = (ch is not None and ch.neutral) or actor.kind in ("ngo", "io")
    party = False  # at odds with someone: a relation at the party threshold
    need, tension = r.party_tension, s.tension
    for p in cs.actor_pairs[i]:
        if tension[p] >= need:
            party = True
            break
    needy = cs.actors[j].need >= r.need_floor
    na = s.na
    row = na + 1
    tc = s.tag_counts
    if neutral:
        tc[_NEUTRALITY * row + i] = tc[_NEUTRALITY * row + i] + 1
        tc[_NEUTRALITY * row + na] = tc[_NEUTRALITY * row + na] + 1
    if needy:
        tc[_IMPARTIALITY * row + i] = tc[_IMPARTIALITY * row + i] + 1
        tc[_IMPARTIALITY * row + na] = tc[_IMPARTIALITY * row + na] + 1
    political = not neutral and (party or not needy)
    rec = ctx.rec
    # value: 1 = neutral (no side taken), + 2 = impartial (where the need is); the
    # after-action review rates the two principles from it (game/report/doctrine.py).
    value = (1.0 if neutral or not party else 0.0) + (2.0 if needy else 0.0)
    if not political:
        if rec and base is not None:
            how = "through a neutral channel" if neutral else "by an actor outside the conflict"
            where = "where the need is" if needy else f"though the need is elsewhere (need {cs.actors[j].need:.0f})"
            ctx.emit("note", f"{m.name} to {cs.actors[j].name} is read as humanitarian: {how}, {where}",
                     rule="humanitarian_principles", move=m.id, actor=base[5], target=base[6],
                     parent=base[2], seen=base[3], value=value)
        else:
            s.seq += 1
        return 1.0
    why = "from a party to the conflict" if party else f"to a host without great need (need {cs.actors[j].need:.0f})"
    if rec and base is not None:
        seq = ctx.emit("note", f"{m.name} to {cs.actors[j].name} is read politically: {why}, not through a neutral "
                       "channel", rule="political_aid", move=m.id, actor=base[5], target=base[6],
                       parent=base[2], seen=base[3], value=value)
        x, rseq = ctx.roll(("suspicion of political aid below {:.2f}", r.aid_suspicion), seq, base[3], m.id, base[5])
    else:
        s.seq += 1
        x, rseq = ctx.draw(), -1
    if x < r.aid_suspicion:
        change_pair(ctx, "tension", cs.pair[i][j], 3.0, _cause(
            "political_aid", "aid suspected of buying influence", rseq, base[3], m.id, base[5], base[6],
            roll=x) if base is not None else None)
    return r.political_aid_factor


def _effect(ctx: _Ctx, e: CEffect, i: int, j: int, k: int, base: Cause | None, factor: float) -> None:
    """One authored effect (docs/model.md § 5.2); `base` is None when not recording."""
    cs = ctx.cs
    c: Cause | None = None
    if base is not None:
        c = _rn(base, "effect", e.note or "scenario effect")
    if e.chance < 1.0:
        if c is not None and base is not None:
            x, rseq = ctx.roll(("chance {:.2f} for '{}'", e.chance, e.note or e.metric), base[2], base[3], base[4],
                               base[5])
            if x >= e.chance:
                return
            c = _rolled(c, c[0], x, rseq, c[8])
        elif ctx.draw() >= e.chance:
            return
    d = e.delta if e.who == "actor" else e.delta * factor
    who = e.who
    if e.scope == "global":
        if e.metric == "rung":
            change_rung(ctx, int(round(d)), c)
        else:
            change_global(ctx, e.mi, d, c)
        return
    if e.scope == "actor":
        if who == "actor":
            if i >= 0:
                change_actor(ctx, e.mi, i, d, c)
        elif who == "target":
            if j >= 0:
                change_actor(ctx, e.mi, j, d, c)
        elif who == "second":
            if k >= 0:
                change_actor(ctx, e.mi, k, d, c)
        elif who == "allies":
            if i >= 0:
                for t in sorted(cs.allies[i]):
                    change_actor(ctx, e.mi, t, d, c)
        else:
            for t in range(cs.n):
                change_actor(ctx, e.mi, t, d, c)
        return
    metric = e.metric
    if who == "pair":
        if i >= 0 and j >= 0:
            change_pair(ctx, metric, cs.pair[i][j], d, c)
        return
    pairs: list[int]
    if who == "targets":
        pairs = [cs.pair[j][k]] if j >= 0 and k >= 0 else []
    elif who == "allies":
        pairs = [cs.pair[i][a] for a in sorted(cs.allies[i])] if i >= 0 else []
    elif who == "adversaries":
        pairs = [cs.pair[j][a] for a in sorted(cs.allies[i]) if a != j] if i >= 0 and j >= 0 else []
    else:
        pairs = list(cs.actor_pairs[i]) if i >= 0 else list(range(len(cs.pairs)))
    for p in pairs:
        change_pair(ctx, metric, p, d, c)


def _succeeded(ctx: _Ctx, m: CMove, base: Cause | None) -> None:
    """What a move does only when it works: its flags, and the treaty it brings into force."""
    s = ctx.s
    for fi, val in m.flags:
        s.flags[fi] = val
    t = m.activates
    if t >= 0 and not s.treaty_active[t]:
        s.treaty_active[t] = True
        name = ctx.cs.treaties[t].name
        if ctx.rec and base is not None:
            ctx.emit("note", f"{name} comes into force", rule="treaty", move=m.id, actor=base[5],
                     parent=base[2] if base[3] is None else -1, seen=None)
        else:
            ctx.skip()


def _mediation(ctx: _Ctx, m: CMove, i: int, j: int, k: int, base: Cause | None) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    if m.bilateral:
        _bilateral(ctx, m, i, j, base)
        return
    p = cs.pair[j][k]
    a, b = cs.actors[j], cs.actors[k]
    tension = s.tension[p]
    c: Cause | None = None
    if m.mediation == "spoil":
        chance = 0.4 + tension / 200.0
        if base is not None:
            x, rseq = ctx.roll(("spoiler succeeds below {:.2f}", chance), base[2], base[3], m.id, base[5])
            c = _rolled(base, "spoiler", x, rseq, base[8])
        else:
            x, rseq = ctx.draw(), -1
        if x < chance:
            old = s.stage[p]
            s.stage[p] = old - 1
            _succeeded(ctx, m, base)
            if c is not None and base is not None:
                seq = ctx.emit("mediation", f"{cs.actors[i].name} wrecks the {STAGE_NAMES[old]} between {a.name} and "
                               f"{b.name}", rule="spoiler", move=m.id, actor=base[5], roll=x, parent=rseq,
                               value=float(s.stage[p]), seen=base[3])
                c = _after(c, seq, "the peace process is set back")
            else:
                s.seq += 1
            change_pair(ctx, "tension", p, 8.0, c)
            change_pair(ctx, "trust", p, -6.0, c)
            change_actor(ctx, LEGIT, i, -5.0, _renote(c, "seen wrecking the talks") if c is not None else None)
        elif base is not None:
            ctx.emit("mediation", f"The talks between {a.name} and {b.name} survive {cs.actors[i].name}'s provocation",
                     rule="spoiler", move=m.id, actor=base[5], roll=x, parent=rseq, seen=base[3])
        else:
            s.seq += 1
        return
    stage = STAGES[m.mediation]
    mt = min(s.trust[cs.pair[i][j]], s.trust[cs.pair[i][k]])
    ripe = tension >= r.ripeness_tension and s.rung >= 3
    chance = 0.15 + 0.45 * mt / 100.0 + (0.15 if ripe else 0.0) + 0.2 * s.trust[p] / 100.0 - 0.1 * (stage - 1)
    if tension > 85:
        chance -= 0.15
    # Impartiality as the other side sees it: a mediator bound by treaty to one party only.
    bj, bk = _bound(cs, s, i, j), _bound(cs, s, i, k)
    if bj != bk:
        chance -= r.partial_mediator
    chance = 0.05 if chance < 0.05 else (0.95 if chance > 0.95 else chance)
    if base is not None:
        partial = ""
        if bj != bk:
            ally, other = (a, b) if bj else (b, a)
            partial = f"; partial: {other.name} sees {ally.name}'s treaty partner (-{r.partial_mediator:.2f})"
        why = ("{} succeed below {:.2f} (mediator trust {:.0f}, {}, trust between parties {:.0f}{})", m.mediation, chance,
               mt, "ripe" if ripe else "not ripe", s.trust[p], partial)
        x, rseq = ctx.roll(why, base[2], base[3], m.id, base[5])
        c = _rolled(base, "mediation", x, rseq, 1.0)
    else:
        x, rseq = ctx.draw(), -1
    if x < chance:
        s.stage[p] = stage
        s.mediator[p] = i
        _succeeded(ctx, m, base)
        if c is not None and base is not None:
            seq = ctx.emit("mediation", f"{cs.actors[i].name} brokers {STAGE_NAMES[stage]} between {a.name} and "
                           f"{b.name}", rule="mediation", move=m.id, actor=base[5], roll=x, parent=rseq,
                           value=float(stage), seen=base[3])
            c = _after(c, seq, f"{STAGE_NAMES[stage]} reached")
        else:
            s.seq += 1
        change_pair(ctx, "tension", p, -6.0 * stage, c)
        change_pair(ctx, "trust", p, 4.0 * stage, c)
        change_global(ctx, STAB, 2.0 * stage, c)
        change_actor(ctx, LEGIT, i, 3.0, _renote(c, "a successful mediator gains standing") if c is not None else None)
        if stage >= 2:
            change_rung(ctx, -1, c)
    else:
        if c is not None and base is not None:
            seq = ctx.emit("mediation", f"{m.name}: no progress between {a.name} and {b.name}", rule="mediation",
                           move=m.id, actor=base[5], roll=x, parent=rseq, seen=base[3])
            c = _after(c, seq, "failed mediation costs the mediator trust")
        else:
            s.seq += 1
        change_pair(ctx, "trust", cs.pair[i][j], -2.0, c)
        change_pair(ctx, "trust", cs.pair[i][k], -2.0, c)


def _bilateral(ctx: _Ctx, m: CMove, i: int, j: int, base: Cause | None) -> None:
    """Two parties negotiate a stage themselves (docs/model.md § 6.2): the odds of a
    mediated stage with their own trust in place of a mediator's."""
    cs, s, r = ctx.cs, ctx.s, ctx.r
    p = cs.pair[i][j]
    trust, tension = s.trust[p], s.tension[p]
    stage = STAGES[m.mediation]
    ripe = tension >= r.ripeness_tension and s.rung >= 3
    chance = 0.15 + 0.65 * trust / 100.0 + (0.15 if ripe else 0.0) - 0.1 * (stage - 1)
    if tension > 85:
        chance -= 0.15
    chance = 0.05 if chance < 0.05 else (0.95 if chance > 0.95 else chance)
    c: Cause | None = None
    if base is not None:
        x, rseq = ctx.roll(("direct {} succeed below {:.2f} (trust between you {:.0f}, {})", m.mediation, chance, trust,
                            "ripe" if ripe else "not ripe"), base[2], base[3], m.id, base[5], base[6])
        c = _rolled(base, "bilateral", x, rseq, 1.0)
    else:
        x, rseq = ctx.draw(), -1
    a, b = cs.actors[i], cs.actors[j]
    if x < chance:
        s.stage[p] = stage
        s.mediator[p] = -1
        _succeeded(ctx, m, base)
        if c is not None:
            seq = ctx.emit("mediation", f"{a.name} and {b.name} agree {STAGE_NAMES[stage]} between themselves",
                           rule="bilateral", move=m.id, actor=a.id, target=b.id, roll=x, parent=rseq,
                           value=float(stage), seen=c[3])
            c = _after(c, seq, f"{STAGE_NAMES[stage]} agreed directly")
        else:
            s.seq += 1
        change_pair(ctx, "tension", p, -6.0 * stage, c)
        change_pair(ctx, "trust", p, 4.0 * stage, c)
        change_global(ctx, STAB, 2.0 * stage, c)
        if stage >= 2:
            change_rung(ctx, -1, c)
    else:
        if c is not None:
            seq = ctx.emit("mediation", f"{m.name}: {a.name} and {b.name} do not agree", rule="bilateral",
                           move=m.id, actor=a.id, target=b.id, roll=x, parent=rseq, seen=c[3])
            c = _after(c, seq, "failed talks cost trust")
        else:
            s.seq += 1
        change_pair(ctx, "trust", p, -2.0, c)


def _adversaries(cs: CompiledScenario, s: State, i: int, j: int) -> list[int]:
    """Actors who read an alliance move by i (with ally j) as aimed at them."""
    out = []
    for x in range(len(cs.actors)):
        if x in (i, j) or x in cs.allies[i] or cs.actors[x].kind in ("ngo", "io"):
            continue
        if s.tension[cs.pair[i][x]] >= 35:
            out.append(x)
    return out


def _alliance(ctx: _Ctx, m: CMove, i: int, j: int, base: Cause | None) -> None:
    cs, s = ctx.cs, ctx.s
    kind = m.alliance
    t = ctx.t
    if kind in ("notify", "observe") and j >= 0:
        s.notified[(i, j)] = t
        return
    if kind == "request_consultation":
        c0 = _rn1(base, "consultation", "allies consult on a member's security (Art. 4 style)") \
            if base is not None else None
        for a in sorted(cs.allies[i]):
            change_pair(ctx, "trust", cs.pair[i][a], 2.0, c0)
        change_actor(ctx, CRED, i, 1.0, c0)
        return
    if kind == "consult" and j >= 0:
        change_actor(ctx, CRED, i, 1.0,
                     _rn(base, "alliance", "allies consulted, not surprised") if base is not None else None)
        return
    if kind == "share_intel" and j >= 0:
        for x in (i, j):
            s.intel_bonus[x] = min(0.4, s.intel_bonus[x] + 0.1)
        if base is not None:
            ctx.emit("note", f"{cs.actors[i].name} and {cs.actors[j].name} see more clearly (intelligence sharing)",
                     rule="intel_sharing", move=m.id, actor=base[5], target=base[6], parent=base[2],
                     seen=base[3])
        else:
            s.seq += 1
        return
    if kind == "exercise" and j >= 0:
        change_pair(ctx, "trust", cs.pair[i][j], 3.0,
                    _rn1(base, "alliance", "allies reassured") if base is not None else None)
        transparent_treaty = any(
            tr.transparency and i in tr.members and j in tr.members and s.treaty_active[tr.idx] for tr in cs.treaties
        )
        for x in _adversaries(cs, s, i, j):
            last = s.notified.get((i, x), -99)
            transparent = transparent_treaty or t - last <= ctx.r.notice_turns
            d = 1.0 if transparent else 5.0
            c: Cause | None = None
            if base is not None:
                note = ("security dilemma softened: exercise notified in advance" if transparent
                        else "security dilemma: an allied exercise looks like a threat")
                c = ("security_dilemma", note, base[2], base[3], base[4], base[5], cs.actors[x].id, base[7], 1.0, base[9],
                     base[10])
            change_pair(ctx, "tension", cs.pair[i][x], d, c)
            change_pair(ctx, "tension", cs.pair[j][x], d * 0.5, c)
        return
    if kind == "invoke":
        tr = _invocable(cs, s, i)
        if tr < 0:
            return
        treaty = cs.treaties[tr]
        if base is not None:
            seq = ctx.emit("alliance", f"{cs.actors[i].name} invokes collective defence under {treaty.name}",
                           rule="invocation", move=m.id, actor=base[5], parent=base[2])
        else:
            seq = ctx.skip()
        for a in treaty.members:
            if a != i:
                s.obligations.append((i, a, t + treaty.respond_within, seq))
        return
    if kind == "honour" and j >= 0:
        s.obligations = [o for o in s.obligations if not (o[0] == j and o[1] == i)]
        c = _rn1(base, "alliance", "kept faith with an ally") if base is not None else None
        change_actor(ctx, CRED, i, 5.0, c)
        change_pair(ctx, "trust", cs.pair[i][j], 5.0, c)
        aggressor = s.attackers[j]
        if aggressor >= 0 and aggressor != i:
            change_pair(ctx, "tension", cs.pair[i][aggressor], 6.0,
                        _rn(c, "entrapment", "collective defence drags the ally into the crisis")
                        if c is not None else None)


# --------------------------------------------------------------------------- assessment


def _assess(ctx: _Ctx) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    t = ctx.t
    rec = ctx.rec
    root = ctx.emit("note", ("Assessment, turn {}", t), rule="assessment") if rec else ctx.skip()
    n = cs.n
    actors = cs.actors
    # Bluffs called: a public warning not followed by force within two turns.
    for i in range(n):
        claim, when = s.claims[i]
        if claim == "force" and t - when >= 2:
            change_actor(ctx, CRED, i, -r.audience_cost,
                         _cause("signal_vs_deed", f"warned on turn {when} and did not act", root, None,
                               actor=actors[i].id) if rec else None)
            s.claims[i] = ("", 0)
    # Alliance obligations not honoured in time.
    if s.obligations:
        keep = []
        for inv, ally, deadline, seq in s.obligations:
            if t >= deadline:
                c = (_cause("failed_obligation", f"did not answer {actors[inv].name}'s call", seq, None,
                           actor=actors[ally].id) if rec else None)
                change_actor(ctx, CRED, ally, -15.0, c)
                change_pair(ctx, "trust", cs.pair[inv][ally], -10.0, c)
            else:
                keep.append((inv, ally, deadline, seq))
        s.obligations = keep
    # Constraint measures and military contacts, where the pair has any (§ 5.3).
    if s.constraint and max(s.constraint) >= t:
        _constraints(ctx, root)
    if s.contacts and max(s.contacts) > 0:
        _contacts(ctx, root)
    # Richardson drift: fear of the other's readiness, grievance, restrained by trust.
    ready = s.am[READY]
    tension, trust, fear = s.tension, s.trust, s.fear
    restraint, grievance = r.restraint, r.grievance
    drift = _cause("richardson", "drift: fear + grievance - restraint", root, None) if rec else None
    pair_names = cs.pair_names
    changed = p = 0
    # Each actor's most tense relation, and the world's, after the drift (what readiness
    # and the ladder read below), kept as the loop goes: every tension is in [0, 100].
    hot = [0.0] * n
    hottest = 0.0
    # The loop every turn pays once per pair: kept to plain arithmetic on local names.
    for f, i, j, old, tr in zip(fear, cs.pair_i, cs.pair_j, tension, trust):  # noqa: B905 (same lengths)
        new = old + (f * (ready[i] + ready[j]) * 0.5 + grievance - restraint * old * tr / 50.0)
        if new < 0.0:
            new = 0.0
        elif new > 100.0:
            new = 100.0
        if new > hot[i]:
            hot[i] = new
        if new > hot[j]:
            hot[j] = new
        if new > hottest:
            hottest = new
        if new != old:
            tension[p] = new  # the zip has already read this slot
            if drift is not None:
                _record(ctx, "tension", pair_names[p], new - old, new, drift)
            else:
                changed += 1
        p += 1
    s.seq += changed
    fm = (sum(fear) / len(fear) if fear else 0.0) * 0.5  # fear_mean(s)
    follow = _cause("richardson", "readiness follows perceived threat", root, None) if rec else None
    for i in range(n):
        old = ready[i]
        d = fm * (hot[i] - old)
        if d > 0.01 or d < -0.01:
            if follow is not None:
                change_actor(ctx, READY, i, d, follow)
            else:  # change_actor inlined
                new = old + d
                new = 0.0 if new < 0.0 else (100.0 if new > 100.0 else new)
                if new != old:
                    ready[i] = new
                    s.seq += 1
    # Escalation ladder: incidents at very high tension, slow cooling at low tension.
    if hottest >= 90.0:
        change_rung(ctx, 1, _cause("incident", ("tension {:.0f}: an incident escalates", hottest), root, None) if rec else None)
    elif hottest < 40.0 and not s.escalated and s.rung > 0:
        if rec:
            x, rseq = ctx.roll(("cooling below {:.2f}", r.de_escalation), root, None)
        else:
            x, rseq = ctx.draw(), -1
        if x < r.de_escalation:
            change_rung(ctx, -1, _cause("cooling", "low tension lets the crisis cool", rseq, None, roll=x) if rec else None)
    # Stability index: moves a third of the way to its structural value each turn, the
    # pairs weighed by salience and heat, so quiet pairs do not dilute the crisis (§ 8.5).
    wsum = tsum = trsum = 0.0
    for sal, tn, tr in zip(cs.salience, tension, trust):  # noqa: B905 (same lengths)
        wt = sal * (0.25 + tn / 50.0)
        wsum += wt
        tsum += wt * tn
        trsum += wt * tr
    avg_t = tsum / wsum if wsum > 0.0 else 0.0
    avg_tr = trsum / wsum if wsum > 0.0 else 50.0
    target = (100.0 - 0.55 * avg_t - 45.0 * s.rung / cs.max_rung + 0.25 * (avg_tr - 50.0)
              + 0.1 * (s.g[HUM] - 50.0) - 0.1 * s.g[MIS])
    target = _clamp(target)
    stab = s.g[STAB]
    new = stab + (target - stab) * 0.35
    change_global(ctx, STAB, new - stab, _cause(
        "stability", ("stability moves towards {:.0f} (weighted tension {:.0f}, trust {:.0f}, rung {})", target, avg_t,
                      avg_tr, s.rung), root, None) if rec else None)
    # The ladder caps it: no rise on a turn that climbed, never 'stable' past a threshold.
    prev_rung = s.rung_hist[-1] if s.rung_hist else r.rung
    if s.rung > prev_rung:
        top = (s.stability_hist[-1] if s.stability_hist else r.stability) + r.climb_stability_bound
        if s.g[STAB] > top:
            change_global(ctx, STAB, top - s.g[STAB], _cause(
                "stability", f"the ladder climbed this turn (rung {prev_rung} to {s.rung}): stability cannot rise",
                root, None) if rec else None)
    if cs.first_threshold and s.rung >= cs.first_threshold and s.g[STAB] > r.threshold_stability_cap:
        change_global(ctx, STAB, r.threshold_stability_cap - s.g[STAB], _cause(
            "stability", ("past the threshold at rung {}: stability at most {:.0f}", cs.first_threshold,
                          r.threshold_stability_cap), root, None) if rec else None)
    s.stability_hist.append(s.g[STAB])
    s.rung_hist.append(s.rung)
    # Red lines.
    ri = 0
    redlines = s.redlines
    for a in actors:
        for rid, text, crossed, effects in a.red_lines:
            if not redlines[ri] and crossed(s):
                redlines[ri] = t
                if rec:
                    seq = ctx.emit("redline", f"Red line crossed for {a.name}: {text}", rule="red_line", actor=a.id,
                                   move=rid, parent=root)
                    base: Cause | None = _cause("red_line", text, seq, None, actor=a.id)
                else:
                    ctx.skip()
                    base = None
                for eff in effects:
                    _effect(ctx, eff, a.idx, -1, -1, base, 1.0)
            ri += 1
    # Debrief points.
    for point in cs.debriefs:
        if not s.debriefs[point.idx] and point.when is not None and point.when(s):
            s.debriefs[point.idx] = t
            ctx.emit("debrief", f"Learning point: {point.title}" if rec else "", rule="debrief", move=point.id,
                     parent=root)
    # Endings.
    for end in cs.endings:
        if end.when is not None and end.when(s):
            s.over = True
            s.ending = end.idx
            ctx.emit("ending", end.title, rule="ending", move=end.id, parent=root)
            break
    if not s.over and t >= cs.turns:
        s.over = True
        ctx.emit("ending", "The last turn is over", rule="ending", parent=root)


def _constraints(ctx: _Ctx, root: int) -> None:
    """Both parties to a binding constraint measure keep readiness under its cap."""
    cs, s, r = ctx.cs, ctx.s, ctx.r
    cap = r.constraint_readiness
    ready = s.am[READY]
    for p, until in enumerate(s.constraint):
        if until < ctx.t:
            continue
        for x in cs.pairs[p]:
            if ready[x] > cap:
                change_actor(ctx, READY, x, cap - ready[x], _cause(
                    "constraint", ("held to readiness {:.0f} by the constraint measure (until turn {})", cap, until), root,
                    None, actor=cs.actors[x].id) if ctx.rec else None)


def _contacts(ctx: _Ctx, root: int) -> None:
    """Military contacts: slow trust growth that lasts (up to three measures count)."""
    s, r = ctx.s, ctx.r
    for p, n in enumerate(s.contacts):
        if n > 0:
            change_pair(ctx, "trust", p, r.contacts_trust * min(3, n), _cause(
                "contacts", "officers who know each other keep building trust", root, None) if ctx.rec else None)


def fear_mean(s: State) -> float:
    return sum(s.fear) / len(s.fear) if s.fear else 0.0


# --------------------------------------------------------------------------- briefing


def briefing(ctx: _Ctx) -> None:
    """Fire the injects due at the start of the current turn.

    A chance-triggered inject draws every turn it is in its window; the draw is a
    'roll' event seen by no player (`seen_by == ()`: the white cell's dice, shown to
    the facilitator and in the debrief) whether or not the inject fires, so a player
    never learns of an inject that did not happen.  A fired inject names that roll as
    its parent and carries its value.
    """
    cs, s = ctx.cs, ctx.s
    rec = ctx.rec
    t = s.turn
    ctx.t = t
    for k in cs.injects:
        if s.fired[k.idx] and k.once:
            continue
        if t < k.from_turn or t > k.until_turn:
            continue
        fire = False
        roll = NO_ROLL
        if k.turn:
            fire = k.turn == t
        elif k.when is not None:
            fire = bool(k.when(s))
        elif k.contingency_for >= 0:
            backed = cs.injects[k.contingency_for]
            ft = s.fired[backed.idx]
            if ft and t >= ft + backed.within:
                recips = backed.to if backed.to is not None else tuple(range(len(cs.actors)))
                done = any(
                    s.last_used[mv * s.na + a] >= ft for mv in backed.expects for a in recips
                )
                fire = not done
        elif k.chance > 0:
            roll = ctx.random()
            ctx.emit("roll", ("chance {:.2f} for inject '{}'", k.chance, k.title) if rec else "", rule="roll",
                     roll=roll, inject=k.id, seen=())
            fire = roll < k.chance
        if not fire:
            continue
        s.fired[k.idx] = t
        if rec:
            seen = None if k.to is None else tuple(cs.actors[a].id for a in k.to)
            # A chance inject carries its roll's value but does not point at the roll:
            # players never see the white cell's dice (docs/model.md § 8.7).
            seq = ctx.emit("inject", k.title, rule="inject", inject=k.id, roll=roll, seen=seen, parent=-1,
                           actor=cs.actors[k.source].id if k.source >= 0 else "")
            base: Cause | None = _cause("inject", k.title, seq, seen, inject=k.id)
        else:
            s.seq += 1
            base = None
        for e in k.effects:
            _effect(ctx, e, k.source, k.subject, -1, base, 1.0)
        for fi, val in k.flags:
            s.flags[fi] = val
