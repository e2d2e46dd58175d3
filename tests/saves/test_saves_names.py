"""Save names typed by players become one safe file name: no escapes, never empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.saves.names import MAX_NAME, sanitise_name


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("before summit", "before_summit"),
        ("../../etc/passwd", "etc_passwd"),
        ("..", "save"),
        ("/", "save"),
        ("", "save"),
        ("   ", "save"),
        ("C:\\Windows\\system32", "C_Windows_system32"),
        ("a/../../b", "a_b"),
        (".hidden", "hidden"),
        ("-rf", "rf"),
        ("nul", "nul_save"),
        ("CON", "CON_save"),
        ("com1", "com1_save"),
        ("Détente é", "Détente_é"),
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),  # NFKC folds compatibility forms
        ("Ангола", "Ангола"),
        ("会談の前", "会談の前"),
        ("😀 party", "party"),
        ("tab\there\nnewline\x00nul", "tab_here_newline_nul"),
        ("a" * 500, "a" * MAX_NAME),
        ("x.json", "x_json"),
    ],
)
def test_examples(name: str, want: str) -> None:
    assert sanitise_name(name) == want


@given(st.text(max_size=300))
def test_always_one_safe_component(name: str) -> None:
    out = sanitise_name(name)
    assert 0 < len(out) <= MAX_NAME + len("_save")
    assert Path(out).name == out and len(Path(out).parts) == 1
    assert not out.startswith((".", "-")) and "/" not in out and "\\" not in out and "\0" not in out
    assert all(ch.isalnum() or ch in "-_" for ch in out)
    assert sanitise_name(out) == out  # idempotent


def test_sanitised_names_stay_inside_the_save_directory(tmp_path: Path) -> None:
    from save_helpers import STRAIT, compiled, play

    from game.saves import SaveMeta, SaveStore

    store = SaveStore(tmp_path / "saves")
    g = play(compiled(str(STRAIT)), 1, 1, 1)
    for name in ("../escape", "/abs/path", "..\\..\\win", "", "🙂"):
        p = store.save(g, name, SaveMeta())
        assert p.resolve().parent == (tmp_path / "saves").resolve()
    assert not list(tmp_path.glob("*.json"))
