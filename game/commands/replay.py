"""``detente replay SAVE``: re-run a saved game from scenario, seed and orders; check every hash.

Exit 0 when every turn's state hash matches, 1 with the first diverging turn (or any
problem with the save).  ``--scenario FILE`` replays the saved orders against another
version of the scenario instead of the embedded copy, which tells an author whether
an edit changes how recorded games play out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .saves import add_save_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "replay",
        help="re-run a saved game and check it turn by turn",
        description="Re-run a save from its embedded scenario, seed and orders and check every turn's state "
        "hash. Exit 0 when identical, 1 at the first diverging turn or when the save is unusable.",
    )
    p.add_argument("save", metavar="SAVE", help="a save file, or a save name from `detente saves`")
    p.add_argument(
        "--scenario",
        metavar="FILE",
        help="replay against this scenario file instead of the embedded copy",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_save_dir(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.saves.format import SaveError, normalise_text
    from game.saves.store import SaveStore

    try:
        data = SaveStore(args.save_dir).load(args.save)
        text = None
        if args.scenario:
            try:
                raw = Path(args.scenario).read_bytes()
            except OSError as exc:
                reason = (exc.strerror or str(exc)).lower()
                raise SaveError(f"{args.scenario}: cannot read scenario: {reason}") from None
            except ValueError as exc:  # NUL in the path
                raise SaveError(f"{args.scenario}: cannot read scenario: {exc}") from None
            text = normalise_text(raw)
            if text is None:
                raise SaveError(f"{args.scenario}: not UTF-8 text")
            data.notes = [n for n in data.notes if "scenario file" not in n]
        check = data.check(text)
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    notes = [*data.notes, *check.notes]
    if args.json:
        out = {
            "save": data.origin,
            "scenario": data.scenario_id,
            "seed": data.seed,
            "turns": data.turns_played,
            "turns_checked": check.turns_checked,
            "identical": check.ok,
            "diverged_at": check.diverged_at,
            "expected": check.expected,
            "actual": check.actual,
            "message": check.describe(),
            "notes": notes,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for n in notes:
            print(f"note: {n}", file=sys.stderr)
        source = args.scenario or "its embedded scenario"
        print(
            f"{data.origin}: {data.scenario_id}, seed {data.seed}, on {source}: {check.describe()}"
        )
    return 0 if check.ok else 1
