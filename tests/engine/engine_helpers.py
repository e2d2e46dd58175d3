"""Small-scenario builders and event queries for the mechanic tests.

Each mechanic test writes the few actors and relations it needs; these helpers keep
that to a line or two, and answer "how much did rule X move metric Y" from the events.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from engine_gen import compile_text

from game.engine.compile import CompiledScenario
from game.engine.events import Event
from game.engine.game import Game
from game.engine.rules import Order, step
from game.engine.state import State


def actor(aid: str, kind: str = "state", **kw: object) -> str:
    lines = ["[[actors]]", f'id = "{aid}"', f'name = "{aid.capitalize()}"', f'kind = "{kind}"']
    for k, v in kw.items():
        lines.append(f"{k} = {_lit(v)}")
    return "\n".join(lines)


def rel(a: str, b: str, trust: float = 50, tension: float = 30, channels: Iterable[str] = ()) -> str:
    chans = ", ".join(f'"{c}"' for c in channels)
    return f'[[relations]]\nbetween = ["{a}", "{b}"]\ntrust = {trust}\ntension = {tension}\nchannels = [{chans}]'


def _lit(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_lit(x) for x in v) + "]"
    return repr(v)


def scenario(*parts: str, rules: dict[str, object] | None = None, turns: int = 8) -> CompiledScenario:
    """Compile a scenario from actor/relation/extra TOML snippets (stock moves and channels)."""
    rl = {"misinformation": 0, "rung": 2, "grievance": 0.0, **(rules or {})}
    head = ["format = 1", "[scenario]", 'id = "t"', 'title = "Test"', 'summary = "test"', f"turns = {turns}",
            "[rules]"] + [f"{k} = {_lit(v)}" for k, v in rl.items()]
    return compile_text("\n".join(head) + "\n" + "\n".join(parts) + "\n")


def O(actor: str, move: str, target: str = "", second: str = "", channel: str = "") -> Order:  # noqa: E743
    return Order(actor, move, target, second, channel)


def play(cs: CompiledScenario, turns: list[list[Order]], seed: int = 1) -> Game:
    g = Game.new(cs, seed)
    for orders in turns:
        g.play(orders)
    return g


def one_step(cs: CompiledScenario, start: State, orders: list[Order], seed: int) -> tuple[State, list[Event]]:
    """One turn from `start` with a fresh generator: cheap way to sample many rolls."""
    return step(cs, start, orders, random.Random(seed))


def changes(events: Iterable[Event], metric: str, scope: str | None = None, rule: str | None = None) -> list[Event]:
    return [
        e for e in events
        if e.kind == "change" and e.metric == metric and (scope is None or e.scope == scope)
        and (rule is None or e.rule == rule)
    ]


def total(events: Iterable[Event], metric: str, scope: str | None = None, rule: str | None = None) -> float:
    return sum(e.delta for e in changes(events, metric, scope, rule))


def by_rule(events: Iterable[Event], rule: str, kind: str | None = None) -> list[Event]:
    return [e for e in events if e.rule == rule and (kind is None or e.kind == kind)]


def turn_events(g: Game, turn: int) -> list[Event]:
    return [e for e in g.events() if e.turn == turn]
