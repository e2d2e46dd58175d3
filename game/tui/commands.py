"""Command palette: every key-bound action of the current screen, plus app-wide commands.

Built from the live bindings rather than a hand-kept list, so an action added with a key
is in the palette automatically — the "every action in the palette" promise cannot rot.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


def _key_label(key: str) -> str:
    return {"question_mark": "?", "escape": "esc"}.get(key, key)


class ActionsProvider(Provider):
    """The current screen's actions, labelled with their keys."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        seen: set[str] = set()
        out: list[tuple[str, str, Callable[[], object]]] = []
        screen = self.screen
        for key, active in screen.active_bindings.items():
            b = active.binding
            if not b.description or not active.enabled or b.action in seen:
                continue
            if b.action.startswith("app.command_palette") or b.action == "command_palette":
                continue
            seen.add(b.action)
            keys = b.key_display or _key_label(key)
            run = partial(self.app.run_action, b.action, active.node)
            out.append((b.description, f"key: {keys}", run))
        return out

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
