"""The Markdown, HTML and JSON exports say what the AAR says, and the CLI writes them from a save."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from drill import FIXTURE, SEED, play

from game.cli import main
from game.report.aar import build_aar
from game.report.export import render_json
from game.report.html import render_html
from game.report.markdown import render_markdown
from game.report.model import AAR
from game.report.text import SECTIONS
from game.saves import SaveMeta, write_save
from game.scenario.loader import load_or_raise


@pytest.fixture(scope="module")
def aar() -> AAR:
    return build_aar(play(), date="2026-03-14", teams={"blue": "Syndicate <3>"}, bot_runs=2)


def _facts(a: AAR) -> list[str]:
    """Sentences every rendering must carry (the TUI debrief renders the same list)."""
    out = [*a.strengths, *a.areas_for_improvement, a.outcome.band]
    out += [o.rating_label for o in a.objectives if o.rating] + [o.rationale for o in a.objectives]
    out += [q for d in a.debrief for q in d.questions]
    out += [tp.summary for tp in a.turning_points]
    out += [k.title for t in a.timeline for k in t.injects]
    return out


def test_markdown_carries_every_section_and_fact(aar: AAR) -> None:
    md = render_markdown(aar)
    for _, title in SECTIONS:
        assert f"## {title}" in md
    for fact in _facts(aar):
        assert fact in md, fact
    assert "Syndicate <3> — human player" in md
    assert "**S** Performed with some challenges" in md
    # every table row has as many cells as its header
    for block in re.findall(r"((?:^\|.*\|\n)+)", md, flags=re.M):
        rows = [r for r in block.strip().split("\n")]
        widths = {len(re.split(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, block


def test_html_is_self_contained_and_escaped(aar: AAR) -> None:
    doc = render_html(aar)
    assert doc.startswith("<!DOCTYPE html>") and doc.rstrip().endswith("</html>")
    for banned in ("<script", "<link", "src=", "@import", "url("):
        assert banned not in doc
    assert re.findall(r"https?://[^\"' ]+", doc) == ["http://www.w3.org/2000/svg"] * doc.count("<svg")
    assert doc.count("<svg") == 2 + len(aar.charts.pairs)
    assert "Syndicate &lt;3&gt;" in doc and "Syndicate <3>" not in doc
    assert "@media print" in doc
    for _, title in SECTIONS:
        assert html.escape(title) in doc
    for fact in _facts(aar):
        assert html.escape(fact) in doc, fact


def test_json_holds_the_aar_and_the_record(aar: AAR) -> None:
    g = play()
    doc = json.loads(render_json(aar, g))
    assert doc["format"] == "detente-aar" and doc["version"] == 1
    assert doc["aar"] == json.loads(json.dumps(aar.to_json()))
    rec = doc["record"]
    assert (rec["scenario"], rec["seed"], len(rec["turns"])) == ("report_drill", SEED, 6)
    assert rec["turns"][2]["orders"] == [{"actor": "blue", "move": "tear_up"}]
    assert len(rec["events"]) == len(g.events()) and rec["turns"][0]["state_hash"] == g.turns[0].state_hash


@pytest.fixture
def save(tmp_path: Path) -> Path:
    meta = SaveMeta.for_scenario(load_or_raise(str(FIXTURE)), player="blue")
    return write_save(tmp_path / "drill.json", play(4), meta, now="2026-03-14T09:00:00Z")


def test_cli_writes_each_format_from_a_save(save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "aar.html"
    assert main(["report", str(save), "-o", str(out), "--bot-runs", "0"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "After-action review: Report drill" in page and "In progress: 4 of 6 turns played" in page
    assert "14 Mar 2026, 09:00 UTC" in page  # the save's timestamp, made readable
    assert main(["report", str(save), "--format", "json", "--bot-runs", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["aar"]["overview"]["turns_played"] == 4 and len(doc["record"]["turns"]) == 4
    assert main(["report", str(save), "--bot-runs", "0"]) == 0
    assert capsys.readouterr().out.startswith("# After-action review: Report drill")


def test_cli_mistakes_are_one_line(save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "missing.json")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "missing.json" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    assert main(["report", str(bad)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert main(["report", str(save), "-o", str(tmp_path / "no" / "dir" / "x.md"), "--bot-runs", "0"]) == 1
    assert "cannot write" in capsys.readouterr().err
