"""`make play` builds the compiled engine in the background: when it starts one, and why a game
started meanwhile never loads half a build.

The build itself (mypyc, about a minute) is what `make test` runs in the foreground and
tests/native/test_native_build.py checks; here are the decisions around it.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from game import native

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_native  # noqa: E402

sys.path.pop(0)


def make_package(root: Path, *, built: bool) -> None:
    """Empty sources for every compiled module, and (`built`) one compiled file beside them."""
    for name in native.NAMES:
        src = root.joinpath(*name.split(".")[1:]).with_suffix(".py")
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text("")
        if built and name == "game.engine.rules":
            src.with_suffix(EXTENSION_SUFFIXES[0]).write_bytes(b"")


def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, stamp: bool, built: bool) -> None:
    make_package(tmp_path, built=built)
    monkeypatch.setattr(native, "HERE", str(tmp_path))
    monkeypatch.setattr(native, "STAMP", str(tmp_path / "native.json"))
    if stamp:
        (tmp_path / "native.json").write_text("{}")


def test_compiled_modules_without_a_stamp_are_a_build_in_progress(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake_package(tmp_path, monkeypatch, stamp=False, built=True)
    assert native._building()  # the stamp is written last: a game starting now runs from the sources


def test_a_finished_build_or_no_build_is_not_in_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_package(tmp_path / "a", monkeypatch, stamp=True, built=True)
    assert not native._building()
    fake_package(tmp_path / "b", monkeypatch, stamp=False, built=False)
    assert not native._building()


def test_a_game_started_during_a_build_runs_pure_python(tmp_path: Path) -> None:
    """ensure() in a fresh process, pointed at a package with compiled files and no stamp."""
    import subprocess

    pkg = tmp_path / "pkg"
    make_package(pkg, built=True)
    code = ("import game.native as n, sys\n"
            "n._state['reason'] = ''\n"
            "sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, n._FromSource)]\n"
            f"n.HERE = {str(pkg)!r}; n.STAMP = {str(pkg / 'native.json')!r}\n"
            "n.ensure(); print(n.status())")
    env = {k: v for k, v in os.environ.items() if k not in ("DETENTE_PURE", "DETENTE_BUILDING")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert out.stdout.strip() == "pure Python (the compiled build is still being made)"


def test_the_build_tool_says_nothing_of_the_build_it_replaces() -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "DETENTE_PURE"}
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_native.py"), "--help"], capture_output=True,
                         text=True, env=env, cwd=ROOT, check=True)
    assert out.stderr == "" and "--background" in out.stdout


def test_background_starts_nothing_when_there_is_nothing_to_do(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    started: list[object] = []
    monkeypatch.setattr(build_native.subprocess, "Popen", lambda *a, **k: started.append(a))
    monkeypatch.delenv("DETENTE_PURE", raising=False)

    monkeypatch.setattr(build_native, "up_to_date", lambda: False)
    monkeypatch.setattr(build_native, "compiler", lambda: "")
    assert build_native.background() == 0
    assert "no C compiler" in capsys.readouterr().out and not started

    monkeypatch.setattr(build_native, "compiler", lambda: "/usr/bin/cc")
    monkeypatch.setattr(build_native, "_running", lambda: True)
    assert build_native.background() == 0
    assert "still being built" in capsys.readouterr().out and not started

    monkeypatch.setenv("DETENTE_PURE", "1")
    monkeypatch.setattr(build_native, "_running", lambda: False)
    assert build_native.background() == 0 and not started  # the player asked for pure Python


def test_a_stale_pid_file_is_no_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = tmp_path / "native-build.pid"
    monkeypatch.setattr(build_native, "LOCK", lock)
    assert not build_native._running()
    lock.write_text("999999999")
    assert not build_native._running()
    lock.write_text(str(os.getpid()))
    assert build_native._running()
