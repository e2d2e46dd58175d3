"""Write a classroom session as an ordinary save, for `detente replay` and `detente report`.

The session store is the live record; a save is the portable one the debrief tools
read.  Its facilitator interventions travel with it (with their reasons), so the AAR
shows every override and `detente replay` re-applies them exactly.  The save's game id
is derived from the session, so exporting again updates the same save.
"""

from __future__ import annotations

import hashlib
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
                  "classroom": session.name},
        game_id=hashlib.sha256(key.encode()).hexdigest()[:16],
        scenario_text=session.scenario_text,
        scenario_file=meta_row.get("scenario_file", ""),
    )
    return SaveStore(save_dir).save(session.game(), f"class-{session.name}", meta)
