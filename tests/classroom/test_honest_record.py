"""The AAR of a classroom says who gave every order, when, and who held — from the record."""

from __future__ import annotations

from pathlib import Path

from game.classroom.record import export_save
from game.classroom.session import Session
from game.engine.rules import Order
from game.report.aar import build_aar
from game.report.markdown import render_markdown
from game.saves.store import SaveStore

from .conftest import SCENARIO, TWO

T0 = 1_800_000_000.0
CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")


def test_take_over_hold_by_time_out_and_bots_are_in_the_aar(tmp_path: Path) -> None:
    save_dir = tmp_path / "saves"
    s = Session.create(save_dir / "classroom" / "rec.sqlite", SCENARIO, TWO, seed=5, turn_seconds=60)
    # Turn 1: alpha in, bravo silent; the clock closes the turn.
    s.tick(T0)
    s.submit("alpha", [CONSULT])
    assert s.tick(T0 + 60)
    # Turn 2: the facilitator takes Corvania over and gives its orders; alpha holds; forced closed.
    s.set_controller("corvania", "facilitator")
    talk = Order("corvania", "consult", "azuria", channel="military_attache")
    s.submit_as_facilitator("corvania", [talk])
    s.resolve()
    path = export_save(s, save_dir)
    data = SaveStore(save_dir).load(path.stem)
    rec = data.settings["classroom_record"]
    assert rec["turns"]["1"]["closed_by"] == "clock" and rec["turns"]["1"]["held"] == ["corvania"]
    assert rec["turns"]["2"]["orders"]["corvania"]["by"] == "facilitator"
    aar = build_aar(data.restore(), teams=data.settings["teams"], bot_runs=0, record=rec,
                    humans=["azuria", "corvania"], policies=data.policies)
    t1, t2 = aar.timeline[0], aar.timeline[1]
    assert t1.closed == "the clock ran out" and t1.held == ["Corvania (team bravo): time ran out"]
    by = {d.actor: d.given_by for d in t1.decisions}
    assert by["azuria"] == "team alpha"
    assert by["lindmark"].startswith("the computer (")  # no team: a bot played it
    assert all(d.submitted_at for d in t1.decisions if d.actor == "azuria")
    assert t2.closed == "the facilitator closed the turn"
    assert t2.held == ["Azuria (team alpha): the facilitator closed the turn"]
    assert {d.actor: d.given_by for d in t2.decisions}["corvania"] == "the facilitator (take-over)"
    md = render_markdown(aar)
    assert "the facilitator (take-over)" in md and "Held — Corvania (team bravo): time ran out" in md
    assert "Turn closed: the clock ran out." in md
