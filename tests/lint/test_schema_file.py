"""The committed JSON Schema is exactly what the models generate, and `detente schema` prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import schema
from game.scenario.models import Scenario

COMMITTED = Path(__file__).resolve().parents[2] / "schema" / "scenario.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema.render(), (
        "schema/scenario.schema.json is stale: run  detente schema -o schema/scenario.schema.json"
    )


def test_schema_has_header_and_descriptions() -> None:
    data = schema.build()
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["$id"].endswith(".schema.json")
    assert data["title"].startswith("Détente scenario")
    assert data["additionalProperties"] is False
    assert set(data["required"]) == {"scenario", "actors"}
    # every field of every table carries hover documentation
    missing = [
        f"{name}.{field}"
        for name, node in [("Scenario", data), *data["$defs"].items()]
        for field, prop in node.get("properties", {}).items()
        if not prop.get("description")
        and not ("$ref" in prop and data["$defs"][prop["$ref"].rsplit("/", 1)[-1]].get("description"))
    ]
    assert missing == []


def test_schema_never_offers_null() -> None:
    assert '"null"' not in schema.render()


def test_schema_covers_every_model_field() -> None:
    data = schema.build()
    assert set(data["properties"]) == set(Scenario.model_fields)
    assert set(data["$defs"]["Actor"]["properties"]) >= {"id", "kind", "objectives", "red_lines"}


def test_cli_prints_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == schema.build()
    assert out == schema.render()


def test_cli_writes_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sub" / "s.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema.render()
    assert main(["schema", "-o", str(tmp_path)]) == 1  # a directory: a clear message, no traceback
    assert "cannot write" in capsys.readouterr().err
