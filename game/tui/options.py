"""What the command line asks the TUI to do at launch (no Textual import: the CLI builds it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LaunchOptions:
    """`detente` alone: all empty (main menu).  `detente play S` / `detente resume S`: straight into a game."""

    scenario: str = ""  # path or id; empty opens the main menu
    actor: str = ""
    seed: int | None = None
    difficulty: str = "normal"
    tutorial: bool = False
    resume: str = ""  # a save to resume (path or name, as `game.saves.load` takes it)
    watch: bool = False  # play-as-you-write: rebuild the game when the scenario file is saved
