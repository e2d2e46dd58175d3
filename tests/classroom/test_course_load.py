"""A course under load on one real PostgreSQL, through two real `detente class serve` processes.

The load test: 50 sessions × 8 simulated teams × 10 turns, the teams split between two
servers.  Nothing may be lost or counted twice: every order a server said was in is in
the record of its turn, exactly once, and nothing else is; every session's final state
hash equals an offline replay of its record.  The fault test: a server is killed
(SIGKILL) mid-turn; its teams carry on through the other, which also takes the turn
clocks' lease over when it lapses.  Loopback only, bounded in time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from game.classroom import course
from game.classroom.pgstore import init_database
from game.classroom.session import Session
from game.classroom.where import locate
from game.engine.compile import compile_scenario
from game.engine.game import replay
from game.engine.interventions import Intervention
from game.engine.rules import Order
from game.scenario.loader import load_text

from .conftest import ROOT, save_dir
from .server_helpers import free_port, start_server, wait_ready

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "engine"))
import course_load  # noqa: E402
import engine_gen  # noqa: E402

pytestmark = [pytest.mark.sqlite_only,  # one run: each test makes its own PostgreSQL database
              pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")]

TEAMS = {f"t{i}": f"a{i}" for i in range(8)}


def pg_course(pg: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, sessions: int,
              clock: int = 0) -> course.CreatedCourse:
    url = pg.create_database(f"{name}_{os.getpid()}")
    init_database(url)
    monkeypatch.setenv("DETENTE_STORE", url)
    scenario = tmp_path / "eight.toml"
    scenario.write_text(engine_gen.scenario_text(8, 16, rules={"rung": 0}, turns=10))
    return course.create(save_dir(), name, scenario, TEAMS, sessions, seed=11, turn_seconds=clock)


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def check_records(made: course.CreatedCourse, result: course_load.LoadResult, absent: set[str] = frozenset()) -> int:
    """Every accepted order in its turn's record once, nothing else; final hash = offline replay."""
    turns_seen = 0
    for name, _codes in made.sessions:
        s = Session.open(locate(save_dir(), name))
        try:
            record = s.store.turns()
            ivs = [Intervention.from_json(d) for d in s.store.interventions()]
            scenario_text = s.scenario_text
            seed = s.seed
            actor_team = {t["actor"]: t["name"] for t in s.store.teams()}
        finally:
            s.close()
        assert [t for t, _o, _h in record] == list(range(1, len(record) + 1)), name
        for turn, orders, _h in record:
            turns_seen += 1
            for team, actor in TEAMS.items():
                mine = [{k: v for k, v in o.items() if k != "actor"} for o in orders if o["actor"] == actor]
                want = result.accepted.get((name, turn, team))
                if want is None:  # never said to be in (absent, or its turn closed first): it held
                    assert mine == [], (name, turn, team)
                    continue
                assert team not in absent
                assert mine == want, (name, turn, team)
            assert {o["actor"] for o in orders} <= set(actor_team)
        # the offline replay: a fresh compile of the stored scenario text, the recorded orders
        res = load_text(scenario_text, "<record>")
        assert res.ok and res.resolved is not None
        g = replay(compile_scenario(res.resolved), seed, [[Order(**o) for o in t[1]] for t in record], ivs)
        assert [r.state_hash for r in g.turns] == [h for _t, _o, h in record], name
        assert len(record) == 10 or g.over, f"{name} stopped at turn {len(record)}"
    return turns_seen


@pytest.mark.slow
def test_fifty_sessions_of_eight_teams_through_two_servers_lose_nothing(
        pg_cluster: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    made = pg_course(pg_cluster, monkeypatch, tmp_path, "load", 50)
    ports = [free_port(), free_port()]
    procs = [start_server(save_dir(), ["--course", "load"], made.course_code, p) for p in ports]
    try:
        for p in procs:
            wait_ready(p, 60)
        servers = [f"http://127.0.0.1:{p}/" for p in ports]
        result = asyncio.run(course_load.drive(servers, made.sessions, TEAMS, 10))
    finally:
        for p in procs:
            stop(p)
    assert result.errors == []
    turns = check_records(made, result)
    assert len(result.accepted) == 8 * turns == result.submits - result.already
    assert turns == 500


@pytest.mark.slow
def test_a_server_killed_mid_turn_loses_nothing_and_the_other_keeps_the_clock(
        pg_cluster: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # One team of each section never plays: every turn closes by the 2-second clock, so
    # the clock must keep running after its owner is killed.
    made = pg_course(pg_cluster, monkeypatch, tmp_path, "fault", 4, clock=2)
    playing = [(n, {**c, "teams": {t: code for t, code in c["teams"].items() if t != "t7"}}) for n, c in made.sessions]
    ports = [free_port(), free_port()]
    first = start_server(save_dir(), ["--course", "fault"], made.course_code, ports[0])
    wait_ready(first)
    time.sleep(1.5)  # the first server claims every clock's lease
    second = start_server(save_dir(), ["--course", "fault"], made.course_code, ports[1])
    wait_ready(second)
    kills: list[int] = []

    def after_submit() -> None:
        count[0] += 1
        if count[0] == 4 * 7 * 3 + 9 and not kills:  # turn 4 under way in every section
            first.send_signal(signal.SIGKILL)
            kills.append(count[0])

    count = [0]
    try:
        servers = [f"http://127.0.0.1:{p}/" for p in ports]
        result = asyncio.run(course_load.drive(servers, playing, TEAMS, 10, after_submit=after_submit))
    finally:
        stop(second)
        stop(first)
    assert kills and first.returncode == -signal.SIGKILL
    assert result.errors == []
    assert result.retried > 0  # the first server's teams did move over
    assert check_records(made, result, absent={"t7"}) >= 30
    for name, _c in made.sessions:
        s = Session.open(locate(save_dir(), name))
        closings = s.store.closings()
        s.close()
        assert closings and all(c[0] == "clock" and "a7" in c[1] for c in closings.values()), name
