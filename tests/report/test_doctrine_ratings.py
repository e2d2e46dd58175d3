"""The after-action review's doctrine table rates the principles issue 14 added from
what the engine decided (docs/debrief.md): relief by how the host read it, a broken
ceasefire as a break of restraint, deniable action as its own heading."""

from __future__ import annotations

from engine_helpers import O, actor, play, rel, scenario

from game.engine.game import Game
from game.report.doctrine import doctrine_hits


def _relief_hits(donor_kind: str, need: float, party: bool) -> dict[str, tuple[int, int]]:
    cs = scenario(actor("donor", kind=donor_kind), actor("host", need=need), actor("rival"),
                  rel("donor", "host", trust=50, tension=30), rel("donor", "rival", tension=60 if party else 10),
                  rel("host", "rival", tension=20))
    g = play(cs, [[O("donor", "disaster_relief", "host")]])
    hits = doctrine_hits(cs, g.events())
    return {k: (len(hits[k][0]), len(hits[k][1])) for k in ("neutrality", "impartiality")}


def test_relief_where_the_need_is_from_outside_the_conflict_honours_both() -> None:
    assert _relief_hits("state", 80, party=False) == {"neutrality": (1, 0), "impartiality": (1, 0)}


def test_relief_from_a_party_breaks_neutrality_not_impartiality() -> None:
    assert _relief_hits("state", 80, party=True) == {"neutrality": (0, 1), "impartiality": (1, 0)}


def test_relief_where_there_is_no_need_breaks_impartiality() -> None:
    assert _relief_hits("state", 0, party=False) == {"neutrality": (1, 0), "impartiality": (0, 1)}


def test_relief_from_an_ngo_to_a_host_without_need_is_neutral_but_not_impartial() -> None:
    hits = _relief_hits("ngo", 0, party=True)
    assert hits == {"neutrality": (1, 0), "impartiality": (0, 1)}


def test_a_violated_ceasefire_breaks_restraint() -> None:
    cs = scenario(actor("blue"), actor("red"), actor("forum", kind="io"), rel("blue", "red", trust=50, tension=50),
                  rel("forum", "blue", trust=60), rel("forum", "red", trust=60))
    g = Game.new(cs, 1)
    g.state.stage[cs.pair[0][1]] = 2
    g.play([O("blue", "cyber_operation", "red")])
    broken = doctrine_hits(cs, g.events())["restraint"][1]
    assert ("blue", "cyber_operation", "broke a ceasefire, an agreement or a constraint") in [
        (h.actor, h.move, h.why) for h in broken], "besides the coercive move's own break"


def test_deniable_action_is_listed_as_done_not_as_a_principle_broken() -> None:
    cs = scenario(actor("blue"), actor("red"), rel("blue", "red"))
    g = play(cs, [[O("blue", "cyber_operation", "red")]])
    done, broken = doctrine_hits(cs, g.events())["deniable"]
    assert [h.move for h in done] == ["cyber_operation"] and not broken
