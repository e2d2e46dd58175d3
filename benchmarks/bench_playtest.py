"""Benchmark: `detente playtest` on the largest shipped scenario.

Target (issue 6): 10,000 full games with --jobs 2 in at most 10 s on a 2-core machine.
Prints games/s with 2 processes, with 1 process (on a sample), the parallel speed-up,
and where a single game's time goes (bots vs rules engine), so a slow run says whom
to ask.  Wall-clock numbers: run on a quiet machine.

    .venv/bin/python benchmarks/bench_playtest.py [--runs 10000] [--sample 1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.bots import decide  # noqa: E402
from game.bots.playtest import game_seed, parse_policy, run  # noqa: E402
from game.engine.compile import CompiledScenario, compile_scenario  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.rules import Order  # noqa: E402
from game.scenario.loader import load_file  # noqa: E402


def largest() -> tuple[str, CompiledScenario]:
    best: tuple[int, str, CompiledScenario] | None = None
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        res = load_file(path)
        if res.resolved is None or not res.ok:
            continue
        cs = compile_scenario(res.resolved)
        size = len(cs.actors) * len(cs.moves) * cs.turns
        if best is None or size > best[0]:
            best = (size, str(path.relative_to(ROOT)), cs)
    if best is None:
        raise SystemExit("no loadable scenario in scenarios/")
    return best[1], best[2]


def split(cs: CompiledScenario, games: int) -> tuple[float, float, float]:
    """Seconds in bots and in the engine over ``games`` single-process games; orders per game."""
    labels = parse_policy(cs, None)
    ids = cs.actor_ids()
    t_bots = t_engine = 0.0
    orders_total = 0
    for idx in range(games):
        seed = game_seed(0, idx)
        pols = labels[idx % len(labels)].policies
        t0 = time.perf_counter()
        g = Game.new(cs, seed)
        t_engine += time.perf_counter() - t0
        last: list[Order] | None = None
        while not g.over:
            t0 = time.perf_counter()
            orders = [o for a, p in zip(ids, pols, strict=True) for o in decide(cs, g.state, a, p, seed, last_orders=last)]
            t1 = time.perf_counter()
            g.play(orders, record=False)
            t2 = time.perf_counter()
            t_bots += t1 - t0
            t_engine += t2 - t1
            orders_total += len(orders)
            last = orders
    return t_bots, t_engine, orders_total / games


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10_000, help="games with --jobs 2 (default 10000)")
    ap.add_argument("--sample", type=int, default=1000, help="games for the 1-process rate (default 1000)")
    args = ap.parse_args()
    path, cs = largest()
    print(f"scenario: {path} ({len(cs.actors)} actors, {len(cs.moves)} moves, {cs.turns} turns)")
    bots, engine, orders = split(cs, min(300, args.sample))
    per = (bots + engine) / min(300, args.sample)
    print(f"one game: {per * 1000:.2f} ms  (bots {bots / (bots + engine):.0%}, engine {engine / (bots + engine):.0%}, "
          f"{orders:.1f} orders/game)")
    t = time.perf_counter()
    run(cs, args.sample, 0, parse_policy(cs, None), 1)
    one = args.sample / (time.perf_counter() - t)
    print(f"--jobs 1: {one:8.0f} games/s  ({args.sample} games)")
    t = time.perf_counter()
    run(cs, args.runs, 0, parse_policy(cs, None), 2)
    elapsed = time.perf_counter() - t
    two = args.runs / elapsed
    print(f"--jobs 2: {two:8.0f} games/s  ({args.runs} games in {elapsed:.1f} s; target <= 10 s for 10,000)")
    print(f"speed-up: {two / one:.2f}x with 2 processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
