"""Every shipped scenario, played with random legal orders, saves and replays exactly.

``detente replay`` exits 0 on an untouched save; editing any one turn's orders makes it
exit 1 naming exactly that turn.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from save_helpers import SCENARIOS, compiled, play

from game.cli import main
from game.saves import SaveMeta, load_save, write_save
from game.saves.format import checksum, to_bytes


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("seed", [1, 2024])
def test_replay_of_every_scenario_with_random_legal_orders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path, seed: int
) -> None:
    cs = compiled(str(path))
    g = play(cs, seed, seed * 7 + 1)
    save = write_save(tmp_path / f"{path.stem}.json", g, SaveMeta())
    assert main(["replay", str(save)]) == 0
    out = capsys.readouterr().out
    assert f"{len(g.turns)} turns replayed, every state hash matches" in out
    # edit one turn's orders (the last turn that had any): replay names that very turn
    k = max((t.turn for t in load_save(save).turns if t.orders), default=None)
    assert k is not None, "seeded random play gave no orders: pick other seeds"
    raw = json.loads(save.read_text(encoding="utf-8"))
    raw["turns"][k - 1]["orders"].pop()
    raw["checksum"] = checksum(raw)
    tampered = tmp_path / "tampered.json"
    tampered.write_bytes(to_bytes(raw))
    assert main(["replay", str(tampered)]) == 1
    assert f"replay diverges at turn {k}:" in capsys.readouterr().out
