"""Classroom screens: hot-seat, team terminals, the facilitator console and the projector.

`run_classroom` is what `detente class join/facilitate/project/hotseat` call; every
role runs the same `ClassroomApp` on the shared session store (see docs/classroom.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.classroom.session import Credential

ROLES = ("team", "facilitator", "projector", "hotseat", "seat")


def run_classroom(save_dir: Path, session: str, cred: Credential) -> int:
    """Open the session and run the seat's screens; a user mistake is one line, exit 1.

    `cred` was proved by a code on the command line, or is role 'seat' (a browser
    seat, which asks for its code on its first screen).
    """
    import sys

    from game.classroom.access import SessionError

    if cred.role not in ROLES:
        print(f"detente class: unknown role '{cred.role}' (one of: {', '.join(ROLES)})", file=sys.stderr)
        return 1
    if cred.role == "seat":  # a browser seat: the code prompt first, the game once a code is proved
        from game.classroom.access import existing_session

        try:
            path = existing_session(Path(save_dir), session)
        except SessionError as exc:
            print(f"detente class: {exc}", file=sys.stderr)
            return 1
        from .app import ClassroomApp

        seat = ClassroomApp(None, cred, save_dir=Path(save_dir), path=path)
        seat.run()
        return seat.exit_code
    from game.classroom.session import Session, session_path

    try:
        s = Session.open(session_path(Path(save_dir), session))
        if cred.role == "team":
            s.join(cred.team)
    except SessionError as exc:
        print(f"detente class: {exc}", file=sys.stderr)
        return 1
    from .app import ClassroomApp

    app = ClassroomApp(s, cred, save_dir=Path(save_dir))
    try:
        app.run()
    finally:
        s.close()
    return app.exit_code


__all__ = ["ROLES", "run_classroom"]
