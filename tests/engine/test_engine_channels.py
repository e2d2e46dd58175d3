"""Channels: latency, fidelity (misreading), visibility and audience costs, Track II, hotlines.

Each test is a lesson a cadet should be able to read off the numbers (docs/model.md § 4).
"""

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

TWO = (actor("blue"), actor("red"))


def test_latency_delays_delivery_by_the_channels_turns() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=60, channels=["military_attache"]))
    # Military attaché: latency 1. Teleconference: latency 0.
    slow = play(cs, [[O("blue", "consult", "red", channel="military_attache")], []], seed=3)
    t1, t2 = turn_events(slow, 1), turn_events(slow, 2)
    assert not changes(t1, "tension", rule="goldstein"), "nothing lands on the turn it is sent"
    assert [e.note for e in by_rule(t1, "latency")] == [
        "Consult from Blue is on its way by Military attaché (arrives turn 2)"
    ]
    delivered = [e for e in t2 if e.kind == "deliver"]
    assert len(delivered) == 1 and delivered[0].move == "consult"
    assert changes(t2, "tension", "blue~red", rule="goldstein"), "it takes effect when delivered"
    # the delivered effect descends from the order given a turn earlier
    order = next(e for e in t1 if e.kind == "order")
    assert delivered[0].parent == order.seq

    fast = play(cs, [[O("blue", "consult", "red", channel="teleconference")]], seed=3)
    assert changes(turn_events(fast, 1), "tension", "blue~red", rule="goldstein")


def _misreads(cs, orders, n):  # type: ignore[no-untyped-def]
    start = Game.new(cs, 0).state
    weakened = inverted = 0
    for seed in range(n):
        _s, ev = one_step(cs, start, orders, seed)
        for e in by_rule(ev, "misperception"):
            if e.factor > 0:
                weakened += 1
            else:
                inverted += 1
    return weakened / n, inverted / n


def test_fidelity_misreads_at_the_expected_rate() -> None:
    # Teleconference fidelity 0.80, misinformation 0: 20 % misread, half weakened, half inverted.
    cs = scenario(*TWO, rel("blue", "red"))
    w, i = _misreads(cs, [O("blue", "consult", "red", channel="teleconference")], 3000)
    assert w + i == pytest.approx(0.20, abs=0.03)
    assert w == pytest.approx(0.10, abs=0.025) and i == pytest.approx(0.10, abs=0.025)
    # Misinformation 100 lowers fidelity by 0.30: 50 % misread.
    polluted = scenario(*TWO, rel("blue", "red"), rules={"misinformation": 100})
    w, i = _misreads(polluted, [O("blue", "consult", "red", channel="teleconference")], 3000)
    assert w + i == pytest.approx(0.50, abs=0.04)


def test_a_misread_message_is_weakened_or_inverted() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=50))
    start = Game.new(cs, 0).state
    seen = {}
    for seed in range(200):
        _s, ev = one_step(cs, start, [O("blue", "consult", "red", channel="teleconference")], seed)
        mis = by_rule(ev, "misperception")
        key = "intended" if not mis else ("weakened" if mis[0].factor > 0 else "inverted")
        seen.setdefault(key, total(ev, "tension", "blue~red", rule="goldstein"))
    # consult: Goldstein +1.0, teleconference scale 0.8, de-escalation 0.5
    assert seen["intended"] == pytest.approx(-1.0 * 0.8 * 0.5)
    assert seen["weakened"] == pytest.approx(-1.0 * 0.5 * 0.8 * 0.5)
    assert seen["inverted"] == pytest.approx(+1.0 * 0.5 * 0.8), "taken as hostile: tension rises"


def test_public_moves_cost_at_home_and_are_seen_by_all_private_only_by_parties() -> None:
    cs = scenario(*TWO, actor("green"), rel("blue", "red", channels=["hotline"]), rules={"audience_cost": 10})
    pub = play(cs, [[O("blue", "issue_warning", "red", channel="public_statement")]], seed=2)
    ev = turn_events(pub, 1)
    order = next(e for e in ev if e.kind == "order")
    assert order.seen_by is None
    assert total(ev, "domestic_pressure", "blue", rule="audience_cost") == pytest.approx(-5.0)  # -0.5 x 10
    assert total(ev, "credibility", "blue", rule="audience_cost") == pytest.approx(2.0)  # +0.2 x 10
    assert any(e.kind == "order" for e in pub.visible_events("green"))

    priv = play(cs, [[O("blue", "issue_warning", "red", channel="hotline")]], seed=2)
    ev = turn_events(priv, 1)
    order = next(e for e in ev if e.kind == "order")
    assert order.seen_by == ("blue", "red")
    assert not by_rule(ev, "audience_cost")
    assert not [e for e in priv.visible_events("green") if e.move == "issue_warning" and e.kind != "change"]
    assert [e for e in priv.visible_events("red") if e.move == "issue_warning" and e.kind == "order"]

    # A conciliatory public move: hardliners object (+0.3 x audience cost).
    conc = play(cs, [[O("blue", "express_regret", "red", channel="public_statement")]], seed=2)
    assert total(turn_events(conc, 1), "domestic_pressure", "blue", rule="audience_cost") == pytest.approx(3.0)


def test_track_two_is_deniable_and_confidential() -> None:
    cs = scenario(*TWO, actor("green"), rel("blue", "red"))
    g = play(cs, [[O("blue", "disinformation_campaign", "red", channel="track_two"),
                   O("blue", "consult", "red", channel="track_two")]], seed=4)
    ev = turn_events(g, 1)
    assert not by_rule(ev, "audience_cost"), "no audience cost, no credibility at stake"
    assert all(e.seen_by == ("blue", "red") for e in ev if e.move in ("disinformation_campaign", "consult")
               and e.kind in ("order", "note", "roll"))
    assert not [e for e in g.visible_events("green") if e.actor == "blue" and e.kind == "order"]
    # Same move by public statement: public and attributable (pressure moves at home).
    pub = play(cs, [[O("blue", "disinformation_campaign", "red", channel="public_statement")]], seed=4)
    assert by_rule(turn_events(pub, 1), "audience_cost")


def test_deniable_beats_public_even_on_a_public_channel() -> None:
    leak = ('[[channels]]\nid = "leak"\nname = "Leak"\nvisibility = "public"\ndeniable = true\n'
            'fidelity = 0.9\n[[moves]]\nid = "hint"\nname = "Hint"\ncategory = "communication"\n'
            'channels = ["leak"]\ncameo = "138"\npublic_claim = "force"')
    cs = scenario(*TWO, rel("blue", "red"), leak)
    g = play(cs, [[O("blue", "hint", "red", channel="leak")], [], []], seed=1)
    order = next(e for e in g.events() if e.kind == "order")
    assert order.seen_by == ("blue", "red")
    assert not by_rule(g.events(), "audience_cost")
    assert not by_rule(g.events(), "signal_vs_deed"), "a deniable threat is not a public claim"


def test_hotline_must_be_established_first() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=60))
    g = Game.new(cs, 5)
    opt = next(o for o in g.options("blue") if o.move == "consult" and o.channel == "hotline")
    assert opt.reason == "no hotline is open with Red"
    ev = g.play([O("blue", "consult", "red", channel="hotline")])
    rej = [e for e in ev if e.kind == "reject"]
    assert rej and rej[0].note.endswith("no hotline is open with Red") and rej[0].seen_by == ("blue",)
    assert g.state.budget_left[0] == 3, "a rejected order costs nothing"
    # Establish it (teleconference, no latency); an inverted reading would not open it.
    for seed in range(20):
        g = Game.new(cs, seed)
        ev = g.play([O("blue", "establish_hotline", "red", channel="teleconference")])
        if by_rule(ev, "channel_opened"):
            break
    assert by_rule(ev, "channel_opened")
    assert all(o.reason == "" for o in g.options("blue") if o.move == "consult" and o.channel == "hotline")
    ev = g.play([O("blue", "consult", "red", channel="hotline")])
    assert not [e for e in ev if e.kind == "reject"]
    assert changes(ev, "tension", "blue~red", rule="goldstein")
    # Establishing it twice is refused.
    again = next(o for o in g.options("blue") if o.move == "establish_hotline" and o.target == "red")
    assert again.reason == "the hotline is already open"


def test_third_party_channel_needs_an_intermediary_trusted_by_both() -> None:
    parts = (*TWO, actor("forum", "io"), rel("blue", "red"))
    cs = scenario(*parts, rel("forum", "blue", trust=80), rel("forum", "red", trust=40))
    g = Game.new(cs, 1)
    opt = next(o for o in g.options("blue") if o.move == "consult" and o.channel == "third_party")
    assert opt.reason == "no intermediary trusted by both sides (needs trust 55)"
    ok = scenario(*parts, rel("forum", "blue", trust=80), rel("forum", "red", trust=60))
    opt = next(o for o in Game.new(ok, 1).options("blue") if o.move == "consult" and o.channel == "third_party")
    assert opt.reason == ""


def test_a_misread_threat_is_read_as_worse_never_as_a_kindness() -> None:
    cs = scenario(*TWO, rel("blue", "red", tension=50))
    start = Game.new(cs, 0).state
    factors = set()
    for seed in range(300):
        _s, ev = one_step(cs, start, [O("blue", "issue_warning", "red", channel="public_statement")], seed)
        factors.update(e.factor for e in by_rule(ev, "misperception"))
        assert total(ev, "tension", "blue~red", rule="goldstein") > 0
    assert factors == {0.5, 1.5}
