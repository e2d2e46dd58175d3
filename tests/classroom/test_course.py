"""Courses: K sessions of one scenario and seed, the course code, the board and the comparison report.

Every test runs on SQLite and on a real PostgreSQL (conftest's `store_engine`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.classroom import course
from game.classroom.access import SessionError
from game.classroom.session import Session
from game.classroom.where import locate
from game.cli import main
from game.engine.rules import Order

from .conftest import SCENARIO, TWO, save_dir

CONSULT = Order("azuria", "consult", "corvania", channel="military_attache")


def make(k: int = 3, name: str = "spring") -> course.CreatedCourse:
    return course.create(save_dir(), name, SCENARIO, TWO, k, seed=5)


def play(name: str, turns: list[tuple[list[Order], list[Order]]]) -> None:
    s = Session.open(locate(save_dir(), name))
    try:
        for a, b in turns:
            s.submit("alpha", a)
            s.submit("bravo", b)
    finally:
        s.close()


def test_a_course_is_k_sessions_of_one_scenario_and_seed_each_with_its_own_codes() -> None:
    made = make(3)
    assert [n for n, _c in made.sessions] == ["spring-1", "spring-2", "spring-3"]
    assert course.session_names(save_dir(), "spring") == ["spring-1", "spring-2", "spring-3"]
    seen: set[str] = {made.course_code}
    for name, codes in made.sessions:
        s = Session.open(locate(save_dir(), name))
        assert (s.seed, s.course(), s.cs.id) == (5, "spring", "strait_incident")
        assert s.authenticate(codes["teams"]["alpha"]).team == "alpha"
        # the course code is not a seat, but it opens the session's codes (and starts its servers)
        with pytest.raises(SessionError):
            s.authenticate(made.course_code)
        assert s.codes(made.course_code) == codes
        assert s.codes(codes["facilitator"]) == codes
        s.close()
        new = {codes["facilitator"], codes["projector"], *codes["teams"].values()}
        assert not new & seen  # no code opens two seats
        seen |= new
    with pytest.raises(SessionError, match="exists already"):
        make(2)


def test_a_sections_facilitator_code_does_not_open_another_section() -> None:
    made = make(2)
    other = Session.open(locate(save_dir(), "spring-2"))
    with pytest.raises(SessionError):
        other.codes(made.sessions[0][1]["facilitator"])
    other.close()


def test_course_status_shows_each_sections_turn_and_who_is_in(capsys: pytest.CaptureFixture[str]) -> None:
    make(2)
    s = Session.open(locate(save_dir(), "spring-2"))
    s.join("alpha")
    s.submit("alpha", [CONSULT])
    s.close()
    assert main(["course", "status", "spring"]) == 0
    out = capsys.readouterr().out
    assert "spring-1" in out and "spring-2" in out
    section2 = out.split("spring-2", 1)[1]
    assert "1/2 in · 1/2 submitted" in section2
    assert "alpha" in section2 and "✓ submitted" in section2 and "military_attache" not in out  # never what


def test_course_new_from_the_command_line_writes_the_codes_owner_only(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    codes_file = tmp_path / "codes.txt"
    assert main(["course", "new", "fall", "--scenario", str(SCENARIO), "--sessions", "2", "--team", "alpha=azuria",
                 "--team", "bravo=corvania", "--seed", "9", "--codes-file", str(codes_file)]) == 0
    text = codes_file.read_text()
    assert codes_file.stat().st_mode & 0o077 == 0
    assert "Session fall-1" in text and "Session fall-2" in text
    course_code = text.split("course code ", 1)[1].split()[0]
    capsys.readouterr()
    assert main(["course", "codes", "fall", "--code", course_code]) == 0
    again = capsys.readouterr().out
    assert again.count("team alpha") == 2
    assert main(["course", "codes", "fall", "--code", "WRONG9"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not this course's code" in err
    assert main(["course", "status", "nosuch"]) == 1
    assert "no course named 'nosuch'" in capsys.readouterr().err


def _report(fmt: str, capsys: pytest.CaptureFixture[str], runs: int = 6) -> str:
    capsys.readouterr()
    assert main(["course", "report", "spring", "--format", fmt, "--reference-runs", str(runs)]) == 0
    return capsys.readouterr().out


def test_the_course_report_compares_the_groups(capsys: pytest.CaptureFixture[str]) -> None:
    make(3)
    hold: list[Order] = []
    play("spring-1", [([CONSULT], hold), ([CONSULT], hold)])
    play("spring-2", [([CONSULT], hold), (hold, hold)])  # differs from spring-1 on turn 2, azuria's orders
    play("spring-3", [(hold, hold)])  # differs on turn 1
    data: dict[str, Any] = json.loads(_report("json", capsys))
    groups = {g["session"]: g for g in data["sessions"]}
    assert [g["turn"] for g in data["sessions"]] == [2, 2, 1]
    assert len(groups["spring-1"]["stability_curve"]) == 3  # start + 2 turns
    # the same start (same scenario and seed) ...
    assert len({g["stability_curve"][0] for g in data["sessions"]}) == 1
    # ... and the histories part where the orders do
    div = {d["session"]: d for d in data["divergences"]}
    assert (div["spring-2"]["turn"], div["spring-2"]["actors"]) == (2, ["azuria"])
    assert (div["spring-3"]["turn"], div["spring-3"]["actors"]) == (1, ["azuria"])
    assert data["first_divergence"] == 1
    assert groups["spring-1"]["hashes"][0] == groups["spring-2"]["hashes"][0] != groups["spring-3"]["hashes"][0]
    # every team's objectives, with one rating per group
    rows = {(r["team"], r["objective"]): r for r in data["teams"]}
    assert {t for t, _o in rows} == {"alpha", "bravo"}
    assert all(set(r["ratings"]) == set(groups) for r in rows.values())
    # the doctrine-bot reference: a median per turn, from the start to the last turn
    assert len(data["reference_stability"]) == data["turns"] + 1
    assert "doctrine" in data["reference"] and "6 games" in data["reference"]
    assert sum(data["bands"].values()) == 3
    md = _report("md", capsys)
    assert "| Team | Objective | spring-1 | spring-2 | spring-3 |" in md
    assert "spring-2 against spring-1: turn 2: different orders from Azuria" in md
    assert "Doctrine bots (median)" in md
    html = _report("html", capsys)
    assert html.count('<svg class="chart"') == 2 and "doctrine bots (median)" in html
    assert "stroke-dasharray" in html  # lines differ by dash pattern, not by colour alone


def test_a_report_without_a_reference_line_and_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(1)
    out = tmp_path / "course.html"
    assert main(["course", "report", "spring", "-o", str(out), "--reference-runs", "0"]) == 0
    text = out.read_text()
    assert "<h1>Course spring" in text and "Reference:" not in text
    assert "No two groups differ" in text
