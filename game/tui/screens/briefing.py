"""Briefing: the situation, this turn's injects, and the player's intelligence picture.

Estimates of other actors are shown as estimates ("≈ 49.9 ±6.2") because the picture is
noisy unless attachés or allies sharpen it: the player must learn to act on uncertain
information, which is half of what the game teaches.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.tui.widgets.keybar import KeyBar

from ..widgets.hint import TutorialHint
from ..widgets.relations import matrix_table
from ..widgets.symbols import ESTIMATE, KIND_ICON, signed
from .base import GameScreen, nav_bindings

SHORT = {"capability": "capab.", "readiness": "ready", "domestic_pressure": "pressure",
         "credibility": "cred.", "legitimacy": "legit."}

TUTORIAL = (
    "This is the briefing: what happened, what reached you this turn (injects ◆) and what your "
    "intelligence says. Values marked ≈ are estimates with their error. Press d for the dashboard, "
    "then o to write your orders."
)


def reflow(paragraph: str) -> str:
    """Join wrapped lines into one, but keep list items ('- ', '* ', '1. ') on lines of their own."""
    out: list[str] = []
    for raw in paragraph.splitlines():
        line = raw.strip()
        if not line:
            continue
        if out and not re.match(r"^([-*•]|\d+[.)])\s", line):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


class BriefingScreen(GameScreen, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o,enter", "orders", "Write orders", key_display="o/⏎"),
        *nav_bindings("o", "b", "ctrl+s"),
    ]

    def compose(self) -> ComposeResult:
        yield self.status_bar("Briefing")
        with VerticalScroll(id="briefing", can_focus=True):
            if self.session.tutorial:
                notes = self.session.tutorial_notes() + [TUTORIAL]
                yield TutorialHint("\n\n".join(notes), id="hint", classes="full")
            sections = [("injects", self.injects_text()), ("intel", self.intel_text())]
            situation = ("situation", self.situation_text())
            if self.session.turn == 1:
                sections.insert(0, situation)
            else:
                sections.insert(0, ("last-turn", self.last_turn_text()))
                sections.append(situation)
            for sid, body in sections:
                yield Static(body, id=sid, classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    # ------------------------------------------------------------------ sections
    def situation_text(self) -> Text:
        cs = self.session.cs
        t = Text()
        t.append("Situation\n", style="bold underline")
        t.append(cs.title + "\n", style="bold")
        body = " ".join(cs.briefing.split()) if cs.briefing else cs.summary
        for para in (cs.briefing or cs.summary).strip().split("\n\n"):
            t.append(reflow(para) + "\n\n")
        if not body:
            t.append("(no briefing text)\n", style="italic")
        me = self.session.cs.actors[self.session.human_index]
        t.append(f"\nYou are {me.name}. ", style="bold")
        t.append(me.description + "\n")
        if me.objectives:
            t.append("Your objectives\n", style="bold")
            for _, text, _, weight in me.objectives:
                t.append(f"  • {text}" + (f" (weight {weight:g})" if weight != 1 else "") + "\n")
        t.rstrip()
        return t

    def last_turn_text(self) -> Text:
        s = self.session
        hist = s.game.state.stability_hist
        t = Text()
        t.append(f"Since turn {s.last_resolved_turn()}\n", style="bold underline")
        if len(hist) >= 2:
            a, b = round(hist[-2], 1), round(hist[-1], 1)  # the change between the numbers shown
            t.append(f"Stability {a:.1f} → {b:.1f} ({signed(b - a)}). ")
        elif hist:
            t.append(f"Stability now {hist[-1]:.1f}. ")
        t.append(f"Escalation rung {s.game.state.rung}: {s.cs.ladder[s.game.state.rung]}.\n")
        t.append("Press l for the full log of what happened and why.", style="italic")
        return t

    def injects_text(self) -> Text:
        s = self.session
        t = Text()
        t.append(f"Injects this turn ({s.cs.turn_length} per turn)\n", style="bold underline")
        events = s.briefing_events()
        injects = [e for e in events if e.kind == "inject"]
        if not injects:
            t.append("No new developments reached you this turn.\n", style="italic")
        for e in injects:
            k = s.cs.injects[s.cs.inject_index[e.inject]]
            src = f" · source: {s.name(e.actor)}" if e.actor else ""
            t.append(f"{KIND_ICON['inject']} {k.title}\n", style="bold")
            t.append(f"  [{k.kind.replace('_', ' ')}{src}]\n", style="italic")
            if k.text:
                t.append(f"  {' '.join(k.text.split())}\n")
            for c in events:
                if c.kind == "change" and c.inject == e.inject:
                    who = c.scope.replace("~", "–") or "world"
                    t.append(f"    Δ {c.metric.replace('_', ' ')} {who} {signed(c.delta)} → {c.value:.1f}\n")
        t.rstrip()
        return t

    def intel_text(self) -> RenderableType:
        s = self.session
        pic = s.game.picture(s.human)
        table = Table(title="Intelligence picture", title_justify="left", title_style="bold underline",
                      box=None, header_style="bold", pad_edge=False)
        table.add_column("actor", no_wrap=True)
        table.add_column("± error", no_wrap=True, justify="right")
        metrics = list(next(iter(pic.actors.values())).keys()) if pic.actors else []
        for m in metrics:
            table.add_column(SHORT.get(m, m), no_wrap=True, justify="right")
        for aid, est in pic.actors.items():
            you = aid == s.human
            name = ("you: " if you else "") + s.name(aid)
            err = max((e.error for e in est.values()), default=0.0)
            q = pic.quality.get(aid)
            err_cell = "exact" if err == 0 else f"±{err:.1f}" + (f" ({q:.0%})" if q is not None else "")
            cells = [f"{est[m].value:.1f}" if est[m].error == 0 else f"{ESTIMATE}{est[m].value:.1f}" for m in metrics]
            table.add_row(Text(name[:16], style="bold" if you else ""), err_cell, *cells)
        rel = matrix_table([(a.id, a.name) for a in s.cs.actors], pic.pairs, s.human)
        legend = Text("≈ estimate · ± how far off it may be · (%) your intelligence quality on that actor; "
                      "attachés and allies sharpen it.", style="dim italic")
        return Group(table, legend, Text(""), Text("Relations: trust / tension", style="bold underline"), rel)
