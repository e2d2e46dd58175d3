"""A course: K classroom sessions of one scenario and one seed, so the groups can be compared.

The sessions are ordinary sessions (`NAME-1` … `NAME-K`, each with its own facilitator
and team codes for its section) that carry the course's name.  The chief instructor
gets one more code, the course code: it is stored hashed in every session of the
course and opens each session's sealed code list, so one code starts every server of
the course and prints any section's codes again.  Works on either store: in
PostgreSQL the registry lists a course's sessions; in a save directory the files say
which course they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import codes as seatcodes
from .access import NAME, SessionError
from .session import Session
from .store import Store, StoreError
from .where import Where, is_url, locate, store_url

MAX_SESSIONS = 60


@dataclass(frozen=True)
class CreatedCourse:
    name: str
    course_code: str
    sessions: list[tuple[str, dict[str, Any]]]  # (session name, its seat codes)


def _natural(name: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def session_names(save_dir: Path, course: str, store: str | None = None) -> list[str]:
    """The sessions of `course`, in section order (NAME-2 before NAME-10)."""
    chosen = store_url(store)
    if is_url(chosen):
        from .pgstore import list_sessions

        try:
            names = [n for n, _c in list_sessions(chosen, course)]
        except StoreError as exc:
            raise SessionError(str(exc)) from None
    else:
        folder = Path(chosen or save_dir) / "classroom"
        names = []
        for f in sorted(folder.glob("*.sqlite")) if folder.is_dir() else []:
            try:
                st = Store(f)
            except StoreError:
                continue  # not a session (or a damaged one): not part of any course
            try:
                if st.meta().get("course", "") == course:
                    names.append(f.stem)
            finally:
                st.close()
    return sorted(names, key=_natural)


def wheres(save_dir: Path, course: str, store: str | None = None) -> list[Where]:
    names = session_names(save_dir, course, store)
    if not names:
        raise SessionError(f"no course named {course!r} in this store (detente course new makes one)")
    return [locate(save_dir, n, store) for n in names]


def create(save_dir: Path, name: str, scenario: Path, teams: dict[str, str], sessions: int, seed: int,
           turn_seconds: int = 0, store: str | None = None) -> CreatedCourse:
    """K sessions of one scenario and seed; the codes are returned once (stored hashed)."""
    if not NAME.match(name) or len(name) > 32:
        raise SessionError(f"course names are letters, digits, - and _, at most 32 (got {name!r})")
    if not 1 <= sessions <= MAX_SESSIONS:
        raise SessionError(f"--sessions is 1 to {MAX_SESSIONS}")
    if session_names(save_dir, name, store):
        raise SessionError(f"a course named {name!r} exists already (detente course status {name})")
    course_code = seatcodes.new_code()
    made: list[tuple[str, dict[str, Any]]] = []
    for k in range(1, sessions + 1):
        sname = f"{name}-{k}"
        s = Session.create(locate(save_dir, sname, store), scenario, teams, seed, turn_seconds=turn_seconds,
                           course=name)
        try:
            s.seal_for_course(course_code, s.new_codes)
            made.append((sname, s.new_codes))
        finally:
            s.close()
    return CreatedCourse(name, course_code, made)


def open_all(save_dir: Path, course: str, store: str | None = None) -> list[Session]:
    out: list[Session] = []
    try:
        for w in wheres(save_dir, course, store):
            out.append(Session.open(w))
    except SessionError:
        for s in out:
            s.close()
        raise
    return out


@dataclass(frozen=True)
class SessionStatus:
    name: str
    turn: int
    turns: int
    status: str
    over: bool
    teams: list[tuple[str, str, str, bool, bool]]  # (team, actor, controller, joined, submitted)


def status(s: Session) -> SessionStatus:
    g = s.game()
    return SessionStatus(s.name, g.turn, s.cs.turns, s.status(), g.over,
                         [(t.name, t.actor, t.controller, t.joined, t.submitted) for t in s.teams()
                          if not t.name.startswith("bot-")])
