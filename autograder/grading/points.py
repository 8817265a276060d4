"""Points: a sheet's `points` scale each exercise's cases so that the exercise is worth them.

The one place that turns case points into sheet points (grading, the otter export and the
sheet notebooks all ask here).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import catalog

if TYPE_CHECKING:
    from ..catalog import Exercise, Sheet
    from ..model import GradeResult


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
