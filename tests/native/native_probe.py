"""Play a fixed set of games and print what they produced, one line each: run once with the
compiled engine and bots and once with DETENTE_PURE=1, the outputs must be identical.

Covers the whole hot path: generated scenarios under random legal and illegal orders
(every mechanic), each shipped scenario played by every policy with events recorded and
without, the intelligence picture, and a small playtest report.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "engine"))

import engine_gen as E  # noqa: E402

from game import native  # noqa: E402
from game.bots.playtest import parse_policy, play_game, policy_source, run  # noqa: E402
from game.bots.policies import POLICIES  # noqa: E402
from game.bots.report import build  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.state import state_hash  # noqa: E402
from game.engine.views import picture  # noqa: E402


def digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]


def main() -> None:
    print("build", native.status().split(" (")[0])
    for n in (2, 4, 6):
        cs = E.compile_text(E.scenario_text(n, 500 + n))
        for seed in range(4):
            g, _plan = E.play_random(cs, seed, 900 + seed)
            print("random", n, seed, state_hash(g.state), digest([e.to_json() for e in g.events()]))
            q, _ = E.play_random(cs, seed, 900 + seed, record=False)
            print("random-quiet", n, seed, state_hash(q.state))
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        cs = E.compile_path(str(path))
        for k, pol in enumerate(POLICIES):
            quiet = play_game(cs, k, [pol] * cs.n)
            src = policy_source(pol)
            g = Game.new(cs, k)
            while not g.over:
                orders = [o for a in cs.actor_ids() for o in src(g, a)]
                g.play(orders)
            print(path.name, pol, state_hash(quiet.state), state_hash(g.state), digest([e.to_json() for e in g.events()]),
                  digest(picture(cs, g.state, cs.actors[0].id, k)))
    cs = E.compile_path(str(ROOT / "scenarios" / "strait_incident.toml"))
    labels = parse_policy(cs, None)
    report = build(cs, run(cs, 60, 7, labels, 1), labels, seed=7, text="", file="strait_incident.toml")
    print("playtest", digest(report))


if __name__ == "__main__":
    main()
