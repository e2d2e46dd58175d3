"""The AAR's section per team: its actor's own objectives, obligations, channels, picture, score.

What an instructor hands a team at the debrief: its national objectives rated P/S/M/U
with the evidence (the turns it held them), the alliance calls it answered or let
fail and the red lines crossed, how it used its channels (how many messages went
public, deniable or direct), where its intelligence picture misled it, and how its
score was made.  All from the record and the replayed states.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping

from game.engine.compile import CompiledScenario
from game.engine.events import Event, describe
from game.engine.views import Result

from .history import History
from .model import FogGap, TeamObjective, TeamSection


def _rate(met: list[int], n: int, over: bool) -> tuple[str, str]:
    late = max(1, math.ceil(2 * n / 3))
    if met and met[-1] == n:
        first = met[0]
        held = met == list(range(first, n + 1))
        if held and first <= late:
            return "P", f"met on turn {first} and held to the end"
        return "S", f"met at the end, but {'late' if held else 'not throughout'} (turns {', '.join(map(str, met))})"
    if met:
        return "M", f"met on turn {met[0]}, lost by the end (held on turns {', '.join(map(str, met))})"
    if not over:
        return "", "not met yet: too early to rate"
    return "U", "not met at any point"


def team_sections(h: History, res: Result, events: list[Event], humans: Collection[str],
                  teams: Mapping[str, str], fog: list[FogGap], *, void: Collection[int] = (),
                  taken: Collection[tuple[int, str]] = ()) -> list[TeamSection]:
    """`void`: events the facilitator cancelled; `taken`: (turn, actor) orders the facilitator
    gave during a take-over — neither counts as the team's own choice."""
    cs: CompiledScenario = h.cs
    n = h.turns_played
    names = {a.id: a.name for a in cs.actors}
    w = cs.rules.interest_weight
    out = []
    for a in cs.actors:
        if a.id not in humans:
            continue
        objs = []
        for oid, text, fn, weight in a.objectives:
            met = [t for t, s in enumerate(h.after, start=1) if fn is not None and fn(s)]
            code, why = _rate(met, n, h.game.over)
            objs.append(TeamObjective(oid, text, float(weight), met, code, why))
        duty = []
        for e in events:
            if e.kind == "alliance" and (e.actor == a.id or e.target == a.id):
                duty.append(f"turn {e.turn}: {describe(e)}")
            elif e.kind == "change" and e.rule == "failed_obligation" and e.actor == a.id and e.metric == "credibility":
                duty.append(f"turn {e.turn}: failed an ally's call ({e.note})")
            elif e.kind == "redline" and e.actor == a.id:
                duty.append(f"turn {e.turn}: {describe(e)}")
        given = [e for e in events if e.kind == "order" and e.actor == a.id and e.move in cs.move_index]
        mine = [e for e in given if (e.turn, a.id) not in taken and e.seq not in void]
        by_fac = sum(1 for e in given if (e.turn, a.id) in taken)
        voided = [e for e in given if e.seq in void]
        talk = [e for e in mine if cs.moves[cs.move_index[e.move]].category in ("communication", "mediation")]
        via = Counter(cs.channels[cs.channel_index[e.channel]].name if e.channel in cs.channel_index else "no channel"
                      for e in talk)
        public = sum(1 for e in talk if e.channel in cs.channel_index and cs.channels[cs.channel_index[e.channel]].public)
        deniable = sum(1 for e in talk if e.channel in cs.channel_index
                       and cs.channels[cs.channel_index[e.channel]].deniable)
        misread = sum(1 for e in events if e.rule == "misperception" and e.actor == a.id
                      and (e.turn, a.id) not in taken)
        chans = []
        if talk:
            chans.append(f"{len(talk)} message{'s' if len(talk) != 1 else ''}: {public} through public channels "
                         f"(audience costs), {deniable} deniable (Track II), {len(talk) - public - deniable} direct "
                         "and private")
            chans.append("by channel: " + ", ".join(f"{k} {v}" for k, v in via.most_common()))
        else:
            chans.append("no messages: it communicated by deeds only")
        military = sum(1 for e in mine if cs.moves[cs.move_index[e.move]].category == "military")
        if military:
            chans.append(f"{military} military signal{'s' if military != 1 else ''} (each climbs the ladder)")
        if misread:
            chans.append(f"{misread} of its messages {'was' if misread == 1 else 'were'} misread by the receiver")
        if voided:
            chans.append("cancelled by the facilitator (not counted above): "
                         + ", ".join(f"turn {e.turn} {cs.moves[cs.move_index[e.move]].name}" for e in voided))
        if by_fac:
            chans.append(f"{by_fac} order{'s' if by_fac != 1 else ''} given by the facilitator during a take-over "
                         "(not counted above)")
        gaps = [g for g in fog if g.observer == a.id]
        fog_lines = [f"turn {g.turn}: believed {g.subject_name}'s {g.metric.replace('_', ' ')} ≈{g.estimate:.0f}, "
                     f"truly {g.true:.0f}" + (" — and acted on it" if g.acted_on else "") for g in gaps[:4]]
        sc = next(x for x in res.scores if x.actor == a.id)
        how = (f"{w:g} × national interest {sc.interest:.0f} + {1 - w:g} × stability {sc.stability:.0f} = {sc.score:.1f}; "
               f"national interest is the weighted share of its objectives met at the end")
        out.append(TeamSection(a.id, names[a.id], teams.get(a.id, ""), objs, duty, chans, fog_lines, sc.score,
                               sc.interest, sc.stability, how))
    return out
