"""Pick one item from a list (an actor, an event to cancel, an inject): Enter picks, Esc cancels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.keybar import KeyBar


class PickDialog(ModalScreen[str | None]):
    """Items are (id, label); an item whose id starts with '-' is a disabled heading."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick", "Choose", key_display="⏎"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, items: Sequence[tuple[str, str | Text]], intro: str | Text = "",
                 keys: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.intro = intro
        self.keys = dict(keys or {})  # a letter -> the item it picks at once

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            if self.intro:
                yield Static(self.intro, id="dialog-intro")
            yield OptionList(
                *(Option(label, id=iid, disabled=iid.startswith("-")) for iid, label in self.items), id="pick-list"
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = "↑↓ move · Enter choose · Esc cancel"
        ol = self.query_one(OptionList)
        ol.focus()
        first = next((n for n, o in enumerate(ol.options) if not o.disabled), None)
        if first is not None:
            ol.highlighted = first

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in self.keys:
            event.stop()
            self.dismiss(self.keys[event.character])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None:
            opt = ol.get_option_at_index(ol.highlighted)
            if not opt.disabled:
                self.dismiss(opt.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
