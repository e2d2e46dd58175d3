"""The debrief screen: the after-action review in the game, the same as `detente report`.

A scripted game (the frozen Kessel Strait copy, Azuria played as a hawk, seed 2: a war
with thresholds crossed, broken doctrine and fired debrief points) is reviewed on screen
and exported; the screen, the exported Markdown and `detente report` on the game's
autosave must say the same things.
"""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from game.bots.beliefs import LastTurn
from game.bots.decide import decide
from game.cli import main as cli_main
from game.engine.compile import compile_scenario
from game.report.text import SECTIONS
from game.scenario.loader import load_or_raise
from game.tui import persistence
from game.tui.app import DetenteApp, make_app
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.end_game import EndGameScreen
from game.tui.session import Session

from .conftest import FIXTURES, settle

SCENARIO = FIXTURES / "strait_incident.toml"
BOT_RUNS = 20


def scripted_session(turns: int | None = None) -> Session:
    """Azuria played by the hawk policy, autosaved every turn as the orders screen does."""
    cs = compile_scenario(load_or_raise(str(SCENARIO)))
    s = Session.start(cs, seed=6)
    while not s.over and (turns is None or len(s.game.turns) < turns):
        last = LastTurn(cs, s.last_orders()) if s.game.turns else None
        s.submit(decide(cs, s.game.state, s.human, "hawk", s.game.seed, "normal", last_orders=last))
        assert persistence.autosave(s) == ""
    return s


def debrief_text(app: DetenteApp, width: int = 200) -> str:
    """Every section of the debrief as the terminal prints it, whitespace folded."""
    out = []
    for w in app.screen.query(".debrief-section"):
        assert isinstance(w, Static)
        console = Console(width=width, record=True, file=io.StringIO())
        console.print(w.content)
        out.append(console.export_text())
    return " ".join("\n".join(out).split())


def folded(text: str) -> str:
    return " ".join(text.replace("**", "").split())


async def open_debrief(pilot: Pilot[Any], app: DetenteApp, session: Session) -> DebriefScreen:
    app.start_game(session)
    await pilot.pause()
    await pilot.press("r" if session.over else "ctrl+p")
    if not session.over:
        await pilot.pause()
        await pilot.press(*"Debrief so far")
        await pilot.pause(0.3)
        await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DebriefScreen) and screen.aar is not None
    return screen


async def test_debrief_says_what_the_exported_report_and_detente_report_say(isolated: Path) -> None:
    session = scripted_session()
    assert session.over
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_debrief(pilot, app, session)
        aar = screen.aar
        assert aar is not None
        shown = debrief_text(app)
        await pilot.press("e")
        await pilot.pause()
        md_path, html_path = screen.exported
        assert md_path.parent == isolated / "saves" / "reports" and html_path.suffix == ".html"
        assert str(md_path) in str(screen.query_one("#debrief-note", Static).content)
        markdown = md_path.read_text(encoding="utf-8")
        assert html_path.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")

    # `detente report` on the autosave, with the same number of bot games, writes the same report
    saves, _ = persistence.list_saves()
    cli_md = isolated / "cli.md"
    assert cli_main(["report", saves[0].ref, "--bot-runs", str(BOT_RUNS), "-o", str(cli_md)]) == 0
    undated = re.compile(r" · played [^*]+|\| Date \| [^|]+\|")
    assert undated.sub("", cli_md.read_text(encoding="utf-8")) == undated.sub("", markdown)

    md = folded(markdown)
    # every section, in the report's order
    assert [t for _k, t in SECTIONS if t in shown] == [t for _k, t in SECTIONS]
    assert all(t in md for _k, t in SECTIONS)
    # the same band, and the same thresholds crossed
    assert f"Band: {aar.outcome.band}" in shown and f"Outcome: {aar.outcome.band}" in md
    assert aar.outcome.crossings
    for c in aar.outcome.crossings:
        assert f"Turn {c.turn}: {c.name} (rung {c.rung})" in shown and f"Turn {c.turn}: {c.name} (rung {c.rung})" in md
    # the same proposed rating for each learning objective
    assert {o.rating for o in aar.objectives} >= {"M", "U"}
    for o in aar.objectives:
        assert f"[{o.rating}] {o.rating_label} {o.text}" in shown
        assert f"| {o.text} | {o.status}" in md and f"{o.rating} {o.rating_label} | {o.rationale}" in md
    # the same debrief points fired, with the same hot-wash questions
    assert aar.debrief
    for d in aar.debrief:
        kind = "strength" if d.strength else "area for improvement"
        assert f"✎ {d.title} (turn {d.turn}, {kind})" in shown and f"{d.title} (turn {d.turn}, {kind})" in md
        for q in d.questions:
            assert f"? Ask: {q}" in shown and f"Ask: {q}" in md
    # the same turning points, with the same causes
    assert aar.turning_points
    for tp in aar.turning_points:
        assert f"⚑ {tp.summary}" in shown and f"### {tp.summary}" in markdown
        for ch in tp.causes:
            for x in ch.changes:
                assert f"→ {x}" in shown and f"→ {x}" in md
    # strengths, areas for improvement, signal-versus-deed gaps and the comparison with bots
    for x in aar.areas_for_improvement + aar.strengths:
        assert x in shown and x in md
    for g in aar.signal_gaps:
        assert g.note in shown and g.note in md
    assert aar.comparison.available and len(aar.comparison.policies) == 2
    for pc in aar.comparison.policies:
        assert f"{pc.stability_percentile:.0f}th percentile of {pc.runs} games by {pc.label}" in shown
        assert f"{pc.stability_percentile:.0f}th percentile of {pc.runs} games by {pc.label}" in md
    # doctrine honoured and broken, counted the same way
    assert any(p.broken for p in aar.doctrine)
    for p in aar.doctrine:
        assert f"{p.label} ✔ honoured {len(p.honoured)}×" in shown and f"✘ broken {len(p.broken)}×" in shown
        honoured = f"{len(p.honoured)}:" if p.honoured else "—"
        broken = f"{len(p.broken)}:" if p.broken else "—"
        assert re.search(rf"\| {re.escape(p.label)} \| {honoured}[^|]*\| {broken}", md)


async def test_debrief_so_far_from_the_command_palette_mid_game() -> None:
    session = scripted_session(turns=2)
    assert not session.over
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_debrief(pilot, app, session)
        shown = debrief_text(app)
        assert "(so far)" in shown and "In progress: 2 of" in shown
        assert "Debrief so far" in str(screen.query_one("#status", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
        assert not session.over and len(session.game.turns) == 2  # reviewing never touches the game


async def test_the_review_is_built_in_a_worker_behind_a_loading_indicator(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.report.aar as aar_module

    release = threading.Event()
    real = aar_module.build_aar

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(aar_module, "build_aar", slow_build)
    session = scripted_session(turns=1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(session)
        await pilot.pause()
        app.show_debrief()
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        assert screen.query_one("#debrief", VerticalScroll).loading
        assert "Building the after-action review" in str(screen.query_one("#debrief-note", Static).content)
        await pilot.press("e")  # the keyboard still answers while the review is built
        await pilot.pause()
        assert any("still being built" in str(n.message) for n in app._notifications)
        release.set()
        await settle(pilot)
        assert screen.aar is not None and not screen.query_one("#debrief", VerticalScroll).loading


async def test_sections_are_a_key_apart_and_the_end_screen_offers_the_debrief() -> None:
    session = scripted_session()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(session)
        await pilot.pause()
        assert isinstance(app.screen, EndGameScreen)
        assert "r: debrief" in str(app.screen.query_one("#objectives", Static).content)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        scroll = screen.query_one("#debrief", VerticalScroll)
        tops = screen.section_tops()
        assert scroll.scroll_y == 0
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert scroll.scroll_y == tops[2]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert scroll.scroll_y == tops[1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndGameScreen)


async def test_an_export_that_cannot_be_written_is_one_line_not_a_crash(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = isolated / "not-a-dir"
    blocker.write_text("a file where the saves directory should be")
    session = scripted_session(turns=1)
    monkeypatch.setenv("DETENTE_SAVE_DIR", str(blocker))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(session)
        await pilot.pause()
        app.show_debrief()
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen) and app.screen.exported == []
        assert any(n.title == "Export failed" for n in app._notifications)


async def test_what_if_from_the_debrief_branches_the_game(isolated: Path) -> None:
    from textual.widgets import Input, OptionList

    from game.tui.dialogs.advice import AdviceDialog
    from game.tui.dialogs.what_if import WhatIfDialog

    session = scripted_session()
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await open_debrief(pilot, app, session)
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WhatIfDialog)
        dialog.query_one(Input).value = "99"
        await pilot.press("enter")  # to the policies
        await pilot.pause()
        ol = dialog.query_one(OptionList)
        ol.highlighted = [o.id for o in ol.options].index("doctrine")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "the turn is from 1 to" in str(dialog.query_one("#dialog-error", Static).content)
        dialog.query_one(Input).value = "2"
        dialog.query_one(OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(50):
            if isinstance(app.screen, AdviceDialog):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, AdviceDialog)
        body = str(app.screen.body)
        assert "What if, from turn 2" in body and "Outcome as played:" in body
