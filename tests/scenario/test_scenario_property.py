"""Property test: mutated scenarios are either accepted or get located diagnostics, never a crash."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.loader import load_text

BASE = (Path(__file__).parent / "fixtures" / "minimal.toml").read_text()
LINES = BASE.splitlines(keepends=True)
VALUE_LINES = [i for i, line in enumerate(LINES) if re.match(r"\s*[\w.\"]+\s*=", line)]

SCALARS = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.sampled_from(["true", "false", '""', '"blue"', '"red"', '"call"', '"x y"', "[]", "{}", '["blue"]',
                     '"tension(blue, red) > 1"', '"flag(nope)"', '"used(call) and"', "1979-05-27", '"""a\nb"""']),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)


@st.composite
def mutate(draw) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "value", "duplicate", "swap", "insert_bytes", "truncate", "crlf"]))
        if op == "delete" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
        elif op == "value":
            i = draw(st.sampled_from(VALUE_LINES))
            if i < len(lines) and "=" in lines[i]:
                key = lines[i].split("=", 1)[0]
                lines[i] = f"{key}= {draw(SCALARS)}\n"
        elif op == "duplicate" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "truncate":
            lines = lines[: draw(st.integers(0, len(lines)))]
        elif op == "crlf":
            lines = [x.replace("\n", "\r\n") for x in lines]
        elif op == "insert_bytes":
            data = "".join(lines).encode()
            at = draw(st.integers(0, len(data)))
            junk = draw(st.binary(min_size=1, max_size=6))
            return data[:at] + junk + data[at:]
    return "".join(lines).encode()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutate())
def test_mutated_scenarios_never_crash(data: bytes) -> None:
    result = load_text(data, "m.toml")
    if result.ok:
        assert result.resolved is not None
        assert not result.diagnostics
    else:
        assert result.resolved is None
        assert result.diagnostics
    n_lines = data.count(b"\n") + 1
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1, d
        assert d.line <= n_lines + 1, d
        assert d.message and "\n" not in d.message
        assert "Input should" not in d.message and "pydantic" not in d.message
        assert d.format().startswith(f"m.toml:{d.line}:{d.col}: ")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    result = load_text(data, "b.toml")
    assert all(d.line >= 1 and d.col >= 1 for d in result.diagnostics)
    assert result.ok or result.diagnostics
