"""Properties over generated scenarios and random orders (hypothesis).

For 2-6 actors, random relations, random teaching-model parameters and random legal
(plus a few illegal) orders: nothing crashes, every metric stays in 0-100, budgets never
go negative, turns advance, the same inputs give the same hash (with and without event
recording, and in another process with another hash seed), and the events explain every
metric change: for every metric, the sum of the 'change' deltas equals the observed change.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from engine_gen import (
    ROOT,
    SCENARIOS,
    compile_path,
    compile_text,
    play_random,
    random_orders,
    scenario_text,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.compile import CompiledScenario
from game.engine.events import Event, chain
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.state import ACTOR_METRICS, GLOBAL_METRICS, State, state_hash

RULES = st.fixed_dictionaries(
    {},
    optional={
        "fear": st.floats(0, 1),
        "restraint": st.floats(0, 1),
        "grievance": st.floats(-10, 10),
        "goldstein_scale": st.floats(0, 5),
        "de_escalation": st.floats(0.05, 1),
        "audience_cost": st.floats(0, 50),
        "misinformation": st.integers(0, 100),
        "humanitarian": st.integers(0, 100),
        "cbm_fear_reduction": st.floats(0, 0.2),
        "cbm_misperception_reduction": st.floats(0, 0.5),
        "ripeness_tension": st.integers(0, 100),
        "mediator_trust": st.integers(0, 100),
        "max_rung": st.integers(8, 20),
    },
)


def snapshot(cs: CompiledScenario, s: State) -> dict[tuple[str, str], float]:
    """Every metric by (metric, scope), named as 'change' events name them."""
    out: dict[tuple[str, str], float] = {}
    for mi, m in enumerate(ACTOR_METRICS):
        for a in cs.actors:
            out[(m, a.id)] = s.am[mi][a.idx]
    for p, name in enumerate(cs.pair_names):
        out[("trust", name)] = s.trust[p]
        out[("tension", name)] = s.tension[p]
    for gi, m in enumerate(GLOBAL_METRICS):
        out[(m, "")] = s.g[gi]
    out[("rung", "")] = float(s.rung)
    return out


def check_explained(cs: CompiledScenario, before: State, after: State, events: list[Event]) -> None:
    b, a = snapshot(cs, before), snapshot(cs, after)
    explained = dict.fromkeys(b, 0.0)
    for e in events:
        if e.kind == "change":
            explained[(e.metric, e.scope)] += e.delta
    for key in b:
        assert explained[key] == pytest.approx(a[key] - b[key], abs=1e-9), key


def check_bounds(cs: CompiledScenario, s: State) -> None:
    for (metric, scope), v in snapshot(cs, s).items():
        if metric == "rung":
            assert 0 <= v <= cs.max_rung
        else:
            assert 0.0 <= v <= 100.0, (metric, scope, v)
    assert all(b >= 0 for b in s.budget_left)
    assert all(0 <= x <= 3 for x in s.stage)
    assert s.max_rung >= s.rung


def check_climb_bound(cs: CompiledScenario, s: State) -> None:
    """docs/model.md § 8.5: on a turn whose rung rose, stability rises by at most
    `climb_stability_bound`; at or past the first threshold it is never above the cap."""
    stab = [cs.rules.stability, *s.stability_hist]
    rung = [cs.rules.rung, *s.rung_hist]
    for t in range(1, len(stab)):
        if rung[t] > rung[t - 1]:
            assert stab[t] - stab[t - 1] <= cs.rules.climb_stability_bound + 1e-9, (t, stab, rung)
        if cs.first_threshold and rung[t] >= cs.first_threshold:
            assert stab[t] <= cs.rules.threshold_stability_cap + 1e-9


def check_no_private_parent(cs: CompiledScenario, events: list[Event]) -> None:
    """No event visible to an actor refers to an event that actor did not see."""
    everyone = frozenset(a.id for a in cs.actors)
    by_seq = {e.seq: e for e in events}
    for e in events:
        parent = by_seq.get(e.parent)
        if parent is None:
            continue
        sees = everyone if e.seen_by is None else frozenset(e.seen_by)
        saw = everyone if parent.seen_by is None else frozenset(parent.seen_by)
        assert sees <= saw, (e, parent)


def noisy_orders(cs: CompiledScenario, g: Game, rng: random.Random) -> list[Order]:
    orders = random_orders(cs, g, rng)
    if rng.random() < 0.3:  # an illegal or unknown order now and then
        a = rng.choice(cs.actors).id
        m = rng.choice([*cs.move_index, "no_such_move"])
        orders.insert(rng.randrange(len(orders) + 1), Order(a, m, rng.choice(["", *cs.actor_index]),
                                                            channel=rng.choice(["", *cs.channel_index])))
    return orders


def run_checked(cs: CompiledScenario, seed: int, order_seed: int) -> tuple[Game, list[list[Order]]]:
    rng = random.Random(order_seed)
    g = Game.new(cs, seed)
    plan: list[list[Order]] = []
    from game.engine.compile import initial_state

    check_explained(cs, initial_state(cs), g.state, g.opening)
    while not g.over:
        before = g.state
        turn = before.turn
        orders = noisy_orders(cs, g, rng)
        plan.append(orders)
        events = g.play(orders)
        after = g.state
        check_bounds(cs, after)
        check_explained(cs, before, after, events)
        assert after.turn == turn + 1 or after.over
        assert after.turn <= cs.turns
        # capital: what each actor's accepted orders cost never exceeds its budget
        spent: dict[str, float] = {}
        for e in events:
            if e.kind == "order":
                spent[e.actor] = spent.get(e.actor, 0.0) + e.value
        for a in cs.actors:
            assert spent.get(a.id, 0.0) <= a.budget
        # every event's parent is an earlier event of the game
        for e in events:
            assert e.parent < e.seq
        check_climb_bound(cs, after)
        check_no_private_parent(cs, g.events())
        assert state_hash(before) == g.turns[-2].state_hash if len(g.turns) > 1 else True
    return g, plan


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(2, 6), gen_seed=st.integers(0, 10**6), rules=RULES, seed=st.integers(0, 2**32),
       order_seed=st.integers(0, 10**6))
def test_generated_games_keep_every_invariant(n: int, gen_seed: int, rules: dict[str, float], seed: int,
                                              order_seed: int) -> None:
    cs = compile_text(scenario_text(n, gen_seed, rules))
    g, plan = run_checked(cs, seed, order_seed)
    assert g.over
    # same inputs, same hash; and the fast path (no events) reaches the same state
    again = Game.new(cs, seed)
    fast = Game.new(cs, seed)
    for orders in plan:
        again.play(orders)
        fast.play(orders, record=False)
        assert again.turns[-1].state_hash == g.turns[len(again.turns) - 1].state_hash
    assert again.hash() == g.hash() == fast.hash()
    assert [e.to_json() for e in again.events()] == [e.to_json() for e in g.events()]
    # the cause chain of any change leads back to a root
    for e in g.events()[-30:]:
        assert chain(g.events(), e.seq)[-1] == e


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenarios_keep_every_invariant(path: Path) -> None:
    cs = compile_path(str(path))
    for seed in range(3):
        run_checked(cs, seed, seed + 500)


def test_record_false_gives_the_same_hash_as_record_true() -> None:
    for path in SCENARIOS:
        cs = compile_path(str(path))
        for seed in range(2):
            g, plan = play_random(cs, seed, seed)
            fast = Game.new(cs, seed)
            for orders in plan:
                assert fast.play(orders, record=False) == []
            assert fast.hash() == g.hash()


_CHILD = """
import json, sys
sys.path.insert(0, {tests!r})
from engine_gen import compile_text, play_random
print(json.dumps([play_random(compile_text(text), 9, 99)[0].hash() for text in json.load(sys.stdin)]))
"""


@pytest.mark.slow
def test_same_hash_in_another_process_with_another_hash_seed() -> None:
    # texts, not paths: the child must see exactly the scenario the parent played
    texts = [p.read_text(encoding="utf-8") for p in SCENARIOS[:3]] + [scenario_text(5, 77)]
    here = [play_random(compile_text(t), 9, 99)[0].hash() for t in texts]
    code = _CHILD.format(tests=str(Path(__file__).parent))
    for hash_seed in ("12345",):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        res = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
                             env=env, cwd=ROOT, timeout=120, check=True)
        assert json.loads(res.stdout) == here
