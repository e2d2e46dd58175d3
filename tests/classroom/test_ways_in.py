"""Every way into a session needs the right seat code, and a team's code opens that team only.

Run through `game.cli.main` in-process (the same code path as the `detente` command; one
real process per command is exercised by the browser and server tests).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.classroom.session import Session
from game.classroom.where import locate
from game.cli import main

from .conftest import SCENARIO

FAC_ONLY = [
    ["resolve"], ["pause"], ["resume"], ["export"], ["clock", "5"], ["codes"],
    ["intervene", "end", "--reason", "x"], ["control", "corvania", "bot"], ["facilitate"], ["hotseat"],
    ["serve", "--port", "1"], ["note", "a note"],
]


@pytest.fixture
def room(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    save = tmp_path / "saves"
    rc = main(["class", "--save-dir", str(save), "new", str(SCENARIO), "--team", "alpha=azuria",
               "--team", "bravo=corvania", "--name", "monday", "--clock", "5"])
    out = capsys.readouterr().out
    assert rc == 0 and "5 min per turn" in out
    codes = {line.split()[-2] if line.strip().startswith("team") else line.split()[0]: line.split()[-1]
             for line in out.splitlines() if line.startswith("  ") and len(line.split()[-1]) == 6
             and line.split()[0] in ("facilitator", "projector", "team")}
    assert set(codes) == {"facilitator", "projector", "alpha", "bravo"}, out
    orders = tmp_path / "orders.json"
    orders.write_text(json.dumps([{"move": "consult", "target": "corvania", "channel": "military_attache"}]))
    return {"save": str(save), "codes": codes, "orders": str(orders)}


def run(room: dict[str, Any], *args: str, code: str | None = None) -> int:
    extra = ["--code", code] if code is not None else []
    return main(["class", "--save-dir", room["save"], args[0], "monday", *extra, *args[1:]])


def test_no_code_no_way_in(room: dict[str, Any], capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_CODE", raising=False)
    assert run(room, "status") == 1
    assert "needs a seat code" in capsys.readouterr().err
    assert run(room, "submit", "--team", "alpha", "--orders", room["orders"]) == 1
    assert run(room, "join", "--team", "alpha") == 1
    err = capsys.readouterr().err
    assert err.count("needs a seat code") == 2 and "Traceback" not in err


def test_a_wrong_code_opens_nothing(room: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    for action in (["status"], ["join"], ["project"], ["facilitate"], ["codes"]):
        assert run(room, *action, code="ZZZZZZ") == 1
        assert "does not open a seat" in capsys.readouterr().err


@pytest.mark.parametrize("action", FAC_ONLY, ids=lambda a: a[0])
def test_a_team_code_reaches_no_facilitator_action(room: dict[str, Any], action: list[str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    for who in ("alpha", "projector"):
        assert run(room, *action, code=room["codes"][who]) == 1, (action, who)
        err = capsys.readouterr().err
        assert "facilitator's code" in err and "Traceback" not in err, (action, who, err)
    s = Session.open(locate(Path(room["save"]), "monday"))
    assert s.store.interventions() == [] and s.status() == "running" and s.game().turn == 1


def test_a_team_code_opens_no_projector_and_no_other_team(room: dict[str, Any],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run(room, "project", code=room["codes"]["alpha"]) == 1
    assert "projector's or the facilitator's code" in capsys.readouterr().err
    assert run(room, "join", "--team", "bravo", code=room["codes"]["alpha"]) == 1
    assert "not this team's" in capsys.readouterr().err


def test_a_team_code_submits_for_its_own_team_only(room: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    alpha = room["codes"]["alpha"]
    assert run(room, "submit", "--team", "bravo", "--orders", room["orders"], code=alpha) == 1
    assert "not this team's" in capsys.readouterr().err
    assert run(room, "join", "--team", "bravo", code=alpha) == 1
    assert run(room, "submit", "--orders", room["orders"], code=room["codes"]["bravo"]) == 1  # bravo can't consult as itself
    monkeypatch.setenv("DETENTE_CODE", alpha)  # the environment is a way to give the code too
    assert run(room, "submit", "--orders", room["orders"]) == 0
    assert "alpha: 1 orders in for turn 1" in capsys.readouterr().out
    s = Session.open(locate(Path(room["save"]), "monday"))
    assert s.store.submitted(1) == {"azuria": "alpha"}
    # another team's status shows who is in, never what
    monkeypatch.delenv("DETENTE_CODE")
    assert run(room, "status", code=room["codes"]["bravo"]) == 0
    out = capsys.readouterr().out
    assert "✓ submitted" in out and "consult" not in out.lower() and "attach" not in out.lower()


def test_the_facilitator_code_prints_the_codes_and_runs_the_room(room: dict[str, Any],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    fac = room["codes"]["facilitator"]
    assert run(room, "codes", code=fac) == 0
    out = capsys.readouterr().out
    assert all(c in out for c in room["codes"].values())
    assert run(room, "pause", code=fac) == 0
    assert run(room, "clock", "2", code=fac) == 0
    assert run(room, "resume", code=fac) == 0
    assert run(room, "intervene", "adhoc_inject", "--reason", "test them", "--note", "Heads up",
               "--set", "title=Storm warning", code=fac) == 0
    out = capsys.readouterr().out
    assert "Heads up" in out and "test them" not in out
    assert run(room, "resolve", code=fac) == 0
    s = Session.open(locate(Path(room["save"]), "monday"))
    assert s.game().turn == 2 and s.clock().seconds == 120
    assert s.closing(1) == ("facilitator", ["azuria", "corvania"])


def test_five_wrong_codes_from_the_shell_slow_the_next_try(room: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import time as _time

    slept: list[float] = []
    monkeypatch.setattr(_time, "sleep", slept.append)
    for _ in range(6):
        run(room, "status", code="ZZZZZZ")
    assert slept == [2.0]
    assert "too many wrong codes" in capsys.readouterr().err
