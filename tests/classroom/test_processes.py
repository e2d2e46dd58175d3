"""Real processes: a seat killed mid-edit loses nothing, and two clocks close a turn once."""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from game.classroom.session import Credential, Session
from game.classroom.where import locate
from game.engine.rules import Order

from .conftest import SCENARIO, TWO

CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


def _seat_then_hang(path: Any, ready: mp.Queue) -> None:  # type: ignore[type-arg]
    """A team seat that queues an order by keys, says so, and is then killed (never returns)."""
    from game.tui.classroom.app import ClassroomApp

    from .test_classroom_tui import queue_order, settle

    async def main() -> None:
        s = Session.open(path)
        app = ClassroomApp(s, Credential("team", "alpha", s.join("alpha")), poll_seconds=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await queue_order(pilot, CONSULT)
            await settle(pilot)
            ready.put("queued")
            await asyncio.sleep(120)  # mid-edit: not submitted, not closed

    asyncio.run(main())


@pytest.mark.slow
def test_a_team_seat_killed_mid_edit_finds_its_draft_on_rejoining(session_path: Path) -> None:
    ctx = mp.get_context("fork")
    ready: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    p = ctx.Process(target=_seat_then_hang, args=(session_path, ready))
    p.start()
    try:
        assert ready.get(timeout=60) == "queued"
    finally:
        assert p.pid is not None
        os.kill(p.pid, signal.SIGKILL)
        p.join(timeout=10)
    assert p.exitcode == -signal.SIGKILL
    s = Session.open(session_path)
    assert s.store.own_orders(1, "azuria") is None  # never submitted
    assert s.draft("azuria") == [CONSULT]

    from game.tui.classroom.app import ClassroomApp
    from game.tui.widgets.orders_editor import OrdersEditor

    async def rejoin() -> list[Order]:
        app = ClassroomApp(s, Credential("team", "alpha", "azuria"), poll_seconds=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return list(app.screen.query_one(OrdersEditor).queue)

    assert asyncio.run(rejoin()) == [CONSULT]


def _watch_clock(path: Any, out: mp.Queue, budget: float) -> None:  # type: ignore[type-arg]
    s = Session.open(path)
    resolved = 0
    ticks = 0
    end = time.monotonic() + budget
    while time.monotonic() < end:
        if s.tick():
            resolved += 1
        ticks += 1
        if s.game().turn > 1:
            break
        time.sleep(0.005)
    out.put(json.dumps({"resolved": resolved, "ticks": ticks, "turn": s.game().turn}))
    s.close()


@pytest.mark.slow
def test_two_processes_ticking_one_clock_resolve_the_turn_once(tmp_path: Path) -> None:
    path = locate(tmp_path / "saves", "clock")
    s = Session.create(path, SCENARIO, TWO, seed=6, turn_seconds=1)
    s.submit("alpha", [CONSULT])  # bravo never submits: it holds when time runs out
    s.close()
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [ctx.Process(target=_watch_clock, args=(path, out, 30.0)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [json.loads(out.get(timeout=60)) for _ in procs]
    for p in procs:
        p.join(timeout=10)
        assert p.exitcode == 0
    assert sum(r["resolved"] for r in results) == 1, results
    assert all(r["ticks"] > 1 for r in results), results  # both were really watching
    s = Session.open(path)
    assert [t for t, _o, _h in s.store.turns()] == [1]
    assert s.closing(1) == ("clock", ["corvania"])
    assert s.game().turn == 2
    assert [o for o in s.store.turns()[0][1] if o["actor"] == "azuria"] == [CONSULT.to_json()]
