"""The game state: flat lists indexed by compiled actor/pair/move numbers.

`step` does not mutate its input unless asked to (`copy=False`, for callers that own
the state, such as `Game.play(record=False)`): it copies the state (shallow copies of
flat lists are cheap) and changes the copy.  Keeping everything in lists of numbers, not
objects or dicts, is what lets playtests run thousands of games a second, and makes
hashing canonical.

Per-move use counts and last-use turns are flat lists indexed `move * na + actor` (na = number of
actors), so that counting a move is an index, not a dict update, and the canonical
form lists them in (move, actor) order exactly as the earlier dict form did.  Category
and doctrine-tag counts are flat lists indexed `label * (na + 1) + actor`, the last
slot of each row (`actor = na`) counting every actor.
"""

from __future__ import annotations

import hashlib
from typing import Final

ACTOR_METRICS: Final = ("capability", "readiness", "domestic_pressure", "credibility", "legitimacy")
AM: Final = {m: i for i, m in enumerate(ACTOR_METRICS)}
GLOBAL_METRICS: Final = ("stability", "humanitarian", "misinformation")
GM: Final = {m: i for i, m in enumerate(GLOBAL_METRICS)}
# The rows by name, as literals: compiled code inlines them (tests check they match).
CAP: Final = 0
READY: Final = 1
PRESS: Final = 2
CRED: Final = 3
LEGIT: Final = 4
STAB: Final = 0
HUM: Final = 1
MIS: Final = 2


class State:
    __slots__ = (
        "turn", "over", "ending", "g", "rung", "max_rung", "trust", "tension", "fear", "fid", "open",
        "stage", "cbms", "am", "budget_left", "intel_bonus", "flags", "na", "uses", "move_total", "cat_counts",
        "tag_counts", "used_on", "last_used", "treaty_active", "fired", "attacked", "attackers",
        "claims", "notified", "obligations", "inflight", "redlines", "debriefs", "crossings",
        "stability_hist", "rung_hist", "seq", "escalated", "threatened", "mediator", "constraint", "contacts",
        "covert",
    )

    turn: int
    over: bool
    ending: int
    g: list[float]
    rung: int
    max_rung: int
    trust: list[float]
    tension: list[float]
    fear: list[float]
    fid: list[float]
    open: list[int]
    stage: list[int]
    cbms: list[int]
    am: list[list[float]]
    budget_left: list[int]
    intel_bonus: list[float]
    flags: list[bool]
    na: int  # number of actors (row width of `uses`)
    uses: list[int]  # [move * na + actor] -> times ordered
    move_total: list[int]
    cat_counts: list[int]  # [category * (na + 1) + actor], actor = na: everyone
    tag_counts: list[int]  # [tag * (na + 1) + actor], actor = na: everyone
    used_on: set[tuple[int, int, int]]
    last_used: list[int]  # [move * na + actor] -> last turn ordered (0: never; turns start at 1)
    treaty_active: list[bool]
    fired: list[int]
    attacked: list[bool]
    attackers: list[int]
    claims: list[tuple[str, int]]
    notified: dict[tuple[int, int], int]
    obligations: list[tuple[int, int, int, int]]
    inflight: list[tuple[int, int, int, int, int, int, int]]
    redlines: list[int]
    debriefs: list[int]
    crossings: list[tuple[int, int]]
    stability_hist: list[float]
    rung_hist: list[int]
    seq: int
    escalated: bool
    threatened: list[bool]  # [actor]: the target of a threat short of an armed attack (§ 7)
    mediator: list[int]  # [pair]: the actor that brokered their current stage (-1: none, or bilateral)
    constraint: list[int]  # [pair]: last turn a constraint measure binds them (0: none)
    contacts: list[int]  # [pair]: contacts measures taken (slow, durable trust)
    covert: list[tuple[int, int, int, int]]  # (turn, actor, move, target) of concealed moves not yet exposed

    def copy(self) -> State:
        """An independent copy (every list copied; tuples inside are immutable)."""
        s = State.__new__(State)
        s.turn = self.turn
        s.over = self.over
        s.ending = self.ending
        s.g = self.g[:]
        s.rung = self.rung
        s.max_rung = self.max_rung
        s.trust = self.trust[:]
        s.tension = self.tension[:]
        s.fear = self.fear[:]
        s.fid = self.fid[:]
        s.open = self.open[:]
        s.stage = self.stage[:]
        s.cbms = self.cbms[:]
        s.am = [row[:] for row in self.am]
        s.budget_left = self.budget_left[:]
        s.intel_bonus = self.intel_bonus[:]
        s.flags = self.flags[:]
        s.na = self.na
        s.uses = self.uses[:]
        s.move_total = self.move_total[:]
        s.cat_counts = self.cat_counts[:]
        s.tag_counts = self.tag_counts[:]
        s.used_on = set(self.used_on)
        s.last_used = self.last_used[:]
        s.treaty_active = self.treaty_active[:]
        s.fired = self.fired[:]
        s.attacked = self.attacked[:]
        s.attackers = self.attackers[:]
        s.claims = self.claims[:]
        s.notified = dict(self.notified)
        s.obligations = self.obligations[:]
        s.inflight = self.inflight[:]
        s.redlines = self.redlines[:]
        s.debriefs = self.debriefs[:]
        s.crossings = self.crossings[:]
        s.stability_hist = self.stability_hist[:]
        s.rung_hist = self.rung_hist[:]
        s.seq = self.seq
        s.escalated = self.escalated
        s.threatened = self.threatened[:]
        s.mediator = self.mediator[:]
        s.constraint = self.constraint[:]
        s.contacts = self.contacts[:]
        s.covert = self.covert[:]
        return s

    def canonical(self) -> str:
        """A text form that is identical on every machine (no dict or set order leaks in)."""
        parts = [
            f"t{self.turn}o{int(self.over)}e{self.ending}r{self.rung}m{self.max_rung}q{self.seq}",
            "g" + ",".join(repr(x) for x in self.g),
            "T" + ",".join(repr(x) for x in self.trust),
            "N" + ",".join(repr(x) for x in self.tension),
            "F" + ",".join(repr(x) for x in self.fear),
            "D" + ",".join(repr(x) for x in self.fid),
            "O" + ",".join(map(str, self.open)),
            "S" + ",".join(map(str, self.stage)),
            "A" + ";".join(",".join(repr(x) for x in row) for row in self.am),
            "B" + ",".join(map(str, self.budget_left)),
            "I" + ",".join(repr(x) for x in self.intel_bonus),
            "f" + "".join("1" if x else "0" for x in self.flags),
            "U" + ",".join(f"{x // self.na}.{x % self.na}={v}" for x, v in enumerate(self.uses) if v),
            "L" + ",".join(f"{x // self.na}.{x % self.na}={v}" for x, v in enumerate(self.last_used) if v),
            "Y" + "".join("1" if x else "0" for x in self.treaty_active),
            "X" + ",".join(map(str, self.fired)),
            "K" + "".join("1" if x else "0" for x in self.attacked),
            "C" + ",".join(f"{c}{t}" for c, t in self.claims),
            "W" + ",".join(f"{k[0]}.{k[1]}={v}" for k, v in sorted(self.notified.items())),
            "Q" + ",".join(map(str, sorted(self.obligations))),
            "M" + ",".join(map(str, self.inflight)),
            "R" + ",".join(map(str, self.redlines)),
            "P" + ",".join(map(str, self.debriefs)),
            "Z" + ",".join(map(str, self.crossings)),
            "H" + ",".join(repr(x) for x in self.stability_hist),
            "k" + "".join("1" if x else "0" for x in self.threatened),
            "m" + ",".join(map(str, self.mediator)),
            "c" + ",".join(map(str, self.constraint)),
            "n" + ",".join(map(str, self.contacts)),
            "v" + ",".join(map(str, self.covert)),
        ]
        return "|".join(parts)


def state_hash(state: State) -> str:
    """SHA-256 of the canonical state: the fingerprint saves and replays check."""
    return hashlib.sha256(state.canonical().encode()).hexdigest()
