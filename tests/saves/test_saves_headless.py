"""``detente run SCENARIO --seed N --orders FILE --save FILE`` writes an ordinary save.

The save of a scripted game replays exactly, and its hashes are those ``run --json``
reports for the same game.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from save_helpers import STRAIT, play

from game.cli import main
from game.engine.compile import CompiledScenario
from game.saves import load_save


def test_run_save_writes_a_replayable_save(
    tmp_path: Path, strait: CompiledScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted = play(strait, 5, 55)
    orders = [{"turn": t.turn, **o.to_json()} for t in scripted.turns for o in t.orders]
    orders_file = tmp_path / "orders.json"
    orders_file.write_text(json.dumps(orders), encoding="utf-8")
    save = tmp_path / "out" / "game.json"
    argv = [
        "run",
        str(STRAIT),
        "--seed",
        "5",
        "--orders",
        str(orders_file),
        "--json",
        "--save",
        str(save),
    ]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)  # --json output stays pure JSON; the save is announced on stderr
    assert f"saved {save}" in err
    data = load_save(save)
    assert data.kind == "headless" and data.seed == 5 and data.player is None
    assert [t.state_hash for t in data.turns] == report["turn_hashes"]
    assert data.restore().hash() == report["state_hash"] == scripted.hash()
    assert main(["replay", str(save)]) == 0


def test_run_save_failure_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert (
        main(["run", str(STRAIT), "--seed", "1", "--save", str(tmp_path / "file" / "g.json")]) == 1
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write save" in err[0]
