"""Simulated teams for a course: every team of every session plays through the JSON API.

Used by the load and fault tests (tests/classroom/test_course_load.py) and by
benchmarks/bench_course.py.  Each team logs in with its seat code at one of the servers,
then for every turn chooses orders (seeded per session, team and turn, so a rerun makes
the same choices), submits them naming the turn, and waits for the next turn with a
long poll.  A request that cannot reach its server goes to the next server with the
same body: the API's turn check makes that retry safe (an order that got in is said to
be in, never filed twice).  Optionally a facilitator's board per session, on another
server than the team's, long-polls for changes: the time from a team's submit to its
"in" on that board is the latency the benchmark reports.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

CHANNELS = ("public_statement", "hotline", "military_attache", "teleconference")


@dataclass
class LoadResult:
    accepted: dict[tuple[str, int, str], list[dict[str, str]]] = field(default_factory=dict)  # (session, turn, team)
    submits: int = 0
    refused: int = 0  # orders the rules refused (the team then held)
    retried: int = 0  # requests that went to another server
    already: int = 0  # retries the API recognised as already in
    latencies: list[float] = field(default_factory=list)  # submit -> "in" on the facilitator's board (s)
    resolved_at: list[float] = field(default_factory=list)
    seconds: float = 0.0
    logged_in: list[float] = field(default_factory=list)  # when each team had its token
    t0: float = 0.0
    errors: list[str] = field(default_factory=list)


class Client:
    """HTTP with fail-over: the servers in order, starting from this client's own."""

    def __init__(self, http: aiohttp.ClientSession, servers: list[str], first: int, result: LoadResult,
                 attempts: int = 40) -> None:
        self.http = http
        self.servers = servers
        self.at = first % len(servers)
        self.result = result
        self.attempts = attempts

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                      token: str = "") -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for attempt in range(self.attempts):
            url = self.servers[self.at].rstrip("/") + path
            try:
                async with self.http.request(method, url, json=body, headers=headers) as r:
                    return r.status, await r.json(content_type=None)
            except (TimeoutError, aiohttp.ClientConnectionError):
                self.at = (self.at + 1) % len(self.servers)
                self.result.retried += 1
                await asyncio.sleep(min(0.05 * (attempt + 1), 0.5))
        raise RuntimeError(f"{method} {path}: no server answered")


def choose(session: str, team: str, actor: str, turn: int, actors: list[str]) -> list[dict[str, str]]:
    """A team's orders for a turn: seeded, so the same run makes the same choices."""
    rng = random.Random(f"{session}:{team}:{turn}")
    other = rng.choice([a for a in actors if a != actor])
    menu: list[list[dict[str, str]]] = [
        [],
        [{"move": "consult", "target": other, "channel": rng.choice(CHANNELS)}],
        [{"move": "public_reassurance", "target": other, "channel": "public_statement"}],
        [{"move": "clarify_intentions", "target": other, "channel": rng.choice(CHANNELS)}],
    ]
    return rng.choice(menu)


async def team(http: aiohttp.ClientSession, servers: list[str], k: int, session: str, name: str, code: str,
               actors: list[str], turns: int, result: LoadResult, started: dict[tuple[str, str, int], float],
               after_submit: Callable[[], None] | None) -> None:
    c = Client(http, servers, k, result)
    st, me = await c.request("POST", f"/api/s/{session}/login", {"code": code, "team": name})
    if st != 200:
        result.errors.append(f"{session}/{name}: login {st} {me}")
        return
    token, actor = me["token"], me["actor"]
    result.logged_in.append(time.perf_counter())
    st, state = await c.request("GET", f"/api/s/{session}/state", token=token)
    while st == 200 and not state["over"] and state["turn"] <= turns:
        turn = state["turn"]
        if state.get("submitted"):  # in already; the wait ran out before the others were (slow logins)
            st, state = await c.request("GET", f"/api/s/{session}/state?after={turn}&wait=30", token=token)
            continue
        orders = choose(session, name, actor, turn, actors)
        started[(session, name, turn)] = time.perf_counter()
        st, got = await c.request("POST", f"/api/s/{session}/orders", {"turn": turn, "orders": orders}, token)
        if st == 422 and orders:  # the rules refused it (no such channel here, no capital): hold instead
            result.refused += 1
            orders = []
            st, got = await c.request("POST", f"/api/s/{session}/orders", {"turn": turn, "orders": orders}, token)
        if st == 200:
            result.submits += 1
            result.already += bool(got.get("already"))
            result.accepted[(session, turn, name)] = orders
            if after_submit is not None:
                after_submit()
        elif st != 409:  # 409: the turn closed meanwhile (a clock); anything else is a failure
            result.errors.append(f"{session}/{name} turn {turn}: {st} {got}")
            return
        st, state = await c.request("GET", f"/api/s/{session}/state?after={turn}&wait=30", token=token)
    if st != 200:
        result.errors.append(f"{session}/{name}: state {st} {state}")


async def board(http: aiohttp.ClientSession, servers: list[str], k: int, session: str, code: str, turns: int,
                result: LoadResult, started: dict[tuple[str, str, int], float]) -> None:
    """The facilitator's board of one session: notes when each team shows as in."""
    c = Client(http, servers, k, result)
    st, me = await c.request("POST", f"/api/s/{session}/login", {"code": code, "role": "facilitator"})
    if st != 200:
        result.errors.append(f"{session}/facilitator: login {st} {me}")
        return
    seen: set[tuple[str, int]] = set()
    version, turn = -1, 1
    while True:
        st, state = await c.request("GET", f"/api/s/{session}/state?since={version}&wait=30", token=me["token"])
        now = time.perf_counter()
        if st != 200:
            result.errors.append(f"{session}/facilitator: {st} {state}")
            return
        version = state["version"]
        for t in state["teams"]:
            if t["controller"] == "team" and t["submitted"] and (t["name"], state["turn"]) not in seen:
                seen.add((t["name"], state["turn"]))
                if (session, t["name"], state["turn"]) in started:
                    result.latencies.append(now - started[(session, t["name"], state["turn"])])
        if state["turn"] > turn:  # the last team's submission closed the turn: its "in" is the new turn
            for t in state["teams"]:
                for done in range(turn, state["turn"]):
                    key = (session, t["name"], done)
                    if t["controller"] == "team" and (t["name"], done) not in seen and key in started:
                        seen.add((t["name"], done))
                        result.latencies.append(now - started[key])
            result.resolved_at.extend([now] * (state["turn"] - turn))
            turn = state["turn"]
        if state["over"] or turn > turns:
            return


async def drive(servers: list[str], sessions: list[tuple[str, dict[str, Any]]], actors: dict[str, str],
                turns: int, *, boards: bool = False, after_submit: Callable[[], None] | None = None,
                connections: int = 200) -> LoadResult:
    """Play every session to `turns` with simulated teams; `actors` is team -> actor."""
    result = LoadResult()
    started: dict[tuple[str, str, int], float] = {}
    all_actors = sorted(actors.values())
    t0 = result.t0 = time.perf_counter()
    conn = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=60)) as http:
        jobs = []
        for i, (session, codes) in enumerate(sessions):
            for j, (name, code) in enumerate(sorted(codes["teams"].items())):
                jobs.append(team(http, servers, i + j, session, name, code, all_actors, turns, result, started,
                                 after_submit))
            if boards:  # on the other server than most of its teams
                jobs.append(board(http, servers, i + 1, session, codes["facilitator"], turns, result, started))
        await asyncio.gather(*jobs)
    result.seconds = time.perf_counter() - t0
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))]
