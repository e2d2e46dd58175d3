"""The hot-seat handover: hides everything between teams sharing one machine.

Nothing of the previous team's screen survives behind it (the team screen is replaced,
not covered), and it shows only what the whole room may know: who is in, and after a
resolution the public summary of the turn.  The next team presses Enter when ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.classroom.session import SessionError
from game.tui.widgets.status import StatusBar

from ..views import status_line, submissions_text, turn_summary

if TYPE_CHECKING:
    from ..app import ClassroomApp


class HandoverScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "Ready", key_display="⏎"),
        Binding("r", "resolve", "Resolve now (facilitator)"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, team: str, summary: Text | None = None) -> None:
        super().__init__()
        self.team = team
        self.summary = summary

    @property
    def capp(self) -> ClassroomApp:
        from ..app import ClassroomApp

        assert isinstance(self.app, ClassroomApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield StatusBar("", id="status")
        with VerticalScroll(id="handover"):
            with Center():
                yield Static("", id="pass-to")
            if self.summary is not None:
                yield Static(self.summary, id="turn-summary")
            yield Static("", id="handover-teams")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        s = self.capp.session
        g = s.game()
        teams = s.teams()
        self.query_one("#status", StatusBar).update(status_line(s, g, "Hot-seat"))
        box = Text(justify="center")
        if g.over or s.status() == "ended":
            box.append("The exercise is over\n", style="bold")
            res = g.result()
            box.append(f"Outcome: {res.band}\n\n", style="bold")
            box.append("The facilitator leads the debrief (detente class facilitate, then w to export it).\n")
        elif self.team:
            actor = str(s.team(self.team)["actor"])
            box.append(f"Pass the keyboard to team {self.team.upper()}\n", style="bold")
            box.append(f"({s.cs.actors[s.cs.actor_index[actor]].name}, turn {g.turn} of {g.cs.turns})\n\n")
            box.append(f"Team {self.team}: press Enter when only your team can see the screen.\n")
            box.append("Everything of the previous team is hidden.", style="italic")
        else:
            box.append("Every team is in\n", style="bold")
            box.append("Waiting for the facilitator's actors; r resolves the turn now.\n")
        if s.status() == "paused":
            box.append("\n⏸ PAUSED by the facilitator", style="bold reverse")
        self.query_one("#pass-to", Static).update(box)
        head = Text("Who is in this turn (never what)\n", style="bold underline")
        self.query_one("#handover-teams", Static).update(head + submissions_text(teams, status=s.status()))

    def action_ready(self) -> None:
        s = self.capp.session
        if s.game().over or not self.team:
            self.notify("No team to pass to.")
            return
        self.capp.take_seat(self.team)

    def action_resolve(self) -> None:
        from game.tui.dialogs.confirm import ConfirmDialog

        s = self.capp.session
        if s.game().over:
            self.notify("The exercise is over.")
            return

        def done(ok: bool | None) -> None:
            if not ok:
                return
            g = s.game()
            turn = g.turn
            try:
                s.resolve()
            except SessionError as exc:
                self.notify(str(exc), severity="error")
                return
            self.capp.next_seat(turn_summary(s.game(), turn))

        body = Text("Teams that have not submitted hold this turn (no orders).\n"
                    "Use this only as the facilitator.")
        self.app.push_screen(ConfirmDialog("Resolve the turn now?", body, "Resolve", "Back"), done)

    async def action_quit(self) -> None:
        self.app.exit(0)
