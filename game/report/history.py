"""Rebuild a game turn by turn so the report can look at every state, not just the last.

The debrief needs what the board looked like *during* play: the intelligence picture
each player saw at the start of a turn, whether an objective was already met on turn 3,
trust and tension per pair after every turn.  A game is its scenario, seed and orders,
so the surest source is a replay with events recorded (the game being reported may have
been played on the fast path without events).  Each replayed turn's state hash is
checked against the recorded one; a mismatch is reported, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.compile import CompiledScenario, initial_state
from game.engine.events import Event
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.state import GM, State

STAB = GM["stability"]


@dataclass(slots=True)
class Values:
    """The numbers the report follows over time: stability, rung, and each pair's trust and tension."""

    stability: float
    rung: int
    trust: list[float]
    tension: list[float]

    def copy(self) -> Values:
        return Values(self.stability, self.rung, self.trust[:], self.tension[:])

    @classmethod
    def of(cls, s: State) -> Values:
        return cls(s.g[STAB], s.rung, s.trust[:], s.tension[:])


@dataclass
class History:
    """A replayed game plus the per-turn views the AAR sections are built from.

    `starts[t - 1]` is the state at the start of turn t (after its briefing, when orders
    are chosen); `ends[t - 1]` holds the values after turn t's assessment (before the
    next briefing) and `opening` the values when play began.
    """

    game: Game
    orders: list[list[Order]]
    starts: list[State] = field(default_factory=list)
    after: list[State] = field(default_factory=list)  # full state after each play() (incl. next briefing)
    opening: Values | None = None
    ends: list[Values] = field(default_factory=list)
    diverged_at: int = 0  # first turn whose replayed hash differs from the recorded one (0: none)

    @property
    def cs(self) -> CompiledScenario:
        return self.game.cs

    @property
    def turns_played(self) -> int:
        return len(self.game.turns)

    def events(self) -> list[Event]:
        return self.game.events()


def replay_history(game: Game) -> History:
    """Replay `game` from its seed and orders, recording events and every intermediate state."""
    cs = game.origin
    orders = [list(t.orders) for t in game.turns]
    pending = list(game.interventions)
    g = Game.new(cs, game.seed)
    h = History(g, orders)
    for n, (rec, turn_orders) in enumerate(zip(game.turns, orders, strict=True), start=1):
        while pending and pending[0].turn <= g.clock:
            g.apply_intervention(pending.pop(0))
        h.starts.append(g.state)
        g.play_turn(turn_orders)
        h.after.append(g.state)
        if rec.state_hash and rec.state_hash != g.turns[-1].state_hash and not h.diverged_at:
            h.diverged_at = n
    while pending:
        g.apply_intervention(pending.pop(0))
    if not game.turns:
        h.starts.append(g.state)
    elif not g.over:
        h.starts.append(g.state)  # the turn now being played, for a game in progress
    _track_values(h)
    return h


def _track_values(h: History) -> None:
    """Follow 'change' events from the initial values to get each turn's end-of-assessment numbers."""
    cs = h.cs
    v = Values.of(initial_state(cs))
    pair_index = {name: p for p, name in enumerate(cs.pair_names)}

    def apply(e: Event) -> None:
        nonlocal v
        if e.kind != "change":
            return
        if e.metric == "stability":
            v.stability = e.value
        elif e.metric == "rung":
            v.rung = int(e.value)
        elif e.metric in ("trust", "tension"):
            p = pair_index.get(e.scope, -1)
            if p >= 0:
                (v.trust if e.metric == "trust" else v.tension)[p] = e.value

    # facilitator overrides are logged apart from the turns; each belongs before the turn event that follows it
    overrides = sorted(h.game.intervention_events, key=lambda e: e.seq)
    k = 0

    def upto(seq: int) -> None:
        nonlocal k
        while k < len(overrides) and overrides[k].seq < seq:
            apply(overrides[k])
            k += 1

    for e in h.game.opening:
        upto(e.seq)
        apply(e)
    h.opening = v.copy()
    for rec in h.game.turns:
        nxt: list[Event] = []
        for e in rec.events:
            upto(e.seq)
            if e.turn > rec.turn:
                nxt.append(e)  # the next turn's briefing, applied after the snapshot
            else:
                apply(e)
        h.ends.append(v.copy())
        for e in nxt:
            apply(e)
