"""Write a classroom session as an ordinary save, for `detente replay` and `detente report`.

The session store is the live record; a save is the portable one the debrief tools
read.  Its facilitator interventions travel with it (with their rationale and the
players' note), so the AAR shows every override and `detente replay` re-applies them
exactly.  So does the classroom's own record, which the engine does not know: who gave
each actor's orders (its team, the facilitator after a take-over, the computer), when,
and how each turn was closed and who held (`classroom_record` in the save's settings).
The save's game id is derived from the session, so exporting again updates the same save.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from game.classroom.session import Session


def export_save(session: Session, save_dir: Path) -> Path:
    """Save the session's game under ``class-NAME`` in ``save_dir``; SaveError on failure."""
    from game.saves.format import SaveMeta
    from game.saves.store import SaveStore

    meta_row = session.store.meta()
    key = f"{session.name}|{meta_row.get('created_at', '')}|{session.seed}"
    teams = session.store.teams()
    meta = SaveMeta(
        player=None,
        policies={t["actor"]: t["policy"] for t in teams if t["controller"] == "bot" and t["policy"]},
        # actor -> team name: the convention `detente report` reads (game.commands.report._teams)
        settings={"teams": {t["actor"]: t["name"] for t in teams if not str(t["name"]).startswith("bot-")},
                  "classroom": session.name, "classroom_record": classroom_record(session)},
        game_id=hashlib.sha256(key.encode()).hexdigest()[:16],
        scenario_text=session.scenario_text,
        scenario_file=meta_row.get("scenario_file", ""),
    )
    return SaveStore(save_dir).save(session.game(), f"class-{session.name}", meta)


def classroom_record(session: Session) -> dict[str, object]:
    """Per resolved turn: how it closed, who held, and who gave each actor's orders, when.

    ``{"turns": {"1": {"closed_by": "clock", "held": ["corvania"], "resolved_at": "…",
    "orders": {"azuria": {"by": "alpha", "at": "…"}}}}, "policies": {"strait_forum": "dove"},
    "notes": [{"turn": 2, "team": "alpha", "objective": "", "text": "…", "at": "…"}]}``
    — an actor with no entry was played by the computer (its policy in ``policies``).
    """
    rows = session.store.execute("SELECT turn, closed_by, held, resolved_at FROM turns ORDER BY turn").fetchall()
    turns: dict[str, object] = {}
    for turn, closed_by, held, resolved_at in rows:
        given = {r["actor"]: {"by": str(r["team"]), "at": str(r["at"])} for r in session.store.order_rows(int(turn))}
        turns[str(turn)] = {"closed_by": str(closed_by), "held": list(json.loads(held)), "resolved_at": str(resolved_at),
                            "orders": given}
    policies = {t["actor"]: t["policy"] for t in session.store.teams() if t["controller"] == "bot"}
    return {"turns": turns, "policies": policies, "notes": session.store.notes()}
