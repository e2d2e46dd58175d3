"""Benchmark: turn resolutions per second of the rules engine (one core).

    .venv/bin/python benchmarks/bench_engine.py [--games N] [--repeat R] [--profile NAME]

Measures `step(cs, state, orders, rng, record)` — one turn resolution — on the largest
shipped scenario and on generated 6-, 12- and 30-actor scenarios, with record=True (events
built, as in play) and record=False (the playtest fast path), and `Game.play` (step plus
the per-turn state hash a save records).  Orders are random legal orders generated
*before* timing (one plan per game; replaying a plan follows the same trajectory because
the engine is deterministic), so only adjudication is timed.  Reports the cost per actor
pair, to show how cost grows with the number of pairs (issue 3 asks for no worse than
linear in pairs).  Issue 3's target: >= 20,000 resolutions/s for 6 actors.

Not a test: it reads the wall clock.  `--profile NAME` runs cProfile on one workload.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "engine"))

import engine_gen as E  # noqa: E402

from game.engine.compile import CompiledScenario  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.rules import Order, step  # noqa: E402
from game.engine.state import State  # noqa: E402


@dataclass
class Workload:
    name: str
    cs: CompiledScenario
    games: list[tuple[State, object, list[list[Order]], int]]  # (state after briefing, rng state, plan, seed)

    @property
    def turns(self) -> int:
        return sum(len(p) for _s, _r, p, _seed in self.games)


def make_workload(name: str, cs: CompiledScenario, n_games: int) -> Workload:
    games = []
    for seed in range(n_games):
        g0 = Game.new(cs, seed)
        start, rng_state = g0.state, g0.rng.getstate()
        _g, plan = E.play_random(cs, seed, 10_000 + seed)
        games.append((start, rng_state, plan, seed))
    return Workload(name, cs, games)


def run_steps(w: Workload, record: bool) -> None:
    cs = w.cs
    rng = random.Random()
    for start, rng_state, plan, _seed in w.games:
        rng.setstate(rng_state)  # type: ignore[arg-type]
        s = start
        for orders in plan:
            s, _ev = step(cs, s, orders, rng, record)


def run_games(w: Workload) -> None:
    for _start, _rng, plan, seed in w.games:
        g = Game.new(w.cs, seed)
        for orders in plan:
            g.play(orders)


def timed(fn: object, repeat: int) -> float:
    """Best CPU time (process_time) of `repeat` runs: fair on a shared, loaded machine."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()  # type: ignore[operator]
        best = min(best, time.process_time() - t0)
    return best


def largest_shipped() -> tuple[str, CompiledScenario]:
    best: tuple[int, str, CompiledScenario] | None = None
    for p in E.SCENARIOS:
        try:
            cs = E.compile_path(str(p))
        except AssertionError:
            continue
        key = (len(cs.pairs), p.name, cs)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None, "no valid scenario in scenarios/"
    return best[1], best[2]


def workloads(n_games: int) -> list[Workload]:
    name, cs = largest_shipped()
    out = [make_workload(f"{name} ({len(cs.actors)} actors)", cs, n_games)]
    for n in (6, 12, 30):
        cs = E.compile_text(E.scenario_text(n, 2024 + n))
        out.append(make_workload(f"generated, {n} actors", cs, n_games if n <= 12 else max(5, n_games // 4)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=30, help="games per workload (default 30)")
    ap.add_argument("--repeat", type=int, default=5, help="timing repeats, best kept (default 5)")
    ap.add_argument("--profile", metavar="NAME", help="profile the workload whose name contains NAME")
    args = ap.parse_args(argv)
    ws = workloads(args.games)
    if args.profile:
        w = next(x for x in ws if args.profile in x.name)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.repeat):
            run_steps(w, True)
            run_steps(w, False)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0
    print(f"{'workload':34} {'pairs':>5} {'turns':>6} {'record=True':>12} {'record=False':>13} {'Game.play':>10}"
          f" {'us/pair (False)':>16}")
    for w in ws:
        n = w.turns
        t_rec = timed(lambda w=w: run_steps(w, True), args.repeat)
        t_fast = timed(lambda w=w: run_steps(w, False), args.repeat)
        t_game = timed(lambda w=w: run_games(w), max(1, args.repeat // 2))
        pairs = len(w.cs.pairs)
        print(f"{w.name:34} {pairs:5d} {n:6d} {n / t_rec:10,.0f}/s {n / t_fast:11,.0f}/s {n / t_game:8,.0f}/s"
              f" {1e6 * t_fast / n / pairs:16.2f}")
    print(f"turn resolutions per CPU-second (one core, process_time), best of {args.repeat}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
