"""The course report: K groups that played one scenario from one seed, compared side by side.

Because every section starts from the same scenario and seed, the only thing that
differs between two groups is what they decided: the report lines up their outcome
bands, overlays their stability and rung curves with the median of doctrine-following
bots as a reference line, puts each team's objective ratings next to the same team's in
the other groups, and says on which turn (and for which actor) two groups' histories
first went different ways.  Built from the same AAR as a single session's debrief.
"""

from __future__ import annotations

import json
import random
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any

from game.engine.compile import CompiledScenario
from game.engine.game import Game
from game.engine.state import STAB

from .aar import build_aar
from .automated import available_policies, derived_seed
from .charts import Line, line_chart

#: Line colours and dash patterns for up to 12 groups before they repeat (colour is never alone).
PALETTE = ["#1f5fa8", "#c0392b", "#1e7b4a", "#8e44ad", "#b9770e", "#117a8b", "#7f8c8d", "#d35400",
           "#2c3e50", "#a93226", "#196f3d", "#5b2c6f"]
DASHES = ["", "10 5", "3 4", "14 4 3 4", "6 3 2 3", "2 2", "18 6", "8 3 8 8", "1 5", "12 3 2 3 2 3", "5 5", "20 4 4 4"]
REFERENCE = "#555555"


@dataclass
class Group:
    session: str
    turn: int  # turns played
    over: bool
    band_id: str
    band: str
    ending: str
    stability: float
    rung: int
    rung_name: str
    max_rung_name: str
    stability_curve: list[float]
    rung_curve: list[int]
    hashes: list[str]  # state hash after each turn


@dataclass
class TeamRatings:
    team: str
    actor: str
    objective: str
    text: str
    ratings: dict[str, str]  # session -> 'P' | 'S' | 'M' | 'U' | '' (too early)
    evidence: dict[str, str]


@dataclass
class Divergence:
    session: str
    other: str
    turn: int  # 0: the same orders on every turn both played
    actors: list[str]  # whose orders differed on that turn
    what: str


@dataclass
class CourseReport:
    course: str
    title: str
    seed: int
    turns: int
    sessions: list[Group]
    bands: dict[str, int]
    teams: list[TeamRatings]
    divergences: list[Divergence]  # each group against the first
    first_divergence: int  # the earliest turn any two groups differ on (0: none)
    reference: str  # what the reference line is
    reference_stability: list[float] = field(default_factory=list)
    reference_rung: list[float] = field(default_factory=list)
    max_rung: int = 0
    thresholds: list[tuple[int, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _orders_key(orders: Any) -> dict[str, list[tuple[str, str, str, str]]]:
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for o in orders:
        out.setdefault(o.actor, []).append((o.move, o.target, o.second, o.channel))
    return {a: sorted(v) for a, v in out.items()}


def _divergence(a: Game, b: Game, names: dict[str, str]) -> tuple[int, list[str], str]:
    for n, (ta, tb) in enumerate(zip(a.turns, b.turns, strict=False), start=1):
        ka, kb = _orders_key(ta.orders), _orders_key(tb.orders)
        if ka != kb:
            actors = sorted(x for x in set(ka) | set(kb) if ka.get(x) != kb.get(x))
            return n, actors, "different orders from " + ", ".join(names.get(x, x) for x in actors)
        if ta.state_hash != tb.state_hash:  # same orders, different record: an intervention
            return n, [], "the same orders; the white cell intervened differently"
    return 0, [], "the same orders on every turn both have played"


def _reference(cs: CompiledScenario, seed: int, runs: int) -> tuple[str, list[float], list[float]]:
    """Per-turn median stability and rung of `runs` doctrine-bot games (the AAR's seeds)."""
    policies, note = available_policies()
    key = "doctrine" if "doctrine" in policies else next(iter(policies))
    label, fn = policies[key]
    stab: list[list[float]] = [[] for _ in range(cs.turns + 1)]
    rung: list[list[float]] = [[] for _ in range(cs.turns + 1)]
    for k in range(runs):
        s = derived_seed(seed, k)
        g = Game.new(cs, s)
        rng = random.Random(f"{s}:{key}")
        stab[0].append(g.state.g[STAB])
        rung[0].append(g.state.rung)
        t = 0
        while not g.over:
            orders = [o for a in cs.actors for o in fn(g, a.id, rng)]
            g.play(orders, record=False)
            t += 1
            stab[t].append(g.state.g[STAB])
            rung[t].append(g.state.rung)
    med_s = [round(statistics.median(v), 1) for v in stab if v]
    med_r = [float(statistics.median(v)) for v in rung if v]
    return f"median of {runs} games of {label}" + (f" ({note})" if note else ""), med_s, med_r


def build_course_report(course: str, games: list[tuple[str, Game, dict[str, Any], dict[str, str]]],
                        *, reference_runs: int = 40) -> CourseReport:
    """`games`: (session name, its game, its classroom record, actor -> team name), in section order."""
    if not games:
        raise ValueError("a course report needs at least one session")
    first = games[0][1]
    cs = first.origin
    names = {a.id: a.name for a in cs.actors}
    groups: list[Group] = []
    ratings: dict[tuple[str, str], TeamRatings] = {}
    for name, g, record, teams in games:
        a = build_aar(g, teams=teams, humans=list(teams), record=record, bot_runs=0)
        o = a.outcome
        groups.append(Group(name, len(g.turns), g.over, o.band_id, o.band, o.ending, o.stability, o.rung,
                            o.rung_name, o.max_rung_name, list(a.charts.stability), list(a.charts.rung),
                            [t.state_hash for t in g.turns]))
        for sec in a.teams:
            for ob in sec.objectives:
                row = ratings.setdefault((sec.team, ob.id), TeamRatings(sec.team, sec.actor, ob.id, ob.text, {}, {}))
                row.ratings[name] = ob.rating
                row.evidence[name] = ob.evidence
    divs = []
    for name, g, _r, _t in games[1:]:
        turn, actors, what = _divergence(first, g, names)
        divs.append(Divergence(name, games[0][0], turn, actors, what))
    pairwise = [_divergence(a[1], b[1], names)[0] for i, a in enumerate(games) for b in games[i + 1:]]
    firsts = [t for t in pairwise if t]
    label, ref_s, ref_r = _reference(cs, first.seed, reference_runs) if reference_runs else ("", [], [])
    return CourseReport(
        course=course, title=cs.title, seed=first.seed, turns=cs.turns, sessions=groups,
        bands=dict(Counter(gr.band for gr in groups)), teams=list(ratings.values()), divergences=divs,
        first_divergence=min(firsts) if firsts else 0, reference=label, reference_stability=ref_s,
        reference_rung=ref_r, max_rung=cs.max_rung, thresholds=[(r, n) for r, n in cs.thresholds],
    )


# --------------------------------------------------------------------------- rendering
def render_json(r: CourseReport) -> str:
    return json.dumps(r.to_json(), indent=2, ensure_ascii=False) + "\n"


def _status(g: Group, turns: int) -> str:
    if g.over:
        return "ended" if g.turn >= turns else f"ended after {g.turn} of {turns} turns"
    return f"{g.turn} of {turns} turns played"


def _diverged_text(d: Divergence) -> str:
    return f"turn {d.turn}: {d.what}" if d.turn else d.what


def render_markdown(r: CourseReport) -> str:
    out = [f"# Course {r.course}: {r.title}", "",
           f"{len(r.sessions)} groups, one scenario, seed {r.seed}. Ratings are proposals: the instructors confirm them.", "",
           "## Outcomes", "", "| Group | Played | Band | Stability | Rung at the end | Highest rung |",
           "|---|---|---|---:|---|---|"]
    for g in r.sessions:
        out.append(f"| {g.session} | {_status(g, r.turns)} | {g.band} | {g.stability:.1f} | {g.rung_name} ({g.rung}) "
                   f"| {g.max_rung_name} |")
    out += ["", "Bands: " + ", ".join(f"{b} × {n}" for b, n in sorted(r.bands.items())), ""]
    out += ["## Stability by turn", "", "| Turn | " + " | ".join(g.session for g in r.sessions)
            + (" | Doctrine bots (median) |" if r.reference_stability else " |"),
            "|---" * (len(r.sessions) + 1 + bool(r.reference_stability)) + "|"]
    for t in range(r.turns + 1):
        cells = [f"{g.stability_curve[t]:.1f}" if t < len(g.stability_curve) else "–" for g in r.sessions]
        if r.reference_stability:
            cells.append(f"{r.reference_stability[t]:.1f}" if t < len(r.reference_stability) else "–")
        out.append(f"| {'start' if t == 0 else t} | " + " | ".join(cells) + " |")
    out += ["", "## Escalation rung by turn", "", "| Turn | " + " | ".join(g.session for g in r.sessions)
            + (" | Doctrine bots (median) |" if r.reference_rung else " |"),
            "|---" * (len(r.sessions) + 1 + bool(r.reference_rung)) + "|"]
    for t in range(r.turns + 1):
        cells = [str(g.rung_curve[t]) if t < len(g.rung_curve) else "–" for g in r.sessions]
        if r.reference_rung:
            cells.append(f"{r.reference_rung[t]:g}" if t < len(r.reference_rung) else "–")
        out.append(f"| {'start' if t == 0 else t} | " + " | ".join(cells) + " |")
    if r.reference:
        out += ["", f"Reference: {r.reference}."]
    out += ["", "## Objective ratings by team", "",
            "P performed without challenges · S with some challenges · M with major challenges · U unable to be "
            "performed · – too early to rate", "",
            "| Team | Objective | " + " | ".join(g.session for g in r.sessions) + " |",
            "|---|---" + "|---" * len(r.sessions) + "|"]
    for row in r.teams:
        cells = [row.ratings.get(g.session, "") or "–" for g in r.sessions]
        out.append(f"| {row.team} ({row.actor}) | {row.text} | " + " | ".join(cells) + " |")
    out += ["", "## Where the groups' histories diverged", ""]
    out.append(f"The first turn on which any two groups differ: {r.first_divergence}." if r.first_divergence
               else "No two groups differ on any turn they have both played.")
    out.append("")
    for d in r.divergences:
        out.append(f"- {d.session} against {d.other}: {_diverged_text(d)}")
    return "\n".join(out) + "\n"


def _legend(items: list[tuple[str, str, str]]) -> str:
    """The lines of a chart, each with its colour *and* dash pattern drawn, and its name."""
    cells = []
    for label, colour, dash in items:
        d = f' stroke-dasharray="{dash}"' if dash else ""
        cells.append(f'<li><svg width="44" height="12" aria-hidden="true"><line x1="0" x2="44" y1="6" y2="6" '
                     f'stroke="{colour}" stroke-width="3"{d}/></svg> {escape(label)}</li>')
    return f'<ul class="legend">{"".join(cells)}</ul>'


def _badge(rating: str) -> str:
    """The AAR's rating badge: the letter on its colour (the letter carries the meaning)."""
    return f'<span class="rating r-{escape(rating)}">{escape(rating)}</span>' if rating else "–"


def render_html(r: CourseReport) -> str:
    from .html import CSS

    e = escape
    xs = list(range(r.turns + 1))
    lines_s: list[Line] = []
    lines_r: list[Line] = []
    legend: list[tuple[str, str, str]] = []
    for i, g in enumerate(r.sessions):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        lines_s.append(Line(g.session, g.stability_curve, colour, dash))
        lines_r.append(Line(g.session, [float(x) for x in g.rung_curve], colour, dash, step=True))
        legend.append((g.session, colour, dash))
    if r.reference_stability:
        lines_s.append(Line("doctrine bots (median)", r.reference_stability, REFERENCE, "2 6"))
        lines_r.append(Line("doctrine bots (median)", r.reference_rung, REFERENCE, "2 6", step=True))
        legend.append(("doctrine bots (median)", REFERENCE, "2 6"))
    top = max(r.max_rung, 1)
    stab = line_chart("Stability index by group", xs, lines_s, 100, y_ticks=[0, 25, 50, 75, 100], legend=False)
    rung = line_chart("Escalation rung by group", xs, lines_r, top, legend=False, integer=True,
                      guides=[(float(t), f"{n} ({t})") for t, n in r.thresholds if t <= top],
                      y_ticks=sorted({0.0, float(top), *[float(x) for x in range(0, top + 1, max(1, top // 4))]}))
    outcome_rows = "".join(
        f"<tr><td>{e(g.session)}</td><td>{e(_status(g, r.turns))}</td><td>{e(g.band)}</td>"
        f'<td class="num">{g.stability:.1f}</td><td>{e(g.rung_name)} ({g.rung})</td><td>{e(g.max_rung_name)}</td></tr>'
        for g in r.sessions)
    head = "".join(f"<th>{e(g.session)}</th>" for g in r.sessions)
    rating_rows = "".join(
        f"<tr><td>{e(row.team)} <span class=\"sub\">({e(row.actor)})</span></td><td>{e(row.text)}</td>"
        + "".join(f'<td class="grade" title="{e(row.evidence.get(g.session, ""))}">'
                  f"{_badge(row.ratings.get(g.session, ''))}</td>" for g in r.sessions) + "</tr>"
        for row in r.teams)
    div_items = "".join(f"<li><b>{e(d.session)}</b> against {e(d.other)}: {e(_diverged_text(d))}</li>"
                        for d in r.divergences)
    first = (f"The first turn on which any two groups differ: <b>turn {r.first_divergence}</b>."
             if r.first_divergence else "No two groups differ on any turn they have both played.")
    bands = ", ".join(f"{e(b)} × {n}" for b, n in sorted(r.bands.items()))
    extra_css = (".legend{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.4rem;padding:0;margin:.2rem 0 1rem}"
                 ".legend li{display:flex;align-items:center;gap:.4rem}td:first-child{white-space:nowrap}td.grade{text-align:center;font-weight:bold;font-size:1.1rem}")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Course {e(r.course)} — {e(r.title)}</title>", f"<style>{CSS}{extra_css}</style></head><body><main>",
        '<header class="top">', f"<h1>Course {e(r.course)}: {e(r.title)}</h1>",
        f'<div class="sub">{len(r.sessions)} groups · one scenario · seed {r.seed} · ratings are proposals for the '
        "instructors to confirm</div>", "</header>",
        '<h2 id="outcomes">Outcomes</h2>',
        '<div class="scroll"><table><thead><tr><th>Group</th><th>Played</th><th>Band</th><th class="num">Stability</th>'
        f"<th>Rung at the end</th><th>Highest rung</th></tr></thead><tbody>{outcome_rows}</tbody></table></div>",
        f"<p>Bands: {bands}.</p>",
        '<h2 id="curves">Stability and escalation, group by group</h2>',
        f'<div class="charts">{stab}{rung}</div>', _legend(legend),
        f"<p class=\"sub\">Reference: {e(r.reference)}.</p>" if r.reference else "",
        '<h2 id="ratings">Objective ratings by team</h2>',
        "<p class=\"sub\">P performed without challenges · S with some challenges · M with major challenges · "
        "U unable to be performed · – too early to rate. Hover a rating for its evidence.</p>",
        f'<div class="scroll"><table><thead><tr><th>Team</th><th>Objective</th>{head}</tr></thead>'
        f"<tbody>{rating_rows}</tbody></table></div>",
        '<h2 id="divergence">Where the groups\' histories diverged</h2>', f"<p>{first}</p>",
        f"<ul>{div_items}</ul>" if div_items else "",
        "<footer>Produced by Détente from each session's record (scenario, seed and orders). Figures are those of "
        "the teaching model, not predictions.</footer>",
        "</main></body></html>",
    ]) + "\n"
