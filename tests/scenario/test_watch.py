"""`validate --watch` / `lint --watch`: every save is checked again; half-written files never crash it."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from game.commands.watch import watch
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


class Watched:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: list[list[str]] = []
        self.said: list[str] = []
        self.changed = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=([str(path)], self.check),
                                       kwargs={"stop": self.stop, "say": self.said.append}, daemon=True)

    def check(self) -> int:
        diags = load_file(self.path).diagnostics
        self.results.append([d.format() for d in diags if d.severity == "error"])
        self.changed.set()
        return 1 if self.results[-1] else 0

    def next(self, action: object = None) -> list[str]:
        """Wait (bounded: 10 s) for the result of the next check."""
        assert self.changed.wait(10), f"no check after a save; said: {self.said}"
        self.changed.clear()
        return self.results[-1]


def settle_until(w: Watched, want_errors: bool) -> list[str]:
    for _ in range(20):  # an editor's save may be seen as several changes: take the last state
        got = w.next()
        if bool(got) == want_errors:
            return got
    raise AssertionError(f"never reached {'errors' if want_errors else 'clean'}: {w.results[-3:]}")


def test_valid_broken_partial_rename_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    w = Watched(path)
    w.thread.start()
    try:
        assert w.next() == []  # checked once at the start
        time.sleep(0.2)  # let the watcher start listening (not an assertion on time)
        path.write_text(GOOD.replace("turns = ", "turns = true #", 1), encoding="utf-8")
        errors = settle_until(w, True)
        assert errors and errors[0].startswith(str(path)) and ":" in errors[0]
        # an editor's partial save: half the file, then the rest
        path.write_text(GOOD[: len(GOOD) // 2], encoding="utf-8")
        assert settle_until(w, True)
        # an atomic save: write a temporary file, rename it over the original
        tmp = tmp_path / ".mine.toml.swp"
        tmp.write_text(GOOD, encoding="utf-8")
        os.replace(tmp, path)
        assert settle_until(w, False) == []
        # the file briefly disappears, then comes back
        path.unlink()
        missing = settle_until(w, True)
        assert "no such file" in missing[0]
        path.write_text(GOOD, encoding="utf-8")
        assert settle_until(w, False) == []
        path.write_text("", encoding="utf-8")  # an empty file is a problem, not a crash
        assert settle_until(w, True)
    finally:
        w.stop.set()
        w.thread.join(timeout=10)
    assert not w.thread.is_alive()
    assert any(s.startswith("watching ") for s in w.said) and any("checked in" in s for s in w.said)
