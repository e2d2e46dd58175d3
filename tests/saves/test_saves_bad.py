"""Every kind of bad save gives one clear line and exit 1; never a traceback, never a crash.

Truncated, corrupted, tampered, too large, from a future format version, or from an
older one (migrated, then usable).  The other saves in the directory stay usable.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from save_helpers import play

from game.cli import main
from game.engine.compile import CompiledScenario
from game.saves import SaveError, SaveMeta, load_save, parse_save, write_save
from game.saves.format import FORMAT_VERSION, MAX_SAVE_BYTES, checksum, encode, to_bytes

NOW = "2030-01-01T00:00:00.000000Z"


@pytest.fixture(scope="module")
def doc(strait: CompiledScenario) -> dict[str, Any]:
    return encode(play(strait, 11, 12, 4), SaveMeta(player="azuria"), "manual", NOW)


def resealed(doc: dict[str, Any]) -> dict[str, Any]:
    """A deliberately edited document with a valid checksum again (a careful tamperer)."""
    doc = copy.deepcopy(doc)
    doc["checksum"] = checksum(doc)
    return doc


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_failure(capsys: pytest.CaptureFixture[str], path: Path, *fragments: str) -> str:
    for command in (["replay", str(path)], ["resume", str(path), "--check"]):
        code, out, err = run_cli(capsys, *command)
        assert code == 1, (command, out, err)
        lines = [x for x in (out + err).splitlines() if x.strip() and not x.startswith("note: ")]
        assert len(lines) == 1, out + err
        assert "Traceback" not in err and str(path) in lines[0]
        for f in fragments:
            assert f in lines[0], lines[0]
    return lines[0]


def write(tmp_path: Path, data: bytes | str | dict[str, Any], name: str = "bad.json") -> Path:
    p = tmp_path / name
    if isinstance(data, dict):
        data = to_bytes(data)
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


# --------------------------------------------------------------------------- damaged files


def test_truncated_at_every_tenth_of_the_file(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    raw = to_bytes(doc)
    for k in range(10):
        cut = raw[: len(raw) * k // 10]
        with pytest.raises(SaveError) as exc:
            parse_save(cut, "x.json")
        assert "truncated" in str(exc.value) or "empty" in str(exc.value)
    p = write(tmp_path, raw[: len(raw) // 2])
    assert_one_line_failure(capsys, p, "truncated save")


def test_every_truncation_point_near_the_end_is_caught(doc: dict[str, Any]) -> None:
    raw = to_bytes(doc)
    for n in range(1, 200):
        with pytest.raises(SaveError):
            parse_save(raw[:-n] if raw[:-n].strip() != raw.strip() else raw[: -n - 1], "x.json")


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_failure(capsys, write(tmp_path, b""), "empty file")


def test_corrupted_json(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    raw = to_bytes(doc).replace(b'"seed"', b'"seed" "', 1)
    assert_one_line_failure(capsys, write(tmp_path, raw), "corrupted save: invalid JSON at line")


def test_not_utf8(tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    raw = to_bytes(doc)
    assert_one_line_failure(
        capsys, write(tmp_path, raw[:100] + b"\xff\xfe" + raw[100:]), "not UTF-8"
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_flipped_byte_is_an_error_or_the_same_save(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    raw = bytearray(to_bytes(doc))
    pos = data.draw(st.integers(0, len(raw) - 1))
    raw[pos] = data.draw(st.integers(0, 255).filter(lambda b: b != raw[pos]))
    try:
        got = parse_save(bytes(raw), "x.json")
    except SaveError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x.json: ")
    else:  # only layout changed (e.g. a space became a tab): the values are exactly the same
        assert got.turns == parse_save(to_bytes(doc)).turns and got.seed == doc["seed"]


def test_too_large(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "huge.json"
    with p.open("wb") as fh:
        fh.truncate(MAX_SAVE_BYTES + 10)  # sparse: cheap to make
    assert_one_line_failure(capsys, p, "too large")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[1, 2]", "not a Détente save"),
        ('{"format": "something-else", "version": 1}', "not a Détente save"),
        ('{"format": "detente-save", "version": "1"}', "version: expected a whole number"),
        ('{"format": "detente-save", "version": 1, "x": NaN}', "NaN is not allowed"),
        ('{"format": "detente-save", "version": 1, "x": -1e400}', "out of range"),
        (
            '{"format": "detente-save", "version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "nested too deeply",
        ),
        ('{"format": "detente-save", "version": 1, "x": 1' + "0" * 5000 + "}", "corrupted save"),
    ],
    ids=["list", "other-format", "string-version", "nan", "overflow", "deep-nesting", "huge-number"],
)
def test_not_a_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fragment: str
) -> None:
    assert_one_line_failure(capsys, write(tmp_path, text), fragment)


# --------------------------------------------------------------------------- tampering


def test_tampered_hash_breaks_the_checksum(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    d = copy.deepcopy(doc)
    d["turns"][2]["state_hash"] = "0" * 64
    assert_one_line_failure(capsys, write(tmp_path, d), "checksum does not match")


def test_tampered_hash_with_a_fixed_checksum_is_caught_by_replay_at_that_turn(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    d = copy.deepcopy(doc)
    d["turns"][2]["state_hash"] = "0" * 64
    line = assert_one_line_failure(
        capsys, write(tmp_path, resealed(d)), "replay diverges at turn 3"
    )
    assert "cannot restore" in line or "replay diverges" in line


def test_tampered_orders_diverge_at_that_turn(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    d = copy.deepcopy(doc)
    k = next(i for i, t in enumerate(d["turns"]) if t["orders"])
    d["turns"][k]["orders"] = d["turns"][k]["orders"][1:]
    p = write(tmp_path, resealed(d))
    code, out, _ = run_cli(capsys, "replay", str(p))
    assert code == 1 and f"replay diverges at turn {k + 1}:" in out
    with pytest.raises(SaveError, match=f"turn {k + 1}"):
        load_save(p).restore()


def test_tampered_seed_diverges_at_the_opening_or_first_turn(
    tmp_path: Path, doc: dict[str, Any]
) -> None:
    d = copy.deepcopy(doc)
    d["seed"] += 1
    check = load_save(write(tmp_path, resealed(d))).check()
    assert not check.ok and check.diverged_at in (0, 1)


def test_tampered_scenario_text(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    d = copy.deepcopy(doc)
    d["scenario"]["text"][10] += " "
    d = resealed(d)
    assert_one_line_failure(
        capsys, write(tmp_path, d), "embedded scenario does not match its sha256"
    )


def test_embedded_scenario_that_no_longer_loads(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from game.saves.format import text_sha256

    d = copy.deepcopy(doc)
    d["scenario"]["text"] = ["format = 1", "[scenario]", 'id = "x"']
    d["scenario"]["sha256"] = text_sha256("\n".join(d["scenario"]["text"]))
    assert_one_line_failure(
        capsys, write(tmp_path, resealed(d)), "the scenario in this save does not load"
    )


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda d: d.pop("seed"), "seed: missing"),
        (lambda d: d.__setitem__("seed", True), "seed: expected a whole number"),
        (lambda d: d["turns"][1].__setitem__("turn", 7), "turns[1].turn: expected turn 2, found 7"),
        (
            lambda d: d["turns"][0]["orders"].append({"actor": "a", "move": "m", "bomb": "x"}),
            "turns[0].orders",
        ),
        (lambda d: d["turns"][0]["orders"].append({"actor": "", "move": "m"}), "must not be empty"),
        (lambda d: d["turns"][0].__setitem__("state_hash", "xyz"), "expected a sha256 hex digest"),
        (lambda d: d["game"].__setitem__("kind", "pickle"), "game.kind: expected one of"),
        (
            lambda d: d.__setitem__("interventions", [{"turn": 1, "kind": "override"}]),
            "interventions[0].reason: missing",
        ),
        (lambda d: d.__setitem__("policies", {"a": 3}), "policies.a: expected a string"),
        (lambda d: d["summary"].__setitem__("over", "no"), "summary.over: expected true or false"),
        (lambda d: d.__setitem__("turns", {}), "turns: expected a list"),
        (lambda d: d["game"].__setitem__("id", "../../x"), "game.id: expected 1 to 32 letters"),
    ],
)
def test_invalid_fields_are_named(
    tmp_path: Path,
    doc: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    edit: Any,
    fragment: str,
) -> None:
    d = copy.deepcopy(doc)
    edit(d)
    assert_one_line_failure(capsys, write(tmp_path, resealed(d)), "invalid save", fragment)


# --------------------------------------------------------------------------- versions


def test_future_version(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    d = copy.deepcopy(doc)
    d["version"] = FORMAT_VERSION + 1
    d["brand_new_field"] = {"x": 1}
    line = assert_one_line_failure(
        capsys, write(tmp_path, resealed(d)), "newer Détente", "update Détente"
    )
    assert f"save format {FORMAT_VERSION + 1}" in line


def v0_document(doc: dict[str, Any]) -> dict[str, Any]:
    """The same game in the version-0 draft format (docs/saves.md)."""
    keys = ("actor", "move", "target", "second", "channel")
    return {
        "format": "detente-save",
        "version": 0,
        "saved_at": "2029-12-31T00:00:00Z",
        "scenario_id": doc["scenario"]["id"],
        "scenario_file": doc["scenario"]["file"],
        "scenario_sha256": doc["scenario"]["sha256"],
        "scenario_text": "\n".join(doc["scenario"]["text"]),
        "seed": doc["seed"],
        "player": "azuria",
        "turns": [
            {
                "turn": t["turn"],
                "orders": [[o.get(k, "") for k in keys] for o in t["orders"]],
                "state_hash": t["state_hash"],
            }
            for t in doc["turns"]
        ],
    }


def test_older_version_is_migrated_and_replays(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    p = write(tmp_path, json.dumps(v0_document(doc)))
    data = load_save(p)
    assert data.version == 0 and any("migrated from save format 0" in n for n in data.notes)
    assert data.orders() == parse_save(to_bytes(doc)).orders()
    game = data.restore()
    assert game.turns[-1].state_hash == doc["turns"][-1]["state_hash"]
    # saved again, it is written in the current format and keeps the migrated game's id
    again = load_save(write_save(tmp_path / "again.json", game, data.meta(), now=NOW))
    assert again.version == FORMAT_VERSION and again.game_id == data.game_id
    code, out, err = run_cli(capsys, "replay", str(p))
    assert code == 0 and "every state hash matches" in out and "migrated" in err


def test_broken_older_version(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    d = v0_document(doc)
    del d["scenario_text"]
    assert_one_line_failure(
        capsys, write(tmp_path, json.dumps(d)), "cannot migrate save format 0", "scenario_text"
    )
    d = v0_document(doc)
    d["turns"][0]["orders"] = [["only-actor"]]
    assert_one_line_failure(capsys, write(tmp_path, json.dumps(d)), "cannot migrate save format 0")


# --------------------------------------------------------------------------- neighbours stay usable


def test_a_bad_save_leaves_the_others_usable(
    tmp_path: Path, strait: CompiledScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.saves import SaveStore

    store = SaveStore(tmp_path)
    g = play(strait, 1, 1, 2)
    good = store.save(g, "good", SaveMeta(player="azuria"))
    write(tmp_path, b'{"format": "detente-save", "vers', "broken.json")
    infos = store.list()
    assert [(i.path.name, i.ok) for i in infos] == [("good.json", True), ("broken.json", False)]
    assert store.latest() is not None and store.latest().path == good  # type: ignore[union-attr]
    code, out, err = run_cli(capsys, "saves", "--save-dir", str(tmp_path))
    assert code == 0 and "good" in out and "unusable: " in out and "truncated" in out
    code, out, _ = run_cli(capsys, "resume", "--check", "--save-dir", str(tmp_path))
    assert code == 0 and "good.json" in out


# --------------------------------------------------------------------------- fuzzing

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "text":  # the scenario lines: sampled separately below, there are hundreds
                out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += _paths(v, (*prefix, i))
    return out


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_field_replaced_by_any_json_is_a_clean_error_or_a_valid_save(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    d = copy.deepcopy(doc)
    path = data.draw(st.sampled_from(_paths(d)))
    target = d
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = data.draw(JSON)
    try:
        save = parse_save(to_bytes(resealed(d)), "x.json")
    except SaveError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x.json: ")
        return
    try:  # it parsed: rebuilding it either works or says why in one line
        save.restore()
    except SaveError as exc:
        assert "\n" not in str(exc)
