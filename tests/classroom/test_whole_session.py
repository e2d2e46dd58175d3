"""A whole exercise: a facilitator process and three team processes on one session file.

The teams submit every turn concurrently while the facilitator pauses, resumes and
overrides (a metric, a private ad-hoc inject, an authored inject) from its own process.
On the turns of its plan the teams wait (bounded) until the facilitator has seen the
turn, so a fast machine cannot close every turn before the facilitator looks.
Afterwards: every order is recorded exactly once in the turn it was sent for, every
override exactly once with its reason, the record replays to the stored hashes, and no
team can see another team's private orders or the private inject.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import time
from pathlib import Path
from typing import Any

import pytest

from game.classroom.session import Session, SessionError
from game.classroom.where import locate
from game.engine.rules import Order

from .conftest import SCENARIO

TEAMS = {"alpha": "azuria", "bravo": "corvania", "charlie": "lindmark"}
#: The facilitator's steps, one on each new turn it sees from turn 2 on: (kind, reason, payload).
#: Each is done while the exercise is paused, so the teams cannot close the turn under it.
PLAN: list[tuple[str, str, dict[str, object]]] = [
    ("set_metric", "calibrate the crisis", {"metric": "stability", "value": 50}),
    ("adhoc_inject", "pressure Azuria", {"title": "Cable for Azuria only", "to": ["azuria"]}),
    ("pause", "", {}),
    ("release_inject", "test misinformation handling", {"inject": "doctored_video"}),
]


def _team(path: Any, marks: str, team: str, seed: int, out: mp.Queue) -> None:
    rng = random.Random(seed)
    s = Session.open(path)
    actor = s.join(team)
    sent: dict[int, list[dict[str, str]]] = {}
    retries = 0
    for _ in range(50000):
        g = s.game()
        if g.over:
            break
        turn = g.turn
        if turn in sent:
            time.sleep(0.002)
            continue
        if 2 <= turn < 2 + len(PLAN):  # let the facilitator see this turn before the teams close it
            mark = Path(marks) / str(turn)
            for _ in range(5000):  # bounded: 10 s
                if mark.exists():
                    break
                time.sleep(0.002)
        budget = g.state.budget_left[s.cs.actor_index[actor]]
        orders: list[Order] = []
        opts = list(g.legal(actor))
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
            retries += 1  # paused, or an override made an order illegal: look again
            time.sleep(0.005)
            continue
        sent[turn] = [o.to_json() for o in orders]
    out.put(("team", team, json.dumps({"sent": sent, "retries": retries})))
    s.close()


def _facilitator(path: Any, marks: str, out: mp.Queue) -> None:
    s = Session.open(path)
    steps = list(PLAN)
    seen = 1
    done: list[tuple[int, str]] = []
    for _ in range(50000):
        g = s.game()
        if g.over or not steps:
            break
        if g.turn > seen:
            seen = g.turn
            s.set_status("paused")
            if s.game().over:  # the teams closed the last turn between our look and the pause
                break
            kind, reason, payload = steps.pop(0)
            if kind == "pause":
                time.sleep(0.05)  # the teams keep trying and are refused
            else:
                s.intervene(kind, reason, **payload)
            turn = s.game().turn
            s.set_status("running")
            done.append((turn, kind))
            Path(marks).mkdir(exist_ok=True)
            (Path(marks) / str(turn)).touch()  # the teams may close this turn now
        time.sleep(0.001)
    out.put(("facilitator", "", json.dumps({"done": done})))
    s.close()


@pytest.mark.parametrize("seed", [11, 12])
def test_whole_session_with_a_facilitator_and_three_team_processes(tmp_path: Path, seed: int) -> None:
    path = locate(tmp_path / "saves", "klass")
    marks = str(tmp_path / "steps")
    Session.create(path, SCENARIO, TEAMS, seed=seed).close()
    ctx = mp.get_context("fork")
    q: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=_team, args=(path, marks, t, seed * 10 + i, q)) for i, t in enumerate(TEAMS)]
    procs.append(ctx.Process(target=_facilitator, args=(path, marks, q)))
    for p in procs:
        p.start()
    results = {(role, team): json.loads(js) for role, team, js in (q.get(timeout=120) for _ in procs)}
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0

    s = Session.open(path)
    g = s.game()  # replays the record and checks every stored state hash
    assert g.over
    turns = s.store.turns()
    assert [t for t, _o, _h in turns] == list(range(1, len(turns) + 1))
    # every order exactly once, in the turn it was sent for
    for team, actor in TEAMS.items():
        sent = {int(k): v for k, v in results[("team", team)]["sent"].items()}
        for t, orders, _h in turns:
            assert [o for o in orders if o["actor"] == actor] == sent.get(t, []), (team, t)
        assert set(sent) == {t for t, _o, _h in turns}
    # every override exactly once, with its reason, on the turn the facilitator saw
    done = [tuple(d) for d in results[("facilitator", "")]["done"]]
    assert [k for _t, k in done] == [k for k, _r, _p in PLAN][: len(done)]
    assert len(done) >= 3, done  # eight turns leave room for the plan
    ivs = s.store.interventions()
    assert [(iv["turn"], iv["kind"], iv["reason"]) for iv in ivs] == [
        (t, k, next(r for kk, r, _p in PLAN if kk == k)) for t, k in done if k != "pause"
    ]
    # secrecy: private orders and the private inject reach only their audience
    events = g.events()
    for team, actor in TEAMS.items():
        seen = {e.seq for e in s.team_events(team)}
        for e in events:
            if e.seen_by is not None and actor not in e.seen_by:
                assert e.seq not in seen, (team, e)
    cable = [e for e in events if e.kind == "inject" and e.inject == "adhoc"]
    for e in cable:
        assert e.seen_by == ("azuria",)
        assert e not in s.public_events()
        assert e not in s.team_events("bravo") and e not in s.team_events("charlie")
        assert e in s.team_events("alpha")
    assert all(e.seen_by is None for e in s.public_events())
