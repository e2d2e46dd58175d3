"""Help text: how a turn works, and every key — generated from the screens' bindings.

Keys are read from the `BINDINGS` of each screen class, so the help can never list a key
that does not exist or miss one that does.
"""

from __future__ import annotations

from textual.binding import Binding

# How a turn works, as (step, what happens): the help screen lays these out as a table
# so the text wraps at the terminal's width (80 columns included), never mid-phrase.
TURN_STEPS: tuple[tuple[str, str], ...] = (
    ("1. Briefing", "What happened, the injects (◆) that reached you, your intelligence picture. "
                    "Values marked ≈ are estimates with an error (±)."),
    ("2. Orders", "Choose moves within your diplomatic capital. Communicative moves need a target and a "
                  "channel; each channel has a latency, a fidelity (chance of being read as intended), a "
                  "visibility (public moves carry audience costs) and a cost. ✗ options are not possible "
                  "now: the reason is shown."),
    ("3. Resolution", "All orders resolve together. The log shows every change; Enter on a line shows why "
                      "it happened."),
    ("4. Assessment", "Stability, the escalation ladder and your objectives: press d any time."),
    ("5. Debrief", "At the end (r), or mid-game from the command palette (\"Debrief so far\"): the "
                   "after-action review, the same as `detente report`; e exports it."),
)
HOW_TO_PLAY_NOTES = (
    "The advisor (a / A on the orders screen) estimates an option's effect by short simulated games "
    "with the computer actors' policies: a guide with its spread, not a promise.",
    "Symbols: ✓ possible · ✗ not possible · ● queued order · ≈ estimate · ▶ current rung · ⚑ threshold · "
    "▲ up / ▼ down · ◆ inject · ✉ order · Δ change · ⚄ dice roll.",
    "The command palette (Ctrl+P) lists every action of the current screen.",
)

KEY_NAMES = {
    "question_mark": "?", "escape": "Esc", "enter": "Enter", "left_square_bracket": "[",
    "right_square_bracket": "]", "ctrl+s": "Ctrl+S", "ctrl+q": "Ctrl+Q", "ctrl+p": "Ctrl+P", "f1": "F1",
}


def key_name(b: Binding) -> str:
    if b.key_display:
        return b.key_display
    return ", ".join(KEY_NAMES.get(k, k) for k in b.key.split(","))


def screen_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen title, [(key, what it does)]) for every screen, in the order a player meets them."""
    from .app import DetenteApp
    from .screens.base import GameScreen
    from .screens.briefing import BriefingScreen
    from .screens.dashboard import DashboardScreen
    from .screens.debrief import DebriefScreen
    from .screens.end_game import EndGameScreen
    from .screens.main_menu import MainMenuScreen
    from .screens.new_game import NewGameScreen
    from .screens.orders import OrdersScreen
    from .screens.resolution import ResolutionScreen
    from .screens.settings import SettingsScreen

    groups = [
        ("Everywhere", DetenteApp.BINDINGS),
        ("Main menu", MainMenuScreen.BINDINGS),
        ("New game", NewGameScreen.BINDINGS),
        ("Every game screen", GameScreen.BINDINGS),
        ("Briefing", BriefingScreen.BINDINGS),
        ("Orders", OrdersScreen.BINDINGS),
        ("Resolution log", ResolutionScreen.BINDINGS),
        ("Dashboard", DashboardScreen.BINDINGS),
        ("End of game", EndGameScreen.BINDINGS),
        ("Debrief (after-action review)", DebriefScreen.BINDINGS),
        ("Settings", SettingsScreen.BINDINGS),
    ]
    out = []
    for title, bindings in groups:
        rows = []
        for b in bindings:
            if isinstance(b, Binding) and b.description:
                rows.append((key_name(b), b.description))
        if title == "Everywhere":
            rows.append(("Ctrl+P", "Command palette: search every action"))
        if title == "Every game screen":
            rows.append(("Ctrl+P", "Debrief so far: the after-action review of the game until now"))
        if title == "Orders":
            rows += [("Enter", "Choose the move / add the highlighted target and channel"),
                     ("Tab", "Move between moves, targets and your orders")]
        if title == "Resolution log":
            rows.append(("Enter", "Why? — show the cause chain of a line"))
        out.append((title, rows))
    return out
