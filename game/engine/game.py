"""`Game`: a scenario, a seed, one generator, and the record of every turn.

This is the object shells hold.  A game is fully described by its compiled scenario,
its seed and the orders of each turn, so `replay` can rebuild it and check every
turn's state hash.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .compile import CompiledScenario, initial_state
from .events import Event, Row, materialize
from .interventions import Intervention
from .interventions import apply as apply_intervention
from .rules import Order, _Ctx, briefing, step_rows
from .state import State, state_hash
from .views import Option, Picture, Result, legal_options, options, picture, result


class TurnRecord:
    """One played turn: its orders, its events and the state hash after it.

    The events may be given as the engine recorded them (``rows``, see events.Row): they
    become Event tuples the first time ``events`` is read.  A classroom seat rebuilds a
    whole game by replaying its record and then shows one turn; building every event of
    every turn up front cost more than resolving the turns.
    """

    __slots__ = ("turn", "orders", "state_hash", "_events", "_rows")

    def __init__(
        self, turn: int, orders: list[Order], events: list[Event] | None = None, state_hash: str = "",
        *, rows: list[Row] | None = None,
    ) -> None:
        self.turn = turn
        self.orders = orders
        self.state_hash = state_hash
        self._events = events
        self._rows = rows if events is None else None

    @property
    def events(self) -> list[Event]:
        ev = self._events
        if ev is None:
            ev = self._events = materialize(self._rows) if self._rows else []
            self._rows = None
        return ev

    @events.setter
    def events(self, value: list[Event]) -> None:
        self._events, self._rows = value, None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TurnRecord):
            return NotImplemented
        return (self.turn, self.orders, self.state_hash, self.events) == (
            other.turn, other.orders, other.state_hash, other.events)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"TurnRecord(turn={self.turn}, orders={len(self.orders)}, state_hash={self.state_hash[:12]!r})"


@dataclass
class Game:
    cs: CompiledScenario
    seed: int
    state: State
    rng: random.Random
    opening: list[Event] = field(default_factory=list)  # events of the first briefing
    turns: list[TurnRecord] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    intervention_events: list[Event] = field(default_factory=list)
    base: CompiledScenario | None = None  # the scenario as compiled, before any 'extend'

    def __post_init__(self) -> None:
        if self.base is None:
            self.base = self.cs

    @property
    def origin(self) -> CompiledScenario:
        """The scenario to replay from (interventions such as 'extend' are re-applied on top)."""
        return self.base if self.base is not None else self.cs

    @classmethod
    def new(cls, cs: CompiledScenario, seed: int, record: bool = True) -> Game:
        """A game at its first turn, after the opening briefing.

        ``record=False`` (playtests, rollouts) builds no events for the opening briefing;
        the state, and so every later hash, is exactly the same.
        """
        rng = random.Random(seed)
        s = initial_state(cs)
        ctx = _Ctx(cs, s, rng, record)
        briefing(ctx)
        return cls(cs, seed, s, rng, ctx.events())

    # ------------------------------------------------------------------ play
    def play(self, orders: list[Order], record: bool = True) -> list[Event]:
        """Adjudicate the current turn with every actor's orders.

        `record=False` is the playtest fast path: no events, no per-turn hash, and the
        turn is resolved in place — `self.state` stays the same object, advanced (the
        game owns its state; take `g.state.copy()` first to keep the position before).
        With `record=True` the game gets a new state object, so a shell may keep the
        previous one to show what changed.
        """
        rec = self.play_turn(orders, record)
        return rec.events

    def play_turn(self, orders: list[Order], record: bool = True) -> TurnRecord:
        """`play`, returning the turn's record with its events not yet built (they are, when
        read): for callers that replay many turns and look at few, such as a classroom seat."""
        turn = self.state.turn
        given = list(orders)  # one copy, kept in the record (step only reads it)
        self.state, rows = step_rows(self.cs, self.state, given, self.rng, record, copy=record)
        rec = TurnRecord(turn, given, None, state_hash(self.state) if record else "", rows=rows)
        self.turns.append(rec)
        return rec

    @property
    def over(self) -> bool:
        return self.state.over

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def clock(self) -> int:
        """The turn an intervention made now belongs to: the current one, or the next after the end.

        A finished game stays on its last turn; an intervention after it (an 'extend')
        must replay after that turn's orders, not before them.
        """
        return self.state.turn + 1 if self.state.over else self.state.turn

    def events(self) -> list[Event]:
        out = list(self.opening)
        for t in self.turns:
            out.extend(t.events)
        if self.intervention_events:
            out.extend(self.intervention_events)
            out.sort(key=lambda e: e.seq)
        return out

    def intervene(self, kind: str, reason: str, **payload: object) -> list[Event]:
        """A facilitator override, applied now (before this turn's orders) and kept for replay."""
        iv = Intervention(self.clock, kind, reason, dict(payload))
        return self.apply_intervention(iv)

    def apply_intervention(self, iv: Intervention) -> list[Event]:
        """Apply a recorded intervention (replay) or a new one, and keep it in the record."""
        self.cs, self.state, events = apply_intervention(self.cs, self.state, iv, self.events())
        self.interventions.append(iv)
        self.intervention_events.extend(events)
        return events

    def hash(self) -> str:
        return state_hash(self.state)

    # ------------------------------------------------------------------ views
    def options(self, actor: str) -> list[Option]:
        return options(self.cs, self.state, actor)

    def legal(self, actor: str) -> list[Option]:
        return legal_options(self.cs, self.state, actor)

    def picture(self, actor: str) -> Picture:
        return picture(self.cs, self.state, actor, self.seed)

    def result(self) -> Result:
        return result(self.cs, self.state)

    def fork(self) -> Game:
        """An independent copy (state and generator) for look-ahead: the advisor's rollouts."""
        rng = random.Random()
        rng.setstate(self.rng.getstate())
        return Game(
            self.cs, self.seed, self.state.copy(), rng, list(self.opening), list(self.turns),
            list(self.interventions), list(self.intervention_events), self.base,
        )

    def visible_events(self, actor: str) -> list[Event]:
        """Events the actor may know of (public ones and those it was party to)."""
        return [e for e in self.events() if e.seen_by is None or actor in e.seen_by]


def replay(
    cs: CompiledScenario, seed: int, turns: list[list[Order]], interventions: list[Intervention] | None = None
) -> Game:
    """Rebuild a game from its record: seed, each turn's orders, and facilitator interventions.

    Interventions recorded for turn T are applied, in their recorded order, before
    turn T's orders are resolved (and those after the last turn at the end).
    """
    g = Game.new(cs, seed)
    pending = list(interventions or [])
    for orders in turns:
        while pending and pending[0].turn <= g.clock:
            g.apply_intervention(pending.pop(0))
        if g.over:
            break
        g.play_turn(orders)
    while pending:
        g.apply_intervention(pending.pop(0))
    return g
