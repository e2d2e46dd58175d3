"""Where is ``actors[2].trust`` in the file?  A lenient position scanner for TOML text.

tomli gives us values without positions, and pydantic gives us error locations as
paths (``('actors', 2, 'trust')``).  This module scans the raw text once and records the
1-based line and column of every key and value, under the same dotted paths the models
use: ``scenario.turns``, ``actors[0].objectives[1].target``, ``relations[1].between[0]``,
``moves[0].effects[2].delta`` (inside inline tables and arrays, on one or several lines).

It understands tables (``[a.b]``), arrays of tables (``[[actors]]``, and nested
``[[actors.objectives]]`` which index within the current parent element), dotted keys,
quoted keys, all four string kinds, comments, and inline arrays and tables.  It never
raises and never recurses (inline nesting uses an explicit stack), so it is safe on any
input; on text tomli rejects it simply records what it could.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

#: Deeper inline nesting is not scanned (tomli refuses more than 400 levels anyway), which
#: keeps the scanner linear on hostile input.
MAX_NESTING = 512

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class Positions:
    """Offsets (0-based, into the text) of every value and key, by dotted path."""

    text: str
    values: dict[str, int] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def linecol(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def value(self, path: str) -> tuple[int, int]:
        """Position of the value at ``path``, else of its nearest existing parent, else 1:1."""
        for p in _ancestry(path):
            if p in self.values:
                return self.linecol(self.values[p])
        return 1, 1

    def key(self, path: str) -> tuple[int, int]:
        """Position of the key naming ``path`` (falls back like ``value``)."""
        if path in self.keys:
            return self.linecol(self.keys[path])
        return self.value(path)

    def string_char(self, path: str, offset: int) -> tuple[int, int]:
        """Position of character ``offset`` of the string value at ``path`` (decoded offset)."""
        if path not in self.values:
            return self.value(path)
        return self.linecol(raw_offset(self.text, self.values[path], offset))


def _ancestry(path: str) -> list[str]:
    """``a[1].b`` -> ``['a[1].b', 'a[1]', 'a', '']`` (nearest first)."""
    out = [path]
    while path:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
        if path:
            out.append(path)
    return out


def join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def path_of(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """``('actors', 2, 'trust')`` -> ``'actors[2].trust'``."""
    out = ""
    for part in loc:
        out = f"{out}[{part}]" if isinstance(part, int) else join(out, str(part))
    return out


def locate(text: str, path: str) -> tuple[int, int]:
    """1-based line and column of the value at a dotted path (nearest parent, else 1:1)."""
    return scan(text).value(path)


# --------------------------------------------------------------------------- scanner


class _Scanner:
    def __init__(self, text: str) -> None:
        self.t = text
        self.n = len(text)
        self.pos = Positions(text)
        self.aot: dict[str, int] = {}  # resolved array-of-tables path -> last index

    # -- low level -------------------------------------------------------------------

    def skip_space(self, i: int, newlines: bool = False) -> int:
        t, n = self.t, self.n
        while i < n:
            c = t[i]
            if c in " \t\r" or (newlines and c == "\n"):
                i += 1
            elif newlines and c == "#":
                while i < n and t[i] != "\n":
                    i += 1
            else:
                break
        return i

    def to_eol(self, i: int) -> int:
        j = self.t.find("\n", i)
        return self.n if j == -1 else j + 1

    def skip_string(self, i: int) -> int:
        """``i`` is at an opening quote; return the index just after the string."""
        t, n = self.t, self.n
        q = t[i]
        if t.startswith(q * 3, i):
            j = i + 3
            while j < n:
                if q == '"' and t[j] == "\\":
                    j += 2
                    continue
                if t.startswith(q * 3, j):
                    j += 3
                    while j < n and t[j] == q:  # up to two extra quotes belong to the content
                        j += 1
                    return j
                j += 1
            return n
        j = i + 1
        while j < n and t[j] != "\n":
            if q == '"' and t[j] == "\\":
                j += 2
                continue
            if t[j] == q:
                return j + 1
            j += 1
        return j

    def skip_scalar(self, i: int) -> int:
        t, n = self.t, self.n
        j = i
        while j < n and t[j] not in ",]}\n#":
            j += 1
        return j if j > i else min(i + 1, n)

    def parse_key(self, i: int) -> tuple[list[tuple[str, int]], int]:
        """Parse a (dotted) key at ``i``: [(part, offset)], index after the key."""
        t, n = self.t, self.n
        parts: list[tuple[str, int]] = []
        while True:
            i = self.skip_space(i)
            if i >= n:
                return parts, i
            c = t[i]
            start = i
            if c in "\"'":
                end = self.skip_string(i)
                raw = t[i + 1 : end - 1] if end - i >= 2 else ""
                name = raw.replace('\\"', '"').replace("\\\\", "\\") if c == '"' else raw
                parts.append((name, start))
                i = end
            elif c in _BARE:
                while i < n and t[i] in _BARE:
                    i += 1
                parts.append((t[start:i], start))
            else:
                return parts, i
            i = self.skip_space(i)
            if i < n and t[i] == ".":
                i += 1
                continue
            return parts, i

    # -- paths -------------------------------------------------------------------------

    def resolve(self, parts: list[tuple[str, int]], prefix: str = "", record: bool = True) -> str:
        """Walk dotted parts from ``prefix``; arrays of tables resolve to their last element."""
        path = prefix
        for name, off in parts:
            path = join(path, name)
            if record:
                self.pos.keys.setdefault(path, off)
                self.pos.values.setdefault(path, off)
            if path in self.aot:
                path = f"{path}[{self.aot[path]}]"
        return path

    # -- document ----------------------------------------------------------------------

    def run(self) -> Positions:
        t, n = self.t, self.n
        table = ""
        i = 0
        while i < n:
            i = self.skip_space(i, newlines=True)
            if i >= n:
                break
            c = t[i]
            if c == "[":
                start = i
                double = t.startswith("[[", i)
                parts, j = self.parse_key(i + (2 if double else 1))
                if parts:
                    if double:
                        parent = self.resolve(parts[:-1], record=False)
                        arr = join(parent, parts[-1][0])
                        index = self.aot.get(arr, -1) + 1
                        self.aot[arr] = index
                        self.pos.values.setdefault(arr, start)
                        self.pos.keys.setdefault(arr, parts[-1][1])
                        table = f"{arr}[{index}]"
                        self.pos.values[table] = start
                        self.pos.keys[table] = start
                    else:
                        table = self.resolve(parts[:-1], record=False)
                        table = join(table, parts[-1][0])
                        self.pos.values[table] = start
                        self.pos.keys[table] = parts[-1][1]
                i = self.to_eol(max(j, i + 1))
                continue
            parts, j = self.parse_key(i)
            if not parts:
                i = self.to_eol(i + 1)
                continue
            j = self.skip_space(j)
            if j < n and t[j] == "=":
                parent = self.resolve(parts[:-1], table)
                path = join(parent, parts[-1][0])
                self.pos.keys[path] = parts[-1][1]
                j = self.value(self.skip_space(j + 1), path)
            i = self.to_eol(max(j, i + 1)) if j < n and t[j] != "\n" else max(j, i + 1)
        return self.pos

    def value(self, i: int, path: str) -> int:
        """Record the value at ``i`` (and everything nested in it); return the index after it."""
        t, n = self.t, self.n
        # Frames: ["arr", path, index] or ["tbl", path].
        stack: list[list] = []
        mode = "value"
        while True:
            if mode == "value":
                self.pos.values[path] = i
                c = t[i] if i < n else ""
                if c in "[{" and len(stack) >= MAX_NESTING:
                    return i
                if c == "[":
                    stack.append(["arr", path, 0])
                    i += 1
                    mode = "item"
                    continue
                if c == "{":
                    stack.append(["tbl", path])
                    i += 1
                    mode = "key"
                    continue
                if c in ("'", '"'):
                    i = self.skip_string(i)
                elif c == "" or c == "\n":
                    return i
                else:
                    i = self.skip_scalar(i)
                mode = "after"
            if not stack:
                return i
            top = stack[-1]
            if mode == "after":
                i = self.skip_space(i, newlines=True)
                c = t[i] if i < n else ""
                if c == ",":
                    i += 1
                    if top[0] == "arr":
                        top[2] += 1
                        mode = "item"
                    else:
                        mode = "key"
                elif (c == "]" and top[0] == "arr") or (c == "}" and top[0] == "tbl"):
                    stack.pop()
                    i += 1
                else:
                    return i  # malformed: give up on this value
            elif mode == "item":
                i = self.skip_space(i, newlines=True)
                c = t[i] if i < n else ""
                if c == "]":
                    stack.pop()
                    i += 1
                    mode = "after"
                elif c == "":
                    return i
                else:
                    path = f"{top[1]}[{top[2]}]"
                    mode = "value"
            elif mode == "key":
                i = self.skip_space(i, newlines=True)
                c = t[i] if i < n else ""
                if c == "}":
                    stack.pop()
                    i += 1
                    mode = "after"
                    continue
                parts, j = self.parse_key(i)
                j = self.skip_space(j)
                if not parts or j >= n or t[j] != "=":
                    return max(j, i)
                parent = self.resolve(parts[:-1], top[1])
                path = join(parent, parts[-1][0])
                self.pos.keys[path] = parts[-1][1]
                i = self.skip_space(j + 1)
                mode = "value"


def scan(text: str) -> Positions:
    """Scan TOML text (newlines already normalised to ``\\n``) and record every position."""
    return _Scanner(text).run()


# --------------------------------------------------------------------------- strings


def raw_offset(text: str, start: int, offset: int) -> int:
    """Map an offset in the *decoded* string whose opening quote is at ``start`` to a text offset.

    Handles escapes in basic strings, the newline trimmed after an opening triple quote and
    line-ending backslashes in multi-line basic strings.
    """
    n = len(text)
    if start >= n or text[start] not in "\"'":
        return start
    q = text[start]
    multi = text.startswith(q * 3, start)
    i = start + (3 if multi else 1)
    if multi and i < n and text[i] == "\n":
        i += 1
    decoded = 0
    while i < n:
        c = text[i]
        if multi and q == '"' and c == "\\" and i + 1 < n and text[i + 1] in " \t\n":
            # line-ending backslash: skip it and all following whitespace/newlines
            j = i + 1
            while j < n and text[j] in " \t\n":
                j += 1
            i = j
            continue
        if decoded >= offset:
            break
        if q == '"' and c == "\\" and i + 1 < n:
            i += {"u": 6, "U": 10}.get(text[i + 1], 2)
        else:
            i += 1
        decoded += 1
    return min(i, n)
