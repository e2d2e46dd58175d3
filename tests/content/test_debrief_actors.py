"""Debrief points name the right actors: played under every policy, checked against the record.

A point titled for an actor must mention that actor in its condition (lint
W-debrief-unnamed-actor), and when a point fires, every `used(move, actor)` /
`used_on(move, actor, target)` its condition requires (a conjunct at the top) must be in
the record: that actor's accepted order of that move by that turn.  This is what made
"The Strait Forum's good offices" fire for talks that Lindmark had brokered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.bots import POLICIES, decide
from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.scenario.expr import parse
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def required_acts(source: str) -> list[tuple[str, str, str]]:
    """(move, actor, target) of each used/used_on call that must hold for the condition to hold."""
    tree = parse(source).tree
    parts = tree[1] if tree[0] == "and" else (tree,)
    out = []
    for p in parts:
        if p[0] == "call" and p[1] in ("used", "used_on"):
            args = [a[2] for a in p[2] if a[0] == "sym"]
            if len(args) >= 2:
                out.append((args[0], args[1], args[2] if len(args) > 2 else ""))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_fired_points_match_who_acted(path: Path) -> None:
    res = load_file(str(path))
    assert res.resolved is not None
    sc = res.resolved.scenario
    cs = compile_scenario(res.resolved)
    names = {a.id: a.name for a in cs.actors}
    for d in sc.debrief:
        mentioned = " ".join(str(d.when).replace("(", " ").replace(")", " ").replace(",", " ").split())
        for aid, name in names.items():
            if name in d.title:
                assert aid in mentioned.split(), f"{path.stem}: '{d.id}' is titled for {name} but never checks it"
    acts = {d.id: required_acts(str(d.when)) for d in sc.debrief}
    fired_any = 0
    for policy in POLICIES:
        for seed in (1, 2):
            g = Game.new(cs, seed)
            while not g.over:
                orders = []
                for a in cs.actors:
                    orders += decide(cs, g.state, a.id, policy, g.seed)
                g.play(orders)
            done = [e for e in g.events() if e.kind == "order"]
            for e in g.events():
                if e.kind != "debrief":
                    continue
                fired_any += 1
                for move, actor, target in acts.get(e.move, []):
                    assert any(o.move == move and o.actor == actor and (not target or o.target == target)
                               and o.turn <= e.turn for o in done), (path.stem, policy, seed, e.move, move, actor)
    assert fired_any > 0
