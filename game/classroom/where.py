"""Where a classroom session lives: a SQLite file (the default) or a PostgreSQL database.

`--store URL` or `DETENTE_STORE` chooses: a `postgresql://` URL keeps every session of a
course in one database that several servers share (`game.classroom.pgstore`); a bare path
is the save directory whose `classroom/NAME.sqlite` files hold one session each; nothing
means the save directory as before.  psycopg is imported only for a URL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .store import Store, StoreError

if TYPE_CHECKING:
    from .pgstore import PgWhere

STORE_ENV = "DETENTE_STORE"
Where = Union[Path, "PgWhere"]


def store_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(STORE_ENV, "")


def is_url(store: str | None) -> bool:
    return bool(store) and str(store).startswith(("postgresql://", "postgres://"))


def locate(save_dir: Path, name: str, store: str | None = None) -> Where:
    """The session called `name`, in the store chosen by `store` / $DETENTE_STORE."""
    from .access import session_path

    chosen = store_url(store)
    session_path(save_dir, name)  # the same name rules everywhere
    if is_url(chosen):
        from .pgstore import PgWhere

        return PgWhere(chosen, name)
    return session_path(Path(chosen) if chosen else save_dir, name)


def open_store(where: Where, *, create: bool = False, course: str = "") -> Any:
    """A Store for a file, a PgStore for a database session."""
    if isinstance(where, Path):
        return Store(where, create=create)
    from .pgstore import PgStore

    return PgStore(where, create=create, course=course)


def exists(where: Where) -> bool:
    if isinstance(where, Path):
        return where.exists()
    from .pgstore import list_sessions

    try:
        return any(n == where.name for n, _c in list_sessions(where.url))
    except StoreError:
        return False
