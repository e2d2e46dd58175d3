"""Loader, schema messages, references and the stock merge, rule by rule."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from game.scenario import stock as stock_module
from game.scenario.diagnostics import Diagnostic
from game.scenario.loader import (
    MAX_BYTES,
    LoadResult,
    Resolved,
    ScenarioError,
    load_file,
    load_or_raise,
    load_text,
    locate,
)
from game.scenario.models import StockCatalogue
from game.scenario.stock import StockError, load_stock, load_stock_from

HERE = Path(__file__).parent
MINIMAL_PATH = HERE / "fixtures" / "minimal.toml"
MINIMAL = MINIMAL_PATH.read_text()


def problems(text: str | bytes) -> list[str]:
    result = load_text(text, "t.toml")
    assert all(d.line >= 1 and d.col >= 1 for d in result.diagnostics)
    return [f"{d.line}:{d.col}: {d.path}: {d.message}" if d.path else f"{d.line}:{d.col}: {d.message}" for d in result.diagnostics]


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def only(text: str | bytes) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- the happy path


def test_minimal_fixture_is_valid():
    result = load_file(MINIMAL_PATH)
    assert isinstance(result, LoadResult)
    assert result.ok, [d.format() for d in result.diagnostics]
    r = result.resolved
    assert isinstance(r, Resolved)
    assert r.file == str(MINIMAL_PATH)
    assert list(r.channels) == ["hotline"]
    assert list(r.moves) == ["call", "patrol"]
    assert r.source_hash == hashlib.sha256(MINIMAL_PATH.read_bytes()).hexdigest()
    assert r.text == MINIMAL
    assert set(r.exprs) == {
        "objectives[0].target",
        "actors[0].objectives[0].target",
        "moves[0].condition",
        "bands[0].when",
        "endings[0].when",
        "debrief[0].when",
    }
    assert r.exprs["moves[0].condition"].type == "bool"


def test_text_and_bytes_agree():
    a = load_text(MINIMAL)
    b = load_text(MINIMAL.encode())
    assert a.ok and b.ok
    assert a.resolved and b.resolved and a.resolved.source_hash == b.resolved.source_hash
    assert a.resolved.file == "<text>"


def test_crlf_and_bom_are_accepted():
    raw = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    result = load_text(raw)
    assert result.ok
    assert result.resolved and result.resolved.text == MINIMAL
    assert result.resolved.source_hash == hashlib.sha256(raw).hexdigest()
    assert load_text("\ufeff" + MINIMAL).ok


def test_load_or_raise(tmp_path):
    assert load_or_raise(MINIMAL_PATH).scenario.scenario.id == "minimal"
    bad = tmp_path / "bad.toml"
    bad.write_text(edit("turns = 6", "turns = 0"))
    with pytest.raises(ScenarioError) as info:
        load_or_raise(bad)
    assert info.value.diagnostics[0].message == "must be between 1 and 200"
    assert str(info.value) == f"{bad}:10:9: scenario.turns: must be between 1 and 200"


def test_locate_reexport():
    assert locate(MINIMAL, "actors[0].capability") == (20, 14)
    assert locate(MINIMAL, "moves[1].effects[1].delta") == (63, 50)
    assert locate(MINIMAL, "actors[5].nothing") == (17, 1)
    assert locate(MINIMAL, "nothing.at.all") == (1, 1)


# --------------------------------------------------------------------------- diagnostics


def test_diagnostic_format_and_json():
    d = Diagnostic("s.toml", 42, 9, "actors[2].trust", "must be between 0 and 100", code="E-schema")
    assert d.format() == "s.toml:42:9: actors[2].trust: must be between 0 and 100"
    assert Diagnostic("s.toml", 1, 1, "", "no such file").format() == "s.toml:1:1: no such file"
    w = Diagnostic("s.toml", 3, 1, "moves[0]", "no doctrine tags", severity="warning", code="W-tags")
    assert w.format() == "s.toml:3:1: moves[0]: warning: no doctrine tags"
    assert w.to_json() == {
        "file": "s.toml",
        "line": 3,
        "col": 1,
        "path": "moves[0]",
        "message": "no doctrine tags",
        "severity": "warning",
        "code": "W-tags",
    }


# --------------------------------------------------------------------------- hostile input


def test_missing_file_and_directory(tmp_path):
    assert [d.format() for d in load_file(tmp_path / "nope.toml").diagnostics] == [f"{tmp_path / 'nope.toml'}:1:1: no such file"]
    assert load_file(tmp_path).diagnostics[0].message == "is a directory, not a scenario file"
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert load_file(fifo).diagnostics[0].message == "is not a regular file"


def test_empty_and_blank_files():
    assert only("") == "1:1: the file is empty"
    assert only(b"  \n\n# only a comment\n") == "1:1: the file is empty"
    assert only(b"   \r\n\t\n") == "1:1: the file is empty"


def test_oversized_file_is_refused_by_size(tmp_path):
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(50 * MAX_BYTES)  # sparse: cheap to create, slow to read
    started = time.perf_counter()
    result = load_file(big)
    assert time.perf_counter() - started < 0.5
    assert result.diagnostics[0].message == f"file is too large ({50 * MAX_BYTES} bytes, the limit is {MAX_BYTES})"
    assert result.diagnostics[0].code == "E-size"
    assert load_text(b"#" * (MAX_BYTES + 1)).diagnostics[0].code == "E-size"


def test_non_utf8_and_binary():
    assert only(b'format = 1\nx = "caf\xe9"\n') == "2:9: not UTF-8 text: invalid byte 0xe9 (save scenario files as UTF-8)"
    assert only(bytes(range(256))).startswith("2:118: not UTF-8 text")
    assert only(b"\x00\x01\x02").startswith("1:1: syntax error")


def test_pathological_nesting_is_reported_not_raised():
    assert only("a = " + "[" * 100_000) == "1:405: values are nested too deeply (the limit is 400 levels)"
    assert only("a = " + "{b = " * 100_000).startswith("1:")


def test_lone_carriage_return_and_nul_in_strings():
    assert only(b'format = 1\r\nx = 1\rb = 2').startswith("2:6: syntax error")
    assert only('x = "a\x00b"').startswith("1:7: syntax error")


def test_too_many_diagnostics_are_capped():
    text = "[scenario]\n" + "".join(f"k{i} = {i}\n" for i in range(300))
    found = problems(text)
    assert len(found) == 101
    assert found[-1].endswith("more problems not shown")


@pytest.mark.parametrize(
    "expression, message",
    [
        ("__import__('os').system('ls')", "only the built-in functions may be called"),
        ("turn.real > 1", "attribute access ('.') is not allowed"),
        ("(" * 30 + "1" + ")" * 30, "expression is nested too deeply (limit 24)"),
        ("1 + " * 150 + "1 > 0", "is too long (605 characters, the limit is 400)"),
        ("lambda: 1", "functions and comprehensions are not allowed"),
        ("[x for x in turn]", "functions and comprehensions are not allowed"),
        ("'9' * 10**9 > 0", "only numbers and true/false are allowed as values (no strings)"),
        ("(y := 1) > 0", "assignment is not allowed in an expression"),
    ],
)
def test_hostile_expressions(expression, message):
    text = edit('when = "used(call)"', f"when = {_toml_string(expression)}")
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].split(": ", 2)[2] == message


def _toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------- schema wording


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("capability = 60", "capability = 150", "20:14: actors[0].capability: must be between 0 and 100"),
        ("capability = 60", "capabilty = 60", '20:1: actors[0].capabilty: unknown key "capabilty" (did you mean "capability"?)'),
        ('name = "Red Federation"\n', "", '28:1: actors[1]: missing required key "name"'),
        ("turns = 6", 'turns = "three"', '10:9: scenario.turns: expected a whole number, got "three"'),
        ("turns = 6", "turns = [6]", "10:9: scenario.turns: expected a whole number, got a list"),
        ("fidelity = 0.95", 'fidelity = "high"', '44:12: channels[0].fidelity: expected a number, got "high"'),
        ("fidelity = 0.95", "fidelity = 1.5", "44:12: channels[0].fidelity: must be between 0 and 1"),
        ("strength = true", "strength = \"maybe\"", "96:12: debrief[0].strength: expected true or false, got \"maybe\""),
        ('title = "Near-collision"', "title = 3", "69:9: injects[0].title: expected text in quotes, got 3"),
        ('to = ["blue", "red"]', 'to = ["blue", 3]', "72:15: injects[0].to[1]: expected text in quotes, got 3"),
        ('to = ["blue", "red"]', "to = 3", '72:6: injects[0].to: expected a list or "all", got 3'),
        ('channels = ["hotline"]\n\n', 'channels = "hotline"\n\n', '38:12: relations[0].channels: expected a list, got "hotline"'),
        ("trigger = { turn = 2 }", "trigger = 2", "71:11: injects[0].trigger: expected a table, got 2"),
        ("trigger = { turn = 2 }", "trigger = {}", "71:11: injects[0].trigger: give exactly one of turn, when, chance or contingency_for"),
        ("rung = 1\n", "rung = 1\ncameo = \"x1\"\n", '66:9: moves[1].cameo: must be a CAMEO code of 2 to 4 digits, in quotes, got "x1"'),
        ('id = "minimal"', 'id = "1st"', '7:6: scenario.id: must be a plain identifier (lower-case letters, digits and _, starting with a letter), got "1st"'),
        ("rung = 1\n", "rung = 1\ntags = [\"transparncy\"]\n", '66:9: moves[1].tags[0]: expected one of transparency, sovereignty, non_interference, mutual_respect, consensus_building, confidentiality, non_attribution, humanitarian_principles, neutrality, impartiality, deniable, reciprocity, restraint or coercion, got "transparncy" (did you mean "transparency"?)'),
        ("turns = 6", "turns = 1979-05-27", "10:9: scenario.turns: expected a whole number, got a date/time"),
        ('between = ["blue", "red"]', 'between = ["blue"]', "35:11: relations[0].between: must have exactly 2 items"),
        ("format = 1", "format = 2", "2:10: format: must be 1, got 2"),
        ('summary = "Two navies, one strait, one hotline."', 'summary = "' + "x" * 700 + '"', "9:11: scenario.summary: is too long (700 characters, the limit is 600)"),
        ("format = 1\n", "format = 1\nsecret = 1\n", '3:1: secret: unknown key "secret"'),
    ],
)
def test_schema_messages(old, new, expected):
    assert only(edit(old, new)) == expected


def test_schema_errors_are_sorted_by_position():
    text = edit("turns = 6", "turns = 0", edit("capability = 60", "capability = -1"))
    assert [p.split(":")[0] for p in problems(text)] == ["10", "20"]


# --------------------------------------------------------------------------- references


ACTOR3 = '[[actors]]\nid = "green"\nname = "Green"\n\n[[relations]]\n'


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ('to = ["blue", "red"]', 'to = ["blue", "rde"]', '72:15: injects[0].to[1]: unknown actor "rde" (did you mean "red"?)'),
        ('expects = ["call"]', 'expects = ["call"]\nsource = "bleu"', '74:10: injects[0].source: unknown actor "bleu" (did you mean "blue"?)'),
        ('expects = ["call"]', 'expects = ["call"]\nsubject = "x"', '74:11: injects[0].subject: unknown actor "x"'),
        ("trigger = { turn = 2 }", 'trigger = { contingency_for = "collision" }', "71:31: injects[0].trigger.contingency_for: an inject cannot be a contingency for itself"),
        ("trigger = { turn = 2 }", "trigger = { turn = 2, from_turn = 7 }", "71:35: injects[0].trigger.from_turn: turn 7 is after the last turn (the scenario has 6 turns)"),
        ("trigger = { turn = 2 }", "trigger = { chance = 0.5, from_turn = 3, until_turn = 2 }", "71:55: injects[0].trigger.until_turn: until_turn (2) is before from_turn (3)"),
        ('channels = ["hotline"]\n\n', 'channels = ["hotlin"]\n\n', '38:13: relations[0].channels[0]: unknown channel "hotlin" (did you mean "hotline"?)'),
        ('target = "none"', 'target = "none"\nactors = ["red", "grey"]', '61:18: moves[1].actors[1]: unknown actor "grey"'),
        ("use_channels = []", 'use_channels = ["hotline", "carrier_pigeon"]', '3:28: use_channels[1]: unknown channel "carrier_pigeon"'),
        ("[[injects]]\n", '[[moves]]\nid = "call"\nname = "Again"\ncategory = "communication"\n\n[[injects]]\n', '68:6: moves[2].id: duplicate move id "call" (first defined at moves[0])'),
        ('[[bands]]\nid = "standoff"\nname = "Managed standoff"\n', '[[bands]]\nid = "standoff"\nname = "Managed standoff"\n\n[[endings]]\nid = "clash"\ntitle = "t"\nwhen = "true"\ntext = "t"\n', '91:6: endings[1].id: duplicate ending id "clash" (first defined at endings[0])'),
        ('[[injects]]\nid = "collision"', '[[injects]]\nid = "collision"\ntitle = "x"\ntext = "x"\ntrigger = { turn = 1 }\n\n[[injects]]\nid = "collision"', '74:6: injects[1].id: duplicate inject id "collision" (first defined at injects[0])'),
        ('[[objectives]]\nid = "calm"', '[[objectives]]\nid = "calm"\ntext = "x"\n\n[[objectives]]\nid = "calm"', '17:6: objectives[1].id: duplicate objective id "calm" (first defined at objectives[0])'),
        ('[[actors.objectives]]\nid = "open_sea"', '[[actors.objectives]]\nid = "open_sea"\ntext = "x"\n\n[[actors.objectives]]\nid = "open_sea"', '28:6: actors[0].objectives[1].id: duplicate objective id "open_sea" (first defined at actors[0].objectives[0])'),
        ('[[channels]]\nid = "hotline"', '[[channels]]\nid = "hotline"\nname = "x"\n\n[[channels]]\nid = "hotline"', '45:6: channels[1].id: duplicate channel id "hotline" (first defined at channels[0])'),
        ("[[relations]]\n", '[[treaties]]\nid = "t"\nname = "T"\nkind = "alliance"\nmembers = ["blue", "red", "blue"]\n\n[[relations]]\n', '38:27: treaties[0].members[2]: actor "blue" is listed twice'),
        ('[[relations]]\n', ACTOR3 + 'between = ["red", "green"]\n\n[[relations]]\n', None),
        ('strength = true', 'strength = true\n\n[[debrief]]\nid = "used_hotline"\nwhen = "true"\ntitle = "t"\ntext = "t"', '99:6: debrief[1].id: duplicate debrief point id "used_hotline" (first defined at debrief[0])'),
    ],
)
def test_reference_rules(old, new, expected):
    found = problems(edit(old, new))
    if expected is None:
        assert found == []
    else:
        assert found == [expected]


def test_duplicate_treaty_ids_and_unknown_treaty_in_expression():
    treaty = '[[treaties]]\nid = "pact"\nname = "P"\nkind = "agreement"\nmembers = ["blue", "red"]\n\n'
    text = edit("[[relations]]\n", treaty + treaty + "[[relations]]\n")
    assert problems(text) == ['41:6: treaties[1].id: duplicate treaty id "pact" (first defined at treaties[0])']
    text = edit('when = "used(call)"', 'when = "treaty_active(pakt)"', edit("[[relations]]\n", treaty + "[[relations]]\n"))
    assert problems(text) == ["99:23: debrief[0].when: unknown treaty 'pakt' (did you mean 'pact'?)"]


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("used(cal)", "93:14: debrief[0].when: unknown move 'cal' (did you mean 'call'?)"),
        ("channel_open(hotlin, blue, red)", "93:22: debrief[0].when: unknown channel 'hotlin' (did you mean 'hotline'?)"),
        ("fired(colision)", "93:15: debrief[0].when: unknown inject 'colision' (did you mean 'collision'?)"),
        ("flag(talked) and flag(never)", "93:31: debrief[0].when: flag 'never' is never set"),
        ("tagged(transparncy) > 0", "93:16: debrief[0].when: unknown doctrine tag 'transparncy' (did you mean 'transparency'?)"),
        ("category(militry) > 0", "93:18: debrief[0].when: unknown move category 'militry' (did you mean 'military'?)"),
        ("tension(blue, red)", "93:9: debrief[0].when: this is a number, but a condition must be true or false (compare it, e.g. '> 50')"),
        ("tension(blue) > 1", "93:9: debrief[0].when: tension() takes 2 arguments, got 1"),
        ("turn >", "93:15: debrief[0].when: syntax error: the expression is incomplete"),
        ("turn > > 1", "93:16: debrief[0].when: syntax error: invalid syntax"),
    ],
)
def test_expression_symbols_and_positions(expression, expected):
    assert problems(edit('when = "used(call)"', f'when = "{expression}"')) == [expected]


def test_flag_set_by_inject_counts():
    text = edit('when = "used(call)"', 'when = "flag(alarm)"', edit('expects = ["call"]', 'expects = ["call"]\nflags = [{ flag = "alarm" }]'))
    assert problems(text) == []


def test_expression_in_literal_and_multiline_strings():
    assert problems(edit('when = "used(call)"', "when = 'used(cal)'")) == ["93:14: debrief[0].when: unknown move 'cal' (did you mean 'call'?)"]
    assert problems(edit('when = "used(call)"', "when = '''\n  turn > 1 and\n  used(cal)'''")) == [
        "95:8: debrief[0].when: unknown move 'cal' (did you mean 'call'?)"
    ]


def test_schema_errors_stop_before_references():
    text = edit('between = ["blue", "red"]', 'between = ["blue", "rde"]', edit("capability = 60", "capability = 600"))
    assert problems(text) == ["20:14: actors[0].capability: must be between 0 and 100"]


# --------------------------------------------------------------------------- stock


FAKE_STOCK = StockCatalogue.model_validate(
    {
        "channels": [
            {"id": "hotline", "name": "Stock hotline"},
            {"id": "attache", "name": "Military attaché"},
            {"id": "summit", "name": "Summit"},
        ],
        "moves": [
            {"id": "negotiate", "name": "Negotiate", "category": "communication", "channels": ["summit", "attache"]},
            {"id": "establish", "name": "Establish", "category": "communication", "opens_channel": "attache",
             "flags": [{"flag": "established"}]},
            {"id": "visit", "name": "Visit", "category": "communication", "channels": ["attache"],
             "condition": "flag(established)"},
            {"id": "mobilise", "name": "Mobilise", "category": "military", "target": "none"},
        ],
    }
)


@pytest.fixture
def fake_stock(monkeypatch):
    monkeypatch.setattr(stock_module, "load_stock", lambda: FAKE_STOCK)
    return FAKE_STOCK


def test_stock_merge_order_override_and_filter(fake_stock):
    text = edit("use_channels = []\nuse_moves = []\n", "")
    r = load_text(text).resolved
    assert r is not None
    assert list(r.channels) == ["hotline", "attache", "summit"]
    assert r.channels["hotline"].name == "Hotline"  # the scenario's override, in stock position
    assert list(r.moves) == ["negotiate", "establish", "visit", "mobilise", "call", "patrol"]
    assert set(r.exprs) >= {"stock.moves.visit.condition", "moves[0].condition"}


def test_use_lists_restrict_the_stock(fake_stock):
    text = edit("use_channels = []\nuse_moves = []", 'use_channels = ["summit"]\nuse_moves = ["negotiate", "establish", "visit"]')
    r = load_text(text).resolved
    assert r is not None
    assert list(r.channels) == ["hotline", "summit"]
    # negotiate loses the attaché channel; establish and visit need it and are dropped
    assert list(r.moves) == ["negotiate", "call", "patrol"]
    assert r.moves["negotiate"].channels == ["summit"]


def test_excluded_stock_items_say_why(fake_stock):
    text = edit('moves = ["call", "patrol"]', 'moves = ["call", "mobilise"]')
    assert problems(text) == ['21:18: actors[0].moves[1]: unknown move "mobilise" (the stock move is not listed in use_moves)']
    text = edit('channels = ["hotline"]\n\n', 'channels = ["summit"]\n\n')
    assert problems(text) == ['38:13: relations[0].channels[0]: unknown channel "summit" (the stock channel is not listed in use_channels)']
    text = edit('when = "used(call)"', 'when = "used(mobilise)"')
    assert problems(text) == ["93:14: debrief[0].when: unknown move 'mobilise' (the stock move is not listed in use_moves)"]


def test_stock_flags_count_as_set(fake_stock):
    text = edit("use_moves = []", 'use_moves = ["establish"]', edit("use_channels = []", 'use_channels = ["attache"]'))
    text = edit('when = "used(call)"', 'when = "flag(established)"', text)
    assert problems(text) == []


def test_broken_stock_is_reported_not_raised(tmp_path, monkeypatch):
    (tmp_path / "moves.toml").write_text(
        'format = 1\n[[moves]]\nid = "x"\nname = "X"\ncategory = "militray"\n\n[[moves]]\nid = "y"\nname = "Y"\n'
        'category = "military"\nchannels = ["nowhere"]\n'
    )
    with pytest.raises(StockError) as info:
        load_stock_from(tmp_path)
    assert [d.format() for d in info.value.diagnostics] == [
        f'{tmp_path / "moves.toml"}:5:12: moves[0].category: expected one of communication, cbm, mediation, alliance, '
        'humanitarian, military or information, got "militray" (did you mean "military"?)'
    ]
    (tmp_path / "moves.toml").write_text('format = 1\n[[moves]]\nid = "y"\nname = "Y"\ncategory = "military"\nchannels = ["nowhere"]\ncondition = "flag(z)"\n')
    (tmp_path / "channels.toml").write_text('format = 1\n[[channels]]\nid = "hotline"\nname = "H"\n')
    with pytest.raises(StockError) as info:
        load_stock_from(tmp_path)
    assert [d.format() for d in info.value.diagnostics] == [
        f'{tmp_path / "moves.toml"}:6:13: moves[0].channels[0]: unknown channel "nowhere"',
        f"{tmp_path / 'moves.toml'}:7:19: moves[0].condition: unknown flag 'z'",
    ]
    broken = info.value

    def boom():
        raise broken

    monkeypatch.setattr(stock_module, "load_stock", boom)
    found = load_text(MINIMAL, "t.toml").diagnostics
    assert found[-1].format() == "t.toml:1:1: cannot check references: the stock catalogue shipped with the game is broken"
    assert len(found) == 3


def test_empty_stock_directory(tmp_path):
    assert load_stock_from(tmp_path / "missing") == StockCatalogue()


def test_shipped_stock_validates():
    catalogue = load_stock()  # raises StockError with located messages if the stock is broken
    assert isinstance(catalogue, StockCatalogue)
    assert load_stock() is catalogue  # cached
