"""What-if branches: same record up to turn N, other orders after, both histories compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.report.branch import BranchError, branch
from game.saves import SaveMeta
from game.saves.store import SaveStore
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
STRAIT = ROOT / "scenarios" / "strait_incident.toml"


def played(seed: int = 2) -> Game:
    from game.bots import decide

    res = load_file(str(STRAIT))
    assert res.resolved is not None
    cs = compile_scenario(res.resolved)
    g = Game.new(cs, seed)
    while not g.over:
        orders: list[Order] = []
        for a in cs.actors:
            orders += decide(cs, g.state, a.id, "hawk" if a.id == "azuria" else a.personality, g.seed)
        g.play(orders)
    return g


def test_the_branch_is_the_same_game_up_to_its_turn_and_differs_after() -> None:
    g = played()
    br = branch(g, 3, actor="azuria", policy="doctrine", humans=["azuria", "corvania"])
    assert br.changed == ("azuria",)
    same = [t.state_hash for t in br.game.turns[:2]]
    assert same == [t.state_hash for t in g.turns[:2]]  # turns 1-2 replayed exactly
    assert br.game.turns[2].state_hash != g.turns[2].state_hash
    assert [r.turn for r in br.rows][:2] == [1, 2] and br.rows[0].stability[0] == br.rows[0].stability[1]
    assert br.first_difference.startswith("turn 3:")
    # deterministic: the same branch twice is the same game
    again = branch(g, 3, actor="azuria", policy="doctrine", humans=["azuria", "corvania"])
    assert again.game.hash() == br.game.hash()


def test_orders_file_changes_named_actors_and_turns_only() -> None:
    g = played()
    hotline = Order("azuria", "establish_hotline", "corvania", channel="teleconference")
    br = branch(g, 2, plan={2: [hotline]}, humans=["azuria", "corvania"])
    t2 = br.game.turns[1].orders
    assert [o for o in t2 if o.actor == "azuria"] == [hotline]
    assert [o for o in t2 if o.actor == "corvania"] == [o for o in g.turns[1].orders if o.actor == "corvania"]


def test_bad_branches_are_one_line() -> None:
    g = played()
    with pytest.raises(BranchError, match="--turn must be from 1"):
        branch(g, 99, actor="azuria", policy="dove")
    with pytest.raises(BranchError, match="nothing changes"):
        branch(g, 2)
    with pytest.raises(BranchError, match="--policy needs --actor"):
        branch(g, 2, policy="dove")


def test_detente_branch_saves_a_branch_that_reports_and_replays(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    g = played()
    store = SaveStore(tmp_path)
    store.save(g, "monday", SaveMeta(player="azuria"))
    orders = tmp_path / "what-if.json"
    orders.write_text(json.dumps([{"turn": 3, "actor": "azuria", "move": "establish_hotline", "target": "corvania",
                                   "channel": "teleconference"}]))
    assert main(["branch", "monday", "--turn", "3", "--orders", str(orders), "--save-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "What if, from turn 3, Azuria had played otherwise" in out
    assert "Outcome as played:" in out and "First difference: turn 3" in out
    assert "saved the branch as branch-of-monday-turn3" in out
    data = store.load("branch-of-monday-turn3")
    assert data.settings["branch_of"]["turn"] == 3 and data.check().ok
    assert main(["report", "branch-of-monday-turn3", "--bot-runs", "0", "--save-dir", str(tmp_path)]) == 0
    assert "After-action review" in capsys.readouterr().out
    bad = tmp_path / "early.json"
    bad.write_text(json.dumps([{"turn": 1, "actor": "azuria", "move": "consult"}]))
    assert main(["branch", "monday", "--turn", "3", "--orders", str(bad), "--save-dir", str(tmp_path)]) == 2
    assert "before the branch's turn 3" in capsys.readouterr().err
    assert main(["branch", "monday", "--turn", "2", "--policy", "pacifist", "--save-dir", str(tmp_path)]) == 2
    assert "unknown policy" in capsys.readouterr().err
