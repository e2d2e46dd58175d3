"""``detente report SAVE``: the after-action review of a saved game, finished or not.

Markdown (default), one self-contained HTML file, or JSON with the whole record for
comparing groups across a course.  The format follows ``--format``, else the extension
of ``-o FILE`` (.html, .json, .md).  Problems with the save are one line and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .saves import add_save_dir

FORMATS = ("md", "html", "json")
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="write the after-action review (AAR) of a saved game",
        description="Write the after-action review of a save (also a game still in progress): overview, "
        "outcome, objectives with proposed HSEEP ratings, decision timeline, turning points, charts, "
        "channels, doctrine, fog of war, hot-wash questions, comparison with bots and an improvement plan.",
    )
    p.add_argument("save", metavar="SAVE", help="a save file, or a save name from `detente saves`")
    p.add_argument("--format", choices=FORMATS, help="md, html or json (default: from -o's extension, else md)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--bot-runs", type=int, default=40, metavar="N",
                   help="bot games per policy for the comparison with automated play (default 40; 0 skips it)")
    p.add_argument("--team", metavar="NAME",
                   help="a classroom team's own copy: only what its actor could see, no controller sections")
    add_save_dir(p)
    p.set_defaults(func=run)


def pick_format(fmt: str | None, output: str | None) -> str:
    if fmt:
        return fmt
    if output:
        return EXTENSIONS.get(Path(output).suffix.lower(), "md")
    return "md"


def _humans(player: str | None, teams: dict[str, str]) -> list[str] | None:
    """The actors people played: the solo player, or every classroom team's actor."""
    people = ([player] if player else []) + [a for a in teams if a != player]
    return people or None


def _record(settings: dict[str, Any]) -> dict[str, Any] | None:
    """A classroom's own record (who gave each order, holds), when the save has one."""
    rec = settings.get("classroom_record")
    return rec if isinstance(rec, dict) else None


def _teams(settings: dict[str, Any]) -> dict[str, str]:
    teams = settings.get("teams")
    if isinstance(teams, dict):
        return {str(k): str(v) for k, v in teams.items()}
    return {}


def run(args: argparse.Namespace) -> int:
    from game.report.aar import build_aar
    from game.report.export import render_json
    from game.report.html import render_html
    from game.report.markdown import render_markdown
    from game.saves.format import SaveError
    from game.saves.store import SaveStore

    if args.bot_runs < 0:
        print("--bot-runs must be 0 or more", file=sys.stderr)
        return 2
    fmt = pick_format(args.format, args.output)
    try:
        data = SaveStore(args.save_dir).load(args.save)
        game = data.restore()
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    for n in data.notes:
        print(f"note: {n}", file=sys.stderr)
    team = None
    if args.team:
        by_name = {name: actor for actor, name in _teams(data.settings).items()}
        if args.team not in by_name:
            known = ", ".join(sorted(by_name)) or "none: not a classroom save"
            print(f"detente report: no team '{args.team}' in this save (teams: {known})", file=sys.stderr)
            return 1
        team = (args.team, by_name[args.team])
    aar = build_aar(
        game,
        date=data.updated or data.created,
        humans=_humans(data.player, _teams(data.settings)),
        policies=data.policies,
        teams=_teams(data.settings),
        bot_runs=args.bot_runs,
        record=_record(data.settings),
        team=team,
    )
    if fmt == "html":
        text = render_html(aar)
    elif fmt == "json":
        text = render_json(aar, game)
    else:
        text = render_markdown(aar)
    return emit(text, args.output, f"{fmt}, {aar.overview.turns_played} turns")


def emit(text: str, output: str | None, what: str) -> int:
    """A report to standard output, or to `output` with one line on stderr saying so."""
    if not output:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{output}: cannot write: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 1
    print(f"wrote {output} ({what})", file=sys.stderr)
    return 0
