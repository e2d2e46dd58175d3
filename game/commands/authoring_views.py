"""`detente msel FILE` and `detente show FILE`: what an author reviews before a class.

`msel` writes the scenario's Master Scenario Events List (HSEEP columns) as CSV, Markdown
or printable HTML (chosen by -o's extension, else Markdown on standard output).  `show`
prints the opening picture without playing: the briefing, the actors and their
objectives, every pair's trust and tension, the channels open at the start and the
injects timeline; `--as ACTOR` shows what that actor's team reads (its own numbers
exactly, the others as ≈ estimates).  A bad scenario file is one line per problem, exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

FORMATS = {".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    m = sub.add_parser("msel", help="the scenario's MSEL (HSEEP inject list) as CSV, Markdown or HTML",
                       description="Write the scenario's Master Scenario Events List with HSEEP columns.")
    m.add_argument("scenario")
    m.add_argument("-o", "--output", metavar="FILE", help="FILE.csv, FILE.md or FILE.html (default: Markdown to stdout)")
    m.set_defaults(func=cmd_msel)
    s = sub.add_parser("show", help="a scenario's opening picture without playing it",
                       description="Briefing, actors, pairs, channels open at the start and the injects timeline.")
    s.add_argument("scenario")
    s.add_argument("--as", dest="actor", default="", metavar="ACTOR", help="what that actor's team reads")
    s.set_defaults(func=cmd_show)


def _compiled(path: str) -> Any:
    from game.engine.compile import compile_scenario
    from game.scenario.loader import load_file

    res = load_file(path)
    if res.resolved is None or not res.ok:
        for d in res.diagnostics:
            if d.severity == "error":
                print(d.format(), file=sys.stderr)
        return None
    return compile_scenario(res.resolved)


def cmd_msel(args: argparse.Namespace) -> int:
    from game.report.msel_plan import msel_entries, to_csv, to_html, to_markdown

    cs = _compiled(args.scenario)
    if cs is None:
        return 1
    fmt = FORMATS.get(Path(args.output).suffix.lower(), "") if args.output else "md"
    if not fmt:
        print(f"detente msel: {args.output}: the file must end in .csv, .md or .html", file=sys.stderr)
        return 2
    entries = msel_entries(cs)
    text = to_csv(entries) if fmt == "csv" else (to_html(cs, entries) if fmt == "html" else to_markdown(cs, entries))
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8", newline="" if fmt == "csv" else None)
    except OSError as exc:
        print(f"{args.output}: cannot write: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({fmt}, {len(entries)} injects)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from game.report.opening import opening_lines

    cs = _compiled(args.scenario)
    if cs is None:
        return 1
    if args.actor and args.actor not in cs.actor_index:
        print(f"detente show: unknown actor '{args.actor}' (actors: {', '.join(cs.actor_ids())})", file=sys.stderr)
        return 2
    print("\n".join(opening_lines(cs, args.actor)))
    return 0
