"""The playtest report: what many games of a scenario did, for its author.

Built from ``GameRecord``s in game-index order, so it is identical for the same seed
whatever the number of processes.  ``build`` returns plain data (the ``--json`` output);
``render`` turns it into text.  Ten thousand games are aggregated column-wise (one
transposition, then C-level counts and sums) so the report costs a fraction of a second.  Content that never happened is listed as dead, with the
file:line to look at (stock content says so instead).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress
from typing import Any, TypeVar

from game.engine.compile import CompiledScenario
from game.scenario.positions import scan

from .playtest import GameRecord, Label

T = TypeVar("T")

DOMINANT_SHARE = 0.8  # used in at least this share of won games ...
DOMINANT_WIN = 0.8  # ... and games using it are won at least this often
USELESS_MIN_GAMES = 20  # enough games with and without it to tell
USELESS_WIN_DELTA = 0.02  # win rate barely moves ...
USELESS_STAB_DELTA = 1.0  # ... nor final stability


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (q in 0..100)."""
    if not sorted_values:
        return 0.0
    n = len(sorted_values)
    k = max(0, min(n - 1, int(round(q / 100.0 * (n - 1)))))
    return float(sorted_values[k])


def _won_all(cs: CompiledScenario, records: Sequence[GameRecord], start_stability: float) -> list[bool]:
    """Per game, 'won': its band has the best score, if bands are scored; else stability held."""
    scores = [b.score for b in cs.bands]
    best = max(scores)
    if best > min(scores):
        top = [b.score == best for b in cs.bands]
        return [top[r.band] for r in records]
    return [(r.stability[-1] if r.stability else start_stability) >= start_stability for r in records]


def _where(positions: Any, file: str, path: str | None) -> str:
    if path is None:
        return ""
    line, _col = positions.value(path)
    return f"{file}:{line}"


def build(
    cs: CompiledScenario,
    records: Sequence[GameRecord],
    labels: Sequence[Label],
    *,
    seed: int,
    text: str,
    file: str,
    difficulty: str = "normal",
    shares: Sequence[float] = (0.1, 0.25, 0.5),
) -> dict[str, Any]:
    """The report as JSON-ready data."""
    sc = cs.scenario
    assert sc is not None
    positions = scan(text)
    n = len(records)
    start_stab = float(sc.rules.stability)
    won = _won_all(cs, records, start_stab)
    turns = cs.turns

    def padded(seq: Sequence[Any]) -> Sequence[Any]:
        """A per-turn series as long as the scenario: a game that ended keeps its final value."""
        if len(seq) >= turns:
            return seq[:turns]
        return tuple(seq) + (seq[-1],) * (turns - len(seq))

    def series(recs: Sequence[GameRecord]) -> list[dict[str, Any]]:
        rows = []
        stab_cols = list(zip(*(padded(r.stability) for r in recs if r.stability), strict=True)) if turns else []
        rung_cols = list(zip(*(padded(r.rung) for r in recs if r.rung), strict=True)) if turns else []
        lengths = sorted(len(r.stability) for r in recs)
        for t in range(turns):
            stab = sorted(stab_cols[t]) if stab_cols else []
            rung = sorted(rung_cols[t]) if rung_cols else []
            running = len(lengths) - bisect_right(lengths, t)  # games still going after turn t
            rows.append({
                "turn": t + 1, "running": running,
                "stability": {f"p{q}": round(percentile(stab, q), 1) for q in (10, 50, 90)},
                "rung": {f"p{q}": percentile(rung, q) for q in (10, 50, 90)} | {"max": max(rung, default=0)},
            })
        return rows

    # ------------------------------------------------------------------ outcomes per policy
    policies = []
    by_label: list[list[GameRecord]] = [[] for _ in labels]
    won_by_label = [0] * len(labels)
    for r, w in zip(records, won, strict=True):
        by_label[r.label].append(r)
        won_by_label[r.label] += w
    for li, lab in enumerate(labels):
        recs = by_label[li]
        k = len(recs) or 1
        bands_of = [r.band for r in recs]
        endings_of = [r.ending for r in recs]
        band_counts = {b.id: bands_of.count(b.idx) for b in cs.bands}
        ending_counts = {e.id: endings_of.count(e.idx) for e in cs.endings}
        ending_counts["(last turn)"] = sum(1 for x in endings_of if x < 0)
        finals = sorted(r.stability[-1] for r in recs if r.stability)
        policies.append({
            "policy": lab.name,
            "games": len(recs),
            "won": won_by_label[li],
            "bands": band_counts,
            "band_share": {b: round(c / k, 4) for b, c in band_counts.items()},
            "endings": ending_counts,
            "final_stability": {f"p{q}": round(percentile(finals, q), 1) for q in (10, 50, 90)},
            "mean_score": {a.id: round(sum(col) / k, 2)
                           for a, col in zip(cs.actors, _columns([r.scores for r in recs], len(cs.actors)), strict=True)},
            "per_turn": series(recs),
        })

    # ------------------------------------------------------------------ thresholds
    thresholds = []
    max_rungs = sorted(r.max_rung for r in records)
    for ti, (rung, name) in enumerate(cs.thresholds):
        crossed = len(max_rungs) - bisect_left(max_rungs, rung)
        per = {lab.name: sum(1 for r in by_label[li] if r.max_rung >= rung) for li, lab in enumerate(labels)}
        thresholds.append({
            "rung": rung, "name": name, "crossed": crossed, "share": round(crossed / (n or 1), 4), "by_policy": per,
            "where": _where(positions, file, f"thresholds[{ti}]" if sc.thresholds else None) or "default threshold",
        })

    # ------------------------------------------------------------------ hit counts
    authored_moves = {m.id: i for i, m in enumerate(sc.moves)}
    moves: list[dict[str, Any]] = []
    move_cols = _columns([r.moves for r in records], len(cs.moves))
    finals_all = [r.stability[-1] if r.stability else 0.0 for r in records]
    for m in cs.moves:
        col = move_cols[m.idx]
        where = (
            _where(positions, file, f"moves[{authored_moves[m.id]}]") if m.id in authored_moves else "stock move"
        )
        moves.append({
            "id": m.id, "games": n - col.count(0), "uses": sum(col), "where": where,
            **_impact(col, finals_all, won),
        })
    inject_cols = _columns([r.injects for r in records], len(cs.injects))
    all_endings, all_bands = [r.ending for r in records], [r.band for r in records]
    debrief_cols = _columns([r.debriefs for r in records], len(cs.debriefs))
    injects: list[dict[str, Any]] = [
        {"id": k.id, "games": n - inject_cols[k.idx].count(0),
         "where": _where(positions, file, f"injects[{k.idx}]")}
        for k in cs.injects
    ]
    endings: list[dict[str, Any]] = [
        {"id": e.id, "games": all_endings.count(e.idx), "where": _where(positions, file, f"endings[{e.idx}]")}
        for e in cs.endings
    ]
    debriefs: list[dict[str, Any]] = [
        {"id": d.id, "games": n - debrief_cols[d.idx].count(0), "where": _where(positions, file, f"debrief[{d.idx}]")}
        for d in cs.debriefs
    ]
    bands: list[dict[str, Any]] = [
        {"id": b.id, "games": all_bands.count(b.idx),
         "where": _where(positions, file, f"bands[{b.idx}]") if sc.bands else "default band"}
        for b in cs.bands
    ]
    dead: list[dict[str, Any]] = [
        {"kind": kind, "id": x["id"], "where": x["where"]}
        for kind, rows in (("move", moves), ("inject", injects), ("ending", endings), ("debrief", debriefs),
                           ("band", bands))
        for x in rows if x["games"] == 0
    ] + [
        {"kind": "threshold", "id": t["name"], "where": t["where"]} for t in thresholds if t["crossed"] == 0
    ]

    # ------------------------------------------------------------------ balance
    total_won = sum(won)
    dominant = [
        m["id"] for m in moves
        if total_won and m["games"] and m["won_with"] / total_won >= DOMINANT_SHARE and m["win_rate_with"] >= DOMINANT_WIN
    ]
    useless = [
        m["id"] for m in moves
        if m["games"] >= USELESS_MIN_GAMES and n - m["games"] >= USELESS_MIN_GAMES
        and abs(m["win_rate_with"] - m["win_rate_without"]) < USELESS_WIN_DELTA
        and abs(m["stability_with"] - m["stability_without"]) < USELESS_STAB_DELTA
    ]
    finals = sorted(r.stability[-1] for r in records if r.stability)
    suggestions = [
        {
            "share": q,
            "rung": _rung_for_share(max_rungs, q),
            "stability": round(percentile(finals, 100.0 * (1.0 - q)), 1),
        }
        for q in shares
    ]
    return {
        "scenario": cs.id, "file": file, "runs": n, "seed": seed, "difficulty": difficulty,
        "policies": policies, "per_turn": series(records), "thresholds": thresholds,
        "hits": {"moves": moves, "injects": injects, "endings": endings, "debriefs": debriefs, "bands": bands},
        "dead": dead, "dominant_moves": dominant, "useless_moves": useless, "won": total_won,
        "suggestions": suggestions,
    }


def _columns(rows: Sequence[Sequence[T]], width: int) -> list[tuple[T, ...]]:
    """Per-game rows (one value per move, inject...) turned into one column per item."""
    return list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]


def _impact(uses: Sequence[int], finals: Sequence[float], won: Sequence[bool]) -> dict[str, Any]:
    """Win rate and mean final stability in games with and without a move (``uses`` per game)."""
    unused = [not u for u in uses]
    n_with = len(uses) - unused.count(True)
    n_without = len(uses) - n_with
    # Sums in game order, as a running total would add them (reports are compared exactly).
    w_with = sum(compress(won, uses))
    w_without = sum(compress(won, unused))
    s_with = sum(compress(finals, uses), 0.0)
    s_without = sum(compress(finals, unused), 0.0)
    return {
        "won_with": w_with,
        "win_rate_with": round(w_with / n_with, 4) if n_with else 0.0,
        "win_rate_without": round(w_without / n_without, 4) if n_without else 0.0,
        "stability_with": round(s_with / n_with, 2) if n_with else 0.0,
        "stability_without": round(s_without / n_without, 2) if n_without else 0.0,
    }


def _rung_for_share(max_rungs: Sequence[int], share: float) -> int:
    """The lowest rung that at most ``share`` of games reach (ChoiceScript's auto()).

    ``max_rungs`` is sorted, so the games reaching a rung are counted by bisection.
    """
    n = len(max_rungs) or 1
    top = max(max_rungs, default=0)
    for rung in range(0, top + 2):
        if (len(max_rungs) - bisect_left(max_rungs, rung)) / n <= share:
            return rung
    return top + 1


# --------------------------------------------------------------------------- text


def render(rep: dict[str, Any]) -> str:
    """The report as text for a terminal (plain, so it can be piped and diffed)."""
    out: list[str] = []
    w = out.append
    n = rep["runs"]

    def pct(x: float) -> str:
        return f"{100.0 * x:5.1f}%"

    w(f"Playtest of {rep['scenario']} ({rep['file']}): {n} games, seed {rep['seed']}, difficulty {rep['difficulty']}")
    w("")
    w("Outcome bands by policy")
    band_ids = [b["id"] for b in rep["hits"]["bands"]]
    width = max([len(p["policy"]) for p in rep["policies"]] + [8])
    w("  " + "policy".ljust(width) + "  games  " + "  ".join(f"{b[:16]:>16}" for b in band_ids) + "   won")
    for p in rep["policies"]:
        k = p["games"] or 1
        cells = "  ".join(f"{pct(p['band_share'][b]):>16}" for b in band_ids)
        w("  " + p["policy"].ljust(width) + f"  {p['games']:5d}  " + cells + f"  {pct(p['won'] / k)}")
    w("")
    w("Stability and escalation per turn (all games; ended games keep their final value)")
    w("  turn  running   stability p10/p50/p90    rung p10/p50/p90  max")
    for row in rep["per_turn"]:
        s, r = row["stability"], row["rung"]
        w(f"  {row['turn']:4d}  {row['running']:7d}   {s['p10']:5.1f} {s['p50']:5.1f} {s['p90']:5.1f}"
          f"          {r['p10']:3.0f} {r['p50']:3.0f} {r['p90']:3.0f}   {r['max']:3d}")
    w("")
    w("Thresholds crossed")
    for t in rep["thresholds"]:
        w(f"  rung {t['rung']:2d} {t['name']}: {t['crossed']} games ({pct(t['share']).strip()})  [{t['where']}]")
    if not rep["thresholds"]:
        w("  (the scenario has no thresholds)")
    w("")
    w("Hit counts (games in which it happened)")
    for kind in ("moves", "injects", "endings", "debriefs", "bands"):
        rows = rep["hits"][kind]
        if not rows:
            continue
        w(f"  {kind}:")
        for x in rows:
            extra = f", {x['uses']} uses" if "uses" in x else ""
            w(f"    {x['id']:<28} {x['games']:7d}{extra}  [{x['where']}]")
    w("")
    dead = rep["dead"]
    w(f"Dead content (never happened in {n} games): {len(dead)}")
    for d in dead:
        w(f"  {d['where']}: {d['kind']} '{d['id']}' never happened")
    w("")
    w("Dominant moves (in most won games, and games using them are mostly won): "
      + (", ".join(rep["dominant_moves"]) or "none"))
    w("Useless moves (make no difference to outcome or stability): " + (", ".join(rep["useless_moves"]) or "none"))
    w("")
    w("Suggested thresholds (like ChoiceScript's auto()): the rung about this share of games reaches,")
    w("and the final stability about this share of games reaches or beats")
    for sg in rep["suggestions"]:
        w(f"  {pct(sg['share'])} of games: threshold at rung {sg['rung']:2d}; stability {sg['stability']:5.1f}")
    for t in rep["thresholds"]:
        w(f"  (now: '{t['name']}' at rung {t['rung']} is crossed in {pct(t['share']).strip()} of games)")
    return "\n".join(out)
