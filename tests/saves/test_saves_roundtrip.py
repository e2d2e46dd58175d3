"""Save -> load -> restore gives the very same game, and it continues identically.

Property tests over generated games (random scenario from scenarios/, random seeds, random
legal orders, saved after a random number of turns): the restored game has the same
state hash, the same per-turn record and the same generator state, and playing the
same further orders on both gives the same hash at every turn.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from save_helpers import SCENARIOS, STRAIT, compiled, continue_random, continue_with, play

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.saves import FORMAT_VERSION, SaveData, SaveMeta, load_save, parse_save, write_save
from game.saves.format import encode, to_bytes

NOW = "2030-01-01T00:00:00.000000Z"


def roundtrip(g: Game, meta: SaveMeta | None = None) -> SaveData:
    return parse_save(
        to_bytes(encode(g, meta or SaveMeta(player="azuria"), "manual", NOW)), "<memory>"
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from([str(p) for p in SCENARIOS]),
    seed=st.integers(0, 2**32 - 1),
    order_seed=st.integers(0, 2**32 - 1),
    turns=st.integers(0, 9),
    later=st.integers(0, 2**32 - 1),
)
def test_save_load_restore_is_the_same_game_and_continues_identically(
    path: str, seed: int, order_seed: int, turns: int, later: int
) -> None:
    cs = compiled(path)
    g = play(cs, seed, order_seed, turns)
    data = roundtrip(g)
    assert data.seed == seed and data.turns_played == len(g.turns)
    r = data.restore()
    assert r.hash() == g.hash()
    assert [(t.turn, t.orders, t.state_hash) for t in r.turns] == [
        (t.turn, t.orders, t.state_hash) for t in g.turns
    ]
    assert r.rng.getstate() == g.rng.getstate()
    assert r.events() == g.events()
    plan, hashes = continue_random(g, later)
    assert continue_with(r, plan) == hashes
    assert r.hash() == g.hash() and r.over == g.over


def test_file_round_trip_and_resave_is_stable(tmp_path: Path, strait: CompiledScenario) -> None:
    g = play(strait, 3, 4, 5)
    meta = SaveMeta(player="azuria", policies={"corvania": "hawk"}, settings={"difficulty": "hard"})
    p = write_save(tmp_path / "a.json", g, meta, now=NOW)
    data = load_save(p)
    assert (data.player, data.policies, data.settings) == (
        "azuria",
        {"corvania": "hawk"},
        {"difficulty": "hard"},
    )
    assert (data.created, data.updated, data.kind, data.version) == (
        NOW,
        NOW,
        "headless",
        FORMAT_VERSION,
    )
    assert data.summary is not None and data.summary.turn == g.turn
    # the resumed game saved again keeps its id and creation time
    r = data.restore()
    again = load_save(
        write_save(tmp_path / "b.json", r, data.meta(), now="2030-01-02T00:00:00.000000Z")
    )
    assert (again.game_id, again.created, again.updated) == (
        data.game_id,
        NOW,
        "2030-01-02T00:00:00.000000Z",
    )
    assert again.scenario_file == data.scenario_file == str(STRAIT)
    assert [t.state_hash for t in again.turns] == [t.state_hash for t in data.turns]


def test_the_file_is_inspectable_json_with_the_documented_fields(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    g = play(strait, 1, 2, 3)
    p = write_save(tmp_path / "a.json", g, SaveMeta(player="azuria"), now=NOW)
    raw = p.read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert list(doc) == [
        "format", "version", "checksum", "game", "scenario", "seed", "player", "policies", "settings",
        "start_hash", "turns", "interventions", "final_hash", "summary",
    ]  # fmt: skip
    assert doc["format"] == "detente-save" and doc["version"] == FORMAT_VERSION
    assert "\n".join(doc["scenario"]["text"]) == strait.source_text
    assert (
        doc["scenario"]["text"][0] in raw.splitlines()[20:40] or '"text": [' in raw
    )  # one line per line
    assert doc["interventions"] == []
    assert [t["turn"] for t in doc["turns"]] == [1, 2, 3]
    assert doc["turns"][0]["orders"] == [o.to_json() for o in g.turns[0].orders]
    # re-indenting a save does not break it: the checksum covers values, not layout
    p.write_text(json.dumps(doc, indent=4, sort_keys=True), encoding="utf-8")
    assert load_save(p).restore().hash() == g.hash()


def test_fast_path_games_save_with_their_hashes(strait: CompiledScenario) -> None:
    from game.engine.game import Game

    slow = play(strait, 9, 9, 4)
    fast = Game.new(strait, 9)
    for t in slow.turns:
        fast.play(t.orders, record=False)
    data = roundtrip(fast)
    assert [t.state_hash for t in data.turns] == [t.state_hash for t in slow.turns]
    assert data.restore().hash() == slow.hash()


def test_a_finished_game_round_trips(strait: CompiledScenario) -> None:
    g = play(strait, 5, 6)
    assert g.over
    data = roundtrip(g)
    assert data.summary is not None and data.summary.over
    assert data.restore().over


def test_orders_round_trip_exactly_including_rejected_ones(strait: CompiledScenario) -> None:
    from game.engine.game import Game
    from game.engine.rules import Order

    g = Game.new(strait, 1)
    weird = [
        Order("nobody", "x"),
        Order("azuria", "consult", "azuria", "", "hotline"),
        Order("azuria", "hold"),
    ]
    g.play(weird)
    data = roundtrip(g)
    assert data.orders() == [weird]
    assert data.restore().hash() == g.hash()


def test_random_order_seeds_cover_every_scenario() -> None:
    assert SCENARIOS, "no scenarios shipped?"
    rng = random.Random(0)
    for path in SCENARIOS:
        g = play(compiled(str(path)), rng.randrange(1000), rng.randrange(1000))
        assert roundtrip(g).restore().hash() == g.hash()


def test_facilitator_interventions_are_saved_and_replayed(
    tmp_path: Path, strait: CompiledScenario
) -> None:
    g = play(strait, 21, 22, 2)
    g.intervene(
        "set_metric",
        "white cell calms the strait",
        metric="tension",
        scope="azuria~corvania",
        value=10,
    )
    g.intervene("adhoc_inject", "a storm", title="Storm warning")
    g.play([])
    g.intervene("extend", "the class wants more time", turns=2)
    g.intervene("end", "out of time")  # after the last turn: checked by final_hash
    p = write_save(tmp_path / "class.json", g, SaveMeta(), now=NOW)
    doc = json.loads(p.read_text(encoding="utf-8"))
    assert [iv["kind"] for iv in doc["interventions"]] == [
        "set_metric",
        "adhoc_inject",
        "extend",
        "end",
    ]
    assert doc["interventions"][0] == {
        "turn": 3,
        "kind": "set_metric",
        "reason": "white cell calms the strait",
        "payload": {"metric": "tension", "scope": "azuria~corvania", "value": 10},
    }
    assert doc["start_hash"] is None  # an extension changed the scenario: no opening hash
    data = load_save(p)
    r = data.restore()
    assert r.hash() == g.hash() and r.over and r.cs.turns == strait.turns + 2
    assert [iv.to_json() for iv in r.interventions] == doc["interventions"]
    assert r.events() == g.events()
    # a tampered intervention is caught where it takes effect
    doc["interventions"][0]["payload"]["value"] = 90
    from game.saves.format import checksum, to_bytes

    doc["checksum"] = checksum(doc)
    p.write_bytes(to_bytes(doc))
    check = load_save(p).check()
    assert not check.ok and check.diverged_at == 3
    doc["interventions"][0]["payload"]["value"] = 10
    doc["interventions"][3]["reason"] = "   "  # the engine refuses an override without a reason
    doc["checksum"] = checksum(doc)
    p.write_bytes(to_bytes(doc))
    check = load_save(p).check()
    assert not check.ok and "cannot be applied" in check.describe()
