"""One-field dialogs of the console: the turn clock and an evaluator's note.

Both ask one value and hand it to an `apply` that returns '' or a one-line refusal,
which stays in the dialog.  The clock: minutes per turn (0 turns it off; the current
turn restarts with it).  The note: what the evaluator observed, for the AAR only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from game.tui.widgets.keybar import KeyBar

Apply = Callable[[dict[str, str], str], str]


class FieldDialog(ModalScreen[bool]):
    """Title, a sentence, one labelled field (its value goes to `apply` under `key`)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, intro: str, label: str, key: str, apply: Apply, *, value: str = "",
                 placeholder: str = "", ok: str = "set") -> None:
        super().__init__()
        self.title_text, self.intro, self.label, self.key = title, intro, label, key
        self.apply, self.value, self.placeholder, self.ok = apply, value, placeholder, ok

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            yield Static(Text(self.intro), id="dialog-intro")
            yield Label(self.label, classes="field-label")
            yield Input(self.value, placeholder=self.placeholder, id=self.key, classes="field")
            yield Static("", id="dialog-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = f"Enter {self.ok} · Esc cancel"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.apply({self.key: event.value.strip()}, "")
        if problem:
            self.query_one("#dialog-error", Static).update(Text(f"✗ {problem}", style="bold"))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


def ClockDialog(minutes: float, apply: Apply) -> FieldDialog:  # noqa: N802 - reads as the dialog it builds
    return FieldDialog("Turn clock", "Minutes per turn; 0 turns the clock off. At the deadline the turn resolves "
                       "and teams that gave no orders hold. Pause stops the clock.", "Minutes per turn", "minutes",
                       apply, value=f"{minutes:g}")


def NoteDialog(apply: Apply) -> FieldDialog:  # noqa: N802
    return FieldDialog("Evaluator note", "What you observed, for the debrief: it appears in the AAR under this turn "
                       "(and the team and objective you chose). No team sees it.", "Note", "text", apply,
                       placeholder="e.g. consulted the ally before the show of force", ok="save")
