"""Read-only views of a state: legal options, the fog-of-war picture, scores.

These are what shells (TUI, CLI, reports, bots) ask the engine for.  They never change
the state and never draw from the game's generator: the intelligence picture's noise is
a pure function of (seed, turn, observer, observed, metric), so looking at the board
cannot change what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compile import CMove, CompiledScenario
from .rules import STAGE_NAMES, Order, check
from .state import ACTOR_METRICS, AM, GM, State


@dataclass(frozen=True, slots=True)
class Option:
    """One thing an actor could order now, legal or not (with the reason)."""

    move: str
    name: str
    category: str
    target: str
    second: str
    channel: str
    cost: int
    reason: str  # '' when legal

    @property
    def legal(self) -> bool:
        return not self.reason


def options(cs: CompiledScenario, s: State, actor: str, budget: int | None = None) -> list[Option]:
    """Every move/target/channel combination for an actor, each legal or with its reason."""
    i = cs.actor_index[actor]
    b = s.budget_left[i] if budget is None else budget
    out: list[Option] = []
    n = len(cs.actors)
    a = cs.actors[i]
    for m in cs.moves:
        if a.allowed is not None and m.idx not in a.allowed:
            continue
        if m.actors is not None and i not in m.actors:
            continue
        for j, k in _targets(m, i, n):
            for c in m.channels or (-1,):
                reason = check(cs, s, i, m, j, k, c, b)
                out.append(
                    Option(
                        m.id, m.name, m.category, cs.actors[j].id if j >= 0 else "",
                        cs.actors[k].id if k >= 0 else "", cs.channels[c].id if c >= 0 else "",
                        m.cost + (cs.channels[c].cost if c >= 0 else 0), reason,
                    )
                )
    return out


def legal_options(cs: CompiledScenario, s: State, actor: str, budget: int | None = None) -> list[Option]:
    return [o for o in options(cs, s, actor, budget) if not o.reason]


def _targets(m: CMove, i: int, n: int) -> list[tuple[int, int]]:
    if m.target == 0:
        return [(-1, -1)]
    if m.target == 1:
        return [(j, -1) for j in range(n) if j != i]
    return [(j, k) for j in range(n) for k in range(j + 1, n) if j != i and k != i]


# --------------------------------------------------------------------------- fog of war


def _noise(seed: int, turn: int, a: int, b: int, metric: int) -> float:
    """A deterministic value in [-1, 1) (splitmix64 of the inputs)."""
    x = (seed * 0x9E3779B97F4A7C15 + turn * 0xBF58476D1CE4E5B9 + a * 0x94D049BB133111EB + b * 0x2545F4914F6CDD1D
         + metric * 0x632BE59BD9B4E019) & 0xFFFFFFFFFFFFFFFF
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    x ^= x >> 31
    return (x / 2**63) - 1.0


@dataclass(frozen=True, slots=True)
class Estimate:
    value: float
    error: float  # half-width of the uncertainty (0 when known exactly)

    @property
    def exact(self) -> bool:
        return self.error == 0.0


@dataclass(slots=True)
class Picture:
    """What one actor believes: exact about itself and its own relations, estimates elsewhere."""

    observer: str
    turn: int
    actors: dict[str, dict[str, Estimate]] = field(default_factory=dict)
    pairs: dict[str, dict[str, Estimate]] = field(default_factory=dict)
    quality: dict[str, float] = field(default_factory=dict)


def intel_quality(cs: CompiledScenario, s: State, i: int, j: int) -> float:
    """How sharp i's picture of j is: base intel, attachés open between them, shared intelligence."""
    q = cs.actors[i].intel + s.intel_bonus[i]
    att = cs.channel_index.get("military_attache", -1)
    if att >= 0 and s.open[cs.pair[i][j]] & (1 << att):
        q += 0.25
    if j in cs.allies[i]:
        q += 0.2
    return 1.0 if q > 1.0 else q


def estimate(cs: CompiledScenario, s: State, observer: int, observed: int, metric: int, seed: int) -> float:
    """What `observer` believes one actor metric (index into ACTOR_METRICS) of `observed` is.

    The same number `picture` shows, computed alone: bots need a handful of estimates
    per decision and cannot afford a whole picture.
    """
    if observer == observed:
        return s.am[metric][observed]
    width = round(25.0 * (1.0 - intel_quality(cs, s, observer, observed)), 1)
    v = s.am[metric][observed] + width * _noise(seed, s.turn, observer, observed, metric)
    return round(min(100.0, max(0.0, v)), 1)


def picture(cs: CompiledScenario, s: State, actor: str, seed: int) -> Picture:
    i = cs.actor_index[actor]
    pic = Picture(actor, s.turn)
    for j, a in enumerate(cs.actors):
        if j == i:
            pic.actors[a.id] = {m: Estimate(round(s.am[mi][j], 1), 0.0) for mi, m in enumerate(ACTOR_METRICS)}
            continue
        q = intel_quality(cs, s, i, j)
        pic.quality[a.id] = q
        width = round(25.0 * (1.0 - q), 1)
        est = {}
        for mi, m in enumerate(ACTOR_METRICS):
            v = s.am[mi][j] + width * _noise(seed, s.turn, i, j, mi)
            est[m] = Estimate(round(min(100.0, max(0.0, v)), 1), width)
        pic.actors[a.id] = est
    for p, (x, y) in enumerate(cs.pairs):
        name = cs.pair_name(p)
        if i in (x, y):
            pic.pairs[name] = {"trust": Estimate(round(s.trust[p], 1), 0.0), "tension": Estimate(round(s.tension[p], 1), 0.0)}
            continue
        q = min(intel_quality(cs, s, i, x), intel_quality(cs, s, i, y))
        width = round(20.0 * (1.0 - q), 1)
        pic.pairs[name] = {
            "trust": Estimate(round(min(100.0, max(0.0, s.trust[p] + width * _noise(seed, s.turn, i, 100 + p, 7))), 1), width),
            "tension": Estimate(round(min(100.0, max(0.0, s.tension[p] + width * _noise(seed, s.turn, i, 100 + p, 8))), 1), width),
        }
    return pic


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class ActorScore:
    actor: str
    interest: float  # 0-100: weighted, graded share of national objectives, less red lines crossed
    stability: float  # 0-100: final stability plus the band's bonus
    score: float  # interest_weight * interest + (1 - interest_weight) * stability
    objectives: tuple[tuple[str, str, bool], ...]
    grades: tuple[str, ...] = ()  # [objective] -> 'met' | 'partly' | 'not met'
    red_lines: tuple[str, ...] = ()  # ids of the actor's red lines crossed


@dataclass(frozen=True, slots=True)
class Result:
    band_id: str
    band: str
    band_text: str
    ending_id: str
    ending: str
    ending_text: str
    stability: float
    rung: int
    max_rung: int
    crossings: tuple[tuple[int, int, str], ...]
    scores: tuple[ActorScore, ...]
    learning: tuple[tuple[str, str, str], ...]  # (id, text, 'met' | 'partly' | 'not met' | 'unmeasured')
    debrief: tuple[tuple[int, str], ...]  # (turn fired, debrief id)


def band_of(cs: CompiledScenario, s: State) -> int:
    if s.ending >= 0 and cs.endings[s.ending].band >= 0:
        return cs.endings[s.ending].band
    for b in cs.bands:
        if b.when is None or b.when(s):
            return b.idx
    return len(cs.bands) - 1


def _graded(cs: CompiledScenario, s: State, a: int) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """An actor's national interest, graded from its own objectives (docs/model.md § 9):
    a met objective earns its weight, a partly met one `partial_credit` of it, and each
    of the actor's red lines crossed costs `red_line_cost` points."""
    r = cs.rules
    actor = cs.actors[a]
    total = got = 0.0
    grades = []
    for x, (_oid, _text, fn, weight) in enumerate(actor.objectives):
        total += weight
        if fn is not None and fn(s):
            got += weight
            grades.append("met")
        else:
            part = actor.partials[x] if x < len(actor.partials) else None
            if part is not None and part(s):
                got += weight * r.partial_credit
                grades.append("partly")
            else:
                grades.append("not met")
    interest = 100.0 * got / total if total else 50.0
    start = sum(len(b.red_lines) for b in cs.actors[:a])
    crossed = tuple(rl[0] for n, rl in enumerate(actor.red_lines) if s.redlines[start + n])
    interest = max(0.0, interest - r.red_line_cost * len(crossed))
    return interest, tuple(grades), crossed


def scores(cs: CompiledScenario, s: State, band: int | None = None) -> tuple[float, ...]:
    """Each actor's score, exactly as ``result`` computes it, without building the rest:
    playtests need only these numbers, thousands of times (``band``: ``band_of``, if known)."""
    bonus = cs.bands[band_of(cs, s) if band is None else band].score
    w = cs.rules.interest_weight
    st = max(0.0, min(100.0, s.g[GM["stability"]] + bonus))
    out = []
    for a in cs.actors:
        interest = _graded(cs, s, a.idx)[0]
        out.append(round(w * interest + (1 - w) * st, 2))
    return tuple(out)


def stability_label(cs: CompiledScenario, value: float, rung: int) -> str:
    """The word for a stability value; never 'stable' at or past the first named threshold."""
    word = "stable" if value >= 62 else ("strained" if value >= 48 else ("fragile" if value >= 30 else "critical"))
    if word == "stable" and cs.first_threshold and rung >= cs.first_threshold:
        return "strained"
    return word


def result(cs: CompiledScenario, s: State) -> Result:
    """Scores and outcome for a state (final, or 'so far' for a game in progress)."""
    bi = band_of(cs, s)
    band = cs.bands[bi]
    w = cs.rules.interest_weight
    stab = s.g[GM["stability"]]
    scores = []
    for a in cs.actors:
        interest, grades, crossed = _graded(cs, s, a.idx)
        objs = tuple((oid, text, g == "met") for (oid, text, _fn, _w), g in zip(a.objectives, grades))  # noqa: B905
        st = max(0.0, min(100.0, stab + band.score))
        scores.append(ActorScore(a.id, round(interest, 2), round(st, 2), round(w * interest + (1 - w) * st, 2), objs,
                                 grades, crossed))
    learning = []
    for o in cs.objectives:
        if o.when is None:
            status = "unmeasured"
        elif o.when(s):
            status = "met"
        elif o.extra is not None and o.extra(s):
            status = "partly"
        else:
            status = "not met"
        learning.append((o.id, o.text, status))
    names = dict(cs.thresholds)
    ending = cs.endings[s.ending] if s.ending >= 0 else None
    return Result(
        band.id, band.title, band.text, ending.id if ending else "", ending.title if ending else "",
        ending.text if ending else "", round(stab, 2), s.rung, s.max_rung,
        tuple((t, r, names.get(r, "")) for t, r in s.crossings), tuple(scores), tuple(learning),
        tuple((t, cs.debriefs[i].id) for i, t in enumerate(s.debriefs) if t),
    )


def stage_name(cs: CompiledScenario, s: State, a: str, b: str) -> str:
    return STAGE_NAMES[s.stage[cs.pair[cs.actor_index[a]][cs.actor_index[b]]]]


AM_NAMES = tuple(AM)


def timing_warnings(cs: CompiledScenario, turn: int, orders: list[Order]) -> list[str]:
    """What in a set of orders will arrive too late to do its job (docs/model.md § 7):
    a prior notification sent through a slow channel in the same turn as the exercise
    or deployment it announces reaches the other side after it."""
    out = []
    for o in orders:
        m = cs.moves[cs.move_index[o.move]] if o.move in cs.move_index else None
        c = cs.channel_index.get(o.channel, -1)
        if m is None or c < 0 or not (m.alliance in ("notify", "observe") or m.cbm == "transparency"):
            continue
        ch = cs.channels[c]
        if ch.latency <= 0:
            continue
        for other in orders:
            om = cs.moves[cs.move_index[other.move]] if other.move in cs.move_index else None
            if other.actor != o.actor or om is None or not (om.alliance == "exercise" or om.category == "military"):
                continue
            out.append(f"{m.name} via {ch.name} arrives on turn {turn + ch.latency}, after this turn's {om.name}: "
                       "too late to announce it (use a channel without delay, or act next turn)")
            break
    return out
