"""A classroom on one 2-core machine: a real server, 10 browser seats in headless Chromium.

Starts `detente class serve` for a session of 8 teams (a generated 9-actor scenario:
8 teams and one computer actor), opens the facilitator, the projector and the 8 teams
as Chromium tabs, and reports:

* time from opening a seat's page to its first screen (the code prompt), and from
  entering the code to the seat's own screen (goal: first screen ≤ 1 s median);
* memory of each seat process on the server (RSS, and PSS: shared pages split fairly),
  goal ≤ 60 MiB;
* time from a team pressing "y" to submit in its tab to "✓ team … in" on the
  facilitator's tab (its Teams tab; goal ≤ 1 s).

    .venv/bin/python benchmarks/bench_classroom.py

Needs /usr/bin/chromium (Debian's package) and the dev extras (playwright).  Loopback
only; every wait is bounded.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from game.classroom.session import Session  # noqa: E402
from tests.classroom.server_helpers import readable_js, running_server  # noqa: E402
from tests.engine.engine_gen import scenario_text  # noqa: E402

TREE = "document.querySelector('.xterm-accessibility-tree')"


def readable(route: Any) -> None:
    resp = route.fetch()
    route.fulfill(response=resp, body=readable_js(resp.text()))


def wait_text(page: Any, needle: str, timeout: float = 30_000) -> None:
    # Poll on a timer: requestAnimationFrame (the default) runs once a second in background tabs.
    page.wait_for_function(f"(n) => {{ const t = {TREE}; return t && t.innerText.includes(n); }}", arg=needle,
                           timeout=timeout, polling=20)


def keys(page: Any, *ks: str) -> None:
    page.focus(".xterm-helper-textarea")
    for k in ks:
        if len(k) == 1 or k in ("Enter", "Escape"):
            page.keyboard.press(k)
        else:
            page.keyboard.type(k)
        page.wait_for_timeout(40)


def seat_processes(save_dir: Path) -> list[int]:
    """The seat processes of this run (python -m game.tui.classroom.seat_main DIR S)."""
    out = []
    mark = str(save_dir).encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            status = (proc / "status").read_text()
        except OSError:
            continue
        if any(b"seat" in c for c in cmd) and mark in cmd and b"python" in cmd[0] \
                and "python" in status.split("\n", 1)[0]:
            out.append(int(proc.name))
    return out


def memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) / 1024
    return rss, pss


def med(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.2f}, max {max(xs):.2f} (n={len(xs)})"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    scenario = tmp / "nine.toml"
    scenario.write_text(scenario_text(9, 5, turns=6))
    from game.engine.compile import compile_scenario
    from game.scenario.loader import load_file

    cs = compile_scenario(load_file(str(scenario)).resolved)  # type: ignore[arg-type]
    teams = {f"t{i + 1}": a.id for i, a in enumerate(cs.actors[:8])}
    save = tmp / "saves"
    s = Session.create(save / "classroom" / "bench.sqlite", scenario, teams, seed=1)
    codes = s.new_codes
    first: list[float] = []
    opened: list[float] = []
    shown_in: list[float] = []
    with running_server(save, "bench", codes["facilitator"]) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        pages: dict[str, Any] = {}
        seats = [("facilitator", codes["facilitator"], "Facilitator"), ("projector", codes["projector"], "STABILITY")]
        seats += [(t, c, f"Team {t}") for t, c in codes["teams"].items()]
        for name, code, marker in seats:
            page = browser.new_page(viewport={"width": 1000, "height": 640})
            page.route("**/static/js/textual.js", readable)
            page.bring_to_front()  # xterm draws (and fills its text mirror) once a second in a background tab
            t0 = time.perf_counter()
            page.goto(url, wait_until="commit")  # the page's web fonts are not reachable here: do not wait on them
            wait_text(page, "seat code")
            t1 = time.perf_counter()
            keys(page, code, "Enter")
            wait_text(page, marker)
            t2 = time.perf_counter()
            first.append(t1 - t0)
            opened.append(t2 - t1)
            pages[name] = page
        pids = seat_processes(save)
        mem = [memory(pid) for pid in pids]
        fac = pages["facilitator"]
        fac.bring_to_front()  # the facilitator's tab is the one being watched
        keys(fac, "2")  # the Teams tab: one line per team, "✓ t1 (actor) in"
        wait_text(fac, "who is in")
        for t in codes["teams"]:
            page = pages[t]
            keys(page, "o", "Enter", "Enter", "s")
            wait_text(page, "Submit orders for turn 1?")
            page.focus(".xterm-helper-textarea")
            t0 = time.perf_counter()
            page.keyboard.press("y")
            last = t == list(codes["teams"])[-1]  # the last one in closes the turn: it shows as turn 2
            wait_text(fac, "Turn 2 of" if last else f"✓ {t} (")
            shown_in.append(time.perf_counter() - t0)
        browser.close()
    print(f"Classroom benchmark: 10 browser seats (8 teams, facilitator, projector), {len(pids)} seat processes")
    print(f"  open a seat's page → its first screen (code prompt), s: {med(first)}   goal ≤ 1 s median")
    print(f"  enter the code → the seat's own screen, s: {med(opened)}")
    if mem:
        print(f"  seat process RSS, MiB: {med([m[0] for m in mem])}")
        print(f"  seat process PSS, MiB: {med([m[1] for m in mem])}   goal ≤ 60 MiB")
    print(f"  team submits → '✓ team in' on the facilitator's seat, s: {med(shown_in)}   goal ≤ 1 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
