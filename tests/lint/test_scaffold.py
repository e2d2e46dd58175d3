"""`detente new ID`: the scaffold validates and lints clean with --strict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import scaffold
from game.scenario.lint import lint
from game.scenario.loader import load_file, load_text


def test_scaffold_validates_and_lints_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "fishing_dispute", "-o", str(tmp_path)]) == 0
    path = tmp_path / "fishing_dispute.toml"
    assert "wrote" in capsys.readouterr().out
    result = load_file(path)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.resolved is not None
    assert result.resolved.scenario.scenario.id == "fishing_dispute"
    assert result.resolved.scenario.scenario.title == "Fishing Dispute"
    assert lint(result.resolved) == []
    assert main(["lint", "--strict", str(path)]) == 0
    assert main(["validate", str(path)]) == 0


def test_scaffold_text_is_clean_for_any_id() -> None:
    result = load_text(scaffold.render("a"), "a.toml")
    assert result.resolved is not None and lint(result.resolved) == []


def test_scaffold_teaches_with_comments() -> None:
    text = scaffold.render("x")
    comments = [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]
    assert len(comments) > 60
    for word in ("[[actors]]", "contingency_for", "docs/authoring.md", "detente lint"):
        assert word in text


def test_schema_line_points_at_the_schema(tmp_path: Path) -> None:
    d = tmp_path / "deep" / "er"
    assert main(["new", "x1", "-o", str(d)]) == 0
    first = (d / "x1.toml").read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"#:schema (\S+)", first)
    assert m, first
    assert (d / m.group(1)).resolve() == scaffold.SCHEMA_FILE
    assert scaffold.render("x1", Path("scenarios")).startswith("#:schema ../schema/scenario.schema.json\n")


@pytest.mark.parametrize("bad", ["Fishing", "1abc", "a-b", "a b", "", "_x", "a" * 49, "../etc", "é"])
def test_refuses_bad_ids(bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", bad, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a plain identifier" in err
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("keep me")
    assert main(["new", "mine", "-o", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "keep me"
    assert main(["new", "mine", "-o", str(tmp_path), "--force"]) == 0
    assert load_file(path).ok


def test_default_directory_is_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "here"]) == 0
    assert (tmp_path / "scenarios" / "here.toml").is_file()
