"""`detente class ...`: run a classroom exercise from one or several terminals.

    detente class new SCENARIO --team alpha=azuria --team bravo=corvania [--seed N] [--name S]
    detente class join S --team alpha          a team's terminal (secret orders)
    detente class facilitate S                 the white cell's console (true state)
    detente class project S                    the projector: the public picture only
    detente class hotseat S                    every team on one machine, taking turns
    detente class status S                     who has submitted (never what)
    detente class export S                     the session as a save, for `detente report` / `replay`
    detente class submit S --team alpha --orders FILE    headless orders (scripts, tests)
    detente class resolve S                    close the turn now; missing teams hold
    detente class pause|resume S
    detente class intervene S KIND --reason "..." [--set KEY=VALUE ...]
    detente class control S ACTOR team|bot|facilitator [--policy P]

Sessions live in SAVE_DIR/classroom/NAME.sqlite (see `detente saves --help` for SAVE_DIR).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

INTERVENTIONS = ("set_metric", "cancel_event", "release_inject", "adhoc_inject", "extend", "end")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "class",
        help="classroom exercise: teams, facilitator console, projector",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("--save-dir", help="where sessions live (default: $DETENTE_SAVE_DIR or ./saves)")
    cs = p.add_subparsers(dest="class_command", metavar="ACTION", required=True)

    n = cs.add_parser("new", help="create a session")
    n.add_argument("scenario")
    n.add_argument("--team", action="append", required=True, metavar="NAME=ACTOR", help="a team and the actor it plays")
    n.add_argument("--seed", type=int, default=1)
    n.add_argument("--name", help="session name (default: the scenario id)")
    n.set_defaults(func=cmd_new)

    for name, helptext, func in (
        ("status", "who has submitted this turn (never what)", cmd_status),
        ("resolve", "close the turn now; teams that did not submit hold", cmd_resolve),
        ("pause", "pause the exercise (teams cannot submit)", cmd_pause),
        ("resume", "resume a paused exercise", cmd_resume),
        ("facilitate", "the facilitator's console (true state)", cmd_facilitate),
        ("project", "the projector view: public picture only", cmd_project),
        ("hotseat", "all teams on this machine, taking turns behind a handover screen", cmd_hotseat),
        ("export", "write the session as an ordinary save (for detente report and replay)", cmd_export),
    ):
        sp = cs.add_parser(name, help=helptext)
        sp.add_argument("session")
        sp.set_defaults(func=func)

    j = cs.add_parser("join", help="a team's terminal")
    j.add_argument("session")
    j.add_argument("--team", required=True)
    j.set_defaults(func=cmd_join)

    s = cs.add_parser("submit", help="submit a team's orders from a file (JSON list of orders)")
    s.add_argument("session")
    s.add_argument("--team", required=True)
    s.add_argument("--orders", required=True, help="JSON list of {move, target?, second?, channel?}")
    s.set_defaults(func=cmd_submit)

    i = cs.add_parser("intervene", help="a facilitator override (logged with its reason, replayed exactly)")
    i.add_argument("session")
    i.add_argument("kind", choices=INTERVENTIONS)
    i.add_argument("--reason", required=True)
    i.add_argument("--set", dest="params", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter, e.g. --set metric=tension --set scope=a~b --set value=70")
    i.set_defaults(func=cmd_intervene)

    c = cs.add_parser("control", help="take over an actor, hand it to a bot, or give it back to its team")
    c.add_argument("session")
    c.add_argument("actor")
    c.add_argument("controller", choices=("team", "bot", "facilitator"))
    c.add_argument("--policy", default="")
    c.set_defaults(func=cmd_control)


def _dir(args: argparse.Namespace) -> Path:
    from game.saves.store import resolve_dir

    return resolve_dir(args.save_dir)


def _open(args: argparse.Namespace) -> Any:
    from game.classroom.session import Session, session_path

    return Session.open(session_path(_dir(args), args.session))


def _fail(msg: str) -> int:
    print(f"detente class: {msg}", file=sys.stderr)
    return 1


def _guard(fn: Any) -> Any:
    def wrapped(args: argparse.Namespace) -> int:
        from game.classroom.session import SessionError

        try:
            return int(fn(args))
        except SessionError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"{exc.strerror or exc}")

    wrapped.__doc__ = fn.__doc__
    return wrapped


@_guard
def cmd_new(args: argparse.Namespace) -> int:
    from game.classroom.session import Session, SessionError, session_path

    teams: dict[str, str] = {}
    for spec in args.team:
        name, sep, actor = spec.partition("=")
        if not sep or not name or not actor:
            raise SessionError(f"--team takes NAME=ACTOR (got {spec!r})")
        if name in teams:
            raise SessionError(f"team {name!r} given twice")
        teams[name] = actor
    scenario = Path(args.scenario)
    if not scenario.is_file():
        raise SessionError(f"no scenario file {scenario}")
    name = args.name or scenario.stem
    path = session_path(_dir(args), name)
    s = Session.create(path, scenario, teams, args.seed)
    print(f"session {name}: {s.cs.title}, {len(teams)} teams, seed {args.seed}")
    for t in s.teams():
        print(f"  {t.name:<18} {t.actor:<16} {t.controller}")
    print(f"teams join with:  detente class join {name} --team NAME")
    return 0


@_guard
def cmd_status(args: argparse.Namespace) -> int:
    s = _open(args)
    g = s.game()
    print(f"{s.cs.title} — turn {g.turn}/{g.cs.turns}, {s.status()}{' (over)' if g.over else ''}")
    for t in s.teams():
        mark = "✓ submitted" if t.submitted else ("· waiting" if t.controller == "team" else f"({t.controller})")
        print(f"  {t.name:<18} {t.actor:<16} {mark}")
    return 0


@_guard
def cmd_submit(args: argparse.Namespace) -> int:
    from game.classroom.session import SessionError
    from game.engine.rules import Order

    s = _open(args)
    actor = s.join(args.team)
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
    resolved = s.submit(args.team, orders)
    print(f"{args.team}: {len(orders)} orders in for turn {turn}" + (" — turn resolved" if resolved else ""))
    return 0


@_guard
def cmd_resolve(args: argparse.Namespace) -> int:
    s = _open(args)
    turn = s.game().turn
    s.resolve()
    print(f"turn {turn} resolved")
    return 0


@_guard
def cmd_pause(args: argparse.Namespace) -> int:
    _open(args).set_status("paused")
    print("paused")
    return 0


@_guard
def cmd_resume(args: argparse.Namespace) -> int:
    _open(args).set_status("running")
    print("running")
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

    s = _open(args)
    events = s.intervene(args.kind, args.reason, **parse_params(args.params))
    for e in events:
        print(describe(e))
    return 0


@_guard
def cmd_control(args: argparse.Namespace) -> int:
    s = _open(args)
    s.set_controller(args.actor, args.controller, args.policy)
    print(f"{args.actor} is now controlled by the {args.controller}")
    return 0


@_guard
def cmd_export(args: argparse.Namespace) -> int:
    from game.classroom.record import export_save
    from game.saves.format import SaveError

    s = _open(args)
    try:
        path = export_save(s, _dir(args))
    except SaveError as exc:
        return _fail(str(exc))
    print(f"saved {path}  (detente report {path.stem} · detente replay {path.stem})")
    return 0


def _tui(args: argparse.Namespace, role: str, team: str = "") -> int:
    import importlib.util

    if importlib.util.find_spec("game.tui.classroom") is None:
        return _fail("the classroom screens are not available in this build; use status/submit/resolve")
    from game.tui.classroom import run_classroom

    return int(run_classroom(_dir(args), args.session, role, team))


@_guard
def cmd_join(args: argparse.Namespace) -> int:
    s = _open(args)
    s.join(args.team)
    s.close()
    return _tui(args, "team", args.team)


@_guard
def cmd_facilitate(args: argparse.Namespace) -> int:
    _open(args).close()
    return _tui(args, "facilitator")


@_guard
def cmd_project(args: argparse.Namespace) -> int:
    _open(args).close()
    return _tui(args, "projector")


@_guard
def cmd_hotseat(args: argparse.Namespace) -> int:
    _open(args).close()
    return _tui(args, "hotseat")
