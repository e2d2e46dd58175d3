"""Which doctrine principles play honoured and which it broke, and on which turns.

Moves carry doctrine tags (docs/authoring.md).  The report reads them this way, so the
instructor can see and challenge the reasoning (docs/debrief.md says the same):

* an accepted move without the `coercion` tag *honours* each principle it is tagged with;
* a move tagged `coercion` *breaks* restraint and mutual respect (its other tags, such
  as sovereignty, are what it claims to defend, not what it honours);
* saying one thing in public and doing another (rule `signal_vs_deed`, a credibility
  loss) breaks transparency; ignoring an ally's call (`failed_obligation`) breaks
  reciprocity; wrecking a peace process (`spoiler`) breaks consensus-building; a move
  tagged confidentiality sent through a public channel breaks confidentiality;
* breaking a ceasefire, an agreement or a constraint measure (`violation`) breaks
  restraint;
* relief is rated by how the host read it (docs/model.md § 5.7): read as humanitarian,
  it honours neutrality, and impartiality where the need is; read politically, it breaks
  neutrality when it came from a party to the conflict and impartiality when it went
  where the need is not (the rule's `value` carries the two bits);
* a move tagged `deniable` (covert and cyber action) is listed under its own heading,
  *Deniable action*, as something done, not a principle honoured: the instructor asks
  what it cost when it came out.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.compile import CompiledScenario
from game.engine.events import Event

PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("transparency", "Transparency"),
    ("mutual_respect", "Mutual respect"),
    ("consensus_building", "Consensus-building"),
    ("restraint", "Restraint"),
    ("reciprocity", "Reciprocity"),
    ("humanitarian_principles", "Humanitarian principles"),
    ("sovereignty", "Sovereignty"),
    ("non_interference", "Non-interference"),
    ("confidentiality", "Confidentiality"),
    ("non_attribution", "Non-attribution"),
    ("neutrality", "Neutrality"),
    ("impartiality", "Impartiality"),
    ("deniable", "Deniable action (done)"),
)
LABELS = dict(PRINCIPLES)
COERCION_BREAKS = ("restraint", "mutual_respect")
EVENT_BREAKS = {"signal_vs_deed": "transparency", "failed_obligation": "reciprocity", "spoiler": "consensus_building"}


@dataclass(frozen=True, slots=True)
class Hit:
    """One time a principle was honoured or broken."""

    turn: int
    actor: str
    move: str
    why: str


def doctrine_hits(cs: CompiledScenario, events: list[Event]) -> dict[str, tuple[list[Hit], list[Hit]]]:
    """principle -> (honoured, broken), each in the order play produced them."""
    out: dict[str, tuple[list[Hit], list[Hit]]] = {tag: ([], []) for tag, _ in PRINCIPLES}
    for e in events:
        if e.kind == "order":
            m = cs.moves[cs.move_index[e.move]]
            if "coercion" in m.tags:
                for tag in COERCION_BREAKS:
                    out[tag][1].append(Hit(e.turn, e.actor, m.id, f"coercive move: {m.name}"))
                if "deniable" in m.tags:
                    out["deniable"][0].append(Hit(e.turn, e.actor, m.id, m.name))
                continue
            ch = cs.channels[cs.channel_index[e.channel]] if e.channel in cs.channel_index else None
            for tag in m.tags:
                if tag == "confidentiality" and ch is not None and ch.public:
                    out[tag][1].append(Hit(e.turn, e.actor, m.id, f"{m.name} sent through a public channel ({ch.name})"))
                elif tag in out:
                    out[tag][0].append(Hit(e.turn, e.actor, m.id, m.name))
        elif e.kind == "change" and e.rule in EVENT_BREAKS and e.delta < 0 and e.metric == "credibility":
            out[EVENT_BREAKS[e.rule]][1].append(Hit(e.turn, e.actor or e.scope, e.move, e.note))
        elif e.kind == "mediation" and e.rule == "spoiler" and "wrecks" in e.note:
            out["consensus_building"][1].append(Hit(e.turn, e.actor, e.move, e.note))
        elif e.kind == "violation" and e.rule == "violation":
            out["restraint"][1].append(Hit(e.turn, e.actor, e.move, "broke a ceasefire, an agreement or a constraint"))
        elif e.kind == "note" and e.rule in ("humanitarian_principles", "political_aid"):
            # The reasons are the rule's categories, so the table's "how" column stays short.
            bits = int(e.value)
            neutral = bits & 1
            out["neutrality"][0 if neutral else 1].append(
                Hit(e.turn, e.actor, e.move, "relief" if neutral else "relief from a party to the conflict"))
            out["impartiality"][0 if bits & 2 else 1].append(
                Hit(e.turn, e.actor, e.move, "relief" if bits & 2 else "relief where the need is not"))
    return out
