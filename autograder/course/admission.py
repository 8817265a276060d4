"""The exam admission ("Zulassung") from the points of all sheets, and who is at risk of missing it.

A student is admitted with `percent` of all points of all sheets and, where the course asks for
it, `sheet_percent` on `sheets` sheets (every sheet when `sheets` is 0). While sheets are still
to be graded the verdict is "open", unless it is already decided: enough points and sheets
reached ("admitted"), or not reachable even with full points on every remaining sheet ("not
admitted"). An open student is at risk when, at the rate of the graded sheets, they would end
below the threshold or miss the sheets they still need.
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import Admission

ADMITTED, NOT_ADMITTED, OPEN = "admitted", "not_admitted", "open"


@dataclass(frozen=True)
class Verdict:
    status: str  # admitted, not_admitted, open
    at_risk: bool
    points: float
    needed: float
    sheets_reached: int
    sheets_needed: int


def verdict(points: dict[str, float], maxima: dict[str, float], graded: set[str], rule: Admission) -> Verdict:
    """The admission of one student: points per sheet (graded sheets only), every sheet's maximum."""
    total_max = sum(maxima.values())
    needed = rule.percent / 100 * total_max
    reached = sum(points.get(s, 0.0) for s in graded)
    remaining = sum(m for s, m in maxima.items() if s not in graded)
    sheets_needed = (rule.sheets or len(maxima)) if rule.sheet_percent else 0  # no minimum: nothing to reach
    ok_sheets = sum(1 for s in graded if points.get(s, 0.0) >= rule.sheet_percent / 100 * maxima[s] - 1e-9)
    open_sheets = len(maxima) - len(graded)
    enough = reached >= needed - 1e-9
    if enough and ok_sheets >= sheets_needed:
        return Verdict(ADMITTED, False, reached, needed, ok_sheets, sheets_needed)
    if reached + remaining < needed - 1e-9 or ok_sheets + open_sheets < sheets_needed:
        return Verdict(NOT_ADMITTED, False, reached, needed, ok_sheets, sheets_needed)
    graded_max = sum(maxima[s] for s in graded)
    rate = reached / graded_max if graded_max else 1.0
    sheet_rate = ok_sheets / len(graded) if graded else 1.0
    at_risk = bool(graded) and (reached + rate * remaining < needed - 1e-9
                                or ok_sheets + sheet_rate * open_sheets < sheets_needed - 1e-9)
    return Verdict(OPEN, at_risk, reached, needed, ok_sheets, sheets_needed)
