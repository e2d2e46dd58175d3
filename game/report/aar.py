"""Build the after-action review (AAR) of a game: finished or still in progress.

`build_aar(game)` returns an `AAR` dataclass tree (see `game.report.model`) with every
section an HSEEP-style AAR/IP needs, computed from the game's scenario, seed and orders.
It does no I/O and no formatting: the Markdown, HTML and JSON exports and the TUI debrief
screen all render the same object, so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from game.engine.compile import CompiledScenario
from game.engine.events import Event, chain, describe
from game.engine.game import Game
from game.engine.rules import Order
from game.engine.state import ACTOR_METRICS
from game.engine.views import Result, picture

from . import automated
from .doctrine import PRINCIPLES, doctrine_hits
from .history import History, Values, replay_history
from .model import (
    AAR,
    RATINGS,
    ActorInfo,
    CauseChain,
    CauseStep,
    ChannelUse,
    Charts,
    Comparison,
    Crossing,
    DebriefPoint,
    Decision,
    DoctrineHit,
    EvaluatorNote,
    Fog,
    FogGap,
    ImprovementRow,
    InjectEntry,
    InterventionEntry,
    Misreading,
    ObjectiveMet,
    ObjectiveReview,
    Outcome,
    Overview,
    PairSeries,
    PolicyComparison,
    PrincipleRow,
    ScoreRow,
    SignalGap,
    StateLine,
    TurnEntry,
    TurningPoint,
)
from .msel import msel_as_played
from .root_cause import plan_rows, root_causes
from .team import team_sections
from .text import crossings_by_threshold, evaluator_line

__all__ = ["AAR", "build_aar", "RATINGS"]

#: Estimates off by at least this much (points on the 0-100 scales) count as misleading.
FOG_THRESHOLD = 6.0
FOG_SHOWN = 12
TURNING_POINTS = 3
HAPPENING_KINDS = ("deliver", "mediation", "alliance", "threshold", "redline", "debrief", "ending")


def build_aar(
    game: Game,
    *,
    date: str = "",
    humans: Collection[str] | None = None,
    policies: Mapping[str, str] | None = None,
    teams: Mapping[str, str] | None = None,
    bot_runs: int = 40,
    record: Mapping[str, Any] | None = None,
    team: tuple[str, str] | None = None,
) -> AAR:
    """The whole AAR of `game`.

    What the engine does not know comes from the save when there is one: `date`, the
    actors `humans` played (default: those the scenario marks human), the bot `policies`
    actually used (default: each actor's personality) and `teams` (actor id -> team name,
    classroom mode).  `bot_runs` games per policy are played for the comparison with
    automated play (0 skips it; 40 keep the report within a few seconds).  `record` is a
    classroom's own record (`game.classroom.record.classroom_record`): who gave each
    order, when, how each turn closed and who held — the AAR says so for every turn.
    `team` = (team name, actor) makes that team's own copy: every section is built from
    the events the team could see (game.classroom.visibility decides), the controller
    sections (overrides, evaluator notes) are left out, and the MSEL and hot wash keep
    only what reached the team.
    """
    h = replay_history(game)
    cs = h.cs
    void = _cancelled(h.game)
    if team is not None:
        h = _seen_by(h, team[1])
        humans = [team[1]]
        teams = {team[1]: team[0]}
    human = set(humans) if humans is not None else {a.id for a in cs.actors if a.control == "human"}
    seats = _Seats(human, dict(policies or {}), dict(teams or {}))
    res = h.game.result()
    events = h.events()
    warnings: list[str] = []
    if h.diverged_at:
        warnings.append(
            f"Replaying this game from its seed and orders gave a different state on turn {h.diverged_at} "
            "than the one recorded; the figures below come from the replay."
        )
    if not h.game.over:
        warnings.append(f"The game is still in progress (turn {h.game.turn} of {cs.turns}): results are 'so far'.")
    names = {a.id: a.name for a in cs.actors}
    objectives = _objectives(h, res)
    fired = _debrief_points(cs, res)
    signal = _signal_gaps(events, names)
    outcome = _outcome(cs, res, h.game.over)
    comparison = _comparison(cs, game.seed, res, bot_runs, seats)
    if comparison.note:
        warnings.append(comparison.note)
    strengths, afis, plan = _summary(objectives, fired, outcome, signal)
    fog = _fog(h, seats)
    taken = _taken_over(record or {})
    turning = _turning_points(h, events, void)
    causes = root_causes(cs, events, turning)
    afis[:0] = [f"{c.area}. Doctrine: {c.principle}. Suggested ({c.element}): {c.action}." for c in causes]
    plan[:0] = plan_rows(causes)
    notes = [] if team is not None else _evaluator_notes(cs, (record or {}).get("notes") or [], seats)
    if team is not None:
        from game.classroom.visibility import for_scenario

        points = for_scenario(cs).points
        fired = [d for d in fired if points.get(d.id, ()) is None or team[1] in (points.get(d.id) or ())]
        strengths, afis, plan = _summary(objectives, fired, outcome, signal)
        afis[:0] = [f"{c.area}. Doctrine: {c.principle}. Suggested ({c.element}): {c.action}." for c in causes]
        plan[:0] = plan_rows(causes)
        warnings.insert(0, f"Team {team[0]}'s copy: only what {names.get(team[1], team[1])} could see; the "
                           "controller's sections are not in it.")
    timeline = _timeline(h, events, names, record or {}, seats)
    for entry in timeline:
        for d in entry.decisions:
            if d.seq in void:
                d.cancelled = True
                d.effects = [f"cancelled by the facilitator: {x}" for x in d.effects] or ["cancelled by the facilitator"]
    for n in notes:
        if 1 <= n.turn <= len(timeline):
            timeline[n.turn - 1].notes.append(evaluator_line(n))
    return AAR(
        overview=_overview(h, date, seats),
        outcome=outcome,
        strengths=strengths,
        areas_for_improvement=afis,
        objectives=objectives,
        timeline=timeline,
        turning_points=turning,
        charts=_charts(h),
        channels=_channels(cs, events),
        doctrine=_doctrine(cs, events),
        signal_gaps=signal,
        fog=fog,
        debrief=fired,
        comparison=comparison,
        improvement_plan=plan,
        interventions=[] if team is not None else _interventions(h, names, seats),
        warnings=warnings,
        evaluator_notes=notes,
        msel=msel_as_played(cs, events, human, seats.teams, only=team[1] if team is not None else "", taken=taken),
        teams=team_sections(h, res, events, human, seats.teams, fog.gaps, void=void, taken=taken),
    )


# --------------------------------------------------------------------------- helpers


def pair_label(cs: CompiledScenario, pair: str) -> str:
    """'azuria~corvania' -> 'Azuria – Corvania'."""
    return " – ".join(cs.actors[cs.actor_index[x]].name if x in cs.actor_index else x for x in pair.split("~"))


def _scope_label(cs: CompiledScenario, scope: str) -> str:
    if not scope:
        return ""
    if "~" in scope:
        return pair_label(cs, scope)
    return cs.actors[cs.actor_index[scope]].name if scope in cs.actor_index else scope


def _line(v: Values, p: int) -> StateLine:
    return StateLine(
        round(v.stability, 1), v.rung,
        None if p < 0 else round(v.trust[p], 1), None if p < 0 else round(v.tension[p], 1),
    )


def _turn_window(h: History, turn: int) -> list[Event]:
    """Every event that belongs to a turn: its briefing and its adjudication."""
    src = h.game.opening if turn == 1 else (h.game.turns[turn - 2].events if turn - 2 < len(h.game.turns) else [])
    out = [e for e in src if e.turn == turn]
    if turn - 1 < len(h.game.turns):
        out += [e for e in h.game.turns[turn - 1].events if e.turn == turn]
    return out


# --------------------------------------------------------------------------- overview & outcome


@dataclass
class _Seats:
    """Who sat at each actor: the humans, the bots' policies, team names."""

    humans: set[str]
    policies: dict[str, str]
    teams: dict[str, str]

    def compared(self, cs: CompiledScenario) -> list[str]:
        """The actors whose play the report judges: the humans', or everyone's in an all-bot game."""
        return [a.id for a in cs.actors if a.id in self.humans] or [a.id for a in cs.actors]


def readable_date(stamp: str) -> str:
    """'2026-11-22T01:38:24.640022Z' -> '22 Nov 2026, 01:38 UTC' (anything else unchanged)."""
    from datetime import datetime

    if "T" not in stamp:
        return stamp  # a plain date (or free text) the caller chose: keep it as given
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    zone = "UTC" if when.utcoffset() is not None and not when.utcoffset() else (when.strftime("%z") or "")
    return f"{when.day} {when:%b %Y, %H:%M} {zone}".strip()


def _overview(h: History, date: str, seats: _Seats) -> Overview:
    cs = h.cs
    actors = []
    for a in cs.actors:
        human = a.id in seats.humans
        policy = "" if human else seats.policies.get(a.id, a.personality)
        who = "human player" if human else f"bot ({policy.replace('_', ' ')})"
        if a.id in seats.teams:
            who = f"{seats.teams[a.id]} — {who}"
        actors.append(ActorInfo(a.id, a.name, a.kind, "human" if human else "bot", policy, who))
    return Overview(
        cs.id, cs.title, cs.summary, cs.difficulty, h.game.seed, readable_date(date), h.turns_played, cs.turns,
        cs.turn_length,
        h.game.over, actors,
    )


def _rung_name(cs: CompiledScenario, rung: int) -> str:
    return cs.ladder[rung] if 0 <= rung < len(cs.ladder) else f"Rung {rung}"


def _outcome(cs: CompiledScenario, res: Result, final: bool) -> Outcome:
    names = {a.id: a.name for a in cs.actors}
    scores = [
        ScoreRow(s.actor, names[s.actor], s.interest, s.stability, s.score, [ObjectiveMet(*o) for o in s.objectives])
        for s in res.scores
    ]
    return Outcome(
        final, res.band_id, res.band, res.band_text, res.ending_id, res.ending, res.ending_text, res.stability,
        res.rung, _rung_name(cs, res.rung), res.max_rung, _rung_name(cs, res.max_rung),
        [Crossing(t, r, n) for t, r, n in res.crossings], scores,
    )


# --------------------------------------------------------------------------- objectives


def _objectives(h: History, res: Result) -> list[ObjectiveReview]:
    """Each learning objective, followed turn by turn, with a proposed P/S/M/U rating."""
    cs = h.cs
    n = h.turns_played
    late = max(1, math.ceil(2 * n / 3))
    out = []
    for o, (_oid, text, status) in zip(cs.objectives, res.learning, strict=True):
        met_t = [t for t, s in enumerate(h.after, start=1) if o.when is not None and o.when(s)]
        part_t = [t for t, s in enumerate(h.after, start=1) if o.extra is not None and o.extra(s)]
        if status == "unmeasured":
            code, why = "", "The scenario gives no measure for this objective: rate it from what you observed."
        elif status == "met":
            first = met_t[0] if met_t else n
            held = met_t == list(range(first, n + 1))
            if held and first <= late:
                code, why = "P", f"Met on turn {first} and held to the end."
            elif not held:
                lost = next(t for t in range(first, n + 1) if t not in met_t)
                code, why = "S", f"Met on turn {first}, lost on turn {lost}, met again by the end."
            else:
                code, why = "S", f"Met late: only from turn {first} of {n}."
        elif met_t:
            code = "M"
            why = f"Met on turn {met_t[0]} but lost by the end" + (" (partly met at the end)." if status == "partly" else ".")
        elif status == "partly":
            code, why = "M", "Partly met: the partial measure held at the end, not the full target."
        elif not h.game.over:
            code, why = "", f"Not met yet (turn {h.game.turn} of {cs.turns}): too early to rate."
        else:
            code, why = "U", "Not met at any point in the game."
        out.append(ObjectiveReview(o.id, text, status, met_t, part_t, code, RATINGS.get(code, "For the instructor to rate"), why))
    return out


# --------------------------------------------------------------------------- timeline


def _children(events: list[Event]) -> dict[int, list[Event]]:
    kids: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        if e.parent >= 0:
            kids[e.parent].append(e)
    return kids


def _effects(cs: CompiledScenario, root: Event, kids: dict[int, list[Event]]) -> list[str]:
    """What an order led to, summed per metric and scope; latency and misreadings in words."""
    sums: dict[tuple[str, str, int], float] = {}
    notes: list[str] = []
    stack = list(kids.get(root.seq, []))
    seen: set[int] = set()
    while stack:
        e = stack.pop(0)
        if e.seq in seen:
            continue
        seen.add(e.seq)
        stack.extend(kids.get(e.seq, []))
        if e.kind == "change":
            key = (e.metric, e.scope, e.turn)
            sums[key] = sums.get(key, 0.0) + e.delta
        elif e.kind == "note" and e.rule in ("misperception", "latency", "channel_opened", "intel_sharing"):
            notes.append(e.note)
        elif e.kind in ("mediation", "threshold", "alliance"):
            notes.append(e.note)
    out = list(notes)
    for (metric, scope, turn), d in sums.items():
        if abs(d) < 0.05:
            continue
        where = _scope_label(cs, scope)
        when = f" (turn {turn})" if turn != root.turn else ""
        amount = f"{d:+.1f}".replace("-", "−")
        out.append(f"{metric.replace('_', ' ')}{' ' + where if where else ''} {amount}{when}")
    return out


CLOSED_WORDS = {"all_in": "every team was in", "facilitator": "the facilitator closed the turn",
                "clock": "the clock ran out"}
HELD_WORDS = {"clock": "time ran out", "facilitator": "the facilitator closed the turn"}


def _timeline(h: History, events: list[Event], names: dict[str, str], record: Mapping[str, Any] | None = None,
              seats: _Seats | None = None) -> list[TurnEntry]:
    cs = h.cs
    kids = _children(events)
    turns_rec = (record or {}).get("turns") or {}
    policies = (record or {}).get("policies") or {}
    teams = seats.teams if seats is not None else {}
    out = []
    for t in range(1, h.turns_played + 1):
        start = Values.of(h.starts[t - 1])
        end = h.ends[t - 1]
        window = _turn_window(h, t)
        white = [e for e in h.game.intervention_events if e.turn == t]  # the white cell's, before the orders
        injects = []
        for e in sorted([*window, *white], key=lambda x: x.seq):
            if e.kind == "inject" and e.inject in cs.inject_index:
                k = cs.injects[cs.inject_index[e.inject]]
                to = "all" if e.seen_by is None else ", ".join(names.get(x, x) for x in e.seen_by)
                injects.append(InjectEntry(t, k.id, k.title, k.text, k.kind, to))
            elif e.kind == "inject" and e.inject == "adhoc":  # the white cell's own news (never its rationale)
                to = "all" if e.seen_by is None else ", ".join(names.get(x, x) for x in e.seen_by)
                title, _, text = e.note.partition(": ")
                injects.append(InjectEntry(t, "adhoc", title, text, "white cell", to))
        rec = h.game.turns[t - 1]
        said = [e for e in rec.events if e.turn == t and e.kind in ("order", "reject")]  # one per order, in order
        decisions = [_decision(cs, e, o, start, end, kids, names) for e, o in zip(said, rec.orders, strict=False)]
        happenings = [describe(e) for e in window if e.kind in HAPPENING_KINDS]
        happenings += [f"From the white cell: {e.note.split(' — ', 1)[1]}" for e in white
                       if e.kind == "note" and e.rule == "override" and " — " in e.note]
        entry = TurnEntry(t, _line(start, -1), _line(end, -1), injects, decisions, happenings)
        closing = turns_rec.get(str(t)) if isinstance(turns_rec, Mapping) else None
        if isinstance(closing, Mapping):
            _honest(entry, closing, policies if isinstance(policies, Mapping) else {}, teams, names)
        out.append(entry)
    return out


def _evaluator_notes(cs: CompiledScenario, raw: Any, seats: _Seats) -> list[EvaluatorNote]:
    """The facilitator's notes from the classroom record, with the team's actor and objective named."""
    actor_of = {team: actor for actor, team in seats.teams.items()}
    out = []
    for n in raw if isinstance(raw, list) else []:
        if not isinstance(n, Mapping):
            continue
        team = str(n.get("team", "") or "")
        actor = actor_of.get(team, "")
        name = cs.actors[cs.actor_index[actor]].name if actor in cs.actor_index else ""
        obj = str(n.get("objective", "") or "")
        obj_text = ""
        if actor in cs.actor_index and obj:
            obj_text = next((o[1] for o in cs.actors[cs.actor_index[actor]].objectives if o[0] == obj), obj)
        turn = n.get("turn", 0)
        out.append(EvaluatorNote(int(turn) if isinstance(turn, int) else 0, team, actor, name, obj, obj_text,
                                 str(n.get("text", "")), str(n.get("at", ""))))
    return out


def _honest(entry: TurnEntry, closing: Mapping[str, Any], policies: Mapping[str, Any], teams: Mapping[str, str],
            names: dict[str, str]) -> None:
    """Who gave each order and who held, from the classroom's record (never guessed)."""
    given = closing.get("orders") or {}
    for d in entry.decisions:
        by = given.get(d.actor) if isinstance(given, Mapping) else None
        if isinstance(by, Mapping):
            who = str(by.get("by", ""))
            d.submitted_at = str(by.get("at", ""))
            when = readable_date(d.submitted_at).split(", ")[-1] if d.submitted_at else ""
            d.given_by = ("the facilitator (take-over)" if who == "facilitator" else f"team {who}") + \
                (f", in at {when}" if when else "")
        else:
            d.given_by = f"the computer ({policies.get(d.actor, 'bot')})"
    how = str(closing.get("closed_by", ""))
    entry.closed = CLOSED_WORDS.get(how, how)
    for actor in closing.get("held") or []:
        a = str(actor)
        team = f" (team {teams[a]})" if a in teams else ""
        entry.held.append(f"{names.get(a, a)}{team}: {HELD_WORDS.get(how, 'gave no orders')}")


def _decision(
    cs: CompiledScenario, e: Event, o: Order, start: Values, end: Values, kids: dict[int, list[Event]],
    names: dict[str, str],
) -> Decision:
    m = cs.moves[cs.move_index[e.move]] if e.move in cs.move_index else None
    ch = cs.channels[cs.channel_index[e.channel]] if e.channel in cs.channel_index else None
    second = o.second
    ids = cs.actor_index
    p = -1
    if second and o.target in ids and second in ids and o.target != second:
        p = cs.pair[ids[o.target]][ids[second]]  # pair moves (mediation) concern the two parties
    elif e.actor in ids and o.target in ids and e.actor != o.target:
        p = cs.pair[ids[e.actor]][ids[o.target]]
    pair = cs.pair_names[p] if p >= 0 else ""
    accepted = e.kind == "order"
    return Decision(
        e.turn, e.actor, names.get(e.actor, e.actor), e.move, m.name if m else e.move, e.channel,
        ch.name if ch else "", e.target, names.get(e.target, e.target), second, names.get(second, second), accepted, e.note, pair,
        _line(start, p), _line(end, p), _effects(cs, e, kids) if accepted else [], list(m.tags) if m else [],
        seq=e.seq,
    )


# --------------------------------------------------------------------------- facilitator interventions

KIND_LABELS = {
    "set_metric": "Metric set",
    "cancel_event": "Effect of an event cancelled",
    "release_inject": "Inject released",
    "adhoc_inject": "Ad-hoc inject",
    "extend": "Exercise extended",
    "end": "Exercise ended",
}


def _interventions(h: History, names: dict[str, str], seats: _Seats) -> list[InterventionEntry]:
    """Each facilitator override with the facts its events record.

    The replay applies the interventions in their recorded order, and each one's events
    start with its 'override' note (a root), so the event log splits into one group per
    intervention, matched by position.
    """
    cs = h.cs
    groups: list[list[Event]] = []
    for e in h.game.intervention_events:
        if not groups or (e.kind == "note" and e.rule == "override" and e.parent < 0):
            groups.append([])
        groups[-1].append(e)
    out = []
    for n, iv in enumerate(h.game.interventions):
        group = groups[n] if n < len(groups) else []
        root = group[0] if group else None
        seen = root.seen_by if root is not None else None
        if seen is None:  # a private inject's note may have been logged public (older saves): take the inject's
            seen = next((e.seen_by for e in group if e.kind == "inject" and e.seen_by is not None), None)
        who = [f"{names.get(x, x)} ({seats.teams[x]})" if x in seats.teams else names.get(x, x) for x in seen or ()]
        out.append(InterventionEntry(
            iv.turn, iv.kind, KIND_LABELS.get(iv.kind, iv.kind.replace("_", " ")), iv.reason,
            _intervention_changes(cs, iv.kind, iv.payload, group), seen is None, list(seen or ()),
            "public" if seen is None else "private: " + ", ".join(who), root.seq if root is not None else -1,
            dict(iv.payload),
        ))
    return out


def _intervention_changes(cs: CompiledScenario, kind: str, payload: Mapping[str, object], group: list[Event]) -> list[str]:
    """What one intervention did, in words: injects, metric changes (summed, with the value after), turns."""
    out: list[str] = []
    if kind == "cancel_event":
        out.append(f"reversed the changes of event #{payload.get('event')}")
    for e in group:
        if e.kind == "inject":
            out.append(("ad-hoc inject: " if e.inject == "adhoc" else "inject released: ") + e.note)
    sums: dict[tuple[str, str], list[float]] = {}
    for e in group:
        if e.kind == "change":
            acc = sums.setdefault((e.metric, e.scope), [0.0, e.value])
            acc[0] += e.delta
            acc[1] = e.value
    for (metric, scope), (d, value) in sums.items():
        if abs(d) < 0.05:
            continue
        where = _scope_label(cs, scope)
        if metric == "rung":
            amount, after = f"{int(round(d)):+d}".replace("-", "−"), f"{int(value)} ({_rung_name(cs, int(value))})"
        else:
            amount, after = f"{d:+.1f}".replace("-", "−"), f"{value:.1f}"
        out.append(f"{metric.replace('_', ' ')}{' ' + where if where else ''} {amount} → {after}")
    out += [describe(e) for e in group if e.kind in ("threshold", "redline", "alliance")]
    if kind == "extend":
        try:
            extra = int(float(str(payload.get("turns", 1))))  # as the engine reads it
        except ValueError:
            extra = 1
        out.append(f"exercise extended by {extra} turn{'s' if extra != 1 else ''}")
    elif kind == "end":
        out.append("exercise ended")
    return out


# --------------------------------------------------------------------------- turning points


def _stability_weight(cs: CompiledScenario, e: Event) -> float:
    """How much a change moves the stability index's structural target (see docs/model.md)."""
    np_ = len(cs.pairs) or 1
    if e.metric == "tension":
        return -0.55 * e.delta / np_
    if e.metric == "trust":
        return 0.25 * e.delta / np_
    if e.metric == "rung":
        return -45.0 * e.delta / cs.max_rung
    if e.metric == "stability" and e.rule != "stability":
        return e.delta
    if e.metric == "humanitarian":
        return 0.1 * e.delta
    if e.metric == "misinformation":
        return -0.1 * e.delta
    return 0.0


def _seen_by(h: History, actor: str) -> History:
    """The history as one team could know it: the same states, only the events it saw."""
    import copy

    from game.classroom.access import Credential
    from game.classroom.visibility import seat_events
    from game.engine.game import TurnRecord

    allowed = {e.seq for e in seat_events(h.game, Credential("team", "", actor))}
    g = copy.copy(h.game)
    g.opening = [e for e in h.game.opening if e.seq in allowed]
    g.intervention_events = [e for e in h.game.intervention_events if e.seq in allowed]
    turns = []
    for rec in h.game.turns:
        said = [e for e in rec.events if e.turn == rec.turn and e.kind in ("order", "reject")]  # one per order
        orders = [o for o, e in zip(rec.orders, said, strict=False) if e.seq in allowed]
        turns.append(TurnRecord(rec.turn, orders, [e for e in rec.events if e.seq in allowed], rec.state_hash))
    g.turns = turns
    return dataclasses.replace(h, game=g, orders=[list(t.orders) for t in turns])


def _taken_over(record: Mapping[str, Any]) -> set[tuple[int, str]]:
    """(turn, actor) of every order set the facilitator gave during a take-over (classroom record)."""
    out: set[tuple[int, str]] = set()
    turns = record.get("turns") or {}
    if not isinstance(turns, Mapping):
        return out
    for t, rec in turns.items():
        given = rec.get("orders") if isinstance(rec, Mapping) else None
        if isinstance(given, Mapping):
            for actor, by in given.items():
                if isinstance(by, Mapping) and by.get("by") == "facilitator" and str(t).isdigit():
                    out.add((int(t), str(actor)))
    return out


def _cancelled(g: Game) -> set[int]:
    """Every event whose effect the facilitator cancelled, and everything descending from it."""
    roots: set[int] = set()
    for iv in g.interventions:
        if iv.kind == "cancel_event":
            try:
                roots.add(int(float(str(iv.payload.get("event", -1)))))
            except ValueError:
                continue
    if not roots:
        return set()
    out = set(roots)
    for e in g.events():  # parents come first
        if e.parent in out and e.rule != "override":
            out.add(e.seq)
    return out


def _turning_points(h: History, events: list[Event], void: set[int] | None = None) -> list[TurningPoint]:
    cs = h.cs
    void = void or set()
    if not h.ends:
        return []
    assert h.opening is not None
    prev = [h.opening] + h.ends[:-1]
    swings_s = sorted(
        ((t, p.stability, e.stability) for t, (p, e) in enumerate(zip(prev, h.ends, strict=True), start=1)
         if abs(e.stability - p.stability) >= 1.0),
        key=lambda x: -abs(x[2] - x[1]),
    )[:TURNING_POINTS]
    swings_r = sorted(
        ((t, float(p.rung), float(e.rung)) for t, (p, e) in enumerate(zip(prev, h.ends, strict=True), start=1)
         if e.rung != p.rung),
        key=lambda x: -abs(x[2] - x[1]),
    )[:TURNING_POINTS]
    out = []
    for metric, swings in (("stability", swings_s), ("rung", swings_r)):
        for t, a, b in swings:
            d = b - a
            window = [e for e in _turn_window(h, t) if e.kind == "change" and e.seq not in void]  # never a cancelled cause
            if metric == "stability":
                scored = [(_stability_weight(cs, e), e) for e in window]
                summary = f"Stability {'rose' if d > 0 else 'fell'} {abs(d):.1f} on turn {t} ({a:.1f} → {b:.1f})"
            else:
                scored = [(e.delta, e) for e in window if e.metric == "rung"]
                summary = (f"Escalation {'climbed' if d > 0 else 'came down'} on turn {t}: rung {int(a)} "
                           f"({_rung_name(cs, int(a))}) → rung {int(b)} ({_rung_name(cs, int(b))})")
            same = sorted((x for x in scored if x[0] * d > 0), key=lambda x: -abs(x[0]))[:4]
            causes = _group_chains(events, [e for _, e in same])
            out.append(TurningPoint(t, metric, round(a, 1), round(b, 1), round(d, 1), summary, causes))
    out.sort(key=lambda tp: (tp.turn, tp.metric != "rung"))
    return out


def _group_chains(events: list[Event], changes: list[Event]) -> list[CauseChain]:
    """One chain per cause, with all the changes it made listed under it (not one chain per change)."""
    groups: dict[tuple[int, ...], CauseChain] = {}
    for c in changes:
        steps = chain(events, c.seq)[:-1]
        key = tuple(x.seq for x in steps)
        if key not in groups:
            groups[key] = CauseChain([CauseStep(x.seq, x.turn, x.kind, describe(x)) for x in steps], [])
        groups[key].changes.append(describe(c))
    return list(groups.values())


# --------------------------------------------------------------------------- charts, channels, doctrine


def _charts(h: History) -> Charts:
    cs = h.cs
    assert h.opening is not None
    vals = [h.opening] + h.ends
    pairs = [
        PairSeries(name, pair_label(cs, name), [round(v.trust[p], 1) for v in vals], [round(v.tension[p], 1) for v in vals])
        for p, name in enumerate(cs.pair_names)
    ]
    return Charts(
        list(range(len(vals))), [round(v.stability, 1) for v in vals], [v.rung for v in vals], cs.max_rung,
        [Crossing(0, r, n) for r, n in cs.thresholds], pairs,
    )


def _channels(cs: CompiledScenario, events: list[Event]) -> list[ChannelUse]:
    uses: Counter[str] = Counter()
    by: dict[str, Counter[str]] = defaultdict(Counter)
    misread: Counter[str] = Counter()
    inverted: Counter[str] = Counter()
    for e in events:
        if e.kind == "order":
            uses[e.channel] += 1
            by[e.channel][e.actor] += 1
        elif e.kind == "note" and e.rule == "misperception":
            misread[e.channel] += 1
            if e.factor < 0:
                inverted[e.channel] += 1
    out = [
        ChannelUse(c.id, c.name, c.public, c.latency, uses[c.id], dict(sorted(by[c.id].items())), misread[c.id], inverted[c.id])
        for c in cs.channels if uses[c.id]
    ]
    out.sort(key=lambda c: -c.uses)
    if uses[""]:
        out.append(ChannelUse("", "No channel (deeds)", False, 0, uses[""], dict(sorted(by[""].items())), 0, 0))
    return out


def _doctrine(cs: CompiledScenario, events: list[Event]) -> list[PrincipleRow]:
    hits = doctrine_hits(cs, events)
    names = {a.id: a.name for a in cs.actors}
    rows = []
    for tag, label in PRINCIPLES:
        hon, brk = hits[tag]
        if hon or brk:
            rows.append(PrincipleRow(tag, label, [DoctrineHit(x.turn, x.actor, names.get(x.actor, x.actor), x.move, x.why) for x in hon],
                                     [DoctrineHit(x.turn, x.actor, names.get(x.actor, x.actor), x.move, x.why) for x in brk]))
    return rows


def _signal_gaps(events: list[Event], names: dict[str, str]) -> list[SignalGap]:
    return [
        SignalGap(e.turn, e.scope, names.get(e.scope, e.scope), e.note, round(e.delta, 1))
        for e in events if e.kind == "change" and e.rule == "signal_vs_deed"
    ]


# --------------------------------------------------------------------------- fog of war


def _fog(h: History, seats: _Seats) -> Fog:
    """Where the intelligence picture a player decided on was furthest from the truth."""
    cs = h.cs
    humans = seats.compared(cs)
    gaps: list[FogGap] = []
    for t, s in enumerate(h.starts, start=1):
        played = h.game.turns[t - 1].orders if t - 1 < len(h.game.turns) else []
        for obs in humans:
            mine = [o for o in played if o.actor == obs]
            aimed = {x for o in mine for x in (o.target, o.second) if x}
            between = {frozenset((o.target, o.second)) for o in mine if o.target and o.second}
            pic = picture(cs, s, obs, h.game.seed)
            oname = cs.actors[cs.actor_index[obs]].name
            for a in cs.actors:
                if a.id == obs:
                    continue
                for mi, metric in enumerate(ACTOR_METRICS):
                    est = pic.actors[a.id][metric]
                    true = s.am[mi][a.idx]
                    if abs(est.value - true) >= FOG_THRESHOLD:
                        gaps.append(FogGap(t, obs, oname, a.id, a.name, metric, est.value, est.error, round(true, 1),
                                           round(est.value - true, 1), a.id in aimed))
            for p, name in enumerate(cs.pair_names):
                for metric, arr in (("trust", s.trust), ("tension", s.tension)):
                    est = pic.pairs[name][metric]
                    if est.exact or abs(est.value - arr[p]) < FOG_THRESHOLD:
                        continue
                    gaps.append(FogGap(t, obs, oname, name, pair_label(cs, name), metric, est.value, est.error,
                                       round(arr[p], 1), round(est.value - arr[p], 1), frozenset(name.split("~")) in between))
    gaps.sort(key=lambda g: (not g.acted_on, -abs(g.gap), g.turn))
    mis = [
        Misreading(e.turn, e.actor, e.target, e.channel,
                   cs.channels[cs.channel_index[e.channel]].name if e.channel in cs.channel_index else "", e.move, e.note)
        for e in h.events() if e.kind == "note" and e.rule == "misperception"
    ]
    return Fog(humans, FOG_THRESHOLD, gaps[:FOG_SHOWN], len(gaps), mis)


# --------------------------------------------------------------------------- debrief, comparison, summary


def _debrief_points(cs: CompiledScenario, res: Result) -> list[DebriefPoint]:
    idx = {d.id: d for d in cs.debriefs}
    out = []
    for t, did in sorted(res.debrief):
        d = idx[did]
        out.append(DebriefPoint(d.id, d.title, d.text, t, d.strength, list(d.tags), list(d.questions)))
    return out


def _comparison(cs: CompiledScenario, seed: int, res: Result, runs: int, seats: _Seats) -> Comparison:
    seeds = f"seeds derived from game seed {seed}: (seed × 1000003 + 7919 × (k + 1)) mod 2³¹, k = 0…{max(runs - 1, 0)}"
    if runs <= 0:
        return Comparison(False, "Comparison with automated play was not run.", "", [])
    policies, note = automated.available_policies()
    compared = seats.compared(cs)
    mine = {s.actor: s.score for s in res.scores}
    out: list[PolicyComparison] = []
    for pid, (label, fn) in policies.items():
        try:
            pr = automated.run_policy(cs, seed, pid, label, fn, runs)
        except Exception as exc:  # a bots package with another API must not break the debrief
            pr = automated.run_policy(cs, seed, "random", "random legal (built-in baseline)", automated.RandomLegal(), runs)
            note = f"game.bots could not be used ({type(exc).__name__}: {exc}); compared with a random-legal baseline"
            pid = "random"
        if any(p.policy == pid for p in out):
            continue
        out.append(PolicyComparison(
            pid, pr.label, runs, automated.percentile(res.stability, pr.stability),
            round(statistics.median(pr.stability), 1),
            {a: automated.percentile(mine[a], pr.scores[a]) for a in compared},
            dict(pr.bands.most_common()), pr.bands.get(res.band_id, 0),
        ))
    return Comparison(True, note, seeds, out, {b.id: b.title for b in cs.bands})


def _summary(
    objectives: list[ObjectiveReview], fired: list[DebriefPoint], outcome: Outcome, signal: list[SignalGap]
) -> tuple[list[str], list[str], list[ImprovementRow]]:
    """HSEEP executive summary: strengths, areas for improvement, and the improvement-plan rows."""
    strengths: list[str] = []
    afis: list[str] = []
    plan: list[ImprovementRow] = []
    for d in fired:
        if d.strength:
            strengths.append(f"{d.title} (turn {d.turn}): {d.text}")
    for o in objectives:
        if o.rating in ("P", "S"):
            strengths.append(f"Objective met ({o.rating_label.lower()}): {o.text}")
        elif o.rating in ("M", "U"):
            status = "partly met" if o.status == "partly" else ("met, but lost" if o.status == "met" else o.status)
            afis.append(f"Objective {status} ({o.rating_label.lower()}): {o.text}")
            plan.append(ImprovementRow(o.text, f"objective {o.id}"))
    for d in fired:
        if not d.strength:
            afis.append(f"{d.title} (turn {d.turn}): {d.text}")
            plan.append(ImprovementRow(d.title, f"debrief point {d.id}"))
    for rung, name, when in crossings_by_threshold((c.turn, c.rung, c.name) for c in outcome.crossings):
        afis.append(f"Threshold crossed on {when}: {name} (rung {rung})")
        plan.append(ImprovementRow(f"Escalation past '{name}'", f"threshold, {when}"))
    for g in signal:
        if g.credibility_delta < 0:
            afis.append(f"Signal and deed diverged (turn {g.turn}, {g.actor_name}): {g.note}")
            plan.append(ImprovementRow(f"{g.actor_name}: {g.note}", f"signal vs deed, turn {g.turn}"))
    plan.extend([ImprovementRow("", "instructor"), ImprovementRow("", "instructor")])
    return strengths, afis, plan
