"""Settings: the colour theme (including Détente's high-contrast one), remembered between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.keybar import KeyBar

from ..widgets.status import StatusBar

if TYPE_CHECKING:
    from ..app import DetenteApp

HIGH_CONTRAST = "detente-high-contrast"


class SettingsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "high_contrast", "High contrast"),
        Binding("escape", "close", "Back"),
    ]

    @property
    def dapp(self) -> DetenteApp:
        from ..app import DetenteApp

        assert isinstance(self.app, DetenteApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield StatusBar("Settings", id="status")
        with Vertical(id="settings"):
            yield Static("Colour theme — Enter applies and remembers it. Meaning never depends on colour: "
                         "every state also has a symbol or a word.", id="settings-note")
            yield OptionList(id="themes")
        yield KeyBar()

    def on_mount(self) -> None:
        ol = self.query_one("#themes", OptionList)
        names = sorted(self.app.available_themes, key=lambda n: (n != HIGH_CONTRAST, n))
        for name in names:
            label = f"{'● ' if name == self.app.theme else '  '}{name}"
            if name == HIGH_CONTRAST:
                label += "  (black and white, strong accents: projectors, low vision)"
            ol.add_option(Option(label, id=name))
        ol.highlighted = names.index(self.app.theme) if self.app.theme in names else 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.apply(event.option.id)

    def apply(self, name: str) -> None:
        self.dapp.set_theme(name)
        ol = self.query_one("#themes", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        names = sorted(self.app.available_themes, key=lambda n: (n != HIGH_CONTRAST, n))
        for n in names:
            label = f"{'● ' if n == name else '  '}{n}"
            if n == HIGH_CONTRAST:
                label += "  (black and white, strong accents: projectors, low vision)"
            ol.add_option(Option(label, id=n))
        ol.highlighted = keep
        self.notify(f"Theme: {name}", timeout=2)

    def action_high_contrast(self) -> None:
        self.apply(HIGH_CONTRAST)

    def action_close(self) -> None:
        self.app.pop_screen()
