"""The ``detente`` command line.

``detente`` alone starts the game; subcommands are the author's tools.  To add a
subcommand: write ``_add_NAME(subparsers)`` that creates its parser and sets
``func=cmd_NAME``, write ``cmd_NAME(args) -> int`` and append ``_add_NAME`` to
``REGISTRARS``.  Exit codes: 0 success, 1 problems found, 2 usage errors (argparse).

Kept import-light: heavy modules (pydantic, textual) are imported inside the commands.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game import __version__

if TYPE_CHECKING:
    from game.scenario.diagnostics import Diagnostic

# --------------------------------------------------------------------------- helpers


def expand_paths(paths: Iterable[str]) -> list[tuple[str, bool]]:
    """Files as given; directories become every ``*.toml`` inside them (recursively, sorted).

    Returns (path, from_directory) pairs; an empty directory yields (dir, False) so the
    caller reports it.
    """
    out: list[tuple[str, bool]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(str(x) for x in p.rglob("*.toml") if x.is_file())
            if not found:
                out.append((raw, False))
            out.extend((f, True) for f in found)
        else:
            out.append((raw, False))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(files: int, errors: int, warnings: int = 0) -> str:
    line = f"{_plural(files, 'file')}, {_plural(errors, 'error')}"
    if warnings:
        line += f", {_plural(warnings, 'warning')}"
    return line


def emit(diagnostics: Sequence[Diagnostic], fmt: str) -> None:
    """Print diagnostics to stdout: one line each, or a JSON list."""
    if fmt == "json":
        print(json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False))
    else:
        for d in diagnostics:
            print(d.format())


# --------------------------------------------------------------------------- validate


def _add_validate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files and report every problem",
        description="Check scenario files: syntax, schema, references and expressions. "
        "Exit 0 when every file is valid, 1 otherwise.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories of *.toml files")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("-v", "--verbose", action="store_true", help="also list valid files and timing")
    p.add_argument("--watch", action="store_true", help="check again every time a file is saved (Ctrl+C stops)")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    if getattr(args, "watch", False):
        from game.commands.watch import watch

        once = argparse.Namespace(**{**vars(args), "watch": False})
        return watch(list(args.paths), lambda: cmd_validate(once))
    return _validate_once(args)


def _validate_once(args: argparse.Namespace) -> int:
    from game.scenario.diagnostics import Diagnostic
    from game.scenario.loader import load_file

    started = time.perf_counter()
    everything: list[Diagnostic] = []
    files = 0
    for path, _ in expand_paths(args.paths):
        if Path(path).is_dir():
            diags = [Diagnostic(path, 1, 1, "", "no scenario files (*.toml) in this directory", code="E-io")]
        else:
            files += 1
            diags = load_file(path).diagnostics
        everything.extend(diags)
        if args.format == "text":
            emit(diags, "text")
            if args.verbose and not any(d.severity == "error" for d in diags):
                print(f"ok: {path}")
    if args.format == "json":
        emit(everything, "json")
    errors = sum(1 for d in everything if d.severity == "error")
    warnings = len(everything) - errors
    summary = summary_line(files, errors, warnings)
    if args.verbose:
        summary += f" ({time.perf_counter() - started:.2f} s)"
    print(summary, file=sys.stderr)
    return 1 if errors else 0


# --------------------------------------------------------------------------- lint, schema, new
# (author's tools: the logic lives in game/scenario/lint.py, schema.py and scaffold.py)


def _add_lint(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lint",
        help="find design mistakes in valid scenario files",
        description="Find design mistakes a valid scenario can still have: unusable moves, injects "
        "that never fire, unreachable endings, metrics never read, objectives without targets... "
        "Exit 0 without errors (warnings alone pass), 1 with errors or, with --strict, warnings.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories of *.toml files")
    p.add_argument("--strict", action="store_true", help="warnings also fail (exit 1)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--watch", action="store_true", help="lint again every time a file is saved (Ctrl+C stops)")
    p.set_defaults(func=cmd_lint)


def cmd_lint(args: argparse.Namespace) -> int:
    from game.scenario import lint

    if getattr(args, "watch", False):
        from game.commands.watch import watch

        paths = [path for path, _ in expand_paths(args.paths)]
        return watch(list(args.paths), lambda: lint.run(paths, strict=args.strict, fmt=args.format))

    return lint.run([path for path, _ in expand_paths(args.paths)], strict=args.strict, fmt=args.format)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format (for editors)",
        description="Print the JSON Schema of the scenario format, generated from the models, "
        "or write it to FILE. Editors such as Even Better TOML use it for completion and hover docs.",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_schema)


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario import schema

    return schema.run(args.output)


def _add_new(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="create a commented starter scenario",
        description="Create scenarios/ID.toml (or DIR/ID.toml): a commented scenario that validates "
        "and lints clean. ID must be a plain identifier (lower-case letters, digits, _).",
    )
    p.add_argument("id", metavar="ID", help="scenario id, e.g. fishing_dispute")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="directory to write to (default: scenarios)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_new)


def cmd_new(args: argparse.Namespace) -> int:
    from game.scenario import scaffold

    return scaffold.run(args.id, args.output_dir, force=args.force)


# --------------------------------------------------------------------------- play


def play() -> int:
    """Start the Textual game if the TUI is available."""
    if importlib.util.find_spec("game.tui.app") is None:
        print(
            f"Détente {__version__}: the game screen is not built yet.\n"
            "Meanwhile try:  detente validate scenarios/"
        )
        return 0
    app = importlib.import_module("game.tui.app")
    result = app.run()
    return result if isinstance(result, int) else 0


def _add_play(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands.play import add_parser

    add_parser(sub)


# --------------------------------------------------------------------------- saves, resume, replay
# (logic in game/commands/saves.py, resume.py, replay.py; the format in game/saves/)


def _add_saves(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import replay, resume, saves

    saves.register(sub)
    resume.register(sub)
    replay.register(sub)


# --------------------------------------------------------------------------- classroom


def _add_classroom(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import classroom

    classroom.register(sub)


# --------------------------------------------------------------------------- report


def _add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import report

    report.register(sub)


def _add_authoring_views(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import authoring_views

    authoring_views.register(sub)


def _add_course(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import course

    course.register(sub)


def _add_branch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import branch

    branch.register(sub)


# --------------------------------------------------------------------------- playtest


def _add_playtest(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import playtest

    playtest.register(sub)


# --------------------------------------------------------------------------- run


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from game.commands import run

    run.register(sub)


# --------------------------------------------------------------------------- main

#: Each registrar adds one subcommand to the parser. Append new ones here.
REGISTRARS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = [
    _add_validate,
    _add_lint,
    _add_schema,
    _add_new,
    _add_authoring_views,
    _add_play,
    _add_saves,
    _add_classroom,
    _add_course,
    _add_report,
    _add_branch,
    _add_playtest,
    _add_run,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="detente",
        description="Détente: a crisis-management training game. Run without arguments to play.",
    )
    parser.add_argument("--version", action="version", version=f"detente {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in REGISTRARS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    func = getattr(args, "func", None)
    if func is None:
        return play()
    try:
        return int(func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
