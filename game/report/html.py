"""The AAR as one self-contained HTML file: inline CSS and SVG, no scripts, no network.

Sized for a projector (large type, high contrast, readable at 1366×768) and for paper
(print stylesheet: black on white, no page breaks inside tables' rows or charts).
"""

from __future__ import annotations

from html import escape

from .charts import RUNG, STABILITY, TENSION, TRUST, Line, line_chart
from .model import AAR, Decision, DoctrineHit, TurnEntry
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
    num,
    objective_line,
    outcome_line,
    signed,
    status_line,
    team_heading,
    turns_by_actor,
)

CSS = """
:root { --ink:#111; --muted:#4a4a4a; --line:#c9ccd1; --band:#f3f5f8; --accent:#1f5fa8; --good:#1e7b4a; --bad:#b03a2e; }
* { box-sizing: border-box; }
html { font-size: 18px; }
body { margin: 0; color: var(--ink); background: #fff; font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; line-height: 1.45; }
main { max-width: 1240px; margin: 0 auto; padding: 1.2rem 1.6rem 3rem; }
header.top { border-bottom: 4px solid var(--accent); padding-bottom: .6rem; margin-bottom: 1rem; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; }
.sub { color: var(--muted); font-size: 1rem; }
h2 { font-size: 1.45rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: .8rem; margin: 1rem 0; }
.card { border: 2px solid var(--line); border-radius: 8px; padding: .6rem .8rem; background: var(--band); }
.card .k { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .v { font-size: 1.5rem; font-weight: 700; }
.card .n { font-size: .85rem; color: var(--muted); }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1.4rem; }
ul { margin: .3rem 0 .6rem 1.2rem; padding: 0; }
li { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #e4e8ee; }
tbody tr:nth-child(even) td { background: #f8f9fb; }
td.num, th.num { text-align: right; white-space: nowrap; }
.rating { font-weight: 700; display: inline-block; min-width: 1.6em; text-align: center; border-radius: 4px; padding: 0 .3em; color: #fff; }
.r-P { background: var(--good); } .r-S { background: #5d8a2f; } .r-M { background: #b7770b; } .r-U { background: var(--bad); } .r- { background: #777; }
.confirm { display: inline-block; min-width: 5em; border-bottom: 1px solid var(--ink); }
.warn { border-left: 6px solid #b7770b; background: #fff6e5; padding: .5rem .8rem; margin: .6rem 0; }
.strength::marker { content: "+ "; color: var(--good); }
.afi::marker { content: "△ "; color: var(--bad); }
.turn { border: 1px solid var(--line); border-radius: 8px; padding: .5rem .8rem; margin: .8rem 0; break-inside: avoid; }
.turn h3 { margin: .1rem 0 .3rem; display: inline; }
.turn summary { cursor: pointer; padding: .2rem 0; }
.scroll { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; }
.scroll > table { margin-top: 0; }
p, li, .inject, h1, h2, h3, summary, .card, .warn { overflow-wrap: anywhere; }
.inject { background: #eef3fb; border-left: 5px solid var(--accent); padding: .3rem .6rem; margin: .3rem 0; }
.rejected td { color: #777; text-decoration: line-through; }
.rejected td:last-child { text-decoration: none; }
.effects { font-size: .82rem; color: var(--muted); }
.state { font-size: .85rem; white-space: nowrap; }
.chain { font-size: .88rem; margin: .2rem 0 .5rem 0; padding-left: 1.2rem; }
.chain li { list-style: decimal; }
.chain li.change { list-style: "→ "; font-weight: 600; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.pairs { display: grid; grid-template-columns: repeat(3, 1fr); gap: .6rem; }
svg.chart { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
svg .grid { stroke: #e3e5e8; stroke-width: 1; }
svg .guide { stroke: #b03a2e; stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .tick, svg .axis { font-size: 14px; fill: #444; }
svg .ctitle { font-size: 17px; font-weight: 700; fill: #111; }
svg .legend { font-size: 14px; fill: #222; }
svg .guidelabel { font-size: 13px; fill: #b03a2e; }
.pairs svg .tick { font-size: 18px; } .pairs svg .ctitle { font-size: 22px; } .pairs svg .legend { font-size: 18px; }
.muted { color: var(--muted); }
.plan td { height: 2.6em; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 900px) { .cards { grid-template-columns: repeat(2, 1fr); } .cols, .charts { grid-template-columns: 1fr; } .pairs { grid-template-columns: 1fr 1fr; } }
@media (max-width: 520px) {
  html { font-size: 15px; }
  main { padding: .8rem .7rem 2rem; }
  .cards { grid-template-columns: 1fr 1fr; gap: .5rem; }
  .pairs { grid-template-columns: 1fr; }
  h1 { font-size: 1.5rem; }
}
@media print {
  html { font-size: 10.5pt; }
  details.turn::details-content { content-visibility: visible; display: block; }  /* every turn on paper */
  details.turn > summary { list-style: none; }
  .scroll { overflow: visible; }
  main { max-width: none; padding: 0; }
  @page { size: A4; margin: 14mm; }
  h2 { break-after: avoid; }
  table, .turn, svg.chart, .card { break-inside: avoid; }
  tr { break-inside: avoid; }
  th { background: #ddd !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .rating, .inject, .warn { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .pairs { grid-template-columns: repeat(2, 1fr); }
  .charts, .cols { grid-template-columns: 1fr 1fr; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  .card .v { font-size: 1.25rem; }
}
"""


def e(x: object) -> str:
    return escape(str(x))


def render_html(a: AAR) -> str:
    """The whole report as one HTML document."""
    o = a.overview
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>After-action review — {e(o.title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        '<header class="top">',
        f"<h1>After-action review: {e(o.title)}</h1>",
        f'<div class="sub">{e(status_line(a))} · seed {o.seed}' + (f" · played {e(o.date)}" if o.date else "") + "</div>",
        "</header>",
    ]
    for w in a.warnings:
        parts.append(f'<div class="warn">{e(w)}</div>')
    for fn in (_summary, _overview, _outcome, _teams, _objectives, _charts, _turning, _timeline, _msel, _interventions, _evaluator, _channels, _doctrine,
               _signals, _fog, _hotwash, _bots, _plan):
        parts.append(fn(a))
    parts.append("<footer>Produced by Détente from the game's scenario, seed and orders. Ratings are proposals: "
                 "the instructor confirms them. Figures are those of the teaching model, not predictions.</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _h2(key: str) -> str:
    return f'<h2 id="{key}">{e(TITLES[key])}</h2>'


def _table(head: list[str], rows: list[list[str]], cls: str = "", num_cols: tuple[int, ...] = ()) -> str:
    th = "".join(f'<th class="num">{h}</th>' if i in num_cols else f"<th>{h}</th>" for i, h in enumerate(head))
    body = []
    for r in rows:
        body.append("<tr>" + "".join(f'<td class="num">{c}</td>' if i in num_cols else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>")
    return f'<div class="scroll"><table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _overview(a: AAR) -> str:
    o = a.overview
    rows = [
        ["Scenario", f"{e(o.title)} <span class='muted'>({e(o.scenario_id)}, {e(o.difficulty)})</span>"],
        ["Situation", e(o.summary)],
        ["Seed", str(o.seed)],
        ["Date", e(o.date or "not recorded")],
        ["Duration", e(status_line(a))],
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    actors = _table(["Actor", "Kind", "Played by"], [[e(x.name), e(x.kind.replace("_", " ")), e(x.played_by)] for x in o.actors])
    return _h2("overview") + f'<div class="scroll"><table><tbody>{body}</tbody></table></div>' + actors


def _summary(a: AAR) -> str:
    r = a.outcome
    cards = [
        ("Outcome", r.band + ("" if r.final else " (so far)"), r.ending or r.band_text),
        ("Stability", num(r.stability), "index 0–100 at the end"),
        ("Escalation", f"rung {r.rung}", f"{r.rung_name}; highest {r.max_rung}"),
        ("Thresholds crossed", str(len(r.crossings)), ", ".join(c.name for c in r.crossings) or "none"),
    ]
    html = _h2("summary") + '<div class="cards">' + "".join(
        f'<div class="card"><div class="k">{e(k)}</div><div class="v">{e(v)}</div><div class="n">{e(n)}</div></div>'
        for k, v, n in cards) + "</div>"
    s = "".join(f'<li class="strength">{e(x)}</li>' for x in a.strengths) or "<li>None recorded.</li>"
    w = "".join(f'<li class="afi">{e(x)}</li>' for x in a.areas_for_improvement) or "<li>None recorded.</li>"
    return html + f'<div class="cols"><div><h3>Strengths</h3><ul>{s}</ul></div><div><h3>Areas for improvement</h3><ul>{w}</ul></div></div>'


def _outcome(a: AAR) -> str:
    r = a.outcome
    text = f"<p><strong>{e(outcome_line(a))}.</strong> {e(r.ending_text or r.band_text)}</p>"
    rows = []
    for s in r.scores:
        objs = "<br>".join(("✔ " if ob.met else "✘ ") + e(ob.text) for ob in s.objectives) or "—"
        rows.append([e(s.name), num(s.interest), num(s.stability), f"<strong>{num(s.score)}</strong>", objs])
    table = _table(["Actor", "National interest", "Stability", "Score", "National objectives"], rows, num_cols=(1, 2, 3))
    cross = "".join(f"<li>Turn {c.turn}: {e(c.name)} (rung {c.rung})</li>" for c in r.crossings)
    return _h2("outcome") + text + table + (f"<h3>Thresholds crossed</h3><ul>{cross}</ul>" if cross else "")


def _teams(a: AAR) -> str:
    if not a.teams:
        return _h2("teams") + "<p>No actor was played by a person.</p>"
    out = [_h2("teams")]
    for t in a.teams:
        out.append(f"<h3>{e(team_heading(t))}</h3>")
        out.append(f"<p><strong>Score {t.score:.1f}</strong> (national interest {t.interest:.0f}, stability "
                   f"{t.stability:.0f}): {e(t.score_how)}.</p>")
        for title, items in (("Its objectives", [objective_line(o) for o in t.objectives]),
                             ("Obligations and red lines", t.obligations or ["none came due"]),
                             ("Channels and moves", t.channels), ("Where its picture misled it", t.fog)):
            if items:
                out.append(f"<p class='muted'>{e(title)}</p><ul>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>")
    return "".join(out)


def _objectives(a: AAR) -> str:
    rows = []
    for ob in a.objectives:
        badge = f'<span class="rating r-{ob.rating}">{ob.rating or "?"}</span> {e(ob.rating_label)}'
        measured = e(ob.status) + (f"<br><span class='muted'>target held after turns {', '.join(map(str, ob.met_turns))}</span>" if ob.met_turns else "")
        rows.append([e(ob.text), measured, badge, e(ob.rationale), '<span class="confirm">&nbsp;</span>'])
    note = ("<p class='muted'>Ratings (HSEEP): P performed without challenges · S with some challenges · "
            "M with major challenges · U unable to be performed. They are proposed from the measures and from "
            "play; confirm or change each one.</p>")
    return _h2("objectives") + note + _table(["Objective", "Measured", "Proposed rating", "Why", "Confirmed"], rows)


def _charts(a: AAR) -> str:
    c = a.charts
    if len(c.turns) < 2:
        return _h2("charts") + "<p>No turn has been played yet.</p>"
    stab = line_chart("Stability index", c.turns, [Line("Stability", c.stability, STABILITY)], 100,
                      y_ticks=[0, 25, 50, 75, 100])
    top = max(c.max_rung, 1)
    rung = line_chart("Escalation rung", c.turns, [Line("Rung", [float(x) for x in c.rung], RUNG, step=True)], top,
                      guides=[(t.rung, f"{t.name} ({t.rung})") for t in c.thresholds if t.rung <= top],
                      y_ticks=sorted({0.0, float(top), *[float(x) for x in range(0, top + 1, max(1, top // 4))]}), integer=True)
    pairs = "".join(
        line_chart(p.label, c.turns, [Line("trust", p.trust, TRUST), Line("tension", p.tension, TENSION, dash="8 5")], 100,
                   y_ticks=[0, 50, 100], height=280)
        for p in c.pairs
    )
    return (_h2("charts") + f'<div class="charts">{stab}{rung}</div>'
            + "<h3>Trust (solid) and tension (dashed) for each pair</h3>" + f'<div class="pairs">{pairs}</div>')


def _turning(a: AAR) -> str:
    if not a.turning_points:
        return _h2("turning") + "<p>No large swing in stability or escalation.</p>"
    out = [_h2("turning")]
    for tp in a.turning_points:
        out.append(f"<h3>{e(tp.summary)}</h3>")
        if not tp.causes:
            out.append("<p class='muted'>No single move explains it: the drift of tension and trust did.</p>")
        for ch in tp.causes:
            steps = "".join(f"<li>{e(s.text)}</li>" for s in ch.steps)
            changes = "".join(f"<li class='change'>{e(c)}</li>" for c in ch.changes)
            out.append(f'<ol class="chain">{steps}{changes}</ol>')
    return "\n".join(out)


def _state_cell(d: Decision) -> str:
    b, a = d.before, d.after
    lines = [f"stability {num(b.stability)} → {num(a.stability)}", f"rung {b.rung} → {a.rung}"]
    if b.trust is not None:
        lines += [f"trust {num(b.trust)} → {num(a.trust)}", f"tension {num(b.tension)} → {num(a.tension)}"]
    return "<br>".join(e(x) for x in lines)


def _decision_row(d: Decision) -> tuple[list[str], bool]:
    actor = e(d.actor_name) + (f"<div class='muted'>by {e(d.given_by)}</div>" if d.given_by else "")
    if not d.accepted:
        why = d.text.split(" rejected: ", 1)[-1]
        return [actor, e(d.move_name), e(d.channel_name or "—"), e(decision_target(d)), "rejected: " + e(why)], True
    move = e(d.move_name) + (" <strong>(cancelled by the facilitator)</strong>" if d.cancelled else "") \
        + (f"<div class='effects'>{e('; '.join(d.effects))}</div>" if d.effects else "")
    return [actor, move, e(d.channel_name or "—"), e(decision_target(d)), f"<span class='state'>{_state_cell(d)}</span>"], False


def _turn(t: TurnEntry) -> str:
    # One <details> per turn: the timeline folds to a line a turn (the first turn and the
    # print copy stay open); a summary that says the turn's numbers is enough to choose.
    opened = " open" if t.turn == 1 else ""
    out = [f'<details class="turn"{opened}><summary><h3>Turn {t.turn} '
           f'<span class="muted">— {e(before_after(t.before, t.after))}</span></h3></summary>']
    for k in t.injects:
        out.append(f'<div class="inject"><strong>Inject ({e(k.kind.replace("_", " "))}, to {e(k.to)}): {e(k.title)}.</strong> {e(k.text)}</div>')
    if t.decisions:
        rows = []
        for d in t.decisions:
            cells, rej = _decision_row(d)
            rows.append(("<tr class='rejected'>" if rej else "<tr>") + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("<div class='scroll'><table><thead><tr><th>Actor</th><th>Move</th><th>Channel</th><th>Target</th>"
                   f"<th>Before → after</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    else:
        out.append("<p class='muted'>Every actor held.</p>")
    facts = ([f"Turn closed: {t.closed}."] if t.closed else []) + [f"Held — {x}" for x in t.held] + list(t.notes) \
        + list(t.happenings)
    if facts:
        out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in facts) + "</ul>")
    out.append("</details>")
    return "\n".join(out)


def _timeline(a: AAR) -> str:
    return _h2("timeline") + "".join(_turn(t) for t in a.timeline) if a.timeline else _h2("timeline") + "<p>No turn played yet.</p>"


def _msel(a: AAR) -> str:
    if not a.msel:
        return _h2("msel") + "<p>This scenario has no authored injects.</p>"
    rows = [[str(r.number), e(r.title), e(r.planned), e(r.to), e(fired_text(r)), e(r.expected or "—"),
             "<br>".join(e(x) for x in r.answers) or "—"] for r in a.msel]
    return (_h2("msel") + f"<p class='muted'>{e(MSEL_NOTE)}</p>"
            + _table(["#", "Inject", "Planned", "To", "Fired", "Expected action", "Teams' answers"], rows, num_cols=(0,)))


def _evaluator(a: AAR) -> str:
    if not a.evaluator_notes:
        return _h2("evaluator") + f"<p>{e(NO_EVALUATOR_NOTES)}</p>"
    rows = [[str(n.turn), e((f"{n.team} ({n.actor_name})" if n.actor_name else n.team) or "whole exercise"),
             e(n.objective_text or "—"), e(n.text)] for n in a.evaluator_notes]
    return _h2("evaluator") + _table(["Turn", "Team", "Objective", "Note"], rows, num_cols=(0,))


def _interventions(a: AAR) -> str:
    if not a.interventions:
        return _h2("interventions") + f"<p>{e(NO_INTERVENTIONS)}</p>"
    rows = [[str(x.turn), e(x.kind_label), e(x.reason), e(str(x.payload.get("note", "") or "—")),
             "<br>".join(e(c) for c in x.changes) or "no change", e(x.audience)]
            for x in a.interventions]
    return (_h2("interventions") + f"<p class='muted'>{e(INTERVENTIONS_NOTE)}</p>"
            + _table(["Turn", "Intervention", "Rationale (white cell)", "Note to the players", "What it changed",
                      "Seen by"], rows, num_cols=(0,)))


def _channels(a: AAR) -> str:
    if not a.channels:
        return _h2("channels") + "<p>No orders were given.</p>"
    rows = [[e(c.name), "public" if c.public else "private", str(c.latency), str(c.uses),
             e(", ".join(f"{k} {v}" for k, v in c.by_actor.items())), str(c.misread), str(c.inverted)] for c in a.channels]
    return _h2("channels") + _table(["Channel", "Visibility", "Latency", "Uses", "By actor", "Misread", "Taken as hostile"], rows, num_cols=(2, 3, 5, 6))


def _turns(hits: list[DoctrineHit]) -> str:
    """Who, and on which turns."""
    return e(turns_by_actor(hits))


def _doctrine(a: AAR) -> str:
    if not a.doctrine:
        return _h2("doctrine") + "<p>No tagged moves were played.</p>"
    rows = [[e(p.label), f"{len(p.honoured)}<br><span class='muted'>{_turns(p.honoured)}</span>" if p.honoured else "—",
             (f"{len(p.broken)}<br><span class='muted'>{_turns(p.broken)}</span>" if p.broken else "—"),
             e("; ".join(sorted({b.why for b in p.broken}))) or "—"] for p in a.doctrine]
    return (_h2("doctrine") + "<p class='muted'>Turn (actor) where each principle was honoured or broken. "
            "Coercive moves break restraint and mutual respect. <em>Deniable action</em> counts covert and cyber moves done (under Honoured): "
            "not a principle, a question of what they cost when they came out.</p>" + _table(["Principle", "Honoured", "Broken", "How it was broken"], rows))


def _signals(a: AAR) -> str:
    if not a.signal_gaps:
        return _h2("signals") + "<p>No public signal was contradicted or called.</p>"
    rows = [[str(g.turn), e(g.actor_name), e(g.note), signed(g.credibility_delta)] for g in a.signal_gaps]
    return _h2("signals") + _table(["Turn", "Actor", "What happened", "Credibility"], rows, num_cols=(0, 3))


def _fog(a: AAR) -> str:
    f = a.fog
    out = [_h2("fog"), f"<p>Estimates that were off by {f.threshold:.0f} points or more in the intelligence picture of "
           f"{e(', '.join(_names(a, f.observers)))}: {f.total} in all"
           + (f", the {len(f.gaps)} largest below" if f.total > len(f.gaps) else "") + ". "
           "<strong>Acted on</strong> means the player aimed a move at that actor, or mediated between that pair, that turn.</p>"]
    if f.gaps:
        rows = [[str(g.turn), e(g.observer_name), e(fog_line(g)), "yes" if g.acted_on else ""] for g in f.gaps]
        out.append(_table(["Turn", "Player", "Estimate versus truth", "Acted on"], rows, num_cols=(0,)))
    if f.misreadings:
        out.append("<h3>Messages misread</h3><ul>" + "".join(f"<li>Turn {m.turn}: {e(m.note)} (via {e(m.channel_name or 'no channel')})</li>" for m in f.misreadings) + "</ul>")
    return "\n".join(out)


def _names(a: AAR, ids: list[str]) -> list[str]:
    names = {x.id: x.name for x in a.overview.actors}
    return [names.get(i, i) for i in ids]


def _hotwash(a: AAR) -> str:
    if not a.debrief:
        return _h2("hotwash") + "<p>No authored debrief point fired in this game.</p>"
    out = [_h2("hotwash")]
    for d in a.debrief:
        kind = "Strength" if d.strength else "Area for improvement"
        out.append(f"<h3>{e(d.title)} <span class='muted'>(turn {d.turn}, {kind.lower()})</span></h3><p>{e(d.text)}</p>")
        if d.questions:
            out.append("<ul>" + "".join(f"<li><strong>Ask:</strong> {e(q)}</li>" for q in d.questions) + "</ul>")
    return "\n".join(out)


def _bots(a: AAR) -> str:
    c = a.comparison
    if not c.available:
        return _h2("bots") + f"<p>{e(c.note)}</p>"
    out = [_h2("bots")]
    if c.note:
        out.append(f"<p class='muted'>{e(c.note)}</p>")
    for pc in c.policies:
        out.append(f"<h3>{e(pc.label.capitalize())}</h3><p>{e(comparison_line(pc, a.outcome.band))}</p>")
        scores = ", ".join(f"{k}: {v:.0f}th percentile" for k, v in pc.score_percentiles.items())
        out.append(f"<p>Score percentile — {e(scores)}. Outcomes: {e(', '.join(f'{c.band_names.get(k, k)} {v}' for k, v in pc.bands.items()))}.</p>")
    out.append(f"<p class='muted'>{e(c.seeds)}.</p>")
    return "\n".join(out)


def _plan(a: AAR) -> str:
    rows = [[e(r.area), e(r.corrective_action), e(r.capability_element), e(r.responsible), e(r.start), e(r.completion)] for r in a.improvement_plan]
    return (_h2("plan") + f"<p class='muted'>For the instructor to complete. Capability element: {CAPABILITY_ELEMENTS}.</p>"
            + _table(["Area for improvement", "Corrective action", "Capability element", "Responsible", "Start", "Completion"], rows, cls="plan"))
