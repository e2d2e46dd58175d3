"""The save directory: autosaves, named saves, listing and finding them.

Layout: ``DIR/NAME.json`` for named saves, ``DIR/auto/SCENARIO-GAMEID-tNNNN.json`` for
autosaves (the last ``keep`` of each game).  Every write is atomic (``atomic.py``).

Two running games never overwrite each other's files: each line of play has its own
``game_id``; an autosave continues a game id only when the newest autosave of that id is
a prefix of this game (otherwise, e.g. after resuming an older save, the game branches
to a fresh id); a named save overwrites a file only if it belongs to the same game id,
else it takes the next free ``NAME-2``, ``NAME-3``...
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import create_atomic, is_temp, sweep_temp, write_atomic
from .format import SaveData, SaveError, SaveMeta, encode, load_save, new_game_id, to_bytes, utc_now
from .names import sanitise_name

if TYPE_CHECKING:
    from game.engine.game import Game

    from .restore import Resumed

ENV_VAR = "DETENTE_SAVE_DIR"
DEFAULT_DIR = "saves"
AUTO_SUBDIR = "auto"
DEFAULT_KEEP = 5
_AUTO_NAME = re.compile(r"(?P<scenario>.+)-(?P<id>[^-]+)-t(?P<turn>\d+)\.json")


def local_time(stamp: str) -> str:
    """An ISO 8601 UTC timestamp as local 'YYYY-MM-DD HH:MM'; the input unchanged if unparseable."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def resolve_dir(directory: str | Path | None = None) -> Path:
    """Where saves live: the given directory (``--save-dir``) > $DETENTE_SAVE_DIR > ./saves."""
    if directory:
        return Path(directory)
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path(DEFAULT_DIR)


@dataclass(frozen=True)
class SaveInfo:
    """One line of a save listing; ``problem`` is set (and the rest mostly empty) for a bad file."""

    path: Path
    name: str
    kind: str = ""
    game_id: str = ""
    scenario_id: str = ""
    scenario_title: str = ""
    player: str | None = None
    turn: int = 0
    turns_played: int = 0
    over: bool = False
    outcome: str = ""
    stability: float | None = None
    created: str = ""
    updated: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def ref(self) -> str:
        """What ``load``/``SaveStore.find`` takes back."""
        return str(self.path)

    @property
    def when(self) -> str:
        """``updated`` in local time, minutes precision ('' if unknown)."""
        return local_time(self.updated)

    @property
    def progress(self) -> str:
        return f"ended after turn {self.turns_played}" if self.over else f"turn {self.turn}"

    @property
    def label(self) -> str:
        """One line for a resume list: scenario, actor, turn, date, outcome so far."""
        if self.problem:
            reason = self.problem.split(": ", 1)[-1]
            return f"{self.path.name}: unusable ({reason})"
        parts = [
            self.scenario_title or self.scenario_id,
            self.player or "no player",
            self.progress,
            self.when,
            self.outcome or "outcome unknown",
        ]
        if self.kind == "manual":
            parts.insert(0, f"“{self.name}”")
        elif self.kind == "autosave":
            parts.insert(0, "autosave")
        return " · ".join(p for p in parts if p)

    @classmethod
    def of(cls, path: Path, data: SaveData) -> SaveInfo:
        s = data.summary
        return cls(
            path=path,
            name=data.name or path.stem,
            kind=data.kind,
            game_id=data.game_id,
            scenario_id=data.scenario_id,
            scenario_title=data.scenario_title,
            player=data.player,
            turn=data.turn,
            turns_played=data.turns_played,
            over=s.over if s else False,
            outcome=s.band_name if s else "",
            stability=s.stability if s else None,
            created=data.created,
            updated=data.updated,
        )


def write_save(
    path: str | Path, game: Game, meta: SaveMeta, kind: str = "headless", now: str | None = None
) -> Path:
    """Write ``game`` to exactly ``path`` (replacing it atomically); SaveError if impossible."""
    p = Path(path)
    stamp = now or utc_now()
    meta.created = meta.created or stamp
    data = to_bytes(encode(game, meta, kind, stamp))
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, data)
    except OSError as exc:
        raise SaveError(f"{p}: cannot write save: {_os_reason(exc)}") from None
    return p


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


class SaveStore:
    """A directory of saves. Cheap to create; nothing touches the disk until used."""

    def __init__(
        self,
        dir: str | Path | None = None,  # noqa: A002 - the name the TUI API was agreed with
        *,
        keep: int = DEFAULT_KEEP,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.dir = resolve_dir(dir)
        self.auto_dir = self.dir / AUTO_SUBDIR
        self.keep = max(1, keep)
        self.clock = clock

    # ------------------------------------------------------------------ writing
    def autosave(self, game: Game, meta: SaveMeta) -> Path:
        """Save ``game`` as this game's newest autosave and keep only the last ``keep`` of them.

        May give ``meta`` a fresh ``game_id`` when the game no longer continues the saved
        history of its id (resumed from an older save, or the same save resumed twice).
        """
        now = self.clock()
        meta.created = meta.created or now
        ours = [t.orders for t in game.turns]
        scenario_id = sanitise_name(game.cs.id)
        try:
            self.auto_dir.mkdir(parents=True, exist_ok=True)
            for _ in range(100):
                if not self._continues(meta.game_id, game.seed, ours):
                    meta.game_id = new_game_id()
                path = self.auto_dir / f"{scenario_id}-{meta.game_id}-t{len(game.turns):04d}.json"
                data = to_bytes(
                    encode(
                        game, meta, "autosave", now, name=f"autosave after turn {len(game.turns)}"
                    )
                )
                if path.exists():  # the same game saved twice at one turn: replace
                    write_atomic(path, data)
                    break
                try:
                    create_atomic(path, data)
                    break
                except FileExistsError:  # another process took this name a moment ago: re-check
                    continue
            else:  # pragma: no cover - would need 100 lost races in a row
                raise SaveError(f"{self.auto_dir}: cannot find a free autosave name")
        except OSError as exc:
            raise SaveError(f"{self.auto_dir}: cannot autosave: {_os_reason(exc)}") from None
        self._prune(meta.game_id)
        return path

    def save(self, game: Game, name: str, meta: SaveMeta) -> Path:
        """Save ``game`` under a player-chosen ``name`` (sanitised) and return the file written.

        Saving again under the same name in the same game updates that slot; a name used
        by another game gets a ``-2``, ``-3``... suffix instead of overwriting it.
        """
        now = self.clock()
        meta.created = meta.created or now
        meta.name = name.strip() or meta.name
        stem = sanitise_name(name)
        data = to_bytes(encode(game, meta, "manual", now, name=meta.name or stem))
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            for i in range(1, 1000):
                path = self.dir / (f"{stem}.json" if i == 1 else f"{stem}-{i}.json")
                if path.exists():
                    if self._owner(path) == meta.game_id:
                        write_atomic(path, data)
                        return path
                    continue
                try:
                    create_atomic(path, data)
                    return path
                except FileExistsError:
                    continue
        except OSError as exc:
            raise SaveError(f"{self.dir}: cannot save: {_os_reason(exc)}") from None
        raise SaveError(f"{self.dir}: too many saves named {stem!r}; choose another name")

    def _owner(self, path: Path) -> str | None:
        try:
            return load_save(path, check_disk=False).game_id
        except SaveError:
            return None  # unreadable: never overwrite it, it may be all that is left of a game

    def _autosaves(self, game_id: str) -> list[tuple[int, Path]]:
        found = []
        try:
            entries = list(self.auto_dir.iterdir())
        except OSError:
            return []
        for p in entries:
            m = _AUTO_NAME.fullmatch(p.name)
            if m and m["id"] == game_id:
                found.append((int(m["turn"]), p))
        return sorted(found)

    def _continues(
        self, game_id: str, seed: int, ours: Sequence[Sequence[tuple[str, ...]]]
    ) -> bool:
        """True when the newest autosave of ``game_id`` is a prefix of the game being saved."""
        existing = self._autosaves(game_id)
        if not existing:
            return True
        try:
            last = load_save(existing[-1][1], check_disk=False)
        except SaveError:
            return False
        theirs = [[tuple(o) for o in t.orders] for t in last.turns]
        mine = [[tuple(o) for o in t] for t in ours]
        return last.seed == seed and len(theirs) <= len(mine) and mine[: len(theirs)] == theirs

    def _prune(self, game_id: str) -> None:
        for _, p in self._autosaves(game_id)[: -self.keep]:
            with contextlib.suppress(OSError):  # a locked or vanished autosave is pruned next time
                p.unlink()

    # ------------------------------------------------------------------ reading
    def list(self) -> list[SaveInfo]:
        """Every save (named and autosaves), newest first; unreadable files carry a ``problem``."""
        out: list[SaveInfo] = []
        for d in (self.dir, self.auto_dir):
            sweep_temp(d)
            try:
                files = sorted(
                    p for p in d.iterdir() if p.suffix == ".json" and not is_temp(p) and p.is_file()
                )
            except OSError:
                continue
            for p in files:
                try:
                    out.append(SaveInfo.of(p, load_save(p, check_disk=False)))
                except SaveError as exc:
                    out.append(SaveInfo(path=p, name=p.stem, problem=str(exc)))
        return sorted(out, key=lambda i: (i.ok, i.updated, str(i.path)), reverse=True)

    def latest(self) -> SaveInfo | None:
        """The most recently updated usable save, or None."""
        return next((i for i in self.list() if i.ok), None)

    def find(self, ref: str) -> Path:
        """A save file from what a player typed: a path, or a name in this store."""
        if not ref.strip():
            raise SaveError("no save named '' (give a file or a name from `detente saves`)")
        p = Path(ref)
        if p.is_file():
            return p
        stem = ref[:-5] if ref.endswith(".json") else ref
        for d in (self.dir, self.auto_dir):
            for candidate in (d / f"{stem}.json", d / f"{sanitise_name(stem)}.json"):
                if candidate.is_file():
                    return candidate
        raise SaveError(f"{ref}: no such save (not a file, nor a save name in {self.dir})")

    def load(self, ref: str) -> SaveData:
        return load_save(self.find(ref))

    def resume(self, ref: str | None = None) -> Resumed:
        """Load and rebuild a save (by path or name; the latest usable one when None).

        SaveError (one line) when there is none or it cannot be rebuilt exactly.
        """
        from .restore import resume

        if ref is None:
            info = self.latest()
            if info is None:
                raise SaveError(f"{self.dir}: no saves to resume")
            path = info.path
        else:
            path = self.find(ref)
        return resume(load_save(path))
