"""The scenario expression language: small, safe, compiled once.

Authors write conditions such as ``tension(blue, red) > 60 and not flag(hotline_open)``.
We borrow Python's *parser* (so precedence and error positions are familiar and exact)
but accept only a whitelist of node kinds: numbers, booleans, names, arithmetic,
comparisons, and/or/not and calls to the functions listed in ``FUNCTIONS``.  There is
no attribute access, subscripting, lambda, comprehension or arbitrary call, and the
source length and nesting depth are bounded before parsing, so a hostile scenario can
neither run code nor exhaust the parser.

The result is a tiny tree of tuples (``Node``) that the engine compiles to closures over
its own runtime layout; the scenario layer never evaluates anything.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

MAX_LENGTH = 400
MAX_DEPTH = 24
MAX_NODES = 200

ArgKind = Literal["actor", "move", "channel", "treaty", "inject", "flag", "tag", "category", "number"]
Type = Literal["number", "bool"]


@dataclass(frozen=True)
class Signature:
    args: tuple[ArgKind, ...]
    optional: tuple[ArgKind, ...] = ()
    returns: Type = "number"
    doc: str = ""


#: Global names usable bare in an expression.
GLOBALS: dict[str, tuple[Type, str]] = {
    "turn": ("number", "the current turn (1-based)"),
    "turns": ("number", "the number of turns in the scenario"),
    "stability": ("number", "the stability index, 0-100"),
    "rung": ("number", "the current escalation rung"),
    "max_rung": ("number", "the highest rung reached so far"),
    "humanitarian": ("number", "the humanitarian situation, 0-100 (100 = good)"),
    "misinformation": ("number", "pollution of the information environment, 0-100"),
    "true": ("bool", "true"),
    "false": ("bool", "false"),
}

#: Functions and their argument kinds.
FUNCTIONS: dict[str, Signature] = {
    "tension": Signature(("actor", "actor"), doc="tension between two actors, 0-100"),
    "trust": Signature(("actor", "actor"), doc="trust between two actors, 0-100"),
    "capability": Signature(("actor",), doc="an actor's capability"),
    "readiness": Signature(("actor",), doc="an actor's readiness"),
    "domestic_pressure": Signature(("actor",), doc="an actor's domestic pressure"),
    "credibility": Signature(("actor",), doc="an actor's credibility"),
    "legitimacy": Signature(("actor",), doc="an actor's legitimacy"),
    "flag": Signature(("flag",), returns="bool", doc="whether a scenario flag is set"),
    "used": Signature(("move",), ("actor",), returns="bool", doc="whether a move was used (by an actor)"),
    "count": Signature(("move",), ("actor",), doc="how many times a move was used (by an actor)"),
    "used_on": Signature(("move", "actor", "actor"), returns="bool", doc="whether actor used move on target"),
    "category": Signature(("category",), ("actor",), doc="moves of a category used so far (by an actor)"),
    "tagged": Signature(("tag",), ("actor",), doc="moves carrying a doctrine tag used so far (by an actor)"),
    "channel_open": Signature(("channel", "actor", "actor"), returns="bool", doc="whether a channel is open between two actors"),
    "treaty_active": Signature(("treaty",), returns="bool", doc="whether a treaty is in force"),
    "stage": Signature(("actor", "actor"), doc="mediation stage between two actors: 0 none, 1 talks, 2 ceasefire, 3 agreement"),
    "fired": Signature(("inject",), returns="bool", doc="whether an inject has fired"),
    "attacked": Signature(("actor",), returns="bool", doc="whether the actor was the target of a military move"),
    "crossed": Signature(("number",), returns="bool", doc="whether the ladder has reached this rung"),
    "min": Signature(("number", "number"), doc="the smaller of two numbers"),
    "max": Signature(("number", "number"), doc="the larger of two numbers"),
    "abs": Signature(("number",), doc="absolute value"),
}

# Node shapes (plain tuples keep them cheap, hashable and easy to compile):
#   ("num", float) | ("bool", bool) | ("global", name)
#   ("call", fname, args)             args: tuple of Node or ("sym", kind, id)
#   ("sym", kind, id)
#   ("neg", node) | ("not", node)
#   ("bin", op, left, right)          op in + - * /
#   ("cmp", ops, operands)            chained comparisons, ops in < <= > >= == !=
#   ("and", nodes) | ("or", nodes)
Node = tuple


@dataclass(frozen=True)
class ExprError(Exception):
    """A problem in an expression, with a 0-based offset into the expression text."""

    message: str
    offset: int = 0

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


@dataclass(frozen=True)
class Compiled:
    """A checked expression: its tree, its type and the symbols it refers to."""

    source: str
    tree: Node
    type: Type
    symbols: tuple[tuple[str, str, int], ...]  # (kind, id, offset) for reference checking


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def _offset(source: str, node: ast.AST) -> int:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    lines = source.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col


def _nesting(source: str) -> int:
    depth = deepest = 0
    for ch in source:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    return deepest


def parse(source: str) -> Compiled:
    """Parse and type-check an expression; raise ExprError with an offset on failure."""
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression is too long ({len(source)} characters, the limit is {MAX_LENGTH})", 0)
    if not source.strip():
        raise ExprError("expression is empty", 0)
    if _nesting(source) > MAX_DEPTH:
        raise ExprError(f"expression is nested too deeply (limit {MAX_DEPTH})", 0)
    if "\x00" in source:
        raise ExprError("expression contains a NUL character", source.index("\x00"))
    text = source.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if text[:1] == " ":
        # Leading blanks (common in multi-line TOML strings) would be an "unexpected indent":
        # wrap in parentheses using the first blank, so every offset stays the same.
        text = "(" + text[1:] + ")"
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        msg = (exc.msg or "invalid syntax").replace("invalid syntax. Perhaps you forgot a comma?", "invalid syntax")
        if not exc.offset or exc.offset > len(source.rstrip()):
            # Python reports an unexpected end of input at offset 0: point at the end instead.
            raise ExprError("syntax error: the expression is incomplete", len(source.rstrip())) from None
        raise ExprError(f"syntax error: {msg}", exc.offset - 1) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("expression cannot be parsed", 0) from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError(f"expression is too large ({count} parts, the limit is {MAX_NODES})", 0)
    symbols: list[tuple[str, str, int]] = []
    node, typ = _convert(tree.body, text, symbols)
    return Compiled(source, node, typ, tuple(symbols))


def _convert(n: ast.AST, src: str, symbols: list[tuple[str, str, int]]) -> tuple[Node, Type]:
    off = _offset(src, n)
    if isinstance(n, ast.Constant):
        if isinstance(n.value, bool):
            return ("bool", n.value), "bool"
        if isinstance(n.value, int | float):
            return ("num", float(n.value)), "number"
        raise ExprError("only numbers and true/false are allowed as values (no strings)", off)
    if isinstance(n, ast.Name):
        name = n.id
        if name in ("true", "True"):
            return ("bool", True), "bool"
        if name in ("false", "False"):
            return ("bool", False), "bool"
        if name in GLOBALS:
            return ("global", name), GLOBALS[name][0]
        if name in FUNCTIONS:
            raise ExprError(f"'{name}' is a function: write {name}(...)", off)
        hint = _did_you_mean(name, list(GLOBALS))
        raise ExprError(f"unknown name '{name}'{hint}", off)
    if isinstance(n, ast.UnaryOp):
        inner, t = _convert(n.operand, src, symbols)
        if isinstance(n.op, ast.Not):
            _need(t, "bool", "not", n.operand, src)
            return ("not", inner), "bool"
        if isinstance(n.op, ast.USub):
            _need(t, "number", "-", n.operand, src)
            return ("neg", inner), "number"
        if isinstance(n.op, ast.UAdd):
            _need(t, "number", "+", n.operand, src)
            return inner, "number"
        raise ExprError("this operator is not allowed", off)
    if isinstance(n, ast.BinOp):
        op = _BINOPS.get(type(n.op))
        if op is None:
            raise ExprError("only + - * / are allowed in arithmetic", off)
        left, lt = _convert(n.left, src, symbols)
        right, rt = _convert(n.right, src, symbols)
        _need(lt, "number", op, n.left, src)
        _need(rt, "number", op, n.right, src)
        return ("bin", op, left, right), "number"
    if isinstance(n, ast.BoolOp):
        parts = []
        for v in n.values:
            node, t = _convert(v, src, symbols)
            _need(t, "bool", "and/or", v, src)
            parts.append(node)
        return ("and" if isinstance(n.op, ast.And) else "or", tuple(parts)), "bool"
    if isinstance(n, ast.Compare):
        ops = []
        for o in n.ops:
            sym = _CMPOPS.get(type(o))
            if sym is None:
                raise ExprError("only < <= > >= == != are allowed in comparisons", off)
            ops.append(sym)
        operands = []
        types = []
        for v in [n.left, *n.comparators]:
            node, t = _convert(v, src, symbols)
            operands.append(node)
            types.append(t)
        if len(set(types)) != 1:
            raise ExprError("cannot compare a number with true/false", off)
        if types[0] == "bool" and any(o not in ("==", "!=") for o in ops):
            raise ExprError("true/false values can only be compared with == or !=", off)
        return ("cmp", tuple(ops), tuple(operands)), "bool"
    if isinstance(n, ast.Call):
        return _call(n, src, symbols)
    if isinstance(n, ast.Attribute):
        raise ExprError("attribute access ('.') is not allowed", off)
    if isinstance(n, ast.Subscript):
        raise ExprError("indexing ('[...]') is not allowed", off)
    if isinstance(n, ast.IfExp):
        raise ExprError("'if ... else' is not allowed", off)
    if isinstance(n, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
        raise ExprError("functions and comprehensions are not allowed", off)
    if isinstance(n, ast.NamedExpr):
        raise ExprError("assignment is not allowed in an expression", off)
    raise ExprError(f"'{ast.unparse(n)[:30]}' is not allowed in an expression", off)


def _need(t: Type, want: Type, op: str, node: ast.AST, src: str) -> None:
    if t != want:
        what = "a number" if want == "number" else "true/false"
        raise ExprError(f"'{op}' needs {what} here", _offset(src, node))


def _call(n: ast.Call, src: str, symbols: list[tuple[str, str, int]]) -> tuple[Node, Type]:
    off = _offset(src, n)
    if not isinstance(n.func, ast.Name):
        raise ExprError("only the built-in functions may be called", off)
    name = n.func.id
    sig = FUNCTIONS.get(name)
    if sig is None:
        hint = _did_you_mean(name, list(FUNCTIONS))
        raise ExprError(f"unknown function '{name}'{hint}", off)
    if n.keywords:
        raise ExprError(f"{name}() takes no named arguments", off)
    lo, hi = len(sig.args), len(sig.args) + len(sig.optional)
    if not lo <= len(n.args) <= hi:
        want = str(lo) if lo == hi else f"{lo} or {hi}"
        raise ExprError(f"{name}() takes {want} argument{'s' if hi > 1 else ''}, got {len(n.args)}", off)
    kinds = (*sig.args, *sig.optional)
    args: list[Node] = []
    for arg, kind in zip(n.args, kinds, strict=False):
        aoff = _offset(src, arg)
        if kind == "number":
            node, t = _convert(arg, src, symbols)
            _need(t, "number", f"{name}()", arg, src)
            args.append(node)
            continue
        if not isinstance(arg, ast.Name):
            raise ExprError(f"{name}() expects {_article(kind)} {kind} id here", aoff)
        symbols.append((kind, arg.id, aoff))
        args.append(("sym", kind, arg.id))
    return ("call", name, tuple(args)), sig.returns


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _did_you_mean(name: str, options: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def walk(node: Node) -> Iterator[Node]:
    """Yield every node of a tree, for analyses such as lint's 'metrics never read'."""
    yield node
    tag = node[0]
    if tag in ("neg", "not"):
        yield from walk(node[1])
    elif tag == "bin":
        yield from walk(node[2])
        yield from walk(node[3])
    elif tag in ("cmp",):
        for x in node[2]:
            yield from walk(x)
    elif tag in ("and", "or"):
        for x in node[1]:
            yield from walk(x)
    elif tag == "call":
        for x in node[2]:
            yield from walk(x)
