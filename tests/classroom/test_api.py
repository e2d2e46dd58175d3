"""One real `detente class serve --course` on loopback: a page per session and the JSON API.

Runs on SQLite and on a real PostgreSQL (conftest's `store_engine`).  Requests go to
127.0.0.1 only, a bounded handful per test.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from game.classroom import course
from game.classroom.session import Session
from game.classroom.where import locate

from .conftest import SCENARIO, TWO, save_dir
from .server_helpers import running_server

CONSULT = {"move": "consult", "target": "corvania", "channel": "military_attache"}


def call(base: str, path: str, body: dict[str, Any] | None = None, token: str = "") -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base.rstrip("/") + path, data=data, method="POST" if data is not None else "GET")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def page(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base.rstrip("/") + path, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_one_server_serves_a_courses_sessions_to_browsers_and_scripts() -> None:
    made = course.create(save_dir(), "drill", SCENARIO, TWO, 2, seed=4)
    codes = dict(made.sessions)
    with running_server(save_dir(), ["--course", "drill"], made.course_code) as base:
        status, index = page(base, "/")
        assert status == 200 and "/s/drill-1/" in index and "/s/drill-2/" in index
        status, seat = page(base, "/s/drill-2/")
        assert status == 200 and "/s/drill-2/ws" in seat  # the page's terminal talks to that session's seats
        assert page(base, "/s/nosuch/")[0] == 404

        c2 = codes["drill-2"]
        st, alpha = call(base, "/api/s/drill-2/login", {"code": c2["teams"]["alpha"]})
        assert st == 200 and (alpha["team"], alpha["actor"]) == ("alpha", "azuria")
        # a code opens only its own session
        st, err = call(base, "/api/s/drill-1/login", {"code": c2["teams"]["alpha"]})
        assert st == 401 and "does not open a seat" in err["error"]
        assert call(base, "/api/s/drill-1/state", token=alpha["token"])[0] == 401
        _, bravo = call(base, "/api/s/drill-2/login", {"code": c2["teams"]["bravo"]})
        _, fac = call(base, "/api/s/drill-2/login", {"code": c2["facilitator"]})

        st, state = call(base, "/api/s/drill-2/state", token=alpha["token"])
        assert (st, state["turn"], state["submitted"], state["budget"] > 0) == (200, 1, False, True)
        assert "teams" not in state  # a team sees its own seat, not the others'
        st, got = call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": [CONSULT]}, alpha["token"])
        assert (st, got["in"], got["resolved"]) == (200, True, False)
        st, board = call(base, "/api/s/drill-2/state", token=fac["token"])
        assert {t["name"]: t["submitted"] for t in board["teams"]}["alpha"] is True
        assert "orders" not in json.dumps(board)  # who is in, never what

        # bad requests: one line each
        assert call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": [{"move": "nuke"}]}, bravo["token"]) == (
            422, {"error": "nuke: unknown move"})
        st, err = call(base, "/api/s/drill-2/orders", {"turn": "one", "orders": []}, bravo["token"])
        assert st == 400 and "turn" in err["error"]
        assert call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": []}, fac["token"])[0] == 401
        assert call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": []}, "team.alpha.00")[0] == 401
        assert call(base, "/api/s/nosuch/state", token=alpha["token"])[0] == 404

        # bravo completes the turn; a retry of alpha's submission is recognised, not filed under turn 2
        st, got = call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": []}, bravo["token"])
        assert (st, got["resolved"]) == (200, True)
        st, got = call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": [CONSULT]}, alpha["token"])
        assert (st, got["already"]) == (200, True)
        st, err = call(base, "/api/s/drill-2/orders", {"turn": 1, "orders": []}, alpha["token"])
        assert st == 409 and "turn 1 is closed" in err["error"]
        st, state = call(base, "/api/s/drill-2/state?after=1&wait=5", token=alpha["token"])
        assert (state["turn"], state["submitted"]) == (2, False)

    s = Session.open(locate(save_dir(), "drill-2"))
    [(_n, orders, _h)] = s.store.turns()
    assert [o for o in orders if o["actor"] == "azuria"] == [{"actor": "azuria", **CONSULT}]  # once
    assert s.store.own_orders(2, "azuria") is None
    s.close()
    untouched = Session.open(locate(save_dir(), "drill-1"))
    assert untouched.game().turn == 1
    untouched.close()


def test_a_waiting_script_hears_the_turn_close_while_it_waits() -> None:
    """A long poll (after=N&wait=S) answers when another seat's submission closes the turn."""
    import threading

    made = course.create(save_dir(), "wait", SCENARIO, TWO, 1, seed=4)
    c = made.sessions[0][1]
    with running_server(save_dir(), "wait-1", c["facilitator"]) as base:
        _, alpha = call(base, "/api/s/wait-1/login", {"code": c["teams"]["alpha"]})
        _, bravo = call(base, "/api/s/wait-1/login", {"code": c["teams"]["bravo"]})
        call(base, "/api/s/wait-1/orders", {"turn": 1, "orders": []}, alpha["token"])
        answer: list[dict[str, Any]] = []
        waiter = threading.Thread(target=lambda: answer.append(
            call(base, "/api/s/wait-1/state?after=1&wait=20", token=alpha["token"])[1]))
        waiter.start()
        call(base, "/api/s/wait-1/orders", {"turn": 1, "orders": []}, bravo["token"])
        waiter.join(timeout=25)
        assert answer and answer[0]["turn"] == 2
