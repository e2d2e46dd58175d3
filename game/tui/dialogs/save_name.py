"""Ask for a save name (the saves module sanitises it; this only collects it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.tui.widgets.keybar import KeyBar


class SaveNameDialog(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Save game", id="dialog-title")
            yield Static("Name this save (Enter to save, Esc to cancel):")
            yield Input(placeholder="e.g. before-summit", id="save-name")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
