"""Who may come in: seat codes checked against the store, and the few types every seat needs.

Kept apart from `session` (which compiles the scenario and imports the engine and
pydantic) so that a browser seat can show its code prompt, and check a code, before any
of that is imported: the prompt is on screen in the time Textual itself takes to start.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import codes as seatcodes
from .store import Store

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


class SessionError(Exception):
    """Something a user asked that cannot be done; the message is shown as one line."""


@dataclass(frozen=True)
class Credential:
    """The seat a code opened: a team (with its actor), the facilitator or the projector."""

    role: str  # 'team' | 'facilitator' | 'projector'
    team: str = ""
    actor: str = ""


@dataclass(frozen=True)
class Clock:
    """The turn clock as a seat shows it."""

    seconds: int  # the time box per turn; 0: no clock
    remaining: float | None  # seconds left; None when no deadline is running
    paused: bool

    @property
    def on(self) -> bool:
        return self.seconds > 0


def clock_text(c: Clock) -> str:
    """'clock 4:05 left', 'clock paused (4:05 left)', '' without a clock: words, not a glyph
    (a cadet's browser font may lack the clock and pause symbols) and not colour."""
    if not c.on:
        return ""
    if c.remaining is None:
        return "clock starts when the facilitator opens the session" if not c.paused else "clock paused"
    left = max(0, int(c.remaining + 0.999))
    mm, ss = divmod(left, 60)
    text = f"{mm}:{ss:02d} left"
    return f"clock paused ({text})" if c.paused else f"clock {text}"


def auth_wait(store: Store, source: str) -> float:
    """Seconds a seat must wait before its next try (after five wrong codes in a row)."""
    return seatcodes.throttle_seconds(store.failures(source))


def authenticate(store: Store, code: str, source: str = "cli", seat: tuple[str, str] | None = None) -> Credential:
    """The seat this code opens; SessionError (saying nothing of which seats exist) if none.

    Every seat's hash is checked, whatever matches first, so the time taken does not
    tell which kind of seat a guess came close to.  A caller that names the seat it
    claims (`seat` = (role, team), a script's login) has only that one checked: the time
    then tells nothing either, and a course's hundreds of scripted logins cost a tenth.
    """
    seats = store.seats()
    if seat is not None:
        seats = [row for row in seats if (row[0], row[1]) == seat] or seats[:1]
    if not seats:
        raise SessionError("this session has no seat codes yet: the facilitator runs "
                           "detente class codes SESSION --new on the server machine")
    found: tuple[str, str] | None = None
    for role, team, salt, digest in seats:
        if seatcodes.Hashed(salt, digest).matches(code) and found is None and (seat is None or seat == (role, team)):
            found = (role, team)
    with store.write() as db:
        if found is None:
            db.execute("INSERT INTO auth_failures(source, count, last_at) VALUES (?, 1, ?) "
                       "ON CONFLICT(source) DO UPDATE SET count=auth_failures.count+1, last_at=excluded.last_at",
                       (source, time.time()))
        else:
            db.execute("DELETE FROM auth_failures WHERE source=?", (source,))
    if found is None:
        raise SessionError("that code does not open a seat of this session")
    role, team = found
    actor = ""
    if role == "team":
        row = next((t for t in store.teams() if t["name"] == team), None)
        if row is None:
            raise SessionError(f"no team '{team}' in this session")
        actor = str(row["actor"])
    return Credential(role, team, actor)


def session_path(save_dir: Path, name: str) -> Path:
    if not NAME.match(name):
        raise SessionError(f"session names are letters, digits, - and _ (got {name!r})")
    return Path(save_dir) / "classroom" / f"{name}.sqlite"


def existing_session(save_dir: Path, name: str) -> Any:
    """Where the session is (a file, or a PostgreSQL session when $DETENTE_STORE is a URL:
    that one is checked when it is opened)."""
    from .where import locate

    where = locate(save_dir, name)
    if isinstance(where, Path) and not where.is_file():
        raise SessionError(f"no classroom session at {where}")
    return where


# ------------------------------------------------------------------ tokens for scripted seats
def _api_key(store: Store) -> bytes:
    """The session's token key, made on first use; it lives in the store, so every server of
    the session accepts a token any of them issued (and a copied key forges nothing a copy of
    the store would not already give)."""
    key = store.meta().get("api_key", "")
    if not key:
        with store.write() as db:
            key = store.meta().get("api_key", "") or secrets.token_hex(32)
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('api_key', ?)", (key,))
    return bytes.fromhex(key)


def _seat_digest(store: Store, role: str, team: str) -> str:
    return next((d for r, t, _s, d in store.seats() if r == role and t == team), "")


def seat_token(store: Store, cred: Credential) -> str:
    """A bearer token for the seat a code opened, so a script checks its code once, not on
    every request (a code check costs a deliberate scrypt).  It names the seat and is
    signed over the seat's code hash: new codes for the session end every old token."""
    body = f"{cred.role}.{cred.team}"
    mac = hmac.new(_api_key(store), f"{body}|{_seat_digest(store, cred.role, cred.team)}".encode(), hashlib.sha256)
    return f"{body}.{mac.hexdigest()}"


def check_token(store: Store, token: str) -> Credential:
    """The seat a token stands for, or SessionError."""
    role, _, rest = token.partition(".")
    team, _, mac = rest.rpartition(".")
    digest = _seat_digest(store, role, team) if role in ("team", "facilitator", "projector") else ""
    key = store.meta().get("api_key", "")
    if not digest or not key:
        raise SessionError("that token does not open a seat of this session: log in with a seat code")
    want = hmac.new(bytes.fromhex(key), f"{role}.{team}|{digest}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, mac):
        raise SessionError("that token does not open a seat of this session: log in with a seat code")
    actor = ""
    if role == "team":
        actor = next((str(t["actor"]) for t in store.teams() if t["name"] == team), "")
    return Credential(role, team, actor)
