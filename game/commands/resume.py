"""``detente resume [SAVE]``: carry on a saved game exactly where it stopped (latest when omitted).

The save is rebuilt by replaying it and checking every turn's state hash, so what the
game screen receives is the very game that was saved, generator included.  The game
screen is told which save to open through ``LaunchOptions(resume=PATH)`` (it loads it
with ``game.saves.load``); until the TUI offers that, or with ``--check``, the command
verifies the save and reports what it would resume.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import os
import sys

from .saves import add_save_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "resume",
        help="continue a saved game (the latest when SAVE is omitted)",
        description="Continue a saved game exactly where it stopped: the latest save when SAVE is omitted, "
        "else a save file or a name from `detente saves`. Exit 1 when the save is unusable.",
    )
    p.add_argument(
        "save", nargs="?", metavar="SAVE", help="a save file or name (default: the latest save)"
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="only rebuild and verify the save, do not open the game",
    )
    add_save_dir(p)
    p.set_defaults(func=run)


def _tui_resume_supported() -> bool:
    """True when the game screen accepts ``LaunchOptions(resume=...)``."""
    try:
        if (
            importlib.util.find_spec("game.tui.app") is None
            or importlib.util.find_spec("game.tui.options") is None
        ):
            return False
        options = importlib.import_module("game.tui.options")
        return any(f.name == "resume" for f in dataclasses.fields(options.LaunchOptions))
    except Exception:  # a half-built TUI must not turn resume into a traceback
        return False


def run(args: argparse.Namespace) -> int:
    from game.saves.format import SaveError
    from game.saves.store import ENV_VAR, SaveStore

    store = SaveStore(args.save_dir)
    try:
        resumed = store.resume(args.save)
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    for note in resumed.notes:
        print(f"note: {note}", file=sys.stderr)
    save = resumed.save
    game = resumed.game
    what = "finished game" if game.over else f"turn {game.turn} of {game.cs.turns}"
    print(
        f"{save.origin}: {game.cs.id} ({game.cs.title}) as {save.player or 'no player'}, {what}, seed {save.seed}; "
        f"{save.turns_played} turns replayed, every state hash matches; outcome so far: {game.result().band}"
    )
    if args.check:
        return 0
    if not _tui_resume_supported():
        print(
            "the game screen cannot open saves yet: the save above is verified and ready",
            file=sys.stderr,
        )
        return 0
    if args.save_dir:
        os.environ[ENV_VAR] = str(args.save_dir)  # the resumed game autosaves where it came from
    options = importlib.import_module("game.tui.options")
    app = importlib.import_module("game.tui.app")
    result = app.run(options.LaunchOptions(resume=save.origin))
    return result if isinstance(result, int) else 0
