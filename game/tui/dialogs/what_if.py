"""What if? From which turn, and who plays your actor instead (a policy): the debrief's branch.

The same branch as `detente branch SAVE --turn N --policy NAME`: the game is replayed to
the start of that turn and played on with the policy in your seat; the two histories are
then shown side by side (see game.report.branch).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.keybar import KeyBar

POLICY_WORDS = {
    "doctrine": "doctrine: by the book (transparency, restraint, mediation)",
    "dove": "dove: conciliatory",
    "hawk": "hawk: coercive",
    "tit_for_tat": "tit for tat: mirrors the other side",
    "opportunist": "opportunist: takes what is offered",
    "random": "random: any legal move",
}


class WhatIfDialog(ModalScreen[tuple[int, str] | None]):
    """Returns (turn, policy), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, turns: int, policies: tuple[str, ...], check: Callable[[int], str]) -> None:
        super().__init__()
        self.turns = turns
        self.policies = policies
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("What if?", id="dialog-title")
            yield Static(Text(f"Replay to the start of a turn (1–{self.turns}) and let a policy play your "
                              "actor from there; both histories are compared."), id="dialog-intro")
            yield Label("From turn", classes="field-label")
            yield Input(str(max(1, self.turns // 2)), id="turn", classes="field")
            yield Label("Who plays your actor (Enter chooses)", classes="field-label")
            yield OptionList(*[Option(POLICY_WORDS.get(p, p), id=p) for p in self.policies], id="policies")
            yield Static("", id="dialog-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = "Enter next · Esc cancel"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        raw = self.query_one(Input).value.strip()
        try:
            turn = int(raw)
        except ValueError:
            self.query_one("#dialog-error", Static).update(Text(f"✗ the turn is a whole number (got {raw!r})",
                                                                style="bold"))
            self.query_one(Input).focus()
            return
        problem = self.check(turn)
        if problem:
            self.query_one("#dialog-error", Static).update(Text(f"✗ {problem}", style="bold"))
            self.query_one(Input).focus()
            return
        self.dismiss((turn, event.option.id or "doctrine"))

    def action_cancel(self) -> None:
        self.dismiss(None)
