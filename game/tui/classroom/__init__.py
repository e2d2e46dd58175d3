"""Classroom screens: hot-seat, team terminals, the facilitator console and the projector.

`run_classroom` is what `detente class join/facilitate/project/hotseat` call; every
role runs the same `ClassroomApp` on the shared session store (see docs/classroom.md).
"""

from __future__ import annotations

from pathlib import Path

ROLES = ("team", "facilitator", "projector", "hotseat")


def run_classroom(save_dir: Path, session: str, role: str, team: str = "") -> int:
    """Open the session and run the role's screens; a user mistake is one line, exit 1."""
    import sys

    from game.classroom.session import Session, SessionError, session_path

    if role not in ROLES:
        print(f"detente class: unknown role '{role}' (one of: {', '.join(ROLES)})", file=sys.stderr)
        return 1
    try:
        s = Session.open(session_path(Path(save_dir), session))
        if role == "team":
            s.join(team)
    except SessionError as exc:
        print(f"detente class: {exc}", file=sys.stderr)
        return 1
    from .app import ClassroomApp

    app = ClassroomApp(s, role, team, save_dir=Path(save_dir))
    try:
        app.run()
    finally:
        s.close()
    return app.exit_code


__all__ = ["ROLES", "run_classroom"]
