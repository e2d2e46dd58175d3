"""Facilitator interventions are part of the record and replay exactly, wherever they fall."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.compile import compile_scenario
from game.engine.game import Game, replay
from game.engine.interventions import InterventionError
from game.engine.rules import Order
from game.scenario.loader import load_file

SCENARIO = Path(__file__).resolve().parent / "fixtures" / "strait_golden.toml"


@pytest.fixture(scope="module")
def cs():  # type: ignore[no-untyped-def]
    res = load_file(SCENARIO)
    assert res.resolved is not None
    return compile_scenario(res.resolved)


def _orders(turn: int) -> list[Order]:
    return [Order("azuria", "consult", "corvania", channel="military_attache")] if turn % 2 else []


def test_set_metric_mid_game_replays(cs) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(cs, 11)
    g.play(_orders(1))
    ev = g.intervene("set_metric", "press leak", metric="tension", scope="azuria~corvania", value=80,
                     note="Tension reported higher")
    assert any(e.kind == "change" and e.value == 80.0 and e.note == "Tension reported higher" for e in ev)
    assert not any("press leak" in e.note for e in ev)  # the rationale stays in the record
    while not g.over:
        g.play(_orders(g.turn))
    again = replay(cs, 11, [t.orders for t in g.turns], g.interventions)
    assert again.hash() == g.hash()


def test_extend_after_the_end_replays_after_the_last_turn(cs) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(cs, 12)
    while not g.over:
        g.play(_orders(g.turn))
    last = g.turn
    g.intervene("extend", "the talks deserve more time", turns=2)
    assert g.interventions[-1].turn == last + 1
    assert not g.over and g.turn == last + 1
    while not g.over:
        g.play(_orders(g.turn))
    assert len(g.turns) == cs.turns + 2
    again = replay(cs, 12, [t.orders for t in g.turns], g.interventions)
    assert [t.state_hash for t in again.turns] == [t.state_hash for t in g.turns]
    assert again.hash() == g.hash()


def test_overrides_need_a_reason_and_a_known_target(cs) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(cs, 1)
    with pytest.raises(InterventionError, match="reason"):
        g.intervene("set_metric", "  ", metric="tension", scope="azuria~corvania", value=1)
    with pytest.raises(InterventionError, match="unknown metric"):
        g.intervene("set_metric", "x", metric="mood", value=1)
    with pytest.raises(InterventionError, match="not a pair"):
        g.intervene("set_metric", "x", metric="trust", scope="azuria", value=1)
    assert g.interventions == []


def test_cancel_event_reverts_a_moves_changes(cs) -> None:  # type: ignore[no-untyped-def]
    g = Game.new(cs, 3)
    g.play([Order("azuria", "show_of_force", "corvania")])
    order = next(e for e in g.turns[-1].events if e.kind == "order" and e.move == "show_of_force")
    before_rung = g.state.rung
    g.intervene("cancel_event", "the umpire rules the deployment never happened", event=order.seq)
    assert g.state.rung < before_rung
    again = replay(cs, 3, [t.orders for t in g.turns], g.interventions)
    assert again.hash() == g.hash()
