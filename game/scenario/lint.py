"""`detente lint`: design mistakes that a *valid* scenario can still contain.

Validation (loader + references) says whether a file is well formed.  Lint asks whether
it is well *designed*: can every move be used, every inject fire, every ending be
reached, is every metric that the scenario changes ever looked at, does every objective
have a measurable target, is there a way down the escalation ladder?  The analyses are
static and conservative: a warning means "this can never happen", never "this is
unlikely" (the playtester answers that question with numbers).

How it works
------------
Expressions are folded by a small abstract interpreter (`Folder`): numbers become
intervals (tension is always within 0..100, `turn` within 1..turns, ...), booleans
become True / False / unknown.  An expression that folds to False can never be true.

Reachability (which moves can be used, which flags can be set, which injects can fire)
is a *least fixpoint*: start from nothing, and keep adding what becomes possible given
what is already possible, until nothing changes.  So a hotline that only a hotline move
can open stays closed, and a flag set only by a dead inject counts as never set.

Every finding is a `Diagnostic` with a stable `code` (e.g. ``W-unused-move``); warnings
start with ``W-``, errors with ``E-``.  Only things written in the scenario file are
reported: the stock catalogue is the game's business, not the author's.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.scenario import expr as E
from game.scenario.ladder import DEFAULT_LADDER
from game.scenario.models import (
    Actor,
    Effect,
    Metric,
    Move,
    Scenario,
    TargetKind,
)

if TYPE_CHECKING:  # pragma: no cover - import cycle guard only
    from game.scenario.diagnostics import Diagnostic, Severity
    from game.scenario.loader import Resolved
    from game.scenario.positions import Positions

# Metrics the engine itself reads every turn: tension/trust/rung/stability feed the
# stability score and the ladder, readiness feeds Richardson's fear term.  Writing them
# is never pointless, so "metric never read" does not apply to them.
ENGINE_READS: frozenset[str] = frozenset(
    {Metric.stability, Metric.rung, Metric.tension, Metric.trust, Metric.readiness}
)

# Flags the engine sets on its own (none yet); a flag listed here is never "unset".
ENGINE_FLAGS: frozenset[str] = frozenset()

#: Every lint rule: code -> one-line explanation (shown by docs/authoring.md).
RULES: dict[str, str] = {
    "E-no-moves": "no actor can ever make any move: the scenario cannot be played",
    "W-unused-move": "a move that no actor can ever use (kinds, actors lists, use_moves, actor.moves, channels that never open, condition never true)",
    "W-actor-no-moves": "an actor that has no move it can ever use",
    "W-unused-channel": "a channel defined in the scenario that no usable move can be sent through and no condition checks",
    "W-dead-inject": "an inject whose trigger can never fire",
    "W-expects-unusable": "an inject expects a response move that nobody can use",
    "W-dead-ending": "an ending whose condition can never be true",
    "W-ending-always": "an ending whose condition is always true: the game would end at once",
    "W-dead-band": "an outcome band that can never be chosen",
    "W-dead-debrief": "a debrief point whose condition can never be true",
    "W-dead-red-line": "a red line that can never be crossed",
    "W-objective-unreachable": "an objective whose target can never be true",
    "W-objective-no-target": "an objective (learning or actor) without a measurable `target`",
    "W-unread-metric": "a metric the scenario changes but nothing ever reads",
    "W-unread-flag": "a flag set by a move or inject but never read by any condition",
    "W-move-no-tags": "a move without doctrine tags (the debrief cannot teach from it)",
    "W-no-deescalation": "no usable move climbs down the ladder (rung < 0) or seeks a ceasefire",
    "W-runaway-race": "Richardson parameters with restraint <= fear: tension runs away whatever players do",
    "W-actor-no-objectives": "an actor without objectives (national interests)",
    "W-debrief-no-questions": "a debrief point without hot-wash questions",
    "W-unnamed-rung": "rungs above the stock ladder (14) up to rules.max_rung without a [[ladder]] name",
    "W-debrief-unnamed-actor": "a debrief point whose title names an actor its condition never mentions: it could fire for what another actor did",
    "W-treaty-no-trigger": "a collective-defence treaty that says neither its `trigger` (armed_attack or threat) nor an `invocation`",
    "W-cbm-no-category": "a confidence-building move without a `cbm` category: it would get no category's mechanic",
    "W-humanitarian-no-consent": "a humanitarian move (or a verification request) aimed at an actor that does not say whether the host must `consent`",
    "W-covert-non-attribution": "a coercive, military or information move tagged non_attribution (Track II practice): tag it `deniable`",
}

INF = math.inf
Interval = tuple[float, float]
Val = Interval | bool | None  # None = a boolean whose value is unknown

_PERCENT_FUNCS = {"tension", "trust", "capability", "readiness", "domestic_pressure", "credibility", "legitimacy"}


# --------------------------------------------------------------------------- folding


@dataclass
class Facts:
    """What the fixpoint has proved possible so far."""

    turns: int
    max_rung: int
    flags: set[str] = field(default_factory=set)  # flags that may be set
    moves: set[str] = field(default_factory=set)  # moves that may be used
    injects: set[str] = field(default_factory=set)  # injects that may fire


class Folder:
    """Abstract evaluation of an expression tree over intervals and three-valued logic."""

    def __init__(self, facts: Facts, turn: Interval | None = None) -> None:
        self.f = facts
        self.turn: Interval = turn if turn is not None else (1.0, float(facts.turns))

    def value(self, node: E.Node) -> Val:
        tag = node[0]
        if tag == "num":
            return (node[1], node[1])
        if tag == "bool":
            return bool(node[1])
        if tag == "global":
            return self._global(node[1])
        if tag == "neg":
            lo, hi = self.num(node[1])
            return (-hi, -lo)
        if tag == "not":
            b = self.boolean(node[1])
            return None if b is None else not b
        if tag == "bin":
            return _arith(node[1], self.num(node[2]), self.num(node[3]))
        if tag == "cmp":
            return self._compare(node[1], node[2])
        if tag == "and":
            vals = [self.boolean(x) for x in node[1]]
            if any(v is False for v in vals):
                return False
            return True if all(v is True for v in vals) else None
        if tag == "or":
            vals = [self.boolean(x) for x in node[1]]
            if any(v is True for v in vals):
                return True
            return False if all(v is False for v in vals) else None
        if tag == "call":
            return self._call(node[1], node[2])
        return None

    def num(self, node: E.Node) -> Interval:
        v = self.value(node)
        return v if isinstance(v, tuple) else (-INF, INF)

    def boolean(self, node: E.Node) -> bool | None:
        v = self.value(node)
        return v if isinstance(v, bool) else None

    def _global(self, name: str) -> Val:
        if name == "turn":
            return self.turn
        if name == "turns":
            return (float(self.f.turns), float(self.f.turns))
        if name in ("rung", "max_rung"):
            return (0.0, float(self.f.max_rung))
        if name in ("stability", "humanitarian", "misinformation"):
            return (0.0, 100.0)
        if name == "true":
            return True
        if name == "false":
            return False
        return None

    def _compare(self, ops: Sequence[str], operands: Sequence[E.Node]) -> Val:
        vals = [self.value(x) for x in operands]
        results: list[bool | None] = []
        for op, a, b in zip(ops, vals, vals[1:], strict=False):
            results.append(_cmp(op, a, b))
        if any(r is False for r in results):
            return False
        return True if all(r is True for r in results) else None

    def _call(self, name: str, args: Sequence[E.Node]) -> Val:
        sym = [a[2] if a and a[0] == "sym" else None for a in args]
        if name in _PERCENT_FUNCS:
            return (0.0, 100.0)
        if name == "flag":
            return None if sym[0] in self.f.flags or sym[0] in ENGINE_FLAGS else False
        if name in ("used", "used_on"):
            return None if sym[0] in self.f.moves else False
        if name == "count":
            return (0.0, INF) if sym[0] in self.f.moves else (0.0, 0.0)
        if name in ("category", "tagged"):
            return (0.0, INF)
        if name == "stage":
            return (0.0, 3.0)
        if name == "fired":
            return None if sym[0] in self.f.injects else False
        if name == "crossed":
            lo, _hi = self.num(args[0])
            return False if lo > self.f.max_rung else None
        if name in ("min", "max"):
            (alo, ahi), (blo, bhi) = self.num(args[0]), self.num(args[1])
            return (min(alo, blo), min(ahi, bhi)) if name == "min" else (max(alo, blo), max(ahi, bhi))
        if name == "abs":
            lo, hi = self.num(args[0])
            if lo >= 0:
                return (lo, hi)
            if hi <= 0:
                return (-hi, -lo)
            return (0.0, max(-lo, hi))
        return None  # channel_open, treaty_active, attacked, ... : unknown


def _arith(op: str, a: Interval, b: Interval) -> Interval:
    (alo, ahi), (blo, bhi) = a, b
    if op == "+":
        return (alo + blo, ahi + bhi)
    if op == "-":
        return (alo - bhi, ahi - blo)
    if op == "*":
        ps = [_mul(x, y) for x in (alo, ahi) for y in (blo, bhi)]
        return (min(ps), max(ps))
    if op == "/":
        if blo <= 0 <= bhi:
            return (-INF, INF)
        ps = [_div(x, y) for x in (alo, ahi) for y in (blo, bhi)]
        return (min(ps), max(ps))
    return (-INF, INF)


def _mul(x: float, y: float) -> float:
    r = x * y
    return 0.0 if math.isnan(r) else r


def _div(x: float, y: float) -> float:
    r = x / y if not math.isinf(y) else 0.0
    return 0.0 if math.isnan(r) else r


def _cmp(op: str, a: Val, b: Val) -> bool | None:
    if isinstance(a, tuple) and isinstance(b, tuple):
        (alo, ahi), (blo, bhi) = a, b
        if op == "<":
            return True if ahi < blo else False if alo >= bhi else None
        if op == "<=":
            return True if ahi <= blo else False if alo > bhi else None
        if op == ">":
            return True if alo > bhi else False if ahi <= blo else None
        if op == ">=":
            return True if alo >= bhi else False if ahi < blo else None
        same = alo == ahi == blo == bhi
        apart = ahi < blo or bhi < alo
        if op == "==":
            return True if same else False if apart else None
        if op == "!=":
            return False if same else True if apart else None
        return None
    if isinstance(a, bool) and isinstance(b, bool):
        return (a == b) if op == "==" else (a != b)
    return None


# --------------------------------------------------------------------------- helpers


@dataclass
class _Expr:
    path: str
    compiled: E.Compiled | None


def _symbols(c: E.Compiled | None, kind: str) -> set[str]:
    if c is None:
        return set()
    return {ident for k, ident, _off in c.symbols if k == kind}


def _reads(c: E.Compiled | None) -> set[str]:
    """Metric names an expression reads."""
    if c is None:
        return set()
    out: set[str] = set()
    for n in E.walk(c.tree):
        if n[0] == "global" and n[1] in Metric.__members__:
            out.add(n[1])
        elif n[0] == "call" and n[1] in Metric.__members__:
            out.add(n[1])
    return out


def _fmt_list(items: Iterable[str]) -> str:
    xs = sorted(items)
    return ", ".join(f"'{x}'" for x in xs)


# --------------------------------------------------------------------------- the linter


class Linter:
    """Run every rule over one resolved scenario."""

    def __init__(self, resolved: Resolved) -> None:
        self.r = resolved
        self.sc: Scenario = resolved.scenario
        self.diags: list[Diagnostic] = []
        self.turns = self.sc.scenario.turns
        self.actors: list[Actor] = list(self.sc.actors)
        self.actor_by_id = {a.id: a for a in self.actors}
        self._cache: dict[str, E.Compiled | None] = {}
        self._positions: Positions | None = None
        # where each usable move is written, for reporting (stock moves are not reported)
        self.move_path: dict[str, str] = {}
        for j, mid in enumerate(self.sc.use_moves or []):
            self.move_path[mid] = f"use_moves[{j}]"
        for i, m in enumerate(self.sc.moves):
            self.move_path[m.id] = f"moves[{i}]"
        self.authored_moves = {m.id for m in self.sc.moves}
        self.initially_open = {c for rel in self.sc.relations for c in rel.channels}

    # -- plumbing -----------------------------------------------------------

    def compiled(self, path: str, source: str | None) -> E.Compiled | None:
        if source is None:
            return None
        got = self.r.exprs.get(path)
        if got is not None:
            return got
        if source not in self._cache:
            try:
                self._cache[source] = E.parse(source)
            except E.ExprError:
                self._cache[source] = None
        return self._cache[source]

    def add(self, path: str, code: str, message: str) -> None:
        from game.scenario.diagnostics import Diagnostic
        from game.scenario.positions import scan

        if self._positions is None:
            self._positions = scan(self.r.text)
        line, col = self._positions.value(path)
        severity: Severity = "error" if code.startswith("E-") else "warning"
        self.diags.append(Diagnostic(self.r.file, line, col, path, message, severity, code))

    def all_exprs(self) -> Iterator[_Expr]:
        """Every expression in the scenario file, with its path."""
        sc = self.sc
        for i, o in enumerate(sc.objectives):
            yield _Expr(f"objectives[{i}].target", self.compiled(f"objectives[{i}].target", o.target))
            yield _Expr(f"objectives[{i}].partial", self.compiled(f"objectives[{i}].partial", o.partial))
        for i, a in enumerate(sc.actors):
            for j, ob in enumerate(a.objectives):
                p = f"actors[{i}].objectives[{j}].target"
                yield _Expr(p, self.compiled(p, ob.target))
            for j, rl in enumerate(a.red_lines):
                p = f"actors[{i}].red_lines[{j}].when"
                yield _Expr(p, self.compiled(p, rl.when))
        for i, t in enumerate(sc.treaties):
            yield _Expr(f"treaties[{i}].invocation", self.compiled(f"treaties[{i}].invocation", t.invocation))
        for i, m in enumerate(sc.moves):
            yield _Expr(f"moves[{i}].condition", self.compiled(f"moves[{i}].condition", m.condition))
        for i, inj in enumerate(sc.injects):
            p = f"injects[{i}].trigger.when"
            yield _Expr(p, self.compiled(p, inj.trigger.when))
        for i, b in enumerate(sc.bands):
            yield _Expr(f"bands[{i}].when", self.compiled(f"bands[{i}].when", b.when))
        for i, e in enumerate(sc.endings):
            yield _Expr(f"endings[{i}].when", self.compiled(f"endings[{i}].when", e.when))
        for i, d in enumerate(sc.debrief):
            yield _Expr(f"debrief[{i}].when", self.compiled(f"debrief[{i}].when", d.when))

    def move_condition(self, m: Move) -> E.Compiled | None:
        if m.id in self.authored_moves:
            i = next(i for i, x in enumerate(self.sc.moves) if x.id == m.id)
            return self.compiled(f"moves[{i}].condition", m.condition)
        return self.compiled(f"<stock:{m.id}>.condition", m.condition)

    # -- reachability ---------------------------------------------------------

    def qualified_actors(self, m: Move) -> tuple[list[Actor], str]:
        """Actors allowed to order the move (ignoring channels), and why none if none."""
        pool = self.actors
        if m.actors is not None:
            pool = [a for a in pool if a.id in m.actors]
            if not pool:
                return [], "none of the actors in its `actors` list is in the scenario"
        if m.actor_kinds is not None:
            kinds = {str(k) for k in m.actor_kinds}
            pool = [a for a in pool if str(a.kind) in kinds]
            if not pool:
                return [], f"no actor is of kind {_fmt_list(kinds)} (its `actor_kinds`)"
        pool2 = [a for a in pool if a.moves is None or m.id in a.moves]
        if not pool2:
            return [], "every actor that qualifies has a `moves` list that leaves it out"
        pool = pool2
        if m.target != TargetKind.none:
            tk = {str(k) for k in m.target_kinds} if m.target_kinds is not None else None
            need = 2 if m.target == TargetKind.pair else 1

            def has_targets(a: Actor) -> bool:
                others = [b for b in self.actors if b.id != a.id and (tk is None or str(b.kind) in tk)]
                return len(others) >= need

            pool2 = [a for a in pool if has_targets(a)]
            if not pool2:
                what = f"of kind {_fmt_list(tk)} " if tk else ""
                return [], f"there is no possible target {what}for the actors that may use it"
            pool = pool2
        return pool, ""

    def channel_reason(self, m: Move, opened: set[str]) -> str:
        """Empty if the move can be sent through some channel that can be open."""
        if not m.channels:
            return ""
        problems = []
        for cid in m.channels:
            ch = self.r.channels.get(cid)
            if ch is None:
                problems.append(f"'{cid}' is not available in this scenario")
            elif ch.requires_established and cid not in opened and cid not in self.initially_open:
                problems.append(f"'{cid}' must first be established and no usable move opens it")
            else:
                return ""
        return "it can only be sent through channels that are never open (" + "; ".join(problems) + ")"

    def fixpoint(self) -> Facts:
        facts = Facts(turns=self.turns, max_rung=self.sc.rules.max_rung)
        moves = list(self.r.moves.values())
        quals = {m.id: self.qualified_actors(m)[0] for m in moves}
        for _ in range(len(moves) + len(self.sc.injects) + 2):
            before = (len(facts.flags), len(facts.moves), len(facts.injects))
            opened = {m.opens_channel for m in moves if m.id in facts.moves and m.opens_channel}
            for m in moves:
                if m.id in facts.moves or not quals[m.id]:
                    continue
                if self.channel_reason(m, opened):
                    continue
                cond = self.move_condition(m)
                if cond is not None and Folder(facts).value(cond.tree) is False:
                    continue
                facts.moves.add(m.id)
                facts.flags.update(f.flag for f in m.flags if f.value)
            for i, inj in enumerate(self.sc.injects):
                if inj.id not in facts.injects and not self.inject_reason(i, facts):
                    facts.injects.add(inj.id)
                    facts.flags.update(f.flag for f in inj.flags if f.value)
            if (len(facts.flags), len(facts.moves), len(facts.injects)) == before:
                break
        return facts

    def window(self, i: int) -> tuple[int, int]:
        t = self.sc.injects[i].trigger
        return t.from_turn, min(t.until_turn if t.until_turn is not None else self.turns, self.turns)

    def inject_reason(self, i: int, facts: Facts) -> str:
        """Why inject i can never fire given the facts, or '' if it may."""
        inj = self.sc.injects[i]
        t = inj.trigger
        if t.until_turn is not None and t.until_turn < t.from_turn:
            return f"until_turn ({t.until_turn}) is before from_turn ({t.from_turn})"
        if t.from_turn > self.turns:
            return f"from_turn ({t.from_turn}) is after the last turn ({self.turns})"
        lo, hi = self.window(i)
        if t.turn is not None:
            if t.turn > self.turns:
                return f"turn {t.turn} is after the last turn ({self.turns})"
            if not lo <= t.turn <= hi:
                return f"turn {t.turn} is outside its window (from_turn {lo}, until_turn {hi})"
        if t.chance is not None and t.chance == 0:
            return "its chance is 0"
        if t.when is not None:
            c = self.compiled(f"injects[{i}].trigger.when", t.when)
            if c is not None and Folder(facts, (float(lo), float(hi))).value(c.tree) is False:
                return "its condition can never be true" + self.why_false(c, facts)
        if t.contingency_for is not None:
            target_i = next((k for k, x in enumerate(self.sc.injects) if x.id == t.contingency_for), None)
            if target_i is None:
                return ""
            target = self.sc.injects[target_i]
            if not target.expects:
                return f"it is a contingency for '{target.id}', which expects no response (give '{target.id}' an `expects` list)"
            if target.id not in facts.injects:
                return f"it is a contingency for '{target.id}', which can never fire"
            tt = target.trigger
            earliest = tt.turn if tt.turn is not None else tt.from_turn
            if earliest + target.expects_within > hi:
                return (
                    f"'{target.id}' fires at turn {earliest} at the earliest and its players have "
                    f"{target.expects_within} turn(s) to respond, which runs past turn {hi}"
                )
        return ""

    def why_false(self, c: E.Compiled, facts: Facts) -> str:
        parts = []
        flags = {x for x in _symbols(c, "flag") if x not in facts.flags and x not in ENGINE_FLAGS}
        if flags:
            parts.append(f"flag {_fmt_list(flags)} is never set" if len(flags) == 1 else f"flags {_fmt_list(flags)} are never set")
        moves = {x for x in _symbols(c, "move") if x not in facts.moves}
        if moves:
            parts.append(f"move {_fmt_list(moves)} can never be used")
        injects = {x for x in _symbols(c, "inject") if x not in facts.injects}
        if injects:
            parts.append(f"inject {_fmt_list(injects)} can never fire")
        return f" ({'; '.join(parts)})" if parts else ""

    # -- rules ---------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        facts = self.fixpoint()
        self.rule_moves(facts)
        self.rule_injects(facts)
        self.rule_conditions(facts)
        self.rule_metrics()
        self.rule_flags(facts)
        self.rule_objectives()
        self.rule_tags()
        self.rule_deescalation(facts)
        self.rule_richardson()
        self.rule_actors()
        self.rule_debrief()
        self.rule_ladder()
        self.rule_doctrine()
        return self.diags

    def rule_moves(self, facts: Facts) -> None:
        opened = {m.opens_channel for m in self.r.moves.values() if m.id in facts.moves and m.opens_channel}
        for mid, m in self.r.moves.items():
            if mid in facts.moves or mid not in self.move_path:
                continue
            pool, reason = self.qualified_actors(m)
            if pool:
                reason = self.channel_reason(m, opened)
            if not reason:
                c = self.move_condition(m)
                reason = "its condition can never be true" + (self.why_false(c, facts) if c else "")
            self.add(self.move_path[mid], "W-unused-move", f"move '{mid}' can never be used: {reason}")
        if not facts.moves:
            self.add("actors", "E-no-moves", "no actor can ever make any move: the scenario cannot be played")
            return
        for i, a in enumerate(self.actors):
            usable = [m for m in self.r.moves.values() if m.id in facts.moves and a in self.qualified_actors(m)[0]]
            if not usable:
                self.add(f"actors[{i}]", "W-actor-no-moves", f"actor '{a.id}' has no move it can ever use")
        used_channels = {c for m in self.r.moves.values() if m.id in facts.moves for c in m.channels}
        for x in self.all_exprs():
            used_channels |= _symbols(x.compiled, "channel")
        for i, ch in enumerate(self.sc.channels):
            if ch.id not in used_channels:
                openers = sorted(m.id for m in self.r.moves.values() if m.opens_channel == ch.id)
                opener_note = f" (move '{openers[0]}' opens it, to no effect)" if openers else ""
                self.add(
                    f"channels[{i}]", "W-unused-channel",
                    f"channel '{ch.id}' is never used: no usable move can be sent through it "
                    f"and no condition checks it{opener_note}",
                )

    def rule_injects(self, facts: Facts) -> None:
        for i, inj in enumerate(self.sc.injects):
            if inj.id not in facts.injects:
                reason = self.inject_reason(i, facts) or "it can never fire"
                self.add(f"injects[{i}].trigger", "W-dead-inject", f"inject '{inj.id}' can never fire: {reason}")
            for j, mid in enumerate(inj.expects):
                if mid in self.r.moves and mid not in facts.moves:
                    self.add(
                        f"injects[{i}].expects[{j}]",
                        "W-expects-unusable",
                        f"inject '{inj.id}' expects move '{mid}', which no actor can ever use",
                    )

    def rule_conditions(self, facts: Facts) -> None:
        sc = self.sc

        def check(path: str, source: str | None, code: str, what: str, always: str | None = None) -> bool | None:
            c = self.compiled(path, source)
            if c is None:
                return None
            v = Folder(facts).value(c.tree)
            if v is False:
                self.add(path, code, f"{what} can never be true{self.why_false(c, facts)}")
            elif v is True and always:
                self.add(path, "W-ending-always", always)
            return v if isinstance(v, bool) else None

        for i, e in enumerate(sc.endings):
            check(
                f"endings[{i}].when", e.when, "W-dead-ending", f"ending '{e.id}' is never reached: its condition",
                always=f"ending '{e.id}' is always true: the game would end on the first turn",
            )
        shadow: str | None = None
        for i, b in enumerate(sc.bands):
            if shadow is not None:
                self.add(f"bands[{i}]", "W-dead-band", f"band '{b.id}' is never chosen: band '{shadow}' before it always applies")
                continue
            if b.when is None:
                shadow = b.id
                continue
            if check(f"bands[{i}].when", b.when, "W-dead-band", f"band '{b.id}' is never chosen: its condition") is True:
                shadow = b.id
        for i, d in enumerate(sc.debrief):
            check(f"debrief[{i}].when", d.when, "W-dead-debrief", f"debrief point '{d.id}' never fires: its condition")
        for i, o in enumerate(sc.objectives):
            check(f"objectives[{i}].target", o.target, "W-objective-unreachable", f"objective '{o.id}' can never be met: its target")
        for i, a in enumerate(sc.actors):
            for j, ob in enumerate(a.objectives):
                check(
                    f"actors[{i}].objectives[{j}].target", ob.target, "W-objective-unreachable",
                    f"objective '{ob.id}' of '{a.id}' can never be met: its target",
                )
            for j, rl in enumerate(a.red_lines):
                check(
                    f"actors[{i}].red_lines[{j}].when", rl.when, "W-dead-red-line",
                    f"red line '{rl.id}' of '{a.id}' can never be crossed: its condition",
                )

    def effects(self) -> Iterator[tuple[str, Effect]]:
        """Every effect written in the scenario file, with its path."""
        for i, m in enumerate(self.sc.moves):
            for j, e in enumerate(m.effects):
                yield f"moves[{i}].effects[{j}]", e
        for i, inj in enumerate(self.sc.injects):
            for j, e in enumerate(inj.effects):
                yield f"injects[{i}].effects[{j}]", e
        for i, a in enumerate(self.sc.actors):
            for k, rl in enumerate(a.red_lines):
                for j, e in enumerate(rl.effects):
                    yield f"actors[{i}].red_lines[{k}].effects[{j}]", e

    def rule_metrics(self) -> None:
        read: set[str] = set()
        for x in self.all_exprs():
            read |= _reads(x.compiled)
        reported: set[str] = set()
        for path, e in self.effects():
            name = str(e.metric)
            if name in ENGINE_READS or name in read or name in reported:
                continue
            reported.add(name)
            self.add(
                f"{path}.metric",
                "W-unread-metric",
                f"metric '{name}' is changed here but nothing reads it "
                f"(no condition, objective, band, ending or debrief point mentions {name})",
            )

    def rule_flags(self, facts: Facts) -> None:
        set_at: dict[str, str] = {}
        for i, m in enumerate(self.sc.moves):
            for j, f in enumerate(m.flags):
                set_at.setdefault(f.flag, f"moves[{i}].flags[{j}]")
        for i, inj in enumerate(self.sc.injects):
            for j, f in enumerate(inj.flags):
                set_at.setdefault(f.flag, f"injects[{i}].flags[{j}]")
        # (a flag read but never set is a validation error, see references.py)
        read_at: dict[str, str] = {}
        for x in self.all_exprs():
            for fl in sorted(_symbols(x.compiled, "flag")):
                read_at.setdefault(fl, x.path)
        for fl, path in set_at.items():
            if fl not in read_at:
                self.add(path, "W-unread-flag", f"flag '{fl}' is set here but no condition ever reads it")

    def rule_objectives(self) -> None:
        for i, o in enumerate(self.sc.objectives):
            if o.target is None:
                self.add(
                    f"objectives[{i}]", "W-objective-no-target",
                    f"learning objective '{o.id}' has no measurable `target`: the debrief cannot rate it",
                )
        for i, a in enumerate(self.sc.actors):
            for j, ob in enumerate(a.objectives):
                if ob.target is None:
                    self.add(
                        f"actors[{i}].objectives[{j}]", "W-objective-no-target",
                        f"objective '{ob.id}' of '{a.id}' has no measurable `target`: it cannot be scored",
                    )

    def rule_tags(self) -> None:
        for i, m in enumerate(self.sc.moves):
            if not m.tags:
                self.add(
                    f"moves[{i}]", "W-move-no-tags",
                    f"move '{m.id}' has no doctrine `tags`: the debrief cannot teach from it",
                )

    def rule_deescalation(self, facts: Facts) -> None:
        for m in self.r.moves.values():
            if m.id in facts.moves and (m.rung < 0 or m.mediation == "ceasefire"):
                return
        where = "use_moves" if self.sc.use_moves is not None else "moves" if self.sc.moves else "scenario"
        self.add(
            where, "W-no-deescalation",
            "no usable move climbs down the escalation ladder (rung below 0) or seeks a ceasefire "
            "(mediation = \"ceasefire\"): once the crisis climbs, players cannot bring it down",
        )

    def rule_richardson(self) -> None:
        r = self.sc.rules
        # The engine's drift is  dT = fear * readiness + grievance - restraint * T * trust/50,
        # and readiness follows tension; even at full trust (100) restraint works at twice
        # its value, so 2 * restraint < fear means tension runs away whatever players do.
        if 2 * r.restraint < r.fear:
            self.add(
                "rules.restraint" if "restraint" in r.model_fields_set else "rules.fear", "W-runaway-race",
                f"restraint ({r.restraint:g}) is less than half of fear ({r.fear:g}): in this Richardson-style "
                "model (docs/model.md) tension runs away even at full trust, whatever the players do",
            )

    def rule_actors(self) -> None:
        for i, a in enumerate(self.actors):
            if not a.objectives:
                self.add(
                    f"actors[{i}]", "W-actor-no-objectives",
                    f"actor '{a.id}' has no objectives: its national interest cannot be weighed against stability",
                )

    def rule_debrief(self) -> None:
        for i, d in enumerate(self.sc.debrief):
            if not d.questions:
                self.add(
                    f"debrief[{i}]", "W-debrief-no-questions",
                    f"debrief point '{d.id}' has no hot-wash `questions` for the facilitator to ask",
                )
            mentioned = _actors_in(str(d.when), set(self.actor_by_id))
            for a in self.actors:
                if a.name in d.title and a.id not in mentioned:
                    self.add(
                        f"debrief[{i}].when", "W-debrief-unnamed-actor",
                        f"debrief point '{d.id}' is titled for {a.name} but its condition never mentions "
                        f"'{a.id}': it would fire for what another actor did (e.g. used(MOVE, {a.id}))",
                    )


    def rule_ladder(self) -> None:
        named = {r.rung for r in self.sc.ladder}
        missing = [r for r in range(len(DEFAULT_LADDER), self.sc.rules.max_rung + 1) if r not in named]
        if missing:
            rungs = ", ".join(map(str, missing))
            self.add(
                "rules.max_rung" if "max_rung" in self.sc.rules.model_fields_set else "rules", "W-unnamed-rung",
                f"rung{'s' if len(missing) > 1 else ''} {rungs} above the stock ladder (0-{len(DEFAULT_LADDER) - 1}) "
                f"{'have' if len(missing) > 1 else 'has'} no name: players would read \"Rung {missing[0]}\"; "
                "add [[ladder]] entries",
            )


    def rule_doctrine(self) -> None:
        """Where the doctrine rules (docs/model.md §§ 5.3, 5.7, 7) need the author to say something."""
        for i, t in enumerate(self.sc.treaties):
            if t.collective_defence and t.trigger is None and t.invocation is None:
                self.add(
                    f"treaties[{i}]", "W-treaty-no-trigger",
                    f"treaty '{t.id}' is a collective-defence treaty without a `trigger` or an `invocation`: say "
                    "`trigger = \"armed_attack\"` (Art. 5 / Art. 51: a strike or worse) or `\"threat\"` (Art. 4 "
                    "consultation); the default is armed_attack",
                )
        for i, m in enumerate(self.sc.moves):
            if m.category.value == "cbm" and m.cbm is None:
                self.add(
                    f"moves[{i}]", "W-cbm-no-category",
                    f"confidence-building move '{m.id}' has no `cbm` category: give it one of communication, "
                    "transparency, observation_verification, constraint, contacts or declaratory",
                )
            aimed = m.target.value == "actor"
            verifies = m.cbm is not None and m.cbm.value == "observation_verification"
            if aimed and m.consent is None and (m.category.value == "humanitarian" or verifies):
                self.add(
                    f"moves[{i}]", "W-humanitarian-no-consent",
                    f"move '{m.id}' acts on another actor's territory but does not say `consent = \"host\"` "
                    "(the host must agree) or `consent = \"none\"`",
                )
            coercive = m.category.value in ("military", "information") or "coercion" in {t.value for t in m.tags}
            if coercive and "non_attribution" in {t.value for t in m.tags}:
                self.add(
                    f"moves[{i}].tags", "W-covert-non-attribution",
                    f"move '{m.id}' is tagged non_attribution, which is Track II practice (the Chatham House rule), "
                    "not covert action: tag it `deniable`",
                )


def _actors_in(source: str, ids: set[str]) -> set[str]:
    """The actor ids an expression passes to its functions."""
    try:
        tree = E.parse(source).tree
    except E.ExprError:
        return set()
    out: set[str] = set()
    for node in E.walk(tree):
        if node[0] == "call":
            out.update(a[2] for a in node[2] if a[0] == "sym" and a[2] in ids)
    return out


def lint(resolved: Resolved) -> list[Diagnostic]:
    """All lint findings for one resolved scenario, in file order."""
    diags = Linter(resolved).run()
    return sorted(diags, key=lambda d: (d.line, d.col, d.code))


# --------------------------------------------------------------------------- CLI


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(paths: Sequence[str], strict: bool = False, fmt: str = "text", out: TextIO | None = None) -> int:
    """`detente lint`: load each file, lint the valid ones, print, return the exit code.

    Load errors are printed as `validate` prints them and make the exit code 1; lint
    errors too; warnings only under `strict`.  Text output is one line per problem with
    the rule code in brackets; `--format json` prints one JSON list, like `validate`.
    """
    from game.scenario.loader import load_file

    out = out if out is not None else sys.stdout
    everything: list[Diagnostic] = []
    failed = False
    for p in paths:
        result = load_file(Path(p))
        diags = list(result.diagnostics)
        if not result.ok or result.resolved is None:
            failed = True
        else:
            diags.extend(lint(result.resolved))
        everything.extend(diags)
        if fmt == "text":
            for d in diags:
                out.write(d.format() + (f" [{d.code}]" if d.code else "") + "\n")
    errors = sum(1 for d in everything if d.severity == "error")
    warnings = len(everything) - errors
    if fmt == "json":
        out.write(json.dumps([d.to_json() for d in everything], indent=2, ensure_ascii=False) + "\n")
    summary = f"{_plural(len(paths), 'file')}, {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    sys.stderr.write(summary + ("" if not warnings or strict else " (warnings do not fail without --strict)") + "\n")
    if failed or errors or (strict and warnings):
        return 1
    return 0
