"""The gradebook: one CSV row per student, in columns an LMS grade import understands.

Points are rounded by the sheet's policy (`grading/points.py`): each exercise's and the total from
the exact values in the store (the total is the rounded exact sum, not a sum of rounded cells).
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from .. import catalog
from ..grading.points import DEFAULT_STEP, rounding_step, shown
from ..output.formats import csv_text, write_atomic
from .store import ResultStore


def points(value: float, step: Decimal = DEFAULT_STEP) -> str:
    """Points as an LMS reads them: rounded to `step`, no trailing zeros, a dot as decimal separator."""
    return shown(value, step, "en")


def exercise_maxima(store: ResultStore, target: str) -> dict[str, float]:
    """The maximum points of each exercise: the most common among the graded students."""
    seen: dict[str, Counter] = {}
    for per_exercise in store.exercise_points().values():
        for exercise, (_, max_score) in per_exercise.items():
            seen.setdefault(exercise, Counter())[max_score] += 1
    return {e.id: seen[e.id].most_common(1)[0][0] if e.id in seen else e.max_points(0)
            for e in catalog.resolve(target)}


def gradebook_rows(store: ResultStore, target: str) -> tuple[list[str], list[list[str]]]:
    """The header and one row per student (sorted by student id)."""
    maxima = exercise_maxima(store, target)
    step = rounding_step(target)
    header = ["Student ID", "Name", "Email", *(f"{ex} (max {points(m, step)})" for ex, m in maxima.items()),
              "Total", "Max", "Status", "Submission", "Graded at"]
    per_student = store.exercise_points()
    rows = []
    for s in store.students():
        mine = per_student.get(s.student_id, {})
        rows.append([s.student_id, s.name or "", s.email or "",
                     *(points(mine.get(ex, (0.0, m))[0], step) for ex, m in maxima.items()),
                     points(s.score, step), points(sum(maxima.values()), step), s.status, s.source or "", s.graded_at])
    return header, rows


def write_gradebook(store: ResultStore, path: Path, target: str) -> Path:
    """Write the gradebook CSV atomically (UTF-8, comma separated, one header row)."""
    header, rows = gradebook_rows(store, target)
    write_atomic(Path(path), csv_text(header, rows))
    return Path(path)
