"""The layers' arrows point inward only: scenario <- engine <- shells.

Checked two ways, like Harlequin: importing the inner layers in a fresh interpreter
must not load textual or rich, and no module of an inner layer may import an outer one.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GAME = ROOT / "game"


@pytest.mark.parametrize("module", ["game.engine", "game.scenario", "game.engine.game", "game.scenario.loader"])
def test_inner_layers_do_not_load_ui_libraries(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r});"
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


def test_engine_imports_all_modules_without_ui() -> None:
    mods = [f"game.engine.{p.stem}" for p in sorted((GAME / "engine").glob("*.py")) if p.stem != "__init__"]
    code = (
        "import sys, importlib\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "print(','.join(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    pkg = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - (node.level - 1)]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


FORBIDDEN = {
    "scenario": ("game.engine", "game.tui", "game.cli", "game.commands", "game.saves", "game.report", "game.bots",
                 "textual", "rich"),
    "engine": ("game.tui", "game.cli", "game.commands", "game.saves", "game.report", "game.bots", "textual",
               "rich", "os", "io", "pathlib", "time", "datetime", "subprocess", "socket"),
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_outward_imports(layer: str) -> None:
    bad = []
    for path in sorted((GAME / layer).rglob("*.py")):
        for imp in _imports(path):
            for prefix in FORBIDDEN[layer]:
                if imp == prefix or imp.startswith(prefix + "."):
                    bad.append(f"{path.relative_to(ROOT)} imports {imp}")
    assert not bad, "\n".join(bad)


def test_game_package_init_is_light() -> None:
    code = "import sys, game; print(len([m for m in sys.modules if m.startswith(('pydantic', 'textual', 'rich'))]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "0"


def test_classroom_screens_do_not_import_the_app() -> None:
    """The app pushes its screens; screens reach the app through `host.SeatHost` only."""
    bad = []
    for path in sorted((GAME / "tui" / "classroom").rglob("*.py")):
        if path.name in ("app.py", "__init__.py") and path.parent.name == "classroom":
            continue
        for imp in _imports(path):
            if imp == "game.tui.classroom.app":
                bad.append(f"{path.relative_to(ROOT)} imports {imp}")
    assert not bad, "\n".join(bad)


def test_the_classroom_store_and_access_do_not_load_the_engine() -> None:
    """A browser seat checks its code before the engine, pydantic or the scenario layer load."""
    code = ("import sys, game.classroom.access, game.tui.classroom.app, game.tui.classroom.screens.login; "
            "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'game.engine', 'game.scenario'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_the_main_menu_loads_neither_the_game_nor_the_scenario_picker() -> None:
    """Start-up imports what the first screen needs (issue 18): the engine, pydantic, the scenario
    layer, the session and the picker load when a game or the picker starts."""
    code = ("import sys, asyncio\n"
            "from game.tui.app import make_app\n"
            "app = make_app()\n"
            "async def ap(pilot):\n"
            "    await pilot.pause()\n"
            "    print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'game.engine', 'game.scenario',"
            " 'game.tui.session', 'game.tui.scenarios', 'game.bots'))))\n"
            "    pilot.app.exit()\n"
            "app.run(headless=True, auto_pilot=ap)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "DETENTE_CONFIG_DIR": str(ROOT / "build" / "no-config")})
    assert out.stdout.strip().splitlines()[-1] == "[]"
