"""The AAR's MSEL as played: every authored inject once, its trigger in words, what happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.report.aar import build_aar
from game.report.html import render_html
from game.report.markdown import render_markdown
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def compiled(path: Path):  # type: ignore[no-untyped-def]
    res = load_file(str(path))
    assert res.resolved is not None
    return compile_scenario(res.resolved)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_authored_inject_appears_once_with_its_trigger(path: Path) -> None:
    cs = compiled(path)
    g = Game.new(cs, 1)
    while not g.over:
        g.play([])
    aar = build_aar(g, bot_runs=0)
    assert [r.id for r in aar.msel] == [k.id for k in cs.injects]
    assert [r.number for r in aar.msel] == list(range(1, len(cs.injects) + 1))
    for r, k in zip(aar.msel, cs.injects, strict=True):
        assert r.planned and "{" not in r.planned
        if k.turn:
            assert r.planned == f"turn {k.turn}" and k.turn in r.fired or k.turn > g.turns[-1].turn
        if k.contingency_for >= 0:
            assert r.planned.startswith("contingency: if ‘" + cs.injects[k.contingency_for].title)


def test_answers_releases_and_rendering() -> None:
    cs = compiled(ROOT / "scenarios" / "strait_incident.toml")
    g = Game.new(cs, 3)
    g.intervene("release_inject", "test them", inject="near_miss")
    march = cs.injects[cs.inject_index["march"]] if "march" in cs.inject_index else cs.injects[0]
    expected = cs.moves[march.expects[0]].id
    # Azuria answers the first inject with an expected move; Corvania does nothing.
    o = next(x for x in g.legal("azuria") if x.move == expected)
    g.play([Order("azuria", o.move, o.target, o.second, o.channel)])
    g.play([])
    aar = build_aar(g, bot_runs=0, humans=["azuria", "corvania"], teams={"azuria": "alpha", "corvania": "bravo"})
    row = next(r for r in aar.msel if r.id == march.id)
    assert row.fired == [1]
    assert any(a.startswith("Azuria (team alpha): ✓ turn 1") for a in row.answers)
    assert any(a.startswith("Corvania (team bravo): ✗ no expected action") for a in row.answers)
    near = next(r for r in aar.msel if r.id == "near_miss")
    assert near.released == [1] and near.planned.startswith("when ")
    md = render_markdown(aar)
    assert "## MSEL as played" in md and "released by the white cell on turn 1" in md
    assert "MSEL as played" in render_html(aar)
