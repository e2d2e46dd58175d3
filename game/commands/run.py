"""``detente run``: play a whole game headless, from an optional orders file.

Used to check a scenario end to end, to reproduce a game exactly (same scenario, seed and
orders give byte-identical ``--json``), and by scripts and CI.  Actors with no orders
for a turn *hold*, unless a policy is plugged in: ``play_headless`` takes an
``OrderSource`` (a function ``(game, actor) -> orders``) so the bots can drive the actors
an orders file leaves out.  The orders file format is documented in docs/orders.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine (and pydantic behind it) loads only when the command runs
    from game.engine.game import Game
    from game.engine.rules import Order

#: Orders for one actor this turn, when the orders file gives none: the policy hook.
OrderSource = Callable[["Game", str], "list[Order]"]

ORDER_KEYS = frozenset({"turn", "actor", "move", "target", "second", "channel"})
MAX_ORDERS_BYTES = 5_000_000


class OrdersError(Exception):
    """An orders file the user must fix; ``str()`` is the one-line message."""


def hold(_game: Game, _actor: str) -> list[Order]:
    """The default policy: do nothing this turn."""
    return []


@dataclass
class Plan:
    """Orders from a file, by turn, in the order the file gives them."""

    by_turn: dict[int, list[Order]] = field(default_factory=dict)

    @property
    def last_turn(self) -> int:
        return max(self.by_turn, default=0)

    def actors_on(self, turn: int) -> set[str]:
        return {o.actor for o in self.by_turn.get(turn, [])}


def load_orders(path: str, actors: set[str], moves: set[str], channels: set[str]) -> Plan:
    """Read and check an orders file (TOML or JSON); raise OrdersError with a one-line reason."""
    from game.engine.rules import Order

    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise OrdersError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise OrdersError(f"{path}: is a directory, not an orders file") from None
    except OSError as exc:
        raise OrdersError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_ORDERS_BYTES:
        raise OrdersError(f"{path}: too large ({len(raw)} bytes, at most {MAX_ORDERS_BYTES})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OrdersError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    items = _parse(path, text)
    plan = Plan()
    for n, item in enumerate(items, 1):
        where = f"{path}: order {n}"
        if not isinstance(item, dict):
            raise OrdersError(f"{where}: expected a table/object with turn, actor, move")
        extra = sorted(set(item) - ORDER_KEYS)
        if extra:
            raise OrdersError(f"{where}: unknown key '{extra[0]}' (allowed: {', '.join(sorted(ORDER_KEYS))})")
        for key in ("turn", "actor", "move"):
            if key not in item:
                raise OrdersError(f"{where}: missing '{key}'")
        turn = item["turn"]
        if isinstance(turn, bool) or not isinstance(turn, int) or turn < 1:
            raise OrdersError(f"{where}: 'turn' must be a whole number from 1, not {turn!r}")
        fields: dict[str, str] = {}
        for key in ("actor", "move", "target", "second", "channel"):
            v = item.get(key, "")
            if not isinstance(v, str):
                raise OrdersError(f"{where}: '{key}' must be a string, not {v!r}")
            fields[key] = v
        for key, known, what in (("actor", actors, "actor"), ("target", actors, "actor"),
                                 ("second", actors, "actor"), ("move", moves, "move"),
                                 ("channel", channels, "channel")):
            v = fields[key]
            if v and v not in known:
                raise OrdersError(f"{where}: unknown {what} '{v}' in '{key}'")
        order = Order(fields["actor"], fields["move"], fields["target"], fields["second"], fields["channel"])
        plan.by_turn.setdefault(turn, []).append(order)
    return plan


def _parse(path: str, text: str) -> list[Any]:
    lower = path.lower()
    stripped = text.lstrip()
    is_json = lower.endswith(".json") or (
        not lower.endswith(".toml") and stripped.startswith(("{", "[")) and not stripped.startswith("[[")
    )
    if is_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise OrdersError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
        if isinstance(data, dict):
            if set(data) != {"orders"}:
                raise OrdersError(f"{path}: a JSON object must have exactly one key, 'orders'")
            data = data["orders"]
        if not isinstance(data, list):
            raise OrdersError(f"{path}: expected a list of orders")
        return data
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OrdersError(f"{path}: invalid TOML: {exc}") from None
    extra = sorted(set(doc) - {"orders"})
    if extra:
        raise OrdersError(f"{path}: unknown top-level key '{extra[0]}' (use [[orders]] tables)")
    orders = doc.get("orders", [])
    if not isinstance(orders, list):
        raise OrdersError(f"{path}: 'orders' must be an array of tables ([[orders]])")
    return orders


def play_headless(game: Game, plan: Plan, policy: OrderSource = hold, record: bool = True) -> Game:
    """Play until the game ends: each turn, the file's orders, then the policy for actors it leaves out."""
    while not game.over:
        turn = game.turn
        orders = list(plan.by_turn.get(turn, []))
        given = plan.actors_on(turn)
        for a in game.cs.actors:
            if a.id not in given:
                orders.extend(policy(game, a.id))
        game.play(orders, record=record)
    return game


def report(game: Game, scenario_file: str) -> dict[str, Any]:
    """The whole game as one JSON-ready object (stable key order, no wall clock)."""
    res = game.result()
    s = game.state
    return {
        "scenario": game.cs.id,
        "file": scenario_file,
        "seed": game.seed,
        "turns_played": len(game.turns),
        "outcome": {
            "band": res.band_id,
            "band_name": res.band,
            "ending": res.ending_id,
            "ending_title": res.ending,
            "stability": res.stability,
            "rung": res.rung,
            "max_rung": res.max_rung,
            "crossings": [{"turn": t, "rung": r, "name": n} for t, r, n in res.crossings],
            "scores": [
                {"actor": sc.actor, "interest": sc.interest, "stability": sc.stability, "score": sc.score,
                 "objectives": [{"id": oid, "met": met} for oid, _text, met in sc.objectives]}
                for sc in res.scores
            ],
            "learning": [{"id": oid, "status": status} for oid, _text, status in res.learning],
            "debrief": [{"turn": t, "id": did} for t, did in res.debrief],
        },
        "stability": list(s.stability_hist),
        "rung": list(s.rung_hist),
        "state_hash": game.hash(),
        "turn_hashes": [t.state_hash for t in game.turns],
        "orders": [[o.to_json() for o in t.orders] for t in game.turns],
        "events": [e.to_json() for e in game.events()],
    }


def summary(game: Game, data: dict[str, Any]) -> str:
    """A readable account of the game for the terminal."""
    cs = game.cs
    out = data["outcome"]
    lines = [f"{cs.title} — seed {game.seed}, {data['turns_played']} of {cs.turns} turns"]
    outcome = out["band_name"] + (f" ({out['ending_title']})" if out["ending_title"] else "")
    lines.append(f"Outcome: {outcome}; stability {out['stability']:.1f}, rung {out['rung']} "
                 f"(highest {out['max_rung']}: {cs.ladder[out['max_rung']]})")
    lines.append("")
    lines.append("turn  stability  rung  orders  rejected")
    for n, (t, stab, rung) in enumerate(zip(game.turns, data["stability"], data["rung"], strict=False), 1):
        rejected = sum(1 for e in t.events if e.kind == "reject")
        lines.append(f"{n:4d}  {stab:9.1f}  {rung:4d}  {len(t.orders):6d}  {rejected:8d}")
    if out["crossings"]:
        lines.append("")
        lines += [f"Threshold crossed on turn {c['turn']}: {c['name']} (rung {c['rung']})" for c in out["crossings"]]
    lines.append("")
    lines.append("actor                 interest  stability  score")
    for sc in out["scores"]:
        lines.append(f"{sc['actor']:20}  {sc['interest']:8.1f}  {sc['stability']:9.1f}  {sc['score']:5.1f}")
    if out["learning"]:
        lines.append("")
        lines += [f"Learning objective {lo['id']}: {lo['status']}" for lo in out["learning"]]
    if out["debrief"]:
        lines += [f"Debrief point (turn {d['turn']}): {d['id']}" for d in out["debrief"]]
    lines.append("")
    lines.append(f"{len(data['events'])} events; state hash {data['state_hash']}")
    return "\n".join(lines)


def run(
    scenario: str, seed: int, orders: str | None, as_json: bool, policy: OrderSource = hold, save: str | None = None
) -> int:
    """The command: 0 when the game was played, 1 for a bad scenario or orders file (or save failure)."""
    from game.engine.compile import compile_scenario
    from game.engine.game import Game
    from game.scenario.loader import load_file

    loaded = load_file(scenario)
    if loaded.resolved is None or not loaded.ok:
        for d in loaded.diagnostics:
            if d.severity == "error":
                print(d.format(), file=sys.stderr)
        return 1
    cs = compile_scenario(loaded.resolved)
    plan = Plan()
    if orders:
        try:
            plan = load_orders(orders, set(cs.actor_index), set(cs.move_index), set(cs.channel_index))
        except OrdersError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    game = play_headless(Game.new(cs, seed), plan, policy)
    unused = sum(len(v) for t, v in plan.by_turn.items() if t > len(game.turns))
    if unused:
        print(f"note: {unused} order(s) for turns after the game ended were not played", file=sys.stderr)
    if save:  # an ordinary save (docs/saves.md): replay, reports and tests can start from it
        from game.saves import SaveError, SaveMeta, write_save

        try:
            print(f"saved {write_save(save, game, SaveMeta(), kind='headless')}", file=sys.stderr)
        except SaveError as exc:
            print(exc, file=sys.stderr)
            return 1
    data = report(game, scenario)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    else:
        print(summary(game, data))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="play a whole game headless (orders from a file; others hold)",
        description="Play a whole game without the screen: actors follow the orders file and hold "
        "(do nothing) on turns it gives them none. Same scenario, seed and orders give the same "
        "result, byte for byte. Orders file format: docs/orders.md. Exit 0 when played, 1 for a bad "
        "scenario or orders file, 2 for usage errors.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file (.toml)")
    p.add_argument("--seed", type=int, required=True, metavar="N", help="random seed (any integer)")
    p.add_argument("--orders", metavar="FILE", help="orders file, TOML or JSON (see docs/orders.md)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    p.add_argument("--save", metavar="FILE", help="also write the finished game as a save (docs/saves.md)")
    p.add_argument(
        "--policy", metavar="POLICY",
        help="bots play the actors the orders file leaves out instead of holding: one policy for all "
        "(hawk) or actor=policy pairs (others keep their scenario personality); see docs/playtest.md",
    )
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    if not getattr(args, "policy", None):
        return run(args.scenario, args.seed, args.orders, args.json, save=args.save)
    from game.bots.playtest import PolicyError, policy_source

    try:
        return run(args.scenario, args.seed, args.orders, args.json, policy_source(args.policy), save=args.save)
    except PolicyError as exc:  # raised before the first turn is played: nothing was printed
        print(exc, file=sys.stderr)
        return 2
