"""The one seam between the game screens and saving (issue 5's `game.saves`).

The TUI never writes its own save format: a save is the saves package's business
(versioned, atomic, replayable).  Screens call only the four functions below.  Each
degrades to a one-line message if `game.saves` is absent or broken, so a problem with
saving can never take a game down with it.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session import Session

MISSING = "saving is not available in this build (the saves module is missing)"


@dataclass(frozen=True)
class SaveEntry:
    """One save the resume list offers."""

    ref: str  # what `load` takes back (the save file's path)
    label: str  # one line: scenario, actor, turn, date, outcome so far
    ok: bool = True


def _module() -> ModuleType | None:
    try:
        if importlib.util.find_spec("game.saves") is None:
            return None
        return importlib.import_module("game.saves")
    except Exception:  # a half-installed package must not break the game screens
        return None


def available() -> bool:
    return _module() is not None


def _policies(session: Session) -> dict[str, str]:
    return {a.id: a.personality for a in session.cs.actors if a.id != session.human}


def autosave(session: Session) -> str:
    """Autosave after a turn: '' on success (or when saving is absent), else the problem."""
    mod = _module()
    if mod is None:
        return ""
    try:
        mod.autosave(session.game, actor=session.human, difficulty=session.difficulty, policies=_policies(session))
    except Exception as exc:  # the game goes on; the player is told the autosave failed
        return f"autosave failed: {exc}"
    return ""


def save(session: Session, name: str) -> tuple[bool, str]:
    """A named manual save: (ok, one line for the player)."""
    mod = _module()
    if mod is None:
        return False, MISSING
    try:
        path = mod.save(session.game, name, actor=session.human, difficulty=session.difficulty,
                        policies=_policies(session))
    except Exception as exc:
        return False, f"not saved: {exc}"
    return True, f"saved: {getattr(path, 'name', path)}"


def list_saves() -> tuple[list[SaveEntry], str]:
    """The saves to resume from, newest first, and a message when there are none or listing failed."""
    mod = _module()
    if mod is None:
        return [], MISSING
    try:
        infos = list(mod.list_saves())
    except Exception as exc:
        return [], f"could not list saves: {exc}"
    out = [SaveEntry(str(i.ref), str(i.label), bool(getattr(i, "ok", True))) for i in infos]
    return out, "" if out else "No saved games yet: games autosave after every turn."


def load(ref: str) -> tuple[Session | None, str]:
    """Resume a save as a session, or (None, one-line reason); notes from the save come back as the message."""
    from .session import DIFFICULTIES, Session, default_actor

    mod = _module()
    if mod is None:
        return None, MISSING
    try:
        resumed = mod.load(ref)
    except Exception as exc:
        return None, str(exc) or f"could not load {ref}"
    game = resumed.game
    actor = resumed.actor if resumed.actor in game.cs.actor_index else default_actor(game.cs)
    difficulty = resumed.difficulty if resumed.difficulty in DIFFICULTIES else "normal"
    session = Session(game, actor, difficulty=difficulty, save_name=ref)
    return session, " · ".join(getattr(resumed, "notes", []) or [])
