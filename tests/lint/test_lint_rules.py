"""Each lint rule: a small fixture that triggers it and one that does not.

Every file in ``tests/lint/fixtures`` is a complete, valid scenario whose first lines
say what lint must report: ``# expect: CODE PATH`` (one line per finding) or
``# expect: clean``.  The ``*_ok.toml`` files are near misses that must stay clean.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from game.scenario.diagnostics import Diagnostic
from game.scenario.expr import parse
from game.scenario.lint import RULES, Facts, Folder, lint
from game.scenario.loader import load_file, load_text

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(FIXTURES.glob("*.toml"))
EXPECT = re.compile(r"^# expect: (\S+) (\S+)$", re.M)


def expected(path: Path) -> list[str]:
    return sorted(f"{code} {where}" for code, where in EXPECT.findall(path.read_text(encoding="utf-8")))


@cache
def findings(path: Path) -> tuple[Diagnostic, ...]:
    result = load_file(path)
    assert result.ok and result.resolved is not None, [d.format() for d in result.diagnostics]
    return tuple(lint(result.resolved))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixture(path: Path) -> None:
    got = sorted(f"{d.code} {d.path}" for d in findings(path))
    assert got == expected(path)


def test_every_rule_has_a_triggering_fixture() -> None:
    triggered = {code for p in FILES for code, _ in EXPECT.findall(p.read_text(encoding="utf-8"))}
    assert set(RULES) - triggered == set()
    assert triggered - set(RULES) == set(), "fixtures expect codes that lint does not define"


def test_clean_fixtures_exist() -> None:
    clean = [p for p in FILES if "# expect: clean" in p.read_text(encoding="utf-8")]
    assert len(clean) >= 10


def test_diagnostics_are_located_and_worded() -> None:
    [d] = findings(FIXTURES / "unused_move_kind.toml")
    assert d.severity == "warning"
    assert d.file.endswith("unused_move_kind.toml")
    assert d.format().startswith(f"{d.file}:{d.line}:{d.col}: moves[0]: warning: move 'ngo_appeal' can never be used")
    assert "no actor is of kind 'ngo'" in d.message
    assert (d.line, d.col) == (28, 1)  # the [[moves]] header


def test_reasons_name_the_cause() -> None:
    by_name = {p.stem: findings(p) for p in FILES}
    assert "never set" in by_name["dead_inject_flag"][-1].message or any(
        "flag 'report_out' is never set" in d.message for d in by_name["dead_inject_flag"]
    )
    assert any("'hotline' must first be established" in d.message for d in by_name["unused_move_channel"])
    assert any("expects no response" in d.message for d in by_name["dead_inject_contingency_no_expects"])
    assert any("runs past turn 5" in d.message for d in by_name["dead_inject_contingency_late"])
    assert any("'anything' before it always applies" in d.message for d in by_name["dead_band"])


def test_errors_are_errors() -> None:
    sev = {d.code: d.severity for d in findings(FIXTURES / "no_moves_at_all.toml")}
    assert sev["E-no-moves"] == "error"
    assert sev["W-unused-move"] == "warning"


def test_stock_moves_are_not_reported() -> None:
    # with three actors nothing is wrong; with two, the stock pair moves are unusable but not ours to report
    assert findings(FIXTURES / "clean.toml") == ()


def test_shipped_scenarios_lint_without_errors() -> None:
    for path in sorted(Path("scenarios").glob("*.toml")):
        result = load_file(path)
        if result.resolved is None:
            continue  # validate's tests own this
        assert not [d.format() for d in lint(result.resolved) if d.severity == "error"]


def test_lint_is_deterministic() -> None:
    text = (FIXTURES / "dead_band.toml").read_text(encoding="utf-8")
    a = load_text(text, "a.toml").resolved
    b = load_text(text, "a.toml").resolved
    assert a is not None and b is not None
    assert lint(a) == lint(b)


# --------------------------------------------------------------------------- folding


def fold(src: str, turns: int = 5, **kw: object) -> object:
    facts = Facts(turns=turns, max_rung=14, **kw)  # type: ignore[arg-type]
    return Folder(facts).value(parse(src).tree)


@pytest.mark.parametrize(
    ("src", "value"),
    [
        ("turn > 5", False),
        ("turn >= 5", None),
        ("turn >= 1", True),
        ("turn == turns + 1", False),
        ("tension(a, b) > 100", False),
        ("tension(a, b) >= 0", True),
        ("tension(a, b) - trust(a, b) > 100", False),
        ("tension(a, b) * 2 > 150", None),
        ("stability / 0 > 3", None),
        ("abs(0 - stability) > 100", False),
        ("min(stability, 10) > 20", False),
        ("max(stability, 10) >= 10", True),
        ("rung > 14", False),
        ("crossed(20)", False),
        ("crossed(3)", None),
        ("flag(x)", False),
        ("not flag(x)", True),
        ("flag(x) == false", True),
        ("used(m) or turn > 9", False),
        ("count(m) > 0", False),
        ("stage(a, b) > 3", False),
        ("1 < 2 < 3", True),
        ("1 < 3 < 2", False),
        ("-turn > 0", False),
        ("channel_open(hotline, a, b)", None),
    ],
)
def test_fold(src: str, value: object) -> None:
    assert fold(src) == value


def test_fold_uses_facts() -> None:
    assert fold("flag(x)", flags={"x"}) is None
    assert fold("used(m)", moves={"m"}) is None
    assert fold("fired(i)", injects={"i"}) is None
    assert fold("fired(i)") is False
