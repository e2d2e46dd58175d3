"""Resume a saved game: the list comes from the saves module through `persistence`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.keybar import KeyBar

from .. import persistence
from ..widgets.status import StatusBar

if TYPE_CHECKING:
    from ..app import DetenteApp


class ResumeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    @property
    def dapp(self) -> DetenteApp:
        from ..app import DetenteApp

        assert isinstance(self.app, DetenteApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield StatusBar("Resume a saved game", id="status")
        with Vertical(id="resume"):
            yield Static("", id="resume-note")
            yield OptionList(id="saves")
        yield KeyBar()

    def on_mount(self) -> None:
        entries, message = persistence.list_saves()
        self.query_one("#resume-note", Static).update(message or "Enter resumes the highlighted save.")
        ol = self.query_one("#saves", OptionList)
        for e in entries:
            ol.add_option(Option(("" if e.ok else "✗ ") + e.label, id=e.ref))
        if entries:
            ol.highlighted = 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id:
            return
        self.dapp.resume(event.option.id)

    def action_close(self) -> None:
        self.app.pop_screen()
