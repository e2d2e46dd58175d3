"""The classroom application: one App for every role, on one shared session store.

Each terminal (a team, the facilitator, the projector, or one machine passed from team
to team) runs this app on the same SQLite session.  Other terminals' writes are noticed
by polling a cheap version key once a second; when it changes the active screen reloads
from the store.  The app holds no game state of its own: the game is always rebuilt
from the store's record, so every terminal shows the same game.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType

from game.classroom.session import Session, SessionError
from game.engine.rules import Order

from .views import Seat, waiting_for

if TYPE_CHECKING:
    from textual.screen import Screen


@runtime_checkable
class Reloadable(Protocol):
    """A screen that redraws itself from the session when the store changes."""

    def reload(self) -> None: ...


class ClassroomApp(App[int]):
    """role: 'team' (one team's terminal), 'hotseat', 'facilitator' or 'projector'."""

    TITLE = "Détente — classroom"
    CSS_PATH = "classroom.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, session: Session, role: str, team: str = "", *, save_dir: Path | None = None,
                 poll_seconds: float = 1.0) -> None:
        super().__init__()
        self.session = session
        self.role = role
        self.team = team
        self.save_dir = save_dir or session.store.path.parent.parent
        self.poll_seconds = poll_seconds
        self.exit_code = 0
        self.version = -1
        self.drafts: dict[tuple[str, int], list[Order]] = {}  # hot-seat: (team, turn) -> unsent orders
        self._poll_failed = False

    def on_mount(self) -> None:
        from game.tui.themes import THEMES

        for theme in THEMES:
            self.register_theme(theme)
        if self.role == "hotseat":  # every team is present at this one machine
            for t in self.session.teams():
                if t.controller == "team" and not t.joined:
                    self.session.join(t.name)
        self.version = self.store_version()
        self.push_screen(self.first_screen())
        if self.poll_seconds > 0:
            self.set_interval(self.poll_seconds, self.poll)

    def first_screen(self) -> Screen[None]:
        if self.role == "facilitator":
            from .screens.facilitator import FacilitatorScreen

            return FacilitatorScreen()
        if self.role == "projector":
            from .screens.projector import ProjectorScreen

            return ProjectorScreen()
        if self.role == "hotseat":
            return self.handover_screen()
        from .screens.team import TeamScreen

        actor = str(self.session.team(self.team)["actor"])
        return TeamScreen(Seat(self.team, actor, "team"))

    # ------------------------------------------------------------------ polling
    def store_version(self) -> int:
        return self.session.store.version()

    def poll(self) -> None:
        """Reload the active screen when another terminal wrote to the session."""
        try:
            v = self.store_version()
        except (sqlite3.Error, SessionError) as exc:
            if not self._poll_failed:
                self.notify(f"cannot read the session: {exc}", severity="error")
            self._poll_failed = True
            return
        self._poll_failed = False
        if v != self.version:
            self.version = v
            self.reload_screen()

    def changed(self) -> None:
        """This terminal wrote to the session: redraw now (its own writes do not bump the poll key)."""
        self.version = self.store_version()
        self.reload_screen()

    def reload_screen(self) -> None:
        screen = self.screen
        if isinstance(screen, Reloadable):
            try:
                screen.reload()
            except SessionError as exc:
                self.notify(str(exc), severity="error")

    # ------------------------------------------------------------------ hot-seat
    def handover_screen(self, summary: Text | None = None) -> Screen[None]:
        from .screens.handover import HandoverScreen

        teams = self.session.teams()
        waiting = waiting_for(teams)
        return HandoverScreen(waiting[0] if waiting else "", summary)

    def next_seat(self, summary: Text | None = None) -> None:
        """Hide everything and pass the machine to the next team that has not submitted."""
        self.switch_screen(self.handover_screen(summary))

    def take_seat(self, team: str) -> None:
        from .screens.team import TeamScreen

        actor = str(self.session.team(team)["actor"])
        self.switch_screen(TeamScreen(Seat(team, actor, "hotseat")))
