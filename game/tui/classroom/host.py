"""What a classroom screen may ask of the app that hosts it.

The screens depend on this protocol, not on the app module, so the app imports its
screens (to push them) and no screen imports the app: the dependency runs one way.
`app.ClassroomApp` implements it (mypy checks that, at the foot of app.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.app import App
from textual.screen import Screen

if TYPE_CHECKING:
    from rich.text import Text

    from game.classroom.access import Credential
    from game.classroom.session import Session
    from game.classroom.store import Store


class SeatHost(Protocol):
    """The classroom app as its screens see it."""

    cred: Credential
    save_dir: Path
    version: int

    @property
    def session(self) -> Session: ...

    def gate(self) -> Store: ...

    def store_version(self) -> int: ...

    def changed(self) -> None: ...

    def next_seat(self, summary: Text | None = None, after: str = "") -> None: ...

    def take_seat(self, team: str) -> None: ...

    def seat_opened(self, cred: Credential) -> None: ...


def host_of(screen: Screen[Any]) -> SeatHost:
    """The hosting app of a classroom screen."""
    app = screen.app
    assert isinstance(app, App)
    return cast(SeatHost, app)
