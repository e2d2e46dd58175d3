"""A save records the rules it was played under; other rules are said so, not called tampering."""

from __future__ import annotations

import dataclasses

import pytest
from save_helpers import STRAIT, compiled, play

from game.engine.version import RULES_VERSION
from game.saves import SaveMeta, parse_save
from game.saves import restore as restore_mod
from game.saves.format import SavedTurn, SaveError, checksum, encode, to_bytes

NOW = "2030-01-01T00:00:00.000000Z"


def saved(turns: int = 3):  # type: ignore[no-untyped-def]
    g = play(compiled(STRAIT), 5, 6, turns)
    doc = encode(g, SaveMeta(player="azuria"), "manual", NOW)
    return doc, parse_save(to_bytes(doc), "<memory>")


def test_a_save_records_the_rules_version() -> None:
    doc, data = saved()
    assert doc["game"]["rules_version"] == RULES_VERSION == data.rules_version


def test_a_save_from_before_the_field_reads_as_rules_version_1() -> None:
    doc, _ = saved()
    del doc["game"]["rules_version"]
    doc["checksum"] = checksum(doc)
    data = parse_save(to_bytes(doc), "<memory>")
    assert data.rules_version == 1


def _as_if_played_under_other_rules(data):  # type: ignore[no-untyped-def]
    """What the new rules would do to an old save: its recorded hashes no longer come out."""
    first = data.turns[1]
    turns = [data.turns[0], SavedTurn(first.turn, first.orders, "0" * 64), *data.turns[2:]]
    return dataclasses.replace(data, turns=turns, final_hash=None)


def test_replaying_under_newer_rules_says_so_and_still_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    _, data = saved()
    old = _as_if_played_under_other_rules(data)
    monkeypatch.setattr(restore_mod, "RULES_VERSION", RULES_VERSION + 1)
    check = old.check()
    assert not check.ok and check.rules_differ
    text = check.describe()
    assert f"rules version {RULES_VERSION}; this Détente plays version {RULES_VERSION + 1}" in text
    assert "turn 2" in text and "not an edited save" in text
    resumed = restore_mod.resume(old)  # it still loads: the record replayed under the current rules
    assert resumed.game.turn == data.turn
    assert any("replayed under the current rules" in n for n in resumed.notes)


def test_the_same_difference_under_the_same_rules_is_an_edit() -> None:
    _, data = saved()
    edited = _as_if_played_under_other_rules(data)
    check = edited.check()
    assert not check.ok and not check.rules_differ
    assert "state hash" in check.describe()
    with pytest.raises(SaveError, match="edited or corrupted"):
        restore_mod.resume(edited)
