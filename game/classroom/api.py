"""The classroom's HTTP interface for scripted seats: log in with a code, read the turn, submit.

A browser seat is a Textual app (textual-serve); a script — a course's simulated teams,
an umpire's tool, the load test — wants plain JSON instead.  The rules are the same as
for every other way in: a seat code proves the seat (once: `login` hands back a token
signed with a key kept in the session's store, so every server of the session accepts
it), a team sees only its own orders, and a submission names its turn so a retry that
arrives after the turn closed is never filed under the next one.

    POST /api/s/NAME/login   {"code": "...", "team"?: "alpha" | "role"?: "facilitator"}
                             -> {"token", "role", "team", "actor"}  (naming the seat: one hash checked)
    GET  /api/s/NAME/state   Authorization: Bearer TOKEN      -> the turn, and who is in
                             [?after=N&wait=S: once the game has left turn N, or after S s;
                              ?since=V&wait=S: once anything was written after version V]
    POST /api/s/NAME/orders  {"turn": N, "orders": [{move, target?, second?, channel?}]}

Errors are `{"error": "one line"}` with 400 (malformed), 401 (code or token), 404 (no such
session here), 409 (turn closed), 422 (orders refused) or 429 (too many wrong codes).
The store is blocking (sqlite3, psycopg): every call runs on a worker thread, one at a
time per session (its connection is not shared between threads).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .access import Credential, SessionError
from .session import Session, TurnClosed
from .store import Store
from .where import Where

MAX_BODY = 64 * 1024
MAX_ORDERS = 32


MAX_WAIT = 30.0
POLL = 0.1  # SQLite has no notifications: how often a waiting request looks again


class Served:
    """One session as this server holds it: its own connection, used by one thread at a time.

    On PostgreSQL it listens (NOTIFY), so a request waiting for the next turn wakes when a
    write lands, without asking the database; on SQLite it looks again every POLL seconds.
    """

    def __init__(self, where: Where, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.where = where
        self.session = Session.open(where)
        self.lock = threading.Lock()  # the clock thread borrows the connection too
        self.queue = asyncio.Lock()
        self.loop = loop
        self.changed = asyncio.Event() if loop is not None else None
        self.notified = False
        if loop is not None:
            self.session.store.listen(self._heard)
            self.notified = type(self.session.store).listen is not Store.listen

    def _heard(self) -> None:
        if self.loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                self.loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self.changed is not None:
            self.changed.set()
            self.changed = asyncio.Event()  # the next waiters wait for the next change

    async def changes(self, timeout: float) -> None:
        """Return at the next write (or after `timeout`)."""
        if self.notified and self.changed is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout)
        else:
            await asyncio.sleep(min(timeout, POLL))

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        with self.lock:
            try:
                return fn(self.session, *args)
            except sqlite3.Error as exc:  # a damaged file: one line to the client, the server goes on
                raise SessionError(f"the session store cannot be read: {exc}") from None


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _credential(s: Session, request: web.Request) -> Credential:
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        raise PermissionError("send Authorization: Bearer TOKEN (POST /api/s/NAME/login gives one)")
    try:
        return s.check_token(auth[7:].strip())
    except SessionError as exc:
        raise PermissionError(str(exc)) from None


def _login(s: Session, code: str, source: str, seat: tuple[str, str] | None) -> dict[str, Any] | float:
    wait = s.auth_wait(source)
    if wait > 0:
        return wait
    cred = s.authenticate(code, source, seat)
    if cred.role == "team":
        s.join(cred.team)
    return {"token": s.token(cred), "role": cred.role, "team": cred.team, "actor": cred.actor}


def _state(s: Session, cred: Credential) -> dict[str, Any]:
    g = s.game()
    out: dict[str, Any] = {"session": s.name, "turn": g.turn, "turns": s.cs.turns, "over": g.over,
                           "status": s.status(), "role": cred.role, "version": s.store.version()}
    teams = s.teams()
    if cred.role == "team":
        mine = next(t for t in teams if t.name == cred.team)
        out.update(team=cred.team, actor=cred.actor, controller=mine.controller, submitted=mine.submitted,
                   budget=int(g.state.budget_left[s.cs.actor_index[cred.actor]]))
    else:  # the facilitator's and the projector's boards: who is in, never what
        out["teams"] = [{"name": t.name, "actor": t.actor, "controller": t.controller, "submitted": t.submitted}
                        for t in teams]
    return out


def _submit(s: Session, cred: Credential, turn: int, raw: list[dict[str, Any]]) -> dict[str, Any]:
    from game.engine.rules import Order

    orders = [Order(cred.actor, str(o["move"]), str(o.get("target", "")), str(o.get("second", "")),
                    str(o.get("channel", ""))) for o in raw]
    try:
        resolved = s.submit(cred.team, orders, turn=turn)
    except TurnClosed:
        # A retry whose first try got in (its answer was lost, or its server died): the same
        # orders are on record for that turn, so say so; anything else is a late submission.
        if s.store.own_orders(turn, cred.actor) == [o.to_json() for o in orders]:
            return {"in": True, "turn": turn, "resolved": False, "already": True}
        raise
    return {"in": True, "turn": turn, "resolved": resolved, "already": False}


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ValueError(f"the request body is over {MAX_BODY // 1024} KiB")
    raw = await request.content.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise ValueError(f"the request body is over {MAX_BODY // 1024} KiB")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise ValueError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the request body must be a JSON object")
    return body


def _orders_of(body: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    turn, raw = body.get("turn"), body.get("orders")
    if not isinstance(turn, int) or isinstance(turn, bool):
        raise ValueError("'turn' must be the turn number the orders are for")
    if not isinstance(raw, list) or len(raw) > MAX_ORDERS:
        raise ValueError(f"'orders' must be a list of at most {MAX_ORDERS} orders")
    for o in raw:
        if not isinstance(o, dict) or not isinstance(o.get("move"), str) or not all(
                isinstance(o.get(k, ""), str) for k in ("target", "second", "channel")):
            raise ValueError("each order is an object with a string 'move' and optional string "
                             "'target', 'second' and 'channel'")
    return turn, raw


def routes(served: dict[str, Served]) -> list[web.RouteDef]:
    """The API's routes over the sessions this server serves."""

    def find(request: web.Request) -> Served:
        s = served.get(request.match_info["name"])
        if s is None:
            raise web.HTTPNotFound(text=json.dumps({"error": "no such session on this server"}),
                                   content_type="application/json")
        return s

    async def run(sv: Served, fn: Callable[..., Any], *args: Any) -> Any:
        # Queue for the session here, not in a worker thread: a thread waiting for a busy
        # session's lock would hold up requests for every other session.
        async with sv.queue:
            return await asyncio.to_thread(sv.call, fn, *args)

    async def login(request: web.Request) -> web.Response:
        sv = find(request)
        try:
            body = await _body(request)
        except ValueError as exc:
            return _error(400, str(exc))
        code = body.get("code")
        if not isinstance(code, str) or not code.strip():
            return _error(400, "send {\"code\": \"YOUR-SEAT-CODE\"}")
        source = f"http:{request.remote or '?'}"
        team, role = body.get("team"), body.get("role")
        if team is not None and not isinstance(team, str) or role is not None and role not in ("facilitator",
                                                                                               "projector"):
            return _error(400, "'team' is a team's name; 'role' is facilitator or projector")
        seat = ("team", team) if team else ((str(role), "") if role else None)
        try:
            got = await run(sv, _login, code, source, seat)
        except SessionError as exc:
            return _error(401, str(exc))
        if isinstance(got, float):
            return _error(429, f"too many wrong codes from here: wait {got:.0f} s")
        return web.json_response(got)

    async def state(request: web.Request) -> web.Response:
        """?after=N&wait=S: answer once the game has left turn N (or after S seconds), so a
        script waits for the next turn without asking again and again; ?since=V&wait=S:
        once anything was written after version V (a facilitator's board: who is in)."""
        sv = find(request)
        try:
            after = int(request.query.get("after", "0"))
            since = int(request.query.get("since", "-1"))
            wait = min(MAX_WAIT, max(0.0, float(request.query.get("wait", "0"))))
        except ValueError:
            return _error(400, "'after' is a turn number and 'wait' seconds")
        try:
            cred = await run(sv, _credential, request)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + wait
            while True:
                got = await run(sv, _state, cred)
                left = deadline - loop.time()
                moved = got["version"] != since if since >= 0 else got["turn"] != after
                if moved or got["over"] or left <= 0 or got["status"] == "ended":
                    return web.json_response(got)
                await sv.changes(left)
        except PermissionError as exc:
            return _error(401, str(exc))
        except SessionError as exc:
            return _error(422, str(exc))

    async def orders(request: web.Request) -> web.Response:
        sv = find(request)
        try:
            cred = await run(sv, _credential, request)
            if cred.role != "team":
                return _error(401, "only a team's token submits orders here")
            turn, raw = _orders_of(await _body(request))
            return web.json_response(await run(sv, _submit, cred, turn, raw))
        except PermissionError as exc:
            return _error(401, str(exc))
        except ValueError as exc:
            return _error(400, str(exc))
        except TurnClosed as exc:
            return _error(409, str(exc))
        except SessionError as exc:
            return _error(422, str(exc))

    return [web.post("/api/s/{name}/login", login), web.get("/api/s/{name}/state", state),
            web.post("/api/s/{name}/orders", orders)]
