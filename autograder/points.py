"""A sheet's `points`: each exercise's cases scaled so that the exercise is worth its points."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import catalog

if TYPE_CHECKING:
    from .grader import GradeResult


def apply_sheet_points(result: "GradeResult") -> None:
    """Scale every case of an exercise whose sheet gives it points; a no-op for exercise targets."""
    if result.target not in catalog.sheet_ids():
        return
    points = catalog.load_sheet(result.target).points
    for exercise in result.exercises:
        total = exercise.max_score
        if exercise.id not in points or total <= 0:
            continue
        factor = points[exercise.id] / total
        for case in exercise.cases:
            case.max_score *= factor
            case.score *= factor
