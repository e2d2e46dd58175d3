"""Trust / tension between every pair of actors, as the player believes them to be."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from .symbols import ESTIMATE


class EstimateLike(Protocol):
    """An engine `Estimate` (or anything shaped like it): a value and its error half-width."""

    @property
    def value(self) -> float: ...

    @property
    def error(self) -> float: ...


def _cell(trust: EstimateLike, tension: EstimateLike) -> Text:
    if trust.error == 0 and tension.error == 0:
        return Text(f"{trust.value:.0f} / {tension.value:.0f}")
    err = max(trust.error, tension.error)
    return Text(f"{ESTIMATE}{trust.value:.0f} / {ESTIMATE}{tension.value:.0f} ±{err:.0f}", style="italic")


def matrix_table(
    actors: Sequence[tuple[str, str]], pairs: Mapping[str, Mapping[str, EstimateLike]], me: str
) -> Table:
    """Rows and columns are actors; each cell 'trust / tension', estimates marked ≈ ±err."""
    t = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    t.add_column("trust / tension", no_wrap=True)
    for aid, name in actors:
        t.add_column(("you: " if aid == me else "") + name[:10], no_wrap=True)
    for aid, name in actors:
        row: list[Text | str] = [Text(("you: " if aid == me else "") + name[:12], style="bold")]
        for bid, _ in actors:
            if aid == bid:
                row.append(Text("—", style="dim"))
                continue
            key = f"{aid}~{bid}" if f"{aid}~{bid}" in pairs else f"{bid}~{aid}"
            p = pairs.get(key)
            row.append(_cell(p["trust"], p["tension"]) if p else Text("?"))
        t.add_row(*row)
    return t


class RelationsMatrix(Static):
    def show(self, actors: Sequence[tuple[str, str]], pairs: Mapping[str, Mapping[str, EstimateLike]], me: str) -> None:
        self.update(matrix_table(actors, pairs, me))
