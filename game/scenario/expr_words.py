"""Scenario expressions in words, for players.

A move locked by its ``condition`` has to say why, and ``flag(dialogue_convened) and
stage(lessia, tarn) >= 1`` is written for authors.  ``in_words`` reads the same checked
tree the engine compiles and says it with the scenario's own names: "‘dialogue
convened’ and talks (or more) between Lessia and the Tarn Authority".  Anything it has
no phrase for keeps its written form, so the words never say less than the expression.
"""

from __future__ import annotations

from collections.abc import Callable

from .expr import ExprError, Node, parse

#: ``name(kind, id)``: how the scenario calls an actor, move, channel, treaty, inject...
Namer = Callable[[str, str], str]

_GLOBALS = {
    "turn": "the turn",
    "turns": "the number of turns",
    "stability": "stability",
    "rung": "the escalation rung",
    "max_rung": "the highest rung reached",
    "humanitarian": "the humanitarian situation",
    "misinformation": "misinformation",
}
_CMP = {">=": "at least", ">": "above", "<=": "at most", "<": "below", "==": "", "!=": "not"}
_ACTOR_METRICS = {"capability", "readiness", "domestic_pressure", "credibility", "legitimacy"}
# stage(a, b) compared with a number: what the peace process has reached.
_STAGE = {1: "talks", 2: "a ceasefire", 3: "an agreement"}


def in_words(source: str, name: Namer) -> str:
    """``source`` said in words (the source itself if it does not parse)."""
    try:
        tree = parse(source).tree
    except ExprError:
        return source
    return _say(tree, name, top=True)


def plain(ident: str) -> str:
    """An id as words: ``dialogue_convened`` -> ``dialogue convened``."""
    return ident.replace("_", " ")


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _sym(node: Node, name: Namer) -> str:
    if node[0] == "sym":
        return name(node[1], node[2])
    return _say(node, name)


def _say(node: Node, name: Namer, top: bool = False) -> str:
    kind = node[0]
    if kind == "num":
        return _num(node[1])
    if kind == "bool":
        return "always" if node[1] else "never"
    if kind == "global":
        return _GLOBALS.get(node[1], plain(node[1]))
    if kind == "sym":
        return name(node[1], node[2])
    if kind == "neg":
        return f"minus {_say(node[1], name)}"
    if kind == "not":
        inner = node[1]
        if inner[0] == "call" and inner[1] == "flag":
            return f"not {_call(inner, name)}"
        return f"not ({_say(inner, name)})"
    if kind == "bin":
        return f"{_say(node[2], name)} {node[1]} {_say(node[3], name)}"
    if kind == "cmp":
        return _cmp(node[1], node[2], name)
    if kind in ("and", "or"):
        parts = [_say(n, name) for n in node[1]]
        if kind == "and":  # an 'or' inside an 'and' keeps its grouping
            parts = [f"({p})" if n[0] == "or" else p for p, n in zip(parts, node[1], strict=True)]
        return f" {kind} ".join(parts)
    if kind == "call":
        return _call(node, name)
    return "?"  # every node kind of the language is handled above


def _call(node: Node, name: Namer) -> str:
    f, args = node[1], node[2]
    a = [_sym(x, name) for x in args]
    if f == "flag":
        return f"‘{a[0]}’"
    if f == "used":
        return f"{a[1]} has used ‘{a[0]}’" if len(a) > 1 else f"‘{a[0]}’ has been used"
    if f == "used_on":
        return f"{a[1]} has used ‘{a[0]}’ on {a[2]}"
    if f == "count":
        return f"the times {a[1]} has used ‘{a[0]}’" if len(a) > 1 else f"the times ‘{a[0]}’ has been used"
    if f in ("tension", "trust"):
        return f"{f} between {a[0]} and {a[1]}"
    if f == "stage":
        return f"the peace process between {a[0]} and {a[1]}"
    if f in _ACTOR_METRICS:
        return f"{a[0]}’s {plain(f)}"
    if f in ("category", "tagged"):
        what = f"{plain(a[0])} moves" if f == "category" else f"moves tagged ‘{plain(a[0])}’"
        return f"the {what} used by {a[1]}" if len(a) > 1 else f"the {what} used"
    if f == "channel_open":
        return f"a {a[0]} open between {a[1]} and {a[2]}"
    if f == "treaty_active":
        return f"{a[0]} in force"
    if f == "fired":
        return f"‘{a[0]}’ has happened"
    if f == "attacked":
        return f"{a[0]} has been attacked"
    if f == "crossed":
        return f"the ladder has reached rung {a[0]}"
    if f in ("min", "max"):
        return f"the {'smaller' if f == 'min' else 'larger'} of {a[0]} and {a[1]}"
    if f == "abs":
        return f"the size of {a[0]}"
    return f"{f}({', '.join(a)})"


def _cmp(ops: tuple[str, ...], operands: tuple[Node, ...], name: Namer) -> str:
    if len(ops) == 1:
        left, right = operands
        op = ops[0]
        special = _stage(left, op, right, name) or _turn(left, op, right) or _count(left, op, right, name)
        if special:
            return special
        words = _CMP[op]
        return f"{_say(left, name)} is {words + ' ' if words else ''}{_say(right, name)}"
    # chained: 3 <= turn <= 5
    said = [_say(n, name) for n in operands]
    parts = [f"{said[k]} {ops[k]} {said[k + 1]}" for k in range(len(ops))]
    return " and ".join(parts)


_TURN = {">=": "from turn", ">": "after turn", "<=": "until turn", "<": "before turn", "==": "on turn",
         "!=": "except on turn"}


def _turn(left: Node, op: str, right: Node) -> str:
    """``turn >= 3`` -> "from turn 3"."""
    if left == ("global", "turn") and right[0] == "num":
        return f"{_TURN[op]} {_num(right[1])}"
    return ""


def _count(left: Node, op: str, right: Node, name: Namer) -> str:
    """``count(m, a) >= 2`` -> "A has used ‘M’ at least 2 times"."""
    if not (left[0] == "call" and left[1] == "count" and right[0] == "num"):
        return ""
    a = [_sym(x, name) for x in left[2]]
    who = f"{a[1]} has used ‘{a[0]}’" if len(a) > 1 else f"‘{a[0]}’ has been used"
    words = _CMP[op] or "exactly"
    n = _num(right[1])
    return f"{who} {words} {n} time{'' if n == '1' else 's'}"


def _stage(left: Node, op: str, right: Node, name: Namer) -> str:
    """``stage(a, b) >= 2`` -> "a ceasefire (or more) between A and B"."""
    if not (left[0] == "call" and left[1] == "stage" and right[0] == "num"):
        return ""
    a, b = (_sym(x, name) for x in left[2])
    n = int(right[1]) if float(right[1]).is_integer() else -1
    if op == ">=" and n in _STAGE:
        more = " (or more)" if n < 3 else ""
        return f"{_STAGE[n]}{more} between {a} and {b}"
    if op == ">" and n + 1 in _STAGE:
        return _stage(left, ">=", ("num", float(n + 1)), name)
    if op in ("==", "<=", "<") and (n == 0 or (op == "<" and n == 1)):
        return f"no peace process between {a} and {b}"
    if op == "==" and n in _STAGE:
        return f"{_STAGE[n]} (no further) between {a} and {b}"
    return ""
