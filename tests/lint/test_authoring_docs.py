"""docs/authoring.md stays true: its generated tables match the code, and every part is covered."""

from __future__ import annotations

import re
from pathlib import Path

from game.scenario import schema
from game.scenario.expr import FUNCTIONS, GLOBALS
from game.scenario.lint import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_generated_blocks_are_current() -> None:
    assert text() == schema.refresh_docs(text()), (
        "docs/authoring.md is stale: run  python -m game.scenario.schema --docs docs/authoring.md"
    )


def test_every_function_and_name_is_documented() -> None:
    doc = text()
    for name in GLOBALS:
        assert f"| `{name}` |" in doc, name
    for name in FUNCTIONS:
        assert f"| `{name}(" in doc, name


def test_every_model_has_a_section_with_example_and_table() -> None:
    doc = text()
    for model in schema.documented_models():
        assert f'<a id="{model.lower()}"></a>' in doc, model
        assert f"<!-- BEGIN generated:fields-{model} -->" in doc, model
        section = doc.split(f'<a id="{model.lower()}"></a>', 1)[1].split("<!-- BEGIN generated", 1)[0]
        assert "```toml" in section, f"{model} has no example"


def test_every_lint_rule_is_documented() -> None:
    doc = text()
    for code in RULES:
        assert f"`{code}`" in doc


def test_workflow_schema_line_and_model_link() -> None:
    doc = text()
    for needle in ("detente validate", "detente lint", "detente playtest", "#:schema ", "(model.md)", "Even Better TOML"):
        assert needle in doc


def test_internal_links_resolve() -> None:
    doc = text()
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', doc))
    headings = {
        re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", doc, re.M)
    }
    for target in re.findall(r"\]\(#([^)]+)\)", doc):
        assert target in anchors | headings, target
