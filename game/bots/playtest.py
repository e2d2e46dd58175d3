"""Automated playtests: many seeded bot-played games, spread over processes.

ChoiceScript's randomtest is the anchor: fixed seeds so the same command gives the same
report, many runs, hit counts.  Each game gets its own seed derived from the run's seed
and the game's index, and its own policy label (``labels[index % len(labels)]``), so a
game's result does not depend on which process played it; results are gathered in index
order, so ``--jobs 2`` gives exactly the report of ``--jobs 1``.

Pure apart from process management: no printing (progress is a callback), no rich.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.views import band_of

from .decide import DIFFICULTIES, decide
from .policies import POLICIES
from .rng import derive


class PolicyError(ValueError):
    """A --policy value that does not make sense for this scenario (a user mistake)."""


@dataclass(frozen=True, slots=True)
class Label:
    """One way of assigning policies to actors: a row of the report."""

    name: str
    policies: tuple[str, ...]  # per actor, in the scenario's actor order


@dataclass(frozen=True, slots=True)
class GameRecord:
    """What one game leaves behind for the report (small: it crosses process boundaries)."""

    label: int
    band: int
    ending: int
    stability: tuple[float, ...]  # after each turn played
    rung: tuple[int, ...]
    max_rung: int
    crossed: tuple[int, ...]  # threshold rungs crossed, in order
    moves: tuple[int, ...]  # uses per move (scenario move order)
    injects: tuple[int, ...]  # turn each inject first fired (0 = never)
    debriefs: tuple[int, ...]
    scores: tuple[float, ...]  # per actor


def parse_policy(cs: CompiledScenario, text: str | None) -> list[Label]:
    """``None`` -> every policy for all actors; ``hawk`` or ``hawk,dove`` -> those, for all
    actors; ``corvania=hawk,azuria=dove`` -> one assignment (others keep the personality
    the scenario gives them)."""
    ids = cs.actor_ids()
    if text is None or not text.strip():
        return [Label(p, tuple(p for _ in ids)) for p in POLICIES]
    parts = [x.strip() for x in text.split(",") if x.strip()]
    if any("=" in x for x in parts):
        chosen = {a.id: a.personality for a in cs.actors}
        for x in parts:
            actor, _, pol = (y.strip() for y in x.partition("="))
            if actor not in chosen:
                raise PolicyError(f"--policy: unknown actor '{actor}' (actors: {', '.join(ids)})")
            _check_policy(pol)
            chosen[actor] = pol
        name = ",".join(f"{a}={chosen[a]}" for a in ids)
        return [Label(name, tuple(chosen[a] for a in ids))]
    out: list[Label] = []
    for p in parts:
        _check_policy(p)
        if p not in (lab.name for lab in out):
            out.append(Label(p, tuple(p for _ in ids)))
    return out


def _check_policy(p: str) -> None:
    if p not in POLICIES:
        raise PolicyError(f"--policy: unknown policy '{p}' (choose from {', '.join(POLICIES)})")


def game_seed(seed: int, index: int) -> int:
    return derive(seed, index)


def play_game(cs: CompiledScenario, seed: int, policies: Sequence[str], difficulty: str = "normal") -> Game:
    """One full game with every actor played by its bot (no event records: fast path)."""
    g = Game.new(cs, seed)
    ids = cs.actor_ids()
    last: list[Order] | None = None
    while not g.over:
        orders: list[Order] = []
        for a, pol in zip(ids, policies, strict=True):
            orders += decide(cs, g.state, a, pol, seed, difficulty, last_orders=last)
        g.play(orders, record=False)
        last = orders
    return g


def record(cs: CompiledScenario, g: Game, label: int) -> GameRecord:
    s = g.state
    res = g.result()
    return GameRecord(
        label, band_of(cs, s), s.ending, tuple(s.stability_hist), tuple(s.rung_hist), s.max_rung,
        tuple(r for _t, r in s.crossings), tuple(s.move_total), tuple(s.fired), tuple(s.debriefs),
        tuple(x.score for x in res.scores),
    )


# --------------------------------------------------------------------------- running many

_JOB: tuple[CompiledScenario, int, tuple[Label, ...], str] | None = None  # inherited by forked workers


def _chunk(bounds: tuple[int, int]) -> list[GameRecord]:
    assert _JOB is not None
    cs, seed, labels, difficulty = _JOB
    out = []
    for idx in range(*bounds):
        li = idx % len(labels)
        g = play_game(cs, game_seed(seed, idx), labels[li].policies, difficulty)
        out.append(record(cs, g, li))
    return out


def run(
    cs: CompiledScenario,
    runs: int,
    seed: int = 0,
    labels: Sequence[Label] | None = None,
    jobs: int = 1,
    difficulty: str = "normal",
    progress: Callable[[int], None] | None = None,
) -> list[GameRecord]:
    """Play ``runs`` games; records come back in game-index order whatever ``jobs`` is."""
    global _JOB
    if difficulty not in DIFFICULTIES:
        raise PolicyError(f"unknown difficulty '{difficulty}'")
    labs = tuple(labels) if labels else tuple(parse_policy(cs, None))
    _JOB = (cs, seed, labs, difficulty)
    size = max(20, min(250, runs // (max(1, jobs) * 16) or 1))
    chunks = [(a, min(runs, a + size)) for a in range(0, runs, size)]
    out: list[GameRecord] = []
    try:
        if jobs <= 1 or len(chunks) <= 1:
            for c in chunks:
                out += _chunk(c)
                if progress:
                    progress(c[1] - c[0])
            return out
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs) as pool:
            for part in pool.imap(_chunk, chunks):
                out += part
                if progress:
                    progress(len(part))
        return out
    finally:
        _JOB = None
