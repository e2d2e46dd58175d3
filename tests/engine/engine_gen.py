"""Shared helpers for the engine tests and benchmark: generated scenarios and random legal orders.

Generated scenarios use the stock catalogue, a mix of actor kinds, random relations, an
alliance with collective defence, a few injects of every trigger kind and (optionally)
random teaching-model parameters, so property tests exercise every rule on scenarios no
author wrote.  Everything is a pure function of its arguments (a seed), so a failing
example can be replayed exactly.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

from game.engine.compile import CompiledScenario, compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.views import legal_options
from game.scenario.loader import load_file, load_text

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))

KINDS = ("state", "state", "state", "io", "ngo", "armed_group", "alliance")


def compile_text(text: str) -> CompiledScenario:
    """Load, validate and compile a scenario given as TOML text (fails loudly in tests)."""
    res = load_text(text, "<test>")
    if res.resolved is None or not res.ok:
        raise AssertionError("\n".join(d.format() for d in res.diagnostics))
    return compile_scenario(res.resolved)


@cache
def compile_path(path: str) -> CompiledScenario:
    res = load_file(path)
    assert res.resolved is not None and res.ok, [d.format() for d in res.diagnostics]
    return compile_scenario(res.resolved)


def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return repr(v)


def scenario_text(n: int, seed: int, rules: dict[str, float] | None = None, turns: int = 8) -> str:
    """A valid scenario with `n` actors whose relations and parameters derive from `seed`."""
    rng = random.Random(seed)
    ids = [f"a{i}" for i in range(n)]
    lines = [
        "format = 1",
        "[scenario]",
        f'id = "gen_{n}_{seed}"',
        f'title = "Generated {n}"',
        'summary = "generated for tests"',
        f"turns = {turns}",
    ]
    lines.append("[rules]")
    params = dict(rules or {})
    params.setdefault("rung", rng.randint(0, 6))
    params.setdefault("stability", rng.randint(20, 90))
    for k, v in params.items():
        lines.append(f"{k} = {_toml(v)}")
    for i, aid in enumerate(ids):
        kind = "state" if i < 2 else rng.choice(KINDS)
        lines += [
            "[[actors]]",
            f'id = "{aid}"',
            f'name = "Actor {i}"',
            f'kind = "{kind}"',
            f"capability = {rng.randint(5, 95)}",
            f"readiness = {rng.randint(5, 95)}",
            f"domestic_pressure = {rng.randint(5, 95)}",
            f"credibility = {rng.randint(5, 95)}",
            f"legitimacy = {rng.randint(5, 95)}",
            f"budget = {rng.randint(1, 5)}",
            f"intel = {rng.randint(0, 10) / 10}",
            "[[actors.objectives]]",
            f'id = "o_{aid}"',
            'text = "keep the peace"',
            'target = "max_rung < 8"',
        ]
        if i == 0:
            lines += [
                "[[actors.red_lines]]",
                'id = "rl0"',
                'text = "blockade"',
                f'when = "used(blockade, {ids[1]})"',
                'effects = [{ metric = "domestic_pressure", who = "actor", delta = 10 }]',
            ]
    stock_channels = ["hotline", "military_attache", "secure_platform", "teleconference", "summit"]
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < 0.8:
                chans = [c for c in stock_channels if rng.random() < 0.35]
                lines += [
                    "[[relations]]",
                    f'between = ["{ids[i]}", "{ids[j]}"]',
                    f"trust = {rng.randint(0, 100)}",
                    f"tension = {rng.randint(0, 100)}",
                    f"channels = {_toml(chans)}",
                ]
    members = sorted(rng.sample(ids, min(n, rng.randint(2, 3))))
    lines += [
        "[[treaties]]",
        'id = "pact"',
        'name = "Pact"',
        'kind = "alliance"',
        f"members = {_toml(members)}",
        "collective_defence = true",
        f"transparency = {_toml(rng.random() < 0.3)}",
        "respond_within = 1",
    ]
    lines += [
        "[[injects]]", 'id = "k_turn"', 'title = "News"', 'text = "news"', "trigger = { turn = 2 }",
        f'source = "{ids[0]}"', f'subject = "{ids[1]}"', 'expects = ["consult", "clarify_intentions"]',
        "expects_within = 1",
        'effects = [{ metric = "tension", delta = 4 }, { metric = "misinformation", delta = 5, chance = 0.5 }]',
        "[[injects]]", 'id = "k_cont"', 'title = "Silence"', 'text = "nobody answered"',
        'trigger = { contingency_for = "k_turn" }', f'source = "{ids[0]}"', f'subject = "{ids[1]}"',
        'effects = [{ metric = "tension", delta = 3 }]',
        "[[injects]]", 'id = "k_chance"', 'title = "Rumour"', 'text = "rumour"', "trigger = { chance = 0.3 }",
        "once = false", 'effects = [{ metric = "misinformation", delta = 3 }]',
        "[[injects]]", 'id = "k_when"', 'title = "Incident"', 'text = "incident"',
        f'trigger = {{ when = "tension({ids[0]}, {ids[1]}) > 80" }}', f'source = "{ids[0]}"',
        f'subject = "{ids[1]}"', 'effects = [{ metric = "rung", delta = 1 }]',
        "[[debrief]]", 'id = "d1"', 'when = "count(consult) >= 2"', 'title = "Talking"', 'text = "they talked"',
        "[[endings]]", 'id = "war"', 'title = "War"', 'when = "rung >= 12"', 'text = "war"',
    ]
    return "\n".join(lines) + "\n"


def random_orders(cs: CompiledScenario, g: Game, rng: random.Random, hold: float = 0.15) -> list[Order]:
    """Random legal orders for every actor this turn, each within its budget."""
    out: list[Order] = []
    s = g.state
    for a in cs.actors:
        budget = s.budget_left[a.idx]
        while budget > 0 and rng.random() > hold:
            legal = legal_options(cs, s, a.id, budget)
            if not legal:
                break
            o = rng.choice(legal)
            out.append(Order(a.id, o.move, o.target, o.second, o.channel))
            budget -= max(o.cost, 1)
    return out


def play_random(cs: CompiledScenario, seed: int, order_seed: int, record: bool = True) -> tuple[Game, list[list[Order]]]:
    """A whole game with random legal orders (orders from a generator separate from the game's)."""
    rng = random.Random(order_seed)
    g = Game.new(cs, seed)
    plan: list[list[Order]] = []
    while not g.over:
        orders = random_orders(cs, g, rng)
        plan.append(orders)
        g.play(orders, record=record)
    return g, plan
