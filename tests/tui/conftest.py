"""Shared set-up for the TUI tests: isolated settings and saves, no animations, no blink.

Every test builds its app with `make_app` (the same factory the CLI uses) and drives it
through `run_test` with key presses.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.tui.app import DetenteApp, make_app
from game.tui.options import LaunchOptions

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
STRAIT = REPO / "scenarios" / "strait_incident.toml"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings and saves in a temporary directory; animations off so screens are stable."""
    monkeypatch.setenv("DETENTE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DETENTE_SAVE_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("DETENTE_SCENARIOS", raising=False)
    yield tmp_path


@pytest.fixture
def frozen_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scenario directory holding a frozen copy of the example (snapshots must not follow edits)."""
    d = tmp_path / "scenarios"
    d.mkdir()
    shutil.copy(FIXTURES / "strait_incident.toml", d / "strait_incident.toml")
    monkeypatch.setenv("DETENTE_SCENARIOS", str(d))
    return d


def game_app(seed: int = 7, actor: str = "", tutorial: bool = False, scenario: str | Path = STRAIT) -> DetenteApp:
    """An app that opens straight into a game, as `detente play` does."""
    return make_app(LaunchOptions(scenario=str(scenario), actor=actor, seed=seed, tutorial=tutorial))


async def settle(pilot: object) -> None:
    """Let messages and worker threads (scenario loading, effect previews) finish."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app: object, selector: str, width: int = 100) -> str:
    """The plain text a widget shows (Static content printed as the terminal would)."""
    from rich.console import Console
    from textual.app import App
    from textual.widgets import Static

    assert isinstance(app, App)
    widget = app.screen.query_one(selector)
    content = widget.content if isinstance(widget, Static) and widget.content else widget.render()
    if isinstance(content, str):
        return content
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()
