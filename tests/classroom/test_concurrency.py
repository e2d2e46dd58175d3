"""Three team processes and a facilitator share one session file concurrently.

Each team submits its orders for every turn from its own process, racing the others;
whichever submission completes a turn resolves it.  Afterwards the record must hold
every order exactly once, in the right turn, and replay to the recorded hashes.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
from pathlib import Path

import pytest

from game.classroom.session import Session, SessionError
from game.engine.rules import Order

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "strait_incident.toml"
TEAMS = {"alpha": "azuria", "bravo": "corvania", "charlie": "lindmark"}


def _team_worker(path: str, team: str, seed: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """Play every turn: wait for the turn to open, submit legal orders, record what was sent."""
    import time

    rng = random.Random(seed)
    s = Session.open(Path(path))
    actor = s.join(team)
    sent: list[tuple[int, list[dict[str, str]]]] = []
    last = 0
    for _ in range(20000):
        g = s.game()
        if g.over:
            break
        if g.turn == last:
            time.sleep(0.002)
            continue
        turn = g.turn
        budget = g.state.budget_left[s.cs.actor_index[actor]]
        orders: list[Order] = []
        opts = [o for o in g.legal(actor)]
        rng.shuffle(opts)
        for o in opts:
            if o.cost <= budget and not any(x.move == o.move for x in orders):
                orders.append(Order(actor, o.move, o.target, o.second, o.channel))
                budget -= o.cost
        try:
            s.submit(team, orders)
        except SessionError as exc:
            if "over" in str(exc):
                break
            raise
        sent.append((turn, [o.to_json() for o in orders]))
        last = turn
    out.put((team, json.dumps(sent)))
    s.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_teams_race_without_losing_or_duplicating_orders(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "class.sqlite"
    Session.create(path, SCENARIO, TEAMS, seed=seed).close()
    ctx = mp.get_context("fork")
    q: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [ctx.Process(target=_team_worker, args=(str(path), t, seed * 10 + i, q)) for i, t in enumerate(TEAMS)]
    for p in procs:
        p.start()
    results = dict(q.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    s = Session.open(path)
    g = s.game()
    assert g.over
    turns = s.store.turns()
    assert [t for t, _o, _h in turns] == list(range(1, len(turns) + 1))
    for team, actor in TEAMS.items():
        sent = json.loads(results[team])
        # every turn resolved holds exactly the orders the team sent for it (no loss, no duplicates)
        by_turn = {t: o for t, o in sent}
        for t, orders, _h in turns:
            recorded = [o for o in orders if o["actor"] == actor]
            assert recorded == by_turn.get(t, []), (team, t)
    # the record replays to the recorded hashes (Session.game() checks them)
    assert len(g.turns) == len(turns)


def test_orders_are_secret_until_resolution(tmp_path: Path) -> None:
    path = tmp_path / "secret.sqlite"
    s = Session.create(path, SCENARIO, TEAMS, seed=5)
    s.submit("alpha", [Order("azuria", "consult", "corvania", channel="military_attache")])
    # another team sees that alpha submitted, never what
    assert s.store.submitted(1) == {"azuria": "alpha"}
    assert s.store.own_orders(1, "corvania") is None
    # the consult is private: bravo sees it only once resolved and only because it is the target
    s.submit("bravo", [])
    s.submit("charlie", [])
    g = s.game()
    assert g.turn == 2
    lind = s.team_events("charlie")
    assert not any(e.move == "consult" and e.actor == "azuria" for e in lind)
    assert any(e.move == "consult" and e.actor == "azuria" for e in s.team_events("bravo"))
    assert not any(e.seen_by is not None for e in s.public_events())


def test_wrong_team_and_illegal_orders_are_refused(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "x.sqlite", SCENARIO, TEAMS, seed=5)
    with pytest.raises(SessionError, match="plays azuria"):
        s.submit("alpha", [Order("corvania", "consult", "azuria", channel="military_attache")])
    with pytest.raises(SessionError, match="hotline"):
        s.submit("alpha", [Order("azuria", "consult", "corvania", channel="hotline")])
    with pytest.raises(SessionError, match="no team"):
        s.submit("zulu", [])


def test_a_private_inject_released_by_the_facilitator_stays_private(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "inj.sqlite", SCENARIO, TEAMS, seed=5)
    s.intervene("adhoc_inject", "test the white cell", title="Secret cable", text="for Azuria only", to=["azuria"])
    s.intervene("release_inject", "early pressure", "Released early", inject="near_miss")  # azuria and lindmark
    public = s.public_events()
    assert not any("Secret cable" in e.note or "Released early" in e.note for e in public)
    assert any("Secret cable" in e.note for e in s.team_events("alpha"))
    assert not any("Secret cable" in e.note for e in s.team_events("bravo"))
    assert not any("Released early" in e.note for e in s.team_events("bravo"))
    assert any("Released early" in e.note for e in s.team_events("charlie"))
    # the white cell's rationale is in no event any seat could read
    assert not any("early pressure" in e.note or "test the white cell" in e.note for e in s.game().events())
