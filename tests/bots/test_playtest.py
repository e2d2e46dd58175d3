"""`detente playtest`: reproducible reports, identical across --jobs, dead content found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.bots.playtest import Label, PolicyError, parse_policy, run
from game.bots.report import build, percentile, render
from game.cli import main
from game.engine.compile import CompiledScenario
from game.scenario.loader import Resolved

ROOT = Path(__file__).resolve().parents[2]
STRAIT = ROOT / "scenarios" / "strait_incident.toml"
DEAD = Path(__file__).parent / "fixtures" / "dead_content.toml"


def _report(cs: CompiledScenario, res: Resolved, runs: int, seed: int, jobs: int = 1,
            labels: list[Label] | None = None) -> dict[str, Any]:
    labs = labels or parse_policy(cs, None)
    recs = run(cs, runs, seed, labs, jobs)
    return build(cs, recs, labs, seed=seed, text=res.text, file=str(DEAD))


def test_same_seed_same_report_other_seed_other_report(dead: CompiledScenario, dead_resolved: Resolved) -> None:
    a = _report(dead, dead_resolved, 60, seed=1)
    b = _report(dead, dead_resolved, 60, seed=1)
    c = _report(dead, dead_resolved, 60, seed=2)
    assert a == b
    assert render(a) == render(b)
    assert a["per_turn"] != c["per_turn"] or a["hits"] != c["hits"]


def test_two_jobs_give_the_report_of_one(dead: CompiledScenario, dead_resolved: Resolved) -> None:
    one = _report(dead, dead_resolved, 120, seed=5, jobs=1)
    two = _report(dead, dead_resolved, 120, seed=5, jobs=2)
    assert one == two


def test_dead_content_is_listed_with_file_and_line(dead: CompiledScenario, dead_resolved: Resolved) -> None:
    rep = _report(dead, dead_resolved, 60, seed=0)
    lines = dead_resolved.text.splitlines()
    dead_ids = {(d["kind"], d["id"]): d["where"] for d in rep["dead"]}
    for kind, ident, header in (
        ("move", "never_move", "[[moves]]"), ("inject", "never_inject", "[[injects]]"),
        ("ending", "never_ending", "[[endings]]"), ("debrief", "never_debrief", "[[debrief]]"),
    ):
        where = dead_ids[(kind, ident)]
        file, line = where.rsplit(":", 1)
        assert file == str(DEAD)
        # the line points into the right table: its id is on that line or just below
        near = "\n".join(lines[int(line) - 1: int(line) + 2])
        assert f'"{ident}"' in near or header in near, (where, near)
    assert ("inject", "always_inject") not in dead_ids
    # unused stock moves say so rather than pointing into the file
    assert all(d["where"] == "stock move" for d in rep["dead"] if d["kind"] == "move" and d["id"] != "never_move")
    text = render(rep)
    assert "never_move" in text and "Dead content" in text


def test_report_contents(dead: CompiledScenario, dead_resolved: Resolved) -> None:
    rep = _report(dead, dead_resolved, 60, seed=3)
    assert [p["policy"] for p in rep["policies"]] == ["random", "hawk", "dove", "tit_for_tat", "opportunist", "doctrine"]
    assert sum(p["games"] for p in rep["policies"]) == 60
    for p in rep["policies"]:
        assert sum(p["bands"].values()) == p["games"]
    assert len(rep["per_turn"]) == dead.turns
    row = rep["per_turn"][0]
    assert row["stability"]["p10"] <= row["stability"]["p50"] <= row["stability"]["p90"]
    assert {m["id"] for m in rep["hits"]["moves"]} == {m.id for m in dead.moves}
    assert [s["share"] for s in rep["suggestions"]] == [0.1, 0.25, 0.5]
    hawk = next(p for p in rep["policies"] if p["policy"] == "hawk")
    dove = next(p for p in rep["policies"] if p["policy"] == "dove")
    assert hawk["per_turn"][-1]["rung"]["p50"] > dove["per_turn"][-1]["rung"]["p50"]


def test_parse_policy(strait: CompiledScenario) -> None:
    assert [lab.name for lab in parse_policy(strait, "hawk,dove")] == ["hawk", "dove"]
    (lab,) = parse_policy(strait, "corvania=hawk, azuria=dove")
    assert lab.policies == ("dove", "hawk", "dove", "doctrine")  # others keep their personality
    with pytest.raises(PolicyError, match="unknown policy 'pacifist'"):
        parse_policy(strait, "pacifist")
    with pytest.raises(PolicyError, match="unknown actor 'atlantis'"):
        parse_policy(strait, "atlantis=hawk")


def test_percentile() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([1.0, 2.0, 3.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0], 100) == 3.0


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", str(DEAD), "--runs", "12", "--jobs", "1", "--policy", "hawk,dove"]) == 0
    out = capsys.readouterr()
    assert "Outcome bands by policy" in out.out and "never_move" in out.out
    assert "games/s" in out.err
    assert main(["playtest", str(DEAD), "--runs", "12", "--jobs", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs"] == 12 and data["dead"]


def test_cli_user_mistakes_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    assert main(["playtest", str(STRAIT), "--runs", "2", "--policy", "pacifist"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown policy" in err[0]
    assert main(["playtest", str(tmp_path / "missing.toml"), "--runs", "2"]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["playtest", str(STRAIT), "--runs", "2", "--share", "2"]) == 2
    with pytest.raises(SystemExit):
        main(["playtest", str(STRAIT), "--runs", "0"])


def test_run_with_policy_plays_bots_reproducibly(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["run", str(STRAIT), "--seed", "4", "--json", "--policy", "tit_for_tat"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert sum(len(t) for t in first["orders"]) > 0  # the bots acted (without --policy everyone holds)
    assert main(["run", str(STRAIT), "--seed", "4", "--json", "--policy", "corvania=hawk"]) == 0
    mixed = json.loads(capsys.readouterr().out)
    assert any(o["actor"] == "azuria" for t in mixed["orders"] for o in t)  # others keep their personality


def test_run_with_a_bad_policy_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for policy in ("pacifist", "atlantis=hawk", "hawk,dove"):
        assert main(["run", str(STRAIT), "--seed", "1", "--policy", policy]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, policy
