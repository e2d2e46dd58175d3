"""Areas for improvement carry a root cause from the cause chains, a principle and a POETE element."""

from __future__ import annotations

from pathlib import Path

from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.report.aar import build_aar
from game.report.export import render_json
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
POETE = {"Planning", "Organization", "Equipment", "Training", "Exercise"}


def test_a_hawkish_game_gets_root_caused_areas_and_a_prefilled_plan() -> None:
    from game.bots import decide

    res = load_file(str(ROOT / "scenarios" / "strait_incident.toml"))
    assert res.resolved is not None
    cs = compile_scenario(res.resolved)
    g = Game.new(cs, 8)
    while not g.over:
        orders: list[Order] = []
        for a in cs.actors:
            orders += decide(cs, g.state, a.id, "hawk", g.seed)
        g.play(orders)
    aar = build_aar(g, bot_runs=0)
    rooted = [x for x in aar.areas_for_improvement if "root cause —" in x]
    harmful = [tp for tp in aar.turning_points if (tp.metric == "rung" and tp.delta > 0)
               or (tp.metric == "stability" and tp.delta < 0)]
    assert harmful and rooted
    assert len(rooted) <= len(harmful)
    for x in rooted:
        assert "Doctrine: " in x and any(f"Suggested ({p})" in x for p in POETE)
    rows = [r for r in aar.improvement_plan if r.source.startswith("root cause")]
    assert len(rows) == len(rooted)
    assert all(r.corrective_action and r.capability_element in POETE for r in rows)
    # the chain's root is a real move of the game
    moves = {cs.moves[cs.move_index[e.move]].name for e in g.events() if e.kind == "order" and e.move in cs.move_index}
    assert all(any(m in x for m in moves) or "inject" in x.lower() for x in rooted)
    assert '"corrective_action"' in render_json(aar, g)
