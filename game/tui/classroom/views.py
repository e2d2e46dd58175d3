"""What each classroom role may see, laid out as text (no widgets here).

Secrecy is decided in this one module so that it can be read and tested in one place:
a team sees its own actor exactly, others as estimates (`views.picture`), and only the
events it was party to (`visible_to`); the projector sees public events only;
the facilitator sees everything.  Screens only lay these texts out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from game.classroom.session import Credential, Session, TeamStatus
from game.classroom.visibility import seat_events
from game.engine.compile import CompiledScenario
from game.engine.events import Event, describe
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.state import ACTOR_METRICS
from game.engine.views import Option, options
from game.tui.widgets.orders_editor import name_of, order_cost
from game.tui.widgets.relations import matrix_table
from game.tui.widgets.symbols import ESTIMATE, KIND_ICON, signed, trend

SHORT = {"capability": "capab.", "readiness": "ready", "domestic_pressure": "pressure",
         "credibility": "cred.", "legitimacy": "legit."}
#: Event kinds worth a line on a log someone reads aloud (rolls and notes are detail).
HEADLINE_KINDS = frozenset({"order", "reject", "deliver", "inject", "mediation", "alliance", "threshold",
                            "redline", "debrief", "ending"})


def scope_name(cs: CompiledScenario, scope: str) -> str:
    return "–".join(name_of(cs, x) for x in scope.split("~")) if scope else "world"


def seat_options(g: Game, actor: str, queue: Sequence[Order]) -> list[Option]:
    """Every option for `actor`, judged against the capital left after the queued orders.

    An option already queued is marked illegal with the reason, so a team cannot queue
    the same move at the same target twice by accident.
    """
    cs = g.cs
    left = max(0, g.state.budget_left[cs.actor_index[actor]] - sum(order_cost(cs, o) for o in queue))
    taken = {(o.move, o.target, o.second) for o in queue}
    out = []
    for o in options(cs, g.state, actor, left):
        if not o.reason and (o.move, o.target, o.second) in taken:
            o = Option(o.move, o.name, o.category, o.target, o.second, o.channel, o.cost,
                       "already in your orders this turn")
        out.append(o)
    return out


def short(cs: CompiledScenario, e: Event) -> str:
    """One log line with names instead of ids."""
    if is_override(e):
        return override_words(e)
    if e.kind == "change":
        why = e.note or e.rule.replace("_", " ")
        return (f"{trend(e.delta)} {e.metric.replace('_', ' ')} {scope_name(cs, e.scope)} "
                f"{signed(e.delta)} → {e.value:.1f} ({why})")
    return describe(e)


def event_line(cs: CompiledScenario, e: Event, *, show_audience: bool = False,
               audience: tuple[str, ...] | None | bool = False) -> Text:
    """One event; with `show_audience`, who may see it (`audience` as decided by the
    visibility rules, else the engine's own `seen_by`)."""
    t = Text(f"{KIND_ICON.get(e.kind, '·')} ", style="bold")
    t.append(f"T{e.turn} ", style="dim")
    t.append(short(cs, e), style="bold" if is_headline(e) else "")
    if show_audience:
        aud = e.seen_by if audience is False else audience
        if aud is None:
            who = "public"
        elif not aud or aud is True:
            who = "facilitator only"
        else:
            who = "private: " + ", ".join(name_of(cs, a) for a in aud)
        t.append(f"  [{who}]", style="italic")
    return t


def visible_to(g: Game, actor: str) -> list[Event]:
    """The events one actor's team may know of (decided in game.classroom.visibility)."""
    return seat_events(g, Credential("team", "", actor))


def public_only(g: Game) -> list[Event]:
    """The events everyone may know of: what the projector may show."""
    return seat_events(g, Credential("projector"))


# ----------------------------------------------------------------------------- one team


@dataclass(frozen=True)
class Seat:
    """Who is at the keyboard: a team (own terminal or hot-seat) or the facilitator for an actor."""

    team: str
    actor: str
    mode: str  # 'team' | 'hotseat' | 'facilitator'


def visible_turn(g: Game, actor: str, turn: int) -> list[Event]:
    """The events of `turn` the actor may know of (its briefing injects and the adjudication)."""
    return [e for e in visible_to(g, actor) if e.turn == turn]


def briefing_text(g: Game, actor: str) -> Text:
    """The team's briefing: who they are, what reached them this turn, how last turn went."""
    cs = g.cs
    st = g.state
    me = cs.actors[cs.actor_index[actor]]
    t = Text()
    if g.over:
        res = g.result()
        mine = next(sc for sc in res.scores if sc.actor == actor)
        t.append("The exercise is over\n", style="bold underline")
        t.append(f"Outcome: {res.band}. ", style="bold")
        t.append(" ".join(res.band_text.split()) + "\n")
        if res.ending:
            t.append(f"{res.ending}: {' '.join(res.ending_text.split())}\n")
        t.append(f"Your score {mine.score:.1f} (national interest {mine.interest:.0f}, stability "
                 f"{mine.stability:.0f}).\n\n")
    if st.turn == 1 and not g.turns:
        t.append("Situation\n", style="bold underline")
        t.append(cs.title + "\n", style="bold")
        for para in (cs.briefing or cs.summary).strip().split("\n\n"):
            t.append(" ".join(para.split()) + "\n\n")
    hist = st.stability_hist
    if g.turns:
        last = g.turns[-1].turn
        before = hist[-2] if len(hist) >= 2 else float(cs.rules.stability)
        t.append(f"Since turn {last}\n", style="bold underline")
        a, b = round(before, 1), round(st.g[0], 1)  # the change between the numbers shown
        t.append(f"Stability {a:.1f} → {b:.1f} {trend(b - a)} {signed(b - a)}. ")
        t.append(f"Escalation rung {st.rung}: {cs.ladder[st.rung]}.\n")
        heads = [e for e in visible_turn(g, actor, last) if is_headline(e)]
        for e in heads[:12]:
            t.append(f"  {KIND_ICON.get(e.kind, '·')} {short(cs, e)}\n")
        if len(heads) > 12:
            t.append(f"  … {len(heads) - 12} more on the Log tab\n", style="italic")
        t.append("\n")
    injects = [e for e in visible_to(g, actor) if e.turn == st.turn and (e.kind == "inject" or is_override(e))]
    if not g.over:
        t.append(f"Turn {st.turn} of {cs.turns}: what reached you\n", style="bold underline")
        if not injects:
            t.append("No new developments reached you this turn.\n", style="italic")
        for e in injects:
            if is_override(e):
                t.append(f"{KIND_ICON['note']} {override_words(e)}\n", style="italic")
                continue
            k = cs.injects[cs.inject_index[e.inject]] if e.inject in cs.inject_index else None
            t.append(f"{KIND_ICON['inject']} {e.note}\n", style="bold")
            if k is not None and k.text:
                t.append(f"  {' '.join(k.text.split())}\n")
            elif e.inject == "adhoc":
                t.append("  (released by the facilitator)\n", style="italic")
        t.append("\n")
    t.append(f"You are {me.name}. ", style="bold")
    t.append(" ".join(me.description.split()) + "\n")
    if me.objectives:
        t.append("Your objectives\n", style="bold")
        for _, text, _, weight in me.objectives:
            t.append(f"  • {text}" + (f" (weight {weight:g})" if weight != 1 else "") + "\n")
    t.rstrip()
    return t


def intel_renderable(g: Game, actor: str) -> RenderableType:
    """The team's intelligence picture: exact about itself, estimates (≈ ±) of the others."""
    cs = g.cs
    pic = g.picture(actor)
    table = Table(title="Intelligence picture", title_justify="left", title_style="bold underline",
                  box=None, header_style="bold", pad_edge=False)
    table.add_column("actor", no_wrap=True)
    table.add_column("±", no_wrap=True, justify="right")
    for m in ACTOR_METRICS:
        table.add_column(SHORT.get(m, m), no_wrap=True, justify="right")
    for aid, est in pic.actors.items():
        you = aid == actor
        err = max((e.error for e in est.values()), default=0.0)
        cells = [f"{est[m].value:.0f}" if est[m].error == 0 else f"{ESTIMATE}{est[m].value:.0f}" for m in ACTOR_METRICS]
        table.add_row(Text((("you: " if you else "") + name_of(cs, aid))[:16], style="bold" if you else ""),
                      "exact" if err == 0 else f"±{err:.0f}", *cells)
    rel = matrix_table([(a.id, a.name) for a in cs.actors], pic.pairs, actor)
    legend = Text("≈ estimate, ± how far off it may be; attachés and allies sharpen it.", style="italic")
    return Group(table, legend, Text(""), Text("Relations: trust / tension", style="bold underline"), rel)


# ----------------------------------------------------------------------------- everyone


def submissions_text(teams: Sequence[TeamStatus], *, status: str = "running", compact: bool = False) -> Text:
    """Who is in this turn (never what they ordered), in words and symbols, not colour.

    `compact`: one line of team names for the projector (computer actors left out).
    """
    t = Text()
    if compact:
        for ts in teams:
            if ts.controller in ("team", "facilitator"):
                who = ts.name if ts.controller == "team" else f"{ts.actor} (facilitator)"
                t.append(f"{'✓' if ts.submitted else '…'} {who} ", style="bold" if ts.submitted else "")
                t.append("in   " if ts.submitted else "waiting   ")
        if status == "paused":
            t.append("‖ PAUSED", style="bold reverse")
        t.rstrip()
        return t
    for ts in teams:
        if ts.controller == "team":
            mark, word = ("✓", "in") if ts.submitted else ("…", "waiting")
            t.append(f"{mark} {ts.name}", style="bold" if ts.submitted else "")
            t.append(f" ({ts.actor}) {word}")
            if not ts.joined:
                t.append(" · not joined", style="italic")
        elif ts.controller == "facilitator":
            mark = "✓" if ts.submitted else "…"
            t.append(f"{mark} {ts.actor}: facilitator" + (" in" if ts.submitted else " waiting"), style="italic")
        else:
            t.append(f"⚙ {ts.actor}: computer", style="dim")
        t.append("\n")
    if status == "paused":
        t.append("‖ PAUSED by the facilitator\n", style="bold reverse")
    t.rstrip()
    return t


def waiting_for(teams: Sequence[TeamStatus]) -> list[str]:
    return [t.name for t in teams if t.controller == "team" and not t.submitted]


def status_line(s: Session, g: Game, who: str, clock: str = "") -> str:
    """The top line of every seat; the clock comes straight after the turn so 80 columns keep it."""
    status = s.status()
    phase = "OVER" if g.over or status == "ended" else ("PAUSED" if status == "paused" else "running")
    turn = f"Turn {min(g.turn, g.cs.turns)} of {g.cs.turns}"
    if clock and not (g.over or status == "ended"):
        turn += f" · {clock}"
        if status == "paused":
            return f"{who} · {turn} · Stability {g.state.g[0]:.0f} · Rung {g.state.rung}"
    return f"{who} · {turn} · {phase} · Stability {g.state.g[0]:.0f} · Rung {g.state.rung}"


def is_override(e: Event) -> bool:
    """The note that opens a facilitator's override (it carries the reason)."""
    return e.kind == "note" and e.rule == "override"


#: What the white cell did, in the players' words (the engine's note says the kind).
OVERRIDE_WORDS = {
    "set_metric": "adjusted the situation", "cancel_event": "cancelled an effect",
    "release_inject": "released news", "adhoc_inject": "sent news", "extend": "extended the exercise",
    "end": "ended the exercise",
}


def override_words(e: Event) -> str:
    """'From the white cell: <note>' (or what it did, when it left no note) for a player's screen."""
    head, sep, note = e.note.partition(" — ")
    if sep and note:
        return f"From the white cell: {note}"
    kind = head.removeprefix("Facilitator: ").replace(" ", "_")
    return f"The white cell {OVERRIDE_WORDS.get(kind, kind.replace('_', ' '))}."


def is_headline(e: Event) -> bool:
    """Worth a line of its own: orders, injects, outcomes, and the facilitator's overrides."""
    return e.kind in HEADLINE_KINDS or is_override(e)


def public_events(g: Game, limit: int = 40) -> list[Event]:
    """Public headline events, newest turn first, in the order they happened within a turn."""
    evs = [e for e in public_only(g) if is_headline(e)]
    evs.sort(key=lambda e: (-e.turn, e.seq))
    return evs[:limit]


def stability_history(g: Game) -> list[float]:
    return [float(g.cs.rules.stability), *g.state.stability_hist]


# ----------------------------------------------------------------------------- facilitator


def true_actors_table(g: Game, controllers: dict[str, str]) -> Table:
    cs = g.cs
    st = g.state
    t = Table(box=None, header_style="bold", pad_edge=False)
    t.add_column("actor", no_wrap=True)
    t.add_column("ctrl", no_wrap=True)
    for m in ACTOR_METRICS:
        t.add_column(SHORT.get(m, m), justify="right", no_wrap=True)
    t.add_column("cap.", justify="right", no_wrap=True)
    for a in cs.actors:
        t.add_row(a.name[:14], controllers.get(a.id, "?")[:6], *(f"{st.am[mi][a.idx]:.0f}" for mi in range(len(ACTOR_METRICS))),
                  f"{st.budget_left[a.idx]}/{a.budget}")
    return t


def true_pairs_table(g: Game) -> Table:
    cs = g.cs
    st = g.state
    t = Table(box=None, header_style="bold", pad_edge=False)
    t.add_column("pair", no_wrap=True)
    t.add_column("trust", justify="right", no_wrap=True)
    t.add_column("tension", justify="right", no_wrap=True)
    t.add_column("open channels", overflow="fold")
    for p, (i, j) in enumerate(cs.pairs):
        chans = [c.name for c in cs.channels if st.open[p] & (1 << c.idx)]
        t.add_row(f"{cs.actors[i].name[:10]}–{cs.actors[j].name[:10]}", f"{st.trust[p]:.0f}", f"{st.tension[p]:.0f}",
                  ", ".join(chans) or "—")
    return t


def world_text(g: Game) -> Text:
    st = g.state
    cs = g.cs
    hist = stability_history(g)
    t = Text()
    t.append(f"Stability {st.g[0]:.1f}", style="bold")
    t.append(f" · humanitarian {st.g[1]:.0f} · misinformation {st.g[2]:.0f}\n")
    t.append(f"Rung {st.rung} of {cs.max_rung}: {cs.ladder[st.rung]} (highest {st.max_rung})\n")
    t.append("History: " + " → ".join(f"{v:.0f}" for v in hist[-10:]))
    return t


def cancellable(g: Game) -> list[Event]:
    """Last turn's causes (orders, injects, mediation, the assessment) whose effects can be cancelled.

    Only events with at least one change descending from them are offered: cancelling
    reverses those changes, so an event that changed nothing has nothing to cancel.
    """
    if not g.turns:
        return []
    last = g.turns[-1].turn
    events = g.events()
    by_seq = {e.seq: e for e in events}
    causes: set[int] = set()
    for e in events:
        if e.kind != "change" or e.turn != last:
            continue
        cur = by_seq.get(e.parent)
        for _ in range(64):
            if cur is None:
                break
            causes.add(cur.seq)
            cur = by_seq.get(cur.parent)
    return [e for e in events if e.seq in causes and e.turn == last and e.kind not in ("change", "roll")
            and e.rule != "override"]


def interventions_text(s: Session) -> Text:
    ivs = s.store.interventions()
    events = {e.seq: e for e in s.game().events()}
    t = Text()
    if not ivs:
        t.append("No overrides yet. Every override asks for a reason and appears here and in the debrief.",
                 style="italic")
    for iv in ivs:
        t.append(f"T{iv['turn']} {override_text(s.cs, iv['kind'], iv['payload'], events)}", style="bold")
        note = str(iv["payload"].get("note", "") or "")
        t.append(f"\n    to the players: {note or '(no note)'}")
        t.append(f"\n    rationale (white cell only): {iv['reason']}\n")
    t.rstrip()
    return t


def turn_summary(g: Game, turn: int) -> Text:
    """What the whole room may know of a resolved turn: stability, rung, public headlines."""
    cs = g.cs
    hist = stability_history(g)
    rungs = [int(cs.rules.rung), *g.state.rung_hist]
    t = Text()
    if 1 <= turn < len(hist):
        a, b = round(hist[turn - 1], 1), round(hist[turn], 1)  # the change between the numbers shown
        d = b - a
        t.append(f"Turn {turn} resolved: stability {a:.1f} → {b:.1f} {trend(d)} {signed(d)}",
                 style="bold")
        if turn < len(rungs):
            r0, r1 = rungs[turn - 1], rungs[turn]
            t.append(f" · rung {r0} → {r1}" if r0 != r1 else f" · rung {r1} (unchanged)")
        t.append("\n")
    heads = [e for e in public_only(g) if e.turn == turn and is_headline(e)]
    for e in heads[:8]:
        t.append(f"  {KIND_ICON.get(e.kind, '·')} {short(cs, e)}\n")
    if not heads:
        t.append("  Nothing public happened: every move was private.\n", style="italic")
    t.rstrip()
    return t


def compact_ladder(g: Game, width: int = 34) -> Text:
    """The ladder in a narrow column: ▶ now, ▲ highest reached, ⚑ threshold (named below)."""
    cs = g.cs
    st = g.state
    marks = dict(cs.thresholds)
    lines = []
    for r in range(len(cs.ladder) - 1, -1, -1):
        cur = r == st.rung
        sym = "▶" if cur else ("▲" if r == st.max_rung and st.max_rung > st.rung else ("⚑" if r in marks else "·"))
        name = cs.ladder[r]
        name = name if len(name) <= width - 6 else name[: width - 7] + "…"
        style = "bold reverse" if cur else ("bold" if r in marks else ("" if r < st.rung else "dim"))
        lines.append(Text(f"{sym}{r:>3} {name}", style=style))
    return Text("\n").join(lines)


def override_text(cs: CompiledScenario, kind: str, p: dict[str, object], events: dict[int, Event] | None = None) -> str:
    """'set tension Azuria–Corvania to 80' — an override in words, for the log and the debrief."""
    if kind == "set_metric":
        return f"set {str(p.get('metric', '')).replace('_', ' ')} {scope_name(cs, str(p.get('scope', '')))} to {p.get('value')}"
    if kind == "cancel_event":
        e = (events or {}).get(int(str(p.get("event", -1))))
        return f"cancelled the effect of: {short(cs, e)}" if e else f"cancelled the effect of event #{p.get('event')}"
    if kind == "release_inject":
        k = str(p.get("inject", ""))
        return f"released inject '{cs.injects[cs.inject_index[k]].title if k in cs.inject_index else k}'"
    if kind == "adhoc_inject":
        to = p.get("to")
        who = ", ".join(name_of(cs, str(a)) for a in to) if isinstance(to, list) and to else "everyone"
        return f"ad-hoc inject '{p.get('title', '')}' to {who}"
    if kind == "extend":
        return f"extended the exercise by {p.get('turns', 1)} turn(s)"
    if kind == "end":
        return "ended the exercise"
    return kind.replace("_", " ")
