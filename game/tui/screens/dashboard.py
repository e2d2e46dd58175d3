"""The situation dashboard, one key (d) from every game screen.

Stability with its history, the escalation ladder, trust/tension between actors, one
panel per actor, and the channels and treaties in force.  All of it is the player's
*picture*: others' numbers are estimates and say so.  Nothing relies on colour: levels
have words, the ladder has symbols, estimates have ≈ and ±.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.engine.views import stability_label
from game.tui.widgets.keybar import KeyBar

from ..session import Session
from ..widgets.actor_panel import ActorPanel, ActorView
from ..widgets.gauge import StabilityGauge, history_text
from ..widgets.ladder import EscalationLadder
from ..widgets.relations import RelationsMatrix
from ..widgets.status import StatusBar
from ..widgets.symbols import level_word

SECTIONS = ("sec-stability", "sec-ladder", "sec-relations", "sec-actors", "sec-channels")


class DashboardScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("d", "close", "Close", show=False),
        Binding("1", "jump(0)", "Stability", show=False),
        Binding("2", "jump(1)", "Ladder", show=False),
        Binding("3", "jump(2)", "Relations", show=False),
        Binding("4", "jump(3)", "Actors", show=False),
        Binding("5", "jump(4)", "Channels", show=False),
    ]

    @property
    def session(self) -> Session:
        s = getattr(self.app, "session", None)
        assert s is not None
        return s

    def compose(self) -> ComposeResult:
        s = self.session
        yield StatusBar(f"Dashboard · turn {min(s.turn, s.cs.turns)} of {s.cs.turns} · "
                        "keys 1–5 jump to a section · Esc back", id="status")
        with VerticalScroll(id="dashboard", can_focus=True):
            with Vertical(id="sec-stability", classes="dash-section"):
                yield StabilityGauge(id="gauge")
                yield Static("", id="history")
                yield Static("", id="world")
            with Vertical(id="sec-ladder", classes="dash-section"):
                yield EscalationLadder(id="ladder")
            with Vertical(id="sec-relations", classes="dash-section"):
                yield RelationsMatrix(id="matrix")
            with Grid(id="sec-actors", classes="dash-section"):
                for a in s.cs.actors:
                    yield ActorPanel(id=f"actor-{a.id}")
            with Vertical(id="sec-channels", classes="dash-section"):
                yield Static("", id="channels")
        yield KeyBar()

    def on_mount(self) -> None:
        titles = ("Stability", "Escalation ladder", "Relations: trust / tension", "Actors", "Channels and treaties")
        for sid, title in zip(SECTIONS, titles, strict=True):
            self.query_one(f"#{sid}").border_title = title
        self.fill()
        self.query_one("#dashboard").focus()

    def fill(self) -> None:
        s = self.session
        st = s.game.state
        cs = s.cs
        hist = list(st.stability_hist)
        start = float(cs.rules.stability)
        series = [start] + hist
        prev = series[-2] if len(series) >= 2 else None
        self.query_one(StabilityGauge).show(st.g[0], prev, stability_label(cs, st.g[0], st.rung))
        self.query_one("#history", Static).update(history_text(series))
        self.query_one("#world", Static).update(
            f"Humanitarian situation {st.g[1]:.0f} ({level_word(st.g[1])}) · "
            f"misinformation {st.g[2]:.0f} ({level_word(st.g[2])})")
        self.query_one(EscalationLadder).show(cs.ladder, cs.thresholds, st.rung, st.max_rung)
        pic = s.game.picture(s.human)
        mine = next(sc for sc in s.game.result().scores if sc.actor == s.human)
        self.query_one(RelationsMatrix).show([(a.id, a.name) for a in cs.actors], pic.pairs, s.human)
        for a in cs.actors:
            you = a.id == s.human
            extra: list[str] = []
            if you:
                extra.append(f"capital per turn {a.budget}, left now {st.budget_left[a.idx]}")
                for _, text, met in mine.objectives:
                    extra.append(f"{'✓ met' if met else '✗ not yet'}: {text}")
            controller = "you" if you else f"computer ({a.personality.replace('_', ' ')})"
            view = ActorView(a.id, a.name, a.kind, controller, a.description, pic.actors[a.id],
                             None if you else pic.quality.get(a.id), extra)
            self.query_one(f"#actor-{a.id}", ActorPanel).show(view)
        self.query_one("#channels", Static).update(self.channels_text())

    def channels_text(self) -> Text:
        s = self.session
        cs = s.cs
        st = s.game.state
        from game.engine.views import stage_name

        t = Text()
        t.append("Open channels between actors\n", style="bold")
        for p, (i, j) in enumerate(cs.pairs):
            mask = st.open[p]
            chans = [c.name for c in cs.channels if mask & (1 << c.idx)]
            stage = stage_name(cs, st, cs.actors[i].id, cs.actors[j].id)
            line = f"  {cs.actors[i].name} – {cs.actors[j].name}: "
            line += ", ".join(chans) if chans else "no standing channel"
            if stage != "none":
                line += f" · mediation stage: {stage}"
            t.append(line + "\n")
        t.append("\nTreaties\n", style="bold")
        if not cs.treaties:
            t.append("  none\n")
        for tr in cs.treaties:
            state = "✓ in force" if st.treaty_active[tr.idx] else "○ not in force"
            members = ", ".join(cs.actors[m].name for m in tr.members)
            extra = " · collective defence" if tr.collective_defence else ""
            t.append(f"  {state}: {tr.name} ({tr.kind}; {members}){extra}\n")
        inflight = [x for x in st.inflight if cs.actors[x[1]].id == s.human]
        if inflight:
            t.append("\nYour messages on their way\n", style="bold")
            for due, _i, mi, j, _k, c, _p in inflight:
                t.append(f"  {cs.moves[mi].name} → {cs.actors[j].name} via {cs.channels[c].name}, arrives turn {due}\n")
        t.rstrip()
        return t

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_jump(self, index: int) -> None:
        self.query_one(f"#{SECTIONS[index]}").scroll_visible(top=True)
