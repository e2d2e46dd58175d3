"""Facilitator interventions (white cell) in the after-action review.

Issue 9 asks that every override be "shown in the debrief": an instructor who set a
metric by hand or released an inject changed the game the players are judged on, so
the review must list each one with its turn, its reason, what it changed and who could
see it, identically in the JSON, Markdown, HTML and TUI renderings.

The scripted game is the drill (see drill.py) with, before turn 2's orders, tension
Blue–Red set to 75; before turn 3's, the 'news' inject released again, a private
ad-hoc inject to Red, and the exercise extended by 2 turns (8 turns in all).
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from drill import FIXTURE, SCRIPT, SEED, compiled, play
from rich.console import Console

from game.cli import main
from game.engine.game import Game, replay
from game.report.aar import build_aar
from game.report.export import render_json
from game.report.html import render_html
from game.report.markdown import render_markdown
from game.report.model import AAR, InterventionEntry
from game.report.text import NO_INTERVENTIONS, TITLES, intervention_changes, signed
from game.saves import SaveMeta, write_save
from game.scenario.loader import load_or_raise
from game.tui.screens.debrief import render_section

TITLE = TITLES["interventions"]
TENSION_REASON = "the talks collapsed off-stage <per the control group>"


def overridden() -> tuple[Game, float]:
    """The drill with four interventions; also returns Blue–Red tension just before it was set."""
    cs = compiled()
    g = Game.new(cs, SEED)
    g.play(SCRIPT[0])
    before = g.state.tension[cs.pair[cs.actor_index["blue"]][cs.actor_index["red"]]]
    g.intervene("set_metric", TENSION_REASON, metric="tension", scope="blue~red", value=75)
    g.play(SCRIPT[1])
    g.intervene("release_inject", "the rumours again, to test the hotline", inject="news")
    g.intervene("adhoc_inject", "test Red alone", title="Defector", text="A colonel crosses over", to=["red"])
    g.intervene("extend", "the talks deserve more time", turns=2)
    for orders in [*SCRIPT[2:], [], []]:
        g.play(orders)
    assert g.over and len(g.turns) == 8
    return g, before


@pytest.fixture(scope="module")
def game() -> tuple[Game, float]:
    return overridden()


@pytest.fixture(scope="module")
def aar(game: tuple[Game, float]) -> AAR:
    return build_aar(game[0], teams={"red": "Team R"}, bot_runs=0)


def tui_text(a: AAR) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(render_section("interventions", a, "blue"))
    return " ".join(console.export_text().split())


def test_each_intervention_is_listed_with_its_facts(aar: AAR, game: tuple[Game, float]) -> None:
    _, before = game
    assert not aar.warnings or all("differen" not in w for w in aar.warnings)  # the replay matched
    assert [(x.turn, x.kind) for x in aar.interventions] == [
        (2, "set_metric"), (3, "release_inject"), (3, "adhoc_inject"), (3, "extend")]
    tension, news, adhoc, extend = aar.interventions
    assert tension.reason == TENSION_REASON and tension.kind_label == "Metric set"
    assert tension.changes == [f"tension Blue – Red {signed(75.0 - before)} → 75.0"]
    assert news.changes == ["inject released: Rumours of troop movements"]
    assert adhoc.changes == ["ad-hoc inject: Defector: A colonel crosses over"]
    assert extend.changes == ["exercise extended by 2 turns"] and aar.overview.turns_planned == 8
    assert [x.public for x in aar.interventions] == [True, True, False, True]
    assert adhoc.seen_by == ["red"] and adhoc.audience == "private: Red (Team R)"
    assert tension.audience == "public" and tension.seen_by == []
    assert tension.payload == {"metric": "tension", "scope": "blue~red", "value": 75}
    # each entry points at its override note in the game's event log
    notes = {e.seq: e for e in game[0].events() if e.rule == "override" and e.kind == "note"}
    assert [notes[x.seq].note.split(" — ", 1)[0] for x in aar.interventions] == [
        f"Facilitator: {x.kind.replace('_', ' ')}" for x in aar.interventions]
    # the white cell's rationale is the AAR's, from the record: never in an event any seat reads
    assert not any(x.reason in e.note for x in aar.interventions for e in game[0].events())


def test_the_section_survives_replay_of_the_record(aar: AAR, game: tuple[Game, float]) -> None:
    g = game[0]
    again = replay(g.origin, g.seed, [t.orders for t in g.turns], g.interventions)
    assert again.hash() == g.hash()
    assert build_aar(again, teams={"red": "Team R"}, bot_runs=0).interventions == aar.interventions


def test_end_is_an_intervention_too() -> None:
    g = play(2)
    g.intervene("end", "out of classroom time")
    a = build_aar(g, bot_runs=0)
    assert [(x.turn, x.kind_label, x.changes) for x in a.interventions] == [(3, "Exercise ended", ["exercise ended"])]
    assert a.overview.finished


def test_json_export_holds_them(aar: AAR, game: tuple[Game, float]) -> None:
    doc = json.loads(render_json(aar, game[0]))
    rows = doc["aar"]["interventions"]
    assert [r["kind"] for r in rows] == ["set_metric", "release_inject", "adhoc_inject", "extend"]
    assert rows[0]["reason"] == TENSION_REASON and rows[0]["changes"] == aar.interventions[0].changes
    assert rows[2]["seen_by"] == ["red"] and rows[3]["payload"] == {"turns": 2}
    assert sum(e["rule"] == "override" and e["kind"] == "note" for e in doc["record"]["events"]) == 4


def _facts(x: InterventionEntry) -> list[str]:
    return [x.kind_label, x.reason, *x.changes, x.audience]


def test_markdown_html_and_tui_show_them(aar: AAR) -> None:
    md = render_markdown(aar)
    assert md.index("## Decision timeline") < md.index(f"## {TITLE}") < md.index("## Channel usage")
    section = md.split(f"## {TITLE}", 1)[1].split("\n## ", 1)[0]
    for x in aar.interventions:
        assert f"| {x.turn} | {x.kind_label} |" in section
        for fact in _facts(x):
            assert fact.replace("|", "\\|") in section, fact
    rows = [r for r in section.splitlines() if r.startswith("|")]
    assert len(rows) == 2 + 4 and len({len(re.split(r"(?<!\\)\|", r)) for r in rows}) == 1

    doc = render_html(aar)
    assert doc.index('id="timeline"') < doc.index('id="interventions"') < doc.index('id="channels"')
    part = doc.split('id="interventions"', 1)[1].split("<h2", 1)[0]
    assert "&lt;per the control group&gt;" in part and "<per the control group>" not in part
    for x in aar.interventions:
        for fact in _facts(x):
            assert html.escape(fact) in part, fact

    shown = tui_text(aar)
    for x in aar.interventions:
        for fact in _facts(x):
            assert fact in shown, fact


def test_a_game_without_overrides_says_none() -> None:
    a = build_aar(play(), bot_runs=0)
    assert a.interventions == [] and a.to_json()["interventions"] == []
    md = render_markdown(a)
    assert f"## {TITLE}\n\n{NO_INTERVENTIONS}\n" in md
    assert f"<p>{NO_INTERVENTIONS}</p>" in render_html(a).split('id="interventions"', 1)[1].split("<h2", 1)[0]
    assert tui_text(a) == NO_INTERVENTIONS
    assert intervention_changes(InterventionEntry(1, "set_metric", "Metric set", "r", [], True, [], "public", -1)) == "no change"


def test_detente_report_on_a_save_lists_them(tmp_path: Path, game: tuple[Game, float],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    meta = SaveMeta.for_scenario(load_or_raise(str(FIXTURE)), player="blue")
    save = write_save(tmp_path / "white.json", game[0], meta, now="2026-03-14T09:00:00Z")
    assert main(["report", str(save), "--bot-runs", "0"]) == 0
    out = capsys.readouterr().out
    assert f"## {TITLE}" in out and "the talks deserve more time" in out and "exercise extended by 2 turns" in out


def test_a_cancelled_move_is_marked_and_never_a_cause() -> None:
    from game.bots import decide
    from game.engine.game import Game
    from game.report.aar import build_aar
    from game.report.markdown import render_markdown
    from tests.engine.engine_gen import compile_path

    cs = compile_path(str(Path(__file__).resolve().parents[2] / "scenarios" / "strait_incident.toml"))
    g = Game.new(cs, 5)
    force = None
    for _ in range(4):
        orders = []
        for a in cs.actors:
            orders += decide(cs, g.state, a.id, "hawk", g.seed)
        g.play(orders)
        force = next((e for e in g.turns[-1].events if e.kind == "order" and e.move == "show_of_force"), None)
        if force is not None:
            break
    assert force is not None, "a hawk shows force within four turns here"
    g.intervene("cancel_event", "a show of force that should not have been allowed", event=force.seq)
    aar = build_aar(g, bot_runs=0)
    d = next(x for t in aar.timeline for x in t.decisions if x.seq == force.seq)
    assert d.cancelled and all(x.startswith("cancelled by the facilitator") for x in d.effects)
    for tp in aar.turning_points:
        for ch in tp.causes:
            assert force.seq not in [s.seq for s in ch.steps], tp.summary
    assert "cancelled by the facilitator" in render_markdown(aar)
