"""A few SVG snapshots at fixed sizes (animations off, cursor blink off, frozen scenario copy).

Regenerate after a deliberate visual change:
    .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.tui.app import make_app
from game.tui.options import LaunchOptions
from game.tui.settings import Settings


async def steady(pilot: Pilot[Any]) -> None:
    """Stop the cursor blinking and let every worker (scenario loading, previews) finish."""
    await pilot.pause(0.4)  # effect previews start once the highlight has rested
    await pilot.app.workers.wait_for_complete()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def app_for(scenarios: Path, **options: Any) -> Any:
    opts = LaunchOptions(seed=11, **options)
    return make_app(opts, Settings(theme="textual-dark"))


def test_main_menu(snap_compare: Any, frozen_scenarios: Path) -> None:
    assert snap_compare(app_for(frozen_scenarios), terminal_size=(100, 30), run_before=steady)


def test_new_game_picker(snap_compare: Any, frozen_scenarios: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await steady(pilot)

    assert snap_compare(app_for(frozen_scenarios), terminal_size=(100, 30), run_before=run_before)


def test_briefing_at_80x24(snap_compare: Any, frozen_scenarios: Path) -> None:
    app = app_for(frozen_scenarios, scenario=str(frozen_scenarios / "strait_incident.toml"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_orders(snap_compare: Any, frozen_scenarios: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("o")
        await steady(pilot)

    app = app_for(frozen_scenarios, scenario=str(frozen_scenarios / "strait_incident.toml"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("theme", ["detente-high-contrast"])
def test_dashboard_high_contrast(snap_compare: Any, frozen_scenarios: Path, theme: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("d")
        await steady(pilot)

    app = make_app(LaunchOptions(scenario=str(frozen_scenarios / "strait_incident.toml"), seed=11), Settings(theme=theme))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
