"""Saves: autosave, named saves, resume and exact replay (docs/saves.md).

The small API the shells use::

    from game.saves import SaveStore, SaveMeta, load_save, write_save, SaveError

    meta = SaveMeta.for_scenario(resolved, player="azuria", policies={...})
    store = SaveStore()                 # --save-dir > $DETENTE_SAVE_DIR > ./saves
    store.autosave(game, meta)          # after every turn; keeps the last 5 per game
    store.save(game, "before summit", meta)
    store.list(); store.latest()        # SaveInfo: scenario, player, turn, updated, outcome
    data = load_save(path)              # SaveData, checked; SaveError = one line to show
    game = data.restore()               # replayed from the embedded scenario, hashes verified
    meta = data.meta()                  # keep saving the resumed game under its own id

Shells holding only a ``Game`` can use the module-level functions instead, which keep
one SaveMeta per live game: ``autosave(game, actor=...)``, ``save(game, name, actor=...)``,
``list_saves()`` (``SaveInfo.ref``/``.label``) and ``load(ref)`` (a ``Resumed``: ``.game``,
``.actor``, ``.difficulty``, ``.notes``).

Nothing here imports the engine until a game is encoded or restored.
"""

from __future__ import annotations

from .api import adopt, autosave, list_saves, load, meta_for, save
from .format import (
    FORMAT_VERSION,
    Intervention,
    SaveData,
    SavedTurn,
    SaveError,
    SaveMeta,
    Summary,
    load_save,
    parse_save,
)
from .names import sanitise_name
from .store import SaveInfo, SaveStore, resolve_dir, write_save

__all__ = [
    "adopt",
    "autosave",
    "list_saves",
    "load",
    "meta_for",
    "save",
    "FORMAT_VERSION",
    "Intervention",
    "SaveData",
    "SaveError",
    "SaveInfo",
    "SaveMeta",
    "SaveStore",
    "SavedTurn",
    "Summary",
    "load_save",
    "parse_save",
    "resolve_dir",
    "sanitise_name",
    "write_save",
]
