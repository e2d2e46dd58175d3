"""The course report of a 3-session course, opened as HTML in real headless Chromium.

Three sections of one scenario play different games (two to the end, one half-way);
`detente course report --format html` is opened in Chromium at a projector's 1366×768,
and the screenshot is kept in build/artifacts/ for a person to look at.  The test checks
what a person would: both charts drawn with a legend naming every group and the
doctrine reference, the ratings table with a column per group, nothing wider than the
window.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.classroom import course
from game.classroom.session import Session
from game.classroom.where import locate
from game.cli import main
from game.engine.rules import Order

from .conftest import SCENARIO, TWO, save_dir
from .server_helpers import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
    pytest.skip(f"no {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
if os.environ.get("CI"):
    import playwright.sync_api as sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")

CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")
WARN = Order("corvania", "issue_warning", "azuria", channel="public_statement")


def play(name: str, turns: int, alpha: list[Order], bravo: list[Order]) -> None:
    s = Session.open(locate(save_dir(), name))
    try:
        for _ in range(turns):
            if s.game().over:
                break
            s.submit("alpha", alpha)
            s.submit("bravo", bravo)
    finally:
        s.close()


def test_a_three_session_course_report_reads_in_chromium(tmp_path: Path, store_engine: str) -> None:
    course.create(save_dir(), "autumn", SCENARIO, TWO, 3, seed=2)
    play("autumn-1", 8, [CONSULT], [])
    play("autumn-2", 8, [], [WARN])
    play("autumn-3", 4, [CONSULT], [WARN])
    out = tmp_path / "course.html"
    assert main(["course", "report", "autumn", "-o", str(out), "--reference-runs", "10"]) == 0

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"course_report_{store_engine}.png"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(out.as_uri())
            assert page.locator("svg.chart").count() == 2
            legend = page.locator("ul.legend").inner_text()
            for name in ("autumn-1", "autumn-2", "autumn-3", "doctrine bots (median)"):
                assert name in legend
            heads = page.locator("#ratings ~ .scroll table thead th").all_inner_texts()
            assert heads[-3:] == ["autumn-1", "autumn-2", "autumn-3"]
            assert "turn 1" in page.locator("#divergence ~ p").first.inner_text()
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 1366, f"the report is {width}px wide in a 1366px window"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000
