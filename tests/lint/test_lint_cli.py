"""`detente lint`, `detente schema`, `detente new` through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main

FIX = Path(__file__).parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lint", "--strict", str(FIX / "clean.toml"))
    assert (code, out) == (0, "")
    assert "1 file, 0 errors, 0 warnings" in err


def test_warnings_exit_0_without_strict_and_1_with(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIX / "move_no_tags.toml")
    code, out, _ = run(capsys, "lint", path)
    assert code == 0
    [line] = out.splitlines()
    assert line.startswith(f"{path}:")
    assert ": moves[0]: warning: move 'charm' has no doctrine `tags`" in line
    assert line.endswith("[W-move-no-tags]")
    code, out2, _ = run(capsys, "lint", "--strict", path)
    assert code == 1 and out2 == out


def test_lint_errors_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", str(FIX / "no_moves_at_all.toml"))
    assert code == 1
    assert "[E-no-moves]" in out


def test_load_errors_are_printed_and_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text((FIX / "clean.toml").read_text().replace("turns = 5", "turns = 0"))
    code, out, _ = run(capsys, "lint", str(bad))
    assert code == 1
    assert out.startswith(f"{bad}:") and "scenario.turns" in out
    code, out, _ = run(capsys, "lint", str(tmp_path / "missing.toml"))
    assert code == 1 and "no such file" in out


def test_several_files_and_directories(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name in ("clean.toml", "move_no_tags.toml"):
        (tmp_path / name).write_text((FIX / name).read_text())
    code, out, err = run(capsys, "lint", str(tmp_path))
    assert code == 0
    assert len(out.splitlines()) == 1
    assert "2 files, 0 errors, 1 warning" in err


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", "--format", "json", str(FIX / "dead_band.toml"))
    assert code == 0
    data = json.loads(out)
    assert [d["code"] for d in data] == ["W-dead-band", "W-dead-band"]
    assert {"file", "line", "col", "path", "message", "severity", "code"} <= set(data[0])
    assert all(d["severity"] == "warning" for d in data)


@pytest.mark.parametrize(
    "argv",
    [
        ["lint"],
        ["lint", "--format", "xml", "x.toml"],
        ["lint", "--bogus", "x.toml"],
        ["schema", "extra"],
        ["new"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    capsys.readouterr()
