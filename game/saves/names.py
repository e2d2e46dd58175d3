"""Turning a name a player typed into a safe file name.

A save name comes from a text box, so it may hold anything: ``../../etc/passwd``,
``C:\\x``, control characters, emoji, 10 000 characters or nothing at all.  The result is
always a single plain path component: letters and digits of any script (NFKC-normalised,
so look-alike compatibility forms collapse), ``-`` and ``_``; everything else becomes
``_``; no leading dot or dash, at most ``MAX_NAME`` characters, never a Windows device
name, never empty.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 64
DEFAULT_NAME = "save"
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_RUNS = re.compile(r"_{2,}")


def sanitise_name(name: str) -> str:
    """A safe, non-empty file-name stem for ``name`` (without the ``.json`` extension)."""
    text = unicodedata.normalize("NFKC", name)
    kept = "".join(ch if (ch.isalnum() or ch in "-_") else "_" for ch in text)
    kept = _RUNS.sub("_", kept).strip("_-")
    kept = kept[:MAX_NAME].rstrip("_-")
    if not kept:
        return DEFAULT_NAME
    if kept.lower() in _WINDOWS_DEVICES:
        kept = f"{kept}_save"
    return kept
