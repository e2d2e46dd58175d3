"""Rebuilding a game from a save: compile the embedded scenario, replay, check every hash.

Replaying is the only way a save becomes a game again: the save holds no engine state,
so there is nothing to unpickle and nothing a tampered file can smuggle in.  Each turn's
state hash is compared as the turn is replayed; the first difference names the turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.compile import CompiledScenario, compile_scenario
from game.engine.game import Game
from game.engine.version import RULES_VERSION
from game.scenario.loader import load_text

from .format import Intervention, SaveData, SaveError, SaveMeta


@dataclass
class ReplayCheck:
    """The outcome of replaying a save: how far it matched and, if not, where it stopped."""

    game: Game
    turns_checked: int
    diverged_at: int | None = None  # the first turn whose hash differs; 0 = the opening briefing
    expected: str = ""
    actual: str = ""
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    rules_changed: str = ""  # set when the save was played under other rules: why hashes differ

    @property
    def rules_differ(self) -> bool:
        return bool(self.rules_changed)

    @property
    def ok(self) -> bool:
        return self.diverged_at is None

    def describe(self) -> str:
        """One line saying what matched or where replay first diverged."""
        if self.ok:
            return f"{self.turns_checked} turn{'s' if self.turns_checked != 1 else ''} replayed, every state hash matches"
        where = "the opening briefing" if self.diverged_at == 0 else f"turn {self.diverged_at}"
        if self.rules_changed:
            return f"{self.rules_changed}: it replays differently from {where} (expected, not an edited save)"
        if self.reason:
            return f"replay diverges at {where}: {self.reason}"
        return f"replay diverges at {where}: state hash {self.actual[:12]}… where the save has {self.expected[:12]}…"


def compile_text(text: str, origin: str, stock_files: dict[str, str] | None = None) -> CompiledScenario:
    """Compile scenario text; SaveError with the first diagnostic if it no longer loads.

    With `stock_files` (the save's embedded stock catalogue) the scenario is merged with
    that copy, so a save replays the same way whatever this version of the game ships.
    """
    stock = None
    if stock_files:
        from game.scenario.stock import StockError, load_stock_texts

        try:
            stock = load_stock_texts(stock_files, f"{origin} (embedded stock)")
        except StockError as exc:
            problem = exc.diagnostics[0].format() if exc.diagnostics else "unknown problem"
            raise SaveError(f"{origin}: the stock catalogue in this save does not load: {problem}") from None
    res = load_text(text, f"{origin} (embedded scenario)", stock=stock)
    if res.resolved is None or not res.ok:
        first = next((d for d in res.diagnostics if d.severity == "error"), None)
        detail = first.format() if first else "unknown problem"
        raise SaveError(
            f"{origin}: the scenario in this save does not load in this version of Détente: {detail}"
        )
    return compile_scenario(res.resolved)


def compile_embedded(save: SaveData) -> CompiledScenario:
    cs = compile_text(save.scenario_text, save.origin, save.stock_files)
    cs.stock_texts = dict(save.stock_files)
    cs.source_file = save.scenario_file  # later saves of the resumed game name the original file
    return cs


def replay_check(save: SaveData, scenario_text: str | None = None) -> ReplayCheck:
    """Replay ``save`` and say where it first differs, and why (the rules changed, or an edit)."""
    check = _replay_check(save, scenario_text)
    if not check.ok and save.rules_version != RULES_VERSION:
        check.rules_changed = (f"the rules changed since this save was made (rules version {save.rules_version}; "
                               f"this Détente plays version {RULES_VERSION})")
    return check


def _replay_check(save: SaveData, scenario_text: str | None = None) -> ReplayCheck:
    """Replay ``save`` (on its own scenario, or on ``scenario_text``) turn by turn.

    Facilitator interventions are applied as the engine's ``replay`` does: those of turn T
    just before turn T's orders, the rest at the end.  Stops at the first turn whose
    state hash differs from the recorded one, so ``check.game`` is the game as far as it
    could be rebuilt faithfully.
    """
    cs = (
        compile_text(scenario_text, save.origin)
        if scenario_text is not None
        else compile_embedded(save)
    )
    g = Game.new(cs, save.seed)
    if save.start_hash is not None and g.hash() != save.start_hash:
        return ReplayCheck(g, 0, 0, save.start_hash, g.hash())
    pending = list(save.interventions)
    orders = save.orders()
    for n, (saved, turn_orders) in enumerate(zip(save.turns, orders, strict=True)):
        if g.turn != saved.turn:
            return ReplayCheck(g, n, saved.turn, reason=f"the replayed game is at turn {g.turn}")
        while pending and pending[0].turn <= g.clock:
            problem = _intervene(g, pending.pop(0))
            if problem:
                return ReplayCheck(g, n, saved.turn, reason=problem)
        if g.over:
            return ReplayCheck(g, n, saved.turn, reason="the replayed game had already ended")
        try:
            g.play_turn(turn_orders)
        except Exception as exc:  # an engine bug must not become a traceback for the player
            reason = f"the rules engine failed ({type(exc).__name__}: {exc})"
            return ReplayCheck(g, n, saved.turn, reason=reason)
        actual = g.turns[-1].state_hash
        if actual != saved.state_hash:
            return ReplayCheck(g, n, saved.turn, saved.state_hash, actual)
    last = save.turns[-1].turn + 1 if save.turns else 1
    while pending:
        problem = _intervene(g, pending.pop(0))
        if problem:
            return ReplayCheck(g, len(save.turns), last, reason=problem)
    if save.final_hash is not None and g.hash() != save.final_hash:
        return ReplayCheck(g, len(save.turns), last, save.final_hash, g.hash())
    return ReplayCheck(g, len(save.turns))


def _replay_under_current_rules(save: SaveData) -> Game | None:
    """The save's record (seed, orders, overrides) played again under this version's rules;
    None if the record no longer plays (an order the new rules refuse)."""
    from game.engine.game import replay
    from game.engine.interventions import Intervention as EngineIntervention

    try:
        return replay(compile_embedded(save), save.seed, save.orders(),
                      [EngineIntervention(iv.turn, iv.kind, iv.reason, dict(iv.payload)) for iv in save.interventions])
    except Exception:  # an order or override the new rules cannot apply: the caller reports the divergence
        return None


def _intervene(g: Game, iv: Intervention) -> str:
    """Apply a recorded intervention through the engine; '' or why it could not apply."""
    from game.engine.interventions import Intervention as EngineIntervention

    try:
        g.apply_intervention(EngineIntervention(iv.turn, iv.kind, iv.reason, dict(iv.payload)))
    except Exception as exc:  # InterventionError, or a tampered payload the engine chokes on
        return f"facilitator intervention '{iv.kind}' cannot be applied ({exc})"
    return ""


def restore(save: SaveData) -> Game:
    """The saved game, rebuilt exactly and ready to continue; SaveError if replay diverges."""
    return resume(save).game


@dataclass
class Resumed:
    """A game brought back from a save, with what a shell needs to carry on.

    ``meta`` keeps the game's id and creation time, so autosaves of the resumed game
    continue its own series (``SaveStore.autosave`` branches it if that would overwrite
    a different line of play).  ``notes`` are things to tell the player (scenario file
    changed on disk, migrated from an older format...).
    """

    game: Game
    save: SaveData
    meta: SaveMeta
    notes: list[str]

    @property
    def actor(self) -> str:
        """The actor the player controls ('' for a headless game)."""
        return self.meta.player or ""

    @property
    def difficulty(self) -> str:
        value = self.meta.settings.get("difficulty", "")
        return value if isinstance(value, str) else ""


def resume(save: SaveData) -> Resumed:
    """Restore ``save`` for play; SaveError (one line) if it cannot be rebuilt exactly."""
    check = replay_check(save)
    if not check.ok and check.rules_differ:
        again = _replay_under_current_rules(save)
        if again is not None:
            return Resumed(again, save, save.meta(), [*save.notes, *check.notes,
                                                    f"{check.describe()}; it was replayed under the current rules"])
    if not check.ok:
        raise SaveError(
            f"{save.origin}: cannot restore: {check.describe()} (edited or corrupted save, "
            "or a Détente whose rules differ)"
        )
    return Resumed(check.game, save, save.meta(), [*save.notes, *check.notes])
