"""`detente schema`: the JSON Schema of the scenario format, generated from the models.

Editors use it for completion, hover documentation and inline errors: Even Better TOML
(VS Code) and Taplo read a first line ``#:schema ./schema/scenario.schema.json`` in a
scenario file.  The generated copy is committed at ``schema/scenario.schema.json``; a
test checks it is up to date (regenerate with ``detente schema -o schema/scenario.schema.json``).
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from game.scenario.models import FORMAT_VERSION, Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"https://detente.invalid/schema/scenario-{FORMAT_VERSION}.schema.json"
#: Where the committed copy lives, relative to the repository root.
SCHEMA_PATH = Path("schema") / "scenario.schema.json"


def build() -> dict[str, Any]:
    """The schema as a dict: pydantic's, with dialect, id, title and description on top."""
    body = Scenario.model_json_schema(mode="validation")
    head: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": f"Détente scenario (format {FORMAT_VERSION})",
        "description": (
            "A crisis-management training scenario for Détente. "
            "See docs/authoring.md for the complete guide to every field."
        ),
    }
    body.pop("title", None)
    body.pop("description", None)
    _fill_descriptions(body, "Scenario")
    for name, node in body.get("$defs", {}).items():
        _fill_descriptions(node, name)
    return _tomlify({**head, **body})


def _fill_descriptions(node: dict[str, Any], model: str) -> None:
    """Descriptions live on the models (models.FIELD_DOCS); nothing to invent here."""
    return None


def _tomlify(node: Any) -> Any:
    """TOML has no null: drop `null` alternatives and `default: null`, so editors never offer it."""
    if isinstance(node, list):
        return [_tomlify(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _tomlify(v) for k, v in node.items()}
    if "default" in out and out["default"] is None:
        del out["default"]
    any_of = out.get("anyOf")
    if isinstance(any_of, list):
        kept = [x for x in any_of if x != {"type": "null"}]
        if len(kept) == 1 and isinstance(kept[0], dict) and not (set(kept[0]) & set(out) - {"anyOf"}):
            del out["anyOf"]
            out = {**kept[0], **out}
        else:
            out["anyOf"] = kept
    return out


def render() -> str:
    """The schema as committed: stable key order, two-space indent, final newline."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def run(output: str | None = None, out: TextIO | None = None) -> int:
    """`detente schema [-o FILE]`: print the schema, or write it to FILE."""
    text = render()
    if output is None or output == "-":
        (out or sys.stdout).write(text)
        return 0
    path = Path(output)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        sys.stderr.write(f"detente schema: cannot write {output}: {exc.strerror or exc}\n")
        return 1
    return 0


# --------------------------------------------------------------------------- docs
# docs/authoring.md carries generated blocks between markers so it can never drift from
# the models and the expression language:  <!-- BEGIN generated:NAME --> ... <!-- END generated:NAME -->
# Regenerate with:  python -m game.scenario.schema --docs docs/authoring.md

_BLOCK = re.compile(r"(<!-- BEGIN generated:([A-Za-z_-]+) -->\n)(.*?)(<!-- END generated:\2 -->)", re.S)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def describe(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A schema fragment in plain words: 'number 0-100', 'one of: `a`, `b`', ..."""
    from game.scenario.expr import MAX_LENGTH as EXPR_MAX

    if "$ref" in prop:
        name = _ref_name(prop["$ref"])
        target = defs.get(name, {})
        if "enum" in target:
            return "one of: " + ", ".join(f"`{v}`" for v in target["enum"])
        return f"a [{name}](#{name.lower()}) table"
    if "anyOf" in prop:
        return " or ".join(describe(x, defs) for x in prop["anyOf"])
    if "const" in prop:
        return f"`{_toml_value(prop['const'])}`"
    if "enum" in prop:
        return "one of: " + ", ".join(f"`{v}`" for v in prop["enum"])
    t = prop.get("type")
    lo, hi = prop.get("minimum"), prop.get("maximum")
    rng = f" {_num(lo)} to {_num(hi)}" if lo is not None and hi is not None else f" at least {_num(lo)}" if lo is not None else ""
    if t == "boolean":
        return "`true` or `false`"
    if t == "integer":
        return "whole number" + rng
    if t == "number":
        return "number" + rng
    if t == "string":
        if prop.get("pattern", "").startswith("^[a-z][a-z0-9_]"):
            return "identifier"
        if prop.get("pattern") == r"^\d{2,4}$":
            return "2 to 4 digits, as text"
        if prop.get("maxLength") == EXPR_MAX:
            return "condition (expression)"
        return "text"
    if t == "array":
        items = prop.get("items") or prop.get("prefixItems")
        if isinstance(items, list):
            return "two " + describe(items[0], defs) + "s"
        inner = describe(items or {}, defs)
        if inner.startswith("a [") and inner.endswith(" table"):
            inner = inner[2:] + "s"
        elif inner == "identifier":
            inner = "identifiers"
        n = prop.get("maxItems")
        return f"list of {inner}" + (f" (at most {n})" if n else "")
    return "value"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return _num(v)


@functools.cache
def _built() -> dict[str, Any]:
    return build()


def fields_table(model: str) -> str:
    """The generated reference table for one model (a `$defs` entry, or `Scenario`)."""
    full = _built()
    defs = full["$defs"]
    node = full if model == "Scenario" else defs[model]
    required = set(node.get("required", []))
    rows = ["| Setting | What it is | Allowed values | Default |", "|---|---|---|---|"]
    for name, prop in node["properties"].items():
        desc = prop.get("description", "")
        if not desc and "$ref" in prop:
            desc = defs.get(_ref_name(prop["$ref"]), {}).get("description", "")
        desc = " ".join(desc.split()).replace("|", "\\|")
        allowed = describe(prop, defs).replace("|", "\\|")
        if name in required:
            default = "**required**"
        elif "default" in prop:
            default = "`" + _toml_value(prop["default"]).replace("|", "\\|") + "`"
        else:
            default = "optional"
        rows.append(f"| `{name}` | {desc} | {allowed} | {default} |")
    return "\n".join(rows) + "\n"


def functions_table() -> str:
    """Every global name and function of the expression language, from expr.py."""
    from game.scenario.expr import FUNCTIONS, GLOBALS

    rows = ["| Name | Gives | Meaning |", "|---|---|---|"]
    for name, (typ, doc) in GLOBALS.items():
        rows.append(f"| `{name}` | {'true/false' if typ == 'bool' else 'number'} | {doc} |")
    for name, sig in FUNCTIONS.items():
        args = [*sig.args, *(f"[{a}]" for a in sig.optional)]
        shown = ", ".join(a if a != "number" else "n" for a in args)
        rows.append(f"| `{name}({shown})` | {'true/false' if sig.returns == 'bool' else 'number'} | {sig.doc} |")
    return "\n".join(rows) + "\n"


def rules_table() -> str:
    from game.scenario.lint import RULES

    rows = ["| Code | What it means |", "|---|---|"]
    rows += [f"| `{code}` | {text} |" for code, text in RULES.items()]
    return "\n".join(rows) + "\n"


def generated_block(name: str) -> str:
    if name == "functions":
        return functions_table()
    if name == "lint-rules":
        return rules_table()
    if name.startswith("fields-"):
        return fields_table(name.removeprefix("fields-"))
    raise KeyError(name)


def refresh_docs(text: str) -> str:
    """`text` with every generated block replaced by its current content."""
    return _BLOCK.sub(lambda m: m.group(1) + generated_block(m.group(2)) + m.group(4), text)


def documented_models() -> list[str]:
    """Every model whose fields the guide must document (Scenario and every table in it)."""
    defs = _built()["$defs"]
    return ["Scenario", *sorted(k for k, v in defs.items() if "properties" in v)]


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import argparse

    ap = argparse.ArgumentParser(description="Regenerate schema/scenario.schema.json or the docs' generated blocks.")
    ap.add_argument("--docs", metavar="MD", help="refresh generated blocks in this markdown file")
    ns = ap.parse_args()
    if ns.docs:
        doc = Path(ns.docs)
        doc.write_text(refresh_docs(doc.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        raise SystemExit(run(str(SCHEMA_PATH)))
