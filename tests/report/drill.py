"""The scripted game the report tests check against: every fact below follows from the orders.

Turn 1  Blue signs the pact, promises peace in public, takes the first step.
Turn 2  Inject 'news'.  Red consults Blue by hotline (the only random draw in the game).
Turn 3  Blue tears up the pact: rung 2 -> 3, and breaks its public promise (signal vs deed).
Turn 4  Blue tears it up again: rung 3 -> 4, crossing 'Line in the sand'; Red's order is illegal.
Turn 5  Blue re-signs the pact.
Turn 6  Blue takes the last step.  The game ends (6 turns).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from game.engine.compile import CompiledScenario, compile_scenario
from game.engine.game import Game
from game.engine.rules import Order
from game.scenario.loader import load_file

FIXTURE = Path(__file__).parent / "fixtures" / "drill.toml"
SEED = 7

SCRIPT: list[list[Order]] = [
    [Order("blue", "sign_pact"), Order("blue", "say_peace"), Order("blue", "first_step")],
    [Order("red", "consult", "blue", channel="hotline")],
    [Order("blue", "tear_up")],
    [Order("blue", "tear_up"), Order("red", "sign_pact", "blue")],
    [Order("blue", "sign_pact")],
    [Order("blue", "last_step")],
]


@lru_cache(maxsize=1)
def compiled() -> CompiledScenario:
    res = load_file(str(FIXTURE))
    assert res.resolved is not None and res.ok, [d.format() for d in res.diagnostics]
    return compile_scenario(res.resolved)


def play(turns: int = len(SCRIPT), record: bool = True) -> Game:
    g = Game.new(compiled(), SEED)
    for orders in SCRIPT[:turns]:
        g.play(orders, record=record)
    return g
