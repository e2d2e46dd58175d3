"""Cross-reference checks: everything a structurally valid scenario can still get wrong.

Unknown actors, moves, channels, injects, treaties, bands and flags (with "did you mean"),
duplicate ids, duplicate or self relations, inject turns past the end, and every
expression parsed and its symbols resolved.  Also merges the stock catalogue with the
scenario's own channels and moves (``use_channels`` / ``use_moves`` restrict the stock;
the scenario's own definitions override or extend it).

Problems come back as paths + messages; the loader turns them into located diagnostics.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .expr import Compiled, ExprError, parse
from .models import Category, ChannelSpec, DoctrineTag, Move, Scenario, StockCatalogue

TAGS = frozenset(t.value for t in DoctrineTag)
CATEGORIES = frozenset(c.value for c in Category)


@dataclass(frozen=True)
class Problem:
    """A problem at a dotted path; ``expr_offset`` points inside an expression string."""

    path: str
    message: str
    code: str = "E-ref"
    expr_offset: int | None = None


@dataclass
class Checked:
    channels: dict[str, ChannelSpec]
    moves: dict[str, Move]
    exprs: dict[str, Compiled]
    problems: list[Problem] = field(default_factory=list)


def did_you_mean(name: str, known: Iterable[str], quote: str = '"') -> str:
    close = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f" (did you mean {quote}{close[0]}{quote}?)" if close else ""


def _unknown(kind: str, name: str, known: Iterable[str], excluded: Iterable[str] = (), setting: str = "") -> str:
    if name in set(excluded):
        return f'unknown {kind} "{name}" (the stock {kind} is not listed in {setting})'
    return f'unknown {kind} "{name}"{did_you_mean(name, known)}'


def _duplicates(ids: Sequence[str], prefix: str, label: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, ident in enumerate(ids):
        if ident in seen:
            out.append(
                Problem(f"{prefix}[{i}].id", f'duplicate {label} id "{ident}" (first defined at {prefix}[{seen[ident]}])', "E-dup")
            )
        else:
            seen[ident] = i
    return out


def resolve_library(scenario: Scenario, stock: StockCatalogue) -> tuple[dict[str, ChannelSpec], dict[str, Move], list[Problem]]:
    """Merge stock and scenario channels and moves (stock order first, then new ones)."""
    problems: list[Problem] = []
    # With duplicate ids (reported elsewhere) the first definition wins, to avoid cascades.
    own_channels: dict[str, ChannelSpec] = {}
    for c in scenario.channels:
        own_channels.setdefault(c.id, c)
    own_moves: dict[str, Move] = {}
    for m in scenario.moves:
        own_moves.setdefault(m.id, m)
    stock_channels = {c.id: c for c in stock.channels}
    stock_moves = {m.id: m for m in stock.moves}

    allowed_channels = set(stock_channels)
    if scenario.use_channels is not None:
        allowed_channels = set(scenario.use_channels)
        for i, cid in enumerate(scenario.use_channels):
            if cid not in stock_channels and cid not in own_channels:
                problems.append(
                    Problem(f"use_channels[{i}]", _unknown("channel", cid, [*stock_channels, *own_channels]))
                )
    channels: dict[str, ChannelSpec] = {}
    for c in stock.channels:
        if c.id in allowed_channels or c.id in own_channels:
            channels[c.id] = own_channels.get(c.id, c)
    for c in own_channels.values():
        channels.setdefault(c.id, c)

    allowed_moves = set(stock_moves)
    if scenario.use_moves is not None:
        allowed_moves = set(scenario.use_moves)
        for i, mid in enumerate(scenario.use_moves):
            if mid not in stock_moves and mid not in own_moves:
                problems.append(Problem(f"use_moves[{i}]", _unknown("move", mid, [*stock_moves, *own_moves])))
    moves: dict[str, Move] = {}
    for m in stock.moves:
        if m.id in own_moves:
            moves[m.id] = own_moves[m.id]
        elif m.id in allowed_moves:
            adapted = _adapt_stock_move(m, channels)
            if adapted is not None:
                moves[m.id] = adapted
    for m in own_moves.values():
        moves.setdefault(m.id, m)
    return channels, moves, problems


def _adapt_stock_move(move: Move, channels: dict[str, ChannelSpec]) -> Move | None:
    """A stock move loses channels the scenario does not use; it is dropped if it needs one."""
    if move.opens_channel is not None and move.opens_channel not in channels:
        return None
    if not move.channels:
        return move
    kept = [c for c in move.channels if c in channels]
    if not kept:
        return None
    return move if len(kept) == len(move.channels) else move.model_copy(update={"channels": kept})


def expressions(scenario: Scenario) -> list[tuple[str, str]]:
    """Every expression in a scenario as (dotted path, source), in file order of sections."""
    out: list[tuple[str, str]] = []
    for i, lo in enumerate(scenario.objectives):
        if lo.target is not None:
            out.append((f"objectives[{i}].target", lo.target))
        if lo.partial is not None:
            out.append((f"objectives[{i}].partial", lo.partial))
    for i, actor in enumerate(scenario.actors):
        for j, ao in enumerate(actor.objectives):
            if ao.target is not None:
                out.append((f"actors[{i}].objectives[{j}].target", ao.target))
        for j, rl in enumerate(actor.red_lines):
            out.append((f"actors[{i}].red_lines[{j}].when", rl.when))
    for i, t in enumerate(scenario.treaties):
        if t.invocation is not None:
            out.append((f"treaties[{i}].invocation", t.invocation))
    for i, m in enumerate(scenario.moves):
        if m.condition is not None:
            out.append((f"moves[{i}].condition", m.condition))
    for i, inj in enumerate(scenario.injects):
        if inj.trigger.when is not None:
            out.append((f"injects[{i}].trigger.when", inj.trigger.when))
    for i, b in enumerate(scenario.bands):
        if b.when is not None:
            out.append((f"bands[{i}].when", b.when))
    for i, e in enumerate(scenario.endings):
        out.append((f"endings[{i}].when", e.when))
    for i, d in enumerate(scenario.debrief):
        out.append((f"debrief[{i}].when", d.when))
    return out


def compile_expr(path: str, source: str, problems: list[Problem]) -> Compiled | None:
    try:
        compiled = parse(source)
    except ExprError as exc:
        problems.append(Problem(path, exc.message, "E-expr", max(0, min(exc.offset, len(source)))))
        return None
    except (RecursionError, MemoryError, ValueError):  # belt and braces: never a traceback
        problems.append(Problem(path, "expression cannot be parsed", "E-expr", 0))
        return None
    if compiled.type != "bool":
        problems.append(
            Problem(path, "this is a number, but a condition must be true or false (compare it, e.g. '> 50')", "E-expr", 0)
        )
        return None
    return compiled


def check(scenario: Scenario, stock: StockCatalogue) -> Checked:
    """Run every cross-reference check; returns the merged library and compiled expressions."""
    channels, moves, problems = resolve_library(scenario, stock)
    stock_channel_ids = [c.id for c in stock.channels]
    stock_move_ids = [m.id for m in stock.moves]
    actors = [a.id for a in scenario.actors]
    actor_set = set(actors)
    inject_ids = [x.id for x in scenario.injects]
    band_ids = [b.id for b in scenario.bands]
    treaty_ids = [t.id for t in scenario.treaties]

    problems += _duplicates(actors, "actors", "actor")
    problems += _duplicates([c.id for c in scenario.channels], "channels", "channel")
    problems += _duplicates([m.id for m in scenario.moves], "moves", "move")
    problems += _duplicates(inject_ids, "injects", "inject")
    problems += _duplicates([e.id for e in scenario.endings], "endings", "ending")
    problems += _duplicates(band_ids, "bands", "band")
    problems += _duplicates([o.id for o in scenario.objectives], "objectives", "objective")
    problems += _duplicates([d.id for d in scenario.debrief], "debrief", "debrief point")
    problems += _duplicates(treaty_ids, "treaties", "treaty")

    def actor_ref(path: str, name: str) -> None:
        if name not in actor_set:
            problems.append(Problem(path, _unknown("actor", name, actors)))

    def move_ref(path: str, name: str) -> None:
        if name not in moves:
            problems.append(Problem(path, _unknown("move", name, moves, stock_move_ids, "use_moves")))

    def channel_ref(path: str, name: str) -> None:
        if name not in channels:
            problems.append(Problem(path, _unknown("channel", name, channels, stock_channel_ids, "use_channels")))

    for i, actor in enumerate(scenario.actors):
        problems += _duplicates([o.id for o in actor.objectives], f"actors[{i}].objectives", "objective")
        problems += _duplicates([r.id for r in actor.red_lines], f"actors[{i}].red_lines", "red line")
        for j, mid in enumerate(actor.moves or ()):
            move_ref(f"actors[{i}].moves[{j}]", mid)

    pairs: dict[frozenset[str], int] = {}
    for i, rel in enumerate(scenario.relations):
        a, b = rel.between
        actor_ref(f"relations[{i}].between[0]", a)
        actor_ref(f"relations[{i}].between[1]", b)
        if a == b:
            problems.append(Problem(f"relations[{i}].between", f'an actor cannot have a relation with itself ("{a}")'))
        else:
            key = frozenset((a, b))
            if key in pairs:
                problems.append(
                    Problem(
                        f"relations[{i}].between",
                        f'duplicate relation between "{a}" and "{b}" (first defined at relations[{pairs[key]}])',
                        "E-dup",
                    )
                )
            else:
                pairs[key] = i
        for j, cid in enumerate(rel.channels):
            channel_ref(f"relations[{i}].channels[{j}]", cid)

    for i, treaty in enumerate(scenario.treaties):
        seen: set[str] = set()
        for j, member in enumerate(treaty.members):
            actor_ref(f"treaties[{i}].members[{j}]", member)
            if member in seen:
                problems.append(Problem(f"treaties[{i}].members[{j}]", f'actor "{member}" is listed twice', "E-dup"))
            seen.add(member)

    for i, move in enumerate(scenario.moves):
        for j, aid in enumerate(move.actors or ()):
            actor_ref(f"moves[{i}].actors[{j}]", aid)
        for j, cid in enumerate(move.channels):
            channel_ref(f"moves[{i}].channels[{j}]", cid)
        if move.opens_channel is not None:
            channel_ref(f"moves[{i}].opens_channel", move.opens_channel)
        if move.activates is not None and move.activates not in treaty_ids:
            problems.append(Problem(f"moves[{i}].activates", _unknown("treaty", move.activates, treaty_ids)))

    turns = scenario.scenario.turns
    for i, inj in enumerate(scenario.injects):
        if isinstance(inj.to, list):
            for j, aid in enumerate(inj.to):
                actor_ref(f"injects[{i}].to[{j}]", aid)
        for j, mid in enumerate(inj.expects):
            move_ref(f"injects[{i}].expects[{j}]", mid)
        if inj.source is not None:
            actor_ref(f"injects[{i}].source", inj.source)
        if inj.subject is not None:
            actor_ref(f"injects[{i}].subject", inj.subject)
        trig = inj.trigger
        if trig.contingency_for is not None:
            if trig.contingency_for == inj.id:
                problems.append(Problem(f"injects[{i}].trigger.contingency_for", "an inject cannot be a contingency for itself"))
            elif trig.contingency_for not in inject_ids:
                problems.append(
                    Problem(f"injects[{i}].trigger.contingency_for", _unknown("inject", trig.contingency_for, inject_ids))
                )
        if trig.turn is not None and trig.turn > turns:
            problems.append(
                Problem(f"injects[{i}].trigger.turn", f"turn {trig.turn} is after the last turn (the scenario has {turns} turns)")
            )
        if trig.from_turn > turns:
            problems.append(
                Problem(f"injects[{i}].trigger.from_turn", f"turn {trig.from_turn} is after the last turn (the scenario has {turns} turns)")
            )
        if trig.until_turn is not None and trig.until_turn < trig.from_turn:
            problems.append(
                Problem(f"injects[{i}].trigger.until_turn", f"until_turn ({trig.until_turn}) is before from_turn ({trig.from_turn})")
            )

    for i, ending in enumerate(scenario.endings):
        if ending.band is not None and ending.band not in band_ids:
            problems.append(Problem(f"endings[{i}].band", _unknown("band", ending.band, band_ids)))

    # --- expressions -------------------------------------------------------------------
    flags_set: set[str] = set()
    for m in moves.values():
        flags_set.update(f.flag for f in m.flags)
    for inj in scenario.injects:
        flags_set.update(f.flag for f in inj.flags)

    known: dict[str, Sequence[str] | set[str] | frozenset[str]] = {
        "actor": actors,
        "move": list(moves),
        "channel": list(channels),
        "treaty": treaty_ids,
        "inject": inject_ids,
        "flag": flags_set,
        "tag": TAGS,
        "category": CATEGORIES,
    }
    exprs: dict[str, Compiled] = {}
    for path, source in expressions(scenario):
        compiled = compile_expr(path, source, problems)
        if compiled is None:
            continue
        exprs[path] = compiled
        for kind, name, offset in compiled.symbols:
            pool = known.get(kind)
            if pool is None or name in pool:
                continue
            if kind == "flag":
                msg = f"flag '{name}' is never set{did_you_mean(name, flags_set, quote=chr(39))}"
            elif kind in ("tag", "category"):
                msg = f"unknown {'doctrine tag' if kind == 'tag' else 'move category'} '{name}'" + did_you_mean(
                    name, pool, quote="'"
                )
            elif kind == "move" and name in stock_move_ids:
                msg = f"unknown move '{name}' (the stock move is not listed in use_moves)"
            elif kind == "channel" and name in stock_channel_ids:
                msg = f"unknown channel '{name}' (the stock channel is not listed in use_channels)"
            else:
                msg = f"unknown {kind} '{name}'{did_you_mean(name, pool, quote=chr(39))}"
            problems.append(Problem(path, msg, "E-ref", offset))

    own_move_ids = {m.id for m in scenario.moves}
    for mid, move in moves.items():
        if mid not in own_move_ids and move.condition is not None:
            path = f"stock.moves.{mid}.condition"
            compiled = compile_expr(path, move.condition, problems)
            if compiled is not None:
                exprs[path] = compiled
    return Checked(channels, moves, exprs, problems)


def check_stock(stock: StockCatalogue) -> list[Problem]:
    """Consistency of the shipped catalogue itself: unique ids, known channels, expressions."""
    problems: list[Problem] = []
    problems += _duplicates([c.id for c in stock.channels], "channels", "channel")
    problems += _duplicates([m.id for m in stock.moves], "moves", "move")
    channel_ids = [c.id for c in stock.channels]
    flags = {f.flag for m in stock.moves for f in m.flags}
    move_ids = {m.id for m in stock.moves}
    for i, move in enumerate(stock.moves):
        for j, cid in enumerate(move.channels):
            if cid not in channel_ids:
                problems.append(Problem(f"moves[{i}].channels[{j}]", _unknown("channel", cid, channel_ids)))
        if move.opens_channel is not None and move.opens_channel not in channel_ids:
            problems.append(Problem(f"moves[{i}].opens_channel", _unknown("channel", move.opens_channel, channel_ids)))
        if move.actors:
            problems.append(Problem(f"moves[{i}].actors", "stock moves cannot name actors"))
        if move.activates is not None:
            problems.append(Problem(f"moves[{i}].activates", "stock moves cannot name treaties"))
        if move.condition is not None:
            compiled = compile_expr(f"moves[{i}].condition", move.condition, problems)
            for kind, name, offset in compiled.symbols if compiled else ():
                pools: dict[str, Iterable[str]] = {
                    "move": move_ids,
                    "channel": channel_ids,
                    "flag": flags,
                    "tag": TAGS,
                    "category": CATEGORIES,
                }
                if kind in pools and name not in set(pools[kind]):
                    problems.append(Problem(f"moves[{i}].condition", f"unknown {kind} '{name}'", "E-ref", offset))
                elif kind in ("actor", "treaty", "inject"):
                    problems.append(
                        Problem(f"moves[{i}].condition", f"stock moves cannot name a scenario {kind} ('{name}')", "E-ref", offset)
                    )
    return problems
