"""The AAR's section per team: its actor's objectives rated with evidence, channels, score."""

from __future__ import annotations

from pathlib import Path

from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.report.aar import build_aar
from game.report.html import render_html
from game.report.markdown import render_markdown
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]


def test_each_team_gets_its_own_section_with_numbers() -> None:
    from game.bots import decide

    res = load_file(str(ROOT / "scenarios" / "strait_incident.toml"))
    assert res.resolved is not None
    cs = compile_scenario(res.resolved)
    g = Game.new(cs, 8)
    while not g.over:
        orders: list[Order] = []
        for a in cs.actors:
            policy = {"azuria": "doctrine", "corvania": "hawk"}.get(a.id, a.personality)
            orders += decide(cs, g.state, a.id, policy, g.seed)
        g.play(orders)
    aar = build_aar(g, bot_runs=0, humans=["azuria", "corvania"], teams={"azuria": "alpha", "corvania": "bravo"})
    assert [t.actor for t in aar.teams] == ["azuria", "corvania"]
    az, cv = aar.teams
    assert az.team == "alpha" and [o.id for o in az.objectives] == [o[0] for o in cs.actors[cs.actor_index["azuria"]].objectives]
    for o in az.objectives + cv.objectives:
        assert o.rating in ("P", "S", "M", "U") and o.evidence
        assert (o.rating == "U") == (not o.met_turns)
    scores = {s.actor: s for s in g.result().scores}
    assert az.score == scores["azuria"].score and f"= {az.score:.1f}" in az.score_how
    assert az.channels[0].endswith("direct and private") or "no messages" in az.channels[0]
    # a hawk signals militarily more than the doctrine player does
    mil = {t.actor: next((x for x in t.channels if "military signal" in x), "0 military") for t in aar.teams}
    assert int(mil["corvania"].split()[0]) >= int(mil["azuria"].split()[0])
    md = render_markdown(aar)
    assert "### Azuria — team alpha" in md and "### Corvania — team bravo" in md
    assert "Each team: objectives, obligations, channels, score" in render_html(aar)
