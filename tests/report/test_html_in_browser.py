"""The HTML AAR looked at in headless Chromium at 1280 px and 390 px (a phone).

Screenshots go to build/artifacts/.  At 390 px nothing may run off the page: the body is
no wider than the viewport (`scrollWidth <= clientWidth`), wide tables scroll inside
their own box, and the timeline folds to a line a turn.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.engine.compile import compile_scenario
from game.engine.game import Game
from game.report.aar import build_aar
from game.report.html import render_html
from game.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "artifacts"
CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
    pytest.skip(f"no {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
if os.environ.get("CI"):  # in CI the dev extras bring Playwright: its absence is a failure, not a skip
    import playwright.sync_api as sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")


def report(tmp_path: Path) -> Path:
    from game.bots import decide

    res = load_file(str(ROOT / "scenarios" / "ceasefire_talks.toml"))  # the largest shipped scenario
    assert res.resolved is not None
    cs = compile_scenario(res.resolved)
    g = Game.new(cs, 4)
    g.intervene("set_metric", "calibrate", metric="stability", value=55, note="A tense start")
    while not g.over:
        orders = []
        for a in cs.actors:
            orders += decide(cs, g.state, a.id, a.personality, g.seed)
        g.play(orders)
    humans = [a.id for a in cs.actors[:3]]
    html = render_html(build_aar(g, bot_runs=4, humans=humans, teams={h: f"team{i}" for i, h in enumerate(humans)}))
    path = tmp_path / "aar.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_aar_reads_on_a_laptop_and_on_a_phone(tmp_path: Path) -> None:
    path = report(tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for width, name in ((1280, "aar-1280.png"), (390, "aar-390.png")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(path.as_uri())
                body_w, view_w, height = page.evaluate(
                    "() => [document.body.scrollWidth, document.documentElement.clientWidth, "
                    "document.documentElement.scrollHeight]")
                assert body_w <= view_w, (width, body_w, view_w)
                # each wide table scrolls inside its own box instead of widening the page
                wide = page.evaluate("() => Array.from(document.querySelectorAll('.scroll')).filter("
                                     "d => d.scrollWidth > d.clientWidth).length")
                if width == 390:
                    assert wide > 0  # some tables are wider than a phone: they scroll
                    assert height < 40_000, height
                turns = page.evaluate("() => [document.querySelectorAll('details.turn').length, "
                                      "document.querySelectorAll('details.turn[open]').length]")
                assert turns[0] >= 5 and turns[1] == 1  # folded by turn, the first one open
                page.screenshot(path=str(ARTIFACTS / name), full_page=False)
                page.close()
            # the print copy: every turn unfolded
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri())
            page.emulate_media(media="print")
            shown = page.evaluate("() => Array.from(document.querySelectorAll('details.turn')).every("
                                  "d => d.querySelector('ul, .scroll, p') === null || "
                                  "d.querySelector('ul, .scroll, p').getBoundingClientRect().height > 0)")
            assert shown
            pdf = page.pdf(format="A4")
            assert pdf[:4] == b"%PDF"
        finally:
            browser.close()
