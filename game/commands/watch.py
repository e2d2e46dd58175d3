"""`--watch`: re-run validate or lint every time a scenario file is saved.

Authors write in an editor beside a terminal; this keeps the terminal's answer current.
The folder of each file is watched (an editor that saves by writing a temporary file
and renaming it over the original is seen as a change of the file), changes are
debounced by a few milliseconds, and a file that is half-written, empty or briefly
missing is reported like any other problem — never a crash.  Uses watchfiles.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

DEBOUNCE_MS = 20  # an editor's save is often several writes in a row
STEP_MS = 10


def targets(paths: Iterable[str]) -> tuple[set[Path], set[Path]]:
    """(files to react to, folders to watch)."""
    files = {Path(p).resolve() for p in paths}
    folders = {f.parent if not f.is_dir() else f for f in files}
    stock = Path(__file__).resolve().parents[1] / "stock"  # the stock catalogue a scenario builds on
    files |= set(stock.glob("*.toml"))
    folders.add(stock)
    return files, folders


def watch(paths: list[str], run_once: Callable[[], int], *, stop: threading.Event | None = None,
          say: Callable[[str], None] | None = None) -> int:
    """Run `run_once` now and after every save of one of `paths` until Ctrl+C (or `stop`)."""
    import watchfiles

    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    files, folders = targets(paths)
    shown = ", ".join(paths)
    say(f"watching {shown} (Ctrl+C stops)")
    run_once()

    def relevant(_change: watchfiles.Change, path: str) -> bool:
        p = Path(path)
        try:
            p = p.resolve()
        except OSError:
            pass
        return p in files or (p.parent in folders and any(p.name == f.name for f in files))

    try:
        for _changes in watchfiles.watch(*sorted(folders), watch_filter=relevant, debounce=DEBOUNCE_MS, step=STEP_MS,
                                         stop_event=stop, raise_interrupt=False, rust_timeout=200, yield_on_timeout=False):
            started = time.perf_counter()
            say(f"— saved at {datetime.now():%H:%M:%S} —")
            run_once()
            say(f"(checked in {1000 * (time.perf_counter() - started):.0f} ms)")
    except KeyboardInterrupt:
        pass
    return 0
