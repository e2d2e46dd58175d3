"""Who learns what (fog of war in the log), every draw recorded, and the fast paths.

- A private move that climbs the ladder: everyone sees the ladder move, nobody but the
  parties learns which move, by whom, through which channel (docs/model.md § 4).
- A chance-triggered inject draws every turn it may fire; the draw is a 'roll' event
  that no player sees, fired or not (docs/model.md § 8.7).
- `step(copy=False)` and `Game.play(record=False)` resolve in place and reach exactly the
  state (hash) of the pure, recording path; `step` by default leaves its input alone.
- Use counts live in flat lists; the expressions that read them still count right.
"""

from __future__ import annotations

import random

import pytest
from engine_gen import compile_text, play_random, scenario_text
from engine_helpers import O, actor, play, rel, scenario, turn_events

from game.engine.game import Game
from game.engine.rules import step
from game.engine.state import state_hash

THREE = (actor("blue"), actor("red"), actor("green"))


def test_a_private_escalation_moves_the_public_ladder_without_naming_its_cause() -> None:
    cs = scenario(*THREE, rel("blue", "red", channels=["hotline"]))
    g = play(cs, [[O("blue", "issue_warning", "red", channel="hotline")]], seed=2)
    ev = turn_events(g, 1)
    rung = [e for e in ev if e.kind == "change" and e.metric == "rung" and e.rule == "escalation"]
    assert len(rung) == 1 and rung[0].delta == 1.0
    pub = rung[0]
    assert pub.seen_by is None, "the ladder is public"
    assert (pub.move, pub.actor, pub.target, pub.channel, pub.inject) == ("", "", "", "", "")
    assert "warning" not in pub.note.lower() and "blue" not in pub.note.lower()
    # Green sees that the crisis escalated, and nothing that names the private move.
    green = g.visible_events("green")
    assert pub in green
    assert not [e for e in green if e.move == "issue_warning" or e.actor == "blue" or e.channel == "hotline"]
    # A public event never points at a private one: the link to the order is cut
    # (the parties saw the order itself; docs/model.md § 4).
    assert pub.parent == -1


def test_a_public_escalation_still_names_its_cause() -> None:
    cs = scenario(*THREE, rel("blue", "red"))
    g = play(cs, [[O("blue", "issue_warning", "red", channel="public_statement")]], seed=2)
    pub = next(e for e in turn_events(g, 1) if e.kind == "change" and e.metric == "rung")
    assert pub.seen_by is None and (pub.move, pub.actor, pub.channel) == ("issue_warning", "blue", "public_statement")


def test_every_chance_inject_draw_is_a_roll_no_player_sees() -> None:
    rumour = ('[[injects]]\nid = "rumour"\ntitle = "Rumour"\ntext = "a rumour"\ntrigger = { chance = 0.5 }\n'
              'once = false\neffects = [{ metric = "misinformation", delta = 3 }]')
    cs = scenario(*THREE, rel("blue", "red"), rumour, turns=12)
    g = play(cs, [[] for _ in range(11)], seed=7)
    events = g.events()
    rolls = [e for e in events if e.kind == "roll" and e.inject == "rumour"]
    fired = [e for e in events if e.kind == "inject" and e.inject == "rumour"]
    assert len(rolls) == 12, "one draw per briefing, turns 1-12"
    assert all(e.seen_by == () for e in rolls)
    assert 0 < len(fired) < len(rolls), "seed 7 gives some of each"
    rolled = {(e.turn, e.roll) for e in rolls}
    for f in fired:  # the inject carries its roll's value, but no link to the white cell's dice
        assert f.parent == -1 and (f.turn, f.roll) in rolled and f.roll < 0.5
    assert sum(1 for e in rolls if e.roll < 0.5) == len(fired)
    for who in ("blue", "red", "green"):
        assert not [e for e in g.visible_events(who) if e.kind == "roll" and e.inject == "rumour"]


@pytest.mark.parametrize("n", [2, 6, 12])
def test_in_place_and_pure_paths_reach_the_same_state(n: int) -> None:
    cs = compile_text(scenario_text(n, 300 + n))
    ref, plan = play_random(cs, 5, 50)
    start = Game.new(cs, 5)
    before = state_hash(start.state)
    # pure step, without events: the input state is left alone
    rng = random.Random()
    rng.setstate(start.rng.getstate())
    s = start.state
    for orders in plan:
        s, ev = step(cs, s, orders, rng, record=False)
        assert ev == []
    assert state_hash(start.state) == before
    assert state_hash(s) == ref.hash()
    # in place, recording or not
    for record in (True, False):
        g = Game.new(cs, 5)
        rng = random.Random()
        rng.setstate(g.rng.getstate())
        st = g.state
        for orders in plan:
            out, _ev = step(cs, st, orders, rng, record=record, copy=False)
            assert out is st
        assert state_hash(st) == ref.hash()
    # Game.play(record=False) advances its own state object
    g = Game.new(cs, 5)
    first = g.state
    for orders in plan:
        g.play(orders, record=False)
    assert g.state is first and g.hash() == ref.hash()


def test_use_counts_feed_the_expressions() -> None:
    debriefs = "\n".join(
        f'[[debrief]]\nid = "{did}"\ntitle = "{did}"\ntext = "{did}"\nwhen = "{when}"'
        for did, when in [
            ("used_by", "used(consult, blue)"),
            ("counted", "count(consult, blue) >= 2"),
            ("counted_all", "count(consult) >= 3"),
            ("by_category", "category(communication, red) >= 1"),
            ("tagged_all", "tagged(mutual_respect) >= 3"),
            ("used_on_red", "used_on(consult, blue, red)"),
            ("never", "category(military) >= 1 or tagged(coercion, blue) >= 1"),
        ]
    )
    cs = scenario(*THREE, rel("blue", "red"), rel("blue", "green"), rel("red", "green"), debriefs)
    g = play(cs, [
        [O("blue", "consult", "green", channel="teleconference")],
        [O("blue", "consult", "red", channel="teleconference"), O("red", "consult", "green", channel="teleconference")],
    ], seed=3)
    fired = {cs.debriefs[i].id: t for i, t in enumerate(g.state.debriefs) if t}
    assert fired == {"used_by": 1, "counted": 2, "counted_all": 2, "by_category": 2, "tagged_all": 2,
                     "used_on_red": 2}
