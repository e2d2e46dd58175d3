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

import contextlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.message import Message

from game.classroom.access import Credential, SessionError, clock_text
from game.classroom.store import StoreError

if TYPE_CHECKING:
    from textual.screen import Screen

    from game.classroom.session import Session
    from game.classroom.store import Store


def release_memory() -> None:
    """Give the heap that loading the scenario left free back to the system.

    A server runs one seat process per browser, so a few MiB each add up; glibc keeps
    freed memory in its arenas until asked (elsewhere this does nothing)."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


@runtime_checkable
class Reloadable(Protocol):
    """A screen that redraws itself from the session when the store changes."""

    def reload(self) -> None: ...


@runtime_checkable
class Ticking(Protocol):
    """A screen that shows the turn clock (redrawn every poll, changed or not)."""

    def show_clock(self, text: str) -> None: ...


class StoreChanged(Message):
    """Another process wrote to the session (PostgreSQL NOTIFY, posted from the listener's thread)."""


class ClassroomApp(App[int]):
    """cred.role: 'team', 'facilitator', 'projector', 'hotseat' or 'seat' (asks for a code first)."""

    TITLE = "Détente — classroom"
    CSS_PATH = "classroom.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, session: Session | None, cred: Credential, *, save_dir: Path | None = None,
                 poll_seconds: float = 0.5, owns_clock: bool | None = None, path: Path | None = None) -> None:
        """`session` may be None for a browser seat ('seat'): it is opened once a code is proved,
        from `path`, so that the code prompt appears before the game's modules are loaded."""
        super().__init__()
        self._session = session
        self.path: Any = path if path is not None else (session.store.path if session else Path())
        self.cred = cred
        self.role = cred.role
        self.team = cred.team
        self.save_dir = save_dir or (self.path.parent.parent if isinstance(self.path, Path) else Path())
        self.poll_seconds = poll_seconds
        self.exit_code = 0
        self.version = -1
        self._poll_failed = False
        # The console ticks the clock when no server does (None: whenever it is the facilitator's).
        self.owns_clock = owns_clock
        self.clock_owner = f"console:{os.getpid()}:{id(self)}"

    @property
    def session(self) -> Session:
        if self._session is None:
            self.open_session()
        assert self._session is not None
        return self._session

    def open_session(self) -> None:
        from game.classroom.session import Session

        if self._session is None:
            self._session = Session.open(self.path)
        self._session.store.listen(self.heard)  # PostgreSQL: hear of changes (NOTIFY) at once

    def gate(self) -> Store:
        """The store alone, for checking a code before the session (and the engine) is loaded."""
        from game.classroom.where import open_store

        if self._session is not None:
            return self._session.store
        if self._gate is None:
            self._gate = open_store(self.path)
        return self._gate

    _gate: Store | None = None

    def on_mount(self) -> None:
        from game.tui.themes import THEMES

        for theme in THEMES:
            self.register_theme(theme)
        if self.role == "hotseat":  # every team is present at this one machine
            for t in self.session.teams():
                if t.controller == "team" and not t.joined:
                    self.session.join(t.name)
        if self.role == "seat":
            self.push_screen(self.first_screen())
            self.preload()
        else:
            self.session.store.listen(self.heard)
            self.version = self.store_version()
            self.push_screen(self.first_screen())
        if self.poll_seconds > 0:
            self.set_interval(self.poll_seconds, self.poll)

    def preload(self) -> None:
        """While the cadet types the code, import what the seat's screens need (in a thread)."""
        import threading

        def load() -> None:  # most seats are teams: the facilitator's and projector's screens load on demand
            import game.classroom.session  # noqa: F401  (the engine, pydantic, the scenario layer)
            import game.tui.classroom.screens.team  # noqa: F401

        threading.Thread(target=load, name="detente-preload", daemon=True).start()

    def on_unmount(self) -> None:
        if self.role == "facilitator" and self._session is not None:
            try:
                self.session.release_clock(self.clock_owner)
            except (sqlite3.Error, SessionError, StoreError):
                pass

    def seat_opened(self, cred: Credential) -> None:
        """A browser seat proved its code: become that seat (nothing was shown before)."""
        self.cred = cred
        self.role = cred.role
        self.team = cred.team
        self.open_session()
        if self._gate is not None:
            self._gate.close()
            self._gate = None
        if cred.role == "team":
            self.session.join(cred.team)
        self.version = self.store_version()
        self.switch_screen(self.first_screen())
        self.call_after_refresh(release_memory)

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
        from .views import Seat

        actor = str(self.session.team(self.team)["actor"])
        return TeamScreen(Seat(self.team, actor, "team"))

    # ------------------------------------------------------------------ polling
    def heard(self) -> None:
        """The store said something changed (PostgreSQL NOTIFY, on the listener's thread):
        refresh now rather than at the next poll."""
        if self.poll_seconds > 0 and self.is_running:  # poll_seconds=0: the caller refreshes by hand
            with contextlib.suppress(RuntimeError):  # the loop has closed
                self.post_message(StoreChanged())  # thread-safe, never blocks the listener

    def on_store_changed(self, _message: StoreChanged) -> None:
        self.poll()

    def store_version(self) -> int:
        return self.session.store.version()

    def poll(self) -> None:
        """Tick the clock if this seat owns it; reload the active screen when the store changed."""
        if self.role == "seat":  # no seat yet: nothing of the game is read
            return
        try:
            if self.role == "facilitator" and self.owns_clock is not False:
                if self.session.claim_clock(self.clock_owner):
                    self.session.tick()
            v = self.store_version()
        except (sqlite3.Error, SessionError, StoreError) as exc:
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
            except (sqlite3.Error, SessionError, StoreError, NoMatches):  # a screen still being built
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
        from .views import waiting_for

        teams = self.session.teams()
        waiting = waiting_for(teams)
        return HandoverScreen(waiting[0] if waiting else "", summary)

    def next_seat(self, summary: Text | None = None, after: str = "") -> None:
        """Hide everything and pass the machine to the next team that has not submitted.

        `after`: the team that just handed over, so that `h` never hands back to itself
        while another team is waiting.
        """
        from .screens.handover import HandoverScreen
        from .views import waiting_for

        waiting = waiting_for(self.session.teams())
        if after in waiting and len(waiting) > 1:
            i = waiting.index(after)
            waiting = waiting[i + 1:] + waiting[:i]
        self.switch_screen(HandoverScreen(waiting[0] if waiting else "", summary))

    def take_seat(self, team: str) -> None:
        from .screens.team import TeamScreen
        from .views import Seat

        actor = str(self.session.team(team)["actor"])
        self.switch_screen(TeamScreen(Seat(team, actor, "hotseat")))


if TYPE_CHECKING:
    from .host import SeatHost

    def _implements(app: ClassroomApp) -> SeatHost:  # mypy: the app is what its screens expect
        return app
