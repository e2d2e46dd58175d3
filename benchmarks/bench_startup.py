"""Time from launch to the interactive main menu, against a minimal Textual app.

Both are measured the same way in the same run: a fresh Python process starts the app
headless, an auto-pilot waits until the first screen is ready, prints the time and exits;
the wall time from spawning the process to that moment is recorded.  The minimal app (one Label) is the
floor every Textual program pays (interpreter, Textual import, first render), so the
ratio says what Détente adds.  Target: at most 1.2× the floor (issue 18; it was 1.5×).

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """
import time
from textual.app import App
from textual.widgets import Label

class Minimal(App[None]):
    def compose(self):
        yield Label("ready")

async def autopilot(pilot):
    await pilot.pause()
    print(time.time(), flush=True)
    pilot.app.exit()

Minimal().run(headless=True, auto_pilot=autopilot)
"""

DETENTE = """
import time
from game.tui.app import make_app
from game.tui.screens.main_menu import MainMenuScreen

app = make_app()

async def autopilot(pilot):
    await pilot.pause()
    assert isinstance(pilot.app.screen, MainMenuScreen), pilot.app.screen
    print(time.time(), flush=True)
    pilot.app.exit()

app.run(headless=True, auto_pilot=autopilot)
"""


def once(code: str, env: dict[str, str]) -> float:
    """Seconds from spawning the process to the app reporting its first screen ready."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1]) - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions of each (default 7; the median is reported)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DETENTE_CONFIG_DIR": tmp, "DETENTE_SAVE_DIR": tmp, "TEXTUAL_ANIMATIONS": "none"}
        # Warm the file cache and write the bytecode of both, as any second start finds it
        # (even where PYTHONDONTWRITEBYTECODE is set, as on these machines: without
        # bytecode every start would compile Détente's modules and none of the minimal app's).
        warm = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        once(MINIMAL, warm)
        once(DETENTE, warm)
        floor: list[float] = []
        ours: list[float] = []
        for _ in range(args.runs):  # interleaved, so machine load affects both alike
            floor.append(once(MINIMAL, env))
            ours.append(once(DETENTE, env))
    f, d = statistics.median(floor), statistics.median(ours)
    print(f"minimal Textual app : median {f * 1000:7.1f} ms  (runs: {', '.join(f'{x * 1000:.0f}' for x in floor)})")
    print(f"detente main menu   : median {d * 1000:7.1f} ms  (runs: {', '.join(f'{x * 1000:.0f}' for x in ours)})")
    ratio = d / f
    paired = statistics.median(b / a for a, b in zip(floor, ours, strict=True))
    print(f"ratio               : {ratio:.2f}x  (target <= 1.20x) {'OK' if ratio <= 1.2 else 'OVER TARGET'}; "
          f"median of the {args.runs} back-to-back pairs {paired:.2f}x (steadier when the machine's speed drifts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
