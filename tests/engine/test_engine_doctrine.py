"""The doctrine rules of docs/model.md (issue 14), each with its situation, moves and
the expected direction and size of the effect."""

from __future__ import annotations

import re

import pytest
from engine_helpers import O, actor, by_rule, one_step, play, rel, scenario, total, turn_events

from game.bots.decide import decide
from game.engine.compile import CompiledScenario, initial_state
from game.engine.game import Game
from game.engine.rules import check
from game.engine.views import result, stability_label, timing_warnings

PACT = """
[[treaties]]
id = "pact"
name = "Pact"
kind = "alliance"
members = ["blue", "green"]
collective_defence = true
trigger = "{trigger}"
"""


def legal(cs: CompiledScenario, g: Game, o: O) -> str:
    i = cs.actor_index[o.actor]
    j = cs.actor_index.get(o.target, -1) if o.target else -1
    k = cs.actor_index.get(o.second, -1) if o.second else -1
    c = cs.channel_index.get(o.channel, -1) if o.channel else -1
    return check(cs, g.state, i, cs.moves[cs.move_index[o.move]], j, k, c, g.state.budget_left[i])


def three(trigger: str = "armed_attack", **rules: object) -> CompiledScenario:
    return scenario(actor("blue", budget=6), actor("green", budget=6), actor("red", budget=6),
                    rel("blue", "red", tension=60), rel("green", "red", tension=50), PACT.format(trigger=trigger),
                    rules=dict(rules) or None)


# 1 ------------------------------------------------------------------ treaty triggers

def test_a_show_of_force_does_not_enable_collective_defence_a_strike_does() -> None:
    cs = three()
    invoke = O("blue", "invoke_collective_defence")
    g = play(cs, [[O("red", "show_of_force", "blue")]])
    assert "terms are met" in legal(cs, g, invoke)
    assert by_rule(turn_events(g, 1), "threat"), "the show of force is logged as a threat"
    assert legal(cs, g, O("blue", "request_consultations")) == "", "consultation opens on a lesser threat"
    g.play([O("red", "limited_strike", "blue")])
    assert by_rule(turn_events(g, 2), "armed_attack")
    assert legal(cs, g, invoke) == ""


def test_a_treaty_triggered_by_threat_answers_a_show_of_force() -> None:
    cs = three(trigger="threat")
    g = play(cs, [[O("red", "show_of_force", "blue")]])
    assert legal(cs, g, O("blue", "invoke_collective_defence")) == ""


def test_consultation_needs_a_threat_and_brings_allies_closer() -> None:
    cs = three()
    g = Game.new(cs, 1)
    assert "threatened" in legal(cs, g, O("blue", "request_consultations"))
    g.play([O("red", "issue_warning", "blue", channel="public_statement")])
    g.play([O("blue", "request_consultations")])
    ev = turn_events(g, 2)
    assert total(ev, "trust", "blue~green", rule="consultation") == pytest.approx(2.0)


# 2 ------------------------------------------------------------------ impartiality

def _chance(ev: list, rule: str = "roll") -> float:
    note = next(e.note for e in ev if e.kind == "roll" and "succeed below" in e.note)
    m = re.search(r"below (\d\.\d\d)", note)
    assert m
    return float(m.group(1))


def test_an_allied_mediator_is_less_credible_to_the_other_side() -> None:
    parts = [actor("blue"), actor("red"), actor("green"), actor("forum", kind="io"),
             rel("blue", "red", tension=60, trust=30), rel("green", "blue", trust=70), rel("green", "red", trust=70),
             rel("forum", "blue", trust=70), rel("forum", "red", trust=70)]
    pact = '[[treaties]]\nid = "pact"\nname = "Pact"\nkind = "alliance"\nmembers = ["blue", "green"]'
    cs = scenario(*parts, pact)
    g1 = play(cs, [[O("green", "offer_good_offices", "blue", "red")]])
    g2 = play(cs, [[O("forum", "offer_good_offices", "blue", "red")]])
    e1, e2 = turn_events(g1, 1), turn_events(g2, 1)
    assert _chance(e2) - _chance(e1) == pytest.approx(0.15)
    assert any("partial: Red sees Blue's treaty partner" in e.note for e in e1)


# 3 ------------------------------------------------------------------ bilateral agreements

def test_parties_with_a_channel_and_trust_agree_without_a_mediator() -> None:
    cs = scenario(actor("blue"), actor("red"), rel("blue", "red", trust=60, tension=50, channels=["hotline"]))
    talks = O("blue", "direct_talks", "red", channel="hotline")
    g = Game.new(cs, 1)
    assert legal(cs, g, talks) == ""
    sign = O("blue", "bilateral_agreement", "red", channel="hotline")
    assert "talks first" in legal(cs, g, sign)
    # 0.15 + 0.65 x 0.60 = 0.54: over 200 seeds about half succeed
    wins = sum(one_step(cs, initial_state(cs), [talks], seed)[0].stage[0] == 1 for seed in range(200))
    assert 80 <= wins <= 135
    low = scenario(actor("blue"), actor("red"), rel("blue", "red", trust=30, channels=["hotline"]))
    assert "too little trust" in legal(low, Game.new(low, 1), talks)
    none = scenario(actor("blue"), actor("red"), rel("blue", "red", trust=60))
    assert "no established channel" in legal(none, Game.new(none, 1),
                                              O("blue", "direct_talks", "red", channel="military_attache"))


def test_talks_are_enough_to_sign_a_bilateral_agreement() -> None:
    cs = scenario(actor("blue"), actor("red"), rel("blue", "red", trust=60, channels=["hotline"]))
    g = Game.new(cs, 1)
    g.state.stage[0] = 1
    assert legal(cs, g, O("blue", "bilateral_agreement", "red", channel="hotline")) == ""


# 4 ------------------------------------------------------------------ violations

def test_a_military_move_during_a_ceasefire_is_a_named_violation() -> None:
    cs = scenario(actor("blue"), actor("red"), actor("forum", kind="io"), rel("blue", "red", trust=50, tension=50),
                  rel("forum", "blue", trust=60), rel("forum", "red", trust=60))
    g = Game.new(cs, 1)
    p, pm = cs.pair[0][1], cs.pair[2][0]
    g.state.stage[p] = 2
    g.state.mediator[p] = 2
    before = g.state.copy()
    g.play([O("blue", "cyber_operation", "red")])
    ev = turn_events(g, 1)
    v = [e for e in ev if e.kind == "violation"]
    assert v and "violates the ceasefire" in v[0].note
    assert total(ev, "credibility", "blue", rule="violation") == pytest.approx(-10.0)
    assert total(ev, "trust", "blue~red", rule="violation") == pytest.approx(-10.0)
    assert total(ev, "trust", cs.pair_names[pm], rule="violation") == pytest.approx(-8.0)
    assert g.state.stage[p] == 1 and before.stage[p] == 2


def test_no_violation_without_a_ceasefire() -> None:
    cs = scenario(actor("blue"), actor("red"), rel("blue", "red"))
    g = play(cs, [[O("blue", "cyber_operation", "red")]])
    assert not [e for e in turn_events(g, 1) if e.kind == "violation"]


# 5 ------------------------------------------------------------------ the security dilemma is seen

def _exercise(notify_channel: str) -> tuple[CompiledScenario, Game]:
    cs = scenario(actor("blue", budget=6), actor("green"), actor("red"), rel("blue", "red", tension=50, channels=["hotline"]),
                  rel("green", "red", tension=40), '[[treaties]]\nid = "pact"\nname = "Pact"\nkind = "alliance"\n'
                  'members = ["blue", "green"]')
    orders = [O("blue", "joint_exercise", "green")]
    if notify_channel:
        orders.insert(0, O("blue", "notify_exercise", "red", channel=notify_channel))
    return cs, play(cs, [orders])


def test_an_exercise_is_seen_by_the_state_it_threatens() -> None:
    cs, g = _exercise("")
    ev = turn_events(g, 1)
    assert next(e for e in ev if e.kind == "order" and e.move == "joint_exercise").seen_by is None
    sd = by_rule(ev, "security_dilemma")
    assert sd and all(e.seen_by is None for e in sd)
    assert total(ev, "tension", "blue~red", rule="security_dilemma") == pytest.approx(5.0)


def test_a_notification_in_time_softens_it_a_late_one_does_not_and_the_ui_is_told() -> None:
    _cs, hot = _exercise("hotline")
    assert total(turn_events(hot, 1), "tension", "blue~red", rule="security_dilemma") == pytest.approx(1.0)
    cs, late = _exercise("military_attache")
    assert total(turn_events(late, 1), "tension", "blue~red", rule="security_dilemma") == pytest.approx(5.0)
    orders = [O("blue", "notify_exercise", "red", channel="military_attache"), O("blue", "joint_exercise", "green")]
    warn = timing_warnings(cs, 1, orders)
    assert len(warn) == 1 and "arrives on turn 2" in warn[0] and "too late" in warn[0]
    assert timing_warnings(cs, 1, [O("blue", "notify_exercise", "red", channel="hotline"), orders[1]]) == []


# 6 ------------------------------------------------------------------ stability

def test_quiet_pairs_do_not_dilute_a_climbing_crisis() -> None:
    # The instructor's case: a show of force on a hot pair, four quiet pairs with an IO.
    parts = [actor("blue"), actor("red"), actor("un", kind="io"), actor("ngo", kind="ngo"),
             rel("blue", "red", tension=70, trust=30), rel("un", "blue", tension=5, trust=80),
             rel("un", "red", tension=5, trust=80), rel("ngo", "blue", tension=5, trust=80),
             rel("ngo", "red", tension=5, trust=80), rel("un", "ngo", tension=0, trust=90)]
    cs = scenario(*parts, rules={"stability": 58, "rung": 3})
    g = play(cs, [[O("red", "show_of_force", "blue")]])
    assert g.state.rung == 4
    assert g.state.stability_hist[0] <= 58.0 + cs.rules.climb_stability_bound
    assert stability_label(cs, g.state.g[0], g.state.rung) != "stable"


def test_past_the_first_threshold_stability_is_never_stable() -> None:
    cs = scenario(actor("blue"), actor("red"), rel("blue", "red", tension=0, trust=100),
                  rules={"stability": 95, "rung": 5, "humanitarian": 100})
    g = play(cs, [[]])
    assert g.state.g[0] <= cs.rules.threshold_stability_cap
    assert stability_label(cs, 90.0, 4) == "strained" and stability_label(cs, 90.0, 3) == "stable"


def test_salience_defaults_from_treaties_rivalry_and_kind() -> None:
    cs = scenario(actor("blue"), actor("red"), actor("un", kind="io"), rel("blue", "red", tension=60),
                  '[[treaties]]\nid = "t"\nname = "T"\nkind = "agreement"\nmembers = ["blue", "un"]')
    by = dict(zip(cs.pair_names, cs.salience, strict=True))
    assert by == {"blue~red": 2.0, "blue~un": 2.0, "red~un": 0.5}


# 7 ------------------------------------------------------------------ six CBM mechanics

def _cbm(move: str, channel: str, turns: int = 1, **kw: object) -> tuple[CompiledScenario, Game]:
    """The measure sent on turn 1, in the first game (by seed) where it was read as meant."""
    cs = scenario(actor("blue", budget=6, **kw), actor("red", budget=6, readiness=70),
                  rel("blue", "red", trust=50, tension=30, channels=["secure_platform"]), rules={"misinformation": 0})
    for seed in range(20):
        g = play(cs, [[O("blue", move, "red", channel=channel)]] + [[]] * (turns - 1), seed=seed)
        if not by_rule(g.events(), "misperception"):
            return cs, g
    raise AssertionError("always misread")


def test_each_cbm_category_has_its_own_effect() -> None:
    base_fear, base_fid = 0.10, 0.03
    _cs, comm = _cbm("establish_hotline", "teleconference")
    assert comm.state.fid[0] == pytest.approx(2 * base_fid) and comm.state.fear[0] == pytest.approx(base_fear - 0.01)
    _cs, tr = _cbm("exchange_data", "secure_platform")
    assert tr.state.fid[0] == pytest.approx(base_fid) and tr.state.notified[(0, 1)] == 1
    _cs, obs = _cbm("invite_observers", "military_attache", turns=2)
    assert obs.state.fear[0] == pytest.approx(base_fear - 0.03), "observation: three times the fear reduction"
    _cs, con = _cbm("constraint_agreement", "summit", turns=3)
    assert con.state.fid[0] == 0.0 and con.state.constraint[0] == 2 + 3 - 1, "binds from arrival for 3 turns"
    assert con.state.am[1][1] <= 50.0, "red's readiness is held to the constraint's cap"
    _cs, dec = _cbm("joint_declaration", "public_statement", credibility=60)
    assert dec.state.fear[0] == pytest.approx(base_fear - 0.01 * 0.5 * (61 / 100), abs=2e-4)
    _cs, contacts = _cbm("military_contacts", "military_attache", turns=5)
    grown = [total(turn_events(contacts, t), "trust", "blue~red", rule="contacts") for t in (3, 4, 5)]
    assert grown == [pytest.approx(0.5)] * 3, "contacts: slow trust growth that lasts"


def test_a_constraint_broken_is_a_violation() -> None:
    cs, g = _cbm("constraint_agreement", "summit", turns=2)
    g.play([O("blue", "show_of_force", "red")])
    assert [e for e in turn_events(g, 3) if e.kind == "violation" and "constraint" in e.note]


def test_verification_needs_consent_and_exposes_a_concealed_move() -> None:
    covert = ('[[moves]]\nid = "hidden_deployment"\nname = "Hidden deployment"\ncategory = "military"\n'
              'cameo = "15"\ncovert = true\ntags = ["deniable"]')
    cs = scenario(actor("blue"), actor("red"), rel("blue", "red", trust=45, tension=40, channels=["hotline"]), covert)
    g = play(cs, [[O("red", "hidden_deployment", "blue")]])
    assert next(e for e in turn_events(g, 1) if e.kind == "order").seen_by == ("red", "blue")
    g.play([O("blue", "request_verification", "red", channel="hotline")])
    ev = turn_events(g, 2)
    found = [e for e in ev if e.rule == "exposed" and e.kind == "violation"]
    assert found and "concealed hidden deployment" in found[0].note
    assert total(ev, "credibility", "red", rule="exposed") == pytest.approx(-5.0)
    cold = scenario(actor("blue"), actor("red"), rel("blue", "red", trust=20, channels=["hotline"]))
    assert "does not consent" in legal(cold, Game.new(cold, 1), O("blue", "request_verification", "red",
                                                                     channel="hotline"))


# 8 ------------------------------------------------------------------ humanitarian principles

def _relief(donor_kind: str, need: float, party: bool) -> list:
    cs = scenario(actor("donor", kind=donor_kind), actor("host", need=need), actor("rival"),
                  rel("donor", "host", trust=50, tension=30), rel("donor", "rival", tension=60 if party else 10),
                  rel("host", "rival", tension=20))
    return turn_events(play(cs, [[O("donor", "disaster_relief", "host")]]), 1)


def test_relief_needs_the_hosts_consent() -> None:
    cs = scenario(actor("blue"), actor("red", need=80), rel("blue", "red", trust=30))
    assert "does not consent" in legal(cs, Game.new(cs, 1), O("blue", "disaster_relief", "red"))


def test_relief_from_a_party_or_to_a_host_without_need_is_read_politically() -> None:
    neutral = _relief("state", 80, party=False)
    party = _relief("state", 80, party=True)
    unneeded = _relief("state", 0, party=False)
    ngo = _relief("ngo", 80, party=True)
    full = total(neutral, "trust", "donor~host", rule="goldstein")
    assert full == pytest.approx(1.75) and by_rule(neutral, "humanitarian_principles")
    assert total(party, "trust", "donor~host", rule="goldstein") == pytest.approx(full * 0.5)
    assert by_rule(party, "political_aid") and by_rule(unneeded, "political_aid")
    assert total(ngo, "trust", "donor~host", rule="goldstein") == pytest.approx(full), "a neutral agency"


def test_bots_send_relief_where_the_need_is() -> None:
    cs = scenario(actor("blue", personality="dove", budget=6), actor("calm", need=0), actor("stricken", need=90),
                  rel("blue", "calm", trust=60, tension=60), rel("blue", "stricken", trust=60, tension=10),
                  rules={"humanitarian": 20})
    assert cs.need_order[0] == (2, 1)
    targets = [o.target for seed in range(40) for o in decide(cs, initial_state(cs), "blue", "dove", seed)
               if cs.moves[cs.move_index[o.move]].category == "humanitarian" and o.target]
    assert targets and set(targets) == {"stricken"}


def test_covert_and_cyber_moves_are_deniable_not_non_attributable() -> None:
    cs = scenario(actor("blue"), actor("red"))
    for mid in ("cyber_operation", "disinformation_campaign"):
        tags = cs.moves[cs.move_index[mid]].tags
        assert "deniable" in tags and "non_attribution" not in tags


# scores -------------------------------------------------------------------------

def test_two_teams_with_different_objective_progress_get_different_scores() -> None:
    objectives = """
[[actors.objectives]]
id = "calm"
text = "Tension below 20."
target = "tension(blue, red) < 20"
partial = "tension(blue, red) < 40"
"""
    red_line = """
[[actors.red_lines]]
id = "no_strike"
text = "No strike on us."
when = "used(limited_strike, red)"
"""
    cs = scenario(actor("blue") + objectives + red_line, actor("red") + objectives.replace("calm", "calm_r")
                  .replace("< 20", "< 10"), rel("blue", "red", tension=15))
    res = result(cs, initial_state(cs))
    blue, red = res.scores
    assert blue.grades == ("met",) and red.grades == ("partly",)
    assert blue.interest == 100.0 and red.interest == 50.0
    assert blue.score != red.score
    crossed = initial_state(cs)
    crossed.redlines[0] = 1  # blue's red line crossed on turn 1, nothing else changed
    hit = result(cs, crossed).scores[0]
    assert hit.red_lines == ("no_strike",)
    assert hit.interest == pytest.approx(blue.interest - cs.rules.red_line_cost)
    g = play(cs, [[O("red", "limited_strike", "blue")]])
    assert result(cs, g.state).scores[0].red_lines == ("no_strike",)
