"""Scenario format v1: the pydantic models are the single source of truth.

The JSON Schema (`detente schema`), the validator's messages and the authoring guide
all derive from these classes, so every field carries a description an editor can show
on hover.  Models forbid unknown keys: a typo in a scenario must be an error, not a
silently ignored setting.

Validation here is *structural* (types, ranges, shapes).  Cross-references (does this
actor exist? does this expression parse?) are checked in `references.py`, because they
need the whole file and the stock catalogue at once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FORMAT_VERSION = 1

Ident = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,47}$",
        description="A plain identifier: lower-case letters, digits and _, starting with a letter.",
    ),
]
Percent = Annotated[float, Field(ge=0, le=100)]
Probability = Annotated[float, Field(ge=0, le=1)]
Expr = Annotated[
    str,
    Field(
        min_length=1,
        max_length=400,
        description="An expression in the scenario language, e.g. `tension(blue, red) > 60 and turn >= 3`.",
    ),
]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- enums


class ActorKind(StrEnum):
    state = "state"
    alliance = "alliance"
    io = "io"  # international organisation
    ngo = "ngo"
    armed_group = "armed_group"


class Control(StrEnum):
    human = "human"
    bot = "bot"


class Personality(StrEnum):
    random = "random"
    hawk = "hawk"
    dove = "dove"
    tit_for_tat = "tit_for_tat"
    opportunist = "opportunist"
    doctrine = "doctrine"


class Category(StrEnum):
    communication = "communication"
    cbm = "cbm"
    mediation = "mediation"
    alliance = "alliance"
    humanitarian = "humanitarian"
    military = "military"
    information = "information"


class CbmCategory(StrEnum):
    """OSCE Vienna Document chapters, condensed into a teaching taxonomy."""

    communication = "communication"
    transparency = "transparency"
    observation_verification = "observation_verification"
    constraint = "constraint"
    contacts = "contacts"
    declaratory = "declaratory"


class Visibility(StrEnum):
    private = "private"
    public = "public"


class TargetKind(StrEnum):
    none = "none"  # the move has no target (e.g. mobilisation at home)
    actor = "actor"  # one other actor
    pair = "pair"  # two other actors (mediation between them)


class DoctrineTag(StrEnum):
    transparency = "transparency"
    sovereignty = "sovereignty"
    non_interference = "non_interference"
    mutual_respect = "mutual_respect"
    consensus_building = "consensus_building"
    confidentiality = "confidentiality"
    non_attribution = "non_attribution"  # Track II practice (Chatham House rule), not covert action
    humanitarian_principles = "humanitarian_principles"
    neutrality = "neutrality"  # humanitarian: takes no side in the conflict
    impartiality = "impartiality"  # humanitarian: relief by need alone
    deniable = "deniable"  # covert and cyber action: the actor can deny it
    reciprocity = "reciprocity"
    restraint = "restraint"
    coercion = "coercion"


class TreatyKind(StrEnum):
    alliance = "alliance"  # collective defence
    partnership = "partnership"  # consultation only (e.g. FPDA-style)
    agreement = "agreement"  # bilateral agreement such as incidents at sea
    cbm_regime = "cbm_regime"
    ceasefire = "ceasefire"


class Metric(StrEnum):
    """Every number an effect may change."""

    # per pair (directional words are explained in docs/authoring.md)
    trust = "trust"
    tension = "tension"
    # per actor
    capability = "capability"
    readiness = "readiness"
    domestic_pressure = "domestic_pressure"
    credibility = "credibility"
    legitimacy = "legitimacy"
    # global
    stability = "stability"
    humanitarian = "humanitarian"
    misinformation = "misinformation"
    rung = "rung"


PAIR_METRICS = frozenset({Metric.trust, Metric.tension})
ACTOR_METRICS = frozenset(
    {
        Metric.capability,
        Metric.readiness,
        Metric.domestic_pressure,
        Metric.credibility,
        Metric.legitimacy,
    }
)
GLOBAL_METRICS = frozenset({Metric.stability, Metric.humanitarian, Metric.misinformation, Metric.rung})


class Who(StrEnum):
    """Whom an effect applies to, relative to the move that carries it."""

    actor = "actor"  # the actor making the move
    target = "target"  # the move's target (or the first of a pair)
    second = "second"  # the second target of a pair move
    pair = "pair"  # actor <-> target relation
    targets = "targets"  # target <-> second relation (mediation)
    allies = "allies"  # actor <-> each treaty ally
    adversaries = "adversaries"  # actor's allies <-> target (security dilemma)
    everyone = "everyone"  # every actor (actor metrics) / global metric
    world = "world"  # global metrics


def _metric_scope(metric: Metric) -> str:
    if metric in PAIR_METRICS:
        return "pair"
    if metric in ACTOR_METRICS:
        return "actor"
    return "global"


#: Which `who` values make sense for each kind of metric (first one is the default).
WHO_FOR: dict[str, tuple[Who, ...]] = {
    "pair": (Who.pair, Who.targets, Who.allies, Who.adversaries, Who.everyone),
    "actor": (Who.actor, Who.target, Who.second, Who.allies, Who.everyone),
    "global": (Who.world,),
}

# --------------------------------------------------------------------------- pieces


class Reference(Strict):
    """A real case that inspired the scenario: cited in the briefing and the debrief."""

    case: str = Field(min_length=1, max_length=200, description="Name of the real case, e.g. 'Incidents at Sea Agreement (1972)'.")
    note: str = Field("", max_length=2000, description="What the case teaches and how the scenario borrows from it.")


class LearningObjective(Strict):
    """A measurable learning objective (HSEEP style): the debrief rates it from `target`."""

    id: Ident
    text: str = Field(min_length=1, max_length=500, description="The objective, in words a cadet understands.")
    target: Expr | None = Field(
        None,
        description="Expression true at the end of the game when the objective was met. Lint warns when missing.",
    )
    partial: Expr | None = Field(None, description="Optional expression for 'performed with some challenges'.")


class ActorObjective(Strict):
    """A national interest: scored at the end, weighed against stability."""

    id: Ident
    text: str = Field(min_length=1, max_length=500, description="The interest, in words a cadet understands.")
    target: Expr | None = Field(None, description="Expression true when the interest is secured.")
    partial: Expr | None = Field(
        None, description="Expression true when the interest is partly secured: worth `rules.partial_credit` of its weight."
    )
    weight: float = Field(1.0, ge=0, le=10, description="How much this interest counts in the actor's score.")


class RedLine(Strict):
    """A line the actor has declared it will not tolerate; crossing it has consequences."""

    id: Ident
    text: str = Field(min_length=1, max_length=500, description="The red line, as the actor declared it.")
    when: Expr = Field(description="Expression true when the red line has been crossed.")
    effects: list[Effect] = Field(default_factory=list, max_length=20, description="Effects applied once, when first crossed.")


class Actor(Strict):
    """A party to the crisis: a state, alliance, organisation, NGO or armed group."""

    id: Ident
    name: str = Field(min_length=1, max_length=80, description="Name shown to players.")
    kind: ActorKind = Field(ActorKind.state, description="What sort of party it is: state, alliance, io (international organisation), ngo or armed_group.")
    control: Control = Field(Control.bot, description="Who controls the actor by default in solo play.")
    playable: bool = Field(True, description="Whether a human may choose this actor.")
    personality: Personality = Field(Personality.doctrine, description="Bot policy when a computer plays it.")
    description: str = Field("", max_length=2000, description="Who the actor is and what it wants, for the briefing.")
    capability: Percent = Field(50, description="Military and material capability, 0-100.")
    readiness: Percent = Field(30, description="How ready forces are to act now, 0-100.")
    domestic_pressure: Percent = Field(30, description="Pressure at home to look strong, 0-100.")
    credibility: Percent = Field(60, description="How far others believe what it says, 0-100.")
    legitimacy: Percent = Field(50, description="International standing, 0-100.")
    budget: int = Field(3, ge=1, le=20, description="Diplomatic capital per turn.")
    intel: Probability = Field(0.5, description="Quality of its intelligence picture: 0 blind, 1 perfect.")
    need: Percent = Field(
        0, description="Humanitarian need of its people, 0-100: relief to an actor below `rules.need_floor` is read as political."
    )
    objectives: list[ActorObjective] = Field(default_factory=list, max_length=20, description="The actor's national interests, scored at the end.")
    red_lines: list[RedLine] = Field(default_factory=list, max_length=20, description="Lines the actor has declared it will not tolerate.")
    moves: list[Ident] | None = Field(
        None, description="If given, only these moves are available to the actor (else every move it qualifies for)."
    )


class Relation(Strict):
    """Starting trust and tension between two actors (symmetric), and open channels."""

    between: tuple[Ident, Ident] = Field(description="The two actors, e.g. [\"blue\", \"red\"].")
    trust: Percent = Field(50, description="Starting trust between the two actors, 0-100.")
    tension: Percent = Field(30, description="Starting tension between the two actors, 0-100.")
    channels: list[Ident] = Field(
        default_factory=list, max_length=20, description="Channels already open between them at the start."
    )
    salience: float | None = Field(
        None, ge=0, le=10,
        description="How much this pair weighs in the stability index (default: 1, +1 if bound by a treaty, "
        "+1 if rivals (starting tension 50 or more), x0.5 for a pair with an NGO or IO and no treaty).",
    )


class Treaty(Strict):
    """An alliance, partnership, agreement or ceasefire with its terms."""

    id: Ident
    name: str = Field(min_length=1, max_length=120, description="Name shown to players.")
    kind: TreatyKind = Field(description="alliance, partnership, agreement, cbm_regime or ceasefire.")
    members: list[Ident] = Field(min_length=2, max_length=40, description="Actors party to it (at least two).")
    active: bool = Field(True, description="False for a treaty that moves may bring into force.")
    collective_defence: bool = Field(False, description="An attack on one obliges the others (Article 5 style).")
    invocation: Expr | None = Field(
        None, description="When collective defence may be invoked, e.g. `attacked(estland)`. Defaults to any member attacked."
    )
    trigger: Literal["armed_attack", "threat"] | None = Field(
        None,
        description="What sets off collective defence when `invocation` is not given: `armed_attack` (a strike or worse: "
        "NATO Art. 5, UN Charter Art. 51) or `threat` (a threat to a member's security: NATO Art. 4, FPDA consultation). "
        "Default armed_attack; lint warns when a collective-defence treaty says neither.",
    )
    respond_within: int = Field(2, ge=1, le=10, description="Turns allies have to answer an invocation before failing it.")
    transparency: bool = Field(False, description="Members notify outsiders of exercises (reduces the security dilemma).")


class ChannelSpec(Strict):
    """A communication channel with the properties that matter to its effect."""

    id: Ident
    name: str = Field(min_length=1, max_length=80, description="Name shown to players.")
    description: str = Field("", max_length=1000, description="What the channel is and when to use it.")
    latency: int = Field(0, ge=0, le=5, description="Turns before a message arrives (0 = this turn).")
    fidelity: Probability = Field(0.9, description="Chance the message is read as intended.")
    visibility: Visibility = Field(Visibility.private, description="private (only the parties know) or public (everyone sees it: audience costs).")
    deniable: bool = Field(False, description="Non-attributable (Track II): no audience cost, no credibility at stake.")
    cost: int = Field(0, ge=0, le=10, description="Extra diplomatic capital to use it.")
    requires_established: bool = Field(
        False, description="Must be opened by a move (e.g. `establish_hotline`) before use."
    )
    requires_mediator_trust: Percent | None = Field(
        None, description="A third-party channel: the intermediary must have at least this trust with both parties."
    )
    effect_scale: float = Field(1.0, ge=0, le=3, description="Multiplier on the effects of moves sent through it.")
    neutral: bool = Field(
        False, description="A neutral channel (a multilateral forum, a neutral intermediary): relief sent through it is not read politically."
    )


class Effect(Strict):
    """A change to one metric, caused by a move, an inject, a red line or an ending."""

    metric: Metric
    who: Who | None = Field(
        None,
        description="Whom it applies to, relative to the move. Default: `pair` for trust/tension, `actor` for actor metrics, `world` for global ones.",
    )
    delta: float = Field(ge=-100, le=100, description="Change in points (rungs for `rung`).")
    chance: Probability = Field(1.0, description="Chance the effect happens (one roll, recorded).")
    note: str = Field("", max_length=200, description="Why, for the log.")

    @model_validator(mode="after")
    def _who_fits_metric(self) -> Effect:
        allowed = WHO_FOR[_metric_scope(self.metric)]
        if self.who is None:
            object.__setattr__(self, "who", allowed[0])
        elif self.who not in allowed:
            names = ", ".join(w.value for w in allowed)
            raise ValueError(f"who = '{self.who.value}' does not fit metric '{self.metric.value}' (use one of: {names})")
        return self


class SetFlag(Strict):
    """A named fact the scenario remembers (`flag(name)` in expressions)."""

    flag: Ident
    value: bool = Field(True, description="true to set the flag, false to clear it.")


class Move(Strict):
    """A move an actor may order. Stock moves come with the game; scenarios may add or override."""

    id: Ident
    name: str = Field(min_length=1, max_length=80, description="Name shown to players.")
    category: Category = Field(description="Kind of move: communication, cbm, mediation, alliance, humanitarian, military or information.")
    description: str = Field("", max_length=1000, description="What the move is, shown to players and the advisor.")
    cost: int = Field(1, ge=0, le=10, description="Diplomatic capital it uses.")
    actors: list[Ident] | None = Field(None, description="Only these actors may use it (default: anyone whose kind fits).")
    actor_kinds: list[ActorKind] | None = Field(None, description="Only actors of these kinds may use it.")
    target: TargetKind = Field(TargetKind.actor, description="none (no target), actor (one other actor) or pair (two others, e.g. mediation).")
    target_kinds: list[ActorKind] | None = Field(None, description="Allowed kinds of target.")
    channels: list[Ident] = Field(
        default_factory=list, description="Channels it may be sent through; empty for non-communicative moves."
    )
    condition: Expr | None = Field(None, description="Must be true for the move to be legal.")
    effects: list[Effect] = Field(default_factory=list, max_length=20, description="Changes the move makes when it succeeds.")
    flags: list[SetFlag] = Field(default_factory=list, max_length=10, description="Flags the move sets.")
    cameo: str | None = Field(None, pattern=r"^\d{2,4}$", description="CAMEO event code, e.g. '046' (negotiate).")
    goldstein: float | None = Field(
        None, ge=-10, le=10, description="Goldstein weight; defaults to the CAMEO code's published weight."
    )
    rung: int = Field(0, ge=-3, le=5, description="Rungs this move climbs (negative: descends).")
    tags: list[DoctrineTag] = Field(default_factory=list, description="Doctrine principles it honours or breaks.")
    cooldown: int = Field(0, ge=0, le=10, description="Turns before the same actor may use it again.")
    cbm: CbmCategory | None = Field(None, description="Confidence-building category, for CBMs.")
    opens_channel: Ident | None = Field(None, description="Channel this move establishes between actor and target.")
    mediation: Literal["talks", "ceasefire", "agreement", "spoil"] | None = Field(
        None, description="Mediation stage this move attempts (or `spoil` to break a process)."
    )
    alliance: Literal[
        "consult", "invoke", "honour", "exercise", "share_intel", "notify", "observe", "request_consultation"
    ] | None = Field(
        None,
        description="Alliance action this move performs (consult, invoke, honour, exercise, share_intel, notify, observe, "
        "request_consultation: ask the allies to consult when threatened, NATO Art. 4 style).",
    )
    activates: Ident | None = Field(
        None,
        description="Treaty (declared with `active = false`) this move brings into force when it succeeds: "
        "for a mediation move, when its stage is reached; otherwise when it is not misread.",
    )
    public_claim: Literal["peace", "force"] | None = Field(
        None, description="What a public statement claims: later deeds are compared with it (signal vs deed)."
    )
    bilateral: bool = Field(
        False,
        description="For a mediation-stage move aimed at one actor: the two parties negotiate it themselves, without a "
        "mediator. Needs an established channel open between them and trust of at least `rules.bilateral_trust`.",
    )
    covert: bool = Field(
        False, description="A concealed move: seen only by the actor and its target, even a military deed or exercise."
    )
    armed_attack: bool | None = Field(
        None,
        description="Whether this military move is an armed attack (collective defence may answer it). "
        "Default: its Goldstein weight is at or below `rules.armed_attack_goldstein`.",
    )
    consent: Literal["host", "none"] | None = Field(
        None,
        description="Whether the target must consent: `host` (relief, verification: refused unless the host trusts the "
        "actor at least `rules.consent_trust` or a treaty binds them) or `none`. Lint warns when a humanitarian move "
        "or a verification request says neither.",
    )


class InjectTrigger(Strict):
    """When an inject fires. Exactly one of turn, when, chance or contingency_for."""

    turn: int | None = Field(None, ge=1, le=200, description="Fires at the start of this turn.")
    when: Expr | None = Field(None, description="Fires at the first briefing where this is true.")
    chance: Probability | None = Field(None, description="Chance per turn of firing (rolled each briefing).")
    contingency_for: Ident | None = Field(
        None, description="Fires when the expected actions of that inject did not happen in time."
    )
    from_turn: int = Field(1, ge=1, le=200, description="Earliest turn it may fire.")
    until_turn: int | None = Field(None, ge=1, le=200, description="Last turn it may fire.")

    @model_validator(mode="after")
    def _exactly_one(self) -> InjectTrigger:
        given = [k for k in ("turn", "when", "chance", "contingency_for") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of turn, when, chance or contingency_for")
        return self


class Inject(Strict):
    """A Master Scenario Events List entry: news, intelligence or an event put to players."""

    id: Ident
    title: str = Field(min_length=1, max_length=120, description="Headline of the inject.")
    text: str = Field(min_length=1, max_length=4000, description="What the players read in the briefing.")
    trigger: InjectTrigger
    to: list[Ident] | Literal["all"] = Field("all", description="Actors who receive it.")
    kind: Literal["information", "event", "media", "intelligence", "social_media"] = Field("event", description="How it reaches players: information, event, media, intelligence or social_media.")
    expects: list[Ident] = Field(default_factory=list, description="Moves expected in response (HSEEP expected actions).")
    expects_within: int = Field(2, ge=1, le=10, description="Turns to respond before contingency injects fire.")
    effects: list[Effect] = Field(default_factory=list, max_length=20, description="Changes applied when the inject fires.")
    flags: list[SetFlag] = Field(default_factory=list, max_length=10, description="Flags set when the inject fires.")
    source: Ident | None = Field(None, description="Actor the inject comes from, for pair effects.")
    subject: Ident | None = Field(None, description="Second actor, for pair effects.")
    once: bool = Field(True, description="Fire only once (false: may fire again whenever its trigger holds).")


class Band(Strict):
    """A named outcome band; the first whose condition holds at the end wins."""

    id: Ident
    name: str = Field(min_length=1, max_length=80, description="Name of the outcome, e.g. 'Crisis defused'.")
    when: Expr | None = Field(None, description="Condition at the end; the last band may omit it (default).")
    text: str = Field("", max_length=2000, description="What this outcome means, shown in the debrief.")
    score: float = Field(0, ge=-100, le=100, description="Bonus to every actor's stability score.")


class Ending(Strict):
    """A condition that ends the game early (or at the last turn) with a text."""

    id: Ident
    title: str = Field(min_length=1, max_length=120, description="Title of the ending.")
    when: Expr
    text: str = Field(min_length=1, max_length=4000, description="Closing text shown when the ending fires.")
    band: Ident | None = Field(None, description="Force this outcome band when the ending fires.")


class DebriefPoint(Strict):
    """A learning point that fires on a pattern of play, with hot-wash questions."""

    id: Ident
    when: Expr = Field(description="Evaluated after every turn; fires once.")
    title: str = Field(min_length=1, max_length=120, description="Short title of the learning point.")
    text: str = Field(min_length=1, max_length=4000, description="The learning point, as the facilitator will present it.")
    questions: list[str] = Field(default_factory=list, max_length=10, description="Hot-wash questions for the facilitator to ask.")
    tags: list[DoctrineTag] = Field(default_factory=list, description="Doctrine principles the point is about.")
    strength: bool = Field(False, description="True for a strength, false for an area for improvement.")


class Threshold(Strict):
    """A named threshold on the escalation ladder (crossings are scored)."""

    rung: int = Field(ge=1, le=44, description="The rung at which the threshold is crossed.")
    name: str = Field(min_length=1, max_length=80, description="Name of the threshold, e.g. 'Nuclear war is unthinkable'.")


class Rung(Strict):
    rung: int = Field(ge=0, le=44, description="Rung number on the ladder (0 = calm).")
    name: str = Field(min_length=1, max_length=80, description="Name of the rung, e.g. 'Show of force'.")


class Rules(Strict):
    """Teaching-model parameters. Defaults are the documented, citable starting points."""

    stability: Percent = Field(60, description="Starting stability index.")
    rung: int = Field(2, ge=0, le=44, description="Starting escalation rung.")
    max_rung: int = Field(14, ge=1, le=44, description="Top of the playable ladder (war).")
    humanitarian: Percent = Field(50, description="Humanitarian situation (100 = good).")
    misinformation: Percent = Field(20, description="How polluted the information environment is.")
    fear: float = Field(0.10, ge=0, le=1, description="Richardson fear coefficient: tension feeds on the other's readiness.")
    restraint: float = Field(0.05, ge=0, le=1, description="Richardson restraint (fatigue) coefficient.")
    grievance: float = Field(1.0, ge=-10, le=10, description="Richardson grievance term: drift per turn.")
    goldstein_scale: float = Field(1.0, ge=0, le=5, description="Points of tension per Goldstein unit.")
    de_escalation: float = Field(0.5, ge=0.05, le=1, description="De-escalation is this fraction of escalation's speed.")
    audience_cost: float = Field(5, ge=0, le=50, description="Domestic-pressure and credibility stake of public moves.")
    cbm_fear_reduction: float = Field(0.01, ge=0, le=0.2, description="Each CBM lowers the pair's fear coefficient by this.")
    cbm_misperception_reduction: float = Field(0.03, ge=0, le=0.5, description="Each CBM raises channel fidelity between the pair.")
    ripeness_tension: Percent = Field(55, description="Tension above which a 'mutually hurting stalemate' makes mediation ripe.")
    mediator_trust: Percent = Field(40, description="Trust a mediator needs with both parties to be credible.")
    interest_weight: float = Field(
        0.5, ge=0, le=1, description="Weight of national interest (objectives) against stability in each actor's score."
    )
    # Collective defence (docs/model.md section 7)
    armed_attack_goldstein: float = Field(
        -9.0, ge=-10, le=0, description="A military move at or below this Goldstein weight is an armed attack (strike, blockade)."
    )
    threat_goldstein: float = Field(
        -7.0, ge=-10, le=0, description="A hostile move at or below this weight that is not an armed attack threatens its target."
    )
    # Mediation (section 6)
    partial_mediator: float = Field(
        0.15, ge=0, le=1, description="Success chance a mediator loses when it is the ally or treaty partner of one party only."
    )
    bilateral_trust: Percent = Field(50, description="Trust two parties need to negotiate a stage between themselves.")
    # Violations of a ceasefire, agreement or constraint (section 6.3)
    violation_credibility: float = Field(10, ge=0, le=100, description="Credibility a violator loses.")
    violation_trust: float = Field(10, ge=0, le=100, description="Trust lost between the violator and the other party.")
    violation_mediator_trust: float = Field(8, ge=0, le=100, description="Trust the mediator of the process loses in the violator.")
    # The security dilemma and notification (section 7)
    notice_turns: int = Field(3, ge=0, le=10, description="Turns a prior notification or an observation invitation covers.")
    # Stability (section 8.5)
    climb_stability_bound: float = Field(
        0.0, ge=0, le=20, description="The most the stability index may rise on a turn whose rung rose."
    )
    threshold_stability_cap: Percent = Field(
        55, description="Stability is never above this while the rung is at or above the first named threshold."
    )
    # Confidence-building categories (section 5.3)
    observation_fear_factor: float = Field(3.0, ge=0, le=10, description="Observation and verification: times the fear reduction.")
    communication_fidelity_factor: float = Field(2.0, ge=0, le=10, description="Communication CBMs: times the fidelity gain.")
    notified_factor: float = Field(
        0.5, ge=0, le=1, description="Transparency: a notified military move raises the notified side's tension by this fraction."
    )
    constraint_turns: int = Field(3, ge=1, le=20, description="Turns a constraint measure binds both parties.")
    constraint_readiness: Percent = Field(50, description="Readiness cap for both parties while a constraint binds them.")
    contacts_trust: float = Field(0.5, ge=0, le=5, description="Trust gained per turn for each contacts measure (up to three).")
    declaratory_factor: float = Field(0.5, ge=0, le=1, description="Declaratory measures: their CBM effect x this x credibility/100.")
    # Humanitarian principles (section 5.7)
    consent_trust: Percent = Field(40, description="Trust a host needs in the actor to consent to relief or verification.")
    party_tension: Percent = Field(50, description="An actor at this tension with anyone is a party to the conflict.")
    political_aid_factor: float = Field(0.5, ge=0, le=1, description="Relief read politically keeps this share of its trust gain.")
    aid_suspicion: Probability = Field(0.3, description="Chance relief read politically raises the host's suspicion (tension +3).")
    need_floor: Percent = Field(20, description="Relief to an actor whose need is below this is aimed at a political target.")
    # Scores (section 9)
    partial_credit: Probability = Field(0.5, description="Share of an objective's weight a partly secured objective earns.")
    red_line_cost: float = Field(15, ge=0, le=100, description="National-interest points an actor loses for each of its red lines crossed.")


class Meta(Strict):
    """Scenario metadata shown in the picker and the debrief."""

    id: Ident
    title: str = Field(min_length=1, max_length=120, description="Title shown in the scenario picker.")
    summary: str = Field(min_length=1, max_length=600, description="One paragraph for the scenario picker.")
    briefing: str = Field("", max_length=8000, description="The situation, readable in two minutes.")
    audience: str = Field("officer cadets", max_length=200, description="Who the scenario is written for.")
    turns: int = Field(ge=1, le=200, description="Number of turns.")
    turn_length: str = Field("1 day", max_length=40, description="What one turn represents, e.g. '12 hours'.")
    duration_minutes: int = Field(60, ge=5, le=1440, description="Recommended classroom duration.")
    difficulty: Literal["tutorial", "introductory", "intermediate", "advanced"] = Field("intermediate", description="tutorial, introductory, intermediate or advanced.")
    author: str = Field("", max_length=200, description="Who wrote the scenario.")
    references: list[Reference] = Field(default_factory=list, max_length=20, description="Real cases that inspired the scenario.")
    tutorial: list[str] = Field(default_factory=list, max_length=40, description="Step-by-step guidance per turn (tutorials).")


class Scenario(Strict):
    """A whole scenario file."""

    format: Literal[1] = Field(1, description="Scenario format version.")
    scenario: Meta
    rules: Rules = Field(default_factory=lambda: Rules())
    ladder: list[Rung] = Field(default_factory=list, max_length=45, description="Rung names (default: Kahn's lower rungs).")
    thresholds: list[Threshold] = Field(default_factory=list, max_length=20, description="Named thresholds on the escalation ladder; crossing one is scored.")
    objectives: list[LearningObjective] = Field(default_factory=list, max_length=20, description="Learning objectives of the exercise, each with a measurable target.")
    actors: list[Actor] = Field(min_length=2, max_length=40, description="The parties to the crisis (at least two).")
    relations: list[Relation] = Field(default_factory=list, max_length=800, description="Starting trust, tension and open channels between pairs of actors.")
    treaties: list[Treaty] = Field(default_factory=list, max_length=40, description="Alliances, partnerships, agreements and ceasefires.")
    channels: list[ChannelSpec] = Field(default_factory=list, max_length=40, description="New or overriding channels.")
    use_channels: list[Ident] | None = Field(None, description="Restrict the stock channel library to these.")
    moves: list[Move] = Field(default_factory=list, max_length=200, description="New or overriding moves.")
    use_moves: list[Ident] | None = Field(None, description="Restrict the stock move catalogue to these.")
    injects: list[Inject] = Field(default_factory=list, max_length=200, description="The Master Scenario Events List: news, intelligence and events put to players.")
    bands: list[Band] = Field(default_factory=list, max_length=10, description="Named outcome bands; the first whose condition holds at the end wins.")
    endings: list[Ending] = Field(default_factory=list, max_length=40, description="Conditions that end the game early, with a closing text.")
    debrief: list[DebriefPoint] = Field(default_factory=list, max_length=100, description="Learning points that fire on patterns of play, with hot-wash questions.")


RedLine.model_rebuild()
Actor.model_rebuild()
Scenario.model_rebuild()


class StockCatalogue(Strict):
    """The channels and moves that ship with the game (game/stock/*.toml)."""

    format: Literal[1] = 1
    channels: list[ChannelSpec] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)
