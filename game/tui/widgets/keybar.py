"""The key line at the foot of every screen: the screen's shown bindings, one row, clickable.

It reads and looks like Textual's compact Footer (the same theme variables), but it is
one widget drawing one line of text instead of a scrolling container of one widget per
key: Textual's Footer rebuilds and restyles all of those children every time a
screen's bindings change, several times while each screen mounts — about 85 ms of the
main menu's first frame on this 2-core machine, more than everything else Détente adds
to Textual's own start-up (benchmarks/bench_startup.py).  Every screen pushed pays it
again, so the game feels quicker on every screen, not only at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


class KeyBar(Widget):
    """The shown bindings of the screen it is on: key, then what it does."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description", "keybar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__()
        self.show_command_palette = show_command_palette
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled) for clicks
        self._drawn: tuple[object, ...] | None = None  # what the last render showed (see _bindings_changed)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Repaint only if the line would change.

        A screen announces its bindings several times while it mounts and takes focus,
        mostly with the same keys as the frame already drawn; repainting for nothing
        costs a frame of work just after the screen appears (on the main menu, a render
        of the key line and everything behind it while the player's first key waits).
        """
        if _signature(*self._shown()) != self._drawn:
            self.refresh()

    def _shown(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The shown bindings, one per action (the first), and the command palette's."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append((binding, enabled))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(self.app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                palette = (entry[1], entry[2])
        return keys, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        desc_style = self.get_component_rich_style("keybar--description")
        keys, palette = self._shown()
        self._drawn = _signature(keys, palette)
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        for binding, enabled in keys:
            start = line.cell_len
            item = Text.assemble((self.app.get_key_display(binding), key_style), (f" {binding.description}", desc_style))
            if not enabled:
                item.stylize("dim")
            line.append_text(item)
            spans.append((start, line.cell_len, binding.key, enabled))
            line.append(" ")
        if palette is not None:
            binding, enabled = palette
            right = Text.assemble(("▏", self.get_component_rich_style("keybar--separator")),
                                  (self.app.get_key_display(binding), key_style), (f" {binding.description}", desc_style),
                                  " ")
            gap = width - line.cell_len - right.cell_len
            if gap >= 0:
                line.append(" " * gap)
                start = line.cell_len + 1
                line.append_text(right)
                spans.append((start, line.cell_len - 1, binding.key, enabled))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return

    def keys_text(self) -> str:
        """The line as plain text (tests, screen readers of the plain output)."""
        keys, palette = self._shown()
        parts = [f"{self.app.get_key_display(b)} {b.description}" for b, _e in keys]
        if palette is not None:
            parts.append(f"{self.app.get_key_display(palette[0])} {palette[0].description}")
        return " ".join(parts)


def _signature(keys: list[tuple[Binding, bool]], palette: tuple[Binding, bool] | None) -> tuple[object, ...]:
    """What the line shows, as a value to compare: each key, its label, enabled or not."""
    shown = keys if palette is None else [*keys, palette]
    return (palette is not None, *((b.key, b.key_display, b.description, e) for b, e in shown))
