"""Regenerate docs/scenarios/NAME.md: the playtest summary of each shipped scenario.

Usage (from the repository root)::

    .venv/bin/python tests/content/playtest_summaries.py                 # every scenario
    .venv/bin/python tests/content/playtest_summaries.py tutorial        # one scenario
    .venv/bin/python tests/content/playtest_summaries.py --runs 1000     # quick look, not for commit
    .venv/bin/python tests/content/playtest_summaries.py --from-json DIR # re-render saved reports

It runs ``detente playtest SCENARIO --runs 6*N --seed 0 --json`` (N games for each of the
six bot policies, 10,000 by default), keeps the JSON next to nothing in the repository
(``--keep-json DIR`` saves it), and writes a Markdown summary an instructor can read:
outcome bands per policy, final stability, thresholds, hit counts, dead content,
dominant and useless moves, and the four acceptance checks of the scenario library.

Why a script and not a test: 60,000 games per scenario take minutes.  The fast test in
``test_scenarios.py`` only checks that each summary exists and was made from the
scenario file as it is now (its SHA-256 is recorded in the summary), so a summary can
never silently go stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from game.engine.version import RULES_VERSION  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
DOCS = ROOT / "docs" / "scenarios"
POLICIES = ("random", "hawk", "dove", "tit_for_tat", "opportunist", "doctrine")

#: Acceptance criteria of the scenario library (issue 7).
MAX_RANDOM_BAND_SHARE = 0.80
MIN_DOCTRINE_LEAD = 10.0  # median final stability, doctrine minus hawk, in points


def file_hash(path: Path) -> str:
    """SHA-256 of the scenario file: recorded in the summary to detect stale reports."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_playtest(path: Path, per_policy: int, jobs: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "game",
        "playtest",
        str(path.relative_to(ROOT)),
        "--runs",
        str(per_policy * len(POLICIES)),
        "--seed",
        "0",
        "--jobs",
        str(jobs),
        "--json",
        "--no-progress",
    ]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def checks(rep: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """The four acceptance checks: (name, passed, detail)."""
    pol = {p["policy"]: p for p in rep["policies"]}
    out: list[tuple[str, bool, str]] = []
    dead = rep["dead"]
    out.append(
        (
            "No dead content",
            not dead,
            "none" if not dead else ", ".join(f"{d['kind']} {d['id']}" for d in dead),
        )
    )
    dom = rep["dominant_moves"]
    out.append(("No dominant move", not dom, "none" if not dom else ", ".join(dom)))
    if "random" in pol:
        share = pol["random"]["band_share"]
        top = max(share, key=lambda b: share[b])
        out.append(
            (
                f"No band above {MAX_RANDOM_BAND_SHARE:.0%} under random play",
                share[top] <= MAX_RANDOM_BAND_SHARE,
                f"largest: {top} {share[top]:.1%}",
            )
        )
    if "doctrine" in pol and "hawk" in pol:
        d = pol["doctrine"]["final_stability"]["p50"]
        h = pol["hawk"]["final_stability"]["p50"]
        out.append(
            (
                "Doctrine clearly more stable than hawk",
                d - h >= MIN_DOCTRINE_LEAD,
                f"median final stability {d:.1f} vs {h:.1f} ({d - h:+.1f})",
            )
        )
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def render(rep: dict[str, Any], path: Path, digest: str, per_policy: int) -> str:
    """The Markdown summary of one report."""
    sys.path.insert(0, str(ROOT))
    from game.scenario.loader import load_or_raise  # noqa: PLC0415 - script, imported on use

    sc = load_or_raise(path).scenario
    meta = sc.scenario
    rel = path.relative_to(ROOT)
    w: list[str] = []
    w.append(f"# Playtest summary: {meta.title}")
    w.append("")
    w.append(
        f"- Scenario: `{rel}` (`{meta.id}`), {len(sc.actors)} actors, {meta.turns} turns of {meta.turn_length}, "
        f"{meta.difficulty}, about {meta.duration_minutes} minutes in class."
    )
    w.append(
        f"- Report: `detente playtest {rel} --runs {per_policy * len(POLICIES)} --seed 0` "
        f"({rep['runs']} games: {per_policy} for each of {len(rep['policies'])} policies, every actor played by the same policy)."
    )
    w.append(f"- Scenario file SHA-256: `{digest}`")
    w.append(f"- Rules version: {RULES_VERSION} (docs/model.md)")
    w.append(
        "- Regenerate with `.venv/bin/python tests/content/playtest_summaries.py " + meta.id + "`."
    )
    w.append("")
    w.append("## Acceptance checks")
    w.append("")
    w.append("| Check | Result | Detail |")
    w.append("|---|---|---|")
    for name, ok, detail in checks(rep):
        w.append(f"| {name} | {'pass' if ok else '**FAIL**'} | {detail} |")
    w.append("")
    w.append("## Outcome bands by policy")
    w.append("")
    band_ids = [b.id for b in sc.bands]
    names = {b.id: b.name for b in sc.bands}
    w.append(
        "| Policy | "
        + " | ".join(names.get(b, b) for b in band_ids)
        + " | Final stability p10 / p50 / p90 |"
    )
    w.append("|---|" + "---|" * len(band_ids) + "---|")
    for p in rep["policies"]:
        fs = p["final_stability"]
        w.append(
            f"| {p['policy']} | "
            + " | ".join(_pct(p["band_share"].get(b, 0.0)) for b in band_ids)
            + f" | {fs['p10']:.0f} / {fs['p50']:.0f} / {fs['p90']:.0f} |"
        )
    w.append("")
    w.append("## Escalation thresholds")
    w.append("")
    w.append(
        "| Rung | Threshold | Games crossing it | "
        + " | ".join(p["policy"] for p in rep["policies"])
        + " |"
    )
    w.append("|---|---|---|" + "---|" * len(rep["policies"]))
    for t in rep["thresholds"]:
        per = t["by_policy"]
        k = {p["policy"]: p["games"] or 1 for p in rep["policies"]}
        w.append(
            f"| {t['rung']} | {t['name']} | {_pct(t['share'])} | "
            + " | ".join(_pct(per[p["policy"]] / k[p["policy"]]) for p in rep["policies"])
            + " |"
        )
    w.append("")
    n = rep["runs"] or 1
    for kind, title in (
        ("injects", "Injects (MSEL)"),
        ("debriefs", "Debrief points"),
        ("endings", "Endings"),
    ):
        rows = rep["hits"][kind]
        w.append(f"## {title}: share of games in which each happened")
        w.append("")
        w.append("| Id | Games | Share |")
        w.append("|---|---|---|")
        for r in rows:
            w.append(f"| `{r['id']}` | {r['games']} | {_pct(r['games'] / n)} |")
        w.append("")
    w.append("## Moves written for this scenario")
    w.append("")
    w.append("| Move | Games used | Win rate with / without | Final stability with / without |")
    w.append("|---|---|---|---|")
    own = {m.id for m in sc.moves}
    for m in rep["hits"]["moves"]:
        if m["id"] in own:
            w.append(
                f"| `{m['id']}` | {_pct(m['games'] / n)} | {_pct(m['win_rate_with'])} / {_pct(m['win_rate_without'])} "
                f"| {m['stability_with']:.1f} / {m['stability_without']:.1f} |"
            )
    w.append("")
    w.append(
        "A game is *won* when it ends in the best-scored outcome band. Dominant moves: "
        f"{', '.join(rep['dominant_moves']) or 'none'}. Useless moves (no measurable effect on outcome or "
        f"stability): {', '.join(rep['useless_moves']) or 'none'}."
    )
    w.append("")
    return "\n".join(w)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="scenario ids (default: every scenarios/*.toml)")
    ap.add_argument("--runs", type=int, default=10_000, help="games per policy (default 10000)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--from-json", type=Path, help="render saved reports (DIR/NAME.json) instead of playing"
    )
    ap.add_argument("--keep-json", type=Path, help="also save each report as DIR/NAME.json")
    args = ap.parse_args(argv)
    paths = [SCENARIOS / f"{n}.toml" for n in args.names] or sorted(SCENARIOS.glob("*.toml"))
    DOCS.mkdir(parents=True, exist_ok=True)
    failed = False
    for path in paths:
        if not path.is_file():
            print(f"{path}: no such scenario", file=sys.stderr)
            return 2
        if args.from_json:
            rep = json.loads((args.from_json / f"{path.stem}.json").read_text(encoding="utf-8"))
            per = rep["runs"] // max(1, len(rep["policies"]))
        else:
            before = file_hash(path)
            rep = run_playtest(path, args.runs, args.jobs)
            if file_hash(path) != before:
                print(f"{path}: changed while it was being playtested; run again", file=sys.stderr)
                return 2
            per = args.runs
            if args.keep_json:
                args.keep_json.mkdir(parents=True, exist_ok=True)
                (args.keep_json / f"{path.stem}.json").write_text(json.dumps(rep), encoding="utf-8")
        (DOCS / f"{path.stem}.md").write_text(
            render(rep, path, file_hash(path), per), encoding="utf-8"
        )
        results = checks(rep)
        failed |= not all(ok for _n, ok, _d in results)
        print(
            f"{path.stem}: "
            + "; ".join(f"{n}: {'pass' if ok else 'FAIL'} ({d})" for n, ok, d in results)
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
