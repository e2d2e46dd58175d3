"""The classroom session store: one SQLite file (WAL) shared by every terminal of a class.

Teams may play from separate terminals (separate processes) on one machine, so the
session lives in SQLite rather than in any process's memory: WAL mode lets readers
(the projector, teams refreshing) go on while one writer commits, and `BEGIN
IMMEDIATE` serialises the writers.  The store holds only the game *record* — scenario
text, seed, orders per turn, interventions — never a pickled state: the game is
rebuilt by deterministic replay, so every process sees exactly the same game.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teams(
    name TEXT PRIMARY KEY,
    actor TEXT UNIQUE NOT NULL,
    controller TEXT NOT NULL DEFAULT 'team',   -- team | bot | facilitator
    policy TEXT NOT NULL DEFAULT '',
    joined_at TEXT
);
CREATE TABLE IF NOT EXISTS orders(
    turn INTEGER NOT NULL,
    actor TEXT NOT NULL,
    team TEXT NOT NULL,
    orders TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY(turn, actor)
);
CREATE TABLE IF NOT EXISTS turns(
    turn INTEGER PRIMARY KEY,
    orders TEXT NOT NULL,
    state_hash TEXT NOT NULL,
    resolved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS interventions(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn INTEGER NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


class StoreError(Exception):
    """A session file that is missing, locked for too long, or not a Détente session."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Thin, typed access to one session file. Every public method is one transaction."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"no classroom session at {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA busy_timeout=30000")
            if create:
                self.db.executescript(SCHEMA)
            else:
                v = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if v is None or int(v[0]) != SCHEMA_VERSION:
                    raise StoreError(f"{self.path} is not a Détente classroom session (or a newer version)")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """An exclusive write transaction (other writers wait; readers carry on)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # ---------------------------------------------------------------- reads
    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta").fetchall())

    def teams(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT name, actor, controller, policy, joined_at FROM teams ORDER BY name").fetchall()
        return [dict(zip(("name", "actor", "controller", "policy", "joined_at"), r, strict=True)) for r in rows]

    def turns(self) -> list[tuple[int, list[dict[str, str]], str]]:
        rows = self.db.execute("SELECT turn, orders, state_hash FROM turns ORDER BY turn").fetchall()
        return [(t, json.loads(o), h) for t, o, h in rows]

    def interventions(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT turn, kind, reason, payload FROM interventions ORDER BY id").fetchall()
        return [{"turn": t, "kind": k, "reason": r, "payload": json.loads(p)} for t, k, r, p in rows]

    def submitted(self, turn: int) -> dict[str, str]:
        """actor -> team for the orders already in for a turn (not their content: secrets)."""
        return dict(self.db.execute("SELECT actor, team FROM orders WHERE turn=?", (turn,)).fetchall())

    def own_orders(self, turn: int, actor: str) -> list[dict[str, str]] | None:
        row = self.db.execute("SELECT orders FROM orders WHERE turn=? AND actor=?", (turn, actor)).fetchone()
        return None if row is None else json.loads(row[0])

    def version(self) -> int:
        """Changes whenever anything is written: cheap polling for other terminals."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0]) + sum(
            int(r[0] or 0)
            for r in self.db.execute(
                "SELECT (SELECT COUNT(*) FROM orders) UNION ALL SELECT (SELECT COUNT(*) FROM turns) "
                "UNION ALL SELECT (SELECT COUNT(*) FROM interventions) UNION ALL SELECT (SELECT COUNT(*) FROM teams "
                "WHERE joined_at IS NOT NULL)"
            ).fetchall()
        )
