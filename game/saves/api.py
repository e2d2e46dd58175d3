"""Module-level conveniences for shells that hold only a ``Game`` (the TUI's seam).

``autosave(game, actor=...)`` needs the game's id and creation time from one call to
the next; this module remembers a ``SaveMeta`` per live ``Game`` object (by identity,
without keeping the game alive), so a shell need not carry one around.  Shells that
prefer explicit state use ``SaveStore`` and ``SaveMeta`` directly.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .format import SaveMeta
from .store import SaveInfo, SaveStore

if TYPE_CHECKING:
    from game.engine.game import Game

    from .restore import Resumed

_metas: dict[int, tuple[weakref.ref[Any], SaveMeta]] = {}


def _remember(game: Game, meta: SaveMeta) -> None:
    key = id(game)

    def forget(_ref: weakref.ref[Any]) -> None:
        _metas.pop(key, None)

    _metas[key] = (weakref.ref(game, forget), meta)


def meta_for(
    game: Game,
    *,
    actor: str | None = None,
    difficulty: str | None = None,
    policies: dict[str, str] | None = None,
) -> SaveMeta:
    """The SaveMeta remembered for this live game (created on first use), updated with what is given."""
    key = id(game)
    entry = _metas.get(key)
    meta = entry[1] if entry is not None and entry[0]() is game else None
    if meta is None:
        meta = SaveMeta()
        _remember(game, meta)
    if actor:
        meta.player = actor
    if difficulty:
        meta.settings["difficulty"] = difficulty
    if policies is not None:
        meta.policies = dict(policies)
    return meta


def adopt(game: Game, meta: SaveMeta) -> None:
    """Remember ``meta`` for ``game`` (a resumed game keeps saving under its own id)."""
    _remember(game, meta)


def autosave(
    game: Game,
    *,
    actor: str | None = None,
    difficulty: str | None = None,
    policies: dict[str, str] | None = None,
    save_dir: str | Path | None = None,
) -> Path:
    """Autosave ``game`` after a turn (keeps the last few of this game); SaveError on failure."""
    return SaveStore(save_dir).autosave(
        game, meta_for(game, actor=actor, difficulty=difficulty, policies=policies)
    )


def save(
    game: Game,
    name: str,
    *,
    actor: str | None = None,
    difficulty: str | None = None,
    policies: dict[str, str] | None = None,
    save_dir: str | Path | None = None,
) -> Path:
    """A named save of ``game`` (name sanitised); returns the file written; SaveError on failure."""
    meta = meta_for(game, actor=actor, difficulty=difficulty, policies=policies)
    return SaveStore(save_dir).save(game, name, meta)


def list_saves(save_dir: str | Path | None = None) -> list[SaveInfo]:
    """Every save, newest first (unreadable ones included, with ``problem`` and a label saying why)."""
    return SaveStore(save_dir).list()


def load(ref: str, save_dir: str | Path | None = None) -> Resumed:
    """Resume a save by path or name: ``.game``, ``.actor``, ``.difficulty``, ``.notes``; SaveError if unusable."""
    resumed = SaveStore(save_dir).resume(ref)
    adopt(resumed.game, resumed.meta)
    return resumed
