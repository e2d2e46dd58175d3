"""New game: pick a scenario, the actor to play, the computer's difficulty and the seed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.keybar import KeyBar

from ..scenarios import ScenarioCard, ScenarioLoadError, compile_path, tutorial_card
from ..session import DIFFICULTIES, Session, SessionError, new_seed
from ..widgets.status import StatusBar
from ..widgets.symbols import ILLEGAL, LEGAL

if TYPE_CHECKING:
    from ..app import DetenteApp


class NewGameScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", priority=True),
        Binding("a", "cycle_actor", "Play as"),
        Binding("v", "cycle_difficulty", "Difficulty"),
        Binding("r", "reseed", "New seed"),
        Binding("e", "edit_seed", "Edit seed"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, tutorial: bool = False) -> None:
        super().__init__()
        self.tutorial = tutorial
        self.cards: list[ScenarioCard] = []
        self.actor = ""
        self.difficulty = "easy" if tutorial else "normal"
        self.seed = new_seed()

    @property
    def dapp(self) -> DetenteApp:
        from ..app import DetenteApp

        assert isinstance(self.app, DetenteApp)
        return self.app

    def compose(self) -> ComposeResult:
        what = "Tutorial — a guided first game" if self.tutorial else "New game — choose a scenario"
        yield StatusBar(what, id="status")
        with Horizontal(id="picker"):
            yield OptionList(Option("Loading scenarios…", disabled=True), id="scenarios")
            with VerticalScroll(id="card"):
                yield Static("", id="card-text")
                with Horizontal(id="seed-row"):
                    yield Static("Seed", id="seed-label")
                    yield Input(str(self.seed), id="seed", type="integer", max_length=12)
                    yield Static("  e: edit · r: new", id="seed-help")
                yield Static("", id="choices")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.dapp.options.seed is not None:  # a seed from the command line wins over a random one
            self.seed = self.dapp.options.seed
            self.query_one("#seed", Input).value = str(self.seed)
        self.query_one("#scenarios", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        cards = self.dapp.load_cards()
        self.app.call_from_thread(self.show_cards, cards)

    def show_cards(self, cards: list[ScenarioCard]) -> None:
        self.cards = cards
        ol = self.query_one("#scenarios", OptionList)
        ol.clear_options()
        if not cards:
            from ..scenarios import scenarios_dir

            ol.add_option(Option(f"No scenarios found in {scenarios_dir()}", disabled=True))
            return
        width = max(16, (ol.content_region.width or 28) - 5)
        for i, c in enumerate(cards):
            title = c.title if len(c.title) <= width else c.title[: width - 1] + "…"
            if c.ok:
                label = Text.assemble(f"{LEGAL} ", (title, "bold"), f"\n  {c.difficulty} · {c.turns} turns")
            else:
                label = Text.assemble(f"{ILLEGAL} ", (c.path.name, "strike"), "\n  cannot be loaded", style="dim")
            ol.add_option(Option(label, id=str(i)))
        start = 0
        if self.tutorial:
            t = tutorial_card(cards)
            if t is not None:
                start = cards.index(t)
        else:
            start = next((i for i, c in enumerate(cards) if c.ok), 0)
        ol.highlighted = start
        self.select(start)

    @property
    def card(self) -> ScenarioCard | None:
        ol = self.query_one("#scenarios", OptionList)
        if ol.highlighted is None or not self.cards:
            return None
        opt = ol.get_option_at_index(ol.highlighted)
        return self.cards[int(opt.id)] if opt.id is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and self.cards:
            self.select(int(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def select(self, index: int) -> None:
        c = self.cards[index]
        ids = [a.id for a in c.playable_actors]
        if self.actor not in ids:
            self.actor = c.default_actor()
        self.render_card()

    def render_card(self) -> None:
        c = self.card
        text = Text()
        if c is None:
            self.query_one("#card-text", Static).update("")
            return
        if not c.ok:
            text.append(f"{ILLEGAL} {c.path.name} cannot be played\n\n", style="bold")
            text.append(c.error + "\n\n")
            text.append(f"Check it with:  detente validate {c.path}", style="italic")
            self.query_one("#card-text", Static).update(text)
            self.query_one("#choices", Static).update("")
            return
        text.append(c.title + "\n", style="bold")
        text.append(f"{c.turns} turns of {c.turn_length} · difficulty: {c.difficulty}\n", style="italic")
        text.append(c.summary)
        self.query_one("#card-text", Static).update(text)
        actor = next((a.name for a in c.actors if a.id == self.actor), "—")
        choices = Text()
        choices.append("Play as   ", style="bold")
        choices.append(f"◂ {actor} ▸", style="reverse")
        choices.append(f"  a: change ({len(c.playable_actors)} playable)\n")
        choices.append("Computer  ", style="bold")
        choices.append(f"◂ {self.difficulty} ▸", style="reverse")
        choices.append("  v: easy / normal / hard\n")
        choices.append("Actors\n", style="bold")
        for a in c.actors:
            if a.id == self.actor:
                choices.append(f" ▶ {a.name} ({a.kind.replace('_', ' ')}): you\n", style="bold")
            else:
                choices.append(f"   {a.name} ({a.kind.replace('_', ' ')}): computer, "
                               f"{a.personality.replace('_', ' ')}\n")
        if self.tutorial:
            choices.append("Tutorial notes are on: each screen explains itself.\n", style="italic")
        choices.append("Enter: start the game", style="bold")
        self.query_one("#choices", Static).update(choices)

    # ------------------------------------------------------------------ actions
    def action_cycle_actor(self) -> None:
        c = self.card
        if c is None or not c.ok or not c.playable_actors:
            return
        ids = [a.id for a in c.playable_actors]
        self.actor = ids[(ids.index(self.actor) + 1) % len(ids)] if self.actor in ids else ids[0]
        self.render_card()

    def action_cycle_difficulty(self) -> None:
        self.difficulty = DIFFICULTIES[(DIFFICULTIES.index(self.difficulty) + 1) % len(DIFFICULTIES)]
        self.render_card()

    def action_reseed(self) -> None:
        self.seed = new_seed()
        self.query_one("#seed", Input).value = str(self.seed)

    def action_edit_seed(self) -> None:
        self.query_one("#seed", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#scenarios", OptionList).focus()
            return
        self.app.pop_screen()

    def action_start(self) -> None:
        c = self.card
        if c is None:
            return
        if not c.ok:
            self.notify(c.error, title="This scenario cannot be played", severity="error")
            return
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw) if raw else self.seed
        except ValueError:
            self.notify(f"the seed must be a whole number, not {raw!r}", severity="error")
            return
        try:
            cs = compile_path(c.path)
            session = Session.start(cs, self.actor, seed, self.difficulty, path=c.path, tutorial=self.tutorial)
        except (ScenarioLoadError, SessionError) as exc:
            self.notify(str(exc), title="Cannot start", severity="error")
            return
        self.dapp.start_game(session)
