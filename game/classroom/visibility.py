"""What each seat may see: the one place where classroom secrecy is decided.

A seat is a team (one actor), the facilitator (the white cell) or the projector (the
room).  Every screen, report and export asks this module, and nothing else, which
events, orders and facilitator texts a seat may read, so the rule can be read and
tested in one place:

* An event's audience starts as the engine's ``seen_by`` (None: public; a tuple: the
  actors who learn of it; ``()``: the white cell only).
* An event is never shown more widely than the event it follows from: a public effect
  of a private move is seen by the move's parties only (the dice are the exception: a
  chance inject that fires is seen by its own audience, the roll by nobody).
* The facilitator's note that opens an override takes the audience of what it released
  (a private inject does not announce itself to other teams through that note).
* A learning point is seen only by the seats that could know what its condition reads:
  ``channel_open(hotline, a, b)`` speaks of a and b, ``fired(k)`` of k's audience, a flag
  of the audiences of whatever sets it; one that reads only public numbers (stability,
  rung, turn) is public.
* The white cell's rationale for an override never reaches a team or the projector:
  the engine never puts it in an event, and only `controller_notes` (facilitator seat,
  AAR controller section) returns it.
* Orders are secret until the turn resolves, from the facilitator too; a team sees the
  orders stored in its actor's name, including those the facilitator gave for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.engine.compile import CompiledScenario
from game.engine.events import Event
from game.scenario.expr import ExprError, parse, walk

if TYPE_CHECKING:
    from game.engine.game import Game

    from .session import Credential, Session

Audience = tuple[str, ...] | None  # None: everyone; (): the white cell only

ROLES = ("team", "facilitator", "projector")


def _meet(a: Audience, b: Audience) -> Audience:
    """The seats in both audiences (None is everyone)."""
    if a is None:
        return b
    if b is None:
        return a
    keep = set(b)
    return tuple(x for x in a if x in keep)


def _meet_all(items: Iterable[Audience]) -> Audience:
    out: Audience = None
    for x in items:
        out = _meet(out, x)
    return out


def may_see(seat: Credential, audience: Audience) -> bool:
    if seat.role == "facilitator":
        return True
    if audience is None:
        return True
    return seat.role == "team" and seat.actor in audience


# ----------------------------------------------------------------------------- learning points


def condition_audience(cs: CompiledScenario, source: str) -> Audience:
    """Who may learn that this condition holds: the meet of what each of its facts reveals."""
    try:
        tree = parse(source).tree
    except ExprError:
        return ()
    ids = {a.id for a in cs.actors}
    out: list[Audience] = []
    for node in walk(tree):
        if node[0] != "call":
            continue
        name = node[1]
        args = [a[2] for a in node[2] if a[0] == "sym"]
        actors = tuple(a for a in args if a in ids)
        if name in ("tension", "trust", "stage", "channel_open", "used_on", "capability", "readiness",
                    "domestic_pressure", "credibility", "legitimacy", "attacked"):
            out.append(actors)
        elif name in ("used", "count", "category", "tagged"):
            if actors:
                out.append(actors)
            elif name in ("used", "count") and args and args[0] in cs.move_index and all(
                    cs.moves[cs.move_index[args[0]]].public or (False,)):
                out.append(None)  # a move that is public on every channel: everyone saw it
            else:
                out.append(())  # anyone's private use: only the white cell knows
        elif name == "fired":
            k = cs.inject_index.get(args[0] if args else "", -1)
            out.append(() if k < 0 else _inject_audience(cs, k))
        elif name == "flag":
            out.append(_flag_audience(cs, args[0] if args else ""))
        # treaty_active, crossed, min, max, abs and the globals read public facts
    return _meet_all(out)


def _inject_audience(cs: CompiledScenario, k: int) -> Audience:
    to = cs.injects[k].to
    return None if to is None else tuple(cs.actors[i].id for i in to)


def _flag_audience(cs: CompiledScenario, flag: str) -> Audience:
    """Whoever saw every way the flag can be set (a move setting it: its parties only, unknown
    statically, so the white cell only — unless the move is public on every channel)."""
    if flag not in cs.flags:
        return ()
    fi = cs.flags.index(flag)
    setters: list[Audience] = []
    for k in cs.injects:
        if any(f == fi for f, _v in k.flags):
            setters.append(_inject_audience(cs, k.idx))
    for m in cs.moves:
        if any(f == fi for f, _v in m.flags):
            setters.append(None if m.public and all(m.public) else ())
    if not setters:
        return ()
    # Seen by a seat only if that seat saw whichever setter fired: the meet of them all.
    return _meet_all(setters)


# ----------------------------------------------------------------------------- events


class Visibility:
    """The audience of every event of a game, for one compiled scenario."""

    def __init__(self, cs: CompiledScenario) -> None:
        self.cs = cs
        self.points: dict[str, Audience] = {}
        sc = cs.scenario
        if sc is not None:
            for d in sc.debrief:
                self.points[d.id] = condition_audience(cs, str(d.when))

    def audiences(self, events: Sequence[Event]) -> dict[int, Audience]:
        aud: dict[int, Audience] = {}
        by_seq = {e.seq: e for e in events}
        for e in events:  # parents always come before their children
            a: Audience = e.seen_by
            if e.kind == "debrief":
                a = _meet(a, self.points.get(e.move, ()))
            parent = by_seq.get(e.parent) if e.parent >= 0 else None
            if parent is not None and parent.kind != "roll":
                a = _meet(a, aud.get(parent.seq))
            aud[e.seq] = a
        # An override's opening note is as private as what it released.
        for e in events:
            if e.kind == "inject" and e.rule == "override" and e.parent in by_seq:
                root = by_seq[e.parent]
                if root.kind == "note" and root.rule == "override":
                    aud[root.seq] = _meet(aud[root.seq], e.seen_by)
        return aud

    def events(self, g: Game, seat: Credential) -> list[Event]:
        """The events of the game this seat may see, in order."""
        events = g.events()
        if seat.role == "facilitator":
            return list(events)
        aud = self.audiences(events)
        return [e for e in events if may_see(seat, aud[e.seq])]

    def audience_of(self, g: Game) -> dict[int, Audience]:
        return self.audiences(g.events())


_CACHE: dict[int, tuple[CompiledScenario, Visibility]] = {}


def for_scenario(cs: CompiledScenario) -> Visibility:
    """One Visibility per compiled scenario (its learning points are analysed once)."""
    hit = _CACHE.get(id(cs))
    if hit is None or hit[0] is not cs:
        if len(_CACHE) > 64:
            _CACHE.clear()
        hit = (cs, Visibility(cs))
        _CACHE[id(cs)] = hit
    return hit[1]


def seat_events(g: Game, seat: Credential) -> list[Event]:
    """The events of `g` this seat may see (the function every screen and report calls)."""
    return for_scenario(g.cs).events(g, seat)


# ----------------------------------------------------------------------------- record


@dataclass(frozen=True)
class OrdersSeen:
    """What a seat may know of one actor's orders for a turn."""

    actor: str
    submitted: bool
    given_by: str  # a team name, 'facilitator', or '' (not in)
    orders: tuple[dict[str, str], ...] | None  # None: this seat may not see them


def orders_seen(session: Session, seat: Credential, turn: int) -> list[OrdersSeen]:
    """Who is in for a turn; the content only for a team's own actor (after resolution too)."""
    out: list[OrdersSeen] = []
    for row in session.store.order_rows(turn):
        mine = seat.role == "team" and row["actor"] == seat.actor
        out.append(OrdersSeen(row["actor"], True, str(row["team"]), tuple(row["orders"]) if mine else None))
    return out


def own_draft(session: Session, seat: Credential) -> list[dict[str, str]] | None:
    """A team's draft for the current turn (no other seat reads drafts)."""
    if seat.role != "team":
        return None
    return session.store.draft(session.game().turn, seat.actor)


def given_for_me(session: Session, seat: Credential, turn: int) -> list[dict[str, str]] | None:
    """The orders the facilitator gave in this team's name for a turn (None: it gave none)."""
    if seat.role != "team":
        return None
    if session.store.given_by(turn, seat.actor) != "facilitator":
        return None
    return session.store.own_orders(turn, seat.actor)


def controller_notes(session: Session, seat: Credential) -> list[dict[str, Any]]:
    """Every override with the white cell's rationale: the facilitator's seat only."""
    if seat.role != "facilitator":
        return []
    return session.store.interventions()


def evaluator_notes(session: Session, seat: Credential) -> list[dict[str, Any]]:
    """The evaluator's notes: the facilitator's seat (and the AAR) only."""
    if seat.role != "facilitator":
        return []
    return session.store.notes()


def held_note(session: Session, seat: Credential, turn: int) -> str:
    """'You held this turn (time ran out)' for a team that gave no orders, else ''."""
    if seat.role != "team":
        return ""
    closing = session.closing(turn)
    if closing is None or seat.actor not in closing[1]:
        return ""
    why = {"clock": "time ran out", "facilitator": "the facilitator closed the turn"}.get(closing[0], "no orders")
    return f"You held turn {turn} ({why})."


__all__ = [
    "ROLES", "Audience", "OrdersSeen", "Visibility", "condition_audience", "controller_notes", "evaluator_notes",
    "for_scenario",
    "given_for_me", "held_note", "may_see", "orders_seen", "own_draft", "seat_events",
]
