"""The hot-seat handover: hides everything between teams sharing one machine.

Nothing of the previous team's screen survives behind it (the team screen is replaced,
not covered), and it shows only what the whole room may know: who is in, and after a
resolution the public summary of the turn.  The next team types its own seat code: a
cadet holding the keyboard cannot open another team's seat, and resolving the turn
from here needs the facilitator's code.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from game.classroom.session import SessionError
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.status import StatusBar

from ..host import SeatHost, host_of
from ..views import status_line, submissions_text, turn_summary

SOURCE = "hotseat"


class HandoverScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "resolve", "Resolve now (facilitator's code)"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, team: str, summary: Text | None = None) -> None:
        super().__init__()
        self.team = team
        self.summary = summary
        self.resolving = False  # the code box asks for the facilitator's code

    @property
    def capp(self) -> SeatHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        yield StatusBar("", id="status")
        with VerticalScroll(id="handover"):
            with Center():
                yield Static("", id="pass-to")
            yield Input(placeholder="your team's seat code", password=True, max_length=12, id="code")
            yield Static("", id="handover-error")
            if self.summary is not None:
                yield Static(self.summary, id="turn-summary")
            yield Static("", id="handover-teams")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#code", Input).focus()

    def reload(self) -> None:
        s = self.capp.session
        g = s.game()
        teams = s.teams()
        from game.classroom.access import clock_text

        self.query_one("#status", StatusBar).update(status_line(s, g, "Hot-seat", clock_text(s.clock())))
        box = Text(justify="center")
        over = g.over or s.status() == "ended"
        if over:
            box.append("The exercise is over\n", style="bold")
            res = g.result()
            box.append(f"Outcome: {res.band}\n\n", style="bold")
            box.append("The facilitator leads the debrief (detente class facilitate, then w to export it).\n")
        elif self.team:
            actor = str(s.team(self.team)["actor"])
            box.append(f"Pass the keyboard to team {self.team.upper()}\n", style="bold")
            box.append(f"({s.cs.actors[s.cs.actor_index[actor]].name}, turn {g.turn} of {g.cs.turns})\n\n")
            box.append(f"Team {self.team}: type your seat code and press Enter when only your team can see "
                       "the screen.\n")
            box.append("Everything of the previous team is hidden.", style="italic")
        else:
            box.append("Every team is in\n", style="bold")
            box.append("Waiting for the facilitator's actors; Ctrl+R resolves the turn (facilitator's code).\n")
        if s.status() == "paused":
            box.append("\n‖ PAUSED by the facilitator", style="bold reverse")
        self.query_one("#pass-to", Static).update(box)
        self.query_one("#code", Input).display = not over
        head = Text("Who is in this turn (never what)\n", style="bold underline")
        self.query_one("#handover-teams", Static).update(head + submissions_text(teams, status=s.status()))

    def say(self, text: str) -> None:
        self.query_one("#handover-error", Static).update(Text(text, style="bold"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = event.value.strip()
        event.input.value = ""
        if not code:
            return
        s = self.capp.session
        wait = s.auth_wait(SOURCE)
        if wait:
            self.say(f"Too many wrong codes: wait {wait:.0f} s.")
            return
        try:
            cred = s.authenticate(code, SOURCE)
        except SessionError as exc:
            self.say(f"✗ {exc}.")
            return
        if self.resolving:
            self.resolving = False
            if cred.role != "facilitator":
                self.say("✗ Resolving the turn needs the facilitator's code.")
                return
            self.resolve_now()
            return
        if cred.role != "team":
            self.say("✗ Type a team's seat code here (Ctrl+R is for the facilitator).")
            return
        if s.game().over:
            self.say("The exercise is over.")
            return
        self.capp.take_seat(cred.team)

    def action_resolve(self) -> None:
        if self.capp.session.game().over:
            self.say("The exercise is over.")
            return
        self.resolving = True
        self.say("Facilitator: type your code and press Enter to resolve the turn now "
                 "(teams not in hold). Esc: back.")
        self.query_one("#code", Input).focus()

    def key_escape(self) -> None:
        if self.resolving:
            self.resolving = False
            self.say("")

    def resolve_now(self) -> None:
        s = self.capp.session
        turn = s.game().turn
        try:
            s.resolve()
        except SessionError as exc:
            self.say(str(exc))
            return
        self.capp.next_seat(turn_summary(s.game(), turn))

    async def action_quit(self) -> None:
        self.app.exit(0)
