"""A classroom exercise: teams with secret orders, a facilitator (white cell), one game.

Every process — a team's terminal, the facilitator's console, the projector — opens the
same session store and rebuilds the same game by deterministic replay.  Orders are
written by their team only and read back only by that team until the turn resolves;
the turn resolves inside a write transaction as soon as every team-controlled actor
has submitted (or when the facilitator forces it, or the turn clock runs out), so
exactly one process adjudicates each turn and no order is lost or counted twice.

Every way into a session proves a seat with its code (`authenticate`); what a seat may
then see is decided in `game.classroom.visibility`, never here.  The wall clock lives
in this shell layer (the engine has none): the turn clock's deadline is a time stamp in
the store, so whichever process ticks it, a turn resolves once.
"""

from __future__ import annotations

import hashlib
import json
import time
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

from . import codes as seatcodes
from .access import (
    NAME,
    Clock,
    Credential,
    SessionError,
    auth_wait,
    authenticate,
    check_token,
    clock_text,
    seat_token,
    session_path,
)
from .store import SCHEMA_VERSION, Reconnected, Store, StoreError, now
from .where import Where, exists, open_store

#: A clock owner that has not ticked for this long has gone; another process may take over.
CLOCK_LEASE = 5.0
MAX_TURN_SECONDS = 6 * 3600



class TurnClosed(SessionError):
    """A submission for a turn that has already resolved."""

    def __init__(self, message: str, turn: int) -> None:
        super().__init__(message)
        self.turn = turn


@dataclass(frozen=True)
class TeamStatus:
    name: str
    actor: str
    controller: str
    joined: bool
    submitted: bool



def _retrying(fn: Any) -> Any:
    """A write whose database connection dropped mid-transaction rolled back: do it again
    (bounded).  Every Session write is safe to repeat: orders and drafts are upserts keyed
    by turn and actor, and a turn already resolved is never resolved again."""
    import functools

    @functools.wraps(fn)
    def wrapped(self: Session, *args: Any, **kw: Any) -> Any:
        for attempt in range(4):
            try:
                return fn(self, *args, **kw)
            except Reconnected:
                self._cache = None
                if attempt == 3:
                    raise SessionError("the session store's connection keeps dropping: try again") from None
            except StoreError as exc:
                raise SessionError(str(exc)) from None
        raise AssertionError("unreachable")

    return wrapped


class Session:
    def __init__(self, store: Store) -> None:
        self.store = store
        meta = store.meta()
        self.name = meta.get("name", store.name)
        self.seed = int(meta["seed"])
        self.scenario_text = meta["scenario_text"]
        result = load_text(self.scenario_text, meta.get("scenario_file", "<session>"))
        if not result.ok or result.resolved is None:
            first = result.diagnostics[0].format() if result.diagnostics else "invalid scenario"
            raise SessionError(f"the session's scenario no longer loads: {first}")
        self.cs: CompiledScenario = compile_scenario(result.resolved)
        self._cache: tuple[tuple[int, int], Game] | None = None
        self.new_codes: dict[str, Any] = {}

    # ---------------------------------------------------------------- create / open
    @classmethod
    def create(cls, path: Where, scenario_file: Path, teams: dict[str, str], seed: int,
               turn_seconds: int = 0, course: str = "") -> Session:
        """A new session; its seat codes are then in `new_codes` (shown once, stored hashed)."""
        if not 0 <= turn_seconds <= MAX_TURN_SECONDS:
            raise SessionError(f"the turn clock is 0 (none) to {MAX_TURN_SECONDS} seconds")
        if exists(path):
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
        try:
            store = open_store(path, create=True, course=course)
        except StoreError as exc:
            raise SessionError(str(exc)) from None
        text = result.resolved.text
        with store.write() as db:
            for k, v in {
                "schema": str(SCHEMA_VERSION),
                "name": store.name,
                "course": course,
                "seed": str(seed),
                "scenario_text": text,
                "scenario_hash": hashlib.sha256(text.encode()).hexdigest(),
                "scenario_file": str(scenario_file),
                "status": "running",
                "created_at": now(),
                "turn_seconds": str(turn_seconds),
                "deadline": "",
                "clock_left": "",
                "clock_owner": "",
                "clock_beat": "0",
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
        session = cls(store)
        session.new_codes = session._make_codes(list(teams))
        return session

    # ---------------------------------------------------------------- seat codes
    def _make_codes(self, teams: list[str]) -> dict[str, Any]:
        codes: dict[str, Any] = {"facilitator": seatcodes.new_code(), "projector": seatcodes.new_code(),
                                 "teams": {t: seatcodes.new_code() for t in teams}}
        all_codes = [codes["facilitator"], codes["projector"], *codes["teams"].values()]
        if len(set(all_codes)) != len(all_codes):  # astronomically rare; never hand out one code twice
            return self._make_codes(teams)
        rows = [("facilitator", "", codes["facilitator"]), ("projector", "", codes["projector"])]
        rows += [("team", t, c) for t, c in codes["teams"].items()]
        with self.store.write() as db:
            for role, team, code in rows:
                h = seatcodes.Hashed.of(code)
                db.execute("INSERT OR REPLACE INTO seats(role, team, salt, digest) VALUES (?, ?, ?, ?)",
                           (role, team, h.salt, h.digest))
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('codes_box', ?)",
                       (seatcodes.seal(codes, codes["facilitator"]),))
        return codes

    def has_codes(self) -> bool:
        return bool(self.store.seats())

    @_retrying
    def make_codes(self) -> dict[str, Any]:
        """Codes for a session that has none (one made before seat codes existed)."""
        if self.has_codes():
            raise SessionError("this session has seat codes already: detente class codes shows them "
                               "to the facilitator")
        return self._make_codes([t["name"] for t in self.store.teams() if not str(t["name"]).startswith("bot-")])

    def auth_wait(self, source: str) -> float:
        """Seconds a seat must wait before its next try (after five wrong codes in a row)."""
        return auth_wait(self.store, source)

    def authenticate(self, code: str, source: str = "cli", seat: tuple[str, str] | None = None) -> Credential:
        """The seat this code opens (see `game.classroom.access.authenticate`)."""
        return authenticate(self.store, code, source, seat)

    def token(self, cred: Credential) -> str:
        """A bearer token for a seat a code opened (see `game.classroom.access.seat_token`)."""
        return seat_token(self.store, cred)

    def check_token(self, token: str) -> Credential:
        return check_token(self.store, token)

    # ---------------------------------------------------------------- a course's chief instructor
    @_retrying
    def seal_for_course(self, course_code: str, codes: dict[str, Any]) -> None:
        """Let the course's code (the chief instructor's) print this session's codes again and
        start its servers; the section's own facilitator code keeps working."""
        h = seatcodes.Hashed.of(course_code)
        with self.store.write() as db:
            for k, v in (("course_salt", h.salt), ("course_digest", h.digest),
                         ("course_box", seatcodes.seal(codes, course_code))):
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (k, v))

    def is_course_code(self, code: str) -> bool:
        meta = self.store.meta()
        salt, digest = meta.get("course_salt", ""), meta.get("course_digest", "")
        return bool(salt) and seatcodes.Hashed(salt, digest).matches(code)

    def course(self) -> str:
        return self.store.meta().get("course", "")

    def codes(self, facilitator_code: str) -> dict[str, Any]:
        """Every seat's code, for the facilitator only (the facilitator's code opens them)."""
        if self.is_course_code(facilitator_code):
            try:
                return seatcodes.unseal(self.store.meta().get("course_box", ""), facilitator_code)
            except seatcodes.CodeError as exc:
                raise SessionError(str(exc)) from None
        cred = self.authenticate(facilitator_code)
        if cred.role != "facilitator":
            raise SessionError("only the facilitator's code shows the seat codes")
        box = self.store.meta().get("codes_box", "")
        try:
            return seatcodes.unseal(box, facilitator_code)
        except seatcodes.CodeError as exc:
            raise SessionError(str(exc)) from None

    @classmethod
    def open(cls, path: Where) -> Session:
        try:
            return cls(open_store(path))
        except StoreError as exc:
            raise SessionError(str(exc)) from None

    def close(self) -> None:
        self.store.close()

    # ---------------------------------------------------------------- the game
    @_retrying
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

    @_retrying
    def status(self) -> str:
        return self.store.meta().get("status", "running")

    @_retrying
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

    @_retrying
    def join(self, team: str) -> str:
        """Mark a team as present (rejoining is fine) and return its actor."""
        t = self.team(team)
        if t["controller"] == "bot" and team.startswith("bot-"):
            raise SessionError(f"'{team}' is computer-controlled")
        with self.store.write() as db:
            db.execute("UPDATE teams SET joined_at=? WHERE name=?", (now(), team))
        return str(t["actor"])

    # ---------------------------------------------------------------- orders
    @_retrying
    def submit(self, team: str, orders: list[Order], turn: int | None = None) -> bool:
        """Store a team's secret orders for the current turn; resolve if everyone is in.

        Returns True when this submission completed the turn and it was resolved.  `turn`
        (a script's submission) must be the current turn, checked inside the write: a retry
        that arrives after its turn closed is refused (`TurnClosed`), never filed under the
        next turn.
        """
        t = self.team(team)
        if t["controller"] != "team":
            raise SessionError(f"{t['actor']} is controlled by the {t['controller']} now")
        actor = str(t["actor"])
        if self.status() == "paused":  # said before anything is checked or written
            raise SessionError("the facilitator has paused the exercise")
        with self.store.write() as db:
            if self.status() == "paused":
                raise SessionError("the facilitator has paused the exercise")
            return self._store_orders(db, actor, team, orders, f"team {team} plays {actor}", turn)

    # ---------------------------------------------------------------- drafts
    @_retrying
    def save_draft(self, team: str, orders: list[Order]) -> None:
        """A team's orders as it edits them: a closed or crashed seat comes back to them, and
        a second seat of the same team sees them.  Checked for shape only (legality is
        checked on submit, when the capital is known)."""
        t = self.team(team)
        actor = str(t["actor"])
        self._save_draft(actor, team, orders)

    @_retrying
    def save_facilitator_draft(self, actor: str, orders: list[Order]) -> None:
        self._save_draft(actor, "facilitator", orders)

    def _save_draft(self, actor: str, team: str, orders: list[Order]) -> None:
        for o in orders:
            if o.actor != actor or o.move not in self.cs.move_index:
                raise SessionError(f"a draft for {actor} holds an order that is not {actor}'s")
        with self.store.write() as db:
            turn = self.game().turn
            db.execute("INSERT OR REPLACE INTO drafts(turn, actor, team, orders, updated_at) VALUES (?, ?, ?, ?, ?)",
                       (turn, actor, team, json.dumps([o.to_json() for o in orders], sort_keys=True), now()))

    def draft(self, actor: str) -> list[Order] | None:
        raw = self.store.draft(self.game().turn, actor)
        return None if raw is None else [Order(**o) for o in raw]

    # ---------------------------------------------------------------- the turn clock
    def _meta_float(self, meta: dict[str, str], key: str) -> float | None:
        v = meta.get(key, "")
        try:
            return float(v) if v else None
        except ValueError:
            return None

    @_retrying
    def clock(self, at: float | None = None) -> Clock:
        at = time.time() if at is None else at
        meta = self.store.meta()
        seconds = int(meta.get("turn_seconds", "0") or 0)
        paused = meta.get("status") == "paused"
        deadline = self._meta_float(meta, "deadline")
        left = self._meta_float(meta, "clock_left")
        if not seconds or self.game().over:
            return Clock(0 if not seconds else seconds, None, paused)
        if deadline is not None:
            return Clock(seconds, max(0.0, deadline - at), paused)
        return Clock(seconds, left, paused)

    @_retrying
    def set_clock(self, seconds: int, at: float | None = None) -> None:
        """A new time box per turn; the current turn gets the whole of it from now."""
        if not 0 <= seconds <= MAX_TURN_SECONDS:
            raise SessionError(f"the turn clock is 0 (none) to {MAX_TURN_SECONDS} seconds")
        at = time.time() if at is None else at
        with self.store.write() as db:
            paused = self.status() == "paused"
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('turn_seconds', ?)", (str(seconds),))
            deadline = "" if not seconds or paused else repr(at + seconds)
            left = repr(float(seconds)) if seconds and paused else ""
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('deadline', ?)", (deadline,))
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clock_left', ?)", (left,))

    @_retrying
    def claim_clock(self, owner: str, at: float | None = None, *, lease: float = CLOCK_LEASE) -> bool:
        """Become (or stay) the one process that ticks this session's clock.

        A live owner keeps it; one that has not ticked for `lease` seconds has gone (a
        crashed server), and the claim passes on.  Returns True while `owner` holds it.
        """
        at = time.time() if at is None else at
        with self.store.write(quiet=True) as db:  # a heartbeat: no seat needs to hear of it
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            cur = meta.get("clock_owner", "")
            beat = self._meta_float(meta, "clock_beat") or 0.0
            if cur and cur != owner and at - beat < lease:
                return False
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clock_owner', ?)", (owner,))
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clock_beat', ?)", (repr(at),))
            return True

    @_retrying
    def release_clock(self, owner: str, at: float | None = None) -> None:
        """The owner leaves (server stopped, console closed): the clock stops where it is and
        runs on when the next owner ticks — a turn never closes while nobody keeps the time."""
        at = time.time() if at is None else at
        with self.store.write() as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("clock_owner") != owner:
                return
            db.execute("UPDATE meta SET value='' WHERE key='clock_owner'")
            deadline = self._meta_float(meta, "deadline")
            if deadline is not None:
                db.execute("UPDATE meta SET value=? WHERE key='clock_left'", (repr(max(0.0, deadline - at)),))
                db.execute("UPDATE meta SET value='' WHERE key='deadline'")

    @_retrying
    def tick(self, at: float | None = None) -> bool:
        """The clock owner's once-a-second call: start the clock, or close a turn whose time is up.

        Returns True when this call resolved a turn.  Inside one write transaction the
        deadline is read, checked against the turn it belongs to, and the turn resolved,
        so two processes ticking together still resolve it once.
        """
        at = time.time() if at is None else at
        # Most ticks find nothing to do: decide that without a write (a write is heard by
        # every listening seat), then check again inside the write before acting.
        meta = self.store.meta()
        if not int(meta.get("turn_seconds", "0") or 0) or meta.get("status") != "running":
            return False
        deadline = self._meta_float(meta, "deadline")
        if deadline is not None and at < deadline:
            return False
        with self.store.write() as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            seconds = int(meta.get("turn_seconds", "0") or 0)
            if not seconds or meta.get("status") != "running":
                return False
            g = self.game()
            if g.over:
                return False
            deadline = self._meta_float(meta, "deadline")
            if deadline is None:  # the first tick of a session (or after a clock change): start it
                left = self._meta_float(meta, "clock_left")
                db.execute("UPDATE meta SET value=? WHERE key='deadline'", (repr(at + (left or seconds)),))
                db.execute("UPDATE meta SET value='' WHERE key='clock_left'")
                return False
            if at < deadline:
                return False
            self._resolve(db, g, "clock", at)
            return True

    def _restart_clock(self, db: Any, at: float) -> None:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        seconds = int(meta.get("turn_seconds", "0") or 0)
        if seconds:
            running = meta.get("status") == "running"
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('deadline', ?)",
                       (repr(at + seconds) if running else "",))
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clock_left', ?)",
                       ("" if running else repr(float(seconds)),))

    def closing(self, turn: int) -> tuple[str, list[str]] | None:
        """How a resolved turn was closed ('all_in', 'facilitator', 'clock') and who held."""
        return self.store.closings().get(turn)

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

    @_retrying
    def resolve(self) -> None:
        """The facilitator closes the turn now (teams that did not submit hold)."""
        with self.store.write() as db:
            g = self.game()
            if g.over:
                raise SessionError("the exercise is over")
            self._resolve(db, g, "facilitator")

    def _resolve(self, db: Any, g: Game, closed_by: str = "all_in", at: float | None = None) -> None:
        turn = g.turn
        if db.execute("SELECT 1 FROM turns WHERE turn=?", (turn,)).fetchone():
            return  # someone else resolved it first
        all_orders: list[Order] = []
        rows = db.execute("SELECT actor, orders FROM orders WHERE turn=? ORDER BY actor", (turn,)).fetchall()
        submitted = {a: [Order(**o) for o in json.loads(js)] for a, js in rows}
        held: list[str] = []
        for t in self.store.teams():
            actor = t["actor"]
            if t["controller"] in ("team", "facilitator") and actor not in submitted:
                held.append(actor)
            if t["controller"] == "team" or actor in submitted:
                all_orders.extend(submitted.get(actor, []))
            elif t["controller"] == "bot":
                all_orders.extend(_bot_orders(self.cs, g, actor, t["policy"] or "doctrine"))
        # Sort into the scenario's actor order so the record does not depend on who typed first.
        idx = self.cs.actor_index
        all_orders.sort(key=lambda o: idx[o.actor])
        g.play_turn(all_orders)
        rec = g.turns[-1]
        db.execute(
            "INSERT INTO turns(turn, orders, state_hash, resolved_at, closed_by, held) VALUES (?, ?, ?, ?, ?, ?)",
            (turn, json.dumps([o.to_json() for o in rec.orders], sort_keys=True), rec.state_hash, now(),
             closed_by, json.dumps(sorted(held, key=self.cs.actor_index.__getitem__))),
        )
        if g.over:
            db.execute("UPDATE meta SET value='ended' WHERE key='status'")
        self._restart_clock(db, time.time() if at is None else at)
        self._cache = None

    # ---------------------------------------------------------------- facilitator
    @_retrying
    def set_status(self, status: str, at: float | None = None) -> None:
        """Pause stops the turn clock where it is; resume starts it again from there."""
        if status not in ("running", "paused", "ended"):
            raise SessionError(f"unknown status '{status}'")
        at = time.time() if at is None else at
        with self.store.write() as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            deadline = self._meta_float(meta, "deadline")
            left = self._meta_float(meta, "clock_left")
            if status == "paused" and deadline is not None:
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clock_left', ?)",
                           (repr(max(0.0, deadline - at)),))
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('deadline', '')")
            elif status == "running" and meta.get("status") == "paused" and left is not None:
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('deadline', ?)", (repr(at + left),))
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clock_left', '')")
            db.execute("UPDATE meta SET value=? WHERE key='status'", (status,))

    @_retrying
    def intervene(self, kind: str, reason: str, note: str = "", **payload: Any) -> list[Event]:
        """Apply and log a facilitator override (validated on a copy first).

        `reason` is the white cell's rationale: stored, shown to the facilitator and in the
        AAR's controller section, never to a team or the projector.  `note` is the optional
        text for the players who learn of the override.
        """
        if note.strip():
            payload["note"] = note.strip()
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

    @_retrying
    def add_note(self, text: str, team: str = "", objective: str = "", turn: int | None = None) -> dict[str, Any]:
        """An evaluator's note, for the AAR: attached to a turn (default: the current one) and
        optionally to a team and one of its actor's objectives."""
        text = " ".join(text.split())
        if not text:
            raise SessionError("an evaluator note needs some text")
        if len(text) > 4000:
            raise SessionError("an evaluator note is at most 4000 characters")
        g = self.game()
        turn = min(g.turn, g.cs.turns) if turn is None else turn
        if not 1 <= turn <= g.cs.turns:
            raise SessionError(f"turn {turn} is not a turn of this exercise (1 to {g.cs.turns})")
        if team:
            t = self.team(team)
            if objective:
                actor = self.cs.actors[self.cs.actor_index[str(t["actor"])]]
                ids = [o[0] for o in actor.objectives]
                if objective not in ids:
                    raise SessionError(f"'{objective}' is not an objective of {actor.name} "
                                       f"({', '.join(ids) or 'it has none'})")
        elif objective:
            raise SessionError("an objective belongs to a team's actor: give the team too")
        note = {"turn": turn, "team": team, "objective": objective, "text": text, "at": now()}
        with self.store.write() as db:
            db.execute("INSERT INTO notes(turn, team, objective, text, at) VALUES (?, ?, ?, ?, ?)",
                       (turn, team, objective, text, note["at"]))
        return note

    @_retrying
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

    @_retrying
    def submit_as_facilitator(self, actor: str, orders: list[Order]) -> bool:
        """Orders for an actor the facilitator has taken over; True if they completed the turn."""
        t = next((t for t in self.store.teams() if t["actor"] == actor), None)
        if t is None or t["controller"] != "facilitator":
            raise SessionError(f"the facilitator does not control {actor}")
        with self.store.write() as db:
            return self._store_orders(db, actor, "facilitator", orders, f"these are orders for {actor}")

    def _store_orders(self, db: Any, actor: str, team: str, orders: list[Order], whose: str,
                      turn: int | None = None) -> bool:
        """Check one actor's orders (legality, cumulative capital), store them, resolve if all are in.

        Runs inside the caller's write transaction; returns True when the turn resolved.
        """
        g = self.game()
        if turn is not None and turn != g.turn:
            raise TurnClosed(f"turn {turn} is closed (the game is at turn {g.turn})", turn)
        if turn is not None and len(g.turns) >= turn:  # the game ended with this turn (its number stays)
            raise TurnClosed(f"turn {turn} is closed (the exercise is over)", turn)
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
        text = json.dumps(clean, sort_keys=True)
        db.execute(
            "INSERT OR REPLACE INTO orders(turn, actor, team, orders, submitted_at) VALUES (?, ?, ?, ?, ?)",
            (g.turn, actor, team, text, now()),
        )
        db.execute("INSERT OR REPLACE INTO drafts(turn, actor, team, orders, updated_at) VALUES (?, ?, ?, ?, ?)",
                   (g.turn, actor, team, text, now()))
        if self._all_in(g.turn):
            self._resolve(db, g)
            return True
        return False

    # ---------------------------------------------------------------- views
    def public_events(self) -> list[Event]:
        """What the projector may show (see game.classroom.visibility)."""
        from .visibility import seat_events

        return seat_events(self.game(), Credential("projector"))

    def team_events(self, team: str) -> list[Event]:
        from .visibility import seat_events

        actor = str(self.team(team)["actor"])
        return seat_events(self.game(), Credential("team", team, actor))


def _bot_orders(cs: CompiledScenario, g: Game, actor: str, policy: str) -> list[Order]:
    try:
        from game.bots import decide
    except ImportError:
        return []
    return list(decide(cs, g.state, actor, policy, g.seed))


__all__ = ["Clock", "Credential", "Session", "SessionError", "StoreError", "TeamStatus", "clock_text",
           "session_path"]
