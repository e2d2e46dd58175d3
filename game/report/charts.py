"""Inline SVG line charts for the HTML report: no scripts, no network, print-friendly.

Each line has a colour *and* a dash pattern and point markers, so the charts still read
on a black-and-white printout and for colour-blind readers.  Charts scale with their
container (viewBox), so they fill a projector and shrink on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

TRUST = "#1f5fa8"
TENSION = "#c0392b"
STABILITY = "#1e7b4a"
RUNG = "#6b3fa0"


@dataclass(frozen=True)
class Line:
    label: str
    values: list[float]
    colour: str
    dash: str = ""  # SVG stroke-dasharray
    step: bool = False


def line_chart(
    title: str,
    xs: list[int],
    lines: list[Line],
    y_max: float,
    *,
    y_min: float = 0.0,
    width: int = 640,
    height: int = 260,
    guides: list[tuple[float, str]] | None = None,
    y_ticks: list[float] | None = None,
    integer: bool = False,
    legend: bool = True,
) -> str:
    """One chart: x = turns (0 = start), y between y_min and y_max, optional labelled guide lines.

    `legend=False` when the caller lists the lines itself (more than fit along the top)."""
    left, right, top, bottom = 52, 16, 34, 40
    pw, ph = width - left - right, height - top - bottom
    n = max(len(xs) - 1, 1)

    def X(i: float) -> float:
        return left + pw * i / n

    def Y(v: float) -> float:
        return top + ph * (1 - (v - y_min) / ((y_max - y_min) or 1))

    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit">',
        f'<title>{escape(title)}</title>',
        f'<text x="{left}" y="20" class="ctitle">{escape(title)}</text>',
    ]
    ticks = y_ticks if y_ticks is not None else [y_min + (y_max - y_min) * k / 4 for k in range(5)]
    for v in ticks:
        y = Y(v)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{left - 8}" y="{y + 5:.1f}" text-anchor="end" class="tick">{v:.0f}</text>')
    step_x = max(1, round(len(xs) / 12))
    for i, t in enumerate(xs):
        if i % step_x == 0 or i == len(xs) - 1:
            out.append(f'<text x="{X(i):.1f}" y="{top + ph + 22}" text-anchor="middle" class="tick">{"start" if t == 0 else t}</text>')
    out.append(f'<text x="{left + pw}" y="{height - 2}" text-anchor="end" class="axis">turn</text>')
    for v, label in guides or []:
        y = Y(v)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" class="guide"/>')
        out.append(f'<text x="{left + 6}" y="{y - 5:.1f}" class="guidelabel">{escape(label)}</text>')
    for ln in lines:
        pts: list[tuple[float, float]] = []
        for i, v in enumerate(ln.values):
            if ln.step and pts:
                pts.append((X(i), pts[-1][1]))
            pts.append((X(i), Y(v)))
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        dash = f' stroke-dasharray="{ln.dash}"' if ln.dash else ""
        out.append(f'<polyline points="{d}" fill="none" stroke="{ln.colour}" stroke-width="3"{dash} stroke-linejoin="round"/>')
        for i, v in enumerate(ln.values):
            shown = f"{v:.0f}" if integer else f"{v:.1f}"
            out.append(f'<circle cx="{X(i):.1f}" cy="{Y(v):.1f}" r="4" fill="{ln.colour}"><title>{escape(ln.label)}, '
                       f'{"start" if xs[i] == 0 else f"turn {xs[i]}"}: {shown}</title></circle>')
    if legend and (len(lines) > 1 or lines and lines[0].label != title):
        lx = left + pw
        for ln in reversed(lines):
            w = 14 + 9 * len(ln.label)
            lx -= w + 18
            dash = f' stroke-dasharray="{ln.dash}"' if ln.dash else ""
            out.append(f'<line x1="{lx}" x2="{lx + 22}" y1="15" y2="15" stroke="{ln.colour}" stroke-width="3"{dash}/>')
            out.append(f'<text x="{lx + 28}" y="20" class="legend">{escape(ln.label)}</text>')
    out.append("</svg>")
    return "\n".join(out)
