"""The after-action review as plain data: one tree every renderer and the TUI read.

Kept free of formatting (no Markdown, HTML or Rich here) so the TUI debrief screen and
the exported report say exactly the same things: they render the same objects.  Every
field is a plain value (str, int, float, bool, None, list, dict) so `to_json` is just
`dataclasses.asdict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

RATINGS: dict[str, str] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}


@dataclass
class ActorInfo:
    id: str
    name: str
    kind: str
    control: str  # 'human' | 'bot' (as the scenario or save says)
    policy: str  # the bot personality ('' when not relevant)
    played_by: str  # 'human player', 'bot (tit for tat)', or a team name from the save


@dataclass
class Overview:
    scenario_id: str
    title: str
    summary: str
    difficulty: str
    seed: int
    date: str  # when the game was played ('' when not recorded)
    turns_played: int
    turns_planned: int
    turn_length: str
    finished: bool
    actors: list[ActorInfo]


@dataclass
class ObjectiveMet:
    id: str
    text: str
    met: bool


@dataclass
class ScoreRow:
    actor: str
    name: str
    interest: float
    stability: float
    score: float
    objectives: list[ObjectiveMet]


@dataclass
class Crossing:
    turn: int
    rung: int
    name: str


@dataclass
class Outcome:
    final: bool  # False: 'so far', the game is still in progress
    band_id: str
    band: str
    band_text: str
    ending_id: str
    ending: str
    ending_text: str
    stability: float
    rung: int
    rung_name: str
    max_rung: int
    max_rung_name: str
    crossings: list[Crossing]
    scores: list[ScoreRow]


@dataclass
class ObjectiveReview:
    """A learning objective: what was measured and the rating proposed to the instructor."""

    id: str
    text: str
    status: str  # 'met' | 'partly' | 'not met' | 'unmeasured' (at the end)
    met_turns: list[int]  # turns after which the target held
    partly_turns: list[int]
    rating: str  # 'P' | 'S' | 'M' | 'U' | '' (unmeasured: the instructor rates)
    rating_label: str
    rationale: str
    confirmed: str = ""  # for the instructor: the rating they confirm


@dataclass
class StateLine:
    stability: float
    rung: int
    trust: float | None = None  # the pair the decision concerns, when there is one
    tension: float | None = None


@dataclass
class Decision:
    turn: int
    actor: str
    actor_name: str
    move: str
    move_name: str
    channel: str
    channel_name: str
    target: str
    target_name: str
    second: str
    second_name: str
    accepted: bool
    text: str  # the adjudication log's line ('rejected: ...' for rejections)
    pair: str  # 'a~b' the before/after trust and tension refer to ('' when none)
    before: StateLine
    after: StateLine
    effects: list[str]  # direct consequences, e.g. 'tension Azuria–Corvania −2.5'
    tags: list[str]
    given_by: str = ""  # classroom: 'team alpha', 'the facilitator (take-over)', 'the computer (dove)'
    cancelled: bool = False  # the facilitator cancelled its effect: shown struck, never a cause
    seq: int = -1  # the order's event number in the log
    submitted_at: str = ""  # classroom: when the orders were stored (ISO 8601 UTC)


@dataclass
class InjectEntry:
    turn: int
    id: str
    title: str
    text: str
    kind: str
    to: str  # 'all' or the names of the recipients


@dataclass
class TurnEntry:
    turn: int
    before: StateLine
    after: StateLine
    injects: list[InjectEntry]
    decisions: list[Decision]
    happenings: list[str]  # thresholds, red lines, mediation results, debrief points, endings
    closed: str = ""  # classroom: how the turn was closed ('every team was in', 'the clock ran out', ...)
    held: list[str] = field(default_factory=list)  # classroom: 'Lindmark (team charlie): time ran out'
    notes: list[str] = field(default_factory=list)  # the evaluator's notes on this turn, in words


@dataclass
class TeamObjective:
    id: str
    text: str
    weight: float
    met_turns: list[int]  # turns after which it held
    rating: str  # P | S | M | U | '' (too early)
    evidence: str  # from the record, e.g. 'met on turn 3 and held to the end'


@dataclass
class TeamSection:
    """One team (or the solo player): what its own actor set out to do and how it went."""

    actor: str
    actor_name: str
    team: str  # '' for a solo player
    objectives: list[TeamObjective]
    obligations: list[str]  # treaty calls answered or failed, red lines crossed
    channels: list[str]  # its channel choices against doctrine, in words
    fog: list[str]  # where its intelligence picture was furthest from the truth
    score: float
    interest: float
    stability: float
    score_how: str  # how the score was made


@dataclass
class MselRow:
    """One authored inject: as planned, as played, and the teams' answers."""

    number: int
    id: str
    title: str
    planned: str  # the trigger in words
    to: str  # 'everyone' or the recipients' names
    fired: list[int]  # turns it fired by its own trigger
    released: list[int]  # turns the white cell released it
    expected: str  # the expected actions (move names), '' when none
    answers: list[str]  # per receiving team: '✓ turn 4, Consult' or '✗ no expected action within 2 turns'


@dataclass
class EvaluatorNote:
    """A note the facilitator wrote during the exercise (a turn; optionally a team and objective)."""

    turn: int
    team: str  # '' for the whole exercise
    actor: str
    actor_name: str
    objective: str  # objective id, or ''
    objective_text: str
    text: str
    at: str  # ISO 8601 UTC


@dataclass
class InterventionEntry:
    """A facilitator override (white cell): when, what, why, what it changed, and who saw it.

    Overrides change the game the players were judged on, so the review must say so
    plainly: a metric set by hand or an injected crisis is part of the record.
    """

    turn: int  # applied before this turn's orders were resolved
    kind: str  # machine name: set_metric | cancel_event | release_inject | adhoc_inject | extend | end
    kind_label: str  # the kind in words, e.g. 'Metric set'
    reason: str
    changes: list[str]  # e.g. 'tension Blue – Red +16.0 → 75.0', 'inject released: ...', 'exercise ended'
    public: bool
    seen_by: list[str]  # actor ids who learnt of it ([] when public)
    audience: str  # 'public' or 'private: Blue (Team 1), Red'
    seq: int  # the override note's event number (-1 when unknown)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class CauseStep:
    seq: int
    turn: int
    kind: str
    text: str


@dataclass
class CauseChain:
    """Why a swing happened: the chain from an order, inject or rule down to the changes it made."""

    steps: list[CauseStep]  # root first, up to the event the changes descend from
    changes: list[str]  # the changes that moved the swung metric, largest first


@dataclass
class TurningPoint:
    turn: int
    metric: str  # 'stability' | 'rung'
    before: float
    after: float
    delta: float
    summary: str
    causes: list[CauseChain]


@dataclass
class PairSeries:
    pair: str
    label: str
    trust: list[float]
    tension: list[float]


@dataclass
class Charts:
    """Values at the start (x = 0) and after each turn's assessment (x = turn)."""

    turns: list[int]
    stability: list[float]
    rung: list[int]
    max_rung: int
    thresholds: list[Crossing]  # (turn 0, rung, name): the ladder's named thresholds
    pairs: list[PairSeries]


@dataclass
class ChannelUse:
    channel: str
    name: str
    public: bool
    latency: int
    uses: int
    by_actor: dict[str, int]
    misread: int  # messages read other than intended
    inverted: int  # of which taken as hostile


@dataclass
class DoctrineHit:
    turn: int
    actor: str
    actor_name: str
    move: str
    why: str


@dataclass
class PrincipleRow:
    tag: str
    label: str
    honoured: list[DoctrineHit]
    broken: list[DoctrineHit]


@dataclass
class SignalGap:
    turn: int
    actor: str
    actor_name: str
    note: str
    credibility_delta: float


@dataclass
class FogGap:
    turn: int
    observer: str
    observer_name: str
    subject: str  # actor id or 'a~b'
    subject_name: str
    metric: str
    estimate: float
    error: float
    true: float
    gap: float  # estimate - true
    acted_on: bool  # the observer aimed a move at that actor (or mediated between that pair) that turn


@dataclass
class Misreading:
    turn: int
    actor: str
    target: str
    channel: str
    channel_name: str
    move: str
    note: str


@dataclass
class Fog:
    observers: list[str]
    threshold: float
    gaps: list[FogGap]  # largest first, at most `shown`
    total: int  # how many estimates were off by `threshold` or more
    misreadings: list[Misreading]


@dataclass
class DebriefPoint:
    id: str
    title: str
    text: str
    turn: int
    strength: bool
    tags: list[str]
    questions: list[str]


@dataclass
class PolicyComparison:
    policy: str
    label: str
    runs: int
    stability_percentile: float
    median_stability: float
    score_percentiles: dict[str, float]  # per actor compared (human players, or all)
    bands: dict[str, int]  # band id -> games
    same_band: int  # games that ended in this game's band


@dataclass
class Comparison:
    available: bool
    note: str
    seeds: str  # how the seeds were derived
    policies: list[PolicyComparison]
    band_names: dict[str, str] = field(default_factory=dict)  # band id -> name


@dataclass
class ImprovementRow:
    """One row of the HSEEP Improvement Plan; the instructor fills in the blanks."""

    area: str
    source: str
    corrective_action: str = ""
    capability_element: str = ""  # Planning / Organization / Equipment / Training / Exercise
    responsible: str = ""
    start: str = ""
    completion: str = ""


@dataclass
class AAR:
    overview: Overview
    outcome: Outcome
    strengths: list[str]
    areas_for_improvement: list[str]
    objectives: list[ObjectiveReview]
    timeline: list[TurnEntry]
    turning_points: list[TurningPoint]
    charts: Charts
    channels: list[ChannelUse]
    doctrine: list[PrincipleRow]
    signal_gaps: list[SignalGap]
    fog: Fog
    debrief: list[DebriefPoint]
    comparison: Comparison
    improvement_plan: list[ImprovementRow]
    interventions: list[InterventionEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    evaluator_notes: list[EvaluatorNote] = field(default_factory=list)
    msel: list[MselRow] = field(default_factory=list)
    teams: list[TeamSection] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
