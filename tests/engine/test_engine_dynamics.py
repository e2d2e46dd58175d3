"""CBMs, humanitarian moves, military signalling, de-escalation, Richardson drift,
signal versus deed and the fog of war: docs/model.md §§ 5, 8, 9 with numbers."""

from __future__ import annotations

import pytest
from engine_helpers import (
    O,
    actor,
    by_rule,
    changes,
    one_step,
    play,
    rel,
    scenario,
    total,
    turn_events,
)

from game.engine.game import Game
from game.engine.state import state_hash

TWO = (actor("blue", readiness=60), actor("red", readiness=60))


def test_cbms_reduce_fear_and_tension_drift_over_time() -> None:
    rules = {"fear": 0.10, "cbm_fear_reduction": 0.015, "restraint": 0.0, "grievance": 0.0}
    cs = scenario(*TWO, rel("blue", "red", tension=50, channels=["military_attache"]), rules=rules)
    turns = 6
    cbm = play(cs, [[O("blue", "exchange_data", "red", channel="military_attache")]] * turns, seed=1)
    none = play(cs, [[]] * turns, seed=1)
    p = cs.pair[0][1]
    # attaché latency 1: the last turn's contact is still on its way
    assert cbm.state.fear[p] == pytest.approx(0.10 - 0.015 * (turns - 1))
    assert none.state.fear[p] == pytest.approx(0.10)
    drift_cbm = [total(turn_events(cbm, t), "tension", rule="richardson") for t in range(1, turns + 1)]
    drift_none = [total(turn_events(none, t), "tension", rule="richardson") for t in range(1, turns + 1)]
    assert drift_cbm[-1] < drift_cbm[0], "fear falls turn after turn"
    assert sum(drift_cbm) < sum(drift_none)
    # and misperception: each CBM adds 0.03 to the pair's fidelity (at most 0.30)
    assert cbm.state.fid[p] == pytest.approx(min(0.3, 0.03 * (turns - 1)))


def test_cbms_reduce_misreading() -> None:
    cs = scenario(*TWO, rel("blue", "red", channels=["military_attache"]), rules={"cbm_misperception_reduction": 0.1})
    g = play(cs, [[O("blue", "exchange_data", "red", channel="military_attache")]] * 3, seed=2)
    fresh = Game.new(cs, 0).state
    orders = [O("blue", "consult", "red", channel="teleconference")]

    def rate(start) -> float:  # type: ignore[no-untyped-def]
        return sum(any(e.move == "consult" for e in by_rule(one_step(cs, start, orders, s)[1], "misperception"))
                   for s in range(1500)) / 1500

    assert rate(fresh) == pytest.approx(0.20, abs=0.03)  # teleconference fidelity 0.80
    assert rate(g.state) < 0.02  # +0.30 (cap): 0.99 at most


def test_humanitarian_moves_build_trust_and_legitimacy() -> None:
    # red consents (trust 45 >= 40), blue is no party to a conflict (tension 40 < 50) and
    # red is in need (60 >= 20): relief read as humanitarian, at full Goldstein trust.
    cs = scenario(actor("blue"), actor("red", need=60), rel("blue", "red", trust=45, tension=40))
    g = play(cs, [[O("blue", "disaster_relief", "red")]], seed=1)
    ev = turn_events(g, 1)
    # Goldstein +7.0 (CAMEO 07): trust +3.5 x 0.5, tension -7 x 0.5
    assert by_rule(ev, "humanitarian_principles")
    assert total(ev, "trust", "blue~red", rule="goldstein") == pytest.approx(1.75)
    assert total(ev, "tension", "blue~red", rule="goldstein") == pytest.approx(-3.5)
    assert total(ev, "legitimacy", "blue", rule="effect") == pytest.approx(3.0)
    assert total(ev, "humanitarian", rule="effect") == pytest.approx(5.0)
    assert next(e for e in ev if e.kind == "order").seen_by is None, "a deed the world sees"


def test_military_signalling_climbs_the_ladder_and_crosses_thresholds() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=40), rules={"rung": 2})
    g = play(cs, [[O("blue", "show_of_force", "red")], [O("red", "limited_strike", "blue")]], seed=1)
    t1, t2 = turn_events(g, 1), turn_events(g, 2)
    assert [e.delta for e in changes(t1, "rung", rule="escalation")] == [1.0]
    assert total(t1, "tension", "blue~red", rule="goldstein") == pytest.approx(7.2)  # exhibit force posture
    assert [e.delta for e in changes(t2, "rung", rule="escalation")] == [3.0]
    assert g.state.max_rung >= 6
    names = [e.note for e in g.events() if e.kind == "threshold"]
    assert "Threshold crossed: Don't rock the boat (rung 4)" in names
    assert (2, 4) in g.state.crossings


def test_de_escalation_is_slower_than_escalation() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=50), rules={"rung": 6})
    start = Game.new(cs, 0).state
    up = one_step(cs, start, [O("blue", "show_of_force", "red")], 0)[1]
    down_rolls = [one_step(cs, start, [O("blue", "stand_down", "red")], s)[1] for s in range(1000)]
    # Escalation: certain, and tension +7.2 for Goldstein -7.2.
    assert total(up, "rung", rule="escalation") == 1.0
    # De-escalation: a rung only half the time, and Goldstein +9.0 lowers tension by only 4.5.
    stepped = sum(bool(changes(ev, "rung", rule="de_escalation")) for ev in down_rolls) / 1000
    assert stepped == pytest.approx(0.5, abs=0.05)
    assert total(down_rolls[0], "tension", "blue~red", rule="goldstein") == pytest.approx(-4.5)
    # The author may make it as fast as escalation.
    fast = scenario(*TWO, rel("blue", "red", tension=50), rules={"rung": 6, "de_escalation": 1.0})
    ev = one_step(fast, Game.new(fast, 0).state, [O("blue", "stand_down", "red")], 0)[1]
    assert total(ev, "rung", rule="de_escalation") == -1.0
    assert total(ev, "tension", "blue~red", rule="goldstein") == pytest.approx(-9.0)


@pytest.mark.parametrize(
    ("fear", "restraint", "grievance", "ready", "tension", "trust"),
    [(0.10, 0.05, 1.0, 40, 60, 30), (0.20, 0.0, 0.0, 80, 50, 50), (0.0, 0.2, -2.0, 10, 70, 90), (0.05, 0.1, 3.0, 50, 20, 20)],
)
def test_richardson_drift_follows_its_parameters(
    fear: float, restraint: float, grievance: float, ready: float, tension: float, trust: float
) -> None:
    cs = scenario(actor("blue", readiness=ready), actor("red", readiness=ready),
                  rel("blue", "red", tension=tension, trust=trust),
                  rules={"fear": fear, "restraint": restraint, "grievance": grievance})
    g = play(cs, [[]], seed=1)
    expected = fear * ready + grievance - restraint * tension * trust / 50
    drift = changes(turn_events(g, 1), "tension", "blue~red", rule="richardson")
    assert sum(e.delta for e in drift) == pytest.approx(expected)
    # and readiness follows the highest tension by fear/2 of the gap
    follow = total(turn_events(g, 1), "readiness", "blue", rule="richardson")
    gap = min(100.0, max(0.0, tension + expected)) - ready
    assert follow == pytest.approx(fear * 0.5 * gap if abs(fear * 0.5 * gap) > 0.01 else 0.0)


def test_signal_versus_deed_feeds_credibility() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=50), rules={"audience_cost": 5})
    # Said peace in public, then used force: credibility -2 x audience cost.
    g = play(cs, [[O("blue", "public_reassurance", "red", channel="public_statement")],
                  [O("blue", "show_of_force", "red")]], seed=1)
    assert total(turn_events(g, 2), "credibility", "blue", rule="signal_vs_deed") == pytest.approx(-10.0)
    # Warned in public and did not act: the bluff is called two turns later (-audience cost).
    g = play(cs, [[O("blue", "issue_warning", "red", channel="public_statement")], [], []], seed=1)
    assert total(turn_events(g, 2), "credibility", "blue", rule="signal_vs_deed") == 0
    assert total(turn_events(g, 3), "credibility", "blue", rule="signal_vs_deed") == pytest.approx(-5.0)
    # Warned and followed through: +2.
    g = play(cs, [[O("blue", "issue_warning", "red", channel="public_statement")],
                  [O("blue", "show_of_force", "red")], []], seed=1)
    assert total(g.events(), "credibility", "blue", rule="signal_vs_deed") == pytest.approx(2.0)
    # Said privately, it commits nothing.
    g = play(cs, [[O("blue", "issue_warning", "red", channel="military_attache")], [], []], seed=1)
    assert not by_rule(g.events(), "signal_vs_deed")


def test_fog_of_war_is_noisy_sharper_with_attaches_and_keeps_the_true_state() -> None:
    parts = (actor("blue", intel=0.4), actor("red"), actor("green"))
    blind = scenario(*parts, rel("blue", "red"))
    posted = scenario(*parts, rel("blue", "red", channels=["military_attache"]))

    def mean_error(cs) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        errs, width = [], 0.0
        for seed in range(200):
            g = Game.new(cs, seed)
            before = state_hash(g.state)
            pic = g.picture("blue")
            assert state_hash(g.state) == before, "looking changes nothing"
            assert g.picture("blue") == pic, "the same question gets the same answer"
            est = pic.actors["red"]["credibility"]
            errs.append(abs(est.value - g.state.am[3][cs.actor_index["red"]]))
            width = est.error
            assert pic.actors["blue"]["credibility"].exact
        return sum(errs) / len(errs), width

    err_blind, w_blind = mean_error(blind)
    err_posted, w_posted = mean_error(posted)
    assert w_blind == pytest.approx(25 * (1 - 0.4), abs=0.06)  # 15 points either side
    assert w_posted == pytest.approx(25 * (1 - 0.65), abs=0.06)  # attachés (shown to 0.1): +0.25 quality
    assert err_blind > 3 and err_posted < err_blind * 0.7
    # the picture never exceeds its stated error
    g = Game.new(posted, 7)
    for other, metrics in g.picture("blue").actors.items():
        j = posted.actor_index[other]
        for mi, m in enumerate(("capability", "readiness", "domestic_pressure", "credibility", "legitimacy")):
            assert abs(metrics[m].value - g.state.am[mi][j]) <= metrics[m].error + 0.05
