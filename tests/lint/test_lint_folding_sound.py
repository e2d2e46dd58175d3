"""Soundness of lint's constant folding: whatever it proves, concrete evaluation agrees.

Random expressions over a few metrics are folded once, then evaluated concretely at
random points inside the ranges the folder assumes (tension 0..100, turn 1..turns...).
If the folder says False (the basis of every "can never" warning) no point may give True.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.expr import parse
from game.scenario.lint import Facts, Folder

TURNS = 6
NUM_LEAVES = ["turn", "turns", "stability", "rung", "tension(a, b)", "trust(a, b)", "count(m)", "stage(a, b)"]

num = st.recursive(
    st.one_of(st.sampled_from(NUM_LEAVES), st.integers(-5, 120).map(str)),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        inner.map(lambda x: f"abs({x})"),
        inner.map(lambda x: f"-({x})"),
    ),
    max_leaves=4,
)
cmp = st.tuples(num, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), num).map(lambda t: f"{t[0]} {t[1]} {t[2]}")
boolean = st.recursive(
    st.one_of(cmp, st.just("flag(x)"), st.just("used(m)")),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda x: f"not ({x})"),
    ),
    max_leaves=4,
)

# Metrics at the precision a game can tell apart (a millionth of a point): a tension of
# 2e-311 makes 1 / tension overflow to inf and 0 * inf NaN, which no algebraic folding
# can (or should) predict.
metric = st.floats(0, 100).map(lambda x: round(x, 6))
point = st.fixed_dictionaries(
    {
        "turn": st.integers(1, TURNS),
        "stability": metric,
        "rung": st.integers(0, 14),
        "tension": metric,
        "trust": metric,
        "stage": st.integers(0, 3),
    }
)


def concrete(node: Any, env: dict[str, Any]) -> Any:
    tag = node[0]
    if tag in ("num", "bool"):
        return node[1]
    if tag == "global":
        return TURNS if node[1] == "turns" else env[node[1]]
    if tag == "neg":
        return -concrete(node[1], env)
    if tag == "not":
        return not concrete(node[1], env)
    if tag == "bin":
        a, b = concrete(node[2], env), concrete(node[3], env)
        if node[1] == "/":
            return a / b if b else 0.0  # as the engine does
        return {"+": a + b, "-": a - b, "*": a * b}[node[1]]
    if tag == "cmp":
        vals = [concrete(x, env) for x in node[2]]
        ops = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y,
               ">=": lambda x, y: x >= y, "==": lambda x, y: x == y, "!=": lambda x, y: x != y}
        return all(ops[o](x, y) for o, x, y in zip(node[1], vals, vals[1:], strict=False))
    if tag == "and":
        return all(concrete(x, env) for x in node[1])
    if tag == "or":
        return any(concrete(x, env) for x in node[1])
    if tag == "call":
        name, args = node[1], node[2]
        if name in ("tension", "trust"):
            return env[name]
        if name == "stage":
            return env["stage"]
        if name == "count":
            return 0  # m is never usable in these facts
        if name in ("flag", "used"):
            return False  # never set / never usable in these facts
        vals = [concrete(a, env) for a in args]
        fn: Any = {"min": min, "max": max, "abs": abs}[name]
        return fn(*vals)
    raise AssertionError(node)


@settings(max_examples=150, deadline=None)
@given(src=boolean, env=point)
def test_folding_never_contradicts_evaluation(src: str, env: dict[str, Any]) -> None:
    compiled = parse(src)
    verdict = Folder(Facts(turns=TURNS, max_rung=14)).value(compiled.tree)
    if verdict is None:
        return
    assert verdict == bool(concrete(compiled.tree, env)), src
