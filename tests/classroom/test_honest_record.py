"""The AAR of a classroom says who gave every order, when, and who held — from the record."""

from __future__ import annotations

from pathlib import Path

from game.classroom.record import export_save
from game.classroom.session import Session
from game.engine.rules import Order
from game.report.aar import build_aar
from game.report.markdown import render_markdown
from game.saves.store import SaveStore

from .conftest import SCENARIO, TWO, save_dir

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
    assert by["azuria"].startswith("team alpha, in at ") and by["azuria"].endswith(" UTC")
    assert by["lindmark"].startswith("the computer (")  # no team: a bot played it
    assert all(d.submitted_at for d in t1.decisions if d.actor == "azuria")
    assert t2.closed == "the facilitator closed the turn"
    assert t2.held == ["Azuria (team alpha): the facilitator closed the turn"]
    assert {d.actor: d.given_by for d in t2.decisions}["corvania"].startswith("the facilitator (take-over), in at ")
    bravo = next(t for t in aar.teams if t.actor == "corvania")
    assert any("given by the facilitator during a take-over (not counted above)" in x for x in bravo.channels)
    md = render_markdown(aar)
    assert "the facilitator (take-over)" in md and "Held — Corvania (team bravo): time ran out" in md
    assert "Turn closed: the clock ran out." in md


async def test_evaluator_notes_from_the_console_reach_the_aar(session_path: Path) -> None:
    from .test_classroom_tui import app_for, pick, settle, type_code

    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pick(pilot, "alpha")
        await pick(pilot, "az_no_war")
        await type_code(pilot, "Consulted the ally before acting")
        await pilot.press("4")
        await settle(pilot)
        from .conftest import screen_text

        assert "Consulted the ally before acting" in screen_text(app.screen)
    s = Session.open(session_path)
    notes = s.store.notes()
    assert [(n["turn"], n["team"], n["objective"], n["text"]) for n in notes] == [
        (1, "alpha", "az_no_war", "Consulted the ally before acting")]
    s.add_note("The room argued about the video", turn=1)
    s.submit("alpha", [CONSULT])
    s.submit("bravo", [])
    data = SaveStore(save_dir()).load(export_save(s, save_dir()).stem)
    rec = data.settings["classroom_record"]
    aar = build_aar(data.restore(), teams=data.settings["teams"], bot_runs=0, record=rec)
    assert [n.text for n in aar.evaluator_notes] == ["Consulted the ally before acting", "The room argued about the video"]
    assert aar.evaluator_notes[0].actor_name == "Azuria" and aar.evaluator_notes[0].objective_text
    assert any("Evaluator (team alpha, Azuria" in x and "Consulted the ally" in x for x in aar.timeline[0].notes)
    md = render_markdown(aar)
    assert "## Evaluator notes (white cell)" in md and "The room argued about the video" in md


def test_notes_are_checked_and_the_facilitators_only(tmp_path: Path) -> None:
    import pytest

    from game.classroom.session import Credential, SessionError
    from game.classroom.visibility import evaluator_notes

    s = Session.create(tmp_path / "n.sqlite", SCENARIO, TWO, seed=1)
    with pytest.raises(SessionError, match="needs some text"):
        s.add_note("   ")
    with pytest.raises(SessionError, match="not an objective"):
        s.add_note("x", "alpha", "no_such_objective")
    with pytest.raises(SessionError, match="give the team"):
        s.add_note("x", objective="anything")
    with pytest.raises(SessionError, match="not a turn"):
        s.add_note("x", turn=99)
    s.add_note("seen")
    assert evaluator_notes(s, Credential("team", "alpha", "azuria")) == []
    assert evaluator_notes(s, Credential("projector")) == []
    assert [n["text"] for n in evaluator_notes(s, Credential("facilitator"))] == ["seen"]
