"""Make tests/report/drill.py importable as `drill`, and the engine tests' scenario
builders as `engine_helpers` (tests are not a package)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "engine"))
