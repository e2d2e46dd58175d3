"""One actor as the player sees it: who controls it, its metrics (exact or estimated)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual.widgets import Static

from .relations import EstimateLike
from .symbols import estimate


@dataclass
class ActorView:
    """Everything an actor panel shows; built by the screen from the engine's views."""

    id: str
    name: str
    kind: str
    controller: str  # 'you' or 'computer (tit for tat)'
    description: str
    metrics: Mapping[str, EstimateLike]
    quality: float | None = None  # intelligence quality on this actor (None: yourself)
    extra: Sequence[str] = field(default_factory=tuple)


def actor_text(v: ActorView) -> Text:
    t = Text()
    t.append(v.name, style="bold")
    t.append(f"  {v.kind.replace('_', ' ')} · {v.controller}\n", style="italic")
    if v.description:
        t.append(v.description + "\n", style="dim")
    if v.quality is not None:
        t.append(f"intelligence quality {v.quality:.0%}: values are estimates (≈ ±error)\n", style="italic")
    for m, e in v.metrics.items():
        t.append(f"  {m.replace('_', ' '):<18}{estimate(e.value, e.error)}\n")
    for line in v.extra:
        t.append(f"  {line}\n")
    t.rstrip()
    return t


class ActorPanel(Static):
    DEFAULT_CSS = "ActorPanel { border: round $primary 50%; padding: 0 1; height: auto; }"

    def show(self, view: ActorView) -> None:
        self.border_title = view.name
        self.update(actor_text(view))
