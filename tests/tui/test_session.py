"""The non-visual parts of the TUI: session, preview, scenario discovery, saves seam, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.engine.compile import CompiledScenario
from game.tui import persistence
from game.tui.preview import preview
from game.tui.scenarios import (
    ScenarioLoadError,
    compile_path,
    read_card,
    resolve_path,
    tutorial_card,
)
from game.tui.session import Session, SessionError

from .conftest import STRAIT


@pytest.fixture(scope="module")
def cs() -> CompiledScenario:
    return compile_path(STRAIT)


def test_session_starts_as_the_authors_human_actor(cs: CompiledScenario) -> None:
    s = Session.start(cs, seed=1)
    assert s.human == "azuria" and s.turn == 1 and not s.over
    with pytest.raises(SessionError, match="no actor 'atlantis'"):
        Session.start(cs, "atlantis", seed=1)
    with pytest.raises(SessionError, match="unknown difficulty"):
        Session.start(cs, seed=1, difficulty="nightmare")


def test_queued_orders_spend_capital_and_block_duplicates(cs: CompiledScenario) -> None:
    from game.engine.rules import Order

    s = Session.start(cs, seed=1)
    first = next(o for o in s.options() if o.legal and o.move == "consult")
    queued = [Order("azuria", first.move, first.target, first.second, first.channel)]
    after = s.options(queued)
    same = [o for o in after if (o.move, o.target) == (first.move, first.target)]
    assert same and all(not o.legal for o in same)
    assert any(o.reason == "already in your orders this turn" for o in same)
    left = s.budget() - s.order_cost(queued[0])
    assert all(o.cost <= left for o in after if o.legal)


def test_orders_for_another_actor_are_refused(cs: CompiledScenario) -> None:
    from game.engine.rules import Order

    s = Session.start(cs, seed=1)
    with pytest.raises(SessionError, match="cannot come from"):
        s.submit([Order("corvania", "consult", "azuria", channel="military_attache")])


def test_computer_actors_hold_without_bots(cs: CompiledScenario, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.tui.session as session_module

    monkeypatch.setattr(session_module, "bots_available", lambda: False)
    s = Session.start(cs, seed=1)
    assert s.computer_orders() == []


def test_a_broken_bot_package_never_ends_the_game(cs: CompiledScenario, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.tui.session as session_module

    monkeypatch.setattr(session_module, "bots_available", lambda: True)

    def boom(name: str) -> object:
        raise SyntaxError("half-written file")

    monkeypatch.setattr(session_module.importlib, "import_module", boom)
    s = Session.start(cs, seed=1)
    s.submit([])
    assert s.turn == 2 and s.notes and "hold" in s.notes[0]


def test_turn_log_shows_only_what_the_player_may_see(cs: CompiledScenario) -> None:
    s = Session.start(cs, seed=5)
    s.submit([])
    log = s.turn_log(1)
    assert log and all(e.turn == 1 for e in log)
    assert all(e.seen_by is None or "azuria" in e.seen_by for e in log)


def test_tutorial_notes_follow_the_turn(cs: CompiledScenario) -> None:
    s = Session.start(cs, seed=1, tutorial=True)
    assert any("briefing" in n for n in s.tutorial_notes())
    s.submit([])
    assert any("hotline" in n for n in s.tutorial_notes())


def test_preview_measures_effects_without_touching_the_game(cs: CompiledScenario) -> None:
    from game.engine.state import state_hash

    s = Session.start(cs, seed=9)
    before_rng, before_hash = s.game.rng.getstate(), state_hash(s.game.state)
    option = next(o for o in s.options() if o.legal and o.move == "show_of_force")
    p = preview(s.game, "azuria", option)
    assert s.game.rng.getstate() == before_rng and state_hash(s.game.state) == before_hash
    metrics = {e.metric for e in p.effects}
    assert "tension" in metrics
    assert all(e.low <= e.mean <= e.high for e in p.effects)


def test_scenario_cards_and_paths(tmp_path: Path) -> None:
    card = read_card(STRAIT)
    assert card.ok and card.default_actor() == "azuria" and card.turns == 8
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n[scenario\n", encoding="utf-8")
    broken = read_card(bad)
    assert not broken.ok and "bad.toml:" in broken.error and "\n" not in broken.error
    assert tutorial_card([broken, card]) == card
    with pytest.raises(ScenarioLoadError, match="no such scenario"):
        resolve_path("nowhere_at_all", tmp_path)
    with pytest.raises(ScenarioLoadError, match="bad.toml"):
        compile_path(bad)


def test_saves_seam_round_trip(cs: CompiledScenario) -> None:
    s = Session.start(cs, seed=4, difficulty="hard")
    s.submit([])
    assert persistence.autosave(s) == ""
    ok, message = persistence.save(s, "before the summit")
    assert ok, message
    entries, _ = persistence.list_saves()
    assert entries
    resumed, _notes = persistence.load(entries[0].ref)
    assert resumed is not None
    assert (resumed.human, resumed.difficulty, resumed.turn) == ("azuria", "hard", 2)
    assert resumed.game.hash() == s.game.hash()


def test_cli_play_refuses_bad_input_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "no_such_scenario"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such scenario" in err
    assert main(["play", str(STRAIT), "--as", "atlantis"]) == 1
    err = capsys.readouterr().err
    assert "atlantis" in err and "Traceback" not in err


async def test_manual_save_from_the_game_screen() -> None:
    from .conftest import game_app, settle

    app = game_app(seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"drill one", "enter")
        await pilot.pause()
    entries, _ = persistence.list_saves()
    assert any("drill one" in e.label for e in entries)
