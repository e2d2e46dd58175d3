"""Symbols and words that carry meaning without colour (the game must read in monochrome)."""

from __future__ import annotations

LEGAL = "✓"
ILLEGAL = "✗"
QUEUED = "●"
ESTIMATE = "≈"
CURRENT = "▶"
THRESHOLD = "⚑"
PEAK = "▲"
UP = "▲"
DOWN = "▼"
FLAT = "="

KIND_ICON = {
    "order": "✉",
    "reject": "✗",
    "deliver": "✉",
    "roll": "⚄",
    "change": "Δ",
    "inject": "◆",
    "mediation": "⚖",
    "alliance": "⛨",
    "threshold": "⚑",
    "redline": "⛔",
    "debrief": "✎",
    "ending": "■",
    "note": "·",
}


def trend(delta: float) -> str:
    """▲ up / ▼ down / = unchanged, for deltas shown beside a number."""
    if delta > 0.05:
        return UP
    if delta < -0.05:
        return DOWN
    return FLAT


def signed(x: float) -> str:
    return f"{'+' if x >= 0 else '−'}{abs(x):.1f}"


def level_word(value: float) -> str:
    """low / moderate / high: a label for a 0–100 value so no one needs to read the colour."""
    if value >= 70:
        return "high"
    if value >= 40:
        return "moderate"
    return "low"


def estimate(value: float, error: float) -> str:
    """'58.0' when known exactly, '≈ 49.9 ±6.2' for an estimate."""
    if error == 0:
        return f"{value:.1f}"
    return f"{ESTIMATE} {value:.1f} ±{error:.1f}"
