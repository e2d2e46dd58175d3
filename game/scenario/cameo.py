"""Goldstein (1992) conflict-cooperation weights for CAMEO event codes.

These are the published defaults a move's effect starts from (CAMEO/GDELT
`goldsteinscale` table, -10 extreme conflict .. +10 extreme cooperation).  A move
may override the weight; the code lookup falls back to the code's root (first two
digits) so that authors may cite any CAMEO sub-code.
"""

from __future__ import annotations

GOLDSTEIN: dict[str, float] = {
    "01": 0.0, "012": -0.4, "016": -2.0, "019": 3.4,
    "02": 3.0, "0256": -0.3,
    "03": 4.0, "036": 4.0, "0356": 7.0,
    "04": 1.0, "041": 1.0, "042": 1.9, "045": 5.0, "046": 7.0,
    "05": 3.5, "055": 7.0, "057": 8.0,
    "06": 6.0, "062": 7.4, "064": 7.0,
    "07": 7.0, "072": 8.3, "073": 7.4, "074": 8.5,
    "08": 5.0, "0862": 9.0, "0871": 9.0, "0873": 9.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "1123": -2.0,
    "12": -4.0, "125": -5.0,
    "13": -6.0, "1312": -5.8, "138": -7.0, "139": -7.0,
    "14": -6.5,
    "15": -7.2, "152": -7.2, "154": -7.2,
    "16": -4.0, "161": -4.0, "163": -8.0, "1662": -7.0,
    "17": -7.0, "171": -9.2,
    "18": -9.0,
    "19": -10.0, "191": -9.5, "192": -9.5, "196": -9.5,
    "20": -10.0, "2042": -10.0,
}


def goldstein(code: str | None) -> float | None:
    """The published weight for a CAMEO code, falling back to its root code."""
    if not code:
        return None
    if code in GOLDSTEIN:
        return GOLDSTEIN[code]
    for n in (3, 2):
        if code[:n] in GOLDSTEIN:
            return GOLDSTEIN[code[:n]]
    return None
