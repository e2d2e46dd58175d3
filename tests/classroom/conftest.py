"""Shared set-up for the classroom tests: a fresh session per test, no animations.

Every test runs on both session stores: SQLite (a file in the test's save directory) and
PostgreSQL (a fresh database in a real server that this fixture starts with initdb and
pg_ctl on loopback, once per test worker; `DETENTE_STORE` points every process of the
test at it).  A test about the SQLite file itself is marked `sqlite_only`.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from game.classroom.session import Session
from game.classroom.where import locate

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "strait_incident.toml"
TWO = {"alpha": "azuria", "bravo": "corvania"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_engine" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("store_engine", ["sqlite"] if only else ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    sys.path.insert(0, str(ROOT / "tools"))
    from pgtemp import TempPostgres

    pg = TempPostgres()
    try:
        yield pg
    finally:
        pg.stop()


_DB_COUNT = [0]


@pytest.fixture
def store_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "postgresql":
        from game.classroom.pgstore import init_database

        pg = request.getfixturevalue("pg_cluster")
        _DB_COUNT[0] += 1
        url = pg.create_database(f"t{os.getpid()}_{_DB_COUNT[0]}")
        init_database(url)
        monkeypatch.setenv("DETENTE_STORE", url)
    else:
        monkeypatch.delenv("DETENTE_STORE", raising=False)
    return str(request.param)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_engine: str) -> Iterator[Path]:
    monkeypatch.setenv("DETENTE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DETENTE_SAVE_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield tmp_path


@pytest.fixture
def session_path(tmp_path: Path) -> Any:
    """Where the test's session 'drill' is: a file, or a PostgreSQL session."""
    path = locate(tmp_path / "saves", "drill")
    s = Session.create(path, SCENARIO, TWO, seed=3)
    (tmp_path / "codes.json").write_text(json.dumps(s.new_codes))
    s.close()
    return path


@pytest.fixture
def codes(session_path: Any, tmp_path: Path) -> dict[str, Any]:
    """The seat codes `class new` showed once for the `session_path` session."""
    out: dict[str, Any] = json.loads((tmp_path / "codes.json").read_text())
    return out


def save_dir() -> Path:
    """The test's save directory (where SQLite sessions, exports and reports go)."""
    return Path(os.environ["DETENTE_SAVE_DIR"])


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
