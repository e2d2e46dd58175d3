"""The save directory: where it is, autosave rotation, named slots, listing, and no clobbering.

Two games running at once (two SaveStores on one directory, as two processes would
have) never overwrite each other's saves; a game resumed from an older save branches
instead of overwriting the autosaves of the line of play it left.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from save_helpers import STRAIT, compiled, play, random_orders, ticking_clock

from game.cli import main
from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.saves import SaveError, SaveMeta, SaveStore, load_save, resolve_dir, write_save
from game.saves import api as saves_api


def store_at(path: Path, keep: int = 3) -> SaveStore:
    return SaveStore(path, keep=keep, clock=ticking_clock())


def autosave_turns(store: SaveStore, game_id: str) -> list[int]:
    return [t for t, _ in store._autosaves(game_id)]


def test_directory_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_dir() == Path("saves")
    monkeypatch.setenv("DETENTE_SAVE_DIR", "/from/env")
    assert resolve_dir() == Path("/from/env")
    assert resolve_dir("/from/flag") == Path("/from/flag")
    assert SaveStore().dir == Path("/from/env")


def test_autosave_every_turn_keeps_the_last_n(tmp_path: Path, strait: CompiledScenario) -> None:
    import random

    store = store_at(tmp_path, keep=3)
    meta = SaveMeta(player="azuria")
    g = Game.new(strait, 4)
    rng = random.Random(4)
    paths = []
    while not g.over:
        g.play(random_orders(g, rng))
        paths.append(store.autosave(g, meta))
    assert autosave_turns(store, meta.game_id) == [len(g.turns) - 2, len(g.turns) - 1, len(g.turns)]
    assert all(p.parent == tmp_path / "auto" for p in paths)
    latest = store.latest()
    assert latest is not None and latest.path == paths[-1] and latest.over
    assert store.resume().game.hash() == g.hash()


def test_two_running_games_never_overwrite_each_other(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    a_store, b_store = store_at(tmp_path, keep=2), store_at(tmp_path, keep=2)
    a_meta, b_meta = SaveMeta(player="azuria"), SaveMeta(player="corvania")
    a, b = play(strait, 1, 1, 0), play(strait, 2, 2, 0)
    import random

    ra, rb = random.Random(1), random.Random(2)
    for _ in range(4):
        a.play(random_orders(a, ra))
        b.play(random_orders(b, rb))
        a_store.autosave(a, a_meta)
        b_store.autosave(b, b_meta)
        a_store.save(a, "my save", a_meta)
        b_store.save(b, "my save", b_meta)
    assert a_meta.game_id != b_meta.game_id
    assert (
        len(autosave_turns(a_store, a_meta.game_id)) == 2
        and len(autosave_turns(b_store, b_meta.game_id)) == 2
    )
    named = {p.name: load_save(p) for p in tmp_path.glob("*.json")}
    assert sorted(named) == ["my_save-2.json", "my_save.json"]
    assert {d.game_id for d in named.values()} == {a_meta.game_id, b_meta.game_id}
    for d in named.values():  # each slot holds its own game, at its latest turn
        game = a if d.game_id == a_meta.game_id else b
        assert d.restore().hash() == game.hash()


def test_resuming_an_older_save_branches_instead_of_overwriting(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    store = store_at(tmp_path, keep=10)
    meta = SaveMeta(player="azuria")
    g = play(strait, 8, 8, 0)
    import random

    rng = random.Random(8)
    for _ in range(5):
        g.play(random_orders(g, rng))
        store.autosave(g, meta)
    original = {p: p.read_bytes() for p in (tmp_path / "auto").iterdir()}
    # resume the turn-2 autosave and play on differently
    turn2 = next(p for p in original if p.name.endswith("t0002.json"))
    resumed = store.resume(str(turn2))
    assert resumed.meta.game_id == meta.game_id
    resumed.game.play([])
    store.autosave(resumed.game, resumed.meta)
    assert resumed.meta.game_id != meta.game_id  # branched
    assert {p: p.read_bytes() for p in original} == original  # nothing of the first line touched
    assert autosave_turns(store, resumed.meta.game_id) == [3]
    # the same save resumed by a second "process" branches again, away from both
    again = store.resume(str(turn2))
    again.game.play([])
    store.autosave(again.game, again.meta)
    assert again.meta.game_id not in (meta.game_id, resumed.meta.game_id)


def test_resuming_the_latest_save_continues_its_series(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    store = store_at(tmp_path, keep=10)
    meta = SaveMeta(player="azuria")
    g = play(strait, 8, 8, 2)
    store.autosave(g, meta)
    resumed = store.resume()
    resumed.game.play([])
    store.autosave(resumed.game, resumed.meta)
    assert resumed.meta.game_id == meta.game_id
    assert autosave_turns(store, meta.game_id) == [2, 3]


def test_named_save_slot_is_updated_by_its_own_game(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    store = store_at(tmp_path)
    meta = SaveMeta(player="azuria")
    g = play(strait, 1, 1, 1)
    p1 = store.save(g, "Slot", meta)
    g.play([])
    p2 = store.save(g, "Slot", meta)
    assert p1 == p2 == tmp_path / "Slot.json"
    data = load_save(p2)
    assert data.turns_played == 2 and data.name == "Slot" and data.kind == "manual"
    assert data.created < data.updated


def test_a_damaged_file_is_never_overwritten_by_a_named_save(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    (tmp_path / "slot.json").write_text("{ damaged", encoding="utf-8")
    p = store_at(tmp_path).save(play(strait, 1, 1, 1), "slot", SaveMeta())
    assert (
        p.name == "slot-2.json"
        and (tmp_path / "slot.json").read_text(encoding="utf-8") == "{ damaged"
    )


def test_find_by_name_path_or_listing_name(tmp_path: Path, strait: CompiledScenario) -> None:
    store = store_at(tmp_path)
    meta = SaveMeta()
    g = play(strait, 1, 1, 1)
    named = store.save(g, "Before summit", meta)
    auto = store.autosave(g, meta)
    assert store.find("Before summit") == named
    assert store.find("Before_summit") == named
    assert store.find("Before_summit.json") == named
    assert store.find(str(named)) == named
    assert store.find(f"auto/{auto.stem}") == auto
    assert store.find(auto.stem) == auto
    with pytest.raises(SaveError, match="no such save"):
        store.find("nope")


def test_listing_and_cli(
    tmp_path: Path, strait: CompiledScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    store = store_at(tmp_path)
    meta = SaveMeta(player="azuria")
    g = play(strait, 1, 1, 2)
    store.autosave(g, meta)
    store.save(g, "Before summit", meta)
    infos = store.list()
    assert [i.kind for i in infos] == ["manual", "autosave"]  # newest first
    assert infos[0].label.startswith(
        "“Before summit” · Collision in the Kessel Strait · azuria · turn 3 · "
    )
    assert main(["saves", "--save-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].split() == [
        "NAME",
        "SCENARIO",
        "ACTOR",
        "TURN",
        "SAVED",
        "OUTCOME",
        "SO",
        "FAR",
    ]
    assert "Before_summit" in out and "auto/strait_incident-" in out and "2 saves in" in err
    assert main(["saves", "--json", "--save-dir", str(tmp_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert (
        [r["name"] for r in rows][0] == "Before_summit"
        and rows[0]["actor"] == "azuria"
        and rows[0]["turn"] == 3
    )


def test_empty_and_missing_directories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        SaveStore(tmp_path / "none").list() == [] and SaveStore(tmp_path / "none").latest() is None
    )
    assert main(["saves", "--save-dir", str(tmp_path / "none")]) == 0
    assert "does not exist yet" in capsys.readouterr().err
    assert main(["resume", "--save-dir", str(tmp_path / "none")]) == 1
    assert "no saves to resume" in capsys.readouterr().err


def test_write_failures_are_one_line_and_keep_the_old_save(
    tmp_path: Path, strait: CompiledScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_at(tmp_path)
    meta = SaveMeta()
    g = play(strait, 1, 1, 1)
    p = store.save(g, "slot", meta)
    before = p.read_bytes()
    g.play([])

    def full(*_a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match="cannot save: no space left on device"):
        store.save(g, "slot", meta)
    with pytest.raises(SaveError, match="cannot autosave: no space left on device"):
        store.autosave(g, meta)
    monkeypatch.undo()
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["auto", "slot.json"]  # no temp files left
    assert list((tmp_path / "auto").iterdir()) == []


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_crash_at_each_step_of_a_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    from game.saves import atomic

    target = tmp_path / "x.json"
    atomic.write_atomic(target, b"old")

    def boom(*_a: object, **_k: object) -> None:
        raise OSError(errno.EIO, "simulated crash")

    if step == "write":
        monkeypatch.setattr(atomic.os, "fdopen", boom)
    else:
        monkeypatch.setattr(atomic.os, step, boom)
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_create_atomic_refuses_to_overwrite(tmp_path: Path) -> None:
    from game.saves import atomic

    target = tmp_path / "x.json"
    atomic.create_atomic(target, b"first")
    with pytest.raises(FileExistsError):
        atomic.create_atomic(target, b"second")
    assert target.read_bytes() == b"first" and [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_sweep_removes_only_old_temp_files(tmp_path: Path) -> None:
    from game.saves.atomic import sweep_temp

    old, fresh, save = tmp_path / ".a.json.x1.tmp", tmp_path / ".b.json.x2.tmp", tmp_path / "c.json"
    for p in (old, fresh, save):
        p.write_bytes(b"x")
    os.utime(old, (1, 1))
    assert sweep_temp(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b.json.x2.tmp", "c.json"]


def test_write_save_creates_directories_and_reports_failures(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    g = play(strait, 1, 1, 1)
    p = write_save(tmp_path / "deep" / "er" / "g.json", g, SaveMeta())
    assert load_save(p).restore().hash() == g.hash()
    (tmp_path / "file").write_text("x")
    with pytest.raises(SaveError, match="cannot write save"):
        write_save(tmp_path / "file" / "g.json", g, SaveMeta())


def test_scenario_file_changed_on_disk_still_loads_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.engine.compile import compile_scenario
    from game.scenario.loader import load_file

    scenario = tmp_path / "s.toml"
    shutil.copy(STRAIT, scenario)
    res = load_file(scenario)
    assert res.resolved is not None
    cs = compile_scenario(res.resolved)
    g = play(cs, 3, 3, 3)
    p = write_save(tmp_path / "g.json", g, SaveMeta())
    assert load_save(p).notes == []
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("turns = 8", "turns = 9", 1), encoding="utf-8")
    data = load_save(p)
    assert len(data.notes) == 1 and "has changed since this game was saved" in data.notes[0]
    assert data.restore().hash() == g.hash()  # its own copy
    assert main(["replay", str(p)]) == 0
    out, err = capsys.readouterr()
    assert "every state hash matches" in out and "using the copy embedded in the save" in err
    # the author's edited version can be replayed against the recorded orders too
    code = main(["replay", str(p), "--scenario", str(scenario)])
    assert code in (0, 1) and "on " + str(scenario) in capsys.readouterr().out
    scenario.unlink()
    assert load_save(p).notes == []  # a missing file is not news: the save carries its scenario


def test_replay_against_a_scenario_with_different_rules_names_the_turn(
    tmp_path: Path, strait: CompiledScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    g = play(strait, 3, 3, 3)
    p = write_save(tmp_path / "g.json", g, SaveMeta())
    text = strait.source_text
    assert "\nmisinformation = 25\n" in text
    edited = tmp_path / "edited.toml"
    edited.write_text(
        text.replace("\nmisinformation = 25\n", "\nmisinformation = 77\n", 1), encoding="utf-8"
    )
    assert main(["replay", str(p), "--scenario", str(edited), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["identical"] is False and out["diverged_at"] == 0
    assert main(["replay", str(p), "--scenario", str(tmp_path / "missing.toml")]) == 1
    assert "cannot read scenario" in capsys.readouterr().err


def test_module_level_api_for_shells_holding_only_a_game(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    g = play(strait, 6, 6, 1)
    p1 = saves_api.autosave(g, actor="azuria", difficulty="hard", save_dir=tmp_path)
    g.play([])
    p2 = saves_api.autosave(g, actor="azuria", difficulty="hard", save_dir=tmp_path)
    assert load_save(p1).game_id == load_save(p2).game_id  # one game, one id
    named = saves_api.save(g, "mine", save_dir=tmp_path)
    entries = saves_api.list_saves(save_dir=tmp_path)
    assert {e.ref for e in entries} == {str(p1), str(p2), str(named)} and all(
        e.label for e in entries
    )
    resumed = saves_api.load("mine", save_dir=tmp_path)
    assert (resumed.actor, resumed.difficulty) == ("azuria", "hard")
    assert resumed.game.hash() == g.hash()
    resumed.game.play([])
    p3 = saves_api.autosave(resumed.game, save_dir=tmp_path)
    assert load_save(p3).game_id == load_save(p2).game_id  # the resumed game continues its series


def test_compiled_scenario_carries_its_text(strait: CompiledScenario) -> None:
    assert strait.source_text == STRAIT.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert compiled(str(STRAIT)).source_file == str(STRAIT)


def test_resume_opens_the_save_in_the_game_screen(
    tmp_path: Path,
    strait: CompiledScenario,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from game.commands import resume as resume_cmd

    assert resume_cmd._tui_resume_supported(), "the game screen must take LaunchOptions(resume=...)"
    import game.tui.app as tui_app

    opened: list[object] = []

    def fake_run(options: object) -> int:
        opened.append(options)
        return 0

    monkeypatch.setattr(tui_app, "run", fake_run)
    monkeypatch.setenv("DETENTE_SAVE_DIR", "elsewhere")  # restored after the test
    store = store_at(tmp_path)
    p = store.save(play(strait, 1, 1, 2), "mine", SaveMeta(player="azuria"))
    assert main(["resume", "--save-dir", str(tmp_path)]) == 0
    assert [getattr(o, "resume", None) for o in opened] == [str(p)]
    assert os.environ["DETENTE_SAVE_DIR"] == str(tmp_path)  # the resumed game autosaves beside it
    out = capsys.readouterr().out
    assert "strait_incident" in out and "as azuria, turn 3 of 8" in out
