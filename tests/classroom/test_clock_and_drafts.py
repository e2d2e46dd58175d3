"""The turn clock (time stamps passed in: no test waits on the wall clock) and drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.session import Credential, Session, SessionError, clock_text
from game.classroom.visibility import held_note
from game.engine.rules import Order

from .conftest import SCENARIO, TWO

CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")
T0 = 1_800_000_000.0


def clocked(tmp_path: Path, seconds: int = 300) -> Session:
    return Session.create(tmp_path / "clock.sqlite", SCENARIO, TWO, seed=2, turn_seconds=seconds)


def test_the_clock_starts_on_the_first_tick_and_closes_the_turn_at_its_deadline(tmp_path: Path) -> None:
    s = clocked(tmp_path)
    assert s.clock(T0).remaining is None  # no owner has ticked yet
    assert s.tick(T0) is False
    assert s.clock(T0 + 10).remaining == pytest.approx(290)
    assert clock_text(s.clock(T0 + 10)) == "clock 4:50 left"
    s.submit("alpha", [CONSULT])
    assert s.tick(T0 + 299.9) is False and s.game().turn == 1
    assert s.tick(T0 + 300) is True
    assert s.tick(T0 + 300.1) is False  # never twice
    assert s.game().turn == 2
    assert s.closing(1) == ("clock", ["corvania"])
    assert [o for o in s.store.turns()[0][1] if o["actor"] in ("azuria", "corvania")] == [CONSULT.to_json()]
    # bravo gave no orders: it is told why it held; alpha is told nothing
    assert held_note(s, Credential("team", "bravo", "corvania"), 1) == "You held turn 1 (time ran out)."
    assert held_note(s, Credential("team", "alpha", "azuria"), 1) == ""


def test_pause_stops_the_clock_and_resume_goes_on_from_there(tmp_path: Path) -> None:
    s = clocked(tmp_path, 120)
    s.tick(T0)
    s.set_status("paused", T0 + 100)
    c = s.clock(T0 + 5000)
    assert c.paused and c.remaining == pytest.approx(20)
    assert clock_text(c) == "clock paused (0:20 left)"
    assert s.tick(T0 + 5000) is False and s.game().turn == 1
    s.set_status("running", T0 + 6000)
    assert s.tick(T0 + 6019) is False
    assert s.tick(T0 + 6020) is True and s.game().turn == 2


def test_a_facilitator_closing_the_turn_is_said_so(tmp_path: Path) -> None:
    s = clocked(tmp_path, 0)
    s.resolve()
    assert held_note(s, Credential("team", "alpha", "azuria"), 1) == "You held turn 1 (the facilitator closed the turn)."
    assert not s.clock().on and s.tick() is False


def test_a_new_time_box_restarts_the_current_turn(tmp_path: Path) -> None:
    s = clocked(tmp_path, 600)
    s.tick(T0)
    s.set_clock(60, T0 + 100)
    assert s.clock(T0 + 100).remaining == pytest.approx(60)
    with pytest.raises(SessionError, match="0 \\(none\\)"):
        s.set_clock(-1)
    s.set_clock(0, T0 + 101)
    assert not s.clock(T0 + 102).on and s.tick(T0 + 10_000) is False


def test_the_clock_has_one_owner_until_it_stops_ticking(tmp_path: Path) -> None:
    s = clocked(tmp_path)
    other = Session.open(tmp_path / "clock.sqlite")
    assert s.claim_clock("server", T0)
    assert not other.claim_clock("console", T0 + 1)
    assert s.claim_clock("server", T0 + 4)
    assert other.claim_clock("console", T0 + 10)  # the server went quiet for longer than the lease
    assert not s.claim_clock("server", T0 + 11)


def test_a_leaving_owner_stops_the_clock_where_it_is(tmp_path: Path) -> None:
    s = clocked(tmp_path, 300)
    assert s.claim_clock("server", T0)
    s.tick(T0)
    s.release_clock("server", T0 + 100)
    assert s.tick(T0 + 10_000) is False  # restarts, does not resolve: nobody kept the time meanwhile
    assert s.clock(T0 + 10_000).remaining == pytest.approx(200)


def test_drafts_are_kept_per_team_and_turn(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "d.sqlite", SCENARIO, TWO, seed=2)
    s.save_draft("alpha", [CONSULT])
    other = Session.open(tmp_path / "d.sqlite")  # a second seat of team alpha
    assert other.draft("azuria") == [CONSULT]
    assert other.draft("corvania") is None
    with pytest.raises(SessionError, match="not corvania"):
        s.save_draft("bravo", [CONSULT])
    s.save_draft("alpha", [])
    assert other.draft("azuria") == []
    s.submit("alpha", [CONSULT])
    assert other.draft("azuria") == [CONSULT]  # what was sent is the draft too
    s.submit("bravo", [])
    assert other.draft("azuria") is None  # a new turn starts clean


def test_paused_sessions_refuse_orders_before_checking_them(tmp_path: Path) -> None:
    s = Session.create(tmp_path / "p.sqlite", SCENARIO, TWO, seed=2)
    s.set_status("paused")
    with pytest.raises(SessionError, match="paused"):
        s.submit("alpha", [Order("azuria", "no_such_move")])
