"""A save carries its own copy of the stock catalogue, so a later version of the game,
shipping different stock moves, still replays it exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from save_helpers import STRAIT, compiled, play

from game.saves import api
from game.saves import format as save_format
from game.scenario import stock as stock_module


def test_save_embeds_the_stock_catalogue(tmp_path: Path) -> None:
    g = play(compiled(str(STRAIT)), seed=4, order_seed=9, turns=3)
    path = api.save(g, "embedded", save_dir=tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    files = doc["scenario"]["stock"]
    assert set(files) == {"channels.toml", "moves.toml"}
    assert "\n".join(files["moves.toml"]) == stock_module.stock_texts()["moves.toml"]


def test_changed_installed_stock_does_not_change_a_saved_game(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = play(compiled(str(STRAIT)), seed=4, order_seed=9, turns=4)
    want = g.hash()
    path = api.save(g, "before-upgrade", save_dir=tmp_path)
    # A "new version" of the game: every stock move costs differently and consult is retuned.
    original = stock_module.stock_texts()
    changed = {k: v.replace("cost = 1", "cost = 2").replace('cameo = "04"', 'cameo = "046"') for k, v in original.items()}
    newer = stock_module.load_stock_texts(changed)
    monkeypatch.setattr(stock_module, "load_stock", lambda: newer)
    monkeypatch.setattr(stock_module, "stock_texts", lambda directory=None: changed)
    save_format.stock_sha256.cache_clear()
    try:
        resumed = api.load(str(path), save_dir=tmp_path)
        assert resumed.game.hash() == want
        assert any("using the copy embedded" in n for n in resumed.notes)
    finally:
        save_format.stock_sha256.cache_clear()


def test_tampered_embedded_stock_is_refused(tmp_path: Path) -> None:
    g = play(compiled(str(STRAIT)), seed=4, order_seed=9, turns=2)
    path = api.save(g, "tamper", save_dir=tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["scenario"]["stock"]["moves.toml"][0] = "# edited"
    raw = json.dumps(doc).encode()
    with pytest.raises(save_format.SaveError, match="stock|checksum|corrupted"):
        save_format.parse_save(raw, "tampered.json")
