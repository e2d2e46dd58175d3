"""Resolution: the adjudication log of a turn, as the player may see it, with "why?".

Each line is one engine event; expanding it (Enter) walks the `parent` links back to
the root cause.  Events the player could not see appear in a chain only as "hidden from
you" — fog of war applies to explanations too.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from game.engine.events import Event, chain, describe
from game.tui.widgets.keybar import KeyBar

from ..widgets.event_log import EventLog, LogLine
from ..widgets.hint import TutorialHint
from ..widgets.symbols import KIND_ICON, signed, trend
from .base import GameScreen, nav_bindings

TUTORIAL = (
    "The adjudication log: every order, roll and change this turn. Enter on a line shows why it "
    "happened (its cause chain). r shows dice rolls; \\[ and ] move between turns; n continues."
)
KEY_KINDS = frozenset({"order", "reject", "deliver", "inject", "mediation", "alliance", "threshold", "redline",
                       "debrief", "ending"})


class ResolutionScreen(GameScreen, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Continue"),
        Binding("r", "toggle_rolls", "Rolls"),
        Binding("left_square_bracket", "previous_turn", "Prev turn", key_display="["),
        Binding("right_square_bracket", "next_turn", "Next turn", key_display="]"),
        *nav_bindings("o", "l", "b", "ctrl+s"),
    ]

    def __init__(self, turn: int) -> None:
        super().__init__()
        self.turn = turn
        self.show_rolls = False

    def compose(self) -> ComposeResult:
        yield self.status_bar(f"Log of turn {self.turn}")
        if self.session.tutorial:
            yield TutorialHint(TUTORIAL, id="hint")
        yield Static("", id="summary")
        yield EventLog(id="log")
        yield Static("", id="event-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(EventLog).focus()

    # ------------------------------------------------------------------ content
    def fill(self) -> None:
        s = self.session
        events = s.turn_log(self.turn)
        self.query_one("#status", Static).update(self.status_text(f"Log of turn {self.turn}"))
        self.query_one("#summary", Static).update(self.summary(events))
        lines = [self.line(e) for e in events if self.show_rolls or e.kind != "roll"]
        log = self.query_one(EventLog)
        log.set_lines(lines, self.why)
        log.cursor_line = 0  # so the detail line below shows the first event at once

    def summary(self, events: list[Event]) -> Text:
        s = self.session
        hist = s.game.state.stability_hist
        rungs = s.game.state.rung_hist
        i = self.turn - 1
        t = Text()
        if 0 <= i < len(hist):
            before = hist[i - 1] if i > 0 else float(s.cs.rules.stability)
            d = hist[i] - before
            t.append(f"Turn {self.turn}: stability {before:.1f} → {hist[i]:.1f} {trend(d)} {signed(d)}", style="bold")
            r0 = rungs[i - 1] if i > 0 else int(s.cs.rules.rung)
            t.append(f" · rung {r0} → {rungs[i]}" if r0 != rungs[i] else f" · rung {r0} (unchanged)")
        mine = [e for e in events if e.kind in ("order", "reject") and e.actor == s.human]
        t.append(f" · {len(mine)} of your orders · {len(events)} events you can see")
        t.append("\nEnter on a line: why did it happen? · n: continue", style="italic")
        return t

    def line(self, e: Event) -> LogLine:
        s = self.session
        emphasis = e.kind in KEY_KINDS or (e.kind == "change" and s.human in e.scope.split("~"))
        return LogLine(e.seq, KIND_ICON.get(e.kind, "·"), self.short(e), e.parent >= 0, emphasis)

    def pretty_scope(self, scope: str) -> str:
        if not scope:
            return ""
        return "–".join(self.session.name(x) for x in scope.split("~"))

    def short(self, e: Event) -> str:
        """A log line that fits a narrow terminal: the source is in the cause chain, not repeated."""
        if e.kind == "change":
            who = self.pretty_scope(e.scope)
            why = e.note or e.rule.replace("_", " ")
            return (f"{trend(e.delta)} {e.metric.replace('_', ' ')}{' ' + who if who else ''} "
                    f"{signed(e.delta)} → {e.value:.1f} ({why})")
        return describe(e)

    def on_tree_node_highlighted(self, event: EventLog.NodeHighlighted[int]) -> None:
        seq = event.node.data
        detail = self.query_one("#event-detail", Static)
        if seq is None:
            detail.update("")
            return
        e = next((x for x in self.session.game.events() if x.seq == seq), None)
        if e is None or not self.session.is_visible(e):
            detail.update("")
            return
        t = Text(describe(e))
        facts = [f"rule: {e.rule}"] if e.rule else []
        if e.channel:
            facts.append(f"channel: {e.channel.replace('_', ' ')}")
        if e.roll >= 0:
            facts.append(f"roll {e.roll:.2f}")
        if e.factor != 1.0:
            facts.append(f"factor ×{e.factor:.2f}")
        if facts:
            t.append("\n" + " · ".join(facts), style="dim")
        detail.update(t)

    def why(self, seq: int) -> list[str]:
        """The cause chain of an event, root first, without the event itself."""
        s = self.session
        links = chain(s.game.events(), seq)[:-1]
        out = []
        for e in links:
            if s.is_visible(e):
                out.append(f"{KIND_ICON.get(e.kind, '·')} {self.short(e)}")
            else:
                out.append("(an event hidden from you: fog of war)")
        return out or ["(no earlier cause)"]

    # ------------------------------------------------------------------ actions
    def action_next(self) -> None:
        if self.session.over:
            self.dapp.show_end()
        else:
            self.dapp.show_briefing()

    def action_toggle_rolls(self) -> None:
        self.show_rolls = not self.show_rolls
        self.notify("Dice rolls shown" if self.show_rolls else "Dice rolls hidden", timeout=2)
        self.fill()

    def _goto(self, turn: int) -> None:
        turns = [t.turn for t in self.session.game.turns]
        if turn not in turns:
            self.notify("No log for that turn.", timeout=2)
            return
        self.turn = turn
        self.fill()

    def action_previous_turn(self) -> None:
        self._goto(self.turn - 1)

    def action_next_turn(self) -> None:
        self._goto(self.turn + 1)
