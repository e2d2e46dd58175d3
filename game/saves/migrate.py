"""Upgrading saves written in older format versions, one version step at a time.

``MIGRATIONS[n]`` turns a version-``n`` document into a version ``n + 1`` one; ``migrate``
chains them.  A migration works on plain JSON data and must not need the engine, so
listing old saves stays cheap.  Files on disk are never rewritten by loading: the next
save of a migrated game is simply written in the current format.

Version 0 is the development draft format used before 0.1.0 (documented in
docs/saves.md): the scenario as one string, orders as 5-element lists, no game block,
no policies, interventions, summary or checksum.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]


def _v0_to_v1(doc: Doc) -> Doc:
    text = doc["scenario_text"]
    if not isinstance(text, str):
        raise TypeError("scenario_text: expected a string")
    turns = []
    for t in doc["turns"]:
        orders = []
        for o in t["orders"]:
            if not isinstance(o, list) or not 2 <= len(o) <= 5:
                raise ValueError("an order is not a list of 2 to 5 strings")
            keys = ("actor", "move", "target", "second", "channel")
            orders.append({k: v for k, v in zip(keys, o, strict=False) if v})
        turns.append({"turn": t["turn"], "orders": orders, "state_hash": t["state_hash"]})
    saved_at = doc.get("saved_at", "")
    # a stable id for the old game, so loading it twice gives the same id
    digest = hashlib.sha256(
        json.dumps([text, doc["seed"], turns], sort_keys=True).encode()
    ).hexdigest()
    return {
        "format": doc["format"],
        "version": 1,
        "checksum": "",
        "game": {
            "id": "v0" + digest[:6],
            "kind": "manual",
            "name": "",
            "created": saved_at,
            "updated": saved_at,
            "app_version": "draft",
        },
        "scenario": {
            "id": doc.get("scenario_id", ""),
            "title": doc.get("scenario_id", ""),
            "file": doc.get("scenario_file", ""),
            "sha256": doc["scenario_sha256"],
            "stock_sha256": None,
            "text": text.split("\n"),
        },
        "seed": doc["seed"],
        "player": doc.get("player"),
        "policies": {},
        "settings": {},
        "start_hash": None,
        "turns": turns,
        "interventions": [],
        "final_hash": None,
        "summary": None,
    }


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {0: _v0_to_v1}


def migrate(doc: Doc, version: int, target: int) -> tuple[Doc, list[str]]:
    """Bring ``doc`` from ``version`` to ``target``; return it with a note for the player.

    Raises KeyError/TypeError/ValueError when the old document is malformed (the caller
    turns that into a one-line message) and ValueError when no migration path exists.
    """
    for v in range(version, target):
        step = MIGRATIONS.get(v)
        if step is None:
            raise ValueError(f"no migration from format {v} to {v + 1}")
        doc = step(doc)
    return doc, [
        f"migrated from save format {version} to {target}; it is written in format {target} when next saved"
    ]
