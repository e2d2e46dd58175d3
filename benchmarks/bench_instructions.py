"""Benchmark: machine instructions per bot-played game, counted by valgrind -- a figure
that does not drift.

    .venv/bin/python benchmarks/bench_instructions.py [--scenario FILE] [--games N] [--compare DIR]

Why: on these shared 2-core machines the same code runs a third faster or slower from
one minute to the next, so a wall-clock or CPU-time figure separates two versions only
when their runs are interleaved and the gap is large.  Valgrind's cachegrind counts the
instructions a process executes, the same on every run of the same code; what a
playtest's games cost is the count of N games minus the count of the same process
playing none (imports, loading, compiling, the plans), divided by N.  The games are those
of ``detente playtest`` (every policy in turn, seeds from seed 0), in the compiled build
this checkout has and in pure Python (``DETENTE_PURE=1``).  Instructions are not time --
cache misses and branch mispredictions are not in them -- but a change that removes
instructions on this hot path has so far always made it faster.

``--compare DIR`` counts another checkout too (e.g. ``git worktree add /tmp/base HEAD~1``
and its own compiled build), so a change's effect reads as two exact numbers.

It also counts one turn of the played-game path (record=True: ``step_rows`` on
bench_engine's bot-like plans on the largest shipped scenario, ``--turn-reps`` passes
minus none, per turn), the path classroom seats and saved games replay.

Needs valgrind (Debian package ``valgrind``); without it, says so and exits 0.  Slow
(valgrind runs the game about 50 times slower): about two and a half minutes per checkout
with the defaults.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The process valgrind counts: play N games of a playtest (no report), nothing else.
GAMES = """
import gc, sys
sys.path.insert(0, sys.argv[1])
from game.bots.playtest import game_seed, parse_policy, play_planned, plans, record
from game.engine.compile import compile_scenario
from game.scenario.loader import load_file
cs = compile_scenario(load_file(sys.argv[2]).resolved)
bots = [plans(cs, lab.policies) for lab in parse_policy(cs, None)]
for idx in range(12):  # warm the tables and caches a long playtest has warm
    play_planned(cs, game_seed(1, idx), bots[idx % len(bots)])
gc.disable()  # as the playtest's workers run their games
for idx in range(int(sys.argv[3])):
    record(cs, play_planned(cs, game_seed(0, idx), bots[idx % len(bots)]), idx % len(bots))
"""

#: The played-game path (issue 18's record=True row): bench_engine's bot-like plans on the
#: largest shipped scenario, each turn resolved by ``step_rows`` with its events recorded.
TURNS = """
import gc, sys
root, reps = sys.argv[1], int(sys.argv[3])
sys.argv = ["bench_engine.py", "--root", root]
sys.path.insert(0, root + "/benchmarks")
import bench_engine as B
name, cs = B.largest_shipped()
w = B.make_workload(name, "bot-like", cs, 20)
B.run_steps(w, True)  # warm
gc.disable()
for _ in range(reps):
    B.run_steps(w, True)
print("turns", w.turns)
"""


def count(root: Path, scenario: Path, games: int, pure: bool, script: Path) -> tuple[int, str]:
    """Instructions executed by the process playing ``games`` games (or replaying the plans
    ``games`` times), and what it printed."""
    env = {**os.environ, "DETENTE_PURE": "1"} if pure else {k: v for k, v in os.environ.items() if k != "DETENTE_PURE"}
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, str(script), str(root), str(scenario), str(games)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"valgrind run failed ({root}, {games} games): {out.stderr.strip().splitlines()[-1:]}")
    return int(m.group(1).replace(",", "")), out.stdout


def per_game(root: Path, scenario: Path, games: int, pure: bool, script: Path) -> float:
    return (count(root, scenario, games, pure, script)[0] - count(root, scenario, 0, pure, script)[0]) / games


def per_turn(root: Path, reps: int, pure: bool, script: Path) -> float:
    """Instructions per recorded turn: the plans replayed ``reps`` times, minus none."""
    n, out = count(root, Path("-"), reps, pure, script)
    m = re.search(r"turns (\d+)", out)
    if m is None:
        raise SystemExit(f"the record=True replay printed no turn count ({root})")
    return (n - count(root, Path("-"), 0, pure, script)[0]) / (reps * int(m.group(1)))


def build_of(root: Path) -> str:
    out = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                          "from game import native; print(native.status())", str(root)],
                         capture_output=True, text=True, check=False)
    return out.stdout.strip() or "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "ceasefire_talks.toml")
    ap.add_argument("--games", type=int, default=120, help="games counted per build (default 120: six policies x 20)")
    ap.add_argument("--pure-games", type=int, default=60, help="games counted in pure Python (default 60)")
    ap.add_argument("--turn-reps", type=int, default=2, help="times the record=True plans are replayed (default 2)")
    ap.add_argument("--compare", type=Path, help="another checkout to count the same way")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("bench_instructions skipped: no valgrind here (apt-get install valgrind)")
        return 0
    roots = [ROOT] + ([args.compare.resolve()] if args.compare else [])
    with tempfile.TemporaryDirectory() as tmp:
        script, turns = Path(tmp) / "games.py", Path(tmp) / "turns.py"
        script.write_text(GAMES)
        turns.write_text(TURNS)
        print(f"scenario: {args.scenario.name}; games of every policy in turn, seeds from 0; instructions per game")
        for root in roots:
            compiled = build_of(root)
            line = f"{root}: "
            if compiled.startswith("compiled"):
                line += f"compiled {per_game(root, args.scenario, args.games, False, script) / 1000:,.0f}k"
            else:
                line += f"compiled (no build: {compiled})"
            line += f", pure Python {per_game(root, args.scenario, args.pure_games, True, script) / 1000:,.0f}k"
            print(line, flush=True)
        print("played-game path: record=True turns (step_rows) of bench_engine's bot-like plans on the largest"
              " shipped scenario; instructions per turn")
        for root in roots:
            compiled = build_of(root)
            line = f"{root}: "
            if compiled.startswith("compiled"):
                line += f"compiled {per_turn(root, args.turn_reps, False, turns) / 1000:,.1f}k"
            else:
                line += f"compiled (no build: {compiled})"
            line += f", pure Python {per_turn(root, args.turn_reps, True, turns) / 1000:,.1f}k"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
