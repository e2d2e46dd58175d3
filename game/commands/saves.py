"""``detente saves``: list the saved games (scenario, actor, turn, date, outcome so far).

Unusable files are listed too, each with its one-line reason, so a player sees that a
save is damaged instead of wondering where it went; they never stop the listing.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_save_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--save-dir",
        metavar="DIR",
        help="directory of saves (default: $DETENTE_SAVE_DIR, else ./saves)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "saves",
        help="list saved games",
        description="List saved games, newest first: name, scenario, actor, turn, date and outcome so far. "
        "Damaged files are listed with the reason. Resume one with: detente resume NAME.",
    )
    add_save_dir(p)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=run)


def _row(info: Any, base: Any) -> dict[str, Any]:
    return {
        "name": _short(info.path, base),
        "path": str(info.path),
        "kind": info.kind,
        "game_id": info.game_id,
        "scenario": info.scenario_id,
        "title": info.scenario_title,
        "actor": info.player,
        "turn": info.turn,
        "turns_played": info.turns_played,
        "over": info.over,
        "outcome": info.outcome,
        "stability": info.stability,
        "created": info.created,
        "updated": info.updated,
        "problem": info.problem,
    }


def _short(path: Any, base: Any) -> str:
    """The name ``detente resume`` accepts: the path inside the save directory, without .json."""
    try:
        rel = path.relative_to(base)
    except ValueError:
        return str(path)
    return str(rel.with_suffix(""))


def run(args: argparse.Namespace) -> int:
    from game.saves.store import SaveStore

    store = SaveStore(args.save_dir)
    infos = store.list()
    if args.json:
        print(json.dumps([_row(i, store.dir) for i in infos], indent=2, ensure_ascii=False))
        return 0
    if not infos:
        where = (
            store.dir if store.dir.is_dir() else f"{store.dir} (the directory does not exist yet)"
        )
        print(f"no saved games in {where}", file=sys.stderr)
        return 0
    good = [i for i in infos if i.ok]
    table = [("NAME", "SCENARIO", "ACTOR", "TURN", "SAVED", "OUTCOME SO FAR")]
    for i in good:
        outcome = i.outcome or "?"
        if i.stability is not None:
            outcome += f" (stability {i.stability:.0f})"
        table.append(
            (_short(i.path, store.dir), i.scenario_id, i.player or "-", i.progress, i.when, outcome)
        )
    widths = [max(len(r[c]) for r in table) for c in range(len(table[0]) - 1)]
    for r in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1])
    for i in infos:
        if not i.ok:
            print(f"unusable: {i.problem}")
    bad = len(infos) - len(good)
    summary = f"{len(good)} save{'s' if len(good) != 1 else ''} in {store.dir}"
    if bad:
        summary += f", {bad} unusable"
    print(summary, file=sys.stderr)
    return 0
