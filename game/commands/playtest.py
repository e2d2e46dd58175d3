"""``detente playtest SCENARIO --runs N``: thousands of seeded bot games for the author.

The logic is in ``game.bots.playtest`` (running) and ``game.bots.report`` (the report);
this module parses arguments, shows a progress bar on stderr and prints.  The same
command always prints the same report, whatever ``--jobs``: timings go to stderr only.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable

MAX_RUNS = 10_000_000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "playtest",
        help="play many seeded bot games and report outcomes, hit counts and dead content",
        description="Play N seeded games of a scenario with every actor run by a bot and report: outcome "
        "bands per policy, stability and escalation per turn, thresholds crossed, hit counts for every move, "
        "inject, ending and debrief point, dead content with its file:line, dominant and useless moves, and "
        "suggested thresholds. The same command gives the same report. Exit 0 on success, 1 if the scenario "
        "does not load.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file (.toml)")
    p.add_argument("--runs", type=_positive, default=1000, metavar="N", help="number of games (default: 1000)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the whole run (default: 0)")
    p.add_argument(
        "--jobs", type=_positive, default=None, metavar="J",
        help="processes to use (default: all cores); the report does not depend on it",
    )
    p.add_argument(
        "--policy", metavar="POLICY",
        help="bots to use: a policy for every actor (hawk), several in turn (hawk,dove) or one per actor "
        "(corvania=hawk,azuria=dove; others keep their scenario personality). Default: each of "
        "random, hawk, dove, tit_for_tat, opportunist, doctrine in turn",
    )
    p.add_argument("--difficulty", choices=("easy", "normal", "hard"), default="normal", help="bot difficulty")
    p.add_argument(
        "--share", default="0.1,0.25,0.5", metavar="P[,P...]",
        help="shares of games the suggested thresholds should be crossed by (default: 0.1,0.25,0.5)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if not 1 <= n <= MAX_RUNS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RUNS}")
    return n


def _shares(text: str) -> list[float] | None:
    try:
        out = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        return None
    return out if out and all(0.0 < x < 1.0 for x in out) else None


def run(args: argparse.Namespace) -> int:
    from game.bots.playtest import PolicyError, parse_policy
    from game.bots.playtest import run as run_games
    from game.bots.report import build, render
    from game.engine.compile import compile_scenario
    from game.scenario.loader import load_file

    shares = _shares(args.share)
    if shares is None:
        print(f"--share: expected shares between 0 and 1 such as 0.1,0.25, got '{args.share}'", file=sys.stderr)
        return 2
    loaded = load_file(args.scenario)
    if not loaded.ok or loaded.resolved is None:
        for d in loaded.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"{args.scenario}: does not load; run `detente validate {args.scenario}`", file=sys.stderr)
        return 1
    resolved = loaded.resolved
    cs = compile_scenario(resolved)
    try:
        labels = parse_policy(cs, args.policy)
    except PolicyError as exc:
        print(exc, file=sys.stderr)
        return 2
    jobs = args.jobs or (os.cpu_count() or 1)
    # A batch of records, not a program of cycles: the collector's passes over the modules,
    # the compiled scenario and the growing list of records find nothing to free.  Objects
    # made so far are frozen out of its passes (the workers inherit that), and it is off
    # while records arrive and the report is built (about a sixth of the report's time).
    gc.freeze()
    gc.disable()
    started = time.perf_counter()
    progress, close = _progress(args.runs, not args.no_progress and sys.stderr.isatty())
    try:
        records = run_games(cs, args.runs, args.seed, labels, jobs, args.difficulty, progress)
    finally:
        close()
    elapsed = time.perf_counter() - started
    report = build(
        cs, records, labels, seed=args.seed, text=resolved.text, file=args.scenario, difficulty=args.difficulty,
        shares=shares,
    )
    gc.enable()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render(report))
    rate = args.runs / elapsed if elapsed > 0 else 0.0
    from game import native

    build_note = native.status()
    if not build_note.startswith("compiled"):
        build_note += "; `make native` makes playtests about three times faster"
    print(f"{args.runs} games in {elapsed:.1f} s ({rate:.0f} games/s, {jobs} process{'es' if jobs > 1 else ''}; "
          f"{build_note})", file=sys.stderr)
    return 0


def _progress(total: int, show: bool) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A rich progress bar on stderr (a shell may use rich; the playtest core does not)."""
    if not show:
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )
    task = bar.add_task("playing", total=total)
    bar.start()

    def advance(n: int) -> None:
        bar.advance(task, n)

    return advance, bar.stop
