"""Compile a validated scenario once into compact runtime structures.

Playtests and the advisor run the rules hundreds of thousands of times, so the engine
never touches pydantic objects in the hot path: moves, channels and injects become
slotted records with integer indices, and every expression becomes a closure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from game.scenario.cameo import goldstein as goldstein_weight
from game.scenario.expr import parse, walk
from game.scenario.expr_words import in_words, plain
from game.scenario.ladder import DEFAULT_LADDER
from game.scenario.models import ChannelSpec, DoctrineTag, Effect, Move, Scenario

from .exprs import Symbols, compile_expr
from .state import AM, GM, State

Fn = Callable[[State], Any]

DEFAULT_THRESHOLDS = ((4, "Don't rock the boat"), (10, "Nuclear war is unthinkable"), (12, "Large conventional war"))
CATEGORY_ORDER = ("communication", "cbm", "humanitarian", "information", "alliance", "mediation", "military")
TAGS = tuple(t.value for t in DoctrineTag)  # row order of State.tag_counts


class ResolvedLike(Protocol):
    scenario: Scenario
    channels: dict[str, ChannelSpec]
    moves: dict[str, Move]


@dataclass(slots=True, frozen=True)
class CRules:
    """The scenario's teaching-model numbers (``[rules]``), typed: the hot path does
    arithmetic with them every turn, and a pydantic model would be an untyped look-up.
    Field names are the ``[rules]`` keys (docs/model.md § 10)."""

    stability: float
    rung: int
    max_rung: int
    humanitarian: float
    misinformation: float
    fear: float
    restraint: float
    grievance: float
    goldstein_scale: float
    de_escalation: float
    audience_cost: float
    cbm_fear_reduction: float
    cbm_misperception_reduction: float
    ripeness_tension: float
    mediator_trust: float
    interest_weight: float
    armed_attack_goldstein: float
    threat_goldstein: float
    partial_mediator: float
    bilateral_trust: float
    violation_credibility: float
    violation_trust: float
    violation_mediator_trust: float
    notice_turns: int
    climb_stability_bound: float
    threshold_stability_cap: float
    observation_fear_factor: float
    communication_fidelity_factor: float
    notified_factor: float
    constraint_turns: int
    constraint_readiness: float
    contacts_trust: float
    declaratory_factor: float
    consent_trust: float
    party_tension: float
    political_aid_factor: float
    aid_suspicion: float
    need_floor: float
    partial_credit: float
    red_line_cost: float


_INT_RULES: Final = frozenset({"rung", "max_rung", "notice_turns", "constraint_turns"})


def _rules(r: Any) -> CRules:
    """``CRules`` from the validated Rules model (every field, by name)."""
    values: dict[str, Any] = {name: (int(getattr(r, name)) if name in _INT_RULES else float(getattr(r, name))) for name in type(r).model_fields}
    return CRules(**values)


@dataclass(slots=True)
class CEffect:
    metric: str
    scope: str  # 'pair' | 'actor' | 'global'
    mi: int  # metric index in its table (-1 for pair metrics and rung)
    who: str
    delta: float
    chance: float
    note: str


@dataclass(slots=True)
class CChannel:
    idx: int
    id: str
    name: str
    description: str
    latency: int
    fidelity: float
    public: bool
    deniable: bool
    cost: int
    requires_established: bool
    mediator_trust: float | None
    scale: float
    neutral: bool = False  # relief through it is not read politically (§ 5.7)


@dataclass(slots=True)
class CMove:
    idx: int
    id: str
    name: str
    category: str
    order: int  # resolution rank of its category
    description: str
    cost: int
    actors: frozenset[int] | None
    target: int  # 0 none, 1 actor, 2 pair
    target_kinds: frozenset[str] | None
    channels: tuple[int, ...]
    cond: Fn | None
    cond_src: str
    effects: tuple[CEffect, ...]
    flags: tuple[tuple[int, bool], ...]
    goldstein: float | None
    cameo: str
    rung: int
    tags: tuple[str, ...]
    cooldown: int
    cbm: str
    opens_channel: int
    mediation: str
    alliance: str
    public_claim: str
    # Derived once in compile_scenario (the hot path reads these instead of recomputing):
    costs: tuple[int, ...] = ()  # [channel] -> move cost + channel cost; [-1] (no channel) -> move cost
    chanbits: int = 0  # bit c set when channel c may carry the move
    target_ok: frozenset[int] | None = None  # actor indices whose kind `target_kinds` allows
    tag_ix: tuple[int, ...] = ()  # row of each tag in State.tag_counts
    public: tuple[bool, ...] = ()  # [channel] (or [-1]: no channel) -> seen by everyone (docs/model.md § 4)
    activates: int = -1  # treaty index this move brings into force when it succeeds
    cond_text: str = ""  # the condition in words, with the scenario's names (what a locked move says)
    bilateral: bool = False  # a mediation stage the two parties negotiate themselves (docs/model.md § 6.2)
    covert: bool = False  # concealed: seen only by actor and target (§ 4)
    armed: bool = False  # an armed attack on its target (§ 7)
    threat: bool = False  # a threat to its target that is not an armed attack (§ 7)
    consent: bool = False  # the target (host) must consent (§ 5.3, § 5.7)


@dataclass(slots=True)
class CActor:
    idx: int
    id: str
    name: str
    kind: str
    control: str
    playable: bool
    personality: str
    description: str
    budget: int
    intel: float
    objectives: tuple[tuple[str, str, Fn | None, float], ...]
    red_lines: tuple[tuple[str, str, Fn, tuple[CEffect, ...]], ...]
    allowed: frozenset[int] | None
    need: float = 0.0  # humanitarian need of its people (relief goes where the need is)
    partials: tuple[Fn | None, ...] = ()  # [objective] -> its 'partly secured' condition


@dataclass(slots=True)
class CInject:
    idx: int
    id: str
    title: str
    text: str
    kind: str
    turn: int
    when: Fn | None
    chance: float
    contingency_for: int
    from_turn: int
    until_turn: int
    to: tuple[int, ...] | None
    expects: tuple[int, ...]
    within: int
    effects: tuple[CEffect, ...]
    flags: tuple[tuple[int, bool], ...]
    source: int
    subject: int
    once: bool


@dataclass(slots=True)
class CTreaty:
    idx: int
    id: str
    name: str
    kind: str
    members: tuple[int, ...]
    active: bool
    collective_defence: bool
    invocation: Fn | None
    respond_within: int
    transparency: bool
    trigger: str = "armed_attack"  # 'armed_attack' | 'threat' (§ 7)


@dataclass(slots=True)
class CNamed:
    """An ending, band, debrief point or learning objective: id, texts and conditions."""

    idx: int
    id: str
    title: str
    text: str
    when: Fn | None
    extra: Fn | None = None  # 'partial' for objectives
    band: int = -1
    score: float = 0.0
    questions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    strength: bool = False


@dataclass(slots=True)
class CompiledScenario:
    id: str
    title: str
    summary: str
    briefing: str
    turns: int
    turn_length: str
    difficulty: str
    tutorial: tuple[str, ...]
    rules: CRules
    actors: tuple[CActor, ...]
    actor_index: dict[str, int]
    pair: list[list[int]]
    pairs: tuple[tuple[int, int], ...]
    channels: tuple[CChannel, ...]
    channel_index: dict[str, int]
    moves: tuple[CMove, ...]
    move_index: dict[str, int]
    injects: tuple[CInject, ...]
    inject_index: dict[str, int]
    treaties: tuple[CTreaty, ...]
    allies: tuple[frozenset[int], ...]
    endings: tuple[CNamed, ...]
    bands: tuple[CNamed, ...]
    debriefs: tuple[CNamed, ...]
    objectives: tuple[CNamed, ...]
    flags: tuple[str, ...]
    ladder: tuple[str, ...]
    thresholds: tuple[tuple[int, str], ...]
    max_rung: int
    init: dict[str, Any] = field(default_factory=dict)
    scenario: Scenario | None = None
    pair_names: tuple[str, ...] = ()
    actor_pairs: tuple[tuple[int, ...], ...] = ()
    pairs_without: tuple[tuple[int, ...], ...] = ()  # [actor] -> the pairs it is not part of (bots' ripeness scan)
    n: int = 0  # number of actors
    avail: tuple[bytes, ...] = ()  # [actor][move] -> 1 when the move is available to the actor
    pair_i: tuple[int, ...] = ()  # first / second actor of each pair (the drift loop zips these)
    pair_j: tuple[int, ...] = ()
    budgets: tuple[int, ...] = ()  # each actor's capital per turn, restored at every briefing
    # Order -> (actor, move, target, second, channel, duplicate key), filled as orders are seen:
    # orders repeat across turns and games, so decoding ids is one dict look-up.
    decode: dict[Any, tuple[int, int, int, int, int, int]] = field(default_factory=dict)
    # the exact text and file the scenario was loaded from, so a save can embed it (game/saves)
    source_text: str = ""
    source_file: str = ""
    stock_texts: dict[str, str] = field(default_factory=dict)  # a save's own stock copy (empty: installed)
    start: State | None = None  # the initial state, built on first use (initial_state copies it)
    salience: tuple[float, ...] = ()  # [pair] -> its weight in the stability index (§ 8.5)
    need_order: tuple[tuple[int, ...], ...] = ()  # [actor] -> the others by humanitarian need, neediest first
    first_threshold: int = 0  # the lowest named threshold's rung (0: none)

    def __post_init__(self) -> None:
        self.pair_names = tuple(f"{self.actors[i].id}~{self.actors[j].id}" for i, j in self.pairs)
        n = len(self.actors)
        self.n = n
        self.actor_pairs = tuple(tuple(self.pair[i][x] for x in range(n) if x != i) for i in range(n))
        self.pairs_without = tuple(tuple(p for p, (x, y) in enumerate(self.pairs) if i not in (x, y)) for i in range(n))
        self.pair_i = tuple(i for i, _ in self.pairs)
        self.pair_j = tuple(j for _, j in self.pairs)
        self.budgets = tuple(a.budget for a in self.actors)
        self.need_order = tuple(
            tuple(sorted((j for j in range(n) if j != i), key=lambda j: (-self.actors[j].need, j))) for i in range(n)
        )
        self.first_threshold = min((r for r, _ in self.thresholds), default=0)
        self.avail = tuple(
            bytes(
                1 if (a.allowed is None or m.idx in a.allowed) and (m.actors is None or a.idx in m.actors) else 0
                for m in self.moves
            )
            for a in self.actors
        )
        nch = len(self.channels)
        tag_row = {tag: x for x, tag in enumerate(TAGS)}
        for m in self.moves:
            m.costs = tuple([m.cost + ch.cost for ch in self.channels] + [m.cost])
            m.chanbits = sum(1 << c for c in set(m.channels))
            m.target_ok = (
                None if m.target_kinds is None
                else frozenset(a.idx for a in self.actors if a.kind in m.target_kinds)
            )
            m.tag_ix = tuple(tag_row[tag] for tag in m.tags if tag in tag_row)
            # Deeds are seen by all: military moves, relief, and exercises (the states an
            # exercise threatens see it, § 7), an invocation of collective defence; a covert move is
            # seen by none but the parties.
            deed = m.category in ("military", "humanitarian") or m.alliance in ("exercise", "invoke")
            m.public = tuple([ch.public and not ch.deniable and not m.covert for ch in self.channels]
                             + [deed and not m.covert])
            assert len(m.costs) == len(m.public) == nch + 1

    def actor_ids(self) -> list[str]:
        return [a.id for a in self.actors]

    def pair_name(self, p: int) -> str:
        i, j = self.pairs[p]
        return f"{self.actors[i].id}~{self.actors[j].id}"


def _scope(metric: str) -> tuple[str, int]:
    if metric in ("trust", "tension"):
        return "pair", -1
    if metric in AM:
        return "actor", AM[metric]
    if metric == "rung":
        return "global", -1
    return "global", GM[metric]


def _effects(effects: list[Effect]) -> tuple[CEffect, ...]:
    out = []
    for e in effects:
        scope, mi = _scope(e.metric.value)
        who = e.who.value if e.who is not None else "pair"
        out.append(CEffect(e.metric.value, scope, mi, who, float(e.delta), float(e.chance), e.note))
    return tuple(out)


def compile_scenario(resolved: ResolvedLike) -> CompiledScenario:
    """Turn a validated, stock-merged scenario into runtime structures (done once per game)."""
    sc = resolved.scenario
    actors_m = sc.actors
    actor_index = {a.id: i for i, a in enumerate(actors_m)}
    n = len(actors_m)
    pair = [[-1] * n for _ in range(n)]
    pairs: list[tuple[int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            pair[i][j] = pair[j][i] = len(pairs)
            pairs.append((i, j))
    channel_list = list(resolved.channels.values())
    channel_index = {c.id: i for i, c in enumerate(channel_list)}
    move_list = list(resolved.moves.values())
    move_index = {m.id: i for i, m in enumerate(move_list)}
    inject_index = {k.id: i for i, k in enumerate(sc.injects)}
    treaty_index = {t.id: i for i, t in enumerate(sc.treaties)}

    flag_names: list[str] = []

    def note_flag(name: str) -> None:
        if name not in flag_names:
            flag_names.append(name)

    for m in move_list:
        for f in m.flags:
            note_flag(f.flag)
    for k in sc.injects:
        for f in k.flags:
            note_flag(f.flag)
    for src in _all_expressions(sc, move_list):
        for node in walk(parse(src).tree):
            if node[0] == "sym" and node[1] == "flag":
                note_flag(node[2])
    flag_index = {f: i for i, f in enumerate(flag_names)}
    sym = Symbols(actor_index, move_index, channel_index, treaty_index, inject_index, flag_index, pair, sc.scenario.turns)
    sym.categories = {c: x for x, c in enumerate(CATEGORY_ORDER)}
    sym.tags = {tag: x for x, tag in enumerate(TAGS)}

    def cx(src: str | None) -> Fn | None:
        return compile_expr(src, sym) if src else None

    names: dict[str, dict[str, str]] = {
        "actor": {a.id: a.name for a in actors_m}, "move": {m.id: m.name for m in move_list},
        "channel": {c.id: c.name for c in channel_list}, "treaty": {t.id: t.name for t in sc.treaties},
        "inject": {k.id: k.title for k in sc.injects},
    }

    def namer(kind: str, ident: str) -> str:
        return names.get(kind, {}).get(ident) or plain(ident)

    channels = tuple(
        CChannel(
            i, c.id, c.name, c.description, c.latency, float(c.fidelity), c.visibility.value == "public", c.deniable,
            c.cost, c.requires_established,
            None if c.requires_mediator_trust is None else float(c.requires_mediator_trust), float(c.effect_scale),
            c.neutral,
        )
        for i, c in enumerate(channel_list)
    )
    moves = []
    for i, m in enumerate(move_list):
        gw = m.goldstein if m.goldstein is not None else goldstein_weight(m.cameo)
        moves.append(
            CMove(
                i, m.id, m.name, m.category.value, CATEGORY_ORDER.index(m.category.value), m.description, m.cost,
                None if m.actors is None else frozenset(actor_index[a] for a in m.actors if a in actor_index),
                {"none": 0, "actor": 1, "pair": 2}[m.target.value],
                None if m.target_kinds is None else frozenset(k.value for k in m.target_kinds),
                tuple(channel_index[c] for c in m.channels if c in channel_index),
                cx(m.condition), m.condition or "", _effects(m.effects),
                tuple((flag_index[f.flag], f.value) for f in m.flags),
                None if gw is None else float(gw), m.cameo or "", m.rung, tuple(t.value for t in m.tags), m.cooldown,
                m.cbm.value if m.cbm else "",
                channel_index.get(m.opens_channel, -1) if m.opens_channel else -1,
                m.mediation or "", m.alliance or "", m.public_claim or "",
                activates=treaty_index.get(m.activates, -1) if m.activates else -1,
                cond_text=in_words(m.condition, namer) if m.condition else "",
                bilateral=m.bilateral, covert=m.covert,
            )
        )
        cm = moves[-1]
        hostile_w = gw is not None and cm.target > 0
        cm.armed = (m.armed_attack if m.armed_attack is not None
                    else m.category.value == "military" and hostile_w and float(gw or 0) <= sc.rules.armed_attack_goldstein)
        cm.threat = not cm.armed and hostile_w and not m.mediation and float(gw or 0) <= sc.rules.threat_goldstein
        consent = m.consent or ("host" if m.category.value == "humanitarian" and cm.target == 1 else "none")
        cm.consent = consent == "host" and cm.target == 1
    actors = []
    for i, a in enumerate(actors_m):
        kinds_ok = frozenset(
            mi for mi, m in enumerate(move_list)
            if (m.actor_kinds is None or a.kind in m.actor_kinds)
            and (a.moves is None or m.id in a.moves)
        )
        actors.append(
            CActor(
                i, a.id, a.name, a.kind.value, a.control.value, a.playable, a.personality.value, a.description,
                a.budget, float(a.intel),
                tuple((o.id, o.text, cx(o.target), float(o.weight)) for o in a.objectives),
                tuple((r.id, r.text, compile_expr(r.when, sym), _effects(r.effects)) for r in a.red_lines),
                kinds_ok, float(a.need), tuple(cx(o.partial) for o in a.objectives),
            )
        )
    injects = []
    for i, k in enumerate(sc.injects):
        t = k.trigger
        injects.append(
            CInject(
                i, k.id, k.title, k.text, k.kind, t.turn or 0, cx(t.when), float(t.chance or 0.0),
                inject_index.get(t.contingency_for, -1) if t.contingency_for else -1,
                t.from_turn, t.until_turn or 10_000,
                None if k.to == "all" else tuple(actor_index[x] for x in k.to if x in actor_index),
                tuple(move_index[x] for x in k.expects if x in move_index), k.expects_within,
                _effects(k.effects), tuple((flag_index[f.flag], f.value) for f in k.flags),
                actor_index.get(k.source, -1) if k.source else -1,
                actor_index.get(k.subject, -1) if k.subject else -1, k.once,
            )
        )
    treaties = tuple(
        CTreaty(
            i, t.id, t.name, t.kind.value, tuple(actor_index[m] for m in t.members if m in actor_index), t.active,
            t.collective_defence, cx(t.invocation), t.respond_within, t.transparency, t.trigger or "armed_attack",
        )
        for i, t in enumerate(sc.treaties)
    )
    allies: list[set[int]] = [set() for _ in range(n)]
    for tr in treaties:
        if tr.kind in ("alliance", "partnership"):
            for a1 in tr.members:
                allies[a1].update(m for m in tr.members if m != a1)

    band_list = sc.bands
    bands: list[CNamed]
    if band_list:
        bands = [CNamed(i, b.id, b.name, b.text, cx(b.when), score=float(b.score)) for i, b in enumerate(band_list)]
    else:
        bands = _default_bands(sym, sc.rules.max_rung)
    band_index = {b.id: b.idx for b in bands}
    endings = tuple(
        CNamed(i, e.id, e.title, e.text, cx(e.when), band=band_index.get(e.band, -1) if e.band else -1)
        for i, e in enumerate(sc.endings)
    )
    debriefs = tuple(
        CNamed(i, d.id, d.title, d.text, cx(d.when), questions=tuple(d.questions), tags=tuple(t.value for t in d.tags),
               strength=d.strength)
        for i, d in enumerate(sc.debrief)
    )
    objectives = tuple(
        CNamed(i, o.id, o.id, o.text, cx(o.target), cx(o.partial)) for i, o in enumerate(sc.objectives)
    )
    ladder = list(DEFAULT_LADDER)
    for r in sc.ladder:
        while len(ladder) <= r.rung:
            ladder.append(f"Rung {len(ladder)}")
        ladder[r.rung] = r.name
    max_rung = sc.rules.max_rung
    while len(ladder) <= max_rung:
        ladder.append(f"Rung {len(ladder)}")
    thresholds = tuple((t.rung, t.name) for t in sc.thresholds) or tuple(
        t for t in DEFAULT_THRESHOLDS if t[0] <= max_rung
    )

    init: dict[str, Any] = {"relations": sc.relations}
    cs = CompiledScenario(
        sc.scenario.id, sc.scenario.title, sc.scenario.summary, sc.scenario.briefing, sc.scenario.turns,
        sc.scenario.turn_length, sc.scenario.difficulty, tuple(sc.scenario.tutorial), _rules(sc.rules), tuple(actors),
        actor_index, pair, tuple(pairs), channels, channel_index, tuple(moves), move_index, tuple(injects),
        inject_index, treaties, tuple(frozenset(a) for a in allies), endings, tuple(bands), debriefs, objectives,
        tuple(flag_names), tuple(ladder[: max_rung + 1]), tuple(sorted(thresholds)), max_rung, init, sc,
    )
    cs.salience = _salience(sc, actor_index, pairs, treaties)
    cs.source_text = getattr(resolved, "text", "")
    cs.source_file = str(getattr(resolved, "file", ""))
    return cs


def _salience(
    sc: Scenario, actor_index: dict[str, int], pairs: list[tuple[int, int]], treaties: tuple[CTreaty, ...]
) -> tuple[float, ...]:
    """Each pair's weight in the stability index (docs/model.md § 8.5): the author's
    `salience`, else 1, +1 when a treaty binds the two, +1 for rivals (starting tension
    50 or more), halved for a pair with an NGO or IO that no treaty binds."""
    given: dict[tuple[int, int], float] = {}
    start: dict[tuple[int, int], float] = {}
    for rel in sc.relations:
        a, b = rel.between
        if a in actor_index and b in actor_index and a != b:
            key = (min(actor_index[a], actor_index[b]), max(actor_index[a], actor_index[b]))
            start[key] = float(rel.tension)
            if rel.salience is not None:
                given[key] = float(rel.salience)
    kinds = [a.kind.value for a in sc.actors]
    out = []
    for i, j in pairs:
        if (i, j) in given:
            out.append(given[(i, j)])
            continue
        bound = any(i in t.members and j in t.members for t in treaties)
        w = 1.0 + (1.0 if bound else 0.0) + (1.0 if start.get((i, j), 30.0) >= 50.0 else 0.0)
        if not bound and (kinds[i] in ("ngo", "io") or kinds[j] in ("ngo", "io")):
            w *= 0.5
        out.append(w)
    return tuple(out)


def _default_bands(sym: Symbols, max_rung: int) -> list[CNamed]:
    """Outcome bands used when a scenario defines none (documented in docs/model.md)."""
    war = max(1, max_rung - 2)
    clash = max(1, max_rung // 2 + 1)
    spec = [
        ("war", "War", f"rung >= {war}", "The crisis became a war."),
        ("armed_clash", "Armed clash", f"rung >= {clash}", "Forces clashed; the crisis is still live."),
        ("crisis_defused", "Crisis defused", "stability >= 70 and rung <= 3", "Tension fell and channels held."),
        ("managed_standoff", "Managed standoff", "stability >= 50", "No war, no settlement: the crisis is managed."),
        ("frozen_conflict", "Frozen conflict", None, "Hostility is locked in; nothing is resolved."),
    ]
    return [
        CNamed(i, bid, name, text, compile_expr(when, sym) if when else None)
        for i, (bid, name, when, text) in enumerate(spec)
    ]


def _all_expressions(sc: Scenario, moves: list[Move]) -> list[str]:
    out: list[str | None] = []
    out += [m.condition for m in moves]
    for a in sc.actors:
        out += [o.target for o in a.objectives]
        out += [r.when for r in a.red_lines]
    out += [t.invocation for t in sc.treaties]
    out += [k.trigger.when for k in sc.injects]
    out += [b.when for b in sc.bands]
    out += [e.when for e in sc.endings]
    out += [d.when for d in sc.debrief]
    for o in sc.objectives:
        out += [o.target, o.partial]
    return [x for x in out if x]


def initial_state(cs: CompiledScenario) -> State:
    """The state before the first briefing: a copy of one built on first use (a playtest
    starts thousands of games, and building it reads the pydantic scenario)."""
    start = cs.start
    if start is None:
        start = cs.start = _initial_state(cs)
    return start.copy()


def _initial_state(cs: CompiledScenario) -> State:
    r = cs.rules
    n, np_ = len(cs.actors), len(cs.pairs)
    s = State.__new__(State)
    s.turn = 1
    s.over = False
    s.ending = -1
    s.g = [0.0] * len(GM)
    s.g[GM["stability"]] = float(r.stability)
    s.g[GM["humanitarian"]] = float(r.humanitarian)
    s.g[GM["misinformation"]] = float(r.misinformation)
    s.rung = r.rung
    s.max_rung = r.rung
    s.trust = [50.0] * np_
    s.tension = [30.0] * np_
    s.fear = [float(r.fear)] * np_
    s.fid = [0.0] * np_
    s.open = [0] * np_
    s.stage = [0] * np_
    s.cbms = [0] * np_
    for rel in cs.init["relations"]:
        a, b = rel.between
        if a in cs.actor_index and b in cs.actor_index and a != b:
            p = cs.pair[cs.actor_index[a]][cs.actor_index[b]]
            s.trust[p] = float(rel.trust)
            s.tension[p] = float(rel.tension)
            for c in rel.channels:
                if c in cs.channel_index:
                    s.open[p] |= 1 << cs.channel_index[c]
    sc = cs.scenario
    assert sc is not None
    s.am = [[float(getattr(a, m)) for a in sc.actors] for m in AM]
    s.budget_left = [a.budget for a in cs.actors]
    s.intel_bonus = [0.0] * n
    s.flags = [False] * len(cs.flags)
    s.na = n
    s.uses = [0] * (len(cs.moves) * n)
    s.move_total = [0] * len(cs.moves)
    s.cat_counts = [0] * (len(CATEGORY_ORDER) * (n + 1))
    s.tag_counts = [0] * (len(TAGS) * (n + 1))
    s.used_on = set()
    s.last_used = [0] * (len(cs.moves) * n)
    s.treaty_active = [t.active for t in cs.treaties]
    s.fired = [0] * len(cs.injects)
    s.attacked = [False] * n
    s.attackers = [-1] * n
    s.claims = [("", 0)] * n
    s.notified = {}
    s.obligations = []
    s.inflight = []
    s.redlines = [0] * sum(len(a.red_lines) for a in cs.actors)
    s.debriefs = [0] * len(cs.debriefs)
    s.crossings = []
    s.stability_hist = []
    s.rung_hist = []
    s.seq = 0
    s.escalated = False
    s.threatened = [False] * n
    s.mediator = [-1] * np_
    s.constraint = [0] * np_
    s.contacts = [0] * np_
    s.covert = []
    return s
