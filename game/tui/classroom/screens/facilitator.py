"""The facilitator's console (the white cell): the true state and every control.

The facilitator sees what no team sees — every actor's real numbers, every pair, every
event with its audience — and who has submitted (never what, until the turn resolves).
Every override (set a metric, cancel an event's effect, release an inject, extend, end)
asks for a reason in a dialog, is validated by the engine before it is stored, appears
at once in the Overrides tab and travels into the debrief and replay.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from game.classroom.session import SessionError
from game.engine.state import ACTOR_METRICS, AM, GLOBAL_METRICS, GM
from game.tui.widgets.gauge import StabilityGauge
from game.tui.widgets.keybar import KeyBar
from game.tui.widgets.ladder import ladder_text
from game.tui.widgets.status import StatusBar

from ..dialogs.clock import ClockDialog, NoteDialog
from ..dialogs.pick import PickDialog
from ..dialogs.reason import ReasonDialog
from ..host import SeatHost, host_of
from ..views import (
    Seat,
    cancellable,
    event_line,
    interventions_text,
    name_of,
    scope_name,
    status_line,
    submissions_text,
    true_actors_table,
    true_pairs_table,
    turn_summary,
    waiting_for,
    world_text,
)

if TYPE_CHECKING:
    from game.engine.game import Game


OVERRIDES = (
    ("set_metric", "m  Set a metric (stability, tension, trust, an actor's metric, the rung)"),
    ("cancel_event", "c  Cancel the effect of one of last turn's events"),
    ("release_inject", "i  Release an authored inject now"),
    ("adhoc_inject", "a  Release an ad-hoc inject (your own words)"),
    ("extend", "x  Extend the exercise by some turns"),
    ("end", "e  End the exercise now"),
)


class FacilitatorScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause"),
        Binding("r", "resolve", "Resolve"),
        Binding("v", "override", "Override"),
        Binding("t", "control", "Control"),
        Binding("o", "orders", "Orders", show=False),
        Binding("w", "export", "Export"),
        Binding("k", "clock", "Clock"),
        Binding("n", "note", "Note", show=False),
        Binding("q", "quit", "Quit"),
        Binding("m", "set_metric", "Set metric", show=False),
        Binding("c", "cancel_event", "Cancel event", show=False),
        Binding("i", "release_inject", "Inject", show=False),
        Binding("a", "adhoc_inject", "Ad-hoc inject", show=False),
        Binding("x", "extend", "Extend", show=False),
        Binding("e", "end", "End", show=False),
        Binding("1", "tab('state')", "State", show=False),
        Binding("2", "tab('teams')", "Teams", show=False),
        Binding("3", "tab('log')", "Log", show=False),
        Binding("4", "tab('overrides')", "Overrides", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.seen_in: set[tuple[int, str]] = set()  # (turn, team) already announced
        self.loaded = False

    @property
    def capp(self) -> SeatHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        yield StatusBar("", id="status")
        yield Static("", id="fac-teams")
        with TabbedContent(initial="state"):
            with TabPane("1 State", id="state"), VerticalScroll(id="state-scroll", can_focus=True):
                yield StabilityGauge(id="gauge")
                yield Static("", id="world", classes="section")
                yield Static("", id="true-actors", classes="section")
                yield Static("", id="true-pairs", classes="section")
                yield Static("", id="true-ladder", classes="section")
            with TabPane("2 Teams", id="teams"), VerticalScroll(id="teams-scroll", can_focus=True):
                yield Static("", id="teams-text", classes="section")
            with TabPane("3 Log", id="log"), VerticalScroll(id="log-scroll", can_focus=True):
                yield Static("", id="log-text", classes="section")
            with TabPane("4 Overrides", id="overrides"), VerticalScroll(id="ov-scroll", can_focus=True):
                yield Static("", id="ov-text", classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#state-scroll").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ content
    def game(self) -> Game:
        return self.capp.session.game()

    def reload(self) -> None:
        s = self.capp.session
        g = self.game()
        teams = s.teams()
        controllers = {t.actor: t.controller for t in teams}
        from game.classroom.session import clock_text

        self.show_clock(clock_text(s.clock()))
        hist = g.state.stability_hist
        from game.engine.views import stability_label

        self.query_one(StabilityGauge).show(g.state.g[0], hist[-2] if len(hist) >= 2 else
                                            (float(g.cs.rules.stability) if hist else None),
                                            stability_label(g.cs, g.state.g[0], g.state.rung))
        self.query_one("#world", Static).update(world_text(g))
        self.query_one("#true-actors", Static).update(
            Group(Text("Actors (true values)", style="bold underline"), true_actors_table(g, controllers)))
        self.query_one("#true-pairs", Static).update(
            Group(Text("Pairs (true values)", style="bold underline"), true_pairs_table(g)))
        self.query_one("#true-ladder", Static).update(
            Group(Text("Escalation ladder", style="bold underline"),
                  ladder_text(g.cs.ladder, g.cs.thresholds, g.state.rung, g.state.max_rung)))
        head = Text(f"Turn {g.turn}: who is in (orders stay secret until the turn resolves)\n",
                    style="bold underline")
        body = head + submissions_text(teams, status=s.status())
        waiting = waiting_for(teams)
        if g.over:
            line = Text("■ The exercise is over: w exports the record for the debrief.", style="bold")
        else:
            line = Text("In: ", style="bold") + submissions_text(teams, status=s.status(), compact=True)
            if not waiting:
                line.append("  → r resolves", style="bold")
        self.query_one("#fac-teams", Static).update(line)
        now_in = {(g.turn, t.name) for t in teams if t.submitted}
        if self.loaded:
            for turn, name in sorted(now_in - self.seen_in):
                self.notify(f"✓ {name} submitted orders for turn {turn}", timeout=4)
        self.seen_in |= now_in
        self.loaded = True
        if g.over:
            body.append("\n\nThe exercise is over. w exports the record for the debrief (detente report).",
                        style="bold")
        elif not waiting:
            body.append("\n\nEvery team is in: r resolves the turn.", style="bold")
        else:
            body.append(f"\n\nWaiting for {', '.join(waiting)}. r resolves now (they hold).", style="italic")
        self.query_one("#teams-text", Static).update(body)
        self.query_one("#log-text", Static).update(self.log_text(g))
        self.query_one("#ov-text", Static).update(interventions_text(s) + self.notes_text())

    def log_text(self, g: Game) -> Text:
        """Every event with its audience as the seats see it; overrides with their rationale."""
        from game.classroom.visibility import controller_notes, for_scenario

        since = g.turns[-1].turn if g.turns else 1
        t = Text(f"Every event since turn {since}, with who could see it\n", style="bold underline")
        aud = for_scenario(g.cs).audience_of(g)
        notes = iter(controller_notes(self.capp.session, self.capp.cred))
        for e in g.events():
            rationale = ""
            if e.kind == "note" and e.rule == "override":
                iv = next(notes, None)
                rationale = iv["reason"] if iv else ""
            if e.turn >= since:
                t.append_text(event_line(g.cs, e, show_audience=True, audience=aud.get(e.seq, e.seen_by)))
                if rationale:
                    t.append(f"\n    rationale (white cell only): {rationale}", style="italic")
                t.append("\n")
        t.rstrip()
        return t

    def notes_text(self) -> Text:
        from game.classroom.visibility import evaluator_notes

        notes = evaluator_notes(self.capp.session, self.capp.cred)
        t = Text("\n\nEvaluator notes (n adds one; they go to the AAR)\n", style="bold underline")
        for n in notes:
            about = f" · team {n['team']}" if n["team"] else ""
            about += f" · objective {n['objective']}" if n["objective"] else ""
            t.append(f"T{n['turn']}{about}: ", style="bold")
            t.append(f"{n['text']}\n")
        if not notes:
            t.append("None yet.", style="italic")
        t.rstrip()
        return t

    def show_clock(self, text: str) -> None:
        s = self.capp.session
        self.query_one("#status", StatusBar).update(status_line(s, self.game(), f"Facilitator · {s.name}", text))

    def action_note(self) -> None:
        """An evaluator's note for the AAR: this turn, optionally a team and one of its objectives."""

        async def flow() -> None:
            s = self.capp.session
            cs = self.game().cs
            teams = [t for t in s.teams() if t.controller != "bot" or not t.name.startswith("bot-")]
            items: list[tuple[str, str | Text]] = [("*", "The whole exercise")]
            items += [(t.name, f"Team {t.name} ({name_of(cs, t.actor)})") for t in teams if not t.name.startswith("bot-")]
            team = await self.app.push_screen_wait(PickDialog("Evaluator note: about whom?", items))
            if not team:
                return
            team = "" if team == "*" else team
            objective = ""
            if team:
                actor = cs.actors[cs.actor_index[str(s.team(team)["actor"])]]
                if actor.objectives:
                    objs: list[tuple[str, str | Text]] = [("*", "No particular objective")]
                    objs += [(o[0], o[1]) for o in actor.objectives]
                    picked = await self.app.push_screen_wait(PickDialog("About which objective?", objs))
                    if not picked:
                        return
                    objective = "" if picked == "*" else picked

            def apply(values: dict[str, str], _reason: str) -> str:
                try:
                    s.add_note(values["text"], team, objective)
                except SessionError as exc:
                    return str(exc)
                return ""

            if await self.app.push_screen_wait(NoteDialog(apply)):
                self.notify("Evaluator note saved: it appears in the AAR.", timeout=4)
                self.capp.changed()

        self._flow(flow)

    def action_clock(self) -> None:
        s = self.capp.session
        now = s.clock().seconds

        def apply(values: dict[str, str], _reason: str) -> str:
            try:
                minutes = float(values["minutes"])
            except ValueError:
                return f"minutes must be a number (got {values['minutes']!r})"
            if not 0 <= minutes <= 360:
                return "minutes per turn: 0 (no clock) to 360"
            try:
                s.set_clock(round(minutes * 60))
            except SessionError as exc:
                return str(exc)
            return ""

        async def flow() -> None:
            if await self.app.push_screen_wait(ClockDialog(now / 60, apply)):
                self.notify("Turn clock set: the current turn starts again with it.", timeout=4)
                self.capp.changed()

        self._flow(flow)

    # ------------------------------------------------------------------ plain actions
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{'ov' if tab == 'overrides' else tab}-scroll").focus()

    def action_pause(self) -> None:
        s = self.capp.session
        status = s.status()
        if status == "ended" or self.game().over:
            self.notify("The exercise is over (x extends it).")
            return
        s.set_status("running" if status == "paused" else "paused")
        self.notify("Resumed: teams may submit." if status == "paused" else "Paused: teams cannot submit.")
        self.capp.changed()

    def action_resolve(self) -> None:
        from game.tui.dialogs.confirm import ConfirmDialog

        s = self.capp.session
        g = self.game()
        if g.over:
            self.notify("The exercise is over.")
            return
        waiting = waiting_for(s.teams())
        body = Text(f"Teams not in hold this turn: {', '.join(waiting)}." if waiting else "Every team is in.")

        def done(ok: bool | None) -> None:
            if not ok:
                return
            turn = self.game().turn
            try:
                s.resolve()
            except SessionError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(turn_summary(s.game(), turn).plain.split("\n")[0], title="Resolved", timeout=6)
            self.capp.changed()

        self.app.push_screen(ConfirmDialog(f"Resolve turn {g.turn} now?", body, "Resolve", "Back"), done)

    def action_export(self) -> None:
        from game.classroom.record import export_save
        from game.saves.format import SaveError

        try:
            path = export_save(self.capp.session, self.capp.save_dir)
        except SaveError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Wrote {path}. Debrief: detente report {path.stem} · check: detente replay {path.stem}",
                    title="Exported", timeout=12)

    async def action_quit(self) -> None:
        self.app.exit(0)

    # ------------------------------------------------------------------ dialog flows
    def _flow(self, make: Callable[[], Awaitable[None]]) -> None:
        self.run_worker(make(), exclusive=True, group="dialog")

    def _intervene(self, kind: str, **payload: Any) -> Callable[[dict[str, str], str], str]:
        """An `apply` for the reason dialog: the engine validates; a refusal stays in the dialog."""

        def apply(values: dict[str, str], reason: str) -> str:
            try:
                self.capp.session.intervene(kind, reason, values.get("note", ""), **payload)
            except SessionError as exc:
                return str(exc)
            return ""

        return apply

    async def _ask(self, dialog: ReasonDialog) -> None:
        if await self.app.push_screen_wait(dialog):
            self.notify("Override applied and logged.", timeout=4)
            self.capp.changed()

    def action_override(self) -> None:
        async def flow() -> None:
            kind = await self.app.push_screen_wait(PickDialog("Override", OVERRIDES, Text(
                "Every override needs a reason; it is logged, shown in the debrief and replayed exactly."),
                keys={label[0]: k for k, label in OVERRIDES}))
            if kind:
                await getattr(self, f"_{kind}")()

        self._flow(flow)

    def action_set_metric(self) -> None:
        self._flow(self._set_metric)

    def action_cancel_event(self) -> None:
        self._flow(self._cancel_event)

    def action_release_inject(self) -> None:
        self._flow(self._release_inject)

    def action_adhoc_inject(self) -> None:
        self._flow(self._adhoc_inject)

    def action_extend(self) -> None:
        self._flow(self._extend)

    def action_end(self) -> None:
        self._flow(self._end)

    def current(self, metric: str, scope: str) -> float:
        g = self.game()
        cs, st = g.cs, g.state
        if metric in ("trust", "tension"):
            a, _, b = scope.partition("~")
            p = cs.pair[cs.actor_index[a]][cs.actor_index[b]]
            return float(st.trust[p] if metric == "trust" else st.tension[p])
        if metric in AM:
            return float(st.am[AM[metric]][cs.actor_index[scope]])
        if metric == "rung":
            return float(st.rung)
        return float(st.g[GM[metric]])

    async def _set_metric(self) -> None:
        g = self.game()
        cs = g.cs
        items: list[tuple[str, str | Text]] = [("-w", "─ world ─")]
        items += [(m, f"{m.replace('_', ' ')} (now {self.current(m, ''):.1f})") for m in GLOBAL_METRICS]
        items += [("rung", f"escalation rung (now {g.state.rung}: {cs.ladder[g.state.rung]})")]
        items += [("-p", "─ between two actors ─"), ("tension", "tension"), ("trust", "trust")]
        items += [("-a", "─ one actor ─")] + [(m, m.replace("_", " ")) for m in ACTOR_METRICS]
        metric = await self.app.push_screen_wait(PickDialog("Set a metric: which?", items))
        if not metric:
            return
        scope = ""
        if metric in ("trust", "tension"):
            pairs = [(cs.pair_name(p), f"{scope_name(cs, cs.pair_name(p))} (now {self.current(metric, cs.pair_name(p)):.1f})")
                     for p in range(len(cs.pairs))]
            chosen: str | None = await self.app.push_screen_wait(PickDialog(f"Set {metric}: between whom?", pairs))
            scope = chosen or ""
        elif metric in AM:
            acts = [(a.id, f"{a.name} (now {self.current(metric, a.id):.1f})") for a in cs.actors]
            chosen = await self.app.push_screen_wait(PickDialog(f"Set {metric.replace('_', ' ')}: of whom?", acts))
            scope = chosen or ""
        if metric in ("trust", "tension") or metric in AM:
            if not scope:
                return
        now = self.current(metric, scope)
        where = f" {scope_name(cs, scope)}" if scope else ""
        label = f"{metric.replace('_', ' ')}{where}"

        def apply(values: dict[str, str], reason: str) -> str:
            try:
                value = float(values["value"])
            except ValueError:
                return f"the new value must be a number (got {values['value']!r})"
            return self._intervene("set_metric", metric=metric, scope=scope, value=value)(values, reason)

        await self._ask(ReasonDialog(f"Set {label}", Text(f"Now {now:.1f}. The change is logged as an override."),
                                     apply, [("value", "New value", f"{now:.0f}")]))

    async def _cancel_event(self) -> None:
        g = self.game()
        events = cancellable(g)
        if not events:
            self.notify("Nothing to cancel: no turn has been resolved yet.")
            return
        items = [(str(e.seq), event_line(g.cs, e, show_audience=True)) for e in events]
        pick = await self.app.push_screen_wait(PickDialog(
            f"Cancel the effect of an event of turn {g.turns[-1].turn}", items,
            Text("Its changes (and those that followed from it) are reversed.")))
        if not pick:
            return
        e = next(x for x in events if x.seq == int(pick))
        await self._ask(ReasonDialog("Cancel an event's effect", event_line(g.cs, e),
                                     self._intervene("cancel_event", event=e.seq)))

    async def _release_inject(self) -> None:
        g = self.game()
        cs = g.cs
        if not cs.injects:
            self.notify("This scenario has no authored injects: use an ad-hoc inject (a).")
            return
        items: list[tuple[str, str | Text]] = []
        for k in cs.injects:
            fired = g.state.fired[k.idx]
            to = "public" if k.to is None else "only " + ", ".join(cs.actors[i].name for i in k.to)
            items.append((k.id, f"{k.title} [{to}]" + (f" (fired turn {fired})" if fired else "")))
        kid = await self.app.push_screen_wait(PickDialog("Release an authored inject", items))
        if not kid:
            return
        k = cs.injects[cs.inject_index[kid]]
        await self._ask(ReasonDialog(f"Release: {k.title}", Text(" ".join(k.text.split())),
                                     self._intervene("release_inject", inject=kid)))

    async def _adhoc_inject(self) -> None:
        cs = self.game().cs
        items: list[tuple[str, str | Text]] = [("*", "Everyone (public: the projector shows it)")]
        items += [(a.id, f"Only {a.name}") for a in cs.actors]
        to = await self.app.push_screen_wait(PickDialog("Ad-hoc inject: who learns of it?", items))
        if not to:
            return

        def apply(values: dict[str, str], reason: str) -> str:
            payload: dict[str, Any] = {"title": values["title"]}
            if to != "*":
                payload["to"] = [to]
            return self._intervene("adhoc_inject", **payload)(values, reason)

        audience = "everyone" if to == "*" else name_of(cs, to)
        await self._ask(ReasonDialog("Ad-hoc inject", Text(f"Reaches {audience} at once, as a briefing item."),
                                     apply, [("title", "Headline (what they read)", "")]))

    async def _extend(self) -> None:
        def apply(values: dict[str, str], reason: str) -> str:
            try:
                turns = int(values["turns"])
            except ValueError:
                return f"turns must be a whole number (got {values['turns']!r})"
            return self._intervene("extend", turns=turns)(values, reason)

        g = self.game()
        await self._ask(ReasonDialog("Extend the exercise", Text(f"Now {g.cs.turns} turns."), apply,
                                     [("turns", "Extra turns", "1")]))

    async def _end(self) -> None:
        await self._ask(ReasonDialog("End the exercise now", Text(
            "The outcome is scored as it stands; teams see it at once. x can extend it again."),
            self._intervene("end"), ok="end the exercise"))

    def action_control(self) -> None:
        async def flow() -> None:
            s = self.capp.session
            teams = {t.actor: t for t in s.teams()}
            cs = self.game().cs
            items = [(a.id, f"{a.name}: now {teams[a.id].controller}" +
                      (f" (team {teams[a.id].name})" if not teams[a.id].name.startswith("bot-") else ""))
                     for a in cs.actors if a.id in teams]
            actor = await self.app.push_screen_wait(PickDialog("Control: which actor?", items))
            if not actor:
                return
            choices: list[tuple[str, str | Text]] = []
            if not teams[actor].name.startswith("bot-"):
                choices.append(("team", f"Give it back to team {teams[actor].name}"))
            choices += [("facilitator", "Take it over (you give its orders: o)"),
                        ("bot", f"Hand it to the computer ({cs.actors[cs.actor_index[actor]].personality})")]
            choices = [c for c in choices if c[0] != teams[actor].controller]
            ctrl = await self.app.push_screen_wait(PickDialog(f"Control {name_of(cs, actor)}", choices))
            if not ctrl:
                return
            try:
                s.set_controller(actor, ctrl)
            except SessionError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(f"{name_of(cs, actor)} is now controlled by the {ctrl}.")
            self.capp.changed()

        self._flow(flow)

    def action_orders(self) -> None:
        async def flow() -> None:
            from .team import TeamScreen

            s = self.capp.session
            g = self.game()
            mine = [t for t in s.teams() if t.controller == "facilitator"]
            if g.over:
                self.notify("The exercise is over.")
                return
            if not mine:
                self.notify("You control no actor: t takes one over.")
                return
            actor = mine[0].actor
            if len(mine) > 1:
                items = [(t.actor, name_of(g.cs, t.actor) + (" ✓ in" if t.submitted else "")) for t in mine]
                chosen: str | None = await self.app.push_screen_wait(PickDialog("Orders for which actor?", items))
                if not chosen:
                    return
                actor = chosen
            await self.app.push_screen(TeamScreen(Seat("facilitator", actor, "facilitator")))

        self._flow(flow)
