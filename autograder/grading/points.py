"""Points: a sheet's `points` scale each exercise's cases so that the exercise is worth them,
and the one rounding policy for points that a person reads.

The one place that turns case points into sheet points (grading, the otter export and the
sheet notebooks all ask here). Grading keeps exact values (a case of a 10-point exercise with
22 cases is worth 0.4545...); people read them rounded: a sheet's `rounding` ("0.01", the
default, or "0.5" for half points) is the step of every total (sheet, exercise, gradebook,
class report); a single case is shown to the same step or two decimals, whichever is finer,
so that 22 cases of 0.45 do not read as 22 half points. Ties round up (in the student's favour).
"""
from __future__ import annotations

import functools
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .. import catalog
from ..errors import SheetError
from ..i18n import number

if TYPE_CHECKING:
    from ..catalog import Exercise, Sheet
    from ..model import GradeResult

DEFAULT_STEP = Decimal("0.01")
CASE_STEP = Decimal("0.01")  # a single case is never shown coarser than this


def scale_factor(sheet: Sheet | None, exercise_id: str, total: float) -> float:
    """The factor that makes an exercise's cases (worth `total`) sum to its sheet points; 1 without them."""
    if sheet is None or exercise_id not in sheet.points or total <= 0:
        return 1.0
    return sheet.points[exercise_id] / total


def exercise_points(sheet: Sheet, exercise: Exercise) -> float:
    """What an exercise is worth on a sheet (its own case points when the sheet does not say)."""
    return sheet.points.get(exercise.id, exercise.max_points(0))


def apply_sheet_points(result: GradeResult) -> None:
    """Scale every case of an exercise whose sheet gives it points; a no-op for exercise targets."""
    sheet = catalog.load_sheet(result.target) if result.target in catalog.sheet_ids() else None
    for exercise in result.exercises:
        factor = scale_factor(sheet, exercise.id, exercise.max_score)
        for case in exercise.cases:
            case.max_score *= factor
            case.score *= factor


def parse_step(text: str) -> Decimal:
    """A rounding step from a sheet ("0.01", "0.5", "1"); a SheetError says what is wrong with another."""
    try:
        step = Decimal(str(text).strip())
    except InvalidOperation:
        step = Decimal(0)
    if not step.is_finite() or step <= 0:
        raise SheetError(f"rounding = {text!r}: expected a positive step such as \"0.01\" or \"0.5\"")
    return step


@functools.cache
def rounding_step(target: str) -> Decimal:
    """The step points of `target` (a sheet or an exercise) are rounded to for people."""
    if target in catalog.sheet_ids():
        return parse_step(catalog.load_sheet(target).rounding)
    return DEFAULT_STEP


def case_step(step: Decimal) -> Decimal:
    """The step for a single case's points: the total's step, or two decimals where that is finer."""
    return min(step, CASE_STEP)


def rounded(value: float, step: Decimal = DEFAULT_STEP) -> float:
    """`value` to the nearest multiple of `step`, halves up (9.62121 -> 9.62; with 0.5: 9.5)."""
    exact = Decimal(repr(float(value)))
    units = (exact / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * step) + 0.0  # + 0.0: never "-0"


def apportioned(values: list[float], step: Decimal) -> list[float]:
    """`values` rounded to multiples of `step` with the same (rounded) sum: the largest remainders get the rest.

    So that the cases a person reads add up to the total they read (22 cases of a 10-point exercise:
    twelve of 0.45 and ten of 0.46, not 22 of 0.45 = 9.9)."""
    exact = [Decimal(repr(float(v))) / step for v in values]
    units = [int(x.to_integral_value(ROUND_FLOOR)) for x in exact]
    total = int(sum(exact).quantize(Decimal(1)))
    for i in sorted(range(len(values)), key=lambda i: (units[i] - exact[i], i))[: max(total - sum(units), 0)]:
        units[i] += 1
    return [float(u * step) for u in units]


def shown(value: float, step: Decimal = DEFAULT_STEP, lang: str = "en") -> str:
    """Points as a person reads them: rounded to `step`, no trailing zeros, the language's decimal sign."""
    return number(rounded(value, step), lang, "g") if abs(value) < 1e15 else number(value, lang, ".3g")
