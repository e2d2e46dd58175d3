"""The process textual-serve starts for each browser seat: ``python -m game.tui.classroom.seat_main DIR S``.

A seat is one process per browser, so it starts with as little as it can: not the whole
command line (every subcommand's parser), only the session's file check and the seat
app, whose first screen asks for the code.  Bad arguments are one line and exit 2.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m game.tui.classroom.seat_main SAVE_DIR SESSION", file=sys.stderr)
        return 2
    from game.classroom.access import Credential, SessionError, existing_session

    save_dir, name = Path(args[0]), args[1]
    try:
        existing_session(save_dir, name)
    except SessionError as exc:
        print(f"detente class: {exc}", file=sys.stderr)
        return 1
    from . import run_classroom

    return run_classroom(save_dir, name, Credential("seat"))


if __name__ == "__main__":
    raise SystemExit(main())
