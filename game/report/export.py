"""The AAR and the whole game record as JSON, for comparing groups across a course.

Alongside the AAR it carries what is needed to recompute anything later: scenario id,
seed, every turn's orders and state hash, and the full event log.
"""

from __future__ import annotations

import json
from typing import Any

from game.engine.game import Game

from .model import AAR

FORMAT = "detente-aar"
VERSION = 1


def record(game: Game) -> dict[str, Any]:
    """The game as data: orders and hashes per turn, and every event."""
    return {
        "scenario": game.cs.id,
        "seed": game.seed,
        "turns": [
            {"turn": t.turn, "orders": [o.to_json() | {"actor": o.actor, "move": o.move} for o in t.orders], "state_hash": t.state_hash}
            for t in game.turns
        ],
        "events": [e.to_json() for e in game.events()],
    }


def render_json(a: AAR, game: Game | None = None) -> str:
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "aar": a.to_json()}
    if game is not None:
        doc["record"] = record(game)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
