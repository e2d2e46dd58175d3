"""Nothing leaks, by construction: every seat's events come from one visibility function.

Checked for every event kind on played games (shipped scenarios and generated ones,
random orders, every kind of override with a rationale that must never be seen), then
on every screen a team or the projector has.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.classroom.session import Credential, Session
from game.classroom.visibility import condition_audience, for_scenario, seat_events
from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.interventions import Intervention
from tests.engine.engine_gen import (
    SCENARIOS,
    compile_path,
    compile_text,
    random_orders,
    scenario_text,
)

from .conftest import SCENARIO, TWO

SECRET = "RATIONALE-7Q"  # the white cell's words: never in anything a team or the projector sees


def seats(cs: CompiledScenario) -> list[Credential]:
    return [Credential("team", a.id, a.id) for a in cs.actors] + [Credential("projector")]


def with_overrides(cs: CompiledScenario, g: Game, rng: random.Random) -> None:
    """Every kind of override the white cell has, each with a rationale."""
    ids = [a.id for a in cs.actors]
    a, b = rng.sample(ids, 2)
    plan = [
        ("set_metric", {"metric": "tension", "scope": f"{a}~{b}", "value": rng.randint(10, 90)}),
        ("adhoc_inject", {"title": "Cable", "text": "for one actor", "to": [a]}),
        ("adhoc_inject", {"title": "Bulletin", "note": "Everyone hears this"}),
        ("set_metric", {"metric": "stability", "value": 50}),
    ]
    if cs.injects:
        plan.append(("release_inject", {"inject": rng.choice(cs.injects).id, "note": "Released early"}))
    if g.turns:
        changed = [e for e in g.events() if e.kind == "order" and e.turn == g.turns[-1].turn]
        if changed:
            plan.append(("cancel_event", {"event": changed[0].seq}))
    kind, payload = rng.choice(plan)
    try:
        g.apply_intervention(Intervention(g.clock, kind, f"{SECRET} {kind}", payload))
    except Exception:  # an override that cannot apply here (nothing to cancel...) is simply not made
        pass


def play(cs: CompiledScenario, seed: int) -> Game:
    rng = random.Random(seed)
    g = Game.new(cs, seed)
    while not g.over:
        if rng.random() < 0.6:
            with_overrides(cs, g, rng)
        if g.over:
            break
        g.play(random_orders(cs, g, rng))
    return g


def check_game(g: Game) -> set[str]:
    vis = for_scenario(g.cs)
    aud = vis.audience_of(g)
    by_seq = {e.seq: e for e in g.events()}
    kinds = set()
    for seat in seats(g.cs):
        visible = seat_events(g, seat)
        seen = {e.seq for e in visible}
        for e in visible:
            kinds.add(e.kind)
            assert SECRET not in e.note, (seat, e)
            a = aud[e.seq]
            assert a is None or (seat.role == "team" and seat.actor in a), (seat, e)
            parent = by_seq.get(e.parent)
            if parent is not None and parent.kind != "roll":  # a consequence never reveals its cause
                assert parent.seq in seen, (seat, e, parent)
        if seat.role == "projector":
            assert all(aud[e.seq] is None for e in visible)
    facilitator = seat_events(g, Credential("facilitator"))
    assert len(facilitator) == len(g.events())
    return kinds


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_seat_sees_a_rationale_or_an_event_outside_its_audience(path: Path) -> None:
    cs = compile_path(str(path))
    kinds: set[str] = set()
    for seed in (1, 2, 3):
        kinds |= check_game(play(cs, seed))
    assert {"order", "change", "inject", "note", "ending"} <= kinds


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 6), seed=st.integers(0, 10_000))
def test_generated_games_never_leak(n: int, seed: int) -> None:
    cs = compile_text(scenario_text(n, seed, turns=5))
    check_game(play(cs, seed))


def test_every_event_kind_is_covered_somewhere() -> None:
    kinds: set[str] = set()
    for path in SCENARIOS:
        cs = compile_path(str(path))
        for seed in (1, 2, 3, 4):
            kinds |= {e.kind for e in play(cs, seed).events()}
    assert {"order", "reject", "deliver", "roll", "change", "inject", "mediation", "threshold", "debrief",
            "ending", "note"} <= kinds, kinds


def test_a_learning_point_about_a_private_channel_is_not_public() -> None:
    cs = compile_path(str(SCENARIO))
    assert condition_audience(cs, "channel_open(hotline, azuria, corvania) and turn <= 3") == ("azuria", "corvania")
    assert condition_audience(cs, "stability < 40 and rung >= 5") is None
    assert condition_audience(cs, "fired(doctored_video) and misinformation >= 40") is None  # a public inject
    assert condition_audience(cs, "used(search_and_rescue)") == ()  # anyone's private move: white cell only
    vis = for_scenario(cs)
    assert vis.points["hotline_early"] == ("azuria", "corvania")


def test_the_hotline_learning_point_stays_off_the_projector(tmp_path: Path) -> None:
    from game.engine.rules import Order

    s = Session.create(tmp_path / "h.sqlite", SCENARIO, {**TWO, "charlie": "lindmark"}, seed=3)
    s.submit("alpha", [Order("azuria", "establish_hotline", "corvania", channel="teleconference")])
    s.submit("bravo", [])
    s.submit("charlie", [])
    g = s.game()
    point = [e for e in g.events() if e.kind == "debrief" and e.move == "hotline_early"]
    assert point, "seed 3 opens the hotline on turn 1"
    assert point[0] not in s.public_events() and point[0] not in s.team_events("charlie")
    assert point[0] in s.team_events("alpha") and point[0] in s.team_events("bravo")
