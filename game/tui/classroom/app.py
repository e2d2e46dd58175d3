"""The classroom application: one App for every seat, on one shared session store.

Each seat (a team, the facilitator, the projector, one machine passed from team to
team, or a browser seat started by `detente class serve`) runs this app on the same
SQLite session.  The seat it opens was proved by a code before the app started (the
command line) or on its first screen (a browser seat).  Other seats' writes are
noticed by polling a cheap version key once a second; when it changes the active
screen reloads from the store.  The app holds no game state of its own: the game is
always rebuilt from the store's record, so every seat shows the same game.

Without a server, the facilitator's console owns the turn clock (it claims the clock's
lease in the store and ticks it with its poll); with one, the server does.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches

from game.classroom.session import Credential, Session, SessionError, clock_text

from .views import Seat, waiting_for

if TYPE_CHECKING:
    from textual.screen import Screen


@runtime_checkable
class Reloadable(Protocol):
    """A screen that redraws itself from the session when the store changes."""

    def reload(self) -> None: ...


@runtime_checkable
class Ticking(Protocol):
    """A screen that shows the turn clock (redrawn every poll, changed or not)."""

    def show_clock(self, text: str) -> None: ...


class ClassroomApp(App[int]):
    """cred.role: 'team', 'facilitator', 'projector', 'hotseat' or 'seat' (asks for a code first)."""

    TITLE = "Détente — classroom"
    CSS_PATH = "classroom.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, session: Session, cred: Credential, *, save_dir: Path | None = None,
                 poll_seconds: float = 1.0, owns_clock: bool | None = None) -> None:
        super().__init__()
        self.session = session
        self.cred = cred
        self.role = cred.role
        self.team = cred.team
        self.save_dir = save_dir or session.store.path.parent.parent
        self.poll_seconds = poll_seconds
        self.exit_code = 0
        self.version = -1
        self._poll_failed = False
        # The console ticks the clock when no server does (None: whenever it is the facilitator's).
        self.owns_clock = owns_clock
        self.clock_owner = f"console:{os.getpid()}:{id(self)}"

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

    def on_unmount(self) -> None:
        if self.role == "facilitator":
            try:
                self.session.release_clock(self.clock_owner)
            except (sqlite3.Error, SessionError):
                pass

    def seat_opened(self, cred: Credential) -> None:
        """A browser seat proved its code: become that seat (nothing was shown before)."""
        self.cred = cred
        self.role = cred.role
        self.team = cred.team
        if cred.role == "team":
            self.session.join(cred.team)
        self.version = self.store_version()
        self.switch_screen(self.first_screen())

    def first_screen(self) -> Screen[None]:
        if self.role == "seat":
            from .screens.login import LoginScreen

            return LoginScreen()
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
        """Tick the clock if this seat owns it; reload the active screen when the store changed."""
        try:
            if self.role == "facilitator" and self.owns_clock is not False:
                if self.session.claim_clock(self.clock_owner):
                    self.session.tick()
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
        self.show_clock()

    def show_clock(self) -> None:
        screen = self.screen
        if isinstance(screen, Ticking) and self.role != "seat" and screen.is_mounted:
            try:
                screen.show_clock(clock_text(self.session.clock()))
            except (sqlite3.Error, SessionError, NoMatches):  # a screen still being built
                pass

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

    def next_seat(self, summary: Text | None = None, after: str = "") -> None:
        """Hide everything and pass the machine to the next team that has not submitted.

        `after`: the team that just handed over, so that `h` never hands back to itself
        while another team is waiting.
        """
        from .screens.handover import HandoverScreen

        waiting = waiting_for(self.session.teams())
        if after in waiting and len(waiting) > 1:
            i = waiting.index(after)
            waiting = waiting[i + 1:] + waiting[:i]
        self.switch_screen(HandoverScreen(waiting[0] if waiting else "", summary))

    def take_seat(self, team: str) -> None:
        from .screens.team import TeamScreen

        actor = str(self.session.team(team)["actor"])
        self.switch_screen(TeamScreen(Seat(team, actor, "hotseat")))
