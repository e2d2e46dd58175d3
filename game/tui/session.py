"""A solo game in progress: the engine's `Game` plus who the human plays.

Screens talk to a `Session`, never to rules: it gathers the computer actors' orders
(from `game.bots.decide`, exactly as `detente playtest` plays them; if that package is
missing or broken they hold), asks the engine to adjudicate, asks the advisor
(`game.bots.advisor`) for estimates, and answers the questions screens ask ("what may
the player see of this turn?").  It holds no rules itself and imports no Textual, so it
is tested directly.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.bots.advisor import Advice
    from game.engine.compile import CompiledScenario
    from game.engine.events import Event
    from game.engine.game import Game
    from game.engine.rules import Order
    from game.engine.views import Option

DIFFICULTIES = ("easy", "normal", "hard")


class SessionError(Exception):
    """A request the player made that cannot be met; ``str()`` is one line to show."""


def bots_available() -> bool:
    """Whether the computer-actor package (issue 6) has landed."""
    try:
        return importlib.util.find_spec("game.bots") is not None
    except (ImportError, ValueError):
        return False


def advisor_available() -> bool:
    """Whether the advisor module is importable (checked, not imported: the key stays cheap)."""
    try:
        return bots_available() and importlib.util.find_spec("game.bots.advisor") is not None
    except (ImportError, ValueError):
        return False


def new_seed() -> int:
    """A fresh seed for a new game; shown to the player so a game can be replayed."""
    return random.SystemRandom().randrange(1, 1_000_000)


@dataclass
class Session:
    game: Game
    human: str
    path: Path | None = None
    difficulty: str = "normal"
    tutorial: bool = False
    save_name: str = ""
    hints_hidden: bool = False  # the tutorial's hint boxes, toggled with h
    notes: list[str] = field(default_factory=list)  # one-line messages for the player (e.g. a bot failed)
    advisor_budget_ms: int = 800  # wall-clock budget of one advisor consultation (issue 6: under a second)
    advisor_rollouts: int | None = None  # rollouts per option instead of a time budget: deterministic (tests)

    # ------------------------------------------------------------------ creation
    @classmethod
    def start(
        cls, cs: CompiledScenario, actor: str = "", seed: int | None = None, difficulty: str = "normal",
        path: Path | None = None, tutorial: bool = False,
    ) -> Session:
        from game.engine.game import Game

        human = actor or default_actor(cs)
        if human not in cs.actor_index:
            known = ", ".join(a.id for a in cs.actors if a.playable)
            raise SessionError(f"no actor '{human}' in {cs.id} (playable: {known})")
        if not cs.actors[cs.actor_index[human]].playable:
            raise SessionError(f"{cs.actors[cs.actor_index[human]].name} is not playable in {cs.id}")
        if difficulty not in DIFFICULTIES:
            raise SessionError(f"unknown difficulty '{difficulty}' (choose {', '.join(DIFFICULTIES)})")
        game = Game.new(cs, new_seed() if seed is None else seed)
        return cls(game, human, path, difficulty, tutorial)

    # ------------------------------------------------------------------ facts
    @property
    def cs(self) -> CompiledScenario:
        return self.game.cs

    @property
    def turn(self) -> int:
        return self.game.state.turn

    @property
    def over(self) -> bool:
        return self.game.over

    @property
    def human_index(self) -> int:
        return self.cs.actor_index[self.human]

    @property
    def human_name(self) -> str:
        return self.cs.actors[self.human_index].name

    def name(self, actor_id: str) -> str:
        i = self.cs.actor_index.get(actor_id, -1)
        return self.cs.actors[i].name if i >= 0 else actor_id

    def budget(self) -> int:
        return self.game.state.budget_left[self.human_index]

    def last_resolved_turn(self) -> int:
        return self.game.turns[-1].turn if self.game.turns else 0

    # ------------------------------------------------------------------ options
    def options(self, queued: Sequence[Order] | None = None) -> list[Option]:
        """Every option for the human, judged against the capital left after the queued orders."""
        from game.engine.views import Option, options

        queued = queued or []
        spent = sum(self.order_cost(o) for o in queued)
        left = max(0, self.budget() - spent)
        taken = {(o.move, o.target, o.second) for o in queued}
        out = []
        for o in options(self.cs, self.game.state, self.human, left):
            if not o.reason and (o.move, o.target, o.second) in taken:
                o = Option(o.move, o.name, o.category, o.target, o.second, o.channel, o.cost,
                           "already in your orders this turn")
            out.append(o)
        return out

    def order_cost(self, order: Order) -> int:
        cs = self.cs
        m = cs.moves[cs.move_index[order.move]]
        c = cs.channel_index.get(order.channel, -1) if order.channel else -1
        return m.cost + (cs.channels[c].cost if c >= 0 else 0)

    # ------------------------------------------------------------------ play
    def computer_orders(self) -> list[Order]:
        """Orders of every actor the human does not play, from ``game.bots.decide``.

        Called exactly as the playtester calls it (the game's seed, the previous turn's
        orders for tit-for-tat), so a solo game's bots are the bots the scenario author
        playtested.  Without a usable bots package they hold, and the player is told.
        """
        if not bots_available():
            return []
        try:
            decide = importlib.import_module("game.bots").decide
            last_turn = importlib.import_module("game.bots.beliefs").LastTurn
        except Exception as exc:  # a broken bots package must not take the player's game down
            self.notes.append(f"computer actors hold this turn: game.bots cannot be used ({type(exc).__name__}: {exc})")
            return []
        out: list[Order] = []
        g = self.game
        last = last_turn(self.cs, self.last_orders()) if g.turns else None
        for a in self.cs.actors:
            if a.id == self.human:
                continue
            try:
                out.extend(decide(self.cs, g.state, a.id, a.personality, g.seed, self.difficulty, last_orders=last))
            except Exception as exc:  # a bot bug must not end the player's game
                self.notes.append(f"{a.name} holds this turn: its policy failed ({type(exc).__name__}: {exc})")
        return out

    def last_orders(self) -> list[Order]:
        """Every actor's orders of the previous turn (what tit-for-tat answers)."""
        return list(self.game.turns[-1].orders) if self.game.turns else []

    def policies(self) -> dict[str, str]:
        """The bot policy of each computer actor (for saves and the after-action review)."""
        return {a.id: a.personality for a in self.cs.actors if a.id != self.human}

    def advise(self, options: list[Option] | None = None) -> list[Advice]:
        """The advisor's estimate for each legal option (default: every legal option now).

        Uses ``advisor_rollouts`` rollouts per option when set (deterministic), else the
        ``advisor_budget_ms`` time budget.  Raises SessionError when the advisor is absent.
        """
        if not advisor_available():
            raise SessionError("the advisor is not in this build")
        advise = importlib.import_module("game.bots.advisor").advise
        opts = [o for o in (options if options is not None else self.game.legal(self.human)) if o.legal]
        rollouts = None if self.advisor_rollouts is None else self.advisor_rollouts * max(1, len(opts))
        return list(advise(self.game, self.human, opts, budget_ms=self.advisor_budget_ms, rollouts=rollouts,
                           difficulty=self.difficulty))

    def submit(self, orders: list[Order]) -> list[Event]:
        """Adjudicate the turn with the human's orders and the computer actors'."""
        if self.over:
            raise SessionError("the game is over")
        bad = [o for o in orders if o.actor != self.human]
        if bad:
            raise SessionError(f"orders for {bad[0].actor} cannot come from {self.human}")
        return self.game.play(list(orders) + self.computer_orders())

    # ------------------------------------------------------------------ what the player sees
    def visible(self) -> list[Event]:
        return self.game.visible_events(self.human)

    def turn_log(self, turn: int) -> list[Event]:
        """The adjudication of `turn` as the player may see it (its orders, changes, assessment).

        The briefing injects of the following turn carry that turn's number, so they are
        not part of this log.
        """
        rec = next((t for t in self.game.turns if t.turn == turn), None)
        if rec is None:
            return []
        return [e for e in rec.events if e.turn == turn and (e.seen_by is None or self.human in e.seen_by)]

    def briefing_events(self, turn: int | None = None) -> list[Event]:
        """This turn's injects (and their effects) that reached the player."""
        t = self.turn if turn is None else turn
        return [e for e in self.visible() if e.turn == t and (e.kind == "inject" or e.inject)]

    def injects_now(self, turn: int | None = None) -> list[Any]:
        """The compiled injects the player received this turn, in firing order."""
        idx = self.cs.inject_index
        return [self.cs.injects[idx[e.inject]] for e in self.briefing_events(turn) if e.kind == "inject" and e.inject in idx]

    def is_visible(self, e: Event) -> bool:
        return e.seen_by is None or self.human in e.seen_by

    def tutorial_notes(self) -> list[str]:
        """The scenario's tutorial lines for this turn ("Turn N: ..." or "Turn N — ..."); untagged ones on turn 1."""
        out = []
        for line in self.cs.tutorial:
            m = _TURN_TAG.match(line)
            if m:
                if int(m.group(1)) == self.turn:
                    out.append(m.group(2).strip())
            elif self.turn == 1:
                out.append(line)
        return out


_TURN_TAG = re.compile(r"^\s*turn\s+(\d+)\s*[:—–.-]?\s*(.*)$", re.IGNORECASE | re.DOTALL)


def default_actor(cs: CompiledScenario) -> str:
    for a in cs.actors:
        if a.control == "human" and a.playable:
            return a.id
    for a in cs.actors:
        if a.playable:
            return a.id
    return cs.actors[0].id
