"""The stock library of channels and moves that ships with the game (``game/stock/*.toml``).

Every ``*.toml`` file in ``game/stock`` is a ``StockCatalogue`` (``format = 1``,
``[[channels]]``, ``[[moves]]``); they are validated with the same machinery and the same
messages as scenarios and merged in file-name order.  A missing directory is an empty
catalogue; a broken stock file raises ``StockError`` carrying located diagnostics.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .diagnostics import Diagnostic
from .models import StockCatalogue

STOCK_DIR = Path(__file__).resolve().parent.parent / "stock"


class StockError(Exception):
    """The stock catalogue shipped with the game does not validate (a bug in the game)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


def stock_files(directory: Path | None = None) -> list[Path]:
    d = directory or STOCK_DIR
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("*.toml") if p.is_file())


def load_stock_from(directory: Path) -> StockCatalogue:
    """Load and merge every stock file in ``directory``; raise StockError on any problem."""
    from .loader import check_stock, parse_model  # late: loader imports this module

    parts: list[tuple[str, str, StockCatalogue]] = []
    diagnostics: list[Diagnostic] = []
    for path in stock_files(directory):
        try:
            data = path.read_bytes()
        except OSError as exc:
            diagnostics.append(Diagnostic(str(path), 1, 1, "", f"cannot read file: {exc.strerror}", code="E-io"))
            continue
        part, diags, text = parse_model(StockCatalogue, data, str(path))
        diagnostics.extend(diags)
        if part is not None and text is not None:
            parts.append((str(path), text, part))
    catalogue = StockCatalogue(
        channels=[c for _, _, p in parts for c in p.channels], moves=[m for _, _, p in parts for m in p.moves]
    )
    if not diagnostics:
        diagnostics.extend(check_stock(parts, str(directory)))
    if diagnostics:
        raise StockError(diagnostics)
    return catalogue


def stock_texts(directory: Path | None = None) -> dict[str, str]:
    """The stock files' text by file name, for embedding in a save (a save is self-contained)."""
    out: dict[str, str] = {}
    for path in stock_files(directory):
        try:
            out[path.name] = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue
    return out


def load_stock_texts(texts: dict[str, str], origin: str = "<embedded stock>") -> StockCatalogue:
    """A stock catalogue from embedded texts (as `stock_texts` gives); StockError on problems."""
    from .loader import check_stock, parse_model

    parts: list[tuple[str, str, StockCatalogue]] = []
    diagnostics: list[Diagnostic] = []
    for name in sorted(texts):
        file = f"{origin}/{name}"
        part, diags, text = parse_model(StockCatalogue, texts[name], file)
        diagnostics.extend(diags)
        if part is not None and text is not None:
            parts.append((file, text, part))
    catalogue = StockCatalogue(
        channels=[c for _, _, p in parts for c in p.channels], moves=[m for _, _, p in parts for m in p.moves]
    )
    if not diagnostics:
        diagnostics.extend(check_stock(parts, origin))
    if diagnostics:
        raise StockError(diagnostics)
    return catalogue


@functools.lru_cache(maxsize=1)
def load_stock() -> StockCatalogue:
    """The game's stock catalogue, validated once per process (empty if none ships yet)."""
    return load_stock_from(STOCK_DIR)
