"""Debrief: the after-action review (AAR) in the game, the same one `detente report` writes.

The screen renders the `AAR` object that `game.report.aar.build_aar` returns — the
object the Markdown, HTML and JSON exports render — section by section, in the order of
`game.report.text.SECTIONS`, taking its sentences from the AAR's fields and the shared
phrases in `game.report.text`.  So the debrief on screen and the report an instructor
hands out cannot disagree; a test compares them.

Building the AAR replays the game and plays bot games for the comparison, so it runs in
a worker thread behind a loading indicator.  `e` writes the report as Markdown and HTML
beside the saves (atomically) and says where.

Laid out for 80×24: one column, headings numbered "3/15", `[` and `]` jump between
sections; ratings, outcomes and trends carry letters and symbols, never colour alone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.report.text import (
    CAPABILITY_ELEMENTS,
    INTERVENTIONS_NOTE,
    MSEL_NOTE,
    NO_EVALUATOR_NOTES,
    NO_INTERVENTIONS,
    SECTIONS,
    before_after,
    comparison_line,
    decision_target,
    evaluator_line,
    fired_text,
    fog_line,
    num,
    objective_line,
    outcome_line,
    signed,
    sparkline,
    status_line,
    team_heading,
)
from game.tui.widgets.keybar import KeyBar

from .base import GameScreen, nav_bindings

if TYPE_CHECKING:
    from game.report.model import AAR, Decision, DoctrineHit, StateLine

#: Bot games per policy for the comparison with automated play (the report's default is 40;
#: 20 keep the screen quick on a loaded machine and still place the game among bots).
BOT_RUNS = 20
BAR = 20  # width of the stability bars
REPORTS_DIR = "reports"  # beside the saves


# --------------------------------------------------------------------------- rendering (pure)


def heading(n: int, title: str) -> Text:
    return Text(f"■ {n}/{len(SECTIONS)} {title}", style="bold underline")


class Block:
    """Paragraphs and marked rows; a row's wrapped lines stay under its text (a hanging indent).

    Rows between two paragraphs share one two-column grid (marker, text), so a long
    timeline is a few tables rather than hundreds of widgets.
    """

    def __init__(self) -> None:
        self.parts: list[RenderableType] = []
        self._grid: Table | None = None

    def para(self, text: Text | str, style: str = "") -> Block:
        self._grid = None
        self.parts.append(Text(text, style=style) if isinstance(text, str) else text)
        return self

    def row(self, mark: str, text: Text | str, style: str = "") -> Block:
        if self._grid is None:
            self._grid = Table.grid(padding=(0, 1, 0, 0))
            self._grid.add_column(no_wrap=True)
            self._grid.add_column(ratio=1)
            self.parts.append(self._grid)
        self._grid.add_row(mark, Text(text, style=style) if isinstance(text, str) else text)
        return self

    def gap(self) -> Block:
        return self.para("")

    def render(self) -> Group:
        return Group(*self.parts)


def bold_lead(lead: str, rest: str) -> Text:
    return Text.assemble((lead, "bold"), rest)


def bar(value: float, top: float, width: int = BAR) -> str:
    """'█████████░░░░░░░░░░░': a value as a filled share of `width` cells."""
    filled = max(0, min(width, round(value / (top or 1.0) * width)))
    return "█" * filled + "░" * (width - filled)


def pair_change(b: StateLine, c: StateLine) -> str:
    """'trust 35.0→40.6 · tension 58.0→53.7' (the turn heading already gives stability and rung)."""
    return f"trust {num(b.trust)}→{num(c.trust)} · tension {num(b.tension)}→{num(c.tension)}"


def decision_line(d: Decision) -> str:
    """'Norland: Establish a hotline → Sudmark via Teleconference'."""
    text = f"{d.actor_name}: {d.move_name}"
    target = decision_target(d)
    if target != "—":
        text += f" → {target}"
    if d.channel_name:
        text += f" via {d.channel_name}"
    return text


def hits_by_actor(hits: list[DoctrineHit]) -> str:
    """'Norland on turns 1, 2, 5; Sudmark on turn 3' (who, and when)."""
    turns: dict[str, list[int]] = defaultdict(list)
    for h in hits:
        if h.turn not in turns[h.actor_name]:
            turns[h.actor_name].append(h.turn)
    return "; ".join(f"{who} on turn{'s' if len(ts) > 1 else ''} {', '.join(map(str, ts))}" for who, ts in turns.items())


def render_summary(a: AAR) -> RenderableType:
    r = a.outcome
    b = Block()
    for w in a.warnings:
        b.row("Note:", w, style="italic")
    b.para(Text.assemble(("Outcome: ", "bold"), (f" {outcome_line(a)} ", "bold reverse")))
    b.para(r.ending_text or r.band_text)
    b.para(f"Stability {num(r.stability)} · escalation rung {r.rung} ({r.rung_name}), highest {r.max_rung} · "
           f"thresholds crossed: {', '.join(c.name for c in r.crossings) or 'none'}")
    b.gap().para("Strengths (+)", style="bold")
    for x in a.strengths or ["None recorded."]:
        b.row(" +", x)
    b.gap().para("Areas for improvement (−)", style="bold")
    for x in a.areas_for_improvement or ["None recorded."]:
        b.row(" −", x)
    return b.render()


def render_overview(a: AAR) -> RenderableType:
    o = a.overview
    b = Block()
    b.row("Scenario", f"{o.title} ({o.scenario_id}, {o.difficulty})", style="")
    b.row("Situation", o.summary)
    b.row("Seed", str(o.seed))
    b.row("Date", o.date or "not recorded")
    b.row("Duration", status_line(a))
    b.gap().para("Who played each actor (▶ human)", style="bold")
    for x in o.actors:
        b.row(" ▶" if x.control == "human" else "  ", f"{x.name} ({x.kind.replace('_', ' ')}): {x.played_by}")
    return b.render()


def render_outcome(a: AAR, human: str) -> RenderableType:
    r = a.outcome
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("actor")
    table.add_column("national interest", justify="right")
    table.add_column("stability", justify="right")
    table.add_column("score", justify="right")
    for s in r.scores:
        you = s.actor == human
        table.add_row(("▶ " if you else "  ") + s.name + (" (you)" if you else ""), num(s.interest),
                      num(s.stability), Text(num(s.score), style="bold"))
    b = Block()
    b.para(Text.assemble((f"Band: {r.band}" + ("" if r.final else " (so far)"), "bold"), f" — {r.band_text}"))
    if r.ending:
        b.para(bold_lead(f"Ending: {r.ending}. ", r.ending_text))
    b.para(f"Final stability {num(r.stability)} · rung {r.rung} ({r.rung_name}) · highest rung {r.max_rung} "
           f"({r.max_rung_name})")
    for c in r.crossings:
        b.row(" ⚑", f"Turn {c.turn}: {c.name} (rung {c.rung})")
    if not r.crossings:
        b.row(" ⚑", "No escalation threshold was crossed.")
    b.gap()
    b.parts.append(table)
    b.gap().para("National objectives (✔ met · ✘ not met)", style="bold")
    for s in r.scores:
        b.para(f" {s.name}")
        for ob in s.objectives:
            b.row("   ✔ met    " if ob.met else "   ✘ not met", ob.text)
    return b.render()


def render_objectives(a: AAR) -> RenderableType:
    b = Block()
    b.para("Ratings (HSEEP): P performed without challenges · S with some challenges · M with major "
           "challenges · U unable to be performed. Proposed from the measures and from play: confirm each one.",
           style="italic")
    for ob in a.objectives:
        b.gap()
        b.row(f"[{ob.rating or '?'}]", Text(ob.rating_label, style="bold"))
        b.row("", ob.text)
        measured = ob.status + (f" (target held after turns {', '.join(map(str, ob.met_turns))})" if ob.met_turns else "")
        b.row("", bold_lead("Measured: ", measured))
        b.row("", bold_lead("Why: ", ob.rationale))
        b.row("", bold_lead("Confirmed by the instructor: ", "____"))
    if not a.objectives:
        b.gap().para("The scenario sets no learning objectives.")
    return b.render()


def render_charts(a: AAR) -> RenderableType:
    c = a.charts
    if len(c.turns) < 2:
        return Text("No turn has been played yet.")
    b = Block()
    b.para(f"Stability {sparkline(c.stability, 100)} {num(c.stability[0])} → {num(c.stability[-1])} · "
           f"rung {sparkline([float(x) for x in c.rung], max(c.max_rung, 1))} {c.rung[0]} → {c.rung[-1]}", style="bold")
    b.gap().para(f"turn   stability (0–100){' ' * (BAR - 15)}      rung (0–{c.max_rung}, ▲ up ▼ down)", style="italic")
    prev_rung = c.rung[0]
    lines = Text()
    for turn, st, r in zip(c.turns, c.stability, c.rung, strict=True):
        move = "▲" if r > prev_rung else "▼" if r < prev_rung else " "
        lines.append(f"{'start' if turn == 0 else f't{turn}':<6} {bar(st, 100)} {num(st):>5}   {r:>2} {move}\n")
        prev_rung = r
    lines.rstrip()
    b.para(lines)
    if c.pairs:
        b.gap().para("Trust and tension between each pair (sparkline over the turns; start → end)", style="bold")
    for p in c.pairs:
        b.para(f" {p.label}")
        b.para(f"   trust   {sparkline(p.trust, 100)} {num(p.trust[0]):>5} → {num(p.trust[-1]):>5}"
               f"  (low {num(min(p.trust))}, high {num(max(p.trust))})")
        b.para(f"   tension {sparkline(p.tension, 100)} {num(p.tension[0]):>5} → {num(p.tension[-1]):>5}"
               f"  (low {num(min(p.tension))}, high {num(max(p.tension))})")
    return b.render()


def render_turning(a: AAR) -> RenderableType:
    b = Block()
    for n, tp in enumerate(a.turning_points):
        if n:
            b.gap()
        b.para(f"⚑ {tp.summary}", style="bold")
        for ch in tp.causes:
            for i, step in enumerate(ch.steps):
                b.row("  •" if i == 0 else "  ↳", step.text)
            for x in ch.changes:
                b.row("  →", x)
        if not tp.causes:
            b.row("", "No single move explains it: the drift of tension and trust did.")
    if not a.turning_points:
        b.para("No large swing in stability or escalation.")
    return b.render()


def render_timeline(a: AAR) -> RenderableType:
    labels = {p.pair: p.label for p in a.charts.pairs}
    b = Block()
    b.para("◆ inject · ✉ order · ✗ rejected · Δ a pair's trust and tension over the turn · • what happened",
           style="italic")
    for turn in a.timeline:
        b.gap().para(f"Turn {turn.turn}: {before_after(turn.before, turn.after)}", style="bold")
        for k in turn.injects:
            b.row(" ◆", Text.assemble((f"Inject ({k.kind.replace('_', ' ')}, to {k.to}): {k.title}. ", "italic"), k.text))
        pairs: dict[str, str] = {}
        for d in turn.decisions:
            if d.accepted and d.pair and d.before.trust is not None:
                pairs.setdefault(d.pair, pair_change(d.before, d.after))
        for pair, change in pairs.items():
            b.row(" Δ", f"{labels.get(pair, pair)}: {change}")
        for d in turn.decisions:
            if d.accepted:
                b.row(" ✉", decision_line(d) + (" — cancelled by the facilitator" if d.cancelled else ""))
                if d.effects:
                    b.row("", Text("effects: " + "; ".join(d.effects), style="dim"))
            else:
                b.row(" ✗", f"{decision_line(d)} — rejected: {d.text.split(' rejected: ', 1)[-1]}")
        if not turn.decisions:
            b.row(" ✉", "Every actor held.")
        if turn.closed:
            b.row(" •", f"Turn closed: {turn.closed}.")
        for x in turn.held:
            b.row(" •", f"Held — {x}")
        for x in turn.notes:
            b.row(" ✎", x)
        for x in turn.happenings:
            b.row(" •", x)
    if not a.timeline:
        b.para("No turn has been played yet.")
    return b.render()


def render_teams(a: AAR) -> RenderableType:
    if not a.teams:
        return Text("No actor was played by a person.")
    b = Block()
    for t in a.teams:
        b.gap().para(team_heading(t), style="bold")
        b.row(" ■", f"Score {t.score:.1f}: {t.score_how}.")
        for o in t.objectives:
            b.row(" •", objective_line(o))
        for x in t.obligations:
            b.row(" ⚑", x)
        for x in t.channels:
            b.row(" ✉", x)
        for x in t.fog:
            b.row(" ≈", x)
    return b.render()


def render_msel(a: AAR) -> RenderableType:
    if not a.msel:
        return Text("This scenario has no authored injects.")
    b = Block()
    b.para(MSEL_NOTE, style="italic")
    for r in a.msel:
        b.row(f" {r.number:>2}.", Text.assemble((r.title, "bold"), f" — planned: {r.planned}; to {r.to}; "
                                                f"{fired_text(r)}"))
        if r.expected:
            b.row("", Text(f"expected: {r.expected}", style="dim"))
        for x in r.answers:
            b.row("", x)
    return b.render()


def render_evaluator(a: AAR) -> RenderableType:
    if not a.evaluator_notes:
        return Text(NO_EVALUATOR_NOTES)
    b = Block()
    for n in a.evaluator_notes:
        b.row(f" Turn {n.turn:>2}", evaluator_line(n))
    return b.render()


def render_interventions(a: AAR) -> RenderableType:
    if not a.interventions:
        return Text(NO_INTERVENTIONS)
    b = Block()
    b.para(INTERVENTIONS_NOTE, style="italic")
    for x in a.interventions:
        b.row(f" Turn {x.turn:>2}", Text.assemble((x.kind_label, "bold"), f" — rationale: {x.reason}"))
        note = str(x.payload.get("note", "") or "")
        if note:
            b.row("", f"to the players: {note}")
        for c in x.changes or ["no change"]:
            b.row("", f"→ {c}")
        b.row("", Text(f"seen by: {x.audience}", style="dim"))
    return b.render()


def render_channels(a: AAR) -> RenderableType:
    if not a.channels:
        return Text("No orders were given.")
    names = {x.id: x.name for x in a.overview.actors}
    b = Block()
    for ch in a.channels:
        by = ", ".join(f"{names.get(k, k)} {v}" for k, v in ch.by_actor.items())
        b.row("•", Text.assemble((ch.name, "bold"),
                                 f" ({'public' if ch.public else 'private'}, latency {ch.latency}): {ch.uses} use"
                                 f"{'s' if ch.uses != 1 else ''}" + (f" — {by}" if by else "")
                                 + f"; misread {ch.misread}, taken as hostile {ch.inverted}"))
    return b.render()


def render_doctrine(a: AAR) -> RenderableType:
    if not a.doctrine:
        return Text("No tagged moves were played.")
    b = Block()
    b.para("Turn (actor) where each principle was honoured or broken; coercive moves break restraint and "
           "mutual respect.", style="italic")
    for p in a.doctrine:
        b.gap().para(p.label, style="bold")
        b.row("  ✔", f"honoured {len(p.honoured)}×" + (f": {hits_by_actor(p.honoured)}" if p.honoured else ""))
        b.row("  ✘", f"broken {len(p.broken)}×" + (f": {hits_by_actor(p.broken)}" if p.broken else ""))
        for why in sorted({x.why for x in p.broken}):
            b.row("", f"how: {why}")
    return b.render()


def render_signals(a: AAR) -> RenderableType:
    if not a.signal_gaps:
        return Text("No public signal was contradicted or called.")
    b = Block()
    for g in a.signal_gaps:
        way = "▲" if g.credibility_delta > 0 else "▼"
        b.row(f"Turn {g.turn}", f"{g.actor_name}: {g.note} (credibility {way} {signed(g.credibility_delta)})")
    return b.render()


def render_fog(a: AAR) -> RenderableType:
    f = a.fog
    names = {x.id: x.name for x in a.overview.actors}
    b = Block()
    b.para(Text.assemble(
        f"Estimates off by {f.threshold:.0f} points or more in the intelligence picture of "
        f"{', '.join(names.get(x, x) for x in f.observers)}: {f.total} in all"
        + (f", the {len(f.gaps)} largest below" if f.total > len(f.gaps) else "") + ". ",
        ("Acted on: the player aimed a move at that actor, or mediated between that pair, that turn.", "italic")))
    for g in f.gaps:
        b.row(f" Turn {g.turn:>2}", f"{g.observer_name}: {fog_line(g)}" + (" · acted on" if g.acted_on else ""))
    if f.misreadings:
        b.gap().para("Messages misread", style="bold")
        for m in f.misreadings:
            b.row(f" Turn {m.turn:>2}", f"{m.note} (via {m.channel_name or 'no channel'})")
    return b.render()


def render_hotwash(a: AAR) -> RenderableType:
    b = Block()
    for n, d in enumerate(a.debrief):
        if n:
            b.gap()
        b.row("✎", Text.assemble((d.title, "bold"), f" (turn {d.turn}, {'strength' if d.strength else 'area for improvement'})"))
        b.row("", d.text)
        for q in d.questions:
            b.row("", bold_lead("? Ask: ", q))
    if not a.debrief:
        b.para("No authored debrief point fired in this game.")
    return b.render()


def render_bots(a: AAR) -> RenderableType:
    cmp_ = a.comparison
    if not cmp_.available:
        return Text(cmp_.note)
    names = {x.id: x.name for x in a.overview.actors}
    b = Block()
    if cmp_.note:
        b.para(cmp_.note, style="italic")
    width = min(30, max((len(cmp_.band_names.get(k, k)) for pc in cmp_.policies for k in pc.bands), default=10))
    for pc in cmp_.policies:
        b.para(bold_lead(f"{pc.label.capitalize()}: ", comparison_line(pc, a.outcome.band)))
        scores = ", ".join(f"{names.get(k, k)} {v:.0f}th percentile" for k, v in pc.score_percentiles.items())
        b.para(f"  Score: {scores}.")
        bands = Text()
        for band, count in pc.bands.items():
            label = cmp_.band_names.get(band, band)[:width]
            bands.append(f"  {label:<{width}} {bar(count, max(1, pc.runs), 16)} {count:>3} of {pc.runs}\n")
        bands.rstrip()
        b.para(bands).gap()
    b.para(f"{cmp_.seeds}.", style="italic")
    return b.render()


def render_plan(a: AAR) -> RenderableType:
    b = Block()
    b.para(f"For the instructor to complete. Capability element: {CAPABILITY_ELEMENTS}.", style="italic")
    for n, x in enumerate(a.improvement_plan, start=1):
        b.gap().row(f"{n}.", Text(x.area.strip() or "(a further area for improvement)", style="bold"))
        for label, value in (("Corrective action", x.corrective_action), ("Capability element", x.capability_element),
                             ("Responsible", x.responsible), ("Start", x.start), ("Completion", x.completion)):
            b.row("", f"{label}: {value or '____'}")
    return b.render()


def render_section(key: str, a: AAR, human: str) -> RenderableType:
    """One section of the AAR as the terminal shows it (the heading is added by the screen)."""
    if key == "outcome":
        return render_outcome(a, human)
    return RENDERERS[key](a)


RENDERERS = {
    "summary": render_summary,
    "overview": render_overview,
    "teams": render_teams,
    "objectives": render_objectives,
    "charts": render_charts,
    "turning": render_turning,
    "timeline": render_timeline,
    "msel": render_msel,
    "interventions": render_interventions,
    "evaluator": render_evaluator,
    "channels": render_channels,
    "doctrine": render_doctrine,
    "signals": render_signals,
    "fog": render_fog,
    "hotwash": render_hotwash,
    "bots": render_bots,
    "plan": render_plan,
}


# --------------------------------------------------------------------------- export


def report_stem(a: AAR) -> str:
    """'tutorial-seed3-turn10-final': one file per game and turn, so a later export never hides an earlier one."""
    from game.saves.names import sanitise_name

    o = a.overview
    return sanitise_name(f"{o.scenario_id}-seed{o.seed}-turn{o.turns_played}-{'final' if o.finished else 'so-far'}")


def export_report(a: AAR, directory: Path) -> list[Path]:
    """Write the AAR as Markdown and HTML into `directory`, atomically; the paths written.

    Raises OSError (the caller shows it in one line).
    """
    from game.report.html import render_html
    from game.report.markdown import render_markdown
    from game.saves.atomic import write_atomic

    directory.mkdir(parents=True, exist_ok=True)
    stem = report_stem(a)
    out = []
    for suffix, text in ((".md", render_markdown(a)), (".html", render_html(a))):
        path = directory / f"{stem}{suffix}"
        write_atomic(path, text.encode("utf-8"))
        out.append(path)
    return out


def reports_dir() -> Path:
    """Beside the saves: <save dir>/reports ($DETENTE_SAVE_DIR or ./saves)."""
    from game.saves.store import resolve_dir

    return resolve_dir() / REPORTS_DIR


# --------------------------------------------------------------------------- the screen


class DebriefScreen(GameScreen, inherit_bindings=False):
    """The after-action review, built in a worker and shown section by section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export MD+HTML"),
        Binding("w", "what_if", "What if…"),
        Binding("right_square_bracket", "next_section", "Next section", key_display="]"),
        Binding("left_square_bracket", "previous_section", "Prev section", key_display="["),
        Binding("escape", "back", "Back"),
        *nav_bindings("b", "o", "l", "ctrl+s", "h"),
    ]

    def __init__(self, bot_runs: int = BOT_RUNS) -> None:
        super().__init__()
        self.bot_runs = bot_runs
        self.aar: AAR | None = None
        self.exported: list[Path] = []

    def compose(self) -> ComposeResult:
        yield self.status_bar("Debrief" if self.session.over else "Debrief so far")
        yield Static("", id="debrief-note")
        with VerticalScroll(id="debrief", can_focus=True):
            for n, (key, title) in enumerate(SECTIONS, start=1):
                yield Static(heading(n, title), id=f"sec-{key}", classes="debrief-section")
        yield KeyBar()

    def on_mount(self) -> None:
        scroll = self.query_one("#debrief", VerticalScroll)
        scroll.loading = True
        scroll.focus()
        played = len(self.session.game.turns)
        self.note(f"Building the after-action review: replaying {played} turn{'s' if played != 1 else ''}"
                  + (f" and {self.bot_runs} bot games per policy for the comparison…" if self.bot_runs else "…"))
        self.build()

    def note(self, text: str) -> None:
        self.query_one("#debrief-note", Static).update(Text(text, style="italic"))

    @work(thread=True, exclusive=True, group="debrief")
    def build(self) -> None:
        """Replay and compare off the UI thread; the result comes back through `show`."""
        from game.report.aar import build_aar

        s = self.session
        try:
            aar = build_aar(s.game.fork(), date=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
                            humans=[s.human], policies=s.policies(), bot_runs=self.bot_runs)
        except Exception as exc:  # a report bug must not take the game down: say it in one line
            self.app.call_from_thread(self.failed, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self.show, aar)

    def failed(self, why: str) -> None:
        self.query_one("#debrief", VerticalScroll).loading = False
        self.note(f"The after-action review could not be built: {why}")

    def show(self, aar: AAR) -> None:
        self.aar = aar
        for n, (key, title) in enumerate(SECTIONS, start=1):
            self.query_one(f"#sec-{key}", Static).update(Group(heading(n, title), render_section(key, aar, self.session.human)))
        self.query_one("#debrief", VerticalScroll).loading = False
        self.note("Same review as `detente report` · e: export it · [ ]: jump between sections")

    # ------------------------------------------------------------------ actions
    def section_tops(self) -> list[int]:
        return [w.virtual_region.y for w in self.query(".debrief-section")]

    def action_next_section(self) -> None:
        scroll = self.query_one("#debrief", VerticalScroll)
        y = round(scroll.scroll_y)
        target = next((top for top in self.section_tops() if top > y), None)
        if target is not None:
            scroll.scroll_to(y=target, animate=False)

    def action_previous_section(self) -> None:
        scroll = self.query_one("#debrief", VerticalScroll)
        y = round(scroll.scroll_y)
        target = next((top for top in reversed(self.section_tops()) if top < y), 0)
        scroll.scroll_to(y=target, animate=False)

    def action_what_if(self) -> None:
        """Branch the game from a turn with a policy in the player's seat (detente branch)."""
        from game.bots import POLICIES

        from ..dialogs.what_if import WhatIfDialog

        played = len(self.session.game.turns)
        if not played:
            self.notify("No turn has been played yet: nothing to branch from.")
            return

        def check(turn: int) -> str:
            return "" if 1 <= turn <= played else f"the turn is from 1 to {played}"

        def chosen(pick: tuple[int, str] | None) -> None:
            if pick is not None:
                self.branch(*pick)

        self.app.push_screen(WhatIfDialog(played, POLICIES, check), chosen)

    @work(thread=True, exclusive=True, group="what-if")
    def branch(self, turn: int, policy: str) -> None:
        from game.report.branch import BranchError, branch, comparison_lines

        from ..dialogs.advice import AdviceDialog

        s = self.session
        try:
            br = branch(s.game.fork(), turn, actor=s.human, policy=policy, humans=[s.human], policies=s.policies())
            body = Text("\n".join(comparison_lines(br, {a.id: a.name for a in s.cs.actors})))
        except (BranchError, Exception) as exc:  # a branch bug must not take the debrief down
            body = Text(f"The branch could not be made: {exc}")
        self.app.call_from_thread(self.app.push_screen, AdviceDialog(f"What if, from turn {turn}: {policy}", body))

    def action_export(self) -> None:
        if self.aar is None:
            self.notify("The review is still being built: export once it is shown.")
            return
        try:
            self.exported = export_report(self.aar, reports_dir())
        except OSError as exc:
            self.notify(f"not exported: {(exc.strerror or str(exc)).lower()}", title="Export failed", severity="error")
            return
        paths = " and ".join(str(p) for p in self.exported)
        self.note(f"Exported: {paths}")
        self.notify(f"Markdown and HTML written to {self.exported[0].parent}", title="Report exported", timeout=8)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.dapp.show_briefing()
