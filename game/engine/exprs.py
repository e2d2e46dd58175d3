"""Compile checked expression trees into closures over the flat `State`.

The scenario layer has already parsed and reference-checked every expression; here we
resolve ids to list indices once, so evaluating a condition in the hot path is a few
list look-ups and no string work at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.scenario.expr import Node, parse

from .state import AM, GM, State

Fn = Callable[[State], Any]


class Symbols:
    """Name -> index tables the compiler needs (filled by `compile.py`)."""

    def __init__(
        self,
        actors: dict[str, int],
        moves: dict[str, int],
        channels: dict[str, int],
        treaties: dict[str, int],
        injects: dict[str, int],
        flags: dict[str, int],
        pair: list[list[int]],
        turns: int,
    ) -> None:
        self.actors = actors
        self.moves = moves
        self.channels = channels
        self.treaties = treaties
        self.injects = injects
        self.flags = flags
        self.pair = pair
        self.turns = turns
        self.categories: dict[str, int] = {}  # row of each category in State.cat_counts
        self.tags: dict[str, int] = {}  # row of each doctrine tag in State.tag_counts


class CompileError(Exception):
    """An expression refers to something the compiled scenario does not have."""


def compile_expr(source: str, sym: Symbols) -> Fn:
    return _c(parse(source).tree, sym)


def _idx(table: dict[str, int], name: str, kind: str) -> int:
    try:
        return table[name]
    except KeyError:
        raise CompileError(f"unknown {kind} '{name}'") from None


def _c(n: Node, sym: Symbols) -> Fn:
    tag = n[0]
    if tag == "num" or tag == "bool":
        v = n[1]
        return lambda s: v
    if tag == "global":
        name = n[1]
        if name == "turn":
            return lambda s: s.turn
        if name == "turns":
            t = sym.turns
            return lambda s: t
        if name == "rung":
            return lambda s: s.rung
        if name == "max_rung":
            return lambda s: s.max_rung
        if name in GM:
            gi = GM[name]
            return lambda s: s.g[gi]
        if name == "true":
            return lambda s: True
        if name == "false":
            return lambda s: False
        raise CompileError(f"unknown name '{name}'")
    if tag == "neg":
        f = _c(n[1], sym)
        return lambda s: -f(s)
    if tag == "not":
        f = _c(n[1], sym)
        return lambda s: not f(s)
    if tag == "bin":
        op, a, b = n[1], _c(n[2], sym), _c(n[3], sym)
        if op == "+":
            return lambda s: a(s) + b(s)
        if op == "-":
            return lambda s: a(s) - b(s)
        if op == "*":
            return lambda s: a(s) * b(s)

        def div(s: State) -> float:
            d = b(s)
            return a(s) / d if d else 0.0

        return div
    if tag == "and":
        fs = tuple(_c(x, sym) for x in n[1])
        if len(fs) == 2:
            f0, f1 = fs
            return lambda s: f0(s) and f1(s)
        return lambda s: all(f(s) for f in fs)
    if tag == "or":
        fs = tuple(_c(x, sym) for x in n[1])
        if len(fs) == 2:
            f0, f1 = fs
            return lambda s: f0(s) or f1(s)
        return lambda s: any(f(s) for f in fs)
    if tag == "cmp":
        return _cmp(n[1], tuple(_c(x, sym) for x in n[2]))
    if tag == "call":
        return _call(n[1], n[2], sym)
    raise CompileError(f"cannot compile node {tag}")


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
}


def _cmp(ops: tuple[str, ...], fs: tuple[Fn, ...]) -> Fn:
    if len(ops) == 1:
        a, b = fs
        op = ops[0]
        if op == ">":
            return lambda s: a(s) > b(s)
        if op == ">=":
            return lambda s: a(s) >= b(s)
        if op == "<":
            return lambda s: a(s) < b(s)
        if op == "<=":
            return lambda s: a(s) <= b(s)
        if op == "==":
            return lambda s: a(s) == b(s)
        return lambda s: a(s) != b(s)
    opfs = tuple(_OPS[o] for o in ops)

    def chained(s: State) -> bool:
        vals = [f(s) for f in fs]
        return all(opf(vals[i], vals[i + 1]) for i, opf in enumerate(opfs))

    return chained


def _call(name: str, args: tuple[Node, ...], sym: Symbols) -> Fn:
    def a(i: int) -> str:
        return str(args[i][2])

    if name in ("tension", "trust", "stage"):
        i, j = _idx(sym.actors, a(0), "actor"), _idx(sym.actors, a(1), "actor")
        if i == j:
            return lambda s: 0.0 if name != "trust" else 100.0
        p = sym.pair[i][j]
        if name == "tension":
            return lambda s: s.tension[p]
        if name == "trust":
            return lambda s: s.trust[p]
        return lambda s: s.stage[p]
    if name in AM:
        m, i = AM[name], _idx(sym.actors, a(0), "actor")
        return lambda s: s.am[m][i]
    if name == "flag":
        f = _idx(sym.flags, a(0), "flag")
        return lambda s: s.flags[f]
    if name in ("used", "count"):
        mv = _idx(sym.moves, a(0), "move")
        if len(args) == 2:
            act = _idx(sym.actors, a(1), "actor")
            ui = mv * len(sym.actors) + act
            if name == "used":
                return lambda s: s.uses[ui] > 0
            return lambda s: s.uses[ui]
        if name == "used":
            return lambda s: s.move_total[mv] > 0
        return lambda s: s.move_total[mv]
    if name == "used_on":
        key3 = (_idx(sym.moves, a(0), "move"), _idx(sym.actors, a(1), "actor"), _idx(sym.actors, a(2), "actor"))
        return lambda s: key3 in s.used_on
    if name in ("category", "tagged"):
        rows = sym.categories if name == "category" else sym.tags
        row = rows.get(a(0), -1)
        if row < 0:  # a label no move can carry: never counted
            return lambda s: 0
        na = len(sym.actors)
        ci = row * (na + 1) + (_idx(sym.actors, a(1), "actor") if len(args) == 2 else na)
        if name == "category":
            return lambda s: s.cat_counts[ci]
        return lambda s: s.tag_counts[ci]
    if name == "channel_open":
        c = _idx(sym.channels, a(0), "channel")
        i, j = _idx(sym.actors, a(1), "actor"), _idx(sym.actors, a(2), "actor")
        if i == j:
            return lambda s: False
        p, bit = sym.pair[i][j], 1 << c
        return lambda s: bool(s.open[p] & bit)
    if name == "treaty_active":
        t = _idx(sym.treaties, a(0), "treaty")
        return lambda s: s.treaty_active[t]
    if name == "fired":
        k = _idx(sym.injects, a(0), "inject")
        return lambda s: s.fired[k] > 0
    if name == "attacked":
        i = _idx(sym.actors, a(0), "actor")
        return lambda s: s.attacked[i]
    if name == "crossed":
        rung_of = _c(args[0], sym)
        return lambda s: s.max_rung >= rung_of(s)
    if name in ("min", "max"):
        f0, f1 = _c(args[0], sym), _c(args[1], sym)
        if name == "min":
            return lambda s: min(f0(s), f1(s))
        return lambda s: max(f0(s), f1(s))
    if name == "abs":
        value_of = _c(args[0], sym)
        return lambda s: abs(value_of(s))
    raise CompileError(f"unknown function '{name}'")
