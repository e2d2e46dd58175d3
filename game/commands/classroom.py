"""`detente class ...`: run a classroom exercise from one or several terminals.

    detente class new SCENARIO --team alpha=azuria --team bravo=corvania [--seed N] [--name S] [--clock MIN]
    detente class serve S [--host 127.0.0.1] [--port 8000]   every seat in the browser, and the turn clock
    detente class codes S [--new]              the seat codes again (facilitator's code)
    detente class join S                       a team's terminal (secret orders)
    detente class facilitate S                 the white cell's console (true state)
    detente class project S                    the projector: the public picture only
    detente class hotseat S                    every team on one machine, taking turns
    detente class status S                     who has submitted (never what)
    detente class clock S MIN                  the time box per turn (0: none)
    detente class export S                     the session as a save, for `detente report` / `replay`
    detente class submit S --orders FILE       headless orders (scripts, tests)
    detente class resolve S                    close the turn now; missing teams hold
    detente class pause|resume S
    detente class intervene S KIND --reason "..." [--note "..."] [--set KEY=VALUE ...]
    detente class control S ACTOR team|bot|facilitator [--policy P]
    detente class note S TEXT [--team T] [--objective O] [--turn N]   an evaluator's note for the AAR

Every action but `new` needs a seat code: --code CODE, $DETENTE_CODE, or a prompt.  A
team's code opens that team's seat only; the facilitator's code opens the console and
every facilitator action; the projector's code opens the projector.
Sessions live in SAVE_DIR/classroom/NAME.sqlite (see `detente saves --help` for SAVE_DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

INTERVENTIONS = ("set_metric", "cancel_event", "release_inject", "adhoc_inject", "extend", "end")
CODE_ENV = "DETENTE_CODE"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "class",
        help="classroom exercise: teams, facilitator console, projector",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("--save-dir", help="where sessions live (default: $DETENTE_SAVE_DIR or ./saves)")
    p.add_argument("--store", help="postgresql://USER@HOST/DB to keep sessions in PostgreSQL (shared by "
                   "several servers), default $DETENTE_STORE, else SQLite files in the save directory")
    cs = p.add_subparsers(dest="class_command", metavar="ACTION", required=True)

    n = cs.add_parser("new", help="create a session")
    n.add_argument("scenario")
    n.add_argument("--team", action="append", required=True, metavar="NAME=ACTOR", help="a team and the actor it plays")
    n.add_argument("--seed", type=int, default=1)
    n.add_argument("--name", help="session name (default: the scenario id)")
    n.add_argument("--clock", type=float, default=0.0, metavar="MIN",
                   help="time box per turn in minutes (0: no clock; changeable in the console)")
    n.set_defaults(func=cmd_new)

    def coded(name: str, helptext: str, func: Any, **kw: Any) -> argparse.ArgumentParser:
        sp = cs.add_parser(name, help=helptext, **kw)
        sp.add_argument("session")
        sp.add_argument("--code", help=f"your seat code (else ${CODE_ENV}, else a prompt)")
        sp.set_defaults(func=func)
        return sp

    for name, helptext, func in (
        ("status", "who has submitted this turn (never what)", cmd_status),
        ("resolve", "close the turn now; teams that did not submit hold", cmd_resolve),
        ("pause", "pause the exercise and its clock (teams cannot submit)", cmd_pause),
        ("resume", "resume a paused exercise", cmd_resume),
        ("facilitate", "the facilitator's console (true state)", cmd_facilitate),
        ("project", "the projector view: public picture only", cmd_project),
        ("hotseat", "all teams on this machine, taking turns behind a handover screen", cmd_hotseat),
        ("export", "write the session as an ordinary save (for detente report and replay)", cmd_export),
    ):
        coded(name, helptext, func)

    sv = cs.add_parser("serve", help="serve every seat of one or more sessions in the browser (textual-serve), "
                       "a JSON API for scripts, and the turn clocks")
    sv.add_argument("sessions", nargs="*", metavar="SESSION", help="the sessions to serve (or --course)")
    sv.add_argument("--course", help="serve every session of this course")
    sv.add_argument("--code", help=f"the facilitator's code (or, for several sessions, the course code; "
                    f"else ${CODE_ENV}, else a prompt)")
    sv.set_defaults(func=cmd_serve)
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1: this machine only; see the README "
                         "before opening it to a network)")
    sv.add_argument("--port", type=int, default=8000)

    cd = coded("codes", "print every seat code again (needs the facilitator's code)", cmd_codes)
    cd.add_argument("--new", action="store_true",
                    help="make codes for a session that has none (made by an older version)")

    ck = coded("clock", "set the time box per turn (the current turn restarts with it)", cmd_clock)
    ck.add_argument("minutes", type=float, help="minutes per turn; 0 turns the clock off")

    coded("seat", argparse.SUPPRESS, cmd_seat)  # what `serve` runs per browser connection

    j = coded("join", "a team's terminal", cmd_join)
    j.add_argument("--team", help="the team (optional: the code says which team it is)")

    s = coded("submit", "submit a team's orders from a file (JSON list of orders)", cmd_submit)
    s.add_argument("--team", help="the team (optional: the code says which team it is)")
    s.add_argument("--orders", required=True, help="JSON list of {move, target?, second?, channel?}")

    i = coded("intervene", "a facilitator override (logged with its reason, replayed exactly)", cmd_intervene)
    i.add_argument("kind", choices=INTERVENTIONS)
    i.add_argument("--reason", required=True, help="the white cell's rationale: facilitator and AAR only")
    i.add_argument("--note", default="", help="what the players who learn of it may read")
    i.add_argument("--set", dest="params", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter, e.g. --set metric=tension --set scope=a~b --set value=70")

    nt = coded("note", "an evaluator's note for the AAR (a turn; optionally a team and objective)", cmd_note)
    nt.add_argument("text")
    nt.add_argument("--team", default="", help="the team it is about")
    nt.add_argument("--objective", default="", help="one of the team's actor's objective ids")
    nt.add_argument("--turn", type=int, default=None, help="default: the current turn")

    c = coded("control", "take over an actor, hand it to a bot, or give it back to its team", cmd_control)
    c.add_argument("actor")
    c.add_argument("controller", choices=("team", "bot", "facilitator"))
    c.add_argument("--policy", default="")


def _dir(args: argparse.Namespace) -> Path:
    from game.saves.store import resolve_dir

    if getattr(args, "store", None):  # seats and clock threads started from here inherit it
        os.environ["DETENTE_STORE"] = args.store
    return resolve_dir(args.save_dir)


def _open(args: argparse.Namespace) -> Any:
    from game.classroom.session import Session
    from game.classroom.where import locate

    return Session.open(locate(_dir(args), args.session))


def read_code(args: argparse.Namespace) -> str:
    """The seat code: --code, else $DETENTE_CODE, else a hidden prompt on a terminal."""
    from game.classroom.session import SessionError

    code = getattr(args, "code", None) or os.environ.get(CODE_ENV, "")
    if not code and sys.stdin.isatty():
        import getpass

        try:
            code = getpass.getpass("seat code: ")
        except (EOFError, KeyboardInterrupt):
            code = ""
    if not code.strip():
        raise SessionError(f"this needs a seat code: --code CODE, ${CODE_ENV}, or type it when asked")
    return code


def credential(args: argparse.Namespace, s: Any, *roles: str) -> Any:
    """Prove a seat with its code; SessionError unless it is one of `roles`.

    After five wrong codes in a row from the command line each further try waits
    (2, 4, 8 … s), so guessing codes from a shell is slow.
    """
    import time

    from game.classroom.session import SessionError

    code = read_code(args)
    wait = s.auth_wait("cli")
    if wait:
        print(f"detente class: too many wrong codes: waiting {wait:.0f} s", file=sys.stderr)
        time.sleep(wait)
    cred = s.authenticate(code, "cli")
    if cred.role not in roles:
        words = {"team": "a team's", "facilitator": "the facilitator's", "projector": "the projector's"}
        raise SessionError(f"this needs {' or '.join(words[r] for r in roles)} code")
    return cred


def _fail(msg: str, prefix: str = "class") -> int:
    print(f"detente {prefix}: {msg}", file=sys.stderr)
    return 1


def guard(prefix: str) -> Any:
    """A command's failures as one line ``detente PREFIX: ...`` and exit 1, never a traceback
    (``class`` and ``course`` commands)."""

    def decorate(fn: Any) -> Any:
        def wrapped(args: argparse.Namespace) -> int:
            from game.classroom.access import SessionError
            from game.classroom.store import StoreError

            try:
                return int(fn(args))
            except (SessionError, StoreError) as exc:
                return _fail(str(exc), prefix)
            except OSError as exc:
                return _fail(f"{exc.strerror or exc}", prefix)
            except sqlite3.Error as exc:  # a damaged or foreign file: one line, never a traceback
                return _fail(f"the session file cannot be read ({exc}): is it a Détente classroom session?", prefix)

        wrapped.__doc__ = fn.__doc__
        return wrapped

    return decorate


_guard = guard("class")


def print_codes(codes: dict[str, Any], name: str) -> None:
    from game.classroom.codes import code_lines

    print("\n".join(code_lines(codes, name)))


def new_session_args(team_specs: list[str], scenario_arg: str, clock: float) -> tuple[dict[str, str], Path]:
    """--team NAME=ACTOR …, the scenario file and --clock, checked (`class new`, `course new`)."""
    from game.classroom.session import SessionError

    teams: dict[str, str] = {}
    for spec in team_specs:
        name, sep, actor = spec.partition("=")
        if not sep or not name or not actor:
            raise SessionError(f"--team takes NAME=ACTOR (got {spec!r})")
        if name in teams:
            raise SessionError(f"team {name!r} given twice")
        teams[name] = actor
    scenario = Path(scenario_arg)
    if not scenario.is_file():
        raise SessionError(f"no scenario file {scenario}")
    if not 0 <= clock <= 360:
        raise SessionError("--clock is minutes per turn, 0 (no clock) to 360")
    return teams, scenario


@_guard
def cmd_new(args: argparse.Namespace) -> int:
    from game.classroom.session import Session
    from game.classroom.where import locate

    teams, scenario = new_session_args(args.team, args.scenario, args.clock)
    name = args.name or scenario.stem
    path = locate(_dir(args), name)
    s = Session.create(path, scenario, teams, args.seed, turn_seconds=round(args.clock * 60))
    clock = f", {args.clock:g} min per turn" if args.clock else ", no turn clock"
    print(f"session {name}: {s.cs.title}, {len(teams)} teams, seed {args.seed}{clock}")
    for t in s.teams():
        print(f"  {t.name:<18} {t.actor:<16} {t.controller}")
    print_codes(s.new_codes, name)
    print(f"In class: detente class serve {name}  (browser seats), or detente class join {name} in a terminal")
    return 0


@_guard
def cmd_codes(args: argparse.Namespace) -> int:
    from game.classroom.session import SessionError

    s = _open(args)
    if args.new:
        if s.has_codes():
            raise SessionError("this session has seat codes already (drop --new to see them)")
        print_codes(s.make_codes(), s.name)
        return 0
    print_codes(s.codes(read_code(args)), s.name)
    return 0


@_guard
def cmd_status(args: argparse.Namespace) -> int:
    from game.classroom.session import clock_text

    s = _open(args)
    credential(args, s, "team", "facilitator", "projector")
    g = s.game()
    clock = clock_text(s.clock())
    print(f"{s.cs.title} — turn {g.turn}/{g.cs.turns}, {s.status()}{' (over)' if g.over else ''}"
          + (f" · {clock}" if clock else ""))
    for t in s.teams():
        mark = "✓ submitted" if t.submitted else ("· waiting" if t.controller == "team" else f"({t.controller})")
        print(f"  {t.name:<18} {t.actor:<16} {mark}")
    return 0


@_guard
def cmd_submit(args: argparse.Namespace) -> int:
    from game.classroom.session import SessionError
    from game.engine.rules import Order

    s = _open(args)
    cred = credential(args, s, "team")
    if args.team and args.team != cred.team:
        raise SessionError("that code is not this team's")
    actor = s.join(cred.team)
    try:
        raw = json.loads(Path(args.orders).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SessionError(f"cannot read orders from {args.orders}: {exc}") from None
    if not isinstance(raw, list) or not all(isinstance(o, dict) and "move" in o for o in raw):
        raise SessionError("the orders file must be a JSON list of objects with at least a 'move'")
    orders = [
        Order(actor, str(o["move"]), str(o.get("target", "")), str(o.get("second", "")), str(o.get("channel", "")))
        for o in raw
    ]
    turn = s.game().turn
    resolved = s.submit(cred.team, orders)
    print(f"{cred.team}: {len(orders)} orders in for turn {turn}" + (" — turn resolved" if resolved else ""))
    return 0


def _facilitator(args: argparse.Namespace) -> Any:
    s = _open(args)
    credential(args, s, "facilitator")
    return s


@_guard
def cmd_resolve(args: argparse.Namespace) -> int:
    s = _facilitator(args)
    turn = s.game().turn
    s.resolve()
    print(f"turn {turn} resolved")
    return 0


@_guard
def cmd_pause(args: argparse.Namespace) -> int:
    _facilitator(args).set_status("paused")
    print("paused (the turn clock stops)")
    return 0


@_guard
def cmd_resume(args: argparse.Namespace) -> int:
    _facilitator(args).set_status("running")
    print("running")
    return 0


@_guard
def cmd_clock(args: argparse.Namespace) -> int:
    from game.classroom.session import SessionError

    s = _facilitator(args)
    if not 0 <= args.minutes <= 360:
        raise SessionError("minutes per turn: 0 (no clock) to 360")
    s.set_clock(round(args.minutes * 60))
    print(f"turn clock: {args.minutes:g} min per turn" if args.minutes else "turn clock off")
    return 0


def parse_params(params: list[str]) -> dict[str, Any]:
    """KEY=VALUE pairs; values that read as JSON (numbers, lists) are decoded."""
    from game.classroom.session import SessionError

    out: dict[str, Any] = {}
    for p in params:
        k, sep, v = p.partition("=")
        if not sep or not k:
            raise SessionError(f"expected KEY=VALUE, got {p!r}")
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out


@_guard
def cmd_intervene(args: argparse.Namespace) -> int:
    from game.engine.events import describe

    s = _facilitator(args)
    events = s.intervene(args.kind, args.reason, args.note, **parse_params(args.params))
    for e in events:
        print(describe(e))
    return 0


@_guard
def cmd_note(args: argparse.Namespace) -> int:
    s = _facilitator(args)
    n = s.add_note(args.text, args.team, args.objective, args.turn)
    about = f" about team {n['team']}" if n["team"] else ""
    print(f"evaluator note for turn {n['turn']}{about} saved (it appears in the AAR)")
    return 0


@_guard
def cmd_control(args: argparse.Namespace) -> int:
    s = _facilitator(args)
    s.set_controller(args.actor, args.controller, args.policy)
    print(f"{args.actor} is now controlled by the {args.controller}")
    return 0


@_guard
def cmd_export(args: argparse.Namespace) -> int:
    from game.classroom.record import export_save
    from game.saves.format import SaveError

    s = _facilitator(args)
    try:
        path = export_save(s, _dir(args))
    except SaveError as exc:
        return _fail(str(exc))
    print(f"saved {path}  (detente report {path.stem} · detente replay {path.stem})")
    return 0


def _tui(args: argparse.Namespace, cred: Any) -> int:
    import importlib.util

    if importlib.util.find_spec("game.tui.classroom") is None:
        return _fail("the classroom screens are not available in this build; use status/submit/resolve")
    from game.tui.classroom import run_classroom

    return int(run_classroom(_dir(args), args.session, cred))


@_guard
def cmd_join(args: argparse.Namespace) -> int:
    from game.classroom.session import SessionError

    s = _open(args)
    cred = credential(args, s, "team")
    if args.team and args.team != cred.team:
        raise SessionError("that code is not this team's")
    s.join(cred.team)
    s.close()
    return _tui(args, cred)


@_guard
def cmd_facilitate(args: argparse.Namespace) -> int:
    s = _open(args)
    cred = credential(args, s, "facilitator")
    s.close()
    return _tui(args, cred)


@_guard
def cmd_project(args: argparse.Namespace) -> int:
    s = _open(args)
    cred = credential(args, s, "projector", "facilitator")
    s.close()
    from game.classroom.session import Credential

    return _tui(args, Credential("projector") if cred.role == "facilitator" else cred)


@_guard
def cmd_hotseat(args: argparse.Namespace) -> int:
    from game.classroom.session import Credential

    s = _open(args)
    credential(args, s, "facilitator")  # the facilitator sets the machine up; teams then prove their seats
    s.close()
    return _tui(args, Credential("hotseat"))


@_guard
def cmd_seat(args: argparse.Namespace) -> int:
    """One browser seat (what `serve` runs per connection): the code is asked on screen.

    Nothing heavy is imported before the prompt is up (see game.classroom.access)."""
    from game.classroom.access import Credential, existing_session

    existing_session(_dir(args), args.session)
    return _tui(args, Credential("seat"))


@_guard
def cmd_serve(args: argparse.Namespace) -> int:
    from game.classroom.course import session_names
    from game.classroom.server import serve
    from game.classroom.session import Session, SessionError
    from game.classroom.where import locate

    save_dir = _dir(args)
    names = list(dict.fromkeys([*args.sessions, *(session_names(save_dir, args.course) if args.course else [])]))
    if args.course and not any(n for n in names if n not in args.sessions):
        raise SessionError(f"no course named {args.course!r} in this store")
    if not names:
        raise SessionError("name the sessions to serve, or --course NAME")
    code = read_code(args)
    sessions: list[Any] = []
    try:
        codes = {}
        for name in names:
            s = Session.open(locate(save_dir, name))
            sessions.append(s)
            codes[name] = s.codes(code)  # only the facilitator (or the course) may start the room
    except SessionError:
        for s in sessions:
            s.close()
        raise
    os.environ.pop(CODE_ENV, None)  # never handed on to the seat processes
    return serve(sessions, save_dir, args.host, args.port, codes)
