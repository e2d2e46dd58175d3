"""`detente msel` (the HSEEP MSEL of a scenario) and `detente show` (its opening picture)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.cli import main
from game.report.msel_plan import COLUMNS, msel_entries
from tests.engine.engine_gen import compile_path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_inject_appears_once_with_its_contingency_links(path: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    cs = compile_path(str(path))
    out = tmp_path / "msel.csv"
    assert main(["msel", str(path), "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    body = rows[1:]
    assert [r[2] for r in body] == [k.title for k in cs.injects]  # every inject once, in order
    assert [r[0] for r in body] == [str(n) for n in range(1, len(cs.injects) + 1)]
    for k, r in zip(cs.injects, body, strict=True):
        links = r[COLUMNS.index("Contingency links")]
        if k.contingency_for >= 0:
            back = cs.injects[k.contingency_for]
            assert f"fires if #{back.idx + 1} ‘{back.title}’" in links
            assert f"backed by #{k.idx + 1}" in body[back.idx][COLUMNS.index("Contingency links")]
        expected = r[COLUMNS.index("Expected player action")]
        assert expected == (", ".join(cs.moves[m].name for m in k.expects) or "—")
        assert r[COLUMNS.index("Message")] == " ".join(k.text.split())
    capsys.readouterr()


def test_markdown_and_html_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strait = ROOT / "scenarios" / "strait_incident.toml"
    assert main(["msel", str(strait)]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# MSEL — Collision in the Kessel Strait") and "| No. | Turn or trigger |" in md
    html = tmp_path / "msel.html"
    assert main(["msel", str(strait), "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page and "Second near-miss" in page
    assert main(["msel", str(strait), "-o", str(tmp_path / "msel.txt")]) == 2
    assert "must end in .csv, .md or .html" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[scenario]\nid = 3\n")
    assert main(["msel", str(broken)]) == 1
    assert "broken.toml:" in capsys.readouterr().err


def test_show_prints_the_opening_picture_and_an_actors_view(capsys: pytest.CaptureFixture[str]) -> None:
    strait = ROOT / "scenarios" / "strait_incident.toml"
    assert main(["show", str(strait)]) == 0
    out = capsys.readouterr().out
    for part in ("Briefing", "Actors", "Azuria (azuria)", "Pairs at the start", "Azuria – Corvania: trust 30 / tension 62",
                 "open: Military attaché", "Injects timeline", "#1 Families of missing sailors"):
        assert part in out, part
    assert main(["show", str(strait), "--as", "corvania"]) == 0
    mine = capsys.readouterr().out
    assert "as Corvania's team sees them" in mine and "≈" in mine and "Azuria (azuria)" not in mine
    assert "Second near-miss" not in mine  # that inject is for Azuria and Lindmark only
    assert main(["show", str(strait), "--as", "nobody"]) == 2
    assert "unknown actor 'nobody'" in capsys.readouterr().err
    assert len(msel_entries(compile_path(str(strait)))) == 4
