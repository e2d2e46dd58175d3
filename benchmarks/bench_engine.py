"""Benchmark: turn resolutions per second of the rules engine (one core).

    .venv/bin/python benchmarks/bench_engine.py [--games N] [--repeat R] [--compare DIR] [--profile NAME]

Measures `step(cs, state, orders, rng, record)` — one turn resolution — on the largest
shipped scenario and on generated 6-, 12- and 30-actor scenarios, at two order densities:

- *dense*: random legal orders until each actor's capital is spent (about two orders
  per actor per turn: the worst case, every actor doing everything it can);
- *bot-like*: about one order per actor per turn (one random legal option, 10 % hold),
  which is what the computer-controlled actors and most human players give.

Columns: record=True (events recorded, as in play: `step_rows`, the turn's events kept as
rows that become Event tuples when first read), + read (the same with every event built,
as `step` returns them: what a screen that reads the whole log pays), record=False (the playtest fast path,
copying the state), in place (record=False and `copy=False`, what `Game.play(record=False)`
does; each game's state copy and generator are made before timing, so the column is turn
resolutions alone), `Game.play` with record=True (step plus the per-turn state hash a save
records, events built as it returns them) and replay (`Game.play_turn`: hashed, events left
as rows until read -- how a classroom seat, a restore or a report rebuilds a game).  Orders are random legal orders generated *before* timing (one plan per game;
replaying a plan follows the same trajectory because the engine is deterministic), so
only adjudication is timed.  The last columns give the in-place cost per actor pair and
its growth against the 6-actor scenario divided by the growth in pairs: issue 3 asks for
cost growing no worse than the number of pairs (a ratio at or below 1).

`--compare DIR` runs the same benchmark on another checkout (e.g. a `git worktree` of
the previous commit) in a subprocess first and prints its table too, so before/after
figures come from the same run on the same (possibly loaded) machine.  `--root DIR`
benchmarks the checkout at DIR instead of this one.

Not a test: it reads the clock (process_time: CPU seconds of this process only, which
is what matters on a shared, loaded machine).  `--profile NAME` runs cProfile instead.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import pstats
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _root_from_argv(argv: list[str]) -> Path:
    if "--root" in argv:
        return Path(argv[argv.index("--root") + 1]).resolve()
    return ROOT


_BENCH_ROOT = _root_from_argv(sys.argv)
sys.path.insert(0, str(_BENCH_ROOT))
sys.path.insert(0, str(_BENCH_ROOT / "tests" / "engine"))

import engine_gen as E  # noqa: E402

from game.engine import rules  # noqa: E402
from game.engine.compile import CompiledScenario  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.rules import Order, step  # noqa: E402
from game.engine.state import State  # noqa: E402
from game.engine.views import legal_options  # noqa: E402

IN_PLACE = "copy" in inspect.signature(step).parameters  # older engines always copy
# Older engines built every Event as they went: their record=True is `step` itself.
step_recorded = getattr(rules, "step_rows", step)
Plan = list[list[Order]]


@dataclass
class Workload:
    name: str
    density: str
    cs: CompiledScenario
    games: list[tuple[State, Any, Plan, int]]  # (state after briefing, rng state, plan, seed)

    @property
    def turns(self) -> int:
        return sum(len(p) for _s, _r, p, _seed in self.games)

    @property
    def orders(self) -> int:
        return sum(len(o) for _s, _r, p, _seed in self.games for o in p)


def bot_like_orders(cs: CompiledScenario, g: Game, rng: random.Random) -> list[Order]:
    """About one order per actor: one random legal option each, or hold (10 %)."""
    out: list[Order] = []
    for a in cs.actors:
        if rng.random() < 0.1:
            continue
        legal = legal_options(cs, g.state, a.id)
        if legal:
            o = rng.choice(legal)
            out.append(Order(a.id, o.move, o.target, o.second, o.channel))
    return out


def play_plan(cs: CompiledScenario, seed: int, order_seed: int, density: str) -> Plan:
    if density == "dense":
        return E.play_random(cs, seed, order_seed)[1]
    rng = random.Random(order_seed)
    g = Game.new(cs, seed)
    plan: Plan = []
    while not g.over:
        orders = bot_like_orders(cs, g, rng)
        plan.append(orders)
        g.play(orders)
    return plan


def make_workload(name: str, density: str, cs: CompiledScenario, n_games: int) -> Workload:
    games = []
    for seed in range(n_games):
        g0 = Game.new(cs, seed)
        games.append((g0.state, g0.rng.getstate(), play_plan(cs, seed, 10_000 + seed, density), seed))
    return Workload(name, density, cs, games)


def run_steps(
    w: Workload, record: bool, starts: list[tuple[State, random.Random]] | None = None, read: bool = False
) -> None:
    """Replay every plan with `step`; with `starts` (fresh state copies and generators, made
    untimed), in place -- so only turn resolutions are timed, not setting up each game."""
    cs = w.cs
    if starts is not None:
        for (s, rng), (_start, _rs, plan, _seed) in zip(starts, w.games, strict=True):
            for orders in plan:
                step(cs, s, orders, rng, False, False)
        return
    rng = random.Random()
    resolve = step if read or not record else step_recorded
    for start, rng_state, plan, _seed in w.games:
        rng.setstate(rng_state)
        s = start
        for orders in plan:
            s, _ev = resolve(cs, s, orders, rng, record)


def run_games(w: Workload) -> None:
    for _start, _rng, plan, seed in w.games:
        g = Game.new(w.cs, seed)
        for orders in plan:
            g.play(orders)


def run_replays(w: Workload) -> None:
    """What a classroom seat, a restore or a report does: every turn replayed and hashed,
    its events left unbuilt until read (`Game.play_turn`; older engines: `Game.play`)."""
    for _start, _rng, plan, seed in w.games:
        g = Game.new(w.cs, seed)
        play = getattr(g, "play_turn", g.play)
        for orders in plan:
            play(orders)


def timed(fn: Callable[..., None], repeat: int, setup: Callable[[], Any] | None = None) -> float:
    """Best CPU time (process_time) of `repeat` runs; `setup` (untimed) makes fn's argument."""
    best = float("inf")
    for _ in range(repeat):
        arg = setup() if setup is not None else None
        t0 = time.process_time()
        fn(arg) if setup is not None else fn()
        best = min(best, time.process_time() - t0)
    return best


def build_status() -> str:
    """Compiled or pure Python (checkouts from before game/native.py are pure)."""
    try:
        from game import native
    except ImportError:
        return "pure Python (this checkout has no compiled build)"
    return native.status()


def reference_loop() -> float:
    """Microseconds for a fixed pure-Python loop (sum of 100 ints): a yardstick of this machine.

    Turn rates only compare across machines next to this number: a loaded or slow core
    shows a larger one, and every rate in the table is lower in proportion.
    """
    values = list(range(100))

    def loop() -> None:
        total = 0
        for v in values:
            total += v

    best = float("inf")
    for _ in range(7):
        t0 = time.process_time()
        for _ in range(2000):
            loop()
        best = min(best, (time.process_time() - t0) / 2000)
    return best * 1e6


def largest_shipped() -> tuple[str, CompiledScenario]:
    best: tuple[int, str, CompiledScenario] | None = None
    for p in sorted((_BENCH_ROOT / "scenarios").glob("*.toml")):
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
    name, shipped = largest_shipped()
    scenarios = [(f"{name} ({len(shipped.actors)} actors)", shipped, n_games)]
    for n in (6, 12, 30):
        cs = E.compile_text(E.scenario_text(n, 2024 + n))
        scenarios.append((f"generated, {n} actors", cs, n_games if n <= 12 else max(5, n_games // 3)))
    return [make_workload(nm, d, cs, g) for d in ("dense", "bot-like") for nm, cs, g in scenarios]


def measure(ws: list[Workload], repeat: int) -> list[dict[str, Any]]:
    rows = []
    for w in ws:
        n = w.turns
        row: dict[str, Any] = {
            "workload": w.name, "density": w.density, "pairs": len(w.cs.pairs), "turns": n,
            "orders_per_turn": w.orders / n,
            "record_true": n / timed(lambda w=w: run_steps(w, True), repeat),
            "read": n / timed(lambda w=w: run_steps(w, True, read=True), repeat),
            "record_false": n / timed(lambda w=w: run_steps(w, False), repeat),
            "in_place": None,
            "game_play": n / timed(lambda w=w: run_games(w), max(1, repeat // 2)),
            "replay": n / timed(lambda w=w: run_replays(w), max(1, repeat // 2)),
        }
        if IN_PLACE:
            def in_place(starts: list[tuple[State, random.Random]], w: Workload = w) -> None:
                run_steps(w, False, starts)

            def fresh(w: Workload = w) -> list[tuple[State, random.Random]]:
                out = []
                for g in w.games:
                    rng = random.Random()
                    rng.setstate(g[1])
                    out.append((g[0].copy(), rng))
                return out

            row["in_place"] = n / timed(in_place, repeat, fresh)
        rows.append(row)
    return rows


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    print(title)
    print(f"{'workload':32} {'density':8} {'pairs':>5} {'turns':>5} {'ord/t':>5} {'record=True':>11} {'+ read':>9}"
          f" {'record=False':>12} {'in place':>9} {'Game.play':>9} {'replay':>9} {'us/pair':>8} {'growth/pairs':>12}")
    ref: dict[str, tuple[float, int]] = {}
    for r in rows:
        fast = r["in_place"] or r["record_false"]
        if r["workload"].startswith("generated, 6 "):
            ref[r["density"]] = (1.0 / fast, r["pairs"])
    for r in rows:
        fast = r["in_place"] or r["record_false"]
        cost = 1.0 / fast
        base = ref.get(r["density"])
        growth = f"{(cost / base[0]) / (r['pairs'] / base[1]):12.2f}" if base else f"{'':12}"
        ip = f"{r['in_place']:7,.0f}/s" if r["in_place"] else f"{'n/a':>9}"
        print(f"{r['workload']:32} {r['density']:8} {r['pairs']:5d} {r['turns']:5d} {r['orders_per_turn']:5.1f}"
              f" {r['record_true']:9,.0f}/s {r.get('read', r['record_true']):7,.0f}/s"
              f" {r['record_false']:10,.0f}/s {ip} {r['game_play']:7,.0f}/s {r.get('replay', r['game_play']):7,.0f}/s"
              f" {1e6 * cost / r['pairs']:8.2f} {growth}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--games", type=int, default=30, help="games per workload (default 30)")
    ap.add_argument("--repeat", type=int, default=5, help="timing repeats, best kept (default 5)")
    ap.add_argument("--root", metavar="DIR", help="benchmark the checkout at DIR instead of this one")
    ap.add_argument("--compare", metavar="DIR", help="also benchmark the checkout at DIR (before/after, same run)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON (used by --compare)")
    ap.add_argument("--profile", metavar="NAME", help="profile the workloads whose name contains NAME")
    args = ap.parse_args(argv)
    other = None
    if args.compare:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--root", args.compare, "--json",
               "--games", str(args.games), "--repeat", str(args.repeat)]
        other = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    ws = workloads(args.games)
    if args.profile:
        prof = cProfile.Profile()
        for w in (x for x in ws if args.profile in x.name):
            prof.enable()
            for _ in range(args.repeat):
                run_steps(w, True)
                run_steps(w, False)
            prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0
    rows = measure(ws, args.repeat)
    if args.json:
        print(json.dumps(rows))
        return 0
    if other is not None:
        print_table(other, f"--- {args.compare}")
        print_table(rows, f"--- {_BENCH_ROOT}")
        print("speed-up (this / compared):")
        for a, b in zip(other, rows, strict=True):
            fa, fb = a["in_place"] or a["record_false"], b["in_place"] or b["record_false"]
            print(f"  {b['workload']:32} {b['density']:8} record=True x{b['record_true'] / a['record_true']:.1f}"
                  f"  fast path x{fb / fa:.1f}")
    else:
        print_table(rows, str(_BENCH_ROOT))
    print(f"build: {build_status()}")
    print(f"turn resolutions per CPU-second (one core, process_time), best of {args.repeat}; "
          f"machine yardstick: a 100-iteration Python loop takes {reference_loop():.1f} us here")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
