"""The AAR as Markdown: GitHub-flavoured tables, no HTML, readable as plain text too.

Charts become a one-line sparkline plus a table of the values, which every Markdown
viewer shows and a diff can compare.
"""

from __future__ import annotations

from .model import AAR, DoctrineHit
from .text import (
    CAPABILITY_ELEMENTS,
    INTERVENTIONS_NOTE,
    MSEL_NOTE,
    NO_EVALUATOR_NOTES,
    NO_INTERVENTIONS,
    TITLES,
    before_after,
    comparison_line,
    decision_target,
    fired_text,
    fog_line,
    intervention_changes,
    num,
    objective_line,
    outcome_line,
    signed,
    sparkline,
    status_line,
    team_heading,
    turns_by_actor,
)


def cell(x: object) -> str:
    """A table cell: pipes escaped, newlines folded."""
    return str(x).replace("|", "\\|").replace("\n", " ")


def table(head: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return out + [""]


def _hits(hits: list[DoctrineHit]) -> str:
    return turns_by_actor(hits)


def render_markdown(a: AAR) -> str:
    o, r = a.overview, a.outcome
    L: list[str] = [f"# After-action review: {o.title}", "", f"*{status_line(a)} · seed {o.seed}"
                    + (f" · played {o.date}" if o.date else "") + "*", ""]
    for w in a.warnings:
        L += [f"> **Note:** {w}", ""]

    L += [f"## {TITLES['summary']}", "", f"**Outcome: {outcome_line(a)}.** {r.ending_text or r.band_text}", "",
          f"Stability {num(r.stability)} · escalation rung {r.rung} ({r.rung_name}), highest {r.max_rung} · "
          f"thresholds crossed: {', '.join(c.name for c in r.crossings) or 'none'}", "", "**Strengths**", ""]
    L += [f"- {x}" for x in a.strengths] or ["- None recorded."]
    L += ["", "**Areas for improvement**", ""]
    L += [f"- {x}" for x in a.areas_for_improvement] or ["- None recorded."]
    L += [""]

    L += [f"## {TITLES['overview']}", ""]
    L += table(["", ""], [["Scenario", f"{o.title} ({o.scenario_id}, {o.difficulty})"], ["Situation", o.summary],
                         ["Seed", str(o.seed)], ["Date", o.date or "not recorded"], ["Duration", status_line(a)]])
    L += table(["Actor", "Kind", "Played by"], [[x.name, x.kind.replace("_", " "), x.played_by] for x in o.actors])

    L += [f"## {TITLES['outcome']}", ""]
    L += table(["Actor", "National interest", "Stability", "Score", "National objectives"],
               [[s.name, num(s.interest), num(s.stability), f"**{num(s.score)}**",
                 "; ".join(("✔ " if ob.met else "✘ ") + ob.text for ob in s.objectives)] for s in r.scores], right=(1, 2, 3))
    if r.crossings:
        L += ["Thresholds crossed:", ""] + [f"- Turn {c.turn}: {c.name} (rung {c.rung})" for c in r.crossings] + [""]

    L += [f"## {TITLES['teams']}", ""]
    for tm in a.teams:
        L += [f"### {team_heading(tm)}", ""]
        L += [f"**Score {tm.score:.1f}** (national interest {tm.interest:.0f}, stability {tm.stability:.0f}): "
              f"{tm.score_how}.", ""]
        if tm.objectives:
            L += ["Its objectives:", ""] + [f"- {objective_line(o)}" for o in tm.objectives] + [""]
        L += ["Obligations and red lines:", ""] + [f"- {x}" for x in tm.obligations or ["none came due"]] + [""]
        L += ["Channels and moves:", ""] + [f"- {x}" for x in tm.channels] + [""]
        if tm.fog:
            L += ["Where its picture misled it:", ""] + [f"- {x}" for x in tm.fog] + [""]
    if not a.teams:
        L += ["No actor was played by a person.", ""]

    L += [f"## {TITLES['objectives']}", "",
          "Ratings (HSEEP): **P** performed without challenges · **S** with some challenges · **M** with major "
          "challenges · **U** unable to be performed. Proposed from the measures and from play: confirm each one.", ""]
    L += table(["Objective", "Measured", "Proposed rating", "Why", "Confirmed"],
               [[ob.text, ob.status + (f" (target held after turns {', '.join(map(str, ob.met_turns))})" if ob.met_turns else ""),
                 f"**{ob.rating or '?'}** {ob.rating_label}", ob.rationale, "____"] for ob in a.objectives])

    c = a.charts
    L += [f"## {TITLES['charts']}", ""]
    if len(c.turns) > 1:
        L += [f"- Stability `{sparkline(c.stability, 100)}` {num(c.stability[0])} → {num(c.stability[-1])}",
              f"- Escalation rung `{sparkline([float(x) for x in c.rung], max(c.max_rung, 1))}` {c.rung[0]} → {c.rung[-1]}"]
        for p in c.pairs:
            L.append(f"- {p.label}: trust `{sparkline(p.trust, 100)}` {num(p.trust[0])} → {num(p.trust[-1])}, "
                     f"tension `{sparkline(p.tension, 100)}` {num(p.tension[0])} → {num(p.tension[-1])}")
        L += [""]
        head = ["", *["start" if t == 0 else str(t) for t in c.turns]]
        rows = [["Stability", *[num(v) for v in c.stability]], ["Rung", *[str(v) for v in c.rung]]]
        for p in c.pairs:
            rows.append([f"Trust {p.label}", *[num(v) for v in p.trust]])
            rows.append([f"Tension {p.label}", *[num(v) for v in p.tension]])
        L += table(head, rows, right=tuple(range(1, len(head))))
    else:
        L += ["No turn has been played yet.", ""]

    L += [f"## {TITLES['turning']}", ""]
    for tp in a.turning_points:
        L += [f"### {tp.summary}", ""]
        for ch in tp.causes:
            L += [f"{i}. {s.text}" for i, s in enumerate(ch.steps, start=1)]
            L += [f"   - → {x}" for x in ch.changes] + [""]
        if not tp.causes:
            L += ["No single move explains it: the drift of tension and trust did.", ""]
    if not a.turning_points:
        L += ["No large swing in stability or escalation.", ""]

    L += [f"## {TITLES['timeline']}", ""]
    for t in a.timeline:
        L += [f"### Turn {t.turn}: {before_after(t.before, t.after)}", ""]
        for k in t.injects:
            L += [f"> **Inject ({k.kind.replace('_', ' ')}, to {k.to}): {k.title}.** {k.text}", ""]
        given = any(d.given_by for d in t.decisions)
        if t.decisions:
            L += table(["Actor", *(["Given by"] if given else []), "Move", "Channel", "Target", "Before → after", "Effects"],
                       [[d.actor_name, *([d.given_by] if given else []), d.move_name + ("" if d.accepted else " — **rejected**")
                         + (" — **cancelled by the facilitator**" if d.cancelled else ""),
                         d.channel_name or "—", decision_target(d),
                         before_after(d.before, d.after) if d.accepted else d.text.split(" rejected: ", 1)[-1],
                         "; ".join(d.effects)] for d in t.decisions])
        else:
            L += ["Every actor held.", ""]
        if t.closed:
            L += [f"- Turn closed: {t.closed}."]
        L += [f"- Held — {x}" for x in t.held]
        L += [f"- {x}" for x in t.notes]
        L += [f"- {x}" for x in t.happenings] + ([""] if t.happenings or t.closed or t.held or t.notes else [])

    L += [f"## {TITLES['msel']}", ""]
    if a.msel:
        L += [MSEL_NOTE, ""]
        L += table(["#", "Inject", "Planned", "To", "Fired", "Expected action", "Teams' answers"],
                   [[str(r.number), r.title, r.planned, r.to, fired_text(r), r.expected or "—",
                     "; ".join(r.answers) or "—"] for r in a.msel], right=(0,))
    else:
        L += ["This scenario has no authored injects.", ""]

    L += [f"## {TITLES['interventions']}", ""]
    if a.interventions:
        L += [INTERVENTIONS_NOTE, ""]
        L += table(["Turn", "Intervention", "Rationale (white cell)", "Note to the players", "What it changed",
                    "Seen by"],
                   [[str(x.turn), x.kind_label, x.reason, str(x.payload.get("note", "") or "—"), intervention_changes(x),
                     x.audience] for x in a.interventions],
                   right=(0,))
    else:
        L += [NO_INTERVENTIONS, ""]

    L += [f"## {TITLES['evaluator']}", ""]
    if a.evaluator_notes:
        L += table(["Turn", "Team", "Objective", "Note"],
                   [[str(n.turn), (f"{n.team} ({n.actor_name})" if n.actor_name else n.team) or "whole exercise",
                     n.objective_text or "—", n.text] for n in a.evaluator_notes], right=(0,))
    else:
        L += [NO_EVALUATOR_NOTES, ""]

    L += [f"## {TITLES['channels']}", ""]
    L += table(["Channel", "Visibility", "Latency", "Uses", "By actor", "Misread", "Taken as hostile"],
               [[ch.name, "public" if ch.public else "private", str(ch.latency), str(ch.uses),
                 ", ".join(f"{k} {v}" for k, v in ch.by_actor.items()), str(ch.misread), str(ch.inverted)] for ch in a.channels],
               right=(2, 3, 5, 6)) if a.channels else ["No orders were given.", ""]

    L += [f"## {TITLES['doctrine']}", "", "Turn (actor) where each principle was honoured or broken; coercive moves "
          "break restraint and mutual respect. *Deniable action* counts covert and cyber moves done (under "
          "Honoured): not a principle, a question of what they cost when they came out.", ""]
    L += table(["Principle", "Honoured", "Broken", "How it was broken"],
               [[p.label, f"{len(p.honoured)}: {_hits(p.honoured)}" if p.honoured else "—",
                 f"{len(p.broken)}: {_hits(p.broken)}" if p.broken else "—",
                 "; ".join(sorted({b.why for b in p.broken})) or "—"] for p in a.doctrine]) if a.doctrine else ["No tagged moves were played.", ""]

    L += [f"## {TITLES['signals']}", ""]
    L += table(["Turn", "Actor", "What happened", "Credibility"],
               [[str(g.turn), g.actor_name, g.note, signed(g.credibility_delta)] for g in a.signal_gaps], right=(0, 3)) \
        if a.signal_gaps else ["No public signal was contradicted or called.", ""]

    f = a.fog
    names = {x.id: x.name for x in o.actors}
    L += [f"## {TITLES['fog']}", "", f"Estimates off by {f.threshold:.0f} points or more in the intelligence picture of "
          f"{', '.join(names.get(x, x) for x in f.observers)}: {f.total} in all"
          + (f", the {len(f.gaps)} largest below" if f.total > len(f.gaps) else "") + ". *Acted on*: the player aimed a "
          "move at that actor, or mediated between that pair, that turn.", ""]
    if f.gaps:
        L += table(["Turn", "Player", "Estimate versus truth", "Acted on"],
                   [[str(g.turn), g.observer_name, fog_line(g), "yes" if g.acted_on else ""] for g in f.gaps], right=(0,))
    if f.misreadings:
        L += ["Messages misread:", ""] + [f"- Turn {m.turn}: {m.note} (via {m.channel_name or 'no channel'})" for m in f.misreadings] + [""]

    L += [f"## {TITLES['hotwash']}", ""]
    for d in a.debrief:
        L += [f"### {d.title} (turn {d.turn}, {'strength' if d.strength else 'area for improvement'})", "", d.text, ""]
        L += [f"- **Ask:** {q}" for q in d.questions] + [""]
    if not a.debrief:
        L += ["No authored debrief point fired in this game.", ""]

    cmp_ = a.comparison
    L += [f"## {TITLES['bots']}", ""]
    if not cmp_.available:
        L += [cmp_.note, ""]
    else:
        if cmp_.note:
            L += [f"*{cmp_.note}*", ""]
        for pc in cmp_.policies:
            scores = ", ".join(f"{names.get(k, k)} {v:.0f}th percentile" for k, v in pc.score_percentiles.items())
            bands = ", ".join(f"{cmp_.band_names.get(k, k)} {v}" for k, v in pc.bands.items())
            L += [f"- **{pc.label.capitalize()}**: {comparison_line(pc, r.band)} Score: {scores}. Outcomes: {bands}."]
        L += ["", f"*{cmp_.seeds}.*", ""]

    L += [f"## {TITLES['plan']}", "", f"For the instructor to complete. Capability element: {CAPABILITY_ELEMENTS}.", ""]
    L += table(["Area for improvement", "Corrective action", "Capability element", "Responsible", "Start", "Completion"],
               [[x.area or " ", x.corrective_action, x.capability_element, x.responsible, x.start, x.completion] for x in a.improvement_plan])
    L += ["---", "", "*Produced by Détente from the game's scenario, seed and orders. Ratings are proposals: the instructor "
          "confirms them. Figures are those of the teaching model, not predictions.*", ""]
    return "\n".join(L)
