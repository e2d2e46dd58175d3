"""``detente branch SAVE --turn N``: what if the game had gone otherwise from turn N?

Replays the save to the start of turn N, plays on with other orders (``--orders FILE``,
the `detente run` format, for the actors and turns it names) or lets a policy play one
actor (``--policy NAME --actor ID``), prints the two histories side by side (stability,
rung, outcome band, the first event where they part) and writes the branch as a save
of its own, which `detente report` and `detente replay` read like any other.
"""

from __future__ import annotations

import argparse
import sys

from .saves import add_save_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "branch",
        help="what if: replay a save to a turn and play on with other orders or a policy",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    p.add_argument("save", metavar="SAVE", help="a save file, or a save name from `detente saves`")
    p.add_argument("--turn", type=int, required=True, metavar="N", help="the turn from which the branch differs")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--orders", metavar="FILE", help="other orders (TOML or JSON, as for `detente run`)")
    how.add_argument("--policy", metavar="NAME",
                     help="let this policy play --actor from turn N on (random, hawk, dove, tit_for_tat, "
                          "opportunist, doctrine)")
    p.add_argument("--actor", default="", help="the actor --policy plays (default: the save's player)")
    p.add_argument("--name", default="", help="the branch's save name (default: branch-of-SAVE-turnN)")
    add_save_dir(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.bots import POLICIES
    from game.commands.report import _humans, _teams
    from game.commands.run import OrdersError, load_orders
    from game.report.branch import BranchError, branch, comparison_lines
    from game.saves.format import SaveError, SaveMeta
    from game.saves.store import SaveStore

    if args.policy and args.policy not in POLICIES:
        print(f"detente branch: unknown policy '{args.policy}' (one of: {', '.join(POLICIES)})", file=sys.stderr)
        return 2
    store = SaveStore(args.save_dir)
    try:
        data = store.load(args.save)
        game = data.restore()
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    cs = game.origin
    plan = None
    if args.orders:
        try:
            plan = load_orders(args.orders, {a.id for a in cs.actors}, {m.id for m in cs.moves},
                               {c.id for c in cs.channels}).by_turn
        except OrdersError as exc:
            print(exc, file=sys.stderr)
            return 2
        early = sorted(t for t in plan if t < args.turn)
        if early:
            print(f"{args.orders}: orders for turn {early[0]}, before the branch's turn {args.turn}", file=sys.stderr)
            return 2
    actor = args.actor or (data.player or "")
    humans = _humans(data.player, _teams(data.settings)) or []
    try:
        br = branch(game, args.turn, plan=plan, actor=actor, policy=args.policy or "", humans=humans,
                    policies=data.policies)
    except BranchError as exc:
        print(f"detente branch: {exc}", file=sys.stderr)
        return 2
    names = {a.id: a.name for a in cs.actors}
    print("\n".join(comparison_lines(br, names)))
    name = args.name or f"branch-of-{data.name or data.game_id}-turn{args.turn}"
    settings = dict(data.settings)
    settings["branch_of"] = {"game": data.game_id, "save": data.name, "turn": args.turn,
                             "changed": list(br.changed), **({"policy": args.policy} if args.policy else {})}
    meta = SaveMeta(player=data.player, policies=dict(data.policies), settings=settings,
                    scenario_text=data.scenario_text, scenario_file=data.scenario_file)
    try:
        path = store.save(br.game, name, meta)
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"\nsaved the branch as {path.stem} (detente report {path.stem} · detente replay {path.stem})")
    return 0
