"""Computer-controlled actors, the playtester and the advisor.

Pure like the engine (no I/O, no UI libraries) but outside it: bots use only the
engine's API (compiled scenario, state, ``rules.check``, views) and decide on what
their actor may know.

    from game.bots import decide, POLICIES
    orders = decide(cs, game.state, "corvania", "tit_for_tat", game.seed, "normal")
"""

from __future__ import annotations

from .decide import DIFFICULTIES, Difficulty, decide
from .policies import POLICIES

__all__ = ["DIFFICULTIES", "POLICIES", "Difficulty", "decide"]
