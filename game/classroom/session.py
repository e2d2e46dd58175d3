"""A classroom exercise: teams with secret orders, a facilitator (white cell), one game.

Every process — a team's terminal, the facilitator's console, the projector — opens the
same session store and rebuilds the same game by deterministic replay.  Orders are
written by their team only and read back only by that team until the turn resolves;
the turn resolves inside a write transaction as soon as every team-controlled actor
has submitted (or when the facilitator forces it), so exactly one process adjudicates
each turn and no order is lost or counted twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.compile import CompiledScenario, compile_scenario
from game.engine.events import Event
from game.engine.game import Game, replay
from game.engine.interventions import Intervention, InterventionError
from game.engine.interventions import apply as apply_intervention
from game.engine.rules import Order, check
from game.scenario.loader import load_text

from .store import SCHEMA_VERSION, Store, StoreError, now

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


class SessionError(Exception):
    """Something a user asked that cannot be done; the message is shown as one line."""


@dataclass(frozen=True)
class TeamStatus:
    name: str
    actor: str
    controller: str
    joined: bool
    submitted: bool


def session_path(save_dir: Path, name: str) -> Path:
    if not NAME.match(name):
        raise SessionError(f"session names are letters, digits, - and _ (got {name!r})")
    return Path(save_dir) / "classroom" / f"{name}.sqlite"


class Session:
    def __init__(self, store: Store) -> None:
        self.store = store
        meta = store.meta()
        self.name = meta.get("name", store.path.stem)
        self.seed = int(meta["seed"])
        self.scenario_text = meta["scenario_text"]
        result = load_text(self.scenario_text, meta.get("scenario_file", "<session>"))
        if not result.ok or result.resolved is None:
            first = result.diagnostics[0].format() if result.diagnostics else "invalid scenario"
            raise SessionError(f"the session's scenario no longer loads: {first}")
        self.cs: CompiledScenario = compile_scenario(result.resolved)
        self._cache: tuple[tuple[int, int], Game] | None = None

    # ---------------------------------------------------------------- create / open
    @classmethod
    def create(cls, path: Path, scenario_file: Path, teams: dict[str, str], seed: int) -> Session:
        if path.exists():
            raise SessionError(f"a session already exists at {path}")
        try:
            raw = scenario_file.read_bytes()
        except OSError as exc:
            raise SessionError(f"cannot read {scenario_file}: {exc.strerror}") from None
        result = load_text(raw, str(scenario_file))
        if not result.ok or result.resolved is None:
            raise SessionError(result.diagnostics[0].format() if result.diagnostics else "invalid scenario")
        cs = compile_scenario(result.resolved)
        if not 1 <= len(teams) <= 8:
            raise SessionError("a classroom session has 1 to 8 teams")
        actors = list(teams.values())
        for team, actor in teams.items():
            if not NAME.match(team):
                raise SessionError(f"team names are letters, digits, - and _ (got {team!r})")
            if actor not in cs.actor_index:
                raise SessionError(f"unknown actor '{actor}' (actors: {', '.join(cs.actor_ids())})")
        if len(set(actors)) != len(actors):
            raise SessionError("two teams cannot play the same actor")
        store = Store(path, create=True)
        text = result.resolved.text
        with store.write() as db:
            for k, v in {
                "schema": str(SCHEMA_VERSION),
                "name": path.stem,
                "seed": str(seed),
                "scenario_text": text,
                "scenario_hash": hashlib.sha256(text.encode()).hexdigest(),
                "scenario_file": str(scenario_file),
                "status": "running",
                "created_at": now(),
            }.items():
                db.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (k, v))
            for team, actor in teams.items():
                db.execute("INSERT INTO teams(name, actor, controller) VALUES (?, ?, 'team')", (team, actor))
            for a in cs.actors:
                if a.id not in actors:
                    db.execute(
                        "INSERT INTO teams(name, actor, controller, policy) VALUES (?, ?, 'bot', ?)",
                        (f"bot-{a.id}", a.id, a.personality),
                    )
        return cls(store)

    @classmethod
    def open(cls, path: Path) -> Session:
        try:
            return cls(Store(path))
        except StoreError as exc:
            raise SessionError(str(exc)) from None

    def close(self) -> None:
        self.store.close()

    # ---------------------------------------------------------------- the game
    def game(self) -> Game:
        """The current game, rebuilt by replay (cached until the record changes)."""
        turns = self.store.turns()
        ivs = [Intervention.from_json(d) for d in self.store.interventions()]
        key = (len(turns), len(ivs))
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        orders = [[Order(**o) for o in t[1]] for t in turns]
        g = replay(self.cs, self.seed, orders, ivs)
        for (tn, _o, h), rec in zip(turns, g.turns, strict=False):
            if rec.state_hash != h:
                raise SessionError(f"session record diverges at turn {tn}: the file was changed by hand")
        self._cache = (key, g)
        return g

    def status(self) -> str:
        return self.store.meta().get("status", "running")

    def teams(self) -> list[TeamStatus]:
        g = self.game()
        sub = self.store.submitted(g.turn)
        return [
            TeamStatus(t["name"], t["actor"], t["controller"], t["joined_at"] is not None, t["actor"] in sub)
            for t in self.store.teams()
        ]

    def team(self, name: str) -> dict[str, Any]:
        for t in self.store.teams():
            if t["name"] == name:
                return t
        raise SessionError(f"no team '{name}' in this session")

    def join(self, team: str) -> str:
        """Mark a team as present (rejoining is fine) and return its actor."""
        t = self.team(team)
        if t["controller"] == "bot" and team.startswith("bot-"):
            raise SessionError(f"'{team}' is computer-controlled")
        with self.store.write() as db:
            db.execute("UPDATE teams SET joined_at=? WHERE name=?", (now(), team))
        return str(t["actor"])

    # ---------------------------------------------------------------- orders
    def submit(self, team: str, orders: list[Order]) -> bool:
        """Store a team's secret orders for the current turn; resolve if everyone is in.

        Returns True when this submission completed the turn and it was resolved.
        """
        t = self.team(team)
        if t["controller"] != "team":
            raise SessionError(f"{t['actor']} is controlled by the {t['controller']} now")
        actor = str(t["actor"])
        with self.store.write() as db:
            if self.status() == "paused":
                raise SessionError("the facilitator has paused the exercise")
            return self._store_orders(db, actor, team, orders, f"team {team} plays {actor}")

    def _check(self, g: Game, o: Order, budget: int) -> str:
        cs = self.cs
        if o.move not in cs.move_index:
            return "unknown move"
        i = cs.actor_index[o.actor]
        j = cs.actor_index.get(o.target, -1) if o.target else -1
        k = cs.actor_index.get(o.second, -1) if o.second else -1
        c = cs.channel_index.get(o.channel, -1) if o.channel else -1
        if (o.target and j < 0) or (o.second and k < 0) or (o.channel and c < 0):
            return "unknown target or channel"
        return check(cs, g.state, i, cs.moves[cs.move_index[o.move]], j, k, c, budget)

    def _all_in(self, turn: int) -> bool:
        """Every actor a person controls (a team, or the facilitator after a take-over) is in."""
        need = {t["actor"] for t in self.store.teams() if t["controller"] in ("team", "facilitator")}
        return need <= set(self.store.submitted(turn))

    def resolve(self) -> None:
        """The facilitator closes the turn now (teams that did not submit hold)."""
        with self.store.write() as db:
            g = self.game()
            if g.over:
                raise SessionError("the exercise is over")
            self._resolve(db, g)

    def _resolve(self, db: Any, g: Game) -> None:
        turn = g.turn
        if db.execute("SELECT 1 FROM turns WHERE turn=?", (turn,)).fetchone():
            return  # someone else resolved it first
        all_orders: list[Order] = []
        rows = db.execute("SELECT actor, orders FROM orders WHERE turn=? ORDER BY actor", (turn,)).fetchall()
        submitted = {a: [Order(**o) for o in json.loads(js)] for a, js in rows}
        for t in self.store.teams():
            actor = t["actor"]
            if t["controller"] == "team" or actor in submitted:
                all_orders.extend(submitted.get(actor, []))
            elif t["controller"] == "bot":
                all_orders.extend(_bot_orders(self.cs, g, actor, t["policy"] or "doctrine"))
        # Sort into the scenario's actor order so the record does not depend on who typed first.
        idx = self.cs.actor_index
        all_orders.sort(key=lambda o: idx[o.actor])
        g.play(all_orders)
        rec = g.turns[-1]
        db.execute(
            "INSERT INTO turns(turn, orders, state_hash, resolved_at) VALUES (?, ?, ?, ?)",
            (turn, json.dumps([o.to_json() for o in rec.orders], sort_keys=True), rec.state_hash, now()),
        )
        if g.over:
            db.execute("UPDATE meta SET value='ended' WHERE key='status'")
        self._cache = None

    # ---------------------------------------------------------------- facilitator
    def set_status(self, status: str) -> None:
        if status not in ("running", "paused", "ended"):
            raise SessionError(f"unknown status '{status}'")
        with self.store.write() as db:
            db.execute("UPDATE meta SET value=? WHERE key='status'", (status,))

    def intervene(self, kind: str, reason: str, **payload: Any) -> list[Event]:
        """Apply and log a facilitator override (validated on a copy first)."""
        with self.store.write() as db:
            g = self.game()
            iv = Intervention(g.clock, kind, reason, payload)
            try:
                _cs, _s, events = apply_intervention(g.cs, g.state, iv, g.events())
            except InterventionError as exc:
                raise SessionError(str(exc)) from None
            db.execute(
                "INSERT INTO interventions(turn, kind, reason, payload, at) VALUES (?, ?, ?, ?, ?)",
                (iv.turn, kind, reason, json.dumps(payload, sort_keys=True), now()),
            )
            if kind == "end":
                db.execute("UPDATE meta SET value='ended' WHERE key='status'")
            if kind == "extend":
                db.execute("UPDATE meta SET value='running' WHERE key='status'")
        self._cache = None
        return events

    def set_controller(self, actor: str, controller: str, policy: str = "") -> None:
        """Take over an actor (facilitator), hand it to a bot, or give it back to its team."""
        if controller not in ("team", "bot", "facilitator"):
            raise SessionError(f"unknown controller '{controller}'")
        if actor not in self.cs.actor_index:
            raise SessionError(f"unknown actor '{actor}'")
        with self.store.write() as db:
            row = db.execute("SELECT name FROM teams WHERE actor=?", (actor,)).fetchone()
            if row is None:
                raise SessionError(f"no team plays {actor}")
            if controller == "team" and str(row[0]).startswith("bot-"):
                raise SessionError(f"{actor} has no team to give it back to")
            pol = policy or self.cs.actors[self.cs.actor_index[actor]].personality
            db.execute("UPDATE teams SET controller=?, policy=? WHERE actor=?", (controller, pol, actor))

    def submit_as_facilitator(self, actor: str, orders: list[Order]) -> bool:
        """Orders for an actor the facilitator has taken over; True if they completed the turn."""
        t = next((t for t in self.store.teams() if t["actor"] == actor), None)
        if t is None or t["controller"] != "facilitator":
            raise SessionError(f"the facilitator does not control {actor}")
        with self.store.write() as db:
            return self._store_orders(db, actor, "facilitator", orders, f"these are orders for {actor}")

    def _store_orders(self, db: Any, actor: str, team: str, orders: list[Order], whose: str) -> bool:
        """Check one actor's orders (legality, cumulative capital), store them, resolve if all are in.

        Runs inside the caller's write transaction; returns True when the turn resolved.
        """
        g = self.game()
        if g.over or self.status() == "ended":
            raise SessionError("the exercise is over")
        budget = g.state.budget_left[self.cs.actor_index[actor]]
        clean: list[dict[str, str]] = []
        for o in orders:
            if o.actor != actor:
                raise SessionError(f"{whose}, not {o.actor}")
            reason = self._check(g, o, budget)
            if reason:
                raise SessionError(f"{o.move}: {reason}")
            m = self.cs.moves[self.cs.move_index[o.move]]
            c = self.cs.channel_index.get(o.channel, -1) if o.channel else -1
            budget -= m.cost + (self.cs.channels[c].cost if c >= 0 else 0)
            clean.append(o.to_json())
        db.execute(
            "INSERT OR REPLACE INTO orders(turn, actor, team, orders, submitted_at) VALUES (?, ?, ?, ?, ?)",
            (g.turn, actor, team, json.dumps(clean, sort_keys=True), now()),
        )
        if self._all_in(g.turn):
            self._resolve(db, g)
            return True
        return False

    # ---------------------------------------------------------------- views
    def public_events(self) -> list[Event]:
        return [e for e in self.game().events() if e.seen_by is None]

    def team_events(self, team: str) -> list[Event]:
        actor = str(self.team(team)["actor"])
        return self.game().visible_events(actor)


def _bot_orders(cs: CompiledScenario, g: Game, actor: str, policy: str) -> list[Order]:
    try:
        from game.bots import decide
    except ImportError:
        return []
    return list(decide(cs, g.state, actor, policy, g.seed))


__all__ = ["Session", "SessionError", "StoreError", "TeamStatus", "session_path"]
