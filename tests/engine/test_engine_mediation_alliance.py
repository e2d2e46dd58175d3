"""Mediation (trust, ripeness, stages, spoilers) and alliances (terms, security dilemma,
obligations): docs/model.md §§ 6-7, shown with numbers."""

from __future__ import annotations

import pytest
from engine_helpers import O, actor, by_rule, changes, one_step, rel, scenario, total

from game.engine.game import Game
from game.engine.rules import step
from game.engine.views import stage_name

PARTIES = (actor("blue"), actor("red"), actor("forum", "io"), actor("rebels", "armed_group"))


def mediation(trust_blue: float, trust_red: float, tension: float = 30, rung: int = 2, parties_trust: float = 20):  # type: ignore[no-untyped-def]
    return scenario(
        *PARTIES, rel("blue", "red", trust=parties_trust, tension=tension),
        rel("forum", "blue", trust=trust_blue), rel("forum", "red", trust=trust_red), rules={"rung": rung},
    )


TALKS = [O("forum", "offer_good_offices", "blue", "red")]


def expected_chance(mt: float, ripe: bool, parties_trust: float, stage: int = 1) -> float:
    """docs/model.md § 6, written out independently of the engine."""
    return 0.15 + 0.45 * mt / 100 + (0.15 if ripe else 0) + 0.2 * parties_trust / 100 - 0.1 * (stage - 1)


def success_rate(cs, orders, n: int = 1000) -> float:  # type: ignore[no-untyped-def]
    start = Game.new(cs, 0).state
    p = cs.pair[0][1]
    return sum(one_step(cs, start, orders, seed)[0].stage[p] > start.stage[p] for seed in range(n)) / n


def test_mediator_must_be_trusted_by_both_sides() -> None:
    cs = mediation(80, 30)
    opt = next(o for o in Game.new(cs, 1).options("forum") if o.move == "offer_good_offices"
               and (o.target, o.second) == ("blue", "red"))
    assert opt.reason == "not trusted enough by both sides (trust 80 and 30, needs 40)"
    assert next(o for o in Game.new(mediation(80, 45), 1).options("forum") if o.move == "offer_good_offices"
                and (o.target, o.second) == ("blue", "red")).reason == ""


def test_success_rises_with_mediator_trust_and_ripeness() -> None:
    low = success_rate(mediation(45, 45), TALKS)
    high = success_rate(mediation(90, 90), TALKS)
    ripe = success_rate(mediation(45, 45, tension=60, rung=3), TALKS)
    assert low == pytest.approx(expected_chance(45, False, 20), abs=0.05)  # 0.39
    assert high == pytest.approx(expected_chance(90, False, 20), abs=0.05)  # 0.60
    assert ripe == pytest.approx(expected_chance(45, True, 20), abs=0.05)  # 0.54
    assert low < ripe < high


def _reach(cs, g: Game, orders, stage: int) -> Game:  # type: ignore[no-untyped-def]
    """Play `orders` until the blue-red process reaches `stage` (deterministic per seed)."""
    for _ in range(12):
        if g.state.stage[cs.pair[0][1]] >= stage:
            return g
        g.play(orders)
    raise AssertionError("stage not reached")


def test_stages_talks_then_ceasefire_then_agreement() -> None:
    cs = mediation(90, 90, tension=60, rung=5, parties_trust=40)
    g = Game.new(cs, 11)
    early = next(o for o in g.options("forum") if o.move == "broker_ceasefire" and (o.target, o.second) == ("blue", "red"))
    assert early.reason == "needs talks first (now: none)"
    g = _reach(cs, g, TALKS, 1)
    assert stage_name(cs, g.state, "blue", "red") == "talks"
    late = next(o for o in g.options("forum") if o.move == "offer_good_offices" and (o.target, o.second) == ("blue", "red"))
    assert late.reason == "they are already past talks"
    rung_before = g.state.rung
    g = _reach(cs, g, [O("forum", "broker_ceasefire", "blue", "red")], 2)
    last = g.turns[-1].events
    assert total(last, "tension", "blue~red", rule="mediation") == pytest.approx(-12.0)  # -6 x stage 2
    assert total(last, "trust", "blue~red", rule="mediation") == pytest.approx(8.0)  # +4 x stage 2
    assert changes(last, "rung", rule="mediation")[0].delta == -1.0
    assert g.state.rung <= rung_before
    g = _reach(cs, g, [O("forum", "broker_agreement", "blue", "red")], 3)
    assert stage_name(cs, g.state, "blue", "red") == "agreement"


def test_failed_mediation_costs_the_mediator_trust() -> None:
    cs = mediation(45, 45)
    start = Game.new(cs, 0).state
    for seed in range(50):
        s, ev = one_step(cs, start, TALKS, seed)
        if s.stage[cs.pair[0][1]] == 0:
            break
    assert total(ev, "trust", "blue~forum", rule="mediation") == pytest.approx(-2.0)
    assert total(ev, "trust", "red~forum", rule="mediation") == pytest.approx(-2.0)


def test_a_spoiler_can_break_the_process() -> None:
    cs = mediation(90, 90, tension=60, rung=5, parties_trust=40)
    g = _reach(cs, Game.new(cs, 3), TALKS, 1)
    p = cs.pair[0][1]
    tension = g.state.tension[p]
    spoil = [O("rebels", "spoil_talks", "blue", "red")]
    broke = 0
    n = 1000
    for seed in range(n):
        s, ev = one_step(cs, g.state, spoil, seed)
        if s.stage[p] == 0:
            broke += 1
            assert total(ev, "tension", "blue~red", rule="spoiler") == pytest.approx(8.0)
            assert total(ev, "trust", "blue~red", rule="spoiler") == pytest.approx(-6.0)
            assert total(ev, "legitimacy", "rebels", rule="spoiler") == pytest.approx(-5.0)
    assert broke / n == pytest.approx(0.4 + tension / 200, abs=0.05)
    # Nothing to spoil before talks begin.
    fresh = Game.new(cs, 3)
    opt = next(o for o in fresh.options("rebels") if o.move == "spoil_talks" and (o.target, o.second) == ("blue", "red"))
    assert opt.reason == "there is no peace process between them to spoil"


# --------------------------------------------------------------------------- alliances

PACT = ('[[treaties]]\nid = "pact"\nname = "Pact"\nkind = "alliance"\nmembers = ["blue", "green"]\n'
        "collective_defence = true\nrespond_within = 1\n")


def alliance(transparency: bool = False):  # type: ignore[no-untyped-def]
    return scenario(
        actor("blue"), actor("red"), actor("green"),
        rel("blue", "red", tension=60, channels=["military_attache", "hotline"]), rel("green", "red", tension=40),
        rel("blue", "green", trust=60, tension=10, channels=["secure_platform"]),
        PACT + f"transparency = {'true' if transparency else 'false'}\n",
    )


def test_alliance_moves_need_an_ally() -> None:
    g = Game.new(alliance(), 1)
    opt = next(o for o in g.options("blue") if o.move == "consult_allies" and o.target == "red"
               and o.channel == "teleconference")
    assert opt.reason == "Red is not an ally"
    ev = g.play([O("blue", "consult_allies", "green", channel="secure_platform")])
    assert total(ev, "credibility", "blue", rule="alliance") == pytest.approx(1.0)


def test_collective_defence_checked_against_the_treaty_terms_and_failing_costs_credibility() -> None:
    cs = alliance()
    g = Game.new(cs, 2)
    opt = next(o for o in g.options("blue") if o.move == "invoke_collective_defence")
    assert opt.reason == "no collective-defence treaty's terms are met for you now"
    g.play([O("red", "limited_strike", "blue")])  # Goldstein -9: blue is attacked
    assert next(o for o in g.options("blue") if o.move == "invoke_collective_defence").reason == ""
    honour = next(o for o in g.options("green") if o.move == "honour_commitment" and o.target == "blue")
    assert honour.reason == "Blue has not invoked a commitment you owe"
    forked = g.fork()
    ev = g.play([O("blue", "invoke_collective_defence")])
    assert [e.note for e in ev if e.kind == "alliance"] == ["Blue invokes collective defence under Pact"]
    # Green does nothing within respond_within = 1 turn: it failed an obligation.
    ev = g.play([])
    assert total(ev, "credibility", "green", rule="failed_obligation") == pytest.approx(-15.0)
    assert total(ev, "trust", "blue~green", rule="failed_obligation") == pytest.approx(-10.0)
    # Had it answered, it would have gained credibility and been dragged in (entrapment).
    forked.play([O("blue", "invoke_collective_defence")])
    ev = forked.play([O("green", "honour_commitment", "blue")])
    assert total(ev, "credibility", "green", rule="alliance") == pytest.approx(5.0)
    assert total(ev, "tension", "red~green", rule="entrapment") == pytest.approx(6.0)
    assert not by_rule(ev, "failed_obligation")


def test_exercise_reassures_allies_and_provokes_the_adversary_unless_notified() -> None:
    cs = alliance()
    start = Game.new(cs, 0).state
    ex = [O("blue", "joint_exercise", "green")]
    _s, ev = step(cs, start, ex, Game.new(cs, 0).rng)
    assert total(ev, "trust", "blue~green", rule="alliance") == pytest.approx(3.0)
    assert total(ev, "tension", "blue~red", rule="security_dilemma") == pytest.approx(5.0)
    assert total(ev, "tension", "red~green", rule="security_dilemma") == pytest.approx(2.5)
    # Notified in advance (a CBM resolves before alliance moves in the same turn): +1 / +0.5.
    _s, ev = step(cs, start, [O("blue", "notify_exercise", "red", channel="hotline"), *ex], Game.new(cs, 0).rng)
    assert total(ev, "tension", "blue~red", rule="security_dilemma") == pytest.approx(1.0)
    assert total(ev, "tension", "red~green", rule="security_dilemma") == pytest.approx(0.5)
    # A transparent treaty has the same effect without notification.
    cs_t = alliance(transparency=True)
    _s, ev = step(cs_t, Game.new(cs_t, 0).state, ex, Game.new(cs_t, 0).rng)
    assert total(ev, "tension", "blue~red", rule="security_dilemma") == pytest.approx(1.0)


def test_intelligence_sharing_sharpens_both_allies() -> None:
    cs = alliance()
    g = Game.new(cs, 1)
    before = g.picture("blue").quality["red"]
    g.play([O("blue", "share_intelligence", "green", channel="secure_platform")])
    assert g.picture("blue").quality["red"] == pytest.approx(before + 0.1)
    assert g.state.intel_bonus[cs.actor_index["green"]] == pytest.approx(0.1)
