"""One-field dialogs of the console: the turn clock (minutes per turn; 0 turns it off, the
current turn restarts with it) and an evaluator's note for the AAR."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static


class ClockDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, minutes: float, apply: Callable[[dict[str, str], str], str]) -> None:
        super().__init__()
        self.minutes = minutes
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Turn clock", id="dialog-title")
            yield Static(Text("Minutes per turn; 0 turns the clock off. At the deadline the turn resolves "
                              "and teams that gave no orders hold. Pause stops the clock."), id="dialog-intro")
            yield Label("Minutes per turn", classes="field-label")
            yield Input(f"{self.minutes:g}", id="minutes", classes="field")
            yield Static("", id="dialog-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = "Enter set · Esc cancel"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.apply({"minutes": event.value.strip()}, "")
        if problem:
            self.query_one("#dialog-error", Static).update(Text(f"✗ {problem}", style="bold"))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class NoteDialog(ModalScreen[bool]):
    """The text of an evaluator's note (the white cell's: it goes to the AAR, never to a team)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, apply: Callable[[dict[str, str], str], str]) -> None:
        super().__init__()
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Evaluator note", id="dialog-title")
            yield Static(Text("What you observed, for the debrief: it appears in the AAR under this turn "
                              "(and the team and objective you chose). No team sees it."), id="dialog-intro")
            yield Label("Note", classes="field-label")
            yield Input(placeholder="e.g. consulted the ally before the show of force", id="text", classes="field")
            yield Static("", id="dialog-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = "Enter save · Esc cancel"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.apply({"text": event.value.strip()}, "")
        if problem:
            self.query_one("#dialog-error", Static).update(Text(f"✗ {problem}", style="bold"))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
