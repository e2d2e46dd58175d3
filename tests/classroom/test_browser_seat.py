"""A real browser seat: headless Chromium (Playwright) on a real `detente class serve`.

The page is textual-serve's: a terminal drawn by xterm.js, fed by a seat process on the
server.  To read the screen the test turns on xterm's screen-reader mode in the page it
receives (a test-side edit of the served script; the product is not changed), which
mirrors every terminal row into the DOM.  Screenshots go to build/artifacts/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.classroom.session import Session
from game.classroom.where import locate
from game.engine.rules import Order
from game.tui.classroom.views import seat_options

from .conftest import SCENARIO
from .server_helpers import ARTIFACTS, readable_js, running_server

CHROMIUM = "/usr/bin/chromium"
TEAMS = {"alpha": "azuria", "bravo": "corvania", "charlie": "lindmark"}

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):  # CI installs chromium (.ci/run): a missing browser there is a failure
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
    pytest.skip(f"no {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

if os.environ.get("CI"):  # in CI the dev extras bring Playwright: its absence is a failure, not a skip
    import playwright.sync_api as sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")


class Seat:
    """One browser tab on the served page."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def text(self) -> str:
        return str(self.page.evaluate(
            "() => { const t = document.querySelector('.xterm-accessibility-tree'); return t ? t.innerText : ''; }"))

    def wait_for(self, needle: str, timeout: float = 15_000) -> None:
        self.page.wait_for_function(
            "(n) => { const t = document.querySelector('.xterm-accessibility-tree'); return t && t.innerText.includes(n); }",
            arg=needle, timeout=timeout, polling=50)  # rAF polling runs once a second in background tabs

    def keys(self, *keys: str) -> None:
        self.page.focus(".xterm-helper-textarea")
        for k in keys:
            if len(k) == 1 or k in ("Enter", "Escape", "Tab"):
                self.page.keyboard.press(k)
            else:
                self.page.keyboard.type(k)
            self.page.wait_for_timeout(60)


def _readable(route: Any) -> None:
    resp = route.fetch()
    route.fulfill(response=resp, body=readable_js(resp.text()))


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


def open_seat(browser: Any, url: str) -> Seat:
    page = browser.new_page(viewport={"width": 1000, "height": 640})
    page.route("**/static/js/textual.js", _readable)
    page.goto(url)
    seat = Seat(page)
    seat.wait_for("seat code")
    return seat


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    save = tmp_path / "saves"
    path = locate(save, "web")
    s = Session.create(path, SCENARIO, TEAMS, seed=4)
    codes = s.new_codes
    s.close()
    with running_server(save, "web", codes["facilitator"]) as url:
        yield url, path, codes


@pytest.mark.slow
def test_a_team_plays_from_the_browser_and_a_wrong_code_sees_nothing(
        browser: Any, served: tuple[str, Path, dict[str, Any]]) -> None:
    url, path, codes = served
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # A wrong code: refused, and nothing of the game on the page.
    intruder = open_seat(browser, url)
    intruder.keys("ZZZZZZ", "Enter")
    intruder.wait_for("does not open a seat")
    text = intruder.text()
    for secret in ("Kessel", "Azuria", "Corvania", "Lindmark", "alpha", "Briefing", "Turn 1"):
        assert secret not in text, secret

    # Bravo has a draft in the store: alpha's seat must never show it.
    bravo_secret = Order("corvania", "accuse", "azuria", channel="public_statement")
    Session.open(path).save_draft("bravo", [bravo_secret])

    # Team alpha: its code, the Orders tab, the first possible move and target by keys, submit.
    team = open_seat(browser, url)
    team.keys(codes["teams"]["alpha"], "Enter")
    team.wait_for("Team alpha")
    s = Session.open(path)
    g = s.game()
    opts = seat_options(g, "azuria", [])
    listed = {o.move for o in opts}
    first_move = next(m.id for m in sorted(g.cs.moves, key=lambda m: m.order) if m.id in listed)  # the list's top
    want = next(o for o in opts if o.move == first_move and o.legal)
    team.keys("o")
    team.wait_for("Moves (cost)")
    team.keys("Enter")  # into the first move's targets and channels
    team.page.wait_for_timeout(300)
    team.keys("Enter")  # add its first possible one
    team.wait_for("1 order")
    wanted = [Order("azuria", want.move, want.target, want.second, want.channel).to_json()]
    for _ in range(100):  # the draft is written just after the screen redraws (bounded: 5 s)
        if s.store.draft(1, "azuria") == wanted:
            break
        team.page.wait_for_timeout(50)
    assert s.store.draft(1, "azuria") == wanted
    team.keys("s")
    team.wait_for("Submit orders for turn 1?")
    team.keys("y")
    team.wait_for("are in")
    assert s.store.own_orders(1, "azuria") == [
        Order("azuria", want.move, want.target, want.second, want.channel).to_json()]
    assert s.store.submitted(1) == {"azuria": "alpha"}
    assert codes["teams"]["bravo"] not in team.text() and "Corvania is controlled" not in team.text()
    assert "→ Azuria" not in team.text()  # bravo's draft (Accuse publicly → Azuria)
    team.page.screenshot(path=str(ARTIFACTS / "browser-team-seat.png"))

    # The projector: public picture, who is in, never what.
    projector = open_seat(browser, url)
    projector.keys(codes["projector"], "Enter")
    projector.wait_for("STABILITY")
    projector.wait_for("✓ alpha")
    ptext = projector.text()
    assert want.name not in ptext
    projector.page.screenshot(path=str(ARTIFACTS / "browser-projector.png"))
    assert shutil.disk_usage(ARTIFACTS).free > 0 and (ARTIFACTS / "browser-projector.png").stat().st_size > 10_000
