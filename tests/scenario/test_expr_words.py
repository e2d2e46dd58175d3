"""Conditions in words: what a locked move tells a player instead of the expression."""

from __future__ import annotations

import pytest

from game.scenario.expr_words import in_words

NAMES = {("actor", "blue"): "Azuria", ("actor", "red"): "Corvania", ("move", "hotline"): "Establish a hotline",
         ("inject", "storm"): "Storm season", ("channel", "hotline"): "hotline", ("treaty", "pact"): "Northern Compact"}


def name(kind: str, ident: str) -> str:
    return NAMES.get((kind, ident), ident.replace("_", " "))


@pytest.mark.parametrize(("source", "words"), [
    ("flag(dialogue_convened)", "‘dialogue convened’"),
    ("flag(a_b) and not flag(c_d)", "‘a b’ and not ‘c d’"),
    ("turn >= 2", "from turn 2"),
    ("turn < 4", "before turn 4"),
    ("stage(blue, red) >= 1", "talks (or more) between Azuria and Corvania"),
    ("stage(blue, red) >= 3", "an agreement between Azuria and Corvania"),
    ("stage(blue, red) == 0", "no peace process between Azuria and Corvania"),
    ("tension(blue, red) > 70", "tension between Azuria and Corvania is above 70"),
    ("used(hotline, blue)", "Azuria has used ‘Establish a hotline’"),
    ("used_on(hotline, blue, red)", "Azuria has used ‘Establish a hotline’ on Corvania"),
    ("count(hotline) >= 2", "‘Establish a hotline’ has been used at least 2 times"),
    ("credibility(red) < 40.5", "Corvania’s credibility is below 40.5"),
    ("(flag(x) or turn >= 5) and humanitarian < 60",
     "(‘x’ or from turn 5) and the humanitarian situation is below 60"),
    ("channel_open(hotline, blue, red)", "a hotline open between Azuria and Corvania"),
    ("fired(storm)", "‘Storm season’ has happened"),
    ("treaty_active(pact)", "Northern Compact in force"),
])
def test_conditions_read_as_words(source: str, words: str) -> None:
    assert in_words(source, name) == words


def test_what_does_not_parse_stays_as_written() -> None:
    assert in_words("flag(", name) == "flag("
