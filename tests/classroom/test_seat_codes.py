"""Seat codes: made once, stored hashed, opened only by the right code, slow to guess."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from game.classroom import codes as seatcodes
from game.classroom.session import Session, SessionError

from .conftest import SCENARIO, TWO


def test_codes_are_short_unambiguous_and_distinct(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "c.sqlite", SCENARIO, TWO, seed=1)
    c = s.new_codes
    every = [c["facilitator"], c["projector"], *c["teams"].values()]
    assert len(set(every)) == 4 and set(c["teams"]) == {"alpha", "bravo"}
    for code in every:
        assert len(code) == 6 and not set(code) & set("0O1lIL")


def test_the_file_holds_hashes_only_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    s = Session.create(path, SCENARIO, TWO, seed=1)
    raw = path.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("c.sqlite-*"))
    for code in [s.new_codes["facilitator"], s.new_codes["projector"], *s.new_codes["teams"].values()]:
        assert code.encode() not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = sqlite3.connect(path).execute("SELECT role, team, length(salt), length(digest) FROM seats").fetchall()
    assert sorted(rows) == [("facilitator", "", 32, 64), ("projector", "", 32, 64),
                            ("team", "alpha", 32, 64), ("team", "bravo", 32, 64)]


def test_each_code_opens_its_own_seat_only(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "c.sqlite", SCENARIO, TWO, seed=1)
    c = s.new_codes
    assert s.authenticate(c["teams"]["alpha"]).actor == "azuria"
    assert s.authenticate(c["teams"]["bravo"].lower()).team == "bravo"  # case and spacing do not matter
    assert s.authenticate(" " + c["facilitator"][:3] + "-" + c["facilitator"][3:]).role == "facilitator"
    assert s.authenticate(c["projector"]).role == "projector"
    with pytest.raises(SessionError, match="does not open a seat"):
        s.authenticate("ABCDEF" if "ABCDEF" not in c.values() else "ZZZZZZ")
    with pytest.raises(SessionError, match="does not open"):
        s.authenticate("alpha")  # a team's name is never a way in


def test_only_the_facilitator_can_print_the_codes_again(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "c.sqlite", SCENARIO, TWO, seed=1)
    c = s.new_codes
    again = Session.open(tmp_path / "c.sqlite").codes(c["facilitator"])
    assert again == c
    for other in (c["projector"], c["teams"]["alpha"]):
        with pytest.raises(SessionError, match="facilitator"):
            s.codes(other)


def test_five_wrong_codes_in_a_row_slow_that_seat_down(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "c.sqlite", SCENARIO, TWO, seed=1)
    waits = []
    for _ in range(8):
        with pytest.raises(SessionError):
            s.authenticate("XXXXXX", "seat:1")
        waits.append(s.auth_wait("seat:1"))
    assert waits == [0, 0, 0, 0, 2, 4, 8, 16]
    assert s.auth_wait("seat:2") == 0  # another seat is not slowed by this one
    s.authenticate(s.new_codes["teams"]["alpha"], "seat:1")
    assert s.auth_wait("seat:1") == 0  # the right code resets the count


def test_sealed_codes_resist_a_wrong_key_and_tampering() -> None:
    box = seatcodes.seal({"facilitator": "AAAAAA", "teams": {"x": "BBBBBB"}}, "AAAAAA")
    assert seatcodes.unseal(box, "aaaaaa")["teams"] == {"x": "BBBBBB"}
    with pytest.raises(seatcodes.CodeError):
        seatcodes.unseal(box, "BBBBBB")
    with pytest.raises(seatcodes.CodeError):
        seatcodes.unseal(box.replace('"box": "', '"box": "00'), "AAAAAA")


def test_a_schema_1_session_is_migrated_and_gets_codes_on_request(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    s = Session.create(path, SCENARIO, TWO, seed=1)
    s.submit("alpha", [])
    s.submit("bravo", [])
    s.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("""
        DROP TABLE seats; DROP TABLE drafts; DROP TABLE auth_failures;
        CREATE TABLE t2 AS SELECT turn, orders, state_hash, resolved_at FROM turns;
        DROP TABLE turns; ALTER TABLE t2 RENAME TO turns;
        UPDATE meta SET value='1' WHERE key='schema';
    """)
    db.close()
    old = Session.open(path)
    assert old.game().turn == 2 and not old.has_codes()
    with pytest.raises(SessionError, match="no seat codes yet"):
        old.authenticate("ABCDEF")
    made = old.make_codes()
    assert old.authenticate(made["teams"]["bravo"]).actor == "corvania"
    with pytest.raises(SessionError, match="already"):
        old.make_codes()


def test_a_schema_2_file_missing_a_newer_table_gets_it_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    Session.create(path, SCENARIO, TWO, seed=1).close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE notes")
    db.close()
    s = Session.open(path)
    s.add_note("the table came back")
    assert [n["text"] for n in s.store.notes()] == ["the table came back"]
