"""Finding and loading the scenarios a player can pick from.

The picker needs a short card per file (title, summary, actors, turns, difficulty) or a
one-line reason the file cannot be played; it must never show a traceback, because
scenario files are written by instructors and may be half-finished.  Loading is the
scenario layer's job (`load_file`); this module only discovers files and condenses the
result for display.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.compile import CompiledScenario

ENV_DIR = "DETENTE_SCENARIOS"


def scenarios_dir() -> Path:
    """The scenario directory: ``$DETENTE_SCENARIOS`` or the repository's ``scenarios/``."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import game

    return Path(game.__file__).resolve().parent.parent / "scenarios"


def scenario_files(directory: Path | None = None) -> list[Path]:
    """Every ``*.toml`` directly in the directory, sorted by name (none if it is missing)."""
    d = directory or scenarios_dir()
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("*.toml") if p.is_file())


@dataclass(frozen=True)
class ActorCard:
    id: str
    name: str
    kind: str
    control: str
    playable: bool
    personality: str
    description: str


@dataclass(frozen=True)
class ScenarioCard:
    """What the picker shows for one file: the facts, or why it cannot be played."""

    path: Path
    id: str = ""
    title: str = ""
    summary: str = ""
    turns: int = 0
    turn_length: str = ""
    difficulty: str = ""
    actors: tuple[ActorCard, ...] = ()
    has_tutorial: bool = False
    error: str = ""
    extra: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def playable_actors(self) -> tuple[ActorCard, ...]:
        return tuple(a for a in self.actors if a.playable)

    def default_actor(self) -> str:
        """The actor the author meant a solo player to take: the first human-controlled one."""
        for a in self.actors:
            if a.control == "human" and a.playable:
                return a.id
        playable = self.playable_actors
        return playable[0].id if playable else ""


def read_card(path: Path) -> ScenarioCard:
    """Load one file and condense it; load problems become a one-line `error`."""
    from game.scenario.loader import load_file

    result = load_file(path)
    if not result.ok or result.resolved is None:
        errors = [d for d in result.diagnostics if d.is_error] or result.diagnostics
        first = errors[0].format() if errors else f"{path}: cannot be loaded"
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return ScenarioCard(path=path, id=path.stem, title=path.stem, error=first + more)
    sc = result.resolved.scenario
    meta = sc.scenario
    actors = tuple(
        ActorCard(a.id, a.name, a.kind.value, a.control.value, a.playable, a.personality.value, a.description)
        for a in sc.actors
    )
    return ScenarioCard(
        path=path, id=meta.id, title=meta.title, summary=" ".join(meta.summary.split()), turns=meta.turns,
        turn_length=meta.turn_length, difficulty=meta.difficulty, actors=actors, has_tutorial=bool(meta.tutorial),
    )


def read_cards(directory: Path | None = None) -> list[ScenarioCard]:
    return [read_card(p) for p in scenario_files(directory)]


class ScenarioLoadError(Exception):
    """A scenario that cannot be played; ``str()`` is one line for the player."""


def resolve_path(ref: str, directory: Path | None = None) -> Path:
    """A scenario given as a path, a file name in the scenario directory, or a scenario id."""
    p = Path(ref)
    if p.is_file():
        return p
    d = directory or scenarios_dir()
    for candidate in (d / ref, d / f"{ref}.toml"):
        if candidate.is_file():
            return candidate
    raise ScenarioLoadError(f"{ref}: no such scenario file (looked in {d})")


_compiled: dict[tuple[str, int, int], CompiledScenario] = {}


def compile_path(path: Path) -> CompiledScenario:
    """Load and compile a scenario, or raise `ScenarioLoadError` with the first problem.

    A compiled scenario is never changed by play, so it is kept per (file, mtime, size):
    "New game" on the same file again starts at once.
    """
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _compiled:
        return _compiled[key]
    cs = _compile(path)
    if key is not None:
        _compiled[key] = cs
    return cs


def _compile(path: Path) -> CompiledScenario:
    from game.engine.compile import compile_scenario
    from game.scenario.loader import load_file

    result = load_file(path)
    if not result.ok or result.resolved is None:
        errors = [d for d in result.diagnostics if d.is_error] or result.diagnostics
        first = errors[0].format() if errors else f"{path}: cannot be loaded"
        more = f" (+{len(errors) - 1} more problems: run `detente validate {path}`)" if len(errors) > 1 else ""
        raise ScenarioLoadError(first + more)
    return compile_scenario(result.resolved)


def tutorial_card(cards: list[ScenarioCard]) -> ScenarioCard | None:
    """The scenario the Tutorial entry starts: one with id 'tutorial', else the easiest with tutorial notes."""
    playable = [c for c in cards if c.ok]
    for c in playable:
        if c.id == "tutorial" or c.difficulty == "tutorial":
            return c
    with_notes = [c for c in playable if c.has_tutorial]
    order = {"tutorial": 0, "introductory": 1, "intermediate": 2, "advanced": 3}
    with_notes.sort(key=lambda c: (order.get(c.difficulty, 9), c.turns))
    return with_notes[0] if with_notes else (playable[0] if playable else None)
