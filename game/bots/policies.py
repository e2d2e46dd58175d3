"""Bot personalities: how each weighs the moves its actor may use this turn.

Speed matters (a playtest asks for tens of thousands of decisions a second), so a policy
is split in two:

- a *static* part, computed once per scenario and actor: every candidate move falls in a
  class (``classify``) and gets a weight within its class (``within``);
- a *dynamic* part, per turn: one multiplier per class from what the actor knows
  (``POLICY``).  The multipliers depend on a few yes/no judgements (is the ladder
  climbing? is a dispute ripe?), the policy's *situation*; a decision computes only
  that key, and the weights for each situation are built once and reused.

Characters, after the brief:
- random: any legal move, uniformly.
- hawk: coerces and escalates, in public; rallies its allies.
- dove: de-escalates, builds confidence, helps, mediates; never threatens.
- tit_for_tat: starts friendly, then mirrors what was done to it last turn
  (cooperative <-> Goldstein > 0, hostile <-> Goldstein < 0), often with the same move.
- opportunist: coerces an actor it believes clearly weaker and does not trust;
  otherwise cooperates where it pays (mediation, humanitarian standing, CBMs).
- doctrine: the brief's doctrine -- hotline if open else establish one, attachés,
  Track II when tension is high, CBMs, mediation when ripe, humanitarian assistance,
  counter misinformation, consult allies, honour commitments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.engine.compile import CompiledScenario
from game.engine.state import CRED, HUM, MIS

from .beliefs import Beliefs
from .tables import Cand

POLICIES = ("random", "hawk", "dove", "tit_for_tat", "opportunist", "doctrine")

CLASSES = (
    "open_hotline", "open_channel", "honour", "invoke", "exercise", "ally", "spoil", "military", "threat",
    "deesc", "mediation", "cbm", "humanitarian", "info", "talk", "other",
)


def classify(cs: CompiledScenario, c: Cand) -> str:
    """The class of a candidate move (same for every policy)."""
    m = c.move
    if m.opens_channel >= 0:
        return "open_hotline" if cs.channels[m.opens_channel].id == "hotline" else "open_channel"
    if m.alliance in ("honour", "invoke", "exercise"):
        return m.alliance
    if m.mediation == "spoil":
        return "spoil"
    if c.hostile:
        return "military" if m.category == "military" else "threat"
    if c.deesc:
        return "deesc"
    if m.mediation:
        return "mediation"
    if m.alliance in ("consult", "share_intel"):
        return "ally"
    if m.cbm:
        return "cbm"
    if m.category == "humanitarian":
        return "humanitarian"
    if m.category == "information":
        return "info"
    if m.category == "communication" and c.g > 0:
        return "talk"
    return "other"


def within(policy: str, c: Cand) -> float:
    """A candidate's static weight within its class for a policy."""
    if policy == "random":
        return 1.0
    m = c.move
    if c.hostile:  # the harsher, the more a coercer likes it
        return 1.0 + max(0.0, -c.g) / 2.0 + 1.5 * max(0, m.rung)
    if policy in ("dove", "doctrine") and m.cbm == "constraint":
        return 0.7  # costly; used, but not first
    return 1.0 + max(0.0, c.g) / 6.0


Mult = dict[str, float]
#: What a policy's multipliers depend on this turn, as a small hashable key.  A decision
#: computes only the key; the multipliers (and the draw weights built from them) are
#: computed once per key and reused, since a policy has only a handful of situations.
Situation = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    """A personality's per-turn part: ``situation`` reads beliefs, ``multipliers`` weighs classes."""

    situation: Callable[[Beliefs], Situation]
    multipliers: Callable[[Situation], Mult | None]


def _none(b: Beliefs) -> Situation:
    return ()


def _random(sit: Situation) -> Mult | None:
    return None  # every class in proportion to its size: uniform over moves


def _hawk(sit: Situation) -> Mult:
    return {
        "military": 4.0, "threat": 3.0, "exercise": 2.5, "invoke": 3.0, "honour": 3.0, "ally": 0.6,
        "spoil": 0.3, "deesc": 0.0, "mediation": 0.0, "open_hotline": 0.0, "open_channel": 0.05,
        "cbm": 0.05, "humanitarian": 0.05, "info": 0.1, "talk": 0.08, "other": 0.1,
    }


def _dove_situation(b: Beliefs) -> Situation:
    return (b.s.rung > 0, b.world(MIS) > 20)


def _dove(sit: Situation) -> Mult:
    escalated, misinformed = sit
    return {
        "military": 0.0, "threat": 0.0, "spoil": 0.0, "invoke": 0.0, "exercise": 0.0,
        "deesc": 5.0 if escalated else 0.3, "cbm": 3.0, "humanitarian": 3.0, "mediation": 3.0,
        "info": 2.0 if misinformed else 0.3, "talk": 2.0, "open_hotline": 2.0, "open_channel": 1.0,
        "ally": 1.0, "honour": 1.0, "other": 0.5,
    }


def _doctrine_situation(b: Beliefs) -> Situation:
    rivals = b.rivals()
    top = rivals[0] if rivals else -1
    hot = b.cs.channel_index.get("hotline", -1)
    no_hotline = top >= 0 and hot >= 0 and b.tension(top) >= 30 and not b.channel_open(top, hot)
    return (no_hotline, b.ripe(), b.s.rung >= 4, b.world(HUM) < 60, b.world(MIS) > 30)


def _doctrine(sit: Situation) -> Mult:
    no_hotline, ripe, escalated, suffering, misinformed = sit
    return {
        "open_hotline": 8.0 if no_hotline else 0.3, "open_channel": 0.8, "honour": 6.0, "invoke": 0.0,
        "spoil": 0.0, "military": 0.01, "threat": 0.03,
        "mediation": 5.0 if ripe else 1.5,
        "deesc": 4.0 if escalated else 1.0, "cbm": 3.0,
        "humanitarian": 2.0 + (3.0 if suffering else 0.0),
        "info": 4.0 if misinformed else 0.4, "ally": 1.5, "exercise": 0.3, "talk": 3.0, "other": 0.5,
    }


def _opportunist_situation(b: Beliefs) -> Situation:
    if b.prey() >= 0:
        return (True, False)
    return (False, b.own(CRED) < 50)


def _opportunist(sit: Situation) -> Mult:
    preying, discredited = sit
    if preying:
        return {
            "military": 3.0, "threat": 2.5, "exercise": 1.0, "ally": 1.0, "invoke": 1.0, "honour": 1.0,
            "spoil": 0.0, "deesc": 0.05, "mediation": 0.05, "open_hotline": 0.1, "open_channel": 0.1, "cbm": 0.1,
            "humanitarian": 0.1, "info": 0.2, "talk": 0.3, "other": 0.2,
        }
    coop = 1.5 + (1.0 if discredited else 0.0)  # repair standing when it is low
    return {
        "military": 0.05, "threat": 0.1, "spoil": 0.2, "invoke": 0.2, "exercise": 0.3,
        "mediation": 3.0, "humanitarian": 2.0, "cbm": coop, "talk": coop, "deesc": coop, "honour": 2.0,
        "ally": 1.0, "info": 0.5, "open_hotline": 0.8, "open_channel": 0.5, "other": 0.4,
    }


def _tit_for_tat_situation(b: Beliefs) -> Situation:
    mood, g, _focus, _mirror = b.reciprocity()
    if mood == "hostile":
        return ("hostile", g <= -7.0, False)
    return (mood, mood == "friendly" and g >= 6.0, b.s.rung > 0)


def _tit_for_tat(sit: Situation) -> Mult:
    mood, strong, escalated = sit
    if mood == "hostile":
        harsh = strong
        return {"military": 3.0 if harsh else 0.6, "threat": 1.0 if harsh else 3.0, "spoil": 0.2}
    coop = {"talk": 3.0, "cbm": 2.0, "humanitarian": 1.5, "deesc": 1.0 if escalated else 0.1,
            "mediation": 1.0, "open_hotline": 1.0, "open_channel": 0.5, "ally": 0.5, "honour": 1.0, "info": 0.5}
    if strong:  # answering a generous gesture generously
        coop["cbm"] = 3.0
        coop["humanitarian"] = 3.0
    return coop


#: Per policy: its situation and its class multipliers (classes not named: 0; None = uniform).
POLICY: dict[str, Policy] = {
    "random": Policy(_none, _random),
    "hawk": Policy(_none, _hawk),
    "dove": Policy(_dove_situation, _dove),
    "tit_for_tat": Policy(_tit_for_tat_situation, _tit_for_tat),
    "opportunist": Policy(_opportunist_situation, _opportunist),
    "doctrine": Policy(_doctrine_situation, _doctrine),
}


def multipliers(policy: str, b: Beliefs) -> Mult | None:
    """The class multipliers ``policy`` uses this turn (what a decision draws with)."""
    p = POLICY[policy]
    return p.multipliers(p.situation(b))
