"""`detente course`: an academy's course on a shared PostgreSQL store.

Today it has one action, `init`: make (or check) the Détente registry in a PostgreSQL
database once, before the first `detente class new --store URL`.  Creating a course's
sessions together, its status board and its comparison report (issue 16) are not built
yet; sessions of a course are created one by one with `detente class new`.
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("course", help="a course on PostgreSQL: init the shared store")
    cs = p.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    i = cs.add_parser("init", help="create or check the Détente registry in a PostgreSQL database (idempotent)")
    i.add_argument("--store", help="postgresql://USER@HOST/DB (default: $DETENTE_STORE)")
    i.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from game.classroom.pgstore import init_database
    from game.classroom.store import StoreError
    from game.classroom.where import is_url, store_url

    url = store_url(args.store)
    if not is_url(url):
        print("detente course: init needs --store postgresql://USER@HOST/DB (or $DETENTE_STORE)", file=sys.stderr)
        return 2
    try:
        print(f"detente course: {init_database(url)}")
    except StoreError as exc:
        print(f"detente course: {exc}", file=sys.stderr)
        return 1
    return 0
