"""Wording shared by every rendering of the AAR (Markdown, HTML, the TUI debrief).

One place for section titles and the small phrases built from AAR fields, so the
exported report and the in-game debrief read the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import (
    AAR,
    Decision,
    DoctrineHit,
    EvaluatorNote,
    FogGap,
    InterventionEntry,
    MselRow,
    PolicyComparison,
    StateLine,
    TeamObjective,
    TeamSection,
)

SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Executive summary"),
    ("overview", "Exercise overview"),
    ("outcome", "Outcome and scores"),
    ("teams", "Each team: objectives, obligations, channels, score"),
    ("objectives", "Learning objectives"),
    ("charts", "The crisis over time"),
    ("turning", "Turning points"),
    ("timeline", "Decision timeline"),
    ("msel", "MSEL as played"),
    ("interventions", "Facilitator interventions (white cell)"),
    ("evaluator", "Evaluator notes (white cell)"),
    ("channels", "Channel usage"),
    ("doctrine", "Doctrine principles"),
    ("signals", "Signal versus deed"),
    ("fog", "Perceived versus true state"),
    ("hotwash", "Hot wash: debrief points and questions"),
    ("bots", "Compared with automated play"),
    ("plan", "Improvement plan"),
)
TITLES = dict(SECTIONS)
NO_INTERVENTIONS = "No facilitator interventions."
MSEL_NOTE = ("Every authored inject: its planned trigger, the turns it fired (or the white cell released it), "
             "the expected action and whether each team that received it took it in time.")
NO_EVALUATOR_NOTES = ("No evaluator notes. In a classroom the facilitator writes them during the exercise "
                      "(n in the console, or detente class note).")
INTERVENTIONS_NOTE = ("Controller section: overrides by the facilitator, applied before the orders of the turn "
                      "shown, with the white cell's rationale (never shown to the teams) and the note the players "
                      "read. They are part of the game record: the figures in this review include them.")
CAPABILITY_ELEMENTS = "Planning / Organization / Equipment / Training / Exercise"


def num(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def signed(x: float) -> str:
    return f"{x:+.1f}".replace("-", "−")


def metric(name: str) -> str:
    return name.replace("_", " ")


def status_line(a: AAR) -> str:
    """'Finished after 8 of 8 turns' or 'In progress: 3 of 8 turns played'."""
    o = a.overview
    if o.finished:
        return f"Finished after {o.turns_played} of {o.turns_planned} turns ({o.turn_length} each)"
    return f"In progress: {o.turns_played} of {o.turns_planned} turns played ({o.turn_length} each)"


def outcome_line(a: AAR) -> str:
    r = a.outcome
    head = f"{r.band}" + ("" if r.final else " (so far)")
    if r.ending:
        head += f" — {r.ending}"
    return head


def before_after(b: StateLine, c: StateLine) -> str:
    """'stability 58.0→63.6 · rung 3→4 · trust 30.0→29.5 · tension 62.0→66.0'."""
    parts = [f"stability {num(b.stability)}→{num(c.stability)}", f"rung {b.rung}→{c.rung}"]
    if b.trust is not None:
        parts.append(f"trust {num(b.trust)}→{num(c.trust)}")
        parts.append(f"tension {num(b.tension)}→{num(c.tension)}")
    return " · ".join(parts)


def decision_move(d: Decision) -> str:
    return d.move_name + ("" if d.accepted else " (rejected)")


def decision_target(d: Decision) -> str:
    if d.second:
        return f"{d.target_name} and {d.second_name}"
    return d.target_name or "—"


def intervention_changes(iv: InterventionEntry) -> str:
    """'tension Blue – Red +16.0 → 75.0; stability world −1.2 → 48.0' (or 'no change')."""
    return "; ".join(iv.changes) or "no change"


def fog_line(g: FogGap) -> str:
    way = "overestimated" if g.gap > 0 else "underestimated"
    return (f"{metric(g.metric)} of {g.subject_name}: believed {num(g.estimate)} ± {num(g.error)}, "
            f"true {num(g.true)} ({way} by {abs(g.gap):.1f})")


def percentile_phrase(p: float) -> str:
    if p >= 75:
        return "better than most"
    if p >= 40:
        return "typical"
    return "worse than most"


def comparison_line(pc: PolicyComparison, band: str) -> str:
    return (f"Final stability at the {pc.stability_percentile:.0f}th percentile of {pc.runs} games by {pc.label} "
            f"({percentile_phrase(pc.stability_percentile)}; their median {num(pc.median_stability)}); "
            f"{pc.same_band} of {pc.runs} ended '{band}' too.")


def sparkline(values: list[float], top: float, bottom: float = 0.0) -> str:
    """'▃▄▅▅▆': a one-line chart for Markdown and the terminal."""
    bars = "▁▂▃▄▅▆▇█"
    span = (top - bottom) or 1.0
    return "".join(bars[min(7, max(0, int((v - bottom) / span * 8)))] for v in values)


def crossings_by_threshold(crossings: Iterable[tuple[int, int, str]]) -> list[tuple[int, str, str]]:
    """(rung, name, "turn 3" / "turns 3, 5 and 7") per threshold, in order of first crossing,
    from (turn, rung, name) crossings: a crisis that cools and climbs again crosses the
    same threshold twice, and that is one finding, not two."""
    turns: dict[tuple[int, str], list[int]] = {}
    for turn, rung, name in crossings:
        turns.setdefault((rung, name), []).append(turn)
    out = []
    for (rung, name), when in turns.items():
        said = f"turn {when[0]}" if len(when) == 1 else f"turns {', '.join(map(str, when[:-1]))} and {when[-1]}"
        out.append((rung, name, said))
    return out


def fired_text(r: MselRow) -> str:
    """'turn 3', 'turns 3, 5; released turn 2', 'not fired'."""
    parts = []
    if r.fired:
        parts.append(("turn " if len(r.fired) == 1 else "turns ") + ", ".join(map(str, r.fired)))
    if r.released:
        parts.append("released by the white cell on turn " + ", ".join(map(str, r.released)))
    return "; ".join(parts) or "not fired"


def evaluator_line(n: EvaluatorNote) -> str:
    """'Evaluator (team alpha, Azuria — objective: Avoid armed clash): …'"""
    about = []
    if n.team:
        about.append(f"team {n.team}" + (f", {n.actor_name}" if n.actor_name else ""))
    if n.objective:
        about.append(f"objective: {n.objective_text or n.objective}")
    return "Evaluator" + (f" ({' — '.join(about)})" if about else "") + f": {n.text}"


def team_heading(t: TeamSection) -> str:
    """'Azuria — team alpha' (or 'Azuria — the player' in a solo game)."""
    return f"{t.actor_name} — " + (f"team {t.team}" if t.team else "the player")


def objective_line(o: TeamObjective) -> str:
    rating = f"[{o.rating}] " if o.rating else "[to rate] "
    weight = f" (weight {o.weight:g})" if o.weight != 1 else ""
    return f"{rating}{o.text.rstrip('.')}{weight} — {o.evidence}."


def turns_by_actor(hits: list[DoctrineHit]) -> str:
    """'Corvania 1, 2, 5; Tarn 3': each actor once, then its turns (a long game's doctrine
    row stays a line or two, even on a phone)."""
    by: dict[str, list[int]] = {}
    for h in hits:
        by.setdefault(h.actor_name, []).append(h.turn)
    return "; ".join(f"{name} {', '.join(map(str, turns))}" for name, turns in by.items())
