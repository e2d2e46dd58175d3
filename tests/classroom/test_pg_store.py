"""The PostgreSQL store's own guarantees, on the real server the conftest starts: one
line for every bad URL or database, and a connection dropped mid-turn loses nothing."""

from __future__ import annotations

import os
from typing import Any

import psycopg
import pytest

from game.classroom.pgstore import PgWhere, connect, init_database
from game.classroom.session import Session, SessionError
from game.classroom.store import StoreError
from game.engine.rules import Order

from .conftest import SCENARIO, TWO

CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")
pytestmark = pytest.mark.sqlite_only  # these tests make their own PostgreSQL databases


def _db(pg_cluster: Any, name: str) -> str:
    return str(pg_cluster.create_database(f"{name}_{os.getpid()}"))


def test_bad_urls_and_databases_are_one_line_each(pg_cluster: Any) -> None:
    cases = {
        f"postgresql://detente@127.0.0.1:{pg_cluster.port}/missing_db": "does not exist",
        "postgresql://detente@127.0.0.1:1/x": "refused",
        f"postgresql://nobody@127.0.0.1:{pg_cluster.port}/postgres": "nobody",
    }
    for url, words in cases.items():
        with pytest.raises(SessionError) as err:
            Session.open(PgWhere(url, "drill"))
        msg = str(err.value)
        assert words in msg and "\n" not in msg and "Traceback" not in msg, msg
    bare = _db(pg_cluster, "bare")
    with pytest.raises(SessionError, match="course init"):
        Session.open(PgWhere(bare, "drill"))


def test_a_password_never_appears_in_a_message(pg_cluster: Any) -> None:
    with pytest.raises(StoreError) as err:
        connect("postgresql://detente:s3cret@127.0.0.1:1/x")
    assert "s3cret" not in str(err.value) and "***" in str(err.value)


def test_init_is_idempotent_and_another_version_is_refused(pg_cluster: Any) -> None:
    url = _db(pg_cluster, "versions")
    assert "created" in init_database(url)
    assert "up to date" in init_database(url)
    s = Session.create(PgWhere(url, "drill"), SCENARIO, TWO, seed=3)
    s.close()
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("UPDATE detente.sessions SET version = 99 WHERE name = 'drill'")
    with pytest.raises(SessionError, match="schema version 99"):
        Session.open(PgWhere(url, "drill"))
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("UPDATE detente.info SET value = '7' WHERE key = 'registry'")
    with pytest.raises(SessionError, match="another version"):
        Session.open(PgWhere(url, "drill"))


def test_two_sessions_share_a_database_and_a_name_is_taken_once(pg_cluster: Any) -> None:
    url = _db(pg_cluster, "two")
    init_database(url)
    a = Session.create(PgWhere(url, "sec-a"), SCENARIO, TWO, seed=3)
    b = Session.create(PgWhere(url, "sec-b"), SCENARIO, TWO, seed=3)
    assert a.submit("alpha", [CONSULT]) is False
    assert b.store.submitted(1) == {}, "sessions are apart"
    with pytest.raises(SessionError, match="already exists"):
        Session.create(PgWhere(url, "sec-a"), SCENARIO, TWO, seed=3)
    a.close()
    b.close()


def test_a_connection_dropped_mid_turn_is_retried_and_loses_nothing(pg_cluster: Any) -> None:
    url = _db(pg_cluster, "drop")
    init_database(url)
    s = Session.create(PgWhere(url, "drill"), SCENARIO, TWO, seed=3)
    assert s.submit("alpha", [CONSULT]) is False
    pid = s.store.pg.info.backend_pid
    with psycopg.connect(url, autocommit=True) as killer:  # the server drops our connection
        killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
    assert s.submit("bravo", []) is True, "the write is done again on a new connection"
    assert s.store.pg.info.backend_pid != pid
    g = s.game()
    assert g.turn == 2 and [o.move for o in g.turns[0].orders if o.actor == "azuria"] == ["consult"], "kept"
    assert len(s.store.turns()) == 1, "the turn was resolved once"
    s.close()


def test_course_init_and_class_new_on_postgresql_from_the_command_line(pg_cluster: Any, tmp_path: Any) -> None:
    import subprocess
    import sys

    url = _db(pg_cluster, "cli")
    run = [sys.executable, "-m", "game"]
    r = subprocess.run([*run, "course", "init", "--store", url], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "created" in r.stdout, r.stderr
    r = subprocess.run([*run, "class", "--store", url, "new", str(SCENARIO), "--team", "alpha=azuria",
                        "--name", "monday"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*run, "class", "--store", url, "new", str(SCENARIO), "--team", "alpha=azuria",
                        "--name", "monday"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "already exists" in r.stderr, r.stderr
    r = subprocess.run([*run, "course", "init", "--store", "postgresql://detente@127.0.0.1:1/x"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "refused" in r.stderr, r.stderr
