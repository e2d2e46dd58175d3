"""Hash regression: fixed (scenario, seed, orders) -> state hash and event-log digest.

Recorded before the hot path was optimised; an optimisation must leave every one of
these unchanged.  Re-recorded once since, deliberately: a chance-triggered inject's draw
became a 'roll' event (every draw is an event), which shifts sequence numbers, and a rung
change with a private cause no longer names it in public.  A deliberate change to the rules (or to the stock catalogue, or to the
generator in engine_gen.py) changes them: run `python tests/engine/test_engine_golden.py`
to print the new table, check the change was meant, and paste it below.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import engine_gen as E  # noqa: E402

from game.engine.game import Game  # noqa: E402

# (source, game seed, order seed, state hash, events digest, final turn)
GOLDEN = [
    ('tests/engine/fixtures/strait_golden.toml', 0, 1000, 'd4459e6ce8b544f9636d2e2d480224805fb7d249bfe2a1adaef90637c2824418', 'aa67085ee7b6f4f44ac39de5c48ae8cbacebcb4fc99032878896215538c4ea8d', 8),
    ('tests/engine/fixtures/strait_golden.toml', 1, 1001, 'eda7b1432a849d0901c6e8eb93781c997a9b0bf9710099e97fb030e271c2eda5', '3a2f2870561f0af3af3688588dddc1325ece772bebb8980372967c3ad8ac554d', 8),
    ('tests/engine/fixtures/strait_golden.toml', 2, 1002, 'e5b1b7ab1b426c132350017d118186a08e23fee6809f1524f290557389ca1d0d', '7f3c8de6590bce5a614809b81865af040ac8599fa9bf6adf499f5440e42fb21f', 8),
    ('tests/engine/fixtures/strait_golden.toml', 3, 1003, 'c38fbe77388e26c6dd96b17b7bbcaedc7b25e2ac1dae5936d155834384e281ec', '3ab88c29111b35949a977155c821f8b886c207133ba9f0660af92861453fcebf', 8),
    ('tests/engine/fixtures/strait_golden.toml', 4, 1004, 'a3d4c25440fdf93c372682ece66810f7f84f53a8835434509c1994ba2e683664', '299c7bacb92b5b9ceaf085d3d784aaaf0e741e4bbf7aed482a9bb0dd108c9d6a', 8),
    ('gen:2:11', 11, 18, '23570e33dcf827efea88b39ff1837894e97ca09dcec22613fcceaaff6c8bd047', 'df6890d70e2559275c8eea3141013133941be48902799b718eec5a668e9a6647', 8),
    ('gen:3:12', 12, 19, 'edec75bf0b74f52d069f9b2c2dfb00851d1fda3c3b383fcaac8a21b7532ac944', 'c91a2905503a303e1cf1badb0bb61fef9991c5d7956fbbf9080bc9898c5301c5', 8),
    ('gen:4:13', 13, 20, '634cd58bc962349b6e3d8d37b6ef24f35d00c1b31c91e1570f9ab357b213c240', '32a379fb9032ab31e99790f2455b626689522e9f48e0727597632ee91a962437', 6),
    ('gen:6:14', 14, 21, 'f3b39866cc994440299c3021270c2d3619546e833903fbb809adcab5e0465eac', 'a8b3369e3c62439d31b6641e8e2b334e5dbc70bfd93bd5d6f63a724a8a1de7f7', 6),
    ('gen:6:15', 15, 22, 'fbfaafe10796419ad2a34c3e82f77a28f92e4baed74a61a3d7d67024a926c46d', '1728cbcb82d9cb248e9436757c0b7596b5494964026f9472b1183900a52a8139', 7),
    ('gen:12:16', 16, 23, '6ca05ef41b7d27d61569d9abd2e5732ea51db3d848265640f18beae9cc642053', '90e59fbd3b8229c5ad135158088ced4057a635464ed8911e423a50657405ad70', 3),
    ('gen:30:17', 17, 24, '23c30605570e7880cf54d3e53d18a0d8f0d2571a155a3d697bbe8b8cd45a7710', 'bb941d425a5d397c529c02c47047987acfb07e211ac5b92e0c37c14e0385b2da', 1),
]


def _compile(src: str):  # type: ignore[no-untyped-def]
    if src.startswith("gen:"):
        _, n, gs = src.split(":")
        return E.compile_text(E.scenario_text(int(n), int(gs)))
    return E.compile_path(str(E.ROOT / src))


def events_digest(g: Game) -> str:
    return hashlib.sha256(json.dumps([e.to_json() for e in g.events()], sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c[0]}#{c[1]}")
def test_hash_unchanged(case: tuple[str, int, int, str, str, int]) -> None:
    src, seed, oseed, want_hash, want_events, want_turn = case
    cs = _compile(src)
    g, plan = E.play_random(cs, seed, oseed)
    assert (g.hash(), events_digest(g), g.turn) == (want_hash, want_events, want_turn)
    # the fast path (no events) reaches the very same state
    fast = Game.new(cs, seed)
    for orders in plan:
        fast.play(orders, record=False)
    assert fast.hash() == want_hash


if __name__ == "__main__":
    for src, seed, oseed, *_ in GOLDEN:
        g, _plan = E.play_random(_compile(src), seed, oseed)
        print(f"    {(src, seed, oseed, g.hash(), events_digest(g), g.turn)!r},")
