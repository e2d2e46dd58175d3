"""Each classroom role driven by key presses, asserting on what the session store holds.

Polling is switched off (poll_seconds=0) and `app.poll()` is called by hand where a
test needs another terminal's writes to show up, so nothing depends on wall-clock time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from game.classroom.session import Credential, Session
from game.engine.game import replay
from game.engine.interventions import Intervention
from game.engine.rules import Order
from game.tui.classroom.app import ClassroomApp
from game.tui.classroom.dialogs.pick import PickDialog
from game.tui.classroom.dialogs.reason import ReasonDialog
from game.tui.classroom.screens.facilitator import FacilitatorScreen
from game.tui.classroom.screens.handover import HandoverScreen
from game.tui.classroom.screens.projector import ProjectorScreen
from game.tui.classroom.screens.team import TeamScreen
from game.tui.classroom.views import cancellable
from game.tui.widgets.orders_editor import OrdersEditor

from .conftest import save_dir, screen_text

CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")


def app_for(path: Path, role: str, team: str = "") -> ClassroomApp:
    s = Session.open(path)
    actor = ""
    if role == "team":
        actor = s.join(team)
    return ClassroomApp(s, Credential(role, team, actor), save_dir=save_dir(), poll_seconds=0)


async def heard(pilot: Pilot[int], app: ClassroomApp) -> None:
    """Another terminal wrote: wait (bounded) until this one has heard of it.  SQLite's
    version is read from the file at once; PostgreSQL's comes by NOTIFY on another thread."""
    for _ in range(200):
        if app.store_version() != app.version:
            return
        await pilot.pause(0.02)


async def settle(pilot: Pilot[int]) -> None:
    """Let messages and workers finish (a dialog flow's worker waits for the dialog: not that one)."""
    await pilot.pause()
    busy = [w for w in pilot.app.workers if w.group != "dialog"]
    if busy:
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def highlight(pilot: Pilot[int], ol: OptionList, option_id: str) -> None:
    """Move an option list's highlight to an option with the arrow keys (headings are skipped)."""
    ol.focus()
    await pilot.pause()
    await pilot.press("home")
    for _ in range(80):
        cur = ol.highlighted_option
        if cur is not None and cur.id == option_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{option_id} not reachable in {ol.id}")


async def queue_order(pilot: Pilot[int], o: Order) -> None:
    """Pick move, then the matching target/channel, by keys, on the Orders tab."""
    screen = pilot.app.screen
    await pilot.press("o")
    panel = screen.query_one(OrdersEditor)
    await highlight(pilot, panel.query_one("#moves", OptionList), f"m:{o.move}")
    await pilot.press("enter")
    await pilot.pause()
    want = next(i for i in panel.variant_ids
                if (panel.opts[i].target, panel.opts[i].second, panel.opts[i].channel) == (o.target, o.second, o.channel))
    await highlight(pilot, panel.query_one("#variants", OptionList), f"v:{want}")
    await pilot.press("enter")
    await pilot.pause()


async def pick(pilot: Pilot[int], option_id: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, PickDialog), dialog
    await highlight(pilot, dialog.query_one(OptionList), option_id)
    await pilot.press("enter")
    await settle(pilot)


async def answer(pilot: Pilot[int], fields: dict[str, str], reason: str, note: str = "") -> None:
    """Fill a reason dialog: each field (replacing its default), the players' note, then the
    rationale, Enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ReasonDialog), dialog
    for _key, value in fields.items():
        await pilot.press("ctrl+a", "ctrl+k", *value, "enter")
    await pilot.press(*note, "enter")
    await pilot.press(*reason, "enter")
    await settle(pilot)


async def type_code(pilot: Pilot[int], code: str) -> None:
    await pilot.press(*code, "enter")
    await settle(pilot)


# --------------------------------------------------------------------------- team terminal


async def test_team_submits_orders_by_keys_and_sees_them_after_rejoining(session_path: Path) -> None:
    app = app_for(session_path, "team", "alpha")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        await queue_order(pilot, CONSULT)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.store.own_orders(1, "azuria") == [CONSULT.to_json()]
        assert "Your orders for turn 1 are in" in screen_text(app.screen)
        assert "Waiting for: bravo" in screen_text(app.screen)
    # the terminal closes; the team rejoins and finds its orders, still revisable
    app = app_for(session_path, "team", "alpha")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app.screen)
        assert "Consult → Corvania via Military attaché" in text
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one(OrdersEditor).queue == [CONSULT]


async def test_team_terminal_follows_resolution_by_polling(session_path: Path) -> None:
    app = app_for(session_path, "team", "bravo")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o", "s")
        await settle(pilot)
        await pilot.press("y")  # bravo holds
        await settle(pilot)
        other = Session.open(session_path)  # alpha, from another terminal
        assert other.submit("alpha", [CONSULT]) is True
        await heard(pilot, app)
        app.poll()
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert app.screen.turn == 2
        text = screen_text(app.screen)
        assert "Since turn 1" in text
        # bravo is the target of the attaché consult (it arrives next turn), never told of lindmark's private moves
        assert "Azuria: Consult → Corvania" not in text or "corvania" in str(CONSULT)


async def test_paused_exercise_refuses_submission_with_a_message(session_path: Path) -> None:
    Session.open(session_path).set_status("paused")
    app = app_for(session_path, "team", "alpha")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "PAUSED" in screen_text(app.screen)
        await pilot.press("o", "s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.store.own_orders(1, "azuria") is None


# --------------------------------------------------------------------------- hot-seat


async def test_hotseat_handover_hides_the_previous_team(session_path: Path, codes: dict[str, Any]) -> None:
    app = app_for(session_path, "hotseat")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen) and app.screen.team == "alpha"
        await type_code(pilot, codes["teams"]["alpha"])
        assert isinstance(app.screen, TeamScreen) and app.screen.seat.team == "alpha"
        await queue_order(pilot, CONSULT)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        # handover to bravo: alpha's screen is gone, not merely covered
        assert isinstance(app.screen, HandoverScreen) and app.screen.team == "bravo"
        assert not any(isinstance(s, TeamScreen) for s in app.screen_stack)
        text = screen_text(app.screen)
        assert "Consult" not in text and "Military attaché" not in text
        assert "✓ alpha" in text and "bravo" in text
        await type_code(pilot, codes["teams"]["bravo"])
        assert isinstance(app.screen, TeamScreen) and app.screen.seat.team == "bravo"
        assert app.screen.query_one(OrdersEditor).queue == []
        assert "Consult → Corvania" not in screen_text(app.screen)
        await pilot.press("o", "s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        # the turn resolved; the public summary is shown on the next handover
        assert isinstance(app.screen, HandoverScreen) and app.screen.team == "alpha"
        assert "Turn 1 resolved" in screen_text(app.screen)
        assert app.session.game().turn == 2
        turns = app.session.store.turns()
        assert [o for o in turns[0][1] if o["actor"] == "azuria"] == [CONSULT.to_json()]


async def test_hotseat_draft_is_kept_for_its_own_team_only(session_path: Path, codes: dict[str, Any]) -> None:
    app = app_for(session_path, "hotseat")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_code(pilot, codes["teams"]["alpha"])
        await queue_order(pilot, CONSULT)
        await pilot.press("h")  # hand over without submitting: to the next waiting team, not back
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen) and app.screen.team == "bravo"
        assert app.session.store.own_orders(1, "azuria") is None
        assert app.session.store.draft(1, "azuria") == [CONSULT.to_json()]
        await type_code(pilot, codes["teams"]["bravo"])
        assert app.screen.query_one(OrdersEditor).queue == []  # bravo never sees alpha's draft
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen) and app.screen.team == "alpha"
        await type_code(pilot, codes["teams"]["alpha"])
        assert app.screen.query_one(OrdersEditor).queue == [CONSULT]  # still alpha's, from the store


async def test_hotseat_handover_refuses_other_codes_and_resolving_needs_the_facilitator(
        session_path: Path, codes: dict[str, Any]) -> None:
    app = app_for(session_path, "hotseat")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_code(pilot, "WRONG2")
        assert isinstance(app.screen, HandoverScreen) and "does not open" in screen_text(app.screen)
        await type_code(pilot, codes["projector"])
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_code(pilot, codes["teams"]["alpha"])  # a cadet cannot resolve the turn
        assert app.session.game().turn == 1 and "facilitator's code" in screen_text(app.screen)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_code(pilot, codes["facilitator"])
        assert app.session.game().turn == 2
        assert isinstance(app.screen, HandoverScreen)


# --------------------------------------------------------------------------- facilitator


async def test_override_needs_a_reason_is_logged_shown_and_survives_replay(session_path: Path) -> None:
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("m")
        await settle(pilot)
        await pick(pilot, "tension")
        await pick(pilot, "azuria~corvania")
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        await pilot.press("ctrl+a", "ctrl+k", *"80", "enter", *"Tension rises", "enter", "enter")  # no reason
        await settle(pilot)
        assert app.screen is dialog and "rationale is required" in screen_text(dialog)
        assert app.session.store.interventions() == []
        await pilot.press(*"collision inquiry leaks", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("4")
        await settle(pilot)
        assert "collision inquiry leaks" in screen_text(app.screen)
    ivs = Session.open(session_path).store.interventions()
    assert ivs == [{"turn": 1, "kind": "set_metric", "reason": "collision inquiry leaks",
                    "payload": {"metric": "tension", "note": "Tension rises", "scope": "azuria~corvania",
                                "value": 80.0}}]
    s = Session.open(session_path)
    s.submit("alpha", [])
    s.submit("bravo", [])
    g = s.game()
    again = replay(s.cs, s.seed, [[Order(**o) for o in t[1]] for t in s.store.turns()],
                   [Intervention.from_json(d) for d in s.store.interventions()])
    assert again.hash() == g.hash() == s.store.turns()[-1][2]
    # the players' note is in the record of events; the white cell's rationale never is
    assert any(e.rule == "override" and "Tension rises" in e.note for e in g.events())
    assert not any("collision inquiry leaks" in e.note for e in g.events())


async def test_refused_override_stays_in_the_dialog(session_path: Path) -> None:
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await answer(pilot, {"turns": "99"}, "more time")
        assert isinstance(app.screen, ReasonDialog)
        assert "extend by 1 to 50 turns" in screen_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.session.store.interventions() == []


async def test_cancel_release_adhoc_extend_and_end(session_path: Path) -> None:
    s = Session.open(session_path)
    s.submit("alpha", [CONSULT])
    s.submit("bravo", [])
    g = s.game()
    talks = next(e for e in cancellable(g) if e.kind == "order")  # a move that changed something
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pick(pilot, str(talks.seq))
        await answer(pilot, {}, "void")
        await pilot.press("i")
        await settle(pilot)
        await pick(pilot, "doctored_video")
        await answer(pilot, {}, "fake")
        await pilot.press("a")
        await settle(pilot)
        await pick(pilot, "azuria")
        await answer(pilot, {"title": "Recall"}, "press")
        await pilot.press("x")
        await settle(pilot)
        await answer(pilot, {"turns": "2"}, "deal")
        await pilot.press("e")
        await settle(pilot)
        await answer(pilot, {}, "time")
    s = Session.open(session_path)
    kinds = [(iv["kind"], iv["reason"]) for iv in s.store.interventions()]
    assert kinds == [("cancel_event", "void"),
                     ("release_inject", "fake"),
                     ("adhoc_inject", "press"),
                     ("extend", "deal"),
                     ("end", "time")]
    g = s.game()
    assert g.over and g.cs.turns == 10 and s.status() == "ended"
    adhoc = next(e for e in g.events() if e.inject == "adhoc")
    assert adhoc.seen_by == ("azuria",)
    assert adhoc not in s.team_events("bravo") and adhoc not in s.public_events()


async def test_pause_resume_and_resolve(session_path: Path) -> None:
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.session.status() == "paused"
        assert "PAUSED" in screen_text(app.screen)
        await pilot.press("p")
        await settle(pilot)
        assert app.session.status() == "running"
        other = Session.open(session_path)
        other.submit("alpha", [CONSULT])
        await heard(pilot, app)
        app.poll()
        await settle(pilot)
        assert "✓ alpha" in screen_text(app.screen)
        # the facilitator sees that alpha is in, never what it ordered
        assert "Military attaché" not in screen_text(app.screen).split("who is in")[1]
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.game().turn == 2


async def test_take_over_an_actor_give_orders_and_hand_it_to_a_bot(session_path: Path) -> None:
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pick(pilot, "corvania")
        await pick(pilot, "facilitator")
        assert {t.actor: t.controller for t in app.session.teams()}["corvania"] == "facilitator"
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.seat.mode == "facilitator"
        await pilot.press("o", "s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen)
        assert app.session.store.submitted(1) == {"corvania": "facilitator"}
        await pilot.press("t")
        await settle(pilot)
        await pick(pilot, "corvania")
        await pick(pilot, "bot")
    s = Session.open(session_path)
    assert {t.actor: t.controller for t in s.teams()}["corvania"] == "bot"
    assert s.submit("alpha", []) is True  # corvania no longer waits for anyone


async def test_export_writes_a_save_that_replays_with_its_overrides(session_path: Path) -> None:
    from game.saves.store import SaveStore

    s = Session.open(session_path)
    s.intervene("set_metric", "rehearsal", metric="stability", value=40)
    s.submit("alpha", [CONSULT])
    s.submit("bravo", [])
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
    data = SaveStore(save_dir()).load("class-drill")
    check = data.check()
    assert check.ok and check.turns_checked == 1
    assert [iv.reason for iv in data.interventions] == ["rehearsal"]
    assert data.settings["teams"] == {"azuria": "alpha", "corvania": "bravo"}


# --------------------------------------------------------------------------- projector


async def test_projector_shows_public_events_only(session_path: Path) -> None:
    s = Session.open(session_path)
    s.intervene("adhoc_inject", "a secret for Azuria", title="Secret cable for Azuria", to=["azuria"])
    s.submit("alpha", [CONSULT])
    s.submit("bravo", [])
    g = s.game()
    private = [e for e in g.events() if e.seen_by is not None and e.kind in ("order", "inject", "mediation")]
    public = [e for e in g.events() if e.seen_by is None and e.kind in ("order", "inject")]
    assert private and public
    app = app_for(session_path, "projector")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProjectorScreen)
        text = screen_text(app.screen)
        assert "Secret cable" not in text and "a secret for Azuria" not in text
        for e in private:
            assert e.note not in text.replace("\n", " "), e
        assert "Families of missing sailors" in text
        assert "2/8" in text or "STABILITY" in text


async def test_projector_refreshes_when_another_terminal_writes(session_path: Path) -> None:
    app = app_for(session_path, "projector")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "✓ alpha" not in screen_text(app.screen)
        Session.open(session_path).submit("alpha", [CONSULT])
        await heard(pilot, app)
        app.poll()
        await settle(pilot)
        text = screen_text(app.screen)
        assert "✓ alpha" in text and "Consult" not in text


async def test_every_role_fits_80_by_24_with_keys_in_the_footer(session_path: Path) -> None:
    from game.tui.widgets.keybar import KeyBar

    for role, team in (("team", "alpha"), ("hotseat", ""), ("facilitator", ""), ("projector", "")):
        app = app_for(session_path, role, team)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            footer = app.screen.query_one(KeyBar)
            assert footer.region.y == 23 and footer.region.width == 80
            shown = [b for b in app.screen.active_bindings.values() if b.binding.show]
            assert shown, role


async def test_a_private_inject_reaches_only_its_team_and_its_rationale_nobody(session_path: Path) -> None:
    Session.open(session_path).intervene("adhoc_inject", "probe bravo", "Coast guard report",
                                         title="Fishing fleet shadowed", to=["corvania"])
    for team, sees in (("bravo", True), ("alpha", False)):
        app = app_for(session_path, "team", team)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            text = screen_text(app.screen)
            assert ("Fishing fleet shadowed" in text) is sees, team
            assert ("Coast guard report" in text) is sees, team
            assert "probe bravo" not in text, team


# --------------------------------------------------------------------------- secrecy on every screen

SECRET = "RATIONALE-7Q"


def overridden(path: Path) -> Session:
    """A session where the white cell used every kind of override, each with a rationale."""
    s = Session.open(path)
    s.intervene("adhoc_inject", f"{SECRET} a", "For Azuria's eyes", title="Secret cable", to=["azuria"])
    s.intervene("release_inject", f"{SECRET} b", inject="doctored_video")
    s.intervene("set_metric", f"{SECRET} c", "Tension rises", metric="tension", scope="azuria~corvania", value=70)
    s.submit("alpha", [CONSULT])
    s.submit("bravo", [])
    g = s.game()
    order = next(e for e in cancellable(g) if e.kind == "order")
    s.intervene("cancel_event", f"{SECRET} d", event=order.seq)
    s.intervene("extend", f"{SECRET} e", turns=1)
    return s


async def test_no_team_or_projector_screen_shows_the_white_cells_rationale(session_path: Path) -> None:
    overridden(session_path)
    for role, team, tabs in (("team", "alpha", "bol"), ("team", "bravo", "bol"), ("projector", "", "")):
        app = app_for(session_path, role, team)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            texts = [screen_text(app.screen)]
            for key in tabs:
                await pilot.press(key)
                await settle(pilot)
                texts.append(screen_text(app.screen))
            text = "\n".join(texts)
            assert SECRET not in text, (role, team)
            assert ("Secret cable" in text) is (team == "alpha"), (role, team)
            assert ("For Azuria's eyes" in text) is (team == "alpha"), (role, team)
    app = app_for(session_path, "facilitator")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert f"{SECRET} a" in screen_text(app.screen)  # the white cell reads its own rationale


async def test_a_take_over_is_shown_to_the_team(session_path: Path) -> None:
    s = Session.open(session_path)
    s.set_controller("corvania", "facilitator")
    talk = Order("corvania", "consult", "azuria", channel="military_attache")
    s.submit_as_facilitator("corvania", [talk])
    app = app_for(session_path, "team", "bravo")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        text = screen_text(app.screen)
        assert "The facilitator gave these orders for you on turn 1" in text and "Consult → Azuria" in text
        s.set_controller("corvania", "team")
        s.submit("alpha", [])
        await heard(pilot, app)
        app.poll()
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "The facilitator gave these orders for you on turn 1" in screen_text(app.screen)  # after hand-back


async def test_a_paused_team_has_no_submit_key(session_path: Path) -> None:
    Session.open(session_path).set_status("paused")
    app = app_for(session_path, "team", "alpha")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        shown = {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}
        assert "submit" not in shown
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)  # no dialog opened to refuse afterwards


async def test_q_on_a_team_seat_asks_first_and_two_seats_share_a_draft(session_path: Path) -> None:
    from game.tui.dialogs.confirm import ConfirmDialog

    app = app_for(session_path, "team", "alpha")
    twin = app_for(session_path, "team", "alpha")  # a second cadet of team alpha
    async with app.run_test(size=(80, 24)) as pilot, twin.run_test(size=(80, 24)) as pilot2:
        await settle(pilot)
        await settle(pilot2)
        await queue_order(pilot, CONSULT)
        twin.poll()
        await settle(pilot2)
        assert twin.screen.query_one(OrdersEditor).queue == [CONSULT]
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)


async def test_browser_seat_login_shows_nothing_before_the_code(session_path: Path, codes: dict[str, Any]) -> None:
    from game.tui.classroom.screens.login import LoginScreen

    s = Session.open(session_path)
    app = ClassroomApp(s, Credential("seat"), save_dir=save_dir(), poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await type_code(pilot, "WRONG2")
        text = screen_text(app.screen)
        assert "does not open" in text
        for game_text in ("Kessel", "Azuria", "Corvania", "alpha", "Turn 1"):
            assert game_text not in text
        await type_code(pilot, codes["teams"]["bravo"])
        assert isinstance(app.screen, TeamScreen) and app.screen.seat.actor == "corvania"


def test_white_cell_notes_read_in_the_players_words_and_the_clock_survives_80_columns(session_path: Path) -> None:
    from game.tui.classroom.views import override_words, status_line

    s = Session.open(session_path)
    s.intervene("adhoc_inject", "why", "Stand by for news", title="Bulletin")
    s.intervene("set_metric", "why not", metric="stability", value=50)
    notes = [e for e in s.game().events() if e.kind == "note" and e.rule == "override"]
    assert [override_words(e) for e in notes] == ["From the white cell: Stand by for news",
                                                  "The white cell adjusted the situation."]
    line = status_line(s, s.game(), "Team alpha · Azuria", "clock 4:05 left")
    assert line.index("clock 4:05 left") < 50  # right after the turn: an 80-column bar keeps it
