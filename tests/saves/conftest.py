from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from save_helpers import STRAIT, compiled  # noqa: E402

from game.engine.compile import CompiledScenario  # noqa: E402


@pytest.fixture(scope="session")
def strait() -> CompiledScenario:
    return compiled(str(STRAIT))


@pytest.fixture(autouse=True)
def _no_env_save_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a developer's DETENTE_SAVE_DIR."""
    monkeypatch.delenv("DETENTE_SAVE_DIR", raising=False)
