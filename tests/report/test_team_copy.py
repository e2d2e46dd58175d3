"""`detente report --team NAME`: a team's own copy never shows another team's private events.

Property test over generated games: random scenarios, random legal orders, private and
public overrides; for each team, every event it could not see whose words appear in no
event it could see must be absent from its copy (Markdown and HTML), and the controller's
sections (overrides' rationale, evaluator notes) never appear.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.classroom.access import Credential
from game.classroom.visibility import seat_events
from game.engine.game import Game
from game.engine.interventions import Intervention
from game.report.aar import build_aar
from game.report.html import render_html
from game.report.markdown import render_markdown
from tests.engine.engine_gen import compile_text, random_orders, scenario_text

RATIONALE = "WHITE-CELL-RATIONALE"


def played(n: int, seed: int) -> Game:
    cs = compile_text(scenario_text(n, seed, turns=4))
    rng = random.Random(seed)
    g = Game.new(cs, seed)
    a = cs.actors[0].id
    g.apply_intervention(Intervention(1, "adhoc_inject", RATIONALE,
                                      {"title": f"Secret cable for {cs.actors[0].name} {seed}", "to": [a]}))
    while not g.over:
        g.play(random_orders(cs, g, rng))
    return g


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 5), seed=st.integers(0, 5000))
def test_a_team_copy_never_shows_another_teams_private_events(n: int, seed: int) -> None:
    g = played(n, seed)
    cs = g.cs
    teams = {a.id: f"team{i}" for i, a in enumerate(cs.actors[:2])}
    every = g.events()
    for actor, team in teams.items():
        seen = seat_events(g, Credential("team", team, actor))
        seen_seq = {e.seq for e in seen}
        seen_text = " ".join(e.note for e in seen)
        aar = build_aar(g, bot_runs=0, humans=list(teams), teams=teams, team=(team, actor))
        md, page = render_markdown(aar), render_html(aar)
        assert RATIONALE not in md and RATIONALE not in page
        assert not aar.interventions and not aar.evaluator_notes
        for e in every:
            if e.seq in seen_seq or not e.note or e.kind in ("roll", "change") or e.note in seen_text:
                continue
            assert e.note not in md, (team, e)
        if actor != cs.actors[0].id:
            assert f"Secret cable for {cs.actors[0].name} {seed}" not in md


def test_detente_report_team_option(tmp_path: Path) -> None:
    from game.cli import main
    from game.saves import SaveMeta
    from game.saves.store import SaveStore

    g = played(3, 7)
    ids = [a.id for a in g.cs.actors]
    SaveStore(tmp_path).save(g, "class", SaveMeta(settings={"teams": {ids[0]: "alpha", ids[1]: "bravo"}}))
    out = tmp_path / "bravo.md"
    assert main(["report", "class", "--team", "bravo", "--bot-runs", "0", "-o", str(out),
                 "--save-dir", str(tmp_path)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Team bravo's copy" in text and "Secret cable" not in text and RATIONALE not in text
    assert main(["report", "class", "--team", "zulu", "--save-dir", str(tmp_path)]) == 1
