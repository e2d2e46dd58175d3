"""One problem found in a scenario file, printed compiler style.

``scenarios/strait.toml:42:9: actors[2].trust: must be between 0 and 100``

Used by ``validate`` (codes ``E-...``) and ``lint`` (codes ``W-...`` for warnings).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """A located problem: 1-based line and column, dotted path of the value, human message."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: Severity = "error"
    code: str = ""

    def format(self) -> str:
        """``file:line:col: path: message`` (path omitted when empty, ``warning: `` for warnings)."""
        message = f"warning: {self.message}" if self.severity == "warning" else self.message
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.path)
