"""`detente play FILE --watch`: a re-saved scenario rebuilds the game to the same turn.

The rebuild itself (same seed, same orders, what changed, where an order became
impossible) is tested on the engine; the app's handling of valid → broken → valid saves
is driven with Pilot, first by calling the save handler as the watcher thread does,
then once through a real watcher on a real file (bounded waits).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.scenario.loader import load_text
from game.tui.app import make_app
from game.tui.options import LaunchOptions
from game.tui.rebuild import rebuild

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "scenarios" / "strait_incident.toml").read_text(encoding="utf-8")
CLARIFY = Order("azuria", "clarify_intentions", "corvania", channel="military_attache")  # costs 2 with the attaché


def compiled(text: str):  # type: ignore[no-untyped-def]
    res = load_text(text, "<test>")
    assert res.resolved is not None and res.ok, [d.format() for d in res.diagnostics]
    return compile_scenario(res.resolved)


def played(cs, turns: int = 2) -> Game:  # type: ignore[no-untyped-def]
    g = Game.new(cs, 4)
    for _ in range(turns):
        g.play([CLARIFY])
    return g


def test_the_same_file_rebuilds_the_same_game() -> None:
    cs = compiled(TEXT)
    g = played(cs)
    r = rebuild(g, compiled(TEXT))
    assert r.turns_replayed == 2 and not r.stopped and r.game.hash() == g.hash()
    assert r.changes == ["the same game: nothing this file changed shows in the turns played so far"]


def test_an_inject_moved_to_another_turn_is_said_so() -> None:
    g = played(compiled(TEXT))
    moved = TEXT.replace("trigger = { turn = 1 }", "trigger = { turn = 2 }", 1)
    r = rebuild(g, compiled(moved))
    assert r.turns_replayed == 2
    assert "turn 1: ‘Families of missing sailors march in Port Corva’ no longer fires" in r.changes
    assert "turn 2: ‘Families of missing sailors march in Port Corva’ now fires" in r.changes


def test_a_recorded_order_made_impossible_stops_the_replay_there() -> None:
    g = played(compiled(TEXT))
    hotline = Order("azuria", "establish_hotline", "corvania", channel="teleconference")  # costs 2
    g = Game.new(compiled(TEXT), 4)
    g.play([hotline])
    poorer = TEXT.replace("budget = 3\nintel = 0.5", "budget = 1\nintel = 0.5", 1)  # Azuria's capital
    assert poorer != TEXT
    r = rebuild(g, compiled(poorer))
    assert r.turns_replayed == 0 and r.game.turn == 1
    assert r.stopped.startswith("turn 1: Azuria's ‘Establish a hotline’:") and "capital" in r.stopped, r.stopped


async def test_the_app_keeps_the_game_on_errors_and_rebuilds_on_a_valid_save(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(TEXT, encoding="utf-8")
    app = make_app(LaunchOptions(str(path), "azuria", 4))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.session is not None
        app.session.submit([CLARIFY])
        before = app.session.game.hash()
        path.write_text(TEXT.replace("turns = 8", "turns = eight", 1), encoding="utf-8")
        await asyncio.to_thread(app.scenario_saved, path)
        await pilot.pause()
        assert app.session.game.hash() == before and "errors" in app.sub_title  # the game is kept
        path.write_text(TEXT.replace("trigger = { turn = 1 }", "trigger = { turn = 2 }", 1), encoding="utf-8")
        await asyncio.to_thread(app.scenario_saved, path)
        await pilot.pause()
        assert app.last_rebuild is not None and app.last_rebuild.turns_replayed == 1
        assert app.session.game.turn == 2 and "rebuilt" in app.sub_title
        assert any("now fires" in c for c in app.last_rebuild.changes)


async def test_a_real_watcher_sees_the_saves(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(TEXT, encoding="utf-8")
    app = make_app(LaunchOptions(str(path), "azuria", 4, watch=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.5)  # the watcher starts listening (a wait, not an assertion on time)
        path.write_text(TEXT.replace("turns = 8", "turns = eight", 1), encoding="utf-8")
        for _ in range(100):  # bounded: 10 s
            if "errors" in app.sub_title:
                break
            await pilot.pause(0.1)
        assert "errors" in app.sub_title
        path.write_text(TEXT, encoding="utf-8")
        for _ in range(100):
            if "rebuilt" in app.sub_title:
                break
            await pilot.pause(0.1)
        assert "rebuilt" in app.sub_title and app.last_rebuild is not None
