"""`detente play SCENARIO [--as ACTOR] [--seed N] [--difficulty D]`: straight into a game.

The scenario is loaded and the actor checked *before* the terminal switches to the
game screen, so a typo gives a one-line message and a non-zero exit, not a broken
full-screen app.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "play",
        help="play a scenario in the terminal",
        description="Start a solo game of SCENARIO (a file path, or a scenario id from the scenarios "
        "directory). Computer-controlled actors play the others.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file or id, e.g. scenarios/strait_incident.toml")
    p.add_argument("--as", dest="actor", metavar="ACTOR", default="", help="the actor you play (default: the scenario's human actor)")
    p.add_argument("--seed", type=int, default=None, metavar="N", help="random seed (same seed and orders give the same game)")
    p.add_argument("--difficulty", choices=("easy", "normal", "hard"), default="normal",
                   help="how well the computer actors play (default: normal)")
    p.add_argument("--tutorial", action="store_true", help="show tutorial notes on every screen")
    p.add_argument("--watch", action="store_true",
                   help="play as you write: on every save of the file, check it and rebuild the game to the same turn")
    p.set_defaults(func=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    from game.tui.options import LaunchOptions
    from game.tui.scenarios import ScenarioLoadError, compile_path, resolve_path
    from game.tui.session import Session, SessionError

    try:
        path = resolve_path(args.scenario)
        cs = compile_path(path)
        Session.start(cs, args.actor, 0 if args.seed is None else args.seed, args.difficulty)
    except (ScenarioLoadError, SessionError) as exc:
        print(f"detente play: {exc}", file=sys.stderr)
        return 1
    from game.tui.app import run

    return run(LaunchOptions(str(path), args.actor, args.seed, args.difficulty, args.tutorial,
                             watch=getattr(args, "watch", False)))
