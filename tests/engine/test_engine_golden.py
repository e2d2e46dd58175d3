"""Hash regression: fixed (scenario, seed, orders) -> state hash and event-log digest.

Recorded before the hot path was optimised; an optimisation must leave every one of
these unchanged.  Re-recorded once since, deliberately: a chance-triggered inject's draw
became a 'roll' event (every draw is an event), which shifts sequence numbers, and a rung
change with a private cause no longer names it in public; and once more when the log's
notes were put in plain words (the state hashes did not move, only the event digests).  A deliberate change to the rules (or to the stock catalogue, or to the
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
    ('tests/engine/fixtures/strait_golden.toml', 0, 1000, 'd4459e6ce8b544f9636d2e2d480224805fb7d249bfe2a1adaef90637c2824418', 'b853cc6d41abd3f96defe951a09fc2a5ac71a5ce4e0661f10952e27329c89e29', 8),
    ('tests/engine/fixtures/strait_golden.toml', 1, 1001, 'eda7b1432a849d0901c6e8eb93781c997a9b0bf9710099e97fb030e271c2eda5', '4fc507cdc1e0e23188cb3c5a2d0d4cf0272226866e4fd4e73943688cd0fd67f8', 8),
    ('tests/engine/fixtures/strait_golden.toml', 2, 1002, 'e5b1b7ab1b426c132350017d118186a08e23fee6809f1524f290557389ca1d0d', '3ac6c5099bbd0f15b93ddaeaf7e534cb252f8dc09763663ddeeb3a00171a6e30', 8),
    ('tests/engine/fixtures/strait_golden.toml', 3, 1003, 'c38fbe77388e26c6dd96b17b7bbcaedc7b25e2ac1dae5936d155834384e281ec', '78b1e1883eb77aa49ec89ac6fa7795647c4408a7e071fe7d6f1e8675aaee48d5', 8),
    ('tests/engine/fixtures/strait_golden.toml', 4, 1004, 'a3d4c25440fdf93c372682ece66810f7f84f53a8835434509c1994ba2e683664', '875616d2ea567b5b53ac4667ef93fa08928c7e865aad21c5443aad77d7515ad7', 8),
    ('gen:2:11', 11, 18, '23570e33dcf827efea88b39ff1837894e97ca09dcec22613fcceaaff6c8bd047', '604eb39aaa8c60c52b706eeb04073bc21002ae8d5aedc3683967c2bd41c3e9a2', 8),
    ('gen:3:12', 12, 19, 'edec75bf0b74f52d069f9b2c2dfb00851d1fda3c3b383fcaac8a21b7532ac944', '92e0440556a5abe4da552eab9163d45a392a3840e02d3f0ad9f96c265a1750c9', 8),
    ('gen:4:13', 13, 20, '634cd58bc962349b6e3d8d37b6ef24f35d00c1b31c91e1570f9ab357b213c240', '95dae92a17794505642039eac41358ea099f09854f7abbfdba917cab975e1e70', 6),
    ('gen:6:14', 14, 21, 'f3b39866cc994440299c3021270c2d3619546e833903fbb809adcab5e0465eac', '11dc25cac53394580e2f6a5d513a532cb5daec6be195ce0d54a5c38e1731e9bc', 6),
    ('gen:6:15', 15, 22, 'fbfaafe10796419ad2a34c3e82f77a28f92e4baed74a61a3d7d67024a926c46d', 'ccef6b06171c76a7a1ec9d6e23f4cfe65235acab43535833d2c35da85eef6f47', 7),
    ('gen:12:16', 16, 23, '6ca05ef41b7d27d61569d9abd2e5732ea51db3d848265640f18beae9cc642053', 'd6f399b18c1e9ef7b95284695ba421387f5af4fe4568f2bdeae7a21938f9d4fa', 3),
    ('gen:30:17', 17, 24, '23c30605570e7880cf54d3e53d18a0d8f0d2571a155a3d697bbe8b8cd45a7710', 'b8f2defa3715355597388c44d050fa3941d44e7c370c8787482790c1baef2df9', 1),
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
