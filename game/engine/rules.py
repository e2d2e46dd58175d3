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
"""

from __future__ import annotations

import random
from typing import NamedTuple

from .compile import CEffect, CompiledScenario, CMove
from .events import NO_ROLL, Event
from .state import AM, GM, State

STAB, HUM, MIS = GM["stability"], GM["humanitarian"], GM["misinformation"]
READY, PRESS, CRED, LEGIT, CAP = AM["readiness"], AM["domestic_pressure"], AM["credibility"], AM["legitimacy"], AM["capability"]
STAGES = {"talks": 1, "ceasefire": 2, "agreement": 3}
STAGE_NAMES = ("none", "talks", "ceasefire", "agreement")
ALLY_TARGET = frozenset({"consult", "exercise", "share_intel", "honour"})


class Order(NamedTuple):
    """What an actor orders: ids, as a player or an orders file gives them."""

    actor: str
    move: str
    target: str = ""
    second: str = ""
    channel: str = ""

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self._asdict().items() if v}


_new = tuple.__new__


class _Ctx:
    __slots__ = ("cs", "s", "rng", "ev", "t", "r", "rec")

    def __init__(self, cs: CompiledScenario, s: State, rng: random.Random, record: bool = True) -> None:
        self.rec = record
        self.cs = cs
        self.s = s
        self.rng = rng
        self.ev: list[Event] = []
        self.t = s.turn
        self.r = cs.rules

    def emit(
        self, kind: str, note: str = "", *, metric: str = "", scope: str = "", delta: float = 0.0, value: float = 0.0,
        rule: str = "", move: str = "", actor: str = "", target: str = "", channel: str = "", factor: float = 1.0,
        roll: float = NO_ROLL, inject: str = "", parent: int = -1, seen: tuple[str, ...] | None = None,
    ) -> int:
        s = self.s
        seq = s.seq
        s.seq = seq + 1
        if self.rec:
            self.ev.append(
                _new(Event, (seq, self.t, kind, metric, scope, delta, value, rule, note, parent, seen, move, actor,
                             target, channel, factor, roll, inject))
            )
        return seq

    def roll(self, why: str, parent: int, seen: tuple[str, ...] | None, **kw: str) -> tuple[float, int]:
        x = self.rng.random()
        return x, self.emit("roll", why, roll=x, parent=parent, seen=seen, rule="roll", **kw)


class Cause(NamedTuple):
    """Why a metric changes: the tail of every 'change' event (same field order as Event)."""

    rule: str
    note: str
    parent: int
    seen: tuple[str, ...] | None
    move: str = ""
    actor: str = ""
    target: str = ""
    channel: str = ""
    factor: float = 1.0
    roll: float = NO_ROLL
    inject: str = ""


def _record(ctx: _Ctx, metric: str, scope: str, delta: float, value: float, c: Cause) -> None:
    s = ctx.s
    seq = s.seq
    s.seq = seq + 1
    if ctx.rec:
        ctx.ev.append(_new(Event, (seq, ctx.t, "change", metric, scope, delta, value, *c)))


def _clamp(v: float) -> float:
    return 0.0 if v < 0.0 else (100.0 if v > 100.0 else v)


def change_pair(ctx: _Ctx, metric: str, p: int, delta: float, c: Cause) -> None:
    s = ctx.s
    arr = s.trust if metric == "trust" else s.tension
    old = arr[p]
    new = _clamp(old + delta)
    if new == old:
        return
    arr[p] = new
    _record(ctx, metric, ctx.cs.pair_names[p], new - old, new, c)


def change_actor(ctx: _Ctx, mi: int, i: int, delta: float, c: Cause) -> None:
    row = ctx.s.am[mi]
    old = row[i]
    new = _clamp(old + delta)
    if new == old:
        return
    row[i] = new
    _record(ctx, _AM_NAMES[mi], ctx.cs.actors[i].id, new - old, new, c)


def change_global(ctx: _Ctx, gi: int, delta: float, c: Cause) -> None:
    g = ctx.s.g
    old = g[gi]
    new = _clamp(old + delta)
    if new == old:
        return
    g[gi] = new
    _record(ctx, _GM_NAMES[gi], "", new - old, new, c)


def change_rung(ctx: _Ctx, delta: int, c: Cause) -> None:
    s = ctx.s
    old = s.rung
    new = max(0, min(ctx.cs.max_rung, old + delta))
    if new == old:
        return
    s.rung = new
    if new > old:
        s.escalated = True
    _record(ctx, "rung", "", float(new - old), float(new), c._replace(seen=None))
    if new > s.max_rung:
        s.max_rung = new
    for rung, name in ctx.cs.thresholds:
        if old < rung <= new:
            s.crossings.append((ctx.t, rung))
            ctx.emit("threshold", f"Threshold crossed: {name} (rung {rung})", rule="threshold", value=float(rung),
                     parent=c.parent)


from .state import ACTOR_METRICS as _AM_NAMES  # noqa: E402
from .state import GLOBAL_METRICS as _GM_NAMES  # noqa: E402

# --------------------------------------------------------------------------- legality


def check(cs: CompiledScenario, s: State, i: int, m: CMove, j: int, k: int, c: int, budget: int) -> str:
    """Why this order is illegal, in words a player can read; '' when it is legal."""
    if s.over:
        return "the game is over"
    actor = cs.actors[i]
    if actor.allowed is not None and m.idx not in actor.allowed:
        return f"not available to {actor.name}"
    if m.actors is not None and i not in m.actors:
        return f"not available to {actor.name}"
    cost = m.cost + (cs.channels[c].cost if c >= 0 else 0)
    if cost > budget:
        return f"costs {cost}, only {budget} capital left this turn"
    if m.cooldown:
        last = s.last_used.get((m.idx, i))
        if last is not None and s.turn - last <= m.cooldown:
            return f"used on turn {last}; available again on turn {last + m.cooldown + 1}"
    n = len(cs.actors)
    if m.target == 0:
        if j >= 0:
            return "this move takes no target"
    else:
        if not 0 <= j < n or j == i:
            return "choose another actor as target"
        if m.target_kinds is not None and cs.actors[j].kind not in m.target_kinds:
            return f"cannot target a {cs.actors[j].kind.replace('_', ' ')}"
        if m.target == 2:
            if not 0 <= k < n or k == i or k == j:
                return "choose two other actors"
            if m.target_kinds is not None and cs.actors[k].kind not in m.target_kinds:
                return f"cannot target a {cs.actors[k].kind.replace('_', ' ')}"
    if m.channels:
        if c < 0:
            return "choose a channel"
        if c not in m.channels:
            return f"cannot be sent through {cs.channels[c].name}"
        ch = cs.channels[c]
        if j >= 0:
            p = cs.pair[i][j]
            if ch.requires_established and not s.open[p] & (1 << c):
                return f"no {ch.name.lower()} is open with {cs.actors[j].name}"
            if ch.mediator_trust is not None and _intermediary(cs, s, i, j, ch.mediator_trust) < 0:
                return f"no intermediary trusted by both sides (needs trust {ch.mediator_trust:.0f})"
    elif c >= 0:
        return "this move is not sent through a channel"
    if m.opens_channel >= 0 and j >= 0 and s.open[cs.pair[i][j]] & (1 << m.opens_channel):
        return f"the {cs.channels[m.opens_channel].name.lower()} is already open"
    if m.cond is not None and not m.cond(s):
        return f"conditions not met ({m.cond_src})"
    if m.mediation:
        p = cs.pair[j][k]
        if m.mediation == "spoil":
            if s.stage[p] == 0:
                return "there is no peace process between them to spoil"
        else:
            need = STAGES[m.mediation] - 1
            if s.stage[p] != need:
                if s.stage[p] > need:
                    return f"they are already past {m.mediation}"
                return f"needs {STAGE_NAMES[need]} first (now: {STAGE_NAMES[s.stage[p]]})"
            mt = cs.rules.mediator_trust
            t1, t2 = s.trust[cs.pair[i][j]], s.trust[cs.pair[i][k]]
            if min(t1, t2) < mt:
                return f"not trusted enough by both sides (trust {t1:.0f} and {t2:.0f}, needs {mt:.0f})"
    if m.alliance in ALLY_TARGET and j >= 0:
        if j not in cs.allies[i]:
            return f"{cs.actors[j].name} is not an ally"
        if m.alliance == "honour" and not any(o[0] == j and o[1] == i for o in s.obligations):
            return f"{cs.actors[j].name} has not invoked a commitment you owe"
    if m.alliance == "invoke":
        if _invocable(cs, s, i) < 0:
            return "no collective-defence treaty's terms are met for you now"
        if any(o[0] == i for o in s.obligations):
            return "you have already invoked collective defence"
    return ""


def _invocable(cs: CompiledScenario, s: State, i: int) -> int:
    for t in cs.treaties:
        if t.collective_defence and s.treaty_active[t.idx] and i in t.members:
            ok = t.invocation(s) if t.invocation is not None else s.attacked[i]
            if ok:
                return t.idx
    return -1


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
    cs: CompiledScenario, state: State, orders: list[Order], rng: random.Random, record: bool = True
) -> tuple[State, list[Event]]:
    """Adjudicate one turn. Pure apart from the draws it takes from `rng`.

    With `record=False` no Event objects are built (playtests, advisor rollouts); the
    new state, and so its hash, is exactly the same.
    """
    s = state.copy()
    ctx = _Ctx(cs, s, rng, record)
    if s.over:
        return s, []
    s.escalated = False
    accepted = _accept(ctx, state, orders)
    _deliver(ctx)
    accepted.sort(key=lambda x: (x[0].order, x[1], x[5]))
    for m, i, j, k, c, _pos, parent in accepted:
        ch = cs.channels[c] if c >= 0 else None
        if ch is not None and ch.latency > 0 and j >= 0:
            s.inflight.append((ctx.t + ch.latency, i, m.idx, j, k, c, parent))
            ctx.emit("note", f"{m.name} from {cs.actors[i].name} is on its way by {ch.name} (arrives turn {ctx.t + ch.latency})",
                     rule="latency", move=m.id, actor=cs.actors[i].id, target=cs.actors[j].id, channel=ch.id,
                     parent=parent, seen=_seen(cs, ch, m, i, j, k))
            continue
        _apply(ctx, m, i, j, k, c, parent)
    _assess(ctx)
    if not s.over:
        s.turn += 1
        for a in cs.actors:
            s.budget_left[a.idx] = a.budget
        briefing(ctx)
    return s, ctx.ev


def _accept(ctx: _Ctx, start: State, orders: list[Order]) -> list[tuple[CMove, int, int, int, int, int, int]]:
    cs, s = ctx.cs, ctx.s
    out = []
    seen_keys: set[tuple[int, int, int, int]] = set()
    for pos, o in enumerate(orders):
        i = cs.actor_index.get(o.actor, -1)
        mi = cs.move_index.get(o.move, -1)
        if i < 0 or mi < 0:
            ctx.emit("reject", f"Order rejected: unknown {'actor' if i < 0 else 'move'} in {o.actor}/{o.move}",
                     rule="reject", move=o.move, actor=o.actor, seen=(o.actor,))
            continue
        m = cs.moves[mi]
        j = cs.actor_index.get(o.target, -1) if o.target else -1
        k = cs.actor_index.get(o.second, -1) if o.second else -1
        c = cs.channel_index.get(o.channel, -1) if o.channel else -1
        key = (i, mi, j, k)
        reason = "already ordered this turn" if key in seen_keys else check(cs, start, i, m, j, k, c, s.budget_left[i])
        aid = cs.actors[i].id
        if reason:
            ctx.emit("reject", f"{m.name} by {cs.actors[i].name} rejected: {reason}", rule="reject", move=m.id,
                     actor=aid, target=o.target, channel=o.channel, seen=(aid,))
            continue
        seen_keys.add(key)
        cost = m.cost + (cs.channels[c].cost if c >= 0 else 0)
        s.budget_left[i] -= cost
        _count(cs, s, i, m, j)
        ch = cs.channels[c] if c >= 0 else None
        tgt = cs.actors[j].name if j >= 0 else ""
        text = f"{cs.actors[i].name}: {m.name}"
        if k >= 0:
            text += f" between {tgt} and {cs.actors[k].name}"
        elif tgt:
            text += f" → {tgt}"
        if ch is not None:
            text += f" via {ch.name}"
        parent = ctx.emit("order", text, rule="order", move=m.id, actor=aid, target=o.target, channel=o.channel,
                          value=float(cost), seen=_seen(cs, ch, m, i, j, k))
        out.append((m, i, j, k, c, pos, parent))
    return out


def _count(cs: CompiledScenario, s: State, i: int, m: CMove, j: int) -> None:
    key = (m.idx, i)
    s.uses[key] = s.uses.get(key, 0) + 1
    s.move_total[m.idx] += 1
    s.last_used[key] = s.turn
    cc = s.cat_counts
    for kk in ((m.category, i), (m.category, -1)):
        cc[kk] = cc.get(kk, 0) + 1
    tc = s.tag_counts
    for tag in m.tags:
        for kk in ((tag, i), (tag, -1)):
            tc[kk] = tc.get(kk, 0) + 1
    if j >= 0:
        s.used_on.add((m.idx, i, j))


def _seen(cs: CompiledScenario, ch: object, m: CMove, i: int, j: int, k: int) -> tuple[str, ...] | None:
    """Who learns of a move: public channels and military deeds are seen by all."""
    public = getattr(ch, "public", False) if ch is not None else m.category in ("military", "humanitarian")
    if public and not getattr(ch, "deniable", False):
        return None
    ids = [cs.actors[i].id]
    if j >= 0:
        ids.append(cs.actors[j].id)
    if k >= 0:
        ids.append(cs.actors[k].id)
    return tuple(ids)


def _deliver(ctx: _Ctx) -> None:
    s, cs = ctx.s, ctx.cs
    if not s.inflight:
        return
    due = [x for x in s.inflight if x[0] <= ctx.t]
    if not due:
        return
    s.inflight = [x for x in s.inflight if x[0] > ctx.t]
    for _t, i, mi, j, k, c, parent in due:
        m = cs.moves[mi]
        ch = cs.channels[c]
        seq = ctx.emit("deliver", f"{m.name} from {cs.actors[i].name} arrives via {ch.name}", rule="latency",
                       move=m.id, actor=cs.actors[i].id, target=cs.actors[j].id, channel=ch.id, parent=parent,
                       seen=_seen(cs, ch, m, i, j, k))
        _apply(ctx, m, i, j, k, c, seq)


def _apply(ctx: _Ctx, m: CMove, i: int, j: int, k: int, c: int, parent: int) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    ch = cs.channels[c] if c >= 0 else None
    aid = cs.actors[i].id
    tid = cs.actors[j].id if j >= 0 else ""
    seen = _seen(cs, ch, m, i, j, k)
    factor = 1.0
    roll = NO_ROLL
    reading = ""
    if ch is not None and j >= 0:
        p = cs.pair[i][j]
        fid = ch.fidelity + s.fid[p] - 0.3 * s.g[MIS] / 100.0
        fid = 0.05 if fid < 0.05 else (0.99 if fid > 0.99 else fid)
        roll, rseq = ctx.roll(f"{ch.name} fidelity (reads as intended below {fid:.2f})", parent, seen, move=m.id,
                              actor=aid, target=tid, channel=ch.id)
        if roll >= fid:
            r2, rseq = ctx.roll("misreading: weakened below 0.50, else inverted", rseq, seen, move=m.id, actor=aid,
                                target=tid, channel=ch.id)
            if r2 < 0.5:
                factor, reading = 0.5, "misread: weakened"
            elif m.goldstein is not None and m.goldstein < 0:
                # A threat misread is read as worse than meant, never as a kindness.
                factor, reading = 1.5, "misread: taken as worse than meant"
            else:
                factor, reading = -0.5, "misread: taken as hostile"
            parent = ctx.emit("note", f"{cs.actors[j].name} {reading} the {m.name.lower()}", rule="misperception",
                              move=m.id, actor=aid, target=tid, channel=ch.id, factor=factor, roll=r2, parent=rseq,
                              seen=seen)
        factor *= ch.scale
    cid = ch.id if ch is not None else ""
    base = Cause("", "", parent, seen, m.id, aid, tid, cid, factor, roll)
    # Goldstein default: the published weight of the act moves tension and trust.
    if m.goldstein is not None and j >= 0 and not m.mediation and m.goldstein != 0.0:
        g = m.goldstein * r.goldstein_scale * factor
        dt = -g
        if dt < 0:
            dt *= r.de_escalation
        dtr = g * 0.5
        if dtr > 0:
            dtr *= r.de_escalation
        p = cs.pair[i][j]
        note = f"Goldstein {m.goldstein:+.1f} (CAMEO {m.cameo or 'n/a'})" + (f", {reading}" if reading else "")
        change_pair(ctx, "tension", p, dt, base._replace(rule="goldstein", note=note))
        change_pair(ctx, "trust", p, dtr, base._replace(rule="goldstein", note=note))
    for e in m.effects:
        _effect(ctx, e, i, j, k, base, factor)
    for fi, val in m.flags:
        s.flags[fi] = val
    if m.opens_channel >= 0 and j >= 0 and factor > 0:
        p = cs.pair[i][j]
        s.open[p] |= 1 << m.opens_channel
        ctx.emit("note", f"{cs.channels[m.opens_channel].name} now open between {cs.actors[i].name} and {cs.actors[j].name}",
                 rule="channel_opened", move=m.id, actor=aid, target=tid, parent=parent, seen=seen)
    if m.cbm and j >= 0:
        p = cs.pair[i][j]
        s.cbms[p] += 1
        s.fear[p] = max(0.0, s.fear[p] - r.cbm_fear_reduction)
        s.fid[p] = min(0.3, s.fid[p] + r.cbm_misperception_reduction)
        ctx.emit("note", f"Confidence-building ({m.cbm.replace('_', ' ')}): fear between them now {s.fear[p]:.2f}, "
                 f"misperception reduced by {s.fid[p]:.2f}", rule="cbm", move=m.id, actor=aid, target=tid,
                 value=s.fear[p], parent=parent, seen=seen)
    public = ch.public if ch is not None else False
    deniable = ch.deniable if ch is not None else False
    if public and not deniable and m.goldstein is not None:
        ac = r.audience_cost
        if m.goldstein < 0:
            change_actor(ctx, PRESS, i, -0.5 * ac, base._replace(rule="audience_cost", note="public firmness rallies opinion at home", factor=1.0))
        elif m.goldstein > 0:
            change_actor(ctx, PRESS, i, 0.3 * ac, base._replace(rule="audience_cost", note="hardliners object to public concessions", factor=1.0))
        change_actor(ctx, CRED, i, 0.2 * ac, base._replace(rule="audience_cost", note="a public commitment stakes credibility", factor=1.0))
    if m.public_claim and not deniable and (public or ch is None):
        s.claims[i] = (m.public_claim, ctx.t)
    if m.category == "military" and m.rung > 0:
        claim, when = s.claims[i]
        if claim == "peace" and ctx.t - when <= 3:
            change_actor(ctx, CRED, i, -2.0 * r.audience_cost, base._replace(
                rule="signal_vs_deed", note=f"said peace in public on turn {when}, then used force", factor=1.0))
            s.claims[i] = ("", 0)
        elif claim == "force":
            change_actor(ctx, CRED, i, 2.0, base._replace(rule="signal_vs_deed", note="followed through on a warning", factor=1.0))
            s.claims[i] = ("", 0)
        if j >= 0 and m.goldstein is not None and m.goldstein <= -7.0:
            s.attacked[j] = True
            s.attackers[j] = i
    if m.rung > 0:
        change_rung(ctx, m.rung, base._replace(rule="escalation", note=f"{m.name} climbs the ladder"))
    elif m.rung < 0:
        x, rseq = ctx.roll(f"de-escalation takes hold below {r.de_escalation:.2f}", parent, seen, move=m.id, actor=aid)
        if x < r.de_escalation:
            change_rung(ctx, m.rung, base._replace(rule="de_escalation", note=f"{m.name} steps down the ladder", roll=x, parent=rseq))
        else:
            ctx.emit("note", f"{m.name}: not yet enough to step down the ladder (de-escalation is slower)",
                     rule="de_escalation", move=m.id, actor=aid, roll=x, parent=rseq, seen=seen)
    if m.mediation:
        _mediation(ctx, m, i, j, k, base)
    if m.alliance:
        _alliance(ctx, m, i, j, base)


def _effect(ctx: _Ctx, e: CEffect, i: int, j: int, k: int, base: Cause, factor: float) -> None:
    cs = ctx.cs
    c = base._replace(rule="effect", note=e.note or "scenario effect")
    if e.chance < 1.0:
        x, rseq = ctx.roll(f"chance {e.chance:.2f} for '{e.note or e.metric}'", base.parent, base.seen, move=base.move,
                           actor=base.actor)
        if x >= e.chance:
            return
        c = c._replace(roll=x, parent=rseq)
    d = e.delta if e.who == "actor" else e.delta * factor
    who = e.who
    if e.scope == "global":
        if e.metric == "rung":
            change_rung(ctx, int(round(d)), c)
        else:
            change_global(ctx, e.mi, d, c)
        return
    if e.scope == "actor":
        targets: list[int]
        if who == "actor":
            targets = [i]
        elif who == "target":
            targets = [j] if j >= 0 else []
        elif who == "second":
            targets = [k] if k >= 0 else []
        elif who == "allies":
            targets = sorted(cs.allies[i]) if i >= 0 else []
        else:
            targets = list(range(len(cs.actors)))
        for t in targets:
            if t >= 0:
                change_actor(ctx, e.mi, t, d, c)
        return
    pairs: list[int]
    if who == "pair":
        pairs = [cs.pair[i][j]] if i >= 0 and j >= 0 else []
    elif who == "targets":
        pairs = [cs.pair[j][k]] if j >= 0 and k >= 0 else []
    elif who == "allies":
        pairs = [cs.pair[i][a] for a in sorted(cs.allies[i])] if i >= 0 else []
    elif who == "adversaries":
        pairs = [cs.pair[j][a] for a in sorted(cs.allies[i]) if a != j] if i >= 0 and j >= 0 else []
    else:
        pairs = [cs.pair[i][x] for x in range(len(cs.actors)) if x != i] if i >= 0 else list(range(len(cs.pairs)))
    for p in pairs:
        change_pair(ctx, e.metric, p, d, c)


def _mediation(ctx: _Ctx, m: CMove, i: int, j: int, k: int, base: Cause) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    p = cs.pair[j][k]
    a, b = cs.actors[j], cs.actors[k]
    tension = s.tension[p]
    if m.mediation == "spoil":
        chance = 0.4 + tension / 200.0
        x, rseq = ctx.roll(f"spoiler succeeds below {chance:.2f}", base.parent, base.seen, move=m.id, actor=base.actor)
        c = base._replace(rule="spoiler", roll=x, parent=rseq)
        if x < chance:
            old = s.stage[p]
            s.stage[p] = old - 1
            seq = ctx.emit("mediation", f"{cs.actors[i].name} wrecks the {STAGE_NAMES[old]} between {a.name} and {b.name}",
                           rule="spoiler", move=m.id, actor=base.actor, roll=x, parent=rseq, value=float(s.stage[p]))
            c = c._replace(parent=seq, note="the peace process is set back")
            change_pair(ctx, "tension", p, 8.0, c)
            change_pair(ctx, "trust", p, -6.0, c)
            change_actor(ctx, LEGIT, i, -5.0, c._replace(note="seen wrecking the talks"))
        else:
            ctx.emit("mediation", f"The talks between {a.name} and {b.name} survive {cs.actors[i].name}'s provocation",
                     rule="spoiler", move=m.id, actor=base.actor, roll=x, parent=rseq)
        return
    stage = STAGES[m.mediation]
    mt = min(s.trust[cs.pair[i][j]], s.trust[cs.pair[i][k]])
    ripe = tension >= r.ripeness_tension and s.rung >= 3
    chance = 0.15 + 0.45 * mt / 100.0 + (0.15 if ripe else 0.0) + 0.2 * s.trust[p] / 100.0 - 0.1 * (stage - 1)
    if tension > 85:
        chance -= 0.15
    chance = 0.05 if chance < 0.05 else (0.95 if chance > 0.95 else chance)
    why = (f"{m.mediation} succeed below {chance:.2f} (mediator trust {mt:.0f}, "
           f"{'ripe' if ripe else 'not ripe'}, trust between parties {s.trust[p]:.0f})")
    x, rseq = ctx.roll(why, base.parent, base.seen, move=m.id, actor=base.actor)
    c = base._replace(rule="mediation", roll=x, parent=rseq, factor=1.0)
    if x < chance:
        s.stage[p] = stage
        seq = ctx.emit("mediation", f"{cs.actors[i].name} brokers {STAGE_NAMES[stage]} between {a.name} and {b.name}",
                       rule="mediation", move=m.id, actor=base.actor, roll=x, parent=rseq, value=float(stage))
        c = c._replace(parent=seq, note=f"{STAGE_NAMES[stage]} reached")
        change_pair(ctx, "tension", p, -6.0 * stage, c)
        change_pair(ctx, "trust", p, 4.0 * stage, c)
        change_global(ctx, STAB, 2.0 * stage, c)
        change_actor(ctx, LEGIT, i, 3.0, c._replace(note="a successful mediator gains standing"))
        if stage >= 2:
            change_rung(ctx, -1, c)
    else:
        seq = ctx.emit("mediation", f"{m.name}: no progress between {a.name} and {b.name}", rule="mediation",
                       move=m.id, actor=base.actor, roll=x, parent=rseq)
        c = c._replace(parent=seq, note="failed mediation costs the mediator trust")
        change_pair(ctx, "trust", cs.pair[i][j], -2.0, c)
        change_pair(ctx, "trust", cs.pair[i][k], -2.0, c)


def _adversaries(cs: CompiledScenario, s: State, i: int, j: int) -> list[int]:
    """Actors who read an alliance move by i (with ally j) as aimed at them."""
    out = []
    for x in range(len(cs.actors)):
        if x in (i, j) or x in cs.allies[i] or cs.actors[x].kind in ("ngo", "io"):
            continue
        if s.tension[cs.pair[i][x]] >= 35:
            out.append(x)
    return out


def _alliance(ctx: _Ctx, m: CMove, i: int, j: int, base: Cause) -> None:
    cs, s = ctx.cs, ctx.s
    kind = m.alliance
    t = ctx.t
    if kind in ("notify", "observe") and j >= 0:
        s.notified[(i, j)] = t
        return
    if kind == "consult" and j >= 0:
        change_actor(ctx, CRED, i, 1.0, base._replace(rule="alliance", note="allies consulted, not surprised"))
        return
    if kind == "share_intel" and j >= 0:
        for x in (i, j):
            s.intel_bonus[x] = min(0.4, s.intel_bonus[x] + 0.1)
        ctx.emit("note", f"{cs.actors[i].name} and {cs.actors[j].name} see more clearly (intelligence sharing)",
                 rule="intel_sharing", move=m.id, actor=base.actor, target=base.target, parent=base.parent, seen=base.seen)
        return
    if kind == "exercise" and j >= 0:
        change_pair(ctx, "trust", cs.pair[i][j], 3.0, base._replace(rule="alliance", note="allies reassured", factor=1.0))
        transparent_treaty = any(
            tr.transparency and i in tr.members and j in tr.members and s.treaty_active[tr.idx] for tr in cs.treaties
        )
        for x in _adversaries(cs, s, i, j):
            last = s.notified.get((i, x), -99)
            transparent = transparent_treaty or t - last <= 3
            d = 1.0 if transparent else 5.0
            note = ("security dilemma softened: exercise notified in advance" if transparent
                    else "security dilemma: an allied exercise looks like a threat")
            c = base._replace(rule="security_dilemma", note=note, factor=1.0, target=cs.actors[x].id)
            change_pair(ctx, "tension", cs.pair[i][x], d, c)
            change_pair(ctx, "tension", cs.pair[j][x], d * 0.5, c)
        return
    if kind == "invoke":
        tr = _invocable(cs, s, i)
        if tr < 0:
            return
        treaty = cs.treaties[tr]
        seq = ctx.emit("alliance", f"{cs.actors[i].name} invokes collective defence under {treaty.name}",
                       rule="invocation", move=m.id, actor=base.actor, parent=base.parent)
        for a in treaty.members:
            if a != i:
                s.obligations.append((i, a, t + treaty.respond_within, seq))
        return
    if kind == "honour" and j >= 0:
        s.obligations = [o for o in s.obligations if not (o[0] == j and o[1] == i)]
        c = base._replace(rule="alliance", note="kept faith with an ally", factor=1.0)
        change_actor(ctx, CRED, i, 5.0, c)
        change_pair(ctx, "trust", cs.pair[i][j], 5.0, c)
        aggressor = s.attackers[j]
        if aggressor >= 0 and aggressor != i:
            change_pair(ctx, "tension", cs.pair[i][aggressor], 6.0,
                        c._replace(rule="entrapment", note="collective defence drags the ally into the crisis"))


# --------------------------------------------------------------------------- assessment


def _assess(ctx: _Ctx) -> None:
    cs, s, r = ctx.cs, ctx.s, ctx.r
    t = ctx.t
    root = ctx.emit("note", f"Assessment, turn {t}", rule="assessment")
    n = len(cs.actors)
    # Bluffs called: a public warning not followed by force within two turns.
    for i in range(n):
        claim, when = s.claims[i]
        if claim == "force" and t - when >= 2:
            change_actor(ctx, CRED, i, -r.audience_cost, Cause("signal_vs_deed", f"warned on turn {when} and did not act", root, None, actor=cs.actors[i].id))
            s.claims[i] = ("", 0)
    # Alliance obligations not honoured in time.
    if s.obligations:
        keep = []
        for inv, ally, deadline, seq in s.obligations:
            if t >= deadline:
                c = Cause("failed_obligation", f"did not answer {cs.actors[inv].name}'s call", seq, None, actor=cs.actors[ally].id)
                change_actor(ctx, CRED, ally, -15.0, c)
                change_pair(ctx, "trust", cs.pair[inv][ally], -10.0, c)
            else:
                keep.append((inv, ally, deadline, seq))
        s.obligations = keep
    # Richardson drift: fear of the other's readiness, grievance, restrained by trust.
    ready = s.am[READY]
    tension, trust, fear = s.tension, s.trust, s.fear
    restraint, grievance = r.restraint, r.grievance
    drift = Cause("richardson", "drift: fear + grievance - restraint", root, None)
    for p, (i, j) in enumerate(cs.pairs):
        d = fear[p] * (ready[i] + ready[j]) * 0.5 + grievance - restraint * tension[p] * trust[p] / 50.0
        if d:
            change_pair(ctx, "tension", p, d, drift)
    fm = fear_mean(s) * 0.5
    follow = Cause("richardson", "readiness follows perceived threat", root, None)
    for i in range(n):
        top = max([tension[p] for p in cs.actor_pairs[i]], default=0.0)
        d = fm * (top - ready[i])
        if d > 0.01 or d < -0.01:
            change_actor(ctx, READY, i, d, follow)
    # Escalation ladder: incidents at very high tension, slow cooling at low tension.
    hottest = max(tension) if tension else 0.0
    if hottest >= 90.0:
        change_rung(ctx, 1, Cause("incident", f"tension {hottest:.0f}: an incident escalates", root, None))
    elif hottest < 40.0 and not s.escalated and s.rung > 0:
        x, rseq = ctx.roll(f"cooling below {r.de_escalation:.2f}", root, None)
        if x < r.de_escalation:
            change_rung(ctx, -1, Cause("cooling", "low tension lets the crisis cool", rseq, None, roll=x))
    # Stability index: moves a third of the way to its structural value each turn.
    np_ = len(cs.pairs) or 1
    avg_t = sum(tension) / np_
    avg_tr = sum(trust) / np_
    target = (100.0 - 0.55 * avg_t - 45.0 * s.rung / cs.max_rung + 0.25 * (avg_tr - 50.0)
              + 0.1 * (s.g[HUM] - 50.0) - 0.1 * s.g[MIS])
    target = _clamp(target)
    change_global(ctx, STAB, (target - s.g[STAB]) * 0.35,
                  Cause("stability", f"stability moves towards {target:.0f} (tension {avg_t:.0f}, trust {avg_tr:.0f}, rung {s.rung})", root, None))
    s.stability_hist.append(s.g[STAB])
    s.rung_hist.append(s.rung)
    # Red lines.
    ri = 0
    for a in cs.actors:
        for rid, text, when, effects in a.red_lines:
            if not s.redlines[ri] and when(s):
                s.redlines[ri] = t
                seq = ctx.emit("redline", f"Red line crossed for {a.name}: {text}", rule="red_line", actor=a.id, move=rid, parent=root)
                base = Cause("red_line", text, seq, None, actor=a.id)
                for e in effects:
                    _effect(ctx, e, a.idx, -1, -1, base, 1.0)
            ri += 1
    # Debrief points.
    for d in cs.debriefs:
        if not s.debriefs[d.idx] and d.when is not None and d.when(s):
            s.debriefs[d.idx] = t
            ctx.emit("debrief", f"Learning point: {d.title}", rule="debrief", move=d.id, parent=root)
    # Endings.
    for e in cs.endings:
        if e.when is not None and e.when(s):
            s.over = True
            s.ending = e.idx
            ctx.emit("ending", f"{e.title}", rule="ending", move=e.id, parent=root)
            break
    if not s.over and t >= cs.turns:
        s.over = True
        ctx.emit("ending", "The last turn is over", rule="ending", parent=root)


def fear_mean(s: State) -> float:
    return sum(s.fear) / len(s.fear) if s.fear else 0.0


# --------------------------------------------------------------------------- briefing


def briefing(ctx: _Ctx) -> None:
    """Fire the injects due at the start of the current turn."""
    cs, s = ctx.cs, ctx.s
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
            base = cs.injects[k.contingency_for]
            ft = s.fired[base.idx]
            if ft and t >= ft + base.within:
                recips = base.to if base.to is not None else tuple(range(len(cs.actors)))
                done = any(
                    s.last_used.get((mv, a), 0) >= ft for mv in base.expects for a in recips
                )
                fire = not done
        elif k.chance > 0:
            roll = ctx.rng.random()
            fire = roll < k.chance
        if not fire:
            continue
        s.fired[k.idx] = t
        seen = None if k.to is None else tuple(cs.actors[a].id for a in k.to)
        seq = ctx.emit("inject", f"{k.title}", rule="inject", inject=k.id, roll=roll, seen=seen,
                       actor=cs.actors[k.source].id if k.source >= 0 else "")
        base = Cause("inject", k.title, seq, seen, inject=k.id)
        for e in k.effects:
            _effect(ctx, e, k.source, k.subject, -1, base, 1.0)
        for fi, val in k.flags:
            s.flags[fi] = val
