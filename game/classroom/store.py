"""The classroom session store: one SQLite file (WAL) shared by every terminal of a class.

Teams may play from separate terminals (separate processes) on one machine, so the
session lives in SQLite rather than in any process's memory: WAL mode lets readers
(the projector, teams refreshing) go on while one writer commits, and `BEGIN
IMMEDIATE` serialises the writers.  The store holds only the game *record* — scenario
text, seed, orders per turn, interventions — never a pickled state: the game is
rebuilt by deterministic replay, so every process sees exactly the same game.

Schema 2 adds what a real classroom needs: seat codes (salted hashes only), drafts
(a team's orders as it edits them, so a closed seat loses nothing), how each turn was
closed and who held, and the turn clock's keys in `meta`.  A schema-1 file is migrated
in place when it is opened; it then has no seat codes until the facilitator makes them
(`detente class codes S --new`).  The file is created readable by its owner only.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2

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
    resolved_at TEXT NOT NULL,
    closed_by TEXT NOT NULL DEFAULT 'all_in',   -- all_in | facilitator | clock
    held TEXT NOT NULL DEFAULT '[]'             -- actors a person controlled who gave no orders
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

#: Added by schema 2 (also run on a schema-1 file when it is opened).
SCHEMA_2 = """
CREATE TABLE IF NOT EXISTS seats(
    role TEXT NOT NULL,          -- team | facilitator | projector
    team TEXT NOT NULL DEFAULT '',
    salt TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY(role, team)
);
CREATE TABLE IF NOT EXISTS drafts(
    turn INTEGER NOT NULL,
    actor TEXT NOT NULL,
    team TEXT NOT NULL,
    orders TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY(turn, actor)
);
CREATE TABLE IF NOT EXISTS notes(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn INTEGER NOT NULL,
    team TEXT NOT NULL DEFAULT '',        -- '' : the whole exercise
    objective TEXT NOT NULL DEFAULT '',   -- an objective id, or ''
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_failures(
    source TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last_at REAL NOT NULL
);
"""


class StoreError(Exception):
    """A session file that is missing, locked for too long, or not a Détente session."""


class Reconnected(StoreError):
    """The connection to a database store dropped inside a write transaction, which rolled
    back; the connection is open again and the write can be done again."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Thin, typed access to one session file. Every public method is one transaction."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        if not create and not self.path.is_file():
            raise StoreError(f"no classroom session at {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if create:
            # Owner-only from the first byte: the record holds every team's orders.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(self.path, 0o600)
        try:
            self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                      check_same_thread=False)  # a server lends it to one worker thread at a time
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA busy_timeout=30000")
            if create:
                self.db.executescript(SCHEMA + SCHEMA_2)
            else:
                v = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                version = int(v[0]) if v is not None and str(v[0]).isdigit() else -1
                if version == 1:
                    self._migrate_1()
                elif version != SCHEMA_VERSION:
                    raise StoreError(f"{self.path} is not a Détente classroom session (or a newer version)")
                else:
                    self._complete_2()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from None
        for extra in ("-wal", "-shm"):  # SQLite makes these with the umask: keep them private too
            side = self.path.with_name(self.path.name + extra)
            if side.exists():
                with contextlib.suppress(OSError):
                    os.chmod(side, 0o600)

    def _complete_2(self) -> None:
        """Tables schema 2 gained while it was new (evaluator notes): add any that are missing."""
        have = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = [stmt for stmt in filter(None, (x.strip() for x in SCHEMA_2.split(";")))
                   if stmt.split("EXISTS", 1)[1].split("(", 1)[0].strip() not in have]
        if missing:
            with self.write() as db:
                for stmt in missing:
                    db.execute(stmt)

    def _migrate_1(self) -> None:
        """Schema 1 → 2 in one transaction: new tables, two columns, nothing rewritten.

        Statements run one by one: executescript would commit the transaction half-way.
        """
        with self.write() as db:
            for stmt in filter(None, (x.strip() for x in SCHEMA_2.split(";"))):
                db.execute(stmt)
            db.execute("ALTER TABLE turns ADD COLUMN closed_by TEXT NOT NULL DEFAULT 'all_in'")
            db.execute("ALTER TABLE turns ADD COLUMN held TEXT NOT NULL DEFAULT '[]'")
            db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def listen(self, on_change: Callable[[], None] | None = None) -> None:
        """SQLite has no notifications: `version()` is cheap enough to poll (the seat does)."""

    @contextmanager
    def write(self, *, quiet: bool = False) -> Iterator[sqlite3.Connection]:
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
        return dict(self.execute("SELECT key, value FROM meta").fetchall())

    def teams(self) -> list[dict[str, Any]]:
        rows = self.execute("SELECT name, actor, controller, policy, joined_at FROM teams ORDER BY name").fetchall()
        return [dict(zip(("name", "actor", "controller", "policy", "joined_at"), r, strict=True)) for r in rows]

    def closings(self) -> dict[int, tuple[str, list[str]]]:
        """turn -> (how it was closed, the actors who held)."""
        rows = self.execute("SELECT turn, closed_by, held FROM turns").fetchall()
        return {int(t): (str(c), list(json.loads(h))) for t, c, h in rows}

    def order_rows(self, turn: int) -> list[dict[str, Any]]:
        """Every stored order set of a turn with who gave it (for the facilitator and the record)."""
        rows = self.execute("SELECT actor, team, orders, submitted_at FROM orders WHERE turn=? ORDER BY actor",
                               (turn,)).fetchall()
        return [{"actor": a, "team": t, "orders": json.loads(o), "at": at} for a, t, o, at in rows]

    def given_by(self, turn: int, actor: str) -> str | None:
        """Who stored this actor's orders for a turn: a team name, 'facilitator', or None."""
        row = self.execute("SELECT team FROM orders WHERE turn=? AND actor=?", (turn, actor)).fetchone()
        return None if row is None else str(row[0])

    def draft(self, turn: int, actor: str) -> list[dict[str, str]] | None:
        row = self.execute("SELECT orders FROM drafts WHERE turn=? AND actor=?", (turn, actor)).fetchone()
        return None if row is None else json.loads(row[0])

    def seats(self) -> list[tuple[str, str, str, str]]:
        """(role, team, salt, digest) of every seat code (hashes only)."""
        return [tuple(r) for r in self.execute("SELECT role, team, salt, digest FROM seats ORDER BY role, team")]

    def notes(self) -> list[dict[str, Any]]:
        """The evaluator's notes, in the order written (the white cell's: never a team's)."""
        rows = self.execute("SELECT turn, team, objective, text, at FROM notes ORDER BY id").fetchall()
        return [dict(zip(("turn", "team", "objective", "text", "at"), r, strict=True)) for r in rows]

    def failures(self, source: str) -> int:
        row = self.execute("SELECT count FROM auth_failures WHERE source=?", (source,)).fetchone()
        return 0 if row is None else int(row[0])

    def turns(self) -> list[tuple[int, list[dict[str, str]], str]]:
        rows = self.execute("SELECT turn, orders, state_hash FROM turns ORDER BY turn").fetchall()
        return [(t, json.loads(o), h) for t, o, h in rows]

    def interventions(self) -> list[dict[str, Any]]:
        rows = self.execute("SELECT turn, kind, reason, payload FROM interventions ORDER BY id").fetchall()
        return [{"turn": t, "kind": k, "reason": r, "payload": json.loads(p)} for t, k, r, p in rows]

    def submitted(self, turn: int) -> dict[str, str]:
        """actor -> team for the orders already in for a turn (not their content: secrets)."""
        return dict(self.execute("SELECT actor, team FROM orders WHERE turn=?", (turn,)).fetchall())

    def own_orders(self, turn: int, actor: str) -> list[dict[str, str]] | None:
        row = self.execute("SELECT orders FROM orders WHERE turn=? AND actor=?", (turn, actor)).fetchone()
        return None if row is None else json.loads(row[0])

    def version(self) -> int:
        """Changes whenever anything is written: cheap polling for other terminals."""
        return int(self.execute("PRAGMA data_version").fetchone()[0]) + sum(
            int(r[0] or 0)
            for r in self.execute(
                "SELECT (SELECT COUNT(*) FROM orders) UNION ALL SELECT (SELECT COUNT(*) FROM turns) "
                "UNION ALL SELECT (SELECT COUNT(*) FROM interventions) UNION ALL SELECT (SELECT COUNT(*) FROM teams "
                "WHERE joined_at IS NOT NULL) UNION ALL SELECT (SELECT COUNT(*) FROM drafts) "
                "UNION ALL SELECT (SELECT COUNT(*) FROM notes)"
            ).fetchall()
        )
