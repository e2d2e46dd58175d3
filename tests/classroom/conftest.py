"""Shared set-up for the classroom tests: a fresh session file per test, no animations."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from game.classroom.session import Session

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "strait_incident.toml"
TWO = {"alpha": "azuria", "bravo": "corvania"}


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DETENTE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DETENTE_SAVE_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield tmp_path


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    path = tmp_path / "saves" / "classroom" / "drill.sqlite"
    s = Session.create(path, SCENARIO, TWO, seed=3)
    (tmp_path / "codes.json").write_text(json.dumps(s.new_codes))
    s.close()
    return path


@pytest.fixture
def codes(session_path: Path) -> dict[str, Any]:
    """The seat codes `class new` showed once for the `session_path` session."""
    out: dict[str, Any] = json.loads((session_path.parents[2] / "codes.json").read_text())
    return out


def plain(*renderables: object) -> str:
    """Render widgets' contents as the terminal would show them, as plain text."""
    console = Console(width=160, record=True, file=io.StringIO(), color_system=None)
    for r in renderables:
        console.print(r)
    return console.export_text()


def screen_text(screen: object) -> str:
    """Every Static, Label, option-list entry and log line on a screen, as plain text."""
    from textual.screen import Screen
    from textual.widgets import OptionList, Static, Tree

    assert isinstance(screen, Screen)
    parts: list[object] = []
    for w in screen.query(Static):
        parts.append(w.content)
    for ol in screen.query(OptionList):
        parts.extend(o.prompt for o in ol.options)
    for tree in screen.query(Tree):
        stack = [tree.root]
        while stack:
            node = stack.pop()
            parts.append(node.label)
            stack.extend(node.children)
    return plain(*parts)
