"""The themes Détente adds to Textual's: a high-contrast one for projectors and low vision.

Meaning in the game never rests on colour alone (every state has a label or symbol),
but classrooms use washed-out projectors, so the high-contrast theme keeps pure black
and white with saturated, distinguishable accents.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="detente-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFB000",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFFF00 40%",
        "border": "#FFFFFF",
        "border-blurred": "#808080",
    },
)

THEMES = (HIGH_CONTRAST,)
