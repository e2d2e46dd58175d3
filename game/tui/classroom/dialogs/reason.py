"""Collect an override's parameters and its mandatory reason, then try to apply it.

The dialog does not know what an override does: it calls ``apply(values, reason)``,
which returns '' on success or a one-line reason for refusal; a refusal stays in the
dialog (under the fields) so the facilitator can correct it.  An empty reason is never
sent: an override that is not explained teaches nothing in the debrief.  Two texts are
asked apart: the note the players may read, and the rationale only the white cell and
the AAR's controller section see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from game.tui.widgets.keybar import KeyBar

Apply = Callable[[dict[str, str], str], str]


class ReasonDialog(ModalScreen[bool]):
    """Fields are (key, label, default); the reason field always comes last."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, intro: str | Text, apply: Apply,
                 fields: Sequence[tuple[str, str, str]] = (), ok: str = "apply") -> None:
        super().__init__()
        self.title_text = title
        self.intro = intro
        self.apply = apply
        self.fields = list(fields)
        self.ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            if self.intro:
                yield Static(self.intro, id="dialog-intro")
            for key, label, default in self.fields:
                yield Label(label, classes="field-label")
                yield Input(default, id=f"f-{key}", classes="field")
            yield Label("Note to the players (optional; the teams it reaches read it)", classes="field-label")
            yield Input(placeholder="leave empty to tell them nothing more", id="note", classes="field")
            yield Label("Rationale (required; white cell and AAR only, never players)", classes="field-label")
            yield Input(placeholder="why you are doing this", id="reason", classes="field")
            yield Static(Text(f"Enter in the reason field: {self.ok}.", style="italic"), id="dialog-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = "Enter next field, then apply · Esc cancel"
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        out = {key: self.query_one(f"#f-{key}", Input).value.strip() for key, _l, _d in self.fields}
        out["note"] = self.query_one("#note", Input).value.strip()
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        i = inputs.index(event.input)
        if event.input.id != "reason":
            inputs[i + 1].focus()
            return
        reason = event.value.strip()
        if not reason:
            self.error("A rationale is required: it is logged with the override for the debrief.")
            return
        problem = self.apply(self.values(), reason)
        if problem:
            self.error(problem)
            return
        self.dismiss(True)

    def error(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(Text(f"✗ {message}", style="bold"))

    def action_cancel(self) -> None:
        self.dismiss(False)
