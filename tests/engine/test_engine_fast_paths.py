"""The playtest fast paths of the engine give exactly what the full paths give.

``Game.new(record=False)`` skips the opening briefing's events and ``views.scores``
skips building a whole ``Result``: both exist only to make thousands of games cheaper,
so the state (and its hash) and every score must be those of the recorded path.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from engine_gen import SCENARIOS, compile_path, random_orders

from game.engine.game import Game
from game.engine.state import state_hash
from game.engine.views import band_of, scores


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_unrecorded_opening_and_cheap_scores_match(path: Path) -> None:
    cs = compile_path(str(path))
    for seed in range(4):
        full, fast = Game.new(cs, seed), Game.new(cs, seed, record=False)
        assert fast.opening == [] and state_hash(fast.state) == state_hash(full.state)
        rng = random.Random(seed)
        while not full.over:
            orders = random_orders(cs, full, rng)
            full.play(orders)
            fast.play(orders, record=False)
            expected = tuple(x.score for x in full.result().scores)
            assert scores(cs, fast.state) == expected
            assert scores(cs, fast.state, band_of(cs, fast.state)) == expected
        assert state_hash(fast.state) == full.hash()


def test_compiled_rules_carry_every_rules_field() -> None:
    """CRules is the typed copy of [rules] the hot path reads: a field added to the format
    must be added there too (compile_scenario copies them by name)."""
    from game.engine.compile import CRules
    from game.scenario.models import Rules

    assert list(CRules.__dataclass_fields__) == list(Rules.model_fields)


def test_named_metric_rows_match_the_metric_tables() -> None:
    from game.engine import state

    for name, row in state.AM.items():
        short = {"capability": "CAP", "readiness": "READY", "domestic_pressure": "PRESS", "credibility": "CRED",
                 "legitimacy": "LEGIT"}[name]
        assert getattr(state, short) == row
    for name, row in state.GM.items():
        assert getattr(state, {"stability": "STAB", "humanitarian": "HUM", "misinformation": "MIS"}[name]) == row


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_recorded_rows_become_the_events_step_returns(path: Path) -> None:
    """A played turn keeps its events as rows (changes sharing one cause, notes with their
    numbers unformatted) and builds them when first read: what it builds is exactly what
    `step` returns, every note a finished string."""
    from game.engine.events import Event
    from game.engine.rules import step

    cs = compile_path(str(path))
    for seed in range(3):
        g = Game.new(cs, seed)
        rng = random.Random(seed)
        while not g.over:
            orders = random_orders(cs, g, rng)
            before, gen = g.state, random.Random()
            gen.setstate(g.rng.getstate())
            rec = g.play_turn(orders)
            assert rec._events is None  # nothing built yet
            _after, expected = step(cs, before, list(orders), gen)
            assert rec.events == expected
            assert all(type(e) is Event and isinstance(e.note, str) for e in rec.events)
            assert rec.events is rec.events  # built once


def test_a_note_with_braces_in_its_values_is_not_formatted_twice() -> None:
    from game.engine.events import text

    assert text(("{} arrives via {}", "Note {x}", "Hotline")) == "Note {x} arrives via Hotline"
    assert text(("cooling below {:.2f}", 0.355)) == f"cooling below {0.355:.2f}"
    assert text("plain words") == "plain words"
