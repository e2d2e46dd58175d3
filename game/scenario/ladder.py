"""The stock escalation ladder: names for rungs 0-14 when a scenario names none.

After Herman Kahn's escalation ladder, kept conventional: rung 14 is a declaration of
limited conventional war, and a scenario that plays above it names its own rungs
(``[[ladder]]``; lint warns when it does not, players would read "Rung 15").
"""

from __future__ import annotations

DEFAULT_LADDER = (
    "Peacetime relations",
    "Ostensible crisis",
    "Political, economic and diplomatic gestures",
    "Solemn and formal declarations",
    "Hardening of positions",
    "Show of force",
    "Significant mobilisation",
    "\u201cLegal\u201d harassment, retortions",
    "Harassing acts of violence",
    "Dramatic military confrontations",
    "Provocative breaking off of diplomatic relations",
    "Super-ready status",
    "Large conventional war",
    "Large compound escalation",
    "Declaration of limited conventional war",
)
