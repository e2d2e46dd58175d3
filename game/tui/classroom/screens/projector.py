"""The projector: the public picture only, large enough to read from the back of the room.

Big digits for the turn, stability and rung; the stability history; who has submitted
(never what); the escalation ladder; and the public events, newest first.  Nothing
private is ever fetched here: events come from `views.public_events`, which keeps only
those with no audience restriction.  The screen refreshes itself from the store.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Label, Sparkline, Static

from game.engine.views import stability_label
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.status import StatusBar

from ..host import SeatHost, host_of
from ..views import (
    compact_ladder,
    event_line,
    public_events,
    stability_history,
    status_line,
    submissions_text,
)


class ProjectorScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
    ]

    @property
    def capp(self) -> SeatHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        yield StatusBar("", id="status")
        with Horizontal(id="big-row"):
            with Vertical(classes="big"):
                yield Label("TURN", id="turn-label", classes="big-label")
                yield Digits("", id="big-turn")
            with Vertical(classes="big"):
                yield Label("STABILITY", id="stab-label", classes="big-label")
                yield Digits("", id="big-stability")
            with Vertical(classes="big"):
                yield Label("RUNG", id="rung-label", classes="big-label")
                yield Digits("", id="big-rung")
        with Horizontal(id="proj-main"):
            with Vertical(id="proj-left"):
                yield Sparkline([], id="proj-spark", summary_function=max)
                yield Static("", id="proj-history")
                yield Static("", id="proj-teams")
                with VerticalScroll(id="proj-events"):
                    yield Static("", id="proj-events-text")
            yield Static("", id="proj-ladder")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#proj-events").border_title = "Public events (newest first)"
        ladder = self.query_one("#proj-ladder")
        ladder.border_title = "Escalation ladder"
        ladder.border_subtitle = "▶ now ▲ peak ⚑ threshold"
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        s = self.capp.session
        g = s.game()
        st = g.state
        from game.classroom.session import clock_text

        self.show_clock(clock_text(s.clock()))
        self.query_one("#big-turn", Digits).update(f"{min(g.turn, g.cs.turns)}/{g.cs.turns}")
        self.query_one("#big-stability", Digits).update(f"{st.g[0]:.0f}")
        self.query_one("#stab-label", Label).update(f"STABILITY ({stability_label(g.cs, st.g[0], st.rung)})")
        self.query_one("#big-rung", Digits).update(f"{st.rung}")
        self.query_one("#rung-label", Label).update(f"RUNG of {g.cs.max_rung}")
        hist = stability_history(g)
        self.query_one("#proj-spark", Sparkline).data = hist if len(hist) > 1 else hist * 2
        self.query_one("#proj-history", Static).update(
            Text("Stability by turn: " + " → ".join(f"{v:.0f}" for v in hist[-12:])))
        head = Text("Orders this turn (never what)\n", style="bold")
        self.query_one("#proj-teams", Static).update(head + submissions_text(s.teams(), status=s.status(), compact=True))
        events = public_events(g)
        body = Text()
        if g.over:
            res = g.result()
            body.append(f"■ Outcome: {res.band}\n", style="bold")
        for e in events:
            body.append_text(event_line(g.cs, e))
            body.append("\n")
        if not events:
            body.append("No public events yet.", style="italic")
        body.rstrip()
        self.query_one("#proj-events-text", Static).update(body)
        self.query_one("#proj-ladder", Static).update(compact_ladder(g))

    def show_clock(self, text: str) -> None:
        """The turn's countdown on the status line the whole room reads."""
        s = self.capp.session
        self.query_one("#status", StatusBar).update(status_line(s, s.game(), f"{s.cs.title}", text))
        # The room reads the countdown from the back: beside the big turn number too.
        self.query_one("#turn-label", Label).update(f"TURN · {text.removeprefix('clock ')}" if text else "TURN")

    async def action_quit(self) -> None:
        self.app.exit(0)
