"""SIGKILL a process in the middle of saving, many times: only complete, loadable saves remain.

A forked child (it inherits the compiled scenario, so it starts at once) plays games and
saves without pause: an autosave after every turn (with rotation) and named saves into
three slots.  The parent kills it with SIGKILL after a delay drawn from a seeded
generator, then checks the directory: every ``*.json`` loads and passes its checksum,
a named slot that existed never disappears, and anything else is a dot-file temporary
that ``sweep_temp`` clears.  At the end the named saves and a sample of the autosaves are restored by replay.
No assertion depends on how long anything took.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
from pathlib import Path

import pytest
from save_helpers import random_orders

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.saves import SaveError, SaveMeta, SaveStore, load_save
from game.saves.atomic import is_temp, sweep_temp

KILLS = 30
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


def writer(directory: str, cs: CompiledScenario, seed: int) -> None:
    """Play and save for ever (until killed)."""
    store = SaveStore(directory, keep=3)
    rng = random.Random(seed)
    n = 0
    while True:
        g = Game.new(cs, rng.randrange(1 << 30))
        meta = SaveMeta(player="azuria")
        while not g.over:
            g.play(random_orders(g, rng))
            store.autosave(g, meta)
            n += 1
            store.save(g, f"slot {n % 3}", meta)


def files(directory: Path) -> list[Path]:
    return [
        p for d in (directory, directory / "auto") if d.is_dir() for p in d.iterdir() if p.is_file()
    ]


def test_sigkill_mid_save_leaves_only_complete_saves(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    ctx = multiprocessing.get_context("fork")
    delays = random.Random(20301)
    seen_slots: set[str] = set()
    temps: set[str] = set()
    verified: set[tuple[str, int, int]] = set()  # a renamed-in file never changes: check it once
    for i in range(KILLS):
        child = ctx.Process(target=writer, args=(str(tmp_path), strait, i), daemon=True)
        child.start()
        child.join(timeout=delays.uniform(0.0, 0.15))
        child.kill()  # SIGKILL: no cleanup, no finally blocks
        child.join()
        assert child.exitcode == -9
        present = files(tmp_path)
        for p in present:
            if is_temp(p):
                temps.add(p.name)
                continue
            assert p.suffix == ".json", p
            st = p.stat()
            if (str(p), st.st_ino, st.st_mtime_ns) in verified:
                continue
            verified.add((str(p), st.st_ino, st.st_mtime_ns))
            try:
                load_save(p, check_disk=False)
            except SaveError as exc:  # pragma: no cover - the failure this test exists to catch
                pytest.fail(f"after kill {i}: {exc}")
        slots = {p.name for p in present if p.parent == tmp_path and not is_temp(p)}
        assert seen_slots <= slots, f"after kill {i} a named save vanished: {seen_slots - slots}"
        seen_slots |= slots
    for d in (tmp_path, tmp_path / "auto"):
        sweep_temp(d, older_than=0)
    remaining = files(tmp_path)
    assert remaining and not any(is_temp(p) for p in remaining)
    assert seen_slots  # the child did get to save between kills
    # every save is complete (checked above); rebuild the named slots and a seeded sample of the rest
    named = [p for p in remaining if p.parent == tmp_path]
    sample = named + random.Random(1).sample(
        sorted(set(remaining) - set(named)), min(5, len(remaining) - len(named))
    )
    for p in sample:
        data = load_save(p, check_disk=False)
        assert data.restore().hash() == data.turns[-1].state_hash
    print(
        f"{KILLS} kills, {len(remaining)} complete saves, {len(temps)} interrupted writes left temporaries"
    )
