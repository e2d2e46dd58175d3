"""Load a scenario file: bytes -> text -> TOML -> models -> references -> ``Resolved``.

Scenario files are untrusted input.  Every step turns failure into located, human
``Diagnostic`` lines (``file:line:col: path: message``) instead of a traceback: missing
or unreadable files, oversized files (refused by size before reading), non-UTF-8 bytes,
TOML syntax errors (tomli's line and column), pathological nesting, schema errors
(rewritten from pydantic into plain words), bad references and bad expressions (located
at the exact character inside the TOML string).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import tomli
from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .expr import Compiled
from .models import ChannelSpec, Move, Scenario, StockCatalogue
from .positions import Positions, path_of, scan
from .positions import locate as locate
from .references import Problem, check, did_you_mean
from .references import check_stock as _check_stock_problems

MAX_BYTES = 1_000_000
MAX_DIAGNOSTICS = 100
TOML_MAX_NESTING = 400  # tomli's own limit on inline arrays/tables

M = TypeVar("M", bound=BaseModel)


@dataclass
class Resolved:
    """A scenario merged with the stock catalogue, every expression compiled: ready for the engine."""

    scenario: Scenario
    channels: dict[str, ChannelSpec]
    moves: dict[str, Move]
    exprs: dict[str, Compiled]
    source_hash: str
    text: str
    file: str


@dataclass
class LoadResult:
    resolved: Resolved | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.resolved is not None and not any(d.severity == "error" for d in self.diagnostics)


class ScenarioError(Exception):
    """A scenario that does not validate; ``str()`` is the formatted diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


# --------------------------------------------------------------------------- entry points


def load_file(path: str | Path) -> LoadResult:
    """Load and fully check one scenario file. Never raises for a bad file."""
    file = str(path)
    p = Path(path)

    def fail(message: str, code: str = "E-io") -> LoadResult:
        return LoadResult(None, [Diagnostic(file, 1, 1, "", message, code=code)])

    try:
        if not p.exists():
            return fail("no such file")
        if p.is_dir():
            return fail("is a directory, not a scenario file")
        if not p.is_file():
            return fail("is not a regular file")  # a pipe or device could block or never end
        size = p.stat().st_size
        if size > MAX_BYTES:
            return fail(f"file is too large ({size} bytes, the limit is {MAX_BYTES})", "E-size")
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # a file may grow between stat and read
    except OSError as exc:
        return fail(f"cannot read file: {(exc.strerror or str(exc)).lower()}")
    except ValueError as exc:  # e.g. NUL in the path
        return fail(f"cannot read file: {exc}")
    return load_text(raw, file)


def load_text(text: str | bytes, file: str = "<text>", stock: StockCatalogue | None = None) -> LoadResult:
    """Load and fully check a scenario given as text or bytes. Never raises for bad input.

    `stock` replaces the installed stock catalogue (a save replays with the one it embeds).
    """
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    source_hash = hashlib.sha256(raw).hexdigest()
    scenario, diags, decoded = parse_model(Scenario, text, file)
    if scenario is None or decoded is None:
        return LoadResult(None, diags)
    try:
        from .stock import StockError, load_stock

        try:
            if stock is None:
                stock = load_stock()
        except StockError as exc:
            note = Diagnostic(file, 1, 1, "", "cannot check references: the stock catalogue shipped with the game is broken")
            return LoadResult(None, [*exc.diagnostics, note])
        checked = check(scenario, stock)
    except RecursionError:
        return LoadResult(None, [Diagnostic(file, 1, 1, "", "scenario is nested too deeply to check", code="E-ref")])
    if checked.problems:
        positions = scan(decoded)
        diags = [_problem(p, positions, file) for p in checked.problems]
        return LoadResult(None, _finish(diags, file))
    resolved = Resolved(
        scenario=scenario,
        channels=checked.channels,
        moves=checked.moves,
        exprs=checked.exprs,
        source_hash=source_hash,
        text=decoded,
        file=file,
    )
    return LoadResult(resolved, [])


def load_or_raise(path: str | Path) -> Resolved:
    """Load a scenario or raise ``ScenarioError`` carrying its diagnostics."""
    result = load_file(path)
    if result.resolved is None or not result.ok:
        raise ScenarioError(result.diagnostics)
    return result.resolved


# --------------------------------------------------------------------------- stages


def decode(data: str | bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text: size limit, UTF-8 (BOM stripped), CRLF normalised."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [Diagnostic(file, 1, 1, "", f"file is too large ({len(data)} bytes, the limit is {MAX_BYTES})", code="E-size")]
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = data[: exc.start]
            line = before.count(b"\n") + 1
            line_start = before.rfind(b"\n") + 1
            col = len(before[line_start:].decode("utf-8", "replace")) + 1
            bad = data[exc.start : exc.start + 1].hex()
            msg = f"not UTF-8 text: invalid byte 0x{bad} (save scenario files as UTF-8)"
            return None, [Diagnostic(file, line, col, "", msg, code="E-encoding")]
    else:
        if len(data) > MAX_BYTES:
            return None, [Diagnostic(file, 1, 1, "", f"file is too large ({len(data)} characters, the limit is {MAX_BYTES})", code="E-size")]
        text = data
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n"), []


_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TWICE = re.compile(r"Cannot declare \((.*)\) twice")


def parse_toml(text: str, file: str) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Text -> TOML data, with syntax errors at tomli's line and column."""
    try:
        return tomli.loads(text), []
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        msg = getattr(exc, "msg", None) or str(exc)
        if line is None or col is None:
            m = _AT.search(str(exc))
            line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        return None, [Diagnostic(file, max(1, line), max(1, col), "", _toml_message(msg), code="E-syntax")]
    except RecursionError:
        line, col = _deepest(text)
        msg = f"values are nested too deeply (the limit is {TOML_MAX_NESTING} levels)"
        return None, [Diagnostic(file, line, col, "", msg, code="E-syntax")]
    except (MemoryError, ValueError, TypeError) as exc:  # never a traceback
        return None, [Diagnostic(file, 1, 1, "", f"cannot parse the file: {exc}", code="E-syntax")]


def _toml_message(msg: str) -> str:
    m = _TWICE.match(msg)
    if m:
        name = ".".join(part.strip().strip("'\"") for part in m.group(1).split(",") if part.strip())
        return f'syntax error: table "{name}" is defined twice'
    if msg == "Cannot overwrite a value":
        return "syntax error: this key already has a value (is it written twice?)"
    if msg.startswith("Cannot mutate immutable namespace"):
        return "syntax error: this table was already written inline and cannot be extended"
    msg = re.sub(r" \(at (line \d+, column \d+|end of document)\)$", "", msg)
    return "syntax error: " + (msg[:1].lower() + msg[1:])


def _deepest(text: str) -> tuple[int, int]:
    """Where nesting first exceeds the limit (a rough scan: strings are ignored)."""
    depth = 0
    line, col = 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif ch in "[{":
            depth += 1
            if depth > TOML_MAX_NESTING:
                return line, col
        elif ch in "]}":
            depth = max(0, depth - 1)
    return 1, 1


def parse_model(model: type[M], data: str | bytes, file: str) -> tuple[M | None, list[Diagnostic], str | None]:
    """Decode, parse TOML and validate against ``model``: (instance or None, diagnostics, text)."""
    text, diags = decode(data, file)
    if text is None:
        return None, diags, None
    if not text.strip():
        return None, [Diagnostic(file, 1, 1, "", "the file is empty", code="E-schema")], text
    toml, diags = parse_toml(text, file)
    if toml is None:
        return None, diags, text
    if not toml:
        return None, [Diagnostic(file, 1, 1, "", "the file is empty", code="E-schema")], text
    try:
        # Validated through JSON in strict mode: TOML already gives real numbers and booleans,
        # so `turns = true` or `trust = "50"` must be errors, not silent conversions (strict
        # mode over Python objects would also refuse enum names given as strings).
        return model.model_validate_json(json.dumps(toml, default=_datetime_marker), strict=True), [], text
    except ValidationError as exc:
        positions = scan(text)
        return None, _finish(schema_diagnostics(exc, toml, model, positions, file), file), text
    except RecursionError:
        return None, [Diagnostic(file, 1, 1, "", "values are nested too deeply", code="E-schema")], text


def _finish(diags: list[Diagnostic], file: str) -> list[Diagnostic]:
    diags = sorted(dict.fromkeys(diags), key=lambda d: (d.line, d.col))
    if len(diags) > MAX_DIAGNOSTICS:
        extra = len(diags) - MAX_DIAGNOSTICS
        last = diags[MAX_DIAGNOSTICS - 1]
        diags = diags[:MAX_DIAGNOSTICS]
        diags.append(Diagnostic(file, last.line, last.col, "", f"{extra} more problems not shown", code="E-limit"))
    return diags


def _problem(p: Problem, positions: Positions, file: str) -> Diagnostic:
    if p.expr_offset is not None:
        line, col = _expr_position(positions, p.path, p.expr_offset)
    else:
        line, col = positions.value(p.path)
    return Diagnostic(file, line, col, p.path, p.message, code=p.code)


def _expr_position(positions: Positions, path: str, offset: int) -> tuple[int, int]:
    """The exact character of an expression error inside its TOML string."""
    return positions.string_char(path, offset)


def check_stock(parts: list[tuple[str, str, StockCatalogue]], directory: str) -> list[Diagnostic]:
    """Check a merged stock catalogue; problems are located in the file that defines them."""
    merged = StockCatalogue(
        channels=[c for _, _, p in parts for c in p.channels], moves=[m for _, _, p in parts for m in p.moves]
    )
    problems = _check_stock_problems(merged)
    # map merged indices back to (file, local index)
    owners: dict[str, list[tuple[str, str, int]]] = {"channels": [], "moves": []}
    for file, text, part in parts:
        for i in range(len(part.channels)):
            owners["channels"].append((file, text, i))
        for i in range(len(part.moves)):
            owners["moves"].append((file, text, i))
    out = []
    for p in problems:
        m = re.match(r"(channels|moves)\[(\d+)\](.*)", p.path)
        if not m:
            out.append(Diagnostic(directory, 1, 1, p.path, p.message, code=p.code))
            continue
        file, text, local = owners[m.group(1)][int(m.group(2))]
        path = f"{m.group(1)}[{local}]{m.group(3)}"
        positions = scan(text)
        if p.expr_offset is not None:
            line, col = _expr_position(positions, path, p.expr_offset)
        else:
            line, col = positions.value(path)
        out.append(Diagnostic(file, line, col, path, p.message, code=p.code))
    return out


# --------------------------------------------------------------------------- schema messages


def schema_diagnostics(
    exc: ValidationError, data: Any, model: type[BaseModel], positions: Positions, file: str
) -> list[Diagnostic]:
    """Rewrite pydantic's errors as located, plain-language diagnostics."""
    out: list[Diagnostic] = []
    unions: dict[str, list[tuple[dict[str, Any], tuple[Any, ...], list[str]]]] = {}
    for details in exc.errors(include_url=False, include_context=True, include_input=True):
        err: dict[str, Any] = dict(details)
        loc, dropped = _clean_loc(tuple(err["loc"]), data)
        if dropped:
            unions.setdefault(path_of(loc[: dropped[0][0]]), []).append((err, loc, [t for _, t in dropped]))
            continue
        out.append(_schema_one(err, loc, model, positions, file))
    for upath, errs in unions.items():
        value = _value_at(data, upath)
        inner = [(e, loc) for e, loc, _ in errs if len(loc) > len(_split(upath)) and isinstance(value, list | dict)]
        if inner:
            out.extend(_schema_one(e, loc, model, positions, file) for e, loc in inner)
            continue
        choices: list[str] = []
        for _, _, tags in errs:
            tag = tags[0]
            if tag.startswith("literal["):
                choices.extend(f'"{x}"' for x in re.findall(r"'([^']*)'", tag))
            elif tag.startswith("list["):
                choices.append("a list")
            else:
                choices.append(tag)
        choices = list(dict.fromkeys(choices))
        line, col = positions.value(upath)
        msg = f"expected {' or '.join(choices)}, got {_show(value)}"
        out.append(Diagnostic(file, line, col, upath, msg, code="E-schema"))
    return out


def _split(path: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _value_at(data: Any, path: str) -> Any:
    cur = data
    for seg in _split(path):
        try:
            cur = cur[seg]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[tuple[Any, ...], list[tuple[int, str]]]:
    """Drop pydantic's union-branch labels from a location by walking the actual data.

    Returns the cleaned location and the (position, label) of each dropped label.
    """
    cur = data
    out: list[Any] = []
    tags: list[tuple[int, str]] = []
    for k, seg in enumerate(loc):
        if isinstance(seg, int) and isinstance(cur, list | tuple):
            out.append(seg)
            cur = cur[seg] if 0 <= seg < len(cur) else None
        elif isinstance(seg, str) and isinstance(cur, dict) and seg in cur:
            out.append(seg)
            cur = cur[seg]
        elif isinstance(seg, str) and ("[" in seg or "-" in seg or "'" in seg):
            tags.append((len(out), seg))  # a union branch label, not a key
        elif k == len(loc) - 1:
            out.append(seg)  # a missing key or index: the last segment names it
        else:
            out.append(seg)
            cur = None
    return tuple(out), tags


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = next((a for a in args if typing.get_origin(a) in (list, tuple) or _is_model(a)), args[0])
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, Any]:
    """The model class containing the last segment of ``loc``, and that field's FieldInfo."""
    tp: Any = root
    model: type[BaseModel] | None = None
    info = None
    for seg in loc:
        tp = _unwrap(tp)
        if isinstance(seg, int):
            args = typing.get_args(tp)
            if typing.get_origin(tp) in (list, tuple) and args:
                tp = args[min(seg, len(args) - 1)] if typing.get_origin(tp) is tuple else args[0]
                info = None
                continue
            return None, None
        if _is_model(tp):
            model = tp
            info = tp.model_fields.get(seg)
            if info is None:
                return model, None
            tp = info.annotation
            continue
        return None, None
    return model, info


_DATETIME = "__toml_datetime__"


def _datetime_marker(value: Any) -> dict[str, str]:
    """TOML dates have no JSON form: encode them as a table no field accepts, so they fail loudly."""
    return {_DATETIME: str(value)}


def _num(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if isinstance(value, int | float):
        return _num(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a date/time" if _DATETIME in value else "a table"
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return "a date/time"
    return "nothing" if value is None else type(value).__name__


def _bounds(info: Any) -> tuple[Any, Any]:
    lo = hi = None
    for meta in getattr(info, "metadata", ()) or ():
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def _options(expected: str) -> list[str]:
    found = re.findall(r"'([^']*)'", expected)
    return found or [x.strip() for x in re.split(r",| or ", expected) if x.strip()]


def _schema_one(err: dict[str, Any], loc: tuple[Any, ...], model: type[BaseModel], positions: Positions, file: str) -> Diagnostic:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    path = path_of(loc)
    use_key = False
    got = f", got {_show(value)}"

    if kind == "missing":
        parent = loc[:-1]
        path = path_of(parent)
        if isinstance(loc[-1], int):
            msg = "must have exactly 2 items"
        else:
            msg = f'missing required key "{loc[-1]}"'
    elif kind == "extra_forbidden":
        owner, _ = _model_at(model, loc[:-1] + ("__none__",))
        fields = list(owner.model_fields) if owner else []
        msg = f'unknown key "{loc[-1]}"{did_you_mean(str(loc[-1]), fields)}'
        use_key = True
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        msg = f"expected a whole number{got}"
    elif kind in ("float_parsing", "float_type", "finite_number"):
        msg = f"expected a number{got}"
    elif kind in ("bool_parsing", "bool_type"):
        msg = f"expected true or false{got}"
    elif kind in ("string_type", "string_unicode"):
        msg = f'expected text in quotes{got}'
    elif kind in ("list_type", "tuple_type", "iterable_type"):
        msg = f"expected a list{got}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        msg = f"expected a table{got}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        _, info = _model_at(model, loc)
        lo, hi = _bounds(info)
        if lo is not None and hi is not None:
            msg = f"must be between {_num(lo)} and {_num(hi)}"
        elif "ge" in ctx:
            msg = f"must be at least {_num(ctx['ge'])}"
        elif "le" in ctx:
            msg = f"must be at most {_num(ctx['le'])}"
        elif "gt" in ctx:
            msg = f"must be more than {_num(ctx['gt'])}"
        else:
            msg = f"must be less than {_num(ctx.get('lt'))}"
    elif kind == "string_too_short":
        n = ctx.get("min_length", 1)
        msg = "must not be empty" if n == 1 else f"must be at least {n} characters long"
    elif kind == "string_too_long":
        msg = f"is too long ({len(value) if isinstance(value, str) else '?'} characters, the limit is {ctx.get('max_length')})"
    elif kind in ("too_short", "too_long"):
        if ctx.get("field_type") == "Tuple":
            msg = "must have exactly 2 items"
        elif kind == "too_short":
            n = ctx.get("min_length", 1)
            msg = f"needs at least {n} item{'s' if n != 1 else ''}, got {ctx.get('actual_length', 0)}"
        else:
            msg = f"has too many items ({ctx.get('actual_length')}, the limit is {ctx.get('max_length')})"
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^[a-z][a-z0-9_]"):
            msg = f"must be a plain identifier (lower-case letters, digits and _, starting with a letter){got}"
        elif "\\d{2,4}" in pattern:
            msg = f"must be a CAMEO code of 2 to 4 digits, in quotes{got}"
        else:
            msg = f"does not have the expected form{got}"
    elif kind in ("enum", "literal_error"):
        options = _options(str(ctx.get("expected", "")))
        if len(options) == 1:
            msg = f"must be {options[0]}{got}"
        else:
            listed = ", ".join(options[:-1]) + f" or {options[-1]}"
            hint = did_you_mean(value, options) if isinstance(value, str) else ""
            msg = f"expected one of {listed}{got}{hint}"
    elif kind == "value_error":
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
    else:
        text = str(err.get("msg", "is not valid"))
        msg = text[:1].lower() + text[1:]
    line, col = positions.key(path) if use_key else positions.value(path)
    return Diagnostic(file, line, col, path, msg, code="E-schema")
