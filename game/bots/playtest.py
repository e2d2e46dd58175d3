"""Automated playtests: many seeded bot-played games, spread over processes.

ChoiceScript's randomtest is the anchor: fixed seeds so the same command gives the same
report, many runs, hit counts.  Each game gets its own seed derived from the run's seed
and the game's index, and its own policy label (``labels[index % len(labels)]``), so a
game's result does not depend on which process played it; results are gathered in index
order, so ``--jobs 2`` gives exactly the report of ``--jobs 1``.

Pure apart from process management: no printing (progress is a callback), no rich.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.rules import Order, step_rows
from game.engine.views import band_of, scores

from .beliefs import LastTurn
from .decide import DIFFICULTIES, Plan, plan
from .policies import POLICIES
from .rng import derive


class PolicyError(ValueError):
    """A --policy value that does not make sense for this scenario (a user mistake)."""


@dataclass(frozen=True, slots=True)
class Label:
    """One way of assigning policies to actors: a row of the report."""

    name: str
    policies: tuple[str, ...]  # per actor, in the scenario's actor order


class GameRecord(NamedTuple):
    """What one game leaves behind for the report.

    Small, and a plain tuple underneath: workers send records to the parent as tuples
    (pickling a tuple of tuples costs a third of a dataclass's).
    """

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


def policy_source(text: str, difficulty: str = "normal") -> Callable[[Game, str], list[Order]]:
    """Bots as an order source for ``detente run --policy``: ``(game, actor) -> orders``.

    ``text`` is one policy for every actor (``hawk``) or ``actor=policy`` pairs (others
    keep their scenario personality).  Raises ``PolicyError`` (a one-line message) for an
    unknown policy, difficulty or actor, or several policies, at the first call -- before
    the first turn is played.
    """
    if difficulty not in DIFFICULTIES:
        raise PolicyError(f"unknown difficulty '{difficulty}'")
    chosen: dict[int, tuple[str, ...]] = {}  # id(cs) -> policy per actor
    last: list[tuple[int, LastTurn | None]] = [(-1, None)]  # (turns played, last turn's orders)

    def source(game: Game, actor: str) -> list[Order]:
        cs = game.cs
        pols = chosen.get(id(cs))
        if pols is None:
            labels = parse_policy(cs, text)
            if len(labels) != 1:
                raise PolicyError("--policy: give one policy for every actor, or actor=policy pairs")
            pols = chosen[id(cs)] = labels[0].policies
        played = len(game.turns)
        if last[0][0] != played:
            last[0] = (played, LastTurn(cs, game.turns[-1].orders) if game.turns else None)
        bot = plan(cs, actor, pols[cs.actor_index[actor]], difficulty)
        return bot.decide(game.state, game.seed, last[0][1])

    return source


def game_seed(seed: int, index: int) -> int:
    return derive(seed, index)


def plans(cs: CompiledScenario, policies: Sequence[str], difficulty: str = "normal") -> list[Plan]:
    """Each actor's decision plan for one assignment of policies (built once, reused)."""
    return [plan(cs, a, pol, difficulty) for a, pol in zip(cs.actor_ids(), policies, strict=True)]


def play_game(cs: CompiledScenario, seed: int, policies: Sequence[str], difficulty: str = "normal") -> Game:
    """One full game with every actor played by its bot (no event records: fast path)."""
    return play_planned(cs, seed, plans(cs, policies, difficulty))


def play_planned(cs: CompiledScenario, seed: int, bots: Sequence[Plan]) -> Game:
    """One full game with ready plans: the playtest's inner loop.

    Each turn is resolved in place (``g.state`` advances) and no turn records, events or
    hashes are kept: a report reads only the final state.
    """
    g = Game.new(cs, seed, record=False)
    s, rng = g.state, g.rng
    last: LastTurn | None = None
    while not s.over:
        orders: list[Order] = []
        for bot in bots:
            orders += bot.decide(s, seed, last)
        step_rows(cs, s, orders, rng, False, False)
        last = LastTurn(cs, orders)
    return g


def record(cs: CompiledScenario, g: Game, label: int) -> GameRecord:
    """What the report needs of a finished game."""
    s = g.state
    band = band_of(cs, s)
    return GameRecord(
        label, band, s.ending, tuple(s.stability_hist), tuple(s.rung_hist), s.max_rung,
        tuple(r for _t, r in s.crossings), tuple(s.move_total), tuple(s.fired), tuple(s.debriefs),
        scores(cs, s, band),  # the numbers of g.result().scores, without the rest of the result
    )


# --------------------------------------------------------------------------- running many

#: The run a forked worker inherits: scenario (compiled once, in the parent), seed, and
#: each label's ready plans -- so a worker builds nothing and receives only index ranges.
_JOB: tuple[CompiledScenario, int, tuple[list[Plan], ...]] | None = None


def _chunk(bounds: tuple[int, int]) -> list[GameRecord]:
    """Play games ``bounds[0]`` to ``bounds[1] - 1``.

    The cyclic garbage collector is paused meanwhile: a game makes thousands of
    short-lived lists and tuples and no reference cycles, so its passes find nothing
    and cost a few percent; it runs again (and catches up) after the chunk.
    """
    assert _JOB is not None
    cs, seed, bots = _JOB
    out = []
    nl = len(bots)
    paused = gc.isenabled()
    gc.disable()
    try:
        for idx in range(*bounds):
            li = idx % nl
            out.append(record(cs, play_planned(cs, game_seed(seed, idx), bots[li]), li))
    finally:
        if paused:
            gc.enable()
    return out


def _chunk_plain(bounds: tuple[int, int]) -> list[tuple[object, ...]]:
    """A worker's chunk as plain tuples: the cheapest thing to send back to the parent."""
    return [tuple(r) for r in _chunk(bounds)]


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
    _JOB = (cs, seed, tuple(plans(cs, lab.policies, difficulty) for lab in labs))
    size = max(20, min(100, runs // (max(1, jobs) * 16) or 1))  # small chunks: the two processes finish together
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
        make = GameRecord._make
        with ctx.Pool(jobs) as pool:
            for part in pool.imap(_chunk_plain, chunks):
                out += map(make, part)
                if progress:
                    progress(len(part))
        return out
    finally:
        _JOB = None
