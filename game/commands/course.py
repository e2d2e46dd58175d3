"""`detente course`: an academy's course — several sections playing one scenario, compared.

`init` makes (or checks) the Détente registry in a PostgreSQL database, once.  `new`
creates K sessions of one scenario and seed (so the groups are comparable) with their
seat codes and a course code for the chief instructor; `codes` prints them again;
`status` is the board of every section's turn and who is in; `report` compares the
groups (outcome bands, overlaid curves with a doctrine-bot reference, each team's
ratings side by side, where the histories diverged) as Markdown, HTML or JSON.  A
course lives in the same store as its sessions: PostgreSQL (`--store URL` /
$DETENTE_STORE) for several servers, or a save directory for one machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .classroom import CODE_ENV, guard, new_session_args, read_code
from .report import FORMATS, emit, pick_format


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("course", help="a course: several sections of one scenario, their board and comparison",
                       description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--store", help="postgresql://USER@HOST/DB (default: $DETENTE_STORE, else the save directory)")
    p.add_argument("--save-dir", help="where sessions live when the store is not PostgreSQL "
                   "(default: $DETENTE_SAVE_DIR or ./saves)")
    cs = p.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    i = cs.add_parser("init", help="create or check the Détente registry in a PostgreSQL database (idempotent)")
    _store_options(i)
    i.set_defaults(func=cmd_init)

    n = cs.add_parser("new", help="create K sessions of one scenario and seed, with their codes")
    n.add_argument("name")
    n.add_argument("--scenario", required=True, metavar="FILE")
    n.add_argument("--sessions", type=int, required=True, metavar="K", help="how many sections (1-60)")
    n.add_argument("--team", action="append", required=True, metavar="NAME=ACTOR",
                   help="a team and the actor it plays (the same teams in every section)")
    n.add_argument("--seed", type=int, default=1)
    n.add_argument("--clock", type=float, default=0.0, metavar="MIN", help="minutes per turn (0: no clock)")
    n.add_argument("--codes-file", metavar="FILE",
                   help="also write every code to FILE (owner-only) for handing out, instead of only the screen")
    _store_options(n)
    n.set_defaults(func=cmd_new)

    st = cs.add_parser("status", help="every section's turn and who is in (never what they ordered)")
    st.add_argument("name")
    _store_options(st)
    st.set_defaults(func=cmd_status)

    c = cs.add_parser("codes", help="print every section's seat codes again (needs the course code)")
    c.add_argument("name")
    c.add_argument("--code", help=f"the course code (else ${CODE_ENV}, else a prompt)")
    _store_options(c)
    c.set_defaults(func=cmd_codes)

    r = cs.add_parser("report", help="compare the groups: bands, curves, ratings side by side, divergence")
    r.add_argument("name")
    r.add_argument("--format", choices=FORMATS, help="md, html or json (default: from -o's extension, else md)")
    r.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    r.add_argument("--reference-runs", type=int, default=40, metavar="N",
                   help="doctrine-bot games for the reference line (default 40; 0 leaves it out)")
    _store_options(r)
    r.set_defaults(func=cmd_report)


def _store_options(sp: argparse.ArgumentParser) -> None:
    """--store and --save-dir after the action too (`course new X --store URL`); SUPPRESS keeps
    a value given before the action."""
    sp.add_argument("--store", default=argparse.SUPPRESS, help="postgresql://USER@HOST/DB (default: $DETENTE_STORE)")
    sp.add_argument("--save-dir", default=argparse.SUPPRESS, help="the save directory (SQLite sessions)")


def _where(args: argparse.Namespace) -> Path:
    from game.saves.store import resolve_dir

    if args.store:  # the sessions opened from here read it
        os.environ["DETENTE_STORE"] = args.store
    return resolve_dir(args.save_dir)


def _fail(msg: str) -> int:
    print(f"detente course: {msg}", file=sys.stderr)
    return 1


_guard = guard("course")


@_guard
def cmd_init(args: argparse.Namespace) -> int:
    from game.classroom.pgstore import init_database
    from game.classroom.where import is_url, store_url

    url = store_url(args.store)
    if not is_url(url):
        print("detente course: init needs --store postgresql://USER@HOST/DB (or $DETENTE_STORE)", file=sys.stderr)
        return 2
    print(f"detente course: {init_database(url)}")
    return 0


def _code_text(name: str, course_code: str, sessions: list[tuple[str, dict[str, Any]]]) -> str:
    from game.classroom.codes import code_lines

    lines = [f"Course {name}: course code {course_code}  (the chief instructor's: it starts the course's "
             f"servers and prints these again with detente course codes {name})", ""]
    for sname, codes in sessions:
        lines += [f"Session {sname}", *code_lines(codes, sname), ""]
    return "\n".join(lines)


@_guard
def cmd_new(args: argparse.Namespace) -> int:
    from game.classroom import course
    from game.classroom.access import SessionError
    from game.saves.atomic import create_atomic

    teams, scenario = new_session_args(args.team, args.scenario, args.clock)
    if args.codes_file and Path(args.codes_file).exists():
        raise SessionError(f"{args.codes_file} exists already: codes are never written over")
    made = course.create(_where(args), args.name, scenario, teams, args.sessions, args.seed,
                         turn_seconds=round(args.clock * 60))
    text = _code_text(made.name, made.course_code, made.sessions)
    print(f"course {made.name}: {len(made.sessions)} sessions of {scenario.name}, seed {args.seed}, "
          f"{len(teams)} teams each")
    if args.codes_file:
        create_atomic(Path(args.codes_file), text.encode())
        os.chmod(args.codes_file, 0o600)
        print(f"the codes are in {args.codes_file} (owner-only); the course code is {made.course_code}")
    else:
        print(text)
    first = made.sessions[0][0]
    print(f"In class: detente class serve --course {made.name} (every section on one server), or "
          f"detente class serve {first} … one section per server")
    return 0


@_guard
def cmd_codes(args: argparse.Namespace) -> int:
    from game.classroom import course
    from game.classroom.access import SessionError

    code = read_code(args)
    sessions = course.open_all(_where(args), args.name)
    try:
        out = []
        for s in sessions:
            if not s.is_course_code(code):
                raise SessionError("that is not this course's code")
            out.append((s.name, s.codes(code)))
    finally:
        for s in sessions:
            s.close()
    print(_code_text(args.name, code, out))
    return 0


@_guard
def cmd_status(args: argparse.Namespace) -> int:
    from game.classroom import course

    sessions = course.open_all(_where(args), args.name)
    try:
        rows = [course.status(s) for s in sessions]
        title = sessions[0].cs.title
    finally:
        for s in sessions:
            s.close()
    print(f"Course {args.name}: {title} — {len(rows)} sessions")
    for r in rows:
        state = "over" if r.over else f"turn {r.turn}/{r.turns}"
        joined = sum(1 for t in r.teams if t[3])
        submitted = sum(1 for t in r.teams if t[4] and t[2] == "team")
        playing = sum(1 for t in r.teams if t[2] == "team")
        print(f"  {r.name:<22} {state:<12} {r.status:<8} {joined}/{len(r.teams)} in · {submitted}/{playing} submitted")
        for team, actor, controller, joined_, sub in r.teams:
            mark = ("✓ submitted" if sub else "· waiting") if controller == "team" else f"({controller})"
            print(f"      {team:<16} {actor:<16} {'joined' if joined_ else 'not joined':<11} {mark}")
    return 0


@_guard
def cmd_report(args: argparse.Namespace) -> int:
    from game.classroom import course
    from game.classroom.record import classroom_record
    from game.report.course import build_course_report, render_html, render_json, render_markdown

    if not 0 <= args.reference_runs <= 1000:
        return _fail("--reference-runs is 0 to 1000")
    fmt = pick_format(args.format, args.output)
    sessions = course.open_all(_where(args), args.name)
    try:
        games = []
        for s in sessions:
            teams = {str(t["actor"]): str(t["name"]) for t in s.store.teams() if not str(t["name"]).startswith("bot-")}
            games.append((s.name, s.game(), classroom_record(s), teams))
    finally:
        for s in sessions:
            s.close()
    report = build_course_report(args.name, games, reference_runs=args.reference_runs)
    text = {"html": render_html, "json": render_json}.get(fmt, render_markdown)(report)
    return emit(text, args.output, f"{fmt}, {len(games)} sessions")
