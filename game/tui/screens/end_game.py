"""End of game: the outcome band, the scores and which objectives were met.

This screen states the result plainly; `r` opens the full after-action review (the
debrief screen, the same review `detente report` writes), and the log and dashboard
tell the story behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.report.text import crossings_by_threshold
from game.tui.widgets.keybar import KeyBar

from .base import GameScreen, nav_bindings

STATUS_MARK = {"met": "✓ met", "partly": "◐ partly", "not met": "✗ not met", "unmeasured": "? unmeasured"}



def crossing_lines(crossings: Sequence[tuple[int, int, str]]) -> list[str]:
    """One line per threshold crossed, with every turn it was crossed on."""
    return [f"⚑ threshold {rung} — {name}: crossed on {when}" for rung, name, when in crossings_by_threshold(crossings)]


class EndGameScreen(GameScreen, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "debrief", "Debrief (AAR)"),
        Binding("g", "new_game", "New game"),
        *nav_bindings("o", "b", "ctrl+s"),
    ]

    def compose(self) -> ComposeResult:
        yield self.status_bar("End of game")
        with VerticalScroll(id="end", can_focus=True):
            yield Static(self.outcome_text(), id="outcome", classes="section")
            yield Static(self.scores_table(), id="scores", classes="section")
            yield Static(self.objectives_text(), id="objectives", classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#end").focus()

    def outcome_text(self) -> Text:
        s = self.session
        r = s.game.result()
        t = Text()
        t.append("Outcome: ", style="bold")
        t.append(f" {r.band} ", style="bold reverse")
        t.append(f"\n{r.band_text}\n")
        if r.ending:
            t.append(f"\nEnding: {r.ending}. ", style="bold")
            t.append(f"{r.ending_text}\n")
        played = len(s.game.turns)
        t.append(f"\n{played} turn{'s' if played != 1 else ''} played · final stability {r.stability:.1f} · "
                 f"rung {r.rung} ({s.cs.ladder[r.rung]}) · highest rung {r.max_rung}\n")
        if r.crossings:
            for line in crossing_lines(r.crossings):
                t.append(f"  {line}\n")
        else:
            t.append("  No escalation threshold was crossed.\n")
        if not s.game.over:
            t.append("\n(The game is still in progress: this is the outcome so far.)\n", style="italic")
        t.rstrip()
        return t

    def scores_table(self) -> Group:
        s = self.session
        r = s.game.result()
        w = s.cs.rules.interest_weight
        table = Table(box=None, header_style="bold")
        table.add_column("actor")
        table.add_column("interest", justify="right")
        table.add_column("stability", justify="right")
        table.add_column("score", justify="right")
        for sc in sorted(r.scores, key=lambda x: -x.score):
            you = sc.actor == s.human
            table.add_row(("▶ you: " if you else "  ") + s.name(sc.actor), f"{sc.interest:.0f}",
                          f"{sc.stability:.0f}", Text(f"{sc.score:.1f}", style="bold" if you else ""))
        title = Text(f"Scores (score = {w:.0%} national interest + {1 - w:.0%} stability)", style="bold underline")
        return Group(title, table)

    def objectives_text(self) -> Text:
        s = self.session
        r = s.game.result()
        t = Text()
        mine = next(sc for sc in r.scores if sc.actor == s.human)
        t.append("Your objectives (national interest)\n", style="bold underline")
        for _oid, text, met in mine.objectives:
            t.append(f"  {'✓ met    ' if met else '✗ not met'}  {text}\n")
        if r.learning:
            t.append("\nLearning objectives (the exercise)\n", style="bold underline")
            for _oid, text, status in r.learning:
                t.append(f"  {STATUS_MARK.get(status, status):<12} {text}\n")
        if r.debrief:
            t.append("\nLearning points that came up\n", style="bold underline")
            titles = {d.id: d.title for d in s.cs.debriefs}
            for turn, did in sorted(r.debrief):
                t.append(f"  ✎ turn {turn}: {titles.get(did, did)}\n")
        t.append("\nr: debrief, the full after-action review · l: full log · d: dashboard · g: new game · "
                 "m: main menu", style="italic")
        return t

    def action_debrief(self) -> None:
        self.dapp.show_debrief()

    def action_new_game(self) -> None:
        from .new_game import NewGameScreen

        self.dapp.show_menu()
        self.app.push_screen(NewGameScreen())
