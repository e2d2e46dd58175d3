"""Shared fixtures: the example scenario and a scenario built to have dead content."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.compile import CompiledScenario, compile_scenario
from game.scenario.loader import Resolved, load_or_raise

ROOT = Path(__file__).resolve().parents[2]
STRAIT = ROOT / "scenarios" / "strait_incident.toml"
DEAD = Path(__file__).parent / "fixtures" / "dead_content.toml"


@pytest.fixture(scope="session")
def strait() -> CompiledScenario:
    return compile_scenario(load_or_raise(STRAIT))


@pytest.fixture(scope="session")
def dead_resolved() -> Resolved:
    return load_or_raise(DEAD)


@pytest.fixture(scope="session")
def dead(dead_resolved: Resolved) -> CompiledScenario:
    return compile_scenario(dead_resolved)
