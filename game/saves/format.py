"""The save file format (version 1): what is in a save, how it is written and checked.

A save is UTF-8 JSON, indented so that a person can read it, and self-contained: the
scenario is embedded (as a list of lines) with its sha256, so a save still loads when the
scenario file has been edited or deleted.  A game is its scenario + seed + orders, so
that is what a save holds; every turn's state hash lets a loader prove that replaying
the orders rebuilt exactly the game that was saved.  ``checksum`` covers the parsed
*values* (canonical JSON), so re-indenting a save is harmless but changing any value is
detected.  docs/saves.md is the reference for every field.

This module is engine-free (listing saves must not import the rules); turning a
``Game`` into a document imports the engine lazily, and rebuilding one lives in
``restore.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import __version__
from game.engine.version import RULES_VERSION

from .migrate import migrate

if TYPE_CHECKING:
    from game.engine.compile import CompiledScenario
    from game.engine.game import Game
    from game.engine.rules import Order

    from .restore import ReplayCheck

FORMAT_ID = "detente-save"
FORMAT_VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024  # a 1 MB scenario plus thousands of turns fits easily
MAX_TURNS = 10_000
MAX_ORDERS_PER_TURN = 1_000
MAX_ID = 200
KINDS = ("autosave", "manual", "headless")
STOCK_DIR = Path(__file__).resolve().parent.parent / "stock"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_GAME_ID = re.compile(r"[0-9A-Za-z]{1,32}")  # it becomes part of autosave file names
ORDER_FIELDS = ("actor", "move", "target", "second", "channel")

#: An order as stored: (actor, move, target, second, channel), "" for unused parts.
OrderTuple = tuple[str, str, str, str, str]


class SaveError(Exception):
    """A save that cannot be used; ``str()`` is one line a player can act on."""


# --------------------------------------------------------------------------- values


def utc_now() -> str:
    """The wall clock as an ISO 8601 UTC timestamp: fine in saves, never in the engine."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_game_id() -> str:
    """A short random id naming one line of play, so two games never share save files."""
    return secrets.token_hex(4)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(raw: bytes) -> str | None:
    """Scenario bytes -> text as the scenario loader sees it (BOM stripped, LF); None if not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None


def texts_sha256(texts: dict[str, str]) -> str:
    """Fingerprint of a stock catalogue given as {file name: text}."""
    h = hashlib.sha256()
    for name in sorted(texts):
        h.update(name.encode() + b"\0" + texts[name].encode("utf-8") + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def stock_sha256() -> str:
    """Fingerprint of the installed stock catalogue (moves, channels)."""
    from game.scenario.stock import stock_texts

    return texts_sha256(stock_texts())


def canonical_bytes(doc: dict[str, Any]) -> bytes:
    """The bytes the checksum covers: sorted keys, no spaces, everything but ``checksum``."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(doc: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(doc)).hexdigest()


# --------------------------------------------------------------------------- records


@dataclass
class Intervention:
    """A facilitator's override, as saved (``game.engine.interventions.Intervention`` in play).

    ``turn``: applied before that turn's orders are adjudicated; ``kind``: one of the
    engine's kinds (set_metric, cancel_event, release_inject, adhoc_inject, extend, end);
    ``reason``: mandatory, shown in the debrief; ``payload``: kind-specific JSON.  Kept
    engine-free so that listing saves does not import the rules.
    """

    turn: int
    kind: str
    reason: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "kind": self.kind,
            "reason": self.reason,
            "payload": self.payload,
        }


@dataclass
class SavedTurn:
    turn: int
    orders: tuple[OrderTuple, ...]
    state_hash: str


@dataclass
class Summary:
    """The outcome so far, as it stood when the game was saved (for listings; not trusted)."""

    turn: int
    over: bool
    band: str
    band_name: str
    stability: float
    rung: int
    ending: str


@dataclass
class SaveMeta:
    """What a shell knows about a game that the engine does not: pass the same one to every save.

    Create one when a game starts (``SaveMeta(player="azuria")``), or take
    ``SaveData.meta()`` / ``Resumed.meta`` when resuming, so later saves keep the game's
    id and creation time.  The scenario text comes from the compiled scenario
    (``cs.source_text``); ``scenario_text`` is only a fallback for a scenario compiled
    from something that does not carry its text.
    """

    player: str | None = None
    policies: dict[str, str] = field(
        default_factory=dict
    )  # actor -> policy; {} = the scenario's own
    settings: dict[str, Any] = field(
        default_factory=dict
    )  # shell settings, e.g. {"difficulty": "hard"}
    game_id: str = field(default_factory=new_game_id)
    created: str = ""
    name: str = ""
    scenario_text: str = ""
    scenario_file: str = ""

    @classmethod
    def for_scenario(
        cls,
        resolved: Any,
        *,
        player: str | None = None,
        policies: dict[str, str] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> SaveMeta:
        """Meta for a new game of a loaded scenario (``game.scenario.loader.Resolved``)."""
        return cls(
            player=player,
            policies=dict(policies or {}),
            settings=dict(settings or {}),
            scenario_text=resolved.text,
            scenario_file=str(resolved.file),
        )


@dataclass
class SaveData:
    """A save read from disk and checked: everything needed to rebuild or list the game."""

    origin: str
    version: int  # the format version of the file as read (before any migration)
    game_id: str
    kind: str
    name: str
    created: str
    updated: str
    app_version: str
    rules_version: int  # the rules it was played under (1 for saves older than the field)
    scenario_id: str
    scenario_title: str
    scenario_file: str
    scenario_text: str
    scenario_sha256: str
    stock_sha256: str
    seed: int
    player: str | None
    policies: dict[str, str]
    settings: dict[str, Any]
    start_hash: str | None
    final_hash: str | None
    turns: list[SavedTurn]
    interventions: list[Intervention]
    summary: Summary | None
    notes: list[str] = field(default_factory=list)
    stock_files: dict[str, str] = field(default_factory=dict)  # embedded stock catalogue (empty: older save)

    @property
    def turns_played(self) -> int:
        return len(self.turns)

    @property
    def turn(self) -> int:
        """The turn the game stands at (the next to be played)."""
        if self.summary is not None:
            return self.summary.turn
        return self.turns[-1].turn + 1 if self.turns else 1

    def orders(self) -> list[list[Order]]:
        """Every turn's orders, as the engine takes them."""
        from game.engine.rules import Order

        return [[Order(*o) for o in t.orders] for t in self.turns]

    def meta(self) -> SaveMeta:
        """Meta to keep saving this game under its own id (what a resumed game passes on)."""
        return SaveMeta(
            scenario_text=self.scenario_text,
            scenario_file=self.scenario_file,
            player=self.player,
            policies=dict(self.policies),
            settings=dict(self.settings),
            game_id=self.game_id,
            created=self.created,
            name=self.name if self.kind == "manual" else "",
        )

    def compile(self) -> CompiledScenario:
        """Compile the embedded scenario (never the file on disk)."""
        from .restore import compile_embedded

        return compile_embedded(self)

    def check(self, scenario_text: str | None = None) -> ReplayCheck:
        """Replay from scenario, seed, orders and interventions; compare every state hash."""
        from .restore import replay_check

        return replay_check(self, scenario_text)

    def restore(self) -> Game:
        """Rebuild the game by replaying its record; SaveError if any state hash differs."""
        from .restore import restore

        return restore(self)


# --------------------------------------------------------------------------- writing


def encode(game: Game, meta: SaveMeta, kind: str, now: str, name: str = "") -> dict[str, Any]:
    """The JSON document for ``game`` (checksum included)."""
    from game.engine.game import Game as _Game
    from game.engine.game import replay

    if kind not in KINDS:
        raise ValueError(f"unknown save kind {kind!r}")
    interventions = list(getattr(game, "interventions", []))
    hashes = [t.state_hash for t in game.turns]
    if not all(hashes):  # played on the fast path (record=False): recompute the hashes
        again = replay(game.origin, game.seed, [t.orders for t in game.turns], interventions)
        hashes = [t.state_hash for t in again.turns]
    # the state after the opening briefing; unknown once an intervention changed the scenario
    extended = any(iv.kind == "extend" for iv in interventions)
    start = None if extended else _Game.new(game.cs, game.seed).hash()
    text = game.cs.source_text or meta.scenario_text
    stock = _game_stock(game)
    if not text:
        raise SaveError(
            "cannot save: the text of this game's scenario is unknown (compile it with compile_scenario)"
        )
    source_file = game.cs.source_file or meta.scenario_file
    res = game.result()
    doc: dict[str, Any] = {
        "format": FORMAT_ID,
        "version": FORMAT_VERSION,
        "checksum": "",
        "game": {
            "id": meta.game_id,
            "kind": kind,
            "name": name or meta.name,
            "created": meta.created or now,
            "updated": now,
            "app_version": __version__,
            "rules_version": RULES_VERSION,
        },
        "scenario": {
            "id": game.cs.id,
            "title": game.cs.title,
            "file": source_file,
            "sha256": text_sha256(text),
            "stock_sha256": texts_sha256(stock),
            "text": text.split("\n"),
            "stock": {name: body.split("\n") for name, body in sorted(stock.items())},
        },
        "seed": game.seed,
        "player": meta.player,
        "policies": dict(meta.policies),
        "settings": dict(meta.settings),
        "start_hash": start,
        "turns": [
            {"turn": t.turn, "orders": [o.to_json() for o in t.orders], "state_hash": h}
            for t, h in zip(game.turns, hashes, strict=True)
        ],
        "interventions": [iv.to_json() for iv in interventions],
        "final_hash": game.hash(),
        "summary": {
            "turn": game.turn,
            "over": game.over,
            "band": res.band_id,
            "band_name": res.band,
            "stability": float(res.stability),
            "rung": res.rung,
            "ending": res.ending_id,
        },
    }
    doc["checksum"] = checksum(doc)
    return doc


def to_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- reading


def load_save(path: str | Path, *, check_disk: bool = True) -> SaveData:
    """Read and check one save file; raise SaveError (one line, naming the file) if unusable.

    ``check_disk`` compares the embedded scenario with the file it came from and adds a
    note to ``SaveData.notes`` when they differ (the save always uses its own copy).
    """
    p = Path(path)
    origin = str(path)
    try:
        if p.is_dir():
            raise SaveError(f"{origin}: is a directory, not a save")
        with p.open("rb") as fh:
            raw = fh.read(MAX_SAVE_BYTES + 1)
    except FileNotFoundError:
        raise SaveError(f"{origin}: no such save") from None
    except OSError as exc:
        raise SaveError(
            f"{origin}: cannot read save: {(exc.strerror or str(exc)).lower()}"
        ) from None
    except ValueError as exc:  # NUL in the path
        raise SaveError(f"{origin}: cannot read save: {exc}") from None
    data = parse_save(raw, origin)
    if check_disk:
        data.notes.extend(disk_notes(data))
    return data


def _game_stock(game: Any) -> dict[str, str]:
    """The stock catalogue this game was compiled with: its own embedded copy, or the installed one."""
    own = getattr(game.cs, "stock_texts", None)
    if own:
        return dict(own)
    from game.scenario.stock import stock_texts

    return stock_texts()


def disk_notes(data: SaveData) -> list[str]:
    """Say so when the scenario file or stock catalogue on disk differ from the save's."""
    notes: list[str] = []
    if data.scenario_file:
        try:
            raw = Path(data.scenario_file).read_bytes()
        except (OSError, ValueError):
            raw = None
        if raw is not None and normalise_text(raw) != data.scenario_text:
            notes.append(
                f"the scenario file {data.scenario_file} has changed since this game was saved; "
                "using the copy embedded in the save"
            )
    if data.stock_sha256 and data.stock_sha256 != stock_sha256():
        if data.stock_files:
            notes.append(
                "the stock catalogue of moves and channels has changed since this save; "
                "using the copy embedded in the save"
            )
        else:
            notes.append(
                f"the stock catalogue of moves and channels has changed since this save (Détente {data.app_version}); "
                "replay may differ"
            )
    return notes


def parse_save(raw: bytes, origin: str = "<save>") -> SaveData:
    """Bytes -> checked SaveData (migrating older versions); SaveError if unusable."""
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"{origin}: too large for a save (the limit is {MAX_SAVE_BYTES} bytes)")
    if not raw.strip():
        raise SaveError(f"{origin}: empty file, not a save (was writing it interrupted?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{origin}: corrupted save: not UTF-8 text") from None
    doc = _parse_json(text, origin)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_ID:
        raise SaveError(f'{origin}: not a Détente save (no "format": "{FORMAT_ID}" field)')
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SaveError(f"{origin}: invalid save: version: expected a whole number")
    if version > FORMAT_VERSION:
        raise SaveError(
            f"{origin}: saved by a newer Détente (save format {version}; this version reads up to "
            f"{FORMAT_VERSION}): update Détente to open it"
        )
    notes: list[str] = []
    if version == FORMAT_VERSION:
        if doc.get("checksum") != checksum(doc):
            raise SaveError(
                f"{origin}: corrupted or edited save: its checksum does not match its contents"
            )
    else:
        try:
            doc, notes = migrate(doc, version, FORMAT_VERSION)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SaveError(
                f"{origin}: cannot migrate save format {version}: {_reason(exc)}"
            ) from None
    data = _validate(doc, origin, version)
    data.notes.extend(notes)
    return data


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a save")


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:20]} is out of range")
    return value


def _parse_json(text: str, origin: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        ended = text.rstrip()
        if exc.pos >= len(ended) or not ended.endswith(
            "}"
        ):  # every save ends with its closing brace
            raise SaveError(
                f"{origin}: truncated save: the file ends before the save does (line {exc.lineno})"
            ) from None
        raise SaveError(
            f"{origin}: corrupted save: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg.lower()})"
        ) from None
    except RecursionError:
        raise SaveError(f"{origin}: corrupted save: nested too deeply") from None
    except ValueError as exc:  # NaN/Infinity, or an integer too long to convert
        raise SaveError(f"{origin}: corrupted save: {exc}") from None


# --------------------------------------------------------------------------- validation


class _Bad(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


def _field(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise _Bad(f"{where}.{key}" if where else key, "missing")
    return obj[key]


def _obj(v: Any, where: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Bad(where, "expected an object")
    return v


def _list(v: Any, where: str, limit: int) -> list[Any]:
    if not isinstance(v, list):
        raise _Bad(where, "expected a list")
    if len(v) > limit:
        raise _Bad(where, f"more than {limit} entries")
    return v


def _str(v: Any, where: str, limit: int = MAX_ID, nonempty: bool = False) -> str:
    if not isinstance(v, str):
        raise _Bad(where, "expected a string")
    if len(v) > limit:
        raise _Bad(where, f"longer than {limit} characters")
    if nonempty and not v:
        raise _Bad(where, "must not be empty")
    return v


def _int(v: Any, where: str, minimum: int | None = None) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise _Bad(where, "expected a whole number")
    if minimum is not None and v < minimum:
        raise _Bad(where, f"must be at least {minimum}")
    return v


def _hash(v: Any, where: str) -> str:
    if not isinstance(v, str) or not _HEX64.fullmatch(v):
        raise _Bad(where, "expected a sha256 hex digest")
    return v


def _game_id(v: Any) -> str:
    if not isinstance(v, str) or not _GAME_ID.fullmatch(v):
        raise _Bad("game.id", "expected 1 to 32 letters and digits")
    return v


def _order(v: Any, where: str) -> OrderTuple:
    o = _obj(v, where)
    unknown = sorted(set(o) - set(ORDER_FIELDS))
    if unknown:
        name = unknown[0] if unknown[0].isidentifier() else repr(unknown[0])[:40]  # one line, bounded
        raise _Bad(f"{where}.{name}", f"unknown order field (expected {', '.join(ORDER_FIELDS)})")
    parts = [
        _str(o.get(k, ""), f"{where}.{k}", nonempty=k in ("actor", "move")) for k in ORDER_FIELDS
    ]
    return (parts[0], parts[1], parts[2], parts[3], parts[4])


def _validate(doc: dict[str, Any], origin: str, version: int) -> SaveData:
    try:
        return _read(doc, origin, version)
    except _Bad as exc:
        raise SaveError(f"{origin}: invalid save: {exc}") from None


def _read(doc: dict[str, Any], origin: str, version: int) -> SaveData:
    g = _obj(_field(doc, "game", ""), "game")
    sc = _obj(_field(doc, "scenario", ""), "scenario")
    kind = _str(_field(g, "kind", "game"), "game.kind")
    if kind not in KINDS:
        raise _Bad("game.kind", f"expected one of {', '.join(KINDS)}")
    lines = _list(_field(sc, "text", "scenario"), "scenario.text", MAX_SAVE_BYTES)
    text = "\n".join(_str(x, f"scenario.text[{i}]", MAX_SAVE_BYTES) for i, x in enumerate(lines))
    sha = _hash(_field(sc, "sha256", "scenario"), "scenario.sha256")
    if text_sha256(text) != sha:
        raise SaveError(
            f"{origin}: corrupted or edited save: the embedded scenario does not match its sha256"
        )
    stock = _field(sc, "stock_sha256", "scenario")
    stock_files: dict[str, str] = {}
    raw_stock = sc.get("stock")
    if raw_stock is not None:
        for name, body in _obj(raw_stock, "scenario.stock").items():
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}\.toml", name):
                raise _Bad(f"scenario.stock.{name}", "expected a stock file name such as moves.toml")
            lines = _list(body, f"scenario.stock.{name}", MAX_SAVE_BYTES)
            stock_files[name] = "\n".join(
                _str(x, f"scenario.stock.{name}[{i}]", MAX_SAVE_BYTES) for i, x in enumerate(lines)
            )
        if stock is not None and texts_sha256(stock_files) != stock:
            raise SaveError(f"{origin}: corrupted or edited save: the embedded stock catalogue does not match its sha256")
    player = _field(doc, "player", "")
    policies = _obj(_field(doc, "policies", ""), "policies")
    for k, v in policies.items():
        _str(v, f"policies.{k}")
    start = _field(doc, "start_hash", "")
    final = _field(doc, "final_hash", "")
    turns: list[SavedTurn] = []
    for i, raw_turn in enumerate(_list(_field(doc, "turns", ""), "turns", MAX_TURNS)):
        w = f"turns[{i}]"
        t = _obj(raw_turn, w)
        number = _int(_field(t, "turn", w), f"{w}.turn", 1)
        if turns and number != turns[-1].turn + 1:
            raise _Bad(f"{w}.turn", f"expected turn {turns[-1].turn + 1}, found {number}")
        orders = _list(_field(t, "orders", w), f"{w}.orders", MAX_ORDERS_PER_TURN)
        turns.append(
            SavedTurn(
                number,
                tuple(_order(o, f"{w}.orders[{j}]") for j, o in enumerate(orders)),
                _hash(_field(t, "state_hash", w), f"{w}.state_hash"),
            )
        )
    interventions = []
    for i, raw_iv in enumerate(_list(_field(doc, "interventions", ""), "interventions", MAX_TURNS)):
        w = f"interventions[{i}]"
        iv = _obj(raw_iv, w)
        interventions.append(
            Intervention(
                _int(_field(iv, "turn", w), f"{w}.turn", 0),
                _str(_field(iv, "kind", w), f"{w}.kind", nonempty=True),
                _str(_field(iv, "reason", w), f"{w}.reason", 10_000),
                _obj(_field(iv, "payload", w), f"{w}.payload"),
            )
        )
    return SaveData(
        origin=origin,
        version=version,
        game_id=_game_id(_field(g, "id", "game")),
        kind=kind,
        name=_str(_field(g, "name", "game"), "game.name", 1000),
        created=_str(_field(g, "created", "game"), "game.created", 64),
        updated=_str(_field(g, "updated", "game"), "game.updated", 64),
        app_version=_str(_field(g, "app_version", "game"), "game.app_version", 64),
        rules_version=_int(g.get("rules_version", 1), "game.rules_version", 1),
        scenario_id=_str(_field(sc, "id", "scenario"), "scenario.id"),
        scenario_title=_str(_field(sc, "title", "scenario"), "scenario.title", 1000),
        scenario_file=_str(_field(sc, "file", "scenario"), "scenario.file", 4096),
        scenario_text=text,
        scenario_sha256=sha,
        stock_sha256="" if stock is None else _hash(stock, "scenario.stock_sha256"),
        stock_files=stock_files,
        seed=_int(_field(doc, "seed", ""), "seed"),
        player=None if player is None else _str(player, "player", nonempty=True),
        policies=policies,
        settings=_obj(_field(doc, "settings", ""), "settings"),
        start_hash=None if start is None else _hash(start, "start_hash"),
        final_hash=None if final is None else _hash(final, "final_hash"),
        turns=turns,
        interventions=interventions,
        summary=_summary(_field(doc, "summary", "")),
    )


def _summary(v: Any) -> Summary | None:
    if v is None:
        return None
    s = _obj(v, "summary")
    over = _field(s, "over", "summary")
    if not isinstance(over, bool):
        raise _Bad("summary.over", "expected true or false")
    stability = _field(s, "stability", "summary")
    if not isinstance(stability, (int, float)) or isinstance(stability, bool):
        raise _Bad("summary.stability", "expected a number")
    return Summary(
        turn=_int(_field(s, "turn", "summary"), "summary.turn", 1),
        over=over,
        band=_str(_field(s, "band", "summary"), "summary.band"),
        band_name=_str(_field(s, "band_name", "summary"), "summary.band_name", 1000),
        stability=float(stability),
        rung=_int(_field(s, "rung", "summary"), "summary.rung"),
        ending=_str(_field(s, "ending", "summary"), "summary.ending"),
    )
