"""A course under load: 50 sessions × 8 teams × 10 turns through two servers on one PostgreSQL,
and one classroom on PostgreSQL against the same classroom on SQLite, measured in one run.

Starts its own PostgreSQL 15 (initdb/pg_ctl in a temporary directory, tools/pgtemp.py)
and real `detente class serve --course` processes on loopback; simulated teams play
through the JSON API (tools/course_load.py), each session's facilitator board
long-polling on the *other* server.  Reports:

* turn resolutions per second while the teams play (after every team has logged in),
  and the wall time of the whole load including the logins;
* p50/p95 time from a team's submit to its "in" on the facilitator's board;
* the same for one classroom (8 teams × 10 turns, one server) on PostgreSQL and on
  SQLite.

    .venv/bin/python benchmarks/bench_course.py [--sessions 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import course_load  # noqa: E402
from pgtemp import TempPostgres  # noqa: E402

from game.classroom import course  # noqa: E402
from game.classroom.pgstore import init_database  # noqa: E402
from tests.classroom.server_helpers import free_port, start_server, wait_ready  # noqa: E402
from tests.engine.engine_gen import scenario_text  # noqa: E402

TEAMS = {f"t{i}": f"a{i}" for i in range(8)}


def stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def run(save_dir: Path, scenario: Path, name: str, sessions: int, servers: int) -> tuple[course_load.LoadResult, int]:
    made = course.create(save_dir, name, scenario, TEAMS, sessions, seed=11)
    ports = [free_port() for _ in range(servers)]
    procs = [start_server(save_dir, ["--course", name], made.course_code, p) for p in ports]
    try:
        for p in procs:
            wait_ready(p, 120)
        urls = [f"http://127.0.0.1:{p}/" for p in ports]
        result = asyncio.run(course_load.drive(urls, made.sessions, TEAMS, 10, boards=True))
    finally:
        for p in procs:
            stop(p)
    if result.errors:
        raise SystemExit(f"{len(result.errors)} errors, first: {result.errors[0]}")
    resolved = len({(s, t) for s, t, _team in result.accepted})
    return result, resolved


def line(label: str, r: course_load.LoadResult, resolved: int) -> str:
    play_from = max(r.logged_in) if r.logged_in else r.t0
    last = max(r.resolved_at) if r.resolved_at else play_from
    play = max(last - play_from, 1e-9)
    return (f"| {label} | {resolved} | {r.submits} | {r.seconds:.1f} s | {resolved / play:.1f}/s | "
            f"{1000 * course_load.percentile(r.latencies, 50):.0f} ms | "
            f"{1000 * course_load.percentile(r.latencies, 95):.0f} ms | {r.already} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sessions", type=int, default=50)
    args = ap.parse_args(argv)
    pg = TempPostgres()
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="detente-bench-course-") as tmp:
            scenario = Path(tmp) / "eight.toml"
            scenario.write_text(scenario_text(8, 16, rules={"rung": 0}, turns=10))
            env_before = os.environ.get("DETENTE_STORE")
            for label, store, sessions, servers in (
                (f"course: {args.sessions} sessions, 2 servers, PostgreSQL", "pg", args.sessions, 2),
                ("one classroom, 1 server, PostgreSQL", "pg", 1, 1),
                ("one classroom, 1 server, SQLite", "sqlite", 1, 1),
            ):
                if store == "pg":
                    url = pg.create_database(f"bench_{len(rows)}")
                    init_database(url)
                    os.environ["DETENTE_STORE"] = url
                else:
                    os.environ.pop("DETENTE_STORE", None)
                r, resolved = run(Path(tmp) / f"saves{len(rows)}", scenario, f"b{len(rows)}", sessions, servers)
                rows.append(line(label, r, resolved))
                print(rows[-1], flush=True)
            if env_before is None:
                os.environ.pop("DETENTE_STORE", None)
    finally:
        pg.stop()
    print()
    print(f"Machine: {os.cpu_count()} cores; 8 teams per session, 10 turns; the facilitator's board on the other server.")
    print("| load | turns resolved | submits | wall (incl. logins) | turn resolutions/s (play) | "
          "submit → in p50 | p95 | retries said already in |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
