"""`detente run`: headless games, orders files, byte-identical JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_gen import SCENARIOS

from game.cli import main

STRAIT = str(Path(__file__).parent / "fixtures" / "strait_golden.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_same_seed_twice_gives_byte_identical_json(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code1, out1, _ = run(capsys, str(path), "--seed", "7", "--json")
    code2, out2, _ = run(capsys, str(path), "--seed", "7", "--json")
    assert code1 == code2 == 0
    assert out1 == out2
    data = json.loads(out1)
    for key in ("scenario", "seed", "outcome", "stability", "rung", "state_hash", "events"):
        assert key in data
    assert {"band", "ending", "scores"} <= set(data["outcome"])
    assert len(data["stability"]) == len(data["rung"]) == data["turns_played"]
    assert all({"rule", "note", "parent", "move", "actor", "roll", "seen_by"} <= set(e) for e in data["events"])
    code3, out3, _ = run(capsys, str(path), "--seed", "8", "--json")
    assert code3 == 0


def test_orders_file_toml_and_json_give_the_same_game(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    orders = [
        {"turn": 1, "actor": "azuria", "move": "clarify_intentions", "target": "corvania", "channel": "military_attache"},
        {"turn": 1, "actor": "strait_forum", "move": "offer_good_offices", "target": "azuria", "second": "corvania"},
        {"turn": 2, "actor": "azuria", "move": "establish_hotline", "target": "corvania", "channel": "teleconference"},
        {"turn": 3, "actor": "azuria", "move": "consult", "target": "corvania", "channel": "hotline"},
    ]
    js = tmp_path / "o.json"
    js.write_text(json.dumps({"orders": orders}))
    tm = tmp_path / "o.toml"
    tm.write_text("".join(
        "[[orders]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in o.items()) for o in orders))
    _, a, _ = run(capsys, STRAIT, "--seed", "1", "--orders", str(js), "--json")
    _, b, _ = run(capsys, STRAIT, "--seed", "1", "--orders", str(tm), "--json")
    assert a == b
    data = json.loads(a)
    assert data["orders"][0] == [{k: v for k, v in o.items() if k != "turn"} for o in orders[:2]]
    played = [e for e in data["events"] if e["kind"] == "order"]
    assert {e["move"] for e in played} >= {"clarify_intentions", "offer_good_offices", "establish_hotline"}
    _, held, _ = run(capsys, STRAIT, "--seed", "1", "--json")
    assert json.loads(held)["state_hash"] != data["state_hash"]
    assert not [e for e in json.loads(held)["events"] if e["kind"] == "order"], "without orders everyone holds"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[orders]]\nturn = 1\nactor = \"nobody\"\nmove = \"consult\"\n", "order 1: unknown actor 'nobody' in 'actor'"),
        ("[[orders]]\nturn = 0\nactor = \"azuria\"\nmove = \"consult\"\n", "order 1: 'turn' must be a whole number"),
        ("[[orders]]\nturn = 1\nactor = \"azuria\"\n", "order 1: missing 'move'"),
        ("[[orders]]\nturn = 1\nactor = \"azuria\"\nmove = \"fly\"\n", "unknown move 'fly'"),
        ("[[orders]]\nturn = 1\nactor = \"azuria\"\nmove = \"consult\"\nspeed = 3\n", "unknown key 'speed'"),
        ("[[orders]\nturn = 1\n", "invalid TOML"),
        ("[{\"turn\": 1,}]", "invalid JSON"),
        ("{\"turns\": []}", "exactly one key, 'orders'"),
        ("orders = 3\n", "must be an array of tables"),
    ],
)
def test_bad_orders_file_is_one_line_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str,
                                            message: str) -> None:
    f = tmp_path / ("bad.json" if content.startswith(("{", "[{")) else "bad.toml")
    f.write_text(content)
    code, out, err = run(capsys, STRAIT, "--seed", "1", "--orders", str(f))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_missing_files_and_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, STRAIT, "--seed", "1", "--orders", str(tmp_path / "none.toml"))
    assert code == 1 and "no such file" in err
    code, _, err = run(capsys, str(tmp_path / "none.toml"), "--seed", "1")
    assert code == 1 and "no such file" in err
    with pytest.raises(SystemExit) as exc:
        main(["run", STRAIT])
    assert exc.value.code == 2


def test_illegal_orders_are_rejected_by_the_engine_not_the_file(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    f = tmp_path / "o.toml"
    f.write_text('[[orders]]\nturn = 1\nactor = "azuria"\nmove = "consult"\ntarget = "corvania"\nchannel = "hotline"\n'
                 '[[orders]]\nturn = 40\nactor = "azuria"\nmove = "consult"\n')
    code, out, err = run(capsys, STRAIT, "--seed", "1", "--orders", str(f), "--json")
    assert code == 0
    rejects = [e for e in json.loads(out)["events"] if e["kind"] == "reject"]
    assert rejects and "no hotline is open with Corvania" in rejects[0]["note"]
    assert "1 order(s) for turns after the game ended were not played" in err


def test_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, STRAIT, "--seed", "3")
    assert code == 0
    assert "Outcome:" in out and "turn  stability  rung" in out and "state hash" in out


def test_policy_hook_fills_in_for_actors_without_orders() -> None:
    from engine_gen import compile_path

    from game.commands.run import Plan, play_headless
    from game.engine.game import Game
    from game.engine.rules import Order

    cs = compile_path(STRAIT)
    calls: list[tuple[int, str]] = []

    def policy(g: Game, actor: str) -> list[Order]:
        calls.append((g.turn, actor))
        return []

    plan = Plan({1: [Order("azuria", "consult", "corvania", channel="military_attache")]})
    play_headless(Game.new(cs, 1), plan, policy)
    assert (1, "azuria") not in calls and (1, "corvania") in calls and (2, "azuria") in calls
