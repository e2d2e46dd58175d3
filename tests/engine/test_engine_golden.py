"""Hash regression: fixed (scenario, seed, orders) -> state hash and event-log digest.

Recorded before the hot path was optimised; an optimisation must leave every one of
these unchanged.  A deliberate change to the rules (or to the stock catalogue, or to the
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
    ('tests/engine/fixtures/strait_golden.toml', 0, 1000, 'fbd2d815572f75112bcaf8114e6938dde23e498eeaf4cdd7d74825ec220f793b', '72407031d8247e327ef5f95d9fad43f49ad798295e63aab8c412854478f1a158', 8),
    ('tests/engine/fixtures/strait_golden.toml', 1, 1001, 'b3b88b00110d9649a4e63474af2d986176565d3434c518997fefb17961f22e38', '86fc1f032624926b381af1e20de86e572785fcf66886770efeb25523c820e5ae', 8),
    ('tests/engine/fixtures/strait_golden.toml', 2, 1002, 'e8c8312565e8b475f6b603e3849092b6b34a20a544cf3d040ddd6019af2a4b9a', '903e64f2f8a024c017e41a3eb1b4e284d42c6a9ae0cf8ddfd009b000462b72ff', 8),
    ('tests/engine/fixtures/strait_golden.toml', 3, 1003, 'f9f7efdb99477d2c453db75a546d443bf37256d5c6d50664fff7d81164baacd1', '304a9e9deae6a91f2285acf1438880154674a6472cd5d5019ea6eddc5adc3095', 8),
    ('tests/engine/fixtures/strait_golden.toml', 4, 1004, '232990ba26247c325f8d6bdaecb5a793b721d790fd57e250d013759addd77436', '20961b9359673f14d2b297833192cf269fdb1eb221bb24d0e7239c51b33446a8', 8),
    ('gen:2:11', 11, 18, 'fb596350e9404a9472fdd4494c3972b9023e8dd2606895143617a194e4432339', 'e71cdce9c4a65fca949a2bf174cda6dd50a7b4842904184be8846f2a142b27ee', 8),
    ('gen:3:12', 12, 19, 'dc32cc544b0f7b9988d201ab1b23f74e89937da0fc9e11d5969f5a127b917efb', '7b9ac9307af01070e8cef46a98a8c2e477e54c73856b416f743f08caef32f0b9', 8),
    ('gen:4:13', 13, 20, '6901432cfc3fad74d93add4404ed2747434136d7ba4b08570c1d535c736e8338', 'ab70ce56e274638f503b808bed8a7483f7ec568ac6d2bb9de6a4b81ca1771999', 6),
    ('gen:6:14', 14, 21, '441a26b8cb4b8b52a3f6dfb100cb53471ffe8704f6cf684a0accd5c24ce34819', '12e356f787790d2c045a3632aabaa0ffb821083bd2b591bf48b051603e25a032', 6),
    ('gen:6:15', 15, 22, '4b1bfc1e89b0fc14a1c142623ae4b87a0913f1ef5d1a9ef974567a3bf9e9db44', 'b4afde15032a832ce48e6b39dea52474d26f7ba210d6c775984e7c10075cb727', 7),
    ('gen:12:16', 16, 23, 'db2fe27e627f462244a9e47a7c12c2d71e1e088897845e3a3b4650dfeca7042d', '5208a4a9c427d72b8f7db44002f26230a8b8bbf1570c2c4562a05019bfedf5de', 3),
    ('gen:30:17', 17, 24, '37ee9a80706b6029043ddceaa7e2846b4b3b1aee8b09bd5c53cb75fdb6b31500', '308b92cfc9f162582d2c788cb62fcefecefd5e78ea2662d5c85ad16b90515606', 1),
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
