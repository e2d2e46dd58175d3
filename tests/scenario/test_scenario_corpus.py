"""The broken-file corpus: every ``broken/NAME.toml`` has ``NAME.expected``, the exact output.

Each expected file holds the lines ``detente validate NAME.toml`` prints (run from inside
``broken/``), so a change in wording or position shows up here as a diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.loader import load_file

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.stem for p in BROKEN.glob("*.toml"))


def test_corpus_is_big_enough_and_complete():
    assert len(CASES) >= 25
    assert sorted(p.stem for p in BROKEN.glob("*.expected")) == CASES


@pytest.mark.parametrize("name", CASES)
def test_broken_file(name, monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = load_file(f"{name}.toml")
    assert not result.ok
    assert result.resolved is None
    got = [d.format() for d in result.diagnostics]
    expected = (BROKEN / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert expected, f"{name}.expected is empty"
    assert got == expected
    assert all(d.line >= 1 and d.col >= 1 and d.code.startswith("E-") for d in result.diagnostics)
