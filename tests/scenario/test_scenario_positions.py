"""The position scanner: exact line:col for every dotted path a diagnostic can name."""

from __future__ import annotations

import pytest

from game.scenario.positions import locate, path_of, raw_offset, scan

DOC = '''\
format = 1 # comment with [brackets] and "quotes"
[scenario]
id = "x"
title = 'lit # not a comment'

[[actors]]
id = "blue"
  trust = 3
[[actors.objectives]]
id = "o1"
[[actors.objectives]]
id = "o2"
target = "turn > 3"
[actors.extra]
k = 1

[[actors]]
id = "red"
objectives = [ { id = "a" }, {id="b", target = 'x'} ]
[[actors.red_lines]]
id = "late"

[[relations]]
between = [
  "blue", # comment ]
  "red",
]
[[relations]]
between = ["a","b"]
[[moves]]
id = "m"
effects = [{metric="trust", delta = 5}, {metric = "tension",
   delta = -5, "note" = """
multi ] } " """}, { metric.x = 1, delta = 3 }]
a.b."c" = 4
"quoted key" = 1
nested = [[1, 2], [3, [4, 5]]]
'''


@pytest.fixture(scope="module")
def pos():
    return scan(DOC)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("format", (1, 10)),
        ("scenario", (2, 1)),
        ("scenario.id", (3, 6)),
        ("scenario.title", (4, 9)),
        ("actors", (6, 1)),
        ("actors[0]", (6, 1)),
        ("actors[0].trust", (8, 11)),
        ("actors[0].objectives[0]", (9, 1)),
        ("actors[0].objectives[0].id", (10, 6)),
        ("actors[0].objectives[1].target", (13, 10)),
        ("actors[0].extra.k", (15, 5)),
        ("actors[1].id", (18, 6)),
        ("actors[1].objectives", (19, 14)),
        ("actors[1].objectives[0]", (19, 16)),
        ("actors[1].objectives[0].id", (19, 23)),
        ("actors[1].objectives[1].target", (19, 48)),
        ("relations[0].between", (24, 11)),
        ("relations[0].between[0]", (25, 3)),
        ("relations[0].between[1]", (26, 3)),
        ("relations[1].between", (29, 11)),
        ("relations[1].between[1]", (29, 16)),
        ("moves[0].effects[0].delta", (32, 37)),
        ("moves[0].effects[1]", (32, 41)),
        ("moves[0].effects[1].metric", (32, 51)),
        ("moves[0].effects[1].delta", (33, 12)),
        ("moves[0].effects[1].note", (33, 25)),
        ("moves[0].effects[2]", (34, 19)),
        ("moves[0].effects[2].metric.x", (34, 32)),
        ("moves[0].effects[2].delta", (34, 43)),
        ("moves[0].a.b.c", (35, 11)),
        ("moves[0].quoted key", (36, 16)),
        ("moves[0].nested[1][1][0]", (37, 24)),
    ],
)
def test_value_positions(pos, path, expected):
    assert pos.value(path) == expected


def test_nested_array_of_tables_indexes_within_current_parent(pos):
    assert pos.value("actors[1].red_lines[0]") == (20, 1)
    assert pos.value("actors[1].red_lines[0].id") == (21, 6)
    assert "actors[0].red_lines[0]" not in pos.values


def test_keys(pos):
    assert pos.key("actors[0].trust") == (8, 3)
    assert pos.key("moves[0].effects[1].delta") == (33, 4)
    assert pos.key("moves[0].a.b") == (35, 3)


def test_fallback_to_parent_then_origin(pos):
    assert pos.value("actors[0].name") == (6, 1)
    assert pos.value("moves[0].effects[1].chance") == (32, 41)
    assert pos.value("nothing.here[3]") == (1, 1)
    assert locate("", "a.b") == (1, 1)


def test_locate_is_a_shortcut():
    assert locate('a = 1\n[t]\nb = [1, { c = "x" }]\n', "t.b[1].c") == (3, 15)


def test_path_of():
    assert path_of(("actors", 2, "trust")) == "actors[2].trust"
    assert path_of(()) == ""
    assert path_of(("a", 0, 1, "b")) == "a[0][1].b"


@pytest.mark.parametrize(
    "raw, offset, char",
    [
        ('"abc def"', 4, "d"),
        ("'abc def'", 4, "d"),
        ('"a\\"b c"', 4, "c"),  # \" decodes to one character
        ('"\\u0041BC x"', 4, "x"),  # \u0041 is one character
        ('"""\nab\ncd"""', 3, "c"),  # newline after the opening quotes is trimmed
        ('"""ab \\\n    cd"""', 3, "c"),  # line-ending backslash trims whitespace
        ("'''\nxy'''", 1, "y"),
    ],
)
def test_raw_offset(raw, offset, char):
    assert raw[raw_offset(raw, 0, offset)] == char


def test_never_raises_on_garbage():
    for text in ["[", "[[", "a", "a =", "a = [", "a = {", "= 1", '"', "'''", "a = [1,,]", "\n\n[[x]]\n[x.y", "{}[]"]:
        scan(text)  # must not raise or hang
    deep = "a = " + "[" * 50_000
    assert scan(deep).value("a") == (1, 5)


def test_crlf_is_not_expected_but_tolerated():
    assert scan("a = 1\r\nb = 2\r\n").value("b") == (2, 5)
