"""Each AAR section's facts, checked against a scripted game whose outcome is known (tests/report/drill.py)."""

from __future__ import annotations

import sys

import pytest
from drill import SCRIPT, SEED, compiled, play

from game.engine.game import Game, replay
from game.engine.views import picture
from game.report import automated
from game.report.aar import build_aar
from game.report.model import AAR


@pytest.fixture(scope="module")
def game() -> Game:
    return play()


@pytest.fixture(scope="module")
def aar(game: Game) -> AAR:
    return build_aar(game, date="2026-03-14", bot_runs=0)


def test_overview(aar: AAR) -> None:
    o = aar.overview
    assert (o.scenario_id, o.seed, o.date, o.turns_played, o.turns_planned, o.turn_length, o.finished) == (
        "report_drill", SEED, "2026-03-14", 6, 6, "1 day", True)
    who = {a.id: a.played_by for a in o.actors}
    assert who == {"blue": "human player", "red": "bot (hawk)"}


def test_overview_takes_seats_from_the_save(game: Game) -> None:
    a = build_aar(game, humans=["red"], policies={"blue": "dove"}, teams={"red": "Syndicate 3"}, bot_runs=0)
    who = {x.id: (x.control, x.policy, x.played_by) for x in a.overview.actors}
    assert who == {"blue": ("bot", "dove", "bot (dove)"), "red": ("human", "", "Syndicate 3 — human player")}
    assert a.fog.observers == ["red"]


def test_outcome_matches_the_engine(aar: AAR, game: Game) -> None:
    r = game.result()
    o = aar.outcome
    assert (o.final, o.band_id, o.band, o.rung, o.max_rung) == (True, r.band_id, r.band, 4, 4)
    assert o.band_id == "frozen_conflict"
    assert [(c.turn, c.rung, c.name) for c in o.crossings] == [(4, 4, "Line in the sand")]
    assert [(s.actor, s.score) for s in o.scores] == [(s.actor, s.score) for s in r.scores]
    assert o.rung_name == compiled().ladder[4]


def test_objective_ratings_follow_the_play(aar: AAR) -> None:
    got = {o.id: (o.status, o.rating, o.met_turns) for o in aar.objectives}
    assert got["keep_pact"] == ("met", "S", [1, 2, 5, 6])  # torn up on turn 3, re-signed on turn 5
    assert got["early_step"] == ("met", "P", [1, 2, 3, 4, 5, 6])
    assert got["late_step"] == ("met", "S", [6])  # only on the last turn
    assert got["stay_low"] == ("partly", "M", [1, 2, 3])  # lost when rung 4 was reached on turn 4
    assert got["never"] == ("not met", "U", [])
    assert got["judgement"][:2] == ("unmeasured", "")
    by = {o.id: o for o in aar.objectives}
    assert "lost on turn 3" in by["keep_pact"].rationale
    assert by["late_step"].rating_label == "Performed with some challenges"
    assert all(o.confirmed == "" for o in aar.objectives)


def test_timeline_decisions_states_and_injects(aar: AAR) -> None:
    tl = aar.timeline
    assert [t.turn for t in tl] == [1, 2, 3, 4, 5, 6]
    assert [(d.actor, d.move, d.accepted) for d in tl[0].decisions] == [
        ("blue", "sign_pact", True), ("blue", "say_peace", True), ("blue", "first_step", True)]
    assert [k.id for t in tl for k in t.injects] == ["news"] and tl[1].injects[0].to == "all"
    consult = tl[1].decisions[0]
    assert (consult.actor, consult.move, consult.channel_name, consult.target_name, consult.pair) == (
        "red", "consult", "Hotline", "Blue", "blue~red")
    assert consult.before.trust == 40.0 and consult.before.tension is not None
    assert consult.after.trust == aar.charts.pairs[0].trust[2]  # after turn 2's assessment
    assert (tl[2].before.rung, tl[2].after.rung, tl[3].after.rung) == (2, 3, 4)
    rejected = tl[3].decisions[1]
    assert (rejected.actor, rejected.move, rejected.accepted) == ("red", "sign_pact", False)
    assert "takes no target" in rejected.text and rejected.effects == []
    tear = tl[2].decisions[0]
    assert any(x.startswith("rung +1.0") for x in tear.effects)
    assert any("credibility Blue −10.0" in x for x in tear.effects)
    assert any("Line in the sand" in x for x in tl[3].happenings)


def test_turning_points_have_cause_chains(aar: AAR) -> None:
    rung = [tp for tp in aar.turning_points if tp.metric == "rung"]
    assert [(tp.turn, tp.before, tp.after) for tp in rung] == [(3, 2, 3), (4, 3, 4)]
    for tp in rung:
        assert tp.causes, tp
        root = tp.causes[0].steps[0]
        assert (root.kind, root.turn, root.text) == ("order", tp.turn, "Blue: Tear up the pact")
        assert any(c.startswith("rung world +1.0") for c in tp.causes[0].changes)
    stab = [tp for tp in aar.turning_points if tp.metric == "stability"]
    series = aar.charts.stability
    swings = sorted((abs(b - a) for a, b in zip(series, series[1:], strict=False)), reverse=True)
    assert stab and abs(abs(max(stab, key=lambda t: abs(t.delta)).delta) - swings[0]) < 0.11


def test_charts_agree_with_the_engine_history(aar: AAR, game: Game) -> None:
    c = aar.charts
    assert c.turns == list(range(7))
    assert c.stability[0] == 60.0 and c.stability[1:] == [round(x, 1) for x in game.state.stability_hist]
    assert c.rung == [2, *game.state.rung_hist] == [2, 2, 2, 3, 4, 4, 4]
    assert [(p.pair, p.label) for p in c.pairs] == [("blue~red", "Blue – Red")]
    assert c.pairs[0].trust[0] == 40.0 and c.pairs[0].tension[0] == 50.0
    p = compiled().pair_names.index("blue~red")
    assert c.pairs[0].tension[-1] == round(game.state.tension[p], 1)
    assert [(t.rung, t.name) for t in c.thresholds] == [(4, "Line in the sand")]


def test_channel_usage(aar: AAR) -> None:
    use = {c.channel: (c.uses, c.by_actor) for c in aar.channels}
    assert use["hotline"] == (1, {"red": 1})
    assert use[""] == (7, {"blue": 7})  # Blue's moves go through no channel


def test_doctrine_honoured_and_broken(aar: AAR) -> None:
    rows = {r.tag: r for r in aar.doctrine}
    turns = {tag: ([h.turn for h in r.honoured], [h.turn for h in r.broken]) for tag, r in rows.items()}
    assert turns["restraint"] == ([], [3, 4])
    assert turns["consensus_building"] == ([1, 5], [])
    assert turns["transparency"] == ([1], [3])  # promised peace, then used force
    assert turns["mutual_respect"] == ([1, 2, 6], [3, 4])
    assert {h.actor_name for h in rows["restraint"].broken} == {"Blue"}


def test_signal_versus_deed(aar: AAR) -> None:
    assert [(g.turn, g.actor, g.credibility_delta) for g in aar.signal_gaps] == [(3, "blue", -10.0)]
    assert "said peace in public on turn 1" in aar.signal_gaps[0].note


def test_fog_compares_the_players_picture_with_the_truth(aar: AAR, game: Game) -> None:
    f = aar.fog
    assert f.observers == ["blue"] and f.total >= len(f.gaps) > 0
    cs = compiled()
    for gap in f.gaps:
        g = replay(cs, SEED, SCRIPT[: gap.turn - 1])
        assert g.turn == gap.turn
        pic = picture(cs, g.state, "blue", SEED)
        est = pic.pairs[gap.subject][gap.metric] if "~" in gap.subject else pic.actors[gap.subject][gap.metric]
        assert est.value == gap.estimate and est.error == gap.error
        assert abs(gap.estimate - gap.true) >= f.threshold
        assert gap.acted_on is False  # Blue never aimed a move at Red
    assert f.misreadings == [] or all(m.channel == "hotline" for m in f.misreadings)


def test_debrief_points_and_hot_wash_questions(aar: AAR) -> None:
    assert [(d.id, d.turn, d.strength) for d in aar.debrief] == [("pact_signed", 1, True), ("broke_pact", 3, False)]
    assert aar.debrief[1].questions == ["What did the promise of peace commit you to?"]
    assert any(s.startswith("A pact signed (turn 1)") for s in aar.strengths)
    afi = "\n".join(aar.areas_for_improvement)
    for text in ("The pact was torn up", "Line in the sand", "said peace in public", "Something nobody does."):
        assert text in afi


def test_improvement_plan_rows(aar: AAR) -> None:
    rooted = [r for r in aar.improvement_plan if r.source.startswith("root cause")]
    sources = [r.source for r in aar.improvement_plan if not r.source.startswith("root cause")]
    assert sources == ["objective stay_low", "objective never", "debrief point broke_pact", "threshold, turn 4",
                       "signal vs deed, turn 3", "instructor", "instructor"]
    # root-caused rows come first, pre-filled with a suggestion; the others are the instructor's to fill
    assert aar.improvement_plan[: len(rooted)] == rooted
    assert all(r.corrective_action and r.capability_element for r in rooted)
    assert all(not (r.corrective_action or r.capability_element or r.responsible or r.start or r.completion)
               for r in aar.improvement_plan if r not in rooted)


def test_comparison_with_bots_is_reproducible(game: Game) -> None:
    a = build_aar(game, bot_runs=3).comparison
    b = build_aar(game, bot_runs=3).comparison
    assert a == b and a.available and a.policies
    for pc in a.policies:
        assert pc.runs == 3 and sum(pc.bands.values()) == 3
        assert 0.0 <= pc.stability_percentile <= 100.0 and set(pc.score_percentiles) == {"blue"}
    assert "seed 7" in a.seeds


def test_comparison_without_bots_says_so(game: Game, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "game.bots", None)  # import fails as if not installed
    c = build_aar(game, bot_runs=2).comparison
    assert c.note == automated.BUILTIN_NOTE and [p.policy for p in c.policies] == ["random"]
    assert build_aar(game, bot_runs=0).comparison.available is False


def test_percentile_and_seeds() -> None:
    assert automated.percentile(5, [1, 2, 3, 4]) == 100.0
    assert automated.percentile(0, [1, 2, 3, 4]) == 0.0
    assert automated.percentile(2, [1, 2, 3, 4]) == 37.5
    assert automated.derived_seed(7, 0) == automated.derived_seed(7, 0) != automated.derived_seed(7, 1)


def test_a_game_in_progress(aar: AAR) -> None:
    a = build_aar(play(3), bot_runs=0)
    assert a.overview.finished is False and a.outcome.final is False
    assert any("still in progress (turn 4 of 6)" in w for w in a.warnings)
    assert len(a.timeline) == 3 and len(a.charts.stability) == 4
    assert {g.turn for g in a.fog.gaps} <= {1, 2, 3, 4}
    empty = build_aar(play(0), bot_runs=0)
    assert empty.timeline == [] and empty.charts.turns == [0] and empty.turning_points == []


def test_fast_path_games_report_the_same(aar: AAR) -> None:
    """A game played without events (playtest fast path) is replayed, so its AAR is identical."""
    fast = build_aar(play(record=False), date="2026-03-14", bot_runs=0)
    assert fast.to_json() == aar.to_json()


def test_a_threshold_crossed_twice_is_one_area_for_improvement() -> None:
    from game.report.aar import _summary
    from game.report.model import Crossing, Outcome

    outcome = Outcome(True, "b", "Band", "", "", "", "", 50.0, 6, "Show of force", 9, "Blockade",
                      [Crossing(2, 6, "Show of force"), Crossing(4, 9, "Blockade"), Crossing(7, 6, "Show of force")], [])
    _strengths, afis, plan = _summary([], [], outcome, [])
    assert afis == ["Threshold crossed on turns 2 and 7: Show of force (rung 6)",
                    "Threshold crossed on turn 4: Blockade (rung 9)"]
    assert [row.source for row in plan[:2]] == ["threshold, turns 2 and 7", "threshold, turn 4"]
