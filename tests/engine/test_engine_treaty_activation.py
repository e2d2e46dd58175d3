"""A treaty declared inactive comes into force only when the move that brings it succeeds;
a mediation move's flags likewise wait for its success (a failed signing signs nothing)."""

from __future__ import annotations

from engine_helpers import O, actor, rel, scenario

from game.engine.game import Game

TREATY = """
[[treaties]]
id = "accord"
name = "Strait Accord"
kind = "agreement"
members = ["blue", "red"]
active = false

[[moves]]
id = "sign_accord"
name = "Broker the accord"
category = "mediation"
target = "pair"
actor_kinds = ["io"]
cameo = "045"
mediation = "talks"
activates = "accord"
tags = ["consensus_building"]
flags = [{ flag = "accord_signed" }]

[[endings]]
id = "signed"
title = "Signed"
when = "flag(accord_signed) and treaty_active(accord)"
text = "Signed."
"""


def _cs():  # type: ignore[no-untyped-def]
    return scenario(
        actor("blue"), actor("red"), actor("forum", kind="io"),
        rel("blue", "red", trust=20, tension=50), rel("forum", "blue", trust=90), rel("forum", "red", trust=90),
        TREATY,
    )


def test_treaty_and_flag_follow_mediation_success() -> None:
    cs = _cs()
    seen_fail = seen_success = False
    for seed in range(40):
        g = Game.new(cs, seed)
        g.play([O("forum", "sign_accord", "blue", "red")])
        ti = cs.treaties[0].idx
        fi = cs.flags.index("accord_signed")
        reached = g.state.stage[cs.pair[cs.actor_index["blue"]][cs.actor_index["red"]]] >= 1
        assert g.state.treaty_active[ti] == reached
        assert g.state.flags[fi] == reached
        if reached:
            seen_success = True
            assert any(e.rule == "treaty" and "Strait Accord comes into force" in e.note for e in g.events())
        else:
            seen_fail = True
            assert not any(e.rule == "treaty" for e in g.events())
    assert seen_fail and seen_success


def test_record_false_gives_the_same_state() -> None:
    cs = _cs()
    for seed in range(10):
        a, b = Game.new(cs, seed), Game.new(cs, seed)
        a.play([O("forum", "sign_accord", "blue", "red")])
        b.play([O("forum", "sign_accord", "blue", "red")], record=False)
        assert a.state.canonical() == b.state.canonical()
