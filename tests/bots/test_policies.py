"""Bot policies: pure, reproducible, legal, fog-of-war honest, and in character."""

from __future__ import annotations

import pytest

from game.bots import POLICIES, decide
from game.bots.beliefs import Beliefs
from game.bots.playtest import play_game
from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order, check
from game.engine.state import ACTOR_METRICS
from game.engine.views import picture


def test_policies_are_the_documented_six() -> None:
    assert POLICIES == ("random", "hawk", "dove", "tit_for_tat", "opportunist", "doctrine")


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_decide_is_reproducible_legal_and_leaves_the_game_generator_alone(
    strait: CompiledScenario, policy: str, difficulty: str
) -> None:
    g = Game.new(strait, 11)
    before = g.rng.getstate()
    for actor in strait.actor_ids():
        a = decide(strait, g.state, actor, policy, 11, difficulty)
        b = decide(strait, g.state, actor, policy, 11, difficulty)
        assert a == b
        i = strait.actor_index[actor]
        spent = 0
        for o in a:
            m = strait.moves[strait.move_index[o.move]]
            j = strait.actor_index.get(o.target, -1) if o.target else -1
            k = strait.actor_index.get(o.second, -1) if o.second else -1
            c = strait.channel_index.get(o.channel, -1) if o.channel else -1
            assert check(strait, g.state, i, m, j, k, c, g.state.budget_left[i] - spent) == ""
            spent += m.cost + (strait.channels[c].cost if c >= 0 else 0)
        assert spent <= g.state.budget_left[i]
    assert g.rng.getstate() == before
    events = g.play([o for a in strait.actor_ids() for o in decide(strait, g.state, a, policy, 11, difficulty)])
    assert not [e for e in events if e.kind == "reject"]


def test_bots_spend_their_budget_on_several_orders(strait: CompiledScenario) -> None:
    g = Game.new(strait, 3)
    orders = decide(strait, g.state, "azuria", "doctrine", 3)
    assert len(orders) >= 2


def test_bad_arguments_are_clear_errors(strait: CompiledScenario) -> None:
    g = Game.new(strait, 1)
    with pytest.raises(ValueError, match="unknown policy"):
        decide(strait, g.state, "azuria", "pacifist", 1)
    with pytest.raises(ValueError, match="unknown difficulty"):
        decide(strait, g.state, "azuria", "dove", 1, "nightmare")
    with pytest.raises(ValueError, match="unknown actor"):
        decide(strait, g.state, "atlantis", "dove", 1)


def test_beliefs_match_the_intelligence_picture(strait: CompiledScenario) -> None:
    g = Game.new(strait, 8)
    g.play([])
    for observer in strait.actor_ids():
        i = strait.actor_index[observer]
        b = Beliefs(strait, g.state, i, g.seed, None)
        pic = picture(strait, g.state, observer, g.seed)
        for a in strait.actors:
            for mi, metric in enumerate(ACTOR_METRICS):
                assert b.estimate(a.idx, mi) == pic.actors[a.id][metric].value
        for p, name in enumerate(strait.pair_names):
            assert b.pair_tension(p) == pytest.approx(pic.pairs[name]["tension"].value, abs=0.051)


def _hostile_share(cs: CompiledScenario, policy: str, seeds: range) -> tuple[float, float]:
    """Share of hostile orders, and mean highest rung, over games played by one policy."""
    hostile = total = 0
    rungs = 0
    for seed in seeds:
        g = Game.new(cs, seed)
        last: list[Order] | None = None
        while not g.over:
            orders = [o for a in cs.actor_ids() for o in decide(cs, g.state, a, policy, seed, last_orders=last)]
            for o in orders:
                m = cs.moves[cs.move_index[o.move]]
                total += 1
                hostile += (m.goldstein or 0.0) < 0 or m.rung > 0
            g.play(orders, record=False)
            last = orders
        rungs += g.state.max_rung
    return hostile / max(1, total), rungs / len(seeds)


def test_a_hawk_escalates_more_than_a_dove(strait: CompiledScenario) -> None:
    hawk_share, hawk_rung = _hostile_share(strait, "hawk", range(12))
    dove_share, dove_rung = _hostile_share(strait, "dove", range(12))
    assert hawk_share > 0.5 > 0.05 > dove_share
    assert hawk_rung > dove_rung + 3


def test_doctrine_opens_a_hotline_and_keeps_the_peace(strait: CompiledScenario) -> None:
    hot = strait.channel_index["hotline"]
    p = strait.pair[strait.actor_index["azuria"]][strait.actor_index["corvania"]]
    opened = calm = 0
    for seed in range(10):
        g = play_game(strait, seed, ["doctrine"] * len(strait.actors))
        opened += bool(g.state.open[p] & (1 << hot))
        calm += g.state.max_rung < 9
    assert opened >= 7 and calm == 10


def _tft_reply(cs: CompiledScenario, last: list[Order]) -> list[Order]:
    g = Game.new(cs, 4)
    g.play(last, record=False)
    return decide(cs, g.state, "blue", "tit_for_tat", 4, "hard", last_orders=last)


def _hostile(cs: CompiledScenario, orders: list[Order]) -> list[bool]:
    return [(cs.moves[cs.move_index[o.move]].goldstein or 0.0) < 0 or cs.moves[cs.move_index[o.move]].rung > 0
            for o in orders]


def test_tit_for_tat_answers_hostility_in_kind(dead: CompiledScenario) -> None:
    reply = _tft_reply(dead, [Order("red", "show_of_force", "blue")])
    assert reply and reply[0] == Order("blue", "show_of_force", "red")
    assert all(_hostile(dead, reply))


def test_tit_for_tat_answers_cooperation_in_kind(dead: CompiledScenario) -> None:
    reply = _tft_reply(dead, [Order("red", "consult", "blue", channel="military_attache")])
    assert reply and reply[0].move == "consult" and reply[0].target == "red"
    assert not any(_hostile(dead, reply))


def test_tit_for_tat_ignores_what_it_could_not_see(strait: CompiledScenario) -> None:
    # A private warning from Azuria to Lindmark (attaché channel) is not seen by Corvania.
    last = [Order("azuria", "issue_warning", "lindmark", channel="military_attache")]
    g = Game.new(strait, 2)
    b = Beliefs(strait, g.state, strait.actor_index["corvania"], 2, last)
    assert b.reciprocity()[0] == "none"
    b = Beliefs(strait, g.state, strait.actor_index["lindmark"], 2, last)
    assert b.reciprocity()[0] == "hostile"


def test_tit_for_tat_mirrors_over_whole_games(dead: CompiledScenario) -> None:
    """Against a hawk it turns hostile; against a dove it stays friendly."""
    def share(opponent: str) -> float:
        hostile = total = 0
        for seed in range(15):
            g = play_game(dead, seed, ["tit_for_tat", opponent])
            mv = g.state.move_total
            for m in dead.moves:
                total += mv[m.idx] if m.id != "medical_aid" else 0
            hostile += sum(mv[m.idx] for m in dead.moves if (m.goldstein or 0) < 0 or m.rung > 0)
        return hostile / max(1, total)

    # counts include the opponent's moves: compare the two worlds
    assert share("hawk") > share("dove") + 0.3


def test_difficulty_changes_behaviour_not_rules(strait: CompiledScenario) -> None:
    """Easy bots blunder out of character and leave capital unspent; hard ones never blunder."""
    g = Game.new(strait, 9)
    easy = [decide(strait, g.state, "azuria", "dove", s, "easy") for s in range(60)]
    hard = [decide(strait, g.state, "azuria", "dove", s, "hard") for s in range(60)]
    assert max(len(o) for o in easy) <= 2
    assert any(any(_hostile(strait, o)) for o in easy)
    assert not any(any(_hostile(strait, o)) for o in hard)


def test_an_opportunist_never_preys_on_an_ally() -> None:
    """alliance_cyber: Velsia (opportunist) once ran a cyber operation on its own ally."""
    from pathlib import Path

    from game.bots.playtest import policy_source
    from game.engine.compile import compile_scenario
    from game.engine.game import Game
    from game.scenario.loader import load_file

    cs = compile_scenario(load_file(Path(__file__).resolve().parents[2] / "scenarios" / "alliance_cyber.toml").resolved)
    allied = [(i, j) for i in range(cs.n) for j in cs.allies[i]]
    assert allied, "the scenario has alliances"
    checked = 0
    src = policy_source("opportunist")
    for seed in range(40):
        g = Game.new(cs, seed)
        while not g.over:
            for i in range(cs.n):
                b = Beliefs(cs, g.state, i, seed, None)
                prey = b.prey()
                assert prey < 0 or prey not in cs.allies[i]
                checked += prey >= 0
            orders = [o for a in cs.actor_ids() for o in src(g, a)]
            g.play(orders)
    assert checked > 0, "some actor found prey"
