"""The Détente Textual application: navigation between screens, nothing else.

`make_app` is the single factory used by the command line, the tests and the snapshot
apps, so all three run the same application.  The app owns the current `Session` and
moves between screens; the screens ask the session (and through it the engine) for
everything they show.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from .commands import ActionsProvider
from .options import LaunchOptions
from .settings import Settings, load_settings, save_settings
from .themes import THEMES

if TYPE_CHECKING:  # the scenario picker and the game load on first use, not before the menu
    from game.engine.compile import CompiledScenario

    from .rebuild import Rebuilt
    from .scenarios import ScenarioCard
    from .screens.main_menu import MainMenuScreen
    from .session import Session


class DetenteApp(App[int]):
    """Screens: main menu → new game → briefing ⇄ orders → resolution → … → end of game."""

    TITLE = "Détente"
    SUB_TITLE = "crisis-management training"
    CSS_PATH = "detente.tcss"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False, key_display="?"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, options: LaunchOptions | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.options = options or LaunchOptions()
        self.settings = settings if settings is not None else load_settings()
        self.session: Session | None = None
        self.cards: list[ScenarioCard] | None = None  # the scenario picker's cache
        self._cards_lock = threading.Lock()
        self.exit_code = 0
        self._watch_stop: threading.Event | None = None
        self.last_rebuild: Rebuilt | None = None  # play-as-you-write: the last rebuild (tests read it)

    # ------------------------------------------------------------------ start-up
    def get_default_screen(self) -> Screen[Any]:
        """The main menu is the bottom of the screen stack (one render at start-up, not two)."""
        from .screens.main_menu import MainMenuScreen

        return MainMenuScreen()

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.options.resume:
            self.resume(self.options.resume)
        elif self.options.scenario:
            self._start_from_options()

    def on_unmount(self) -> None:
        if self._watch_stop is not None:
            self._watch_stop.set()

    # ------------------------------------------------------------------ play as you write
    def start_watching(self, path: Path) -> None:
        """Watch the scenario file; every save is checked, and a valid one rebuilds the game."""
        from game.commands.watch import watch

        self._watch_stop = threading.Event()
        first = [True]

        def saved() -> int:
            if first[0]:  # watch() checks once at the start: the game was just built from this file
                first[0] = False
                return 0
            self.call_from_thread(self.note_saving)
            self.scenario_saved(path)
            return 0

        threading.Thread(target=watch, args=([str(path)], saved),
                         kwargs={"stop": self._watch_stop, "say": lambda _s: None},
                         name="detente-watch", daemon=True).start()

    def note_saving(self) -> None:
        self.sub_title = "checking the saved scenario…"

    def scenario_saved(self, path: Path) -> None:
        """(Watcher thread) check the file; report errors, or rebuild the game on it."""
        from game.engine.compile import compile_scenario
        from game.scenario.loader import load_file

        res = load_file(path)
        errors = [d.format() for d in res.diagnostics if d.severity == "error"]
        if errors or res.resolved is None:
            self.call_from_thread(self.scenario_broken, errors or [f"{path}: cannot be read"])
            return
        try:
            cs = compile_scenario(res.resolved)
        except Exception as exc:  # a compile bug must not kill the watcher
            self.call_from_thread(self.scenario_broken, [f"{path}: cannot be compiled ({exc})"])
            return
        self.call_from_thread(self.scenario_changed, cs)

    def scenario_broken(self, errors: list[str]) -> None:
        """The saved file has errors: say where (as `detente validate` does); keep the game."""
        self.sub_title = "scenario has errors: the game is kept"
        more = f"\n… and {len(errors) - 4} more (detente validate shows them all)" if len(errors) > 4 else ""
        self.notify("\n".join(errors[:4]) + more, title="The saved scenario has errors: the game is kept",
                    severity="error", timeout=30)

    def scenario_changed(self, cs: CompiledScenario) -> None:
        """The saved file is valid: rebuild the game on it, to the same turn where the orders allow."""
        from .rebuild import rebuild

        if self.session is None:
            return
        rebuilt = rebuild(self.session.game, cs)
        self.session.game = rebuilt.game
        self.clear_notifications()  # the file is valid again: an earlier error toast is stale
        self.sub_title = "rebuilt from the saved scenario"
        body = "\n".join(rebuilt.changes)
        if rebuilt.stopped:
            body = f"Stopped at {rebuilt.stopped}\n" + body
        self.notify(body, title=f"Scenario saved: replayed {rebuilt.turns_replayed} turn"
                    f"{'s' if rebuilt.turns_replayed != 1 else ''}",
                    severity="warning" if rebuilt.stopped else "information", timeout=20)
        self.last_rebuild = rebuilt
        self.show_briefing()

    def _start_from_options(self) -> None:
        from .scenarios import ScenarioLoadError, compile_path, resolve_path
        from .session import Session, SessionError

        o = self.options
        try:
            path = resolve_path(o.scenario)
            cs = compile_path(path)
            # A tutorial scenario always shows its guidance: its briefing promises it.
            guided = o.tutorial or cs.difficulty == "tutorial"
            session = Session.start(cs, o.actor, o.seed, o.difficulty, path=path, tutorial=guided)
        except (ScenarioLoadError, SessionError) as exc:
            self.notify(str(exc), title="Cannot start that game", severity="error", timeout=10)
            return
        self.start_game(session)
        if o.watch:
            self.start_watching(path)

    def resume(self, ref: str) -> bool:
        """Resume a save through the saves seam; a problem is one notification, never a crash."""
        from . import persistence

        session, message = persistence.load(ref)
        if session is None:
            self.notify(message, title="Cannot resume", severity="error", timeout=10)
            return False
        if message:
            self.notify(message, title="Resumed", timeout=8)
        self.start_game(session)
        return True

    def load_cards(self, refresh: bool = False) -> list[ScenarioCard]:
        """The scenario cards, read once (from a worker thread: loading takes ~50 ms a file)."""
        from .scenarios import read_cards

        with self._cards_lock:
            if self.cards is None or refresh:
                self.cards = read_cards()
            return self.cards

    # ------------------------------------------------------------------ navigation
    @property
    def menu(self) -> MainMenuScreen | None:
        from .screens.main_menu import MainMenuScreen

        for s in self.screen_stack:
            if isinstance(s, MainMenuScreen):
                return s
        return None

    def _to_menu_level(self) -> None:
        """Pop every screen above the main menu (synchronously, so a push can follow)."""
        menu = self.menu
        while len(self.screen_stack) > 1 and self.screen is not menu:
            self.pop_screen()

    def _show(self, screen: Screen[Any]) -> None:
        self._to_menu_level()
        self.push_screen(screen)

    def start_game(self, session: Session) -> None:
        self.session = session
        self.show_briefing()

    def show_briefing(self) -> None:
        from .screens.briefing import BriefingScreen
        from .screens.end_game import EndGameScreen

        if self.session is None:
            return
        self._show(EndGameScreen() if self.session.over else BriefingScreen())

    def show_orders(self) -> None:
        from .screens.orders import OrdersScreen

        if self.session is None or self.session.over:
            return
        self._show(OrdersScreen())

    def show_resolution(self, turn: int | None = None) -> None:
        from .screens.resolution import ResolutionScreen

        if self.session is None:
            return
        if not self.session.game.turns:
            self.notify("Nothing has been adjudicated yet: the log starts after your first orders.")
            return
        self._show(ResolutionScreen(turn or self.session.last_resolved_turn()))

    def show_end(self) -> None:
        from .screens.end_game import EndGameScreen

        self._show(EndGameScreen())

    def show_debrief(self) -> None:
        """The after-action review over the current screen (Esc returns to it)."""
        from .screens.debrief import DebriefScreen

        if self.session is None:
            self.notify("Start or resume a game first: the debrief reviews a game.")
            return
        if not isinstance(self.screen, DebriefScreen):
            self.push_screen(DebriefScreen())

    def show_menu(self) -> None:
        self._to_menu_level()
        menu = self.menu
        if menu is not None:
            menu.refresh_entries()

    # ------------------------------------------------------------------ app-wide actions
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, plus the debrief while a game is on (it has a key only at the end)."""
        yield from super().get_system_commands(screen)
        from .screens.base import GameScreen
        from .screens.debrief import DebriefScreen
        from .screens.end_game import EndGameScreen

        if (self.session is not None and isinstance(screen, GameScreen)
                and not isinstance(screen, (DebriefScreen, EndGameScreen))):
            title = "Debrief (after-action review)" if self.session.over else "Debrief so far (after-action review)"
            yield SystemCommand(title, "The review of this game as `detente report` writes it", self.show_debrief)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def set_theme(self, name: str) -> None:
        """Apply and remember a theme; a failure to remember is reported, not fatal."""
        self.theme = name
        self.settings.theme = name
        problem = save_settings(self.settings)
        if problem:
            self.notify(problem, severity="warning")

    def scenario_path(self, ref: str) -> Path:
        from .scenarios import resolve_path

        return resolve_path(ref)


def make_app(options: LaunchOptions | None = None, settings: Settings | None = None) -> DetenteApp:
    """The one way to build the app (CLI, tests and snapshot apps all use it)."""
    return DetenteApp(options, settings)


def run(options: LaunchOptions | None = None) -> int:
    """Run the game in the terminal; returns the process exit code."""
    app = make_app(options)
    app.run()
    return app.exit_code
