"""Which build of the engine and the bots runs: compiled with mypyc, or pure Python.

``tools/build_native.py`` (``make native``) may compile the hot modules below in place.
Python prefers an extension module to its source, so a build older than an edited source
would quietly run old rules.  ``ensure()`` -- run once by ``game/__init__`` -- costs a
dozen ``stat`` calls: when a listed source is newer than the build's stamp, or
``DETENTE_PURE=1`` is set, it makes those modules load from their ``.py`` files instead.
Both builds give the same results (tests/test_native.py plays the same games both ways).

Standard library only, and nothing imported that start-up would not load anyway.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = os.path.join(HERE, "native.json")  # written by tools/build_native.py after a build
# The hot path of a turn and of a bot's decision (module names under game/).  Not
# engine.game: a Game is a thin shell over `step`, and saves hold weak references to it
# (a compiled class would refuse them).
MODULES = (
    "engine.events",
    "engine.state",
    "engine.exprs",
    "engine.compile",
    "engine.rules",
    "engine.views",
    "bots.rng",
    "bots.tables",
    "bots.policies",
    "bots.beliefs",
    "bots.decide",
)
NAMES = frozenset(f"game.{m}" for m in MODULES)

_state = {"reason": ""}  # why the pure build was forced ('' when it was not)


def source(name: str) -> str:
    """The .py file of a listed module (``game.engine.rules``)."""
    return os.path.join(HERE, *name.split(".")[1:]) + ".py"


class _FromSource:
    """Loads the listed modules from their sources, ignoring any compiled build."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if fullname not in NAMES:
            return None
        return spec_from_file_location(fullname, source(fullname))


def _stale() -> bool:
    try:
        built = os.stat(STAMP).st_mtime
    except OSError:
        return False  # never built (or build removed): see _building
    return any(os.stat(source(n)).st_mtime > built for n in NAMES)


def _building() -> bool:
    """No stamp, but compiled modules on disk: a build is writing them (the stamp is written
    last).  A process starting now must not load half a build, nor mix compiled and pure
    modules: it runs from the sources, its whole life."""
    if os.path.exists(STAMP):
        return False
    return any(os.path.exists(os.path.join(HERE, *n.split(".")[1:]) + sfx) for n in NAMES for sfx in EXTENSION_SUFFIXES)


def ensure() -> None:
    """Force the pure build when asked to, or when the compiled one is older than its sources."""
    if _state["reason"] or any(isinstance(f, _FromSource) for f in sys.meta_path):
        return
    if os.environ.get("DETENTE_PURE") == "1":
        _state["reason"] = "DETENTE_PURE=1"
    elif os.environ.get("DETENTE_BUILDING") == "1":  # tools/build_native.py itself
        _state["reason"] = "building"
    elif _stale():
        _state["reason"] = "compiled modules older than their sources: run make native"
        print(f"detente: {_state['reason']}; running pure Python meanwhile", file=sys.stderr)
    elif _building():
        _state["reason"] = "the compiled build is still being made"
    else:
        return
    sys.meta_path.insert(0, _FromSource())


def status() -> str:
    """'compiled (mypyc)' or 'pure Python (why)', for benchmarks and ``detente playtest``."""
    import game.engine.rules as rules

    if not (rules.__file__ or "").endswith(".py"):
        return "compiled (mypyc)"
    why = _state["reason"] or "not compiled: make native"
    return f"pure Python ({why})"
