"""``detente validate``: exit codes, text and JSON output, directories, ``python -m game``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import build_parser, expand_paths, main

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal.toml"
BROKEN = HERE / "broken"
ROOT = HERE.parent.parent


def test_valid_file_exits_0_silently(capsys):
    assert main(["validate", str(MINIMAL)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "1 file, 0 errors\n"


def test_verbose_lists_ok_files(capsys):
    assert main(["validate", "--verbose", str(MINIMAL)]) == 0
    out, err = capsys.readouterr()
    assert out == f"ok: {MINIMAL}\n"
    assert err.startswith("1 file, 0 errors (")


def test_invalid_file_exits_1_with_one_line_per_problem(capsys):
    path = BROKEN / "many_errors.toml"
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    expected = (BROKEN / "many_errors.expected").read_text().replace("many_errors.toml", str(path))
    assert out == expected
    assert err == "1 file, 3 errors\n"


def test_mixed_files_and_missing(capsys, tmp_path):
    assert main(["validate", str(MINIMAL), str(tmp_path / "nope.toml")]) == 1
    out, err = capsys.readouterr()
    assert out == f"{tmp_path / 'nope.toml'}:1:1: no such file\n"
    assert err == "2 files, 1 error\n"


def test_directory_is_expanded_sorted_and_recursive(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    shutil.copy(MINIMAL, tmp_path / "b.toml")
    shutil.copy(BROKEN / "schema_out_of_range.toml", tmp_path / "sub" / "a.toml")
    (tmp_path / "notes.txt").write_text("ignored")
    assert [p for p, _ in expand_paths([str(tmp_path)])] == [str(tmp_path / "b.toml"), str(tmp_path / "sub" / "a.toml")]
    assert main(["validate", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{tmp_path / 'sub' / 'a.toml'}:20:14: actors[0].capability: must be between 0 and 100\n"
    assert err == "2 files, 1 error\n"


def test_empty_directory_is_an_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{tmp_path}:1:1: no scenario files (*.toml) in this directory\n"


def test_json_output(capsys):
    bad = BROKEN / "schema_out_of_range.toml"
    assert main(["validate", "--format", "json", str(MINIMAL), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == [
        {
            "file": str(bad),
            "line": 20,
            "col": 14,
            "path": "actors[0].capability",
            "message": "must be between 0 and 100",
            "severity": "error",
            "code": "E-schema",
        }
    ]
    assert err == "2 files, 1 error\n"
    assert main(["validate", "--format", "json", str(MINIMAL)]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    "argv",
    [["validate"], ["validate", "--format", "xml", "x.toml"], ["no-such-command"], ["--bogus"]],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage: detente" in capsys.readouterr().err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("detente ")
    assert "validate" in build_parser().format_help()


def test_no_arguments_starts_the_game_or_explains(monkeypatch, capsys):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert main([]) == 0
    assert "not built yet" in capsys.readouterr().out


def test_no_arguments_calls_tui_run(monkeypatch):
    import importlib
    import importlib.util
    import types

    called = []
    fake = types.SimpleNamespace(run=lambda: called.append(True))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    monkeypatch.setattr(importlib, "import_module", lambda name: fake)
    assert main([]) == 0
    assert called == [True]


def test_python_dash_m_game_validate():
    bad = BROKEN / "schema_bad_enum.toml"
    proc = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(MINIMAL), str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (BROKEN / "schema_bad_enum.expected").read_text().replace("schema_bad_enum.toml", str(bad))
    assert proc.stderr == "2 files, 1 error\n"
    assert "Traceback" not in proc.stderr
