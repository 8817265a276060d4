"""The instructor's corrections and the late penalty, applied to a copy of a graded result.

A correction (a line of overrides.csv: student, sheet, exercise, case, points, comment) sets
the points of one case, or of a whole exercise when `case` is empty. It lives in its own file
and is applied every time the course is processed, so it survives any re-grade; a case or
exercise that no longer exists is an error, never silently dropped. The result carries the
correction where the student reads it: a case's message gains "Correction by the
instructor: ...", an exercise gains a correction line worth the difference, and the result's
notes list every correction and the late penalty, which is a line of its own so that the
report's total is the final points.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from ..errors import CourseError
from ..i18n import LANGUAGES, number, text
from ..model import CaseResult, ExerciseResult, GradeResult, Status
from .deadlines import Lateness
from .records import Row, read_rows

COLUMNS = {"exercise": ("exercise", "Aufgabe"), "case?": ("case", "Test", "Fall"),
           "points": ("points", "Punkte"), "comment?": ("comment", "Kommentar", "Begründung")}
CORRECTION = "correction"
PENALTY = "late"


@dataclass(frozen=True)
class Correction:
    exercise: str
    case: str | None
    before: float
    after: float
    comment: str

    @property
    def delta(self) -> float:
        return self.after - self.before


def read_overrides(path) -> list[Row]:
    """overrides.csv: student, sheet, exercise, case (empty: the whole exercise), points, comment."""
    rows = read_rows(path, COLUMNS)
    for r in rows:
        try:
            points = float(r.values["points"].replace(",", "."))
        except ValueError:
            raise CourseError(f"{r.where}: points must be a number, not {r.values['points']!r}") from None
        r.values["points"] = points
    return rows


def _pts(value: float) -> dict:
    return {lang: number(round(value, 2), lang) for lang in LANGUAGES}


def _find_case(exercise: ExerciseResult, name: str, where: str) -> CaseResult:
    for case in exercise.cases:
        if case.kind != CORRECTION and name in (case.name, *case.title.values()):
            return case
    raise CourseError(f"{where}: {exercise.id} has no case {name!r}")


def _apply_one(result: GradeResult, row: Row) -> Correction:
    exercise = next((e for e in result.exercises if e.id == row.values["exercise"]), None)
    if exercise is None:
        known = ", ".join(e.id for e in result.exercises)
        raise CourseError(f"{row.where}: no exercise {row.values['exercise']!r} in this sheet (it has {known})")
    points, comment = row.values["points"], row.values.get("comment", "")
    if row.values.get("case"):
        case = _find_case(exercise, row.values["case"], row.where)
        if not 0 <= points <= case.max_score:
            raise CourseError(f"{row.where}: the case is worth 0 to {case.max_score:g} points, not {points:g}")
        done = Correction(exercise.id, case.name, case.score, points, comment)
        case.score = points
        case.message = {lang: f"{case.message.get(lang, '')} {words[lang]}".strip()
                        for lang, words in _note(done).items()}
        return done
    if not 0 <= points <= exercise.max_score:
        raise CourseError(f"{row.where}: {exercise.id} is worth 0 to {exercise.max_score:g} points, not {points:g}")
    done = Correction(exercise.id, None, exercise.score, points, comment)
    exercise.cases.append(CaseResult(
        exercise.id, CORRECTION, "-", True, 0.0, score=done.delta, kind=CORRECTION,
        status=Status.PASSED if done.delta >= 0 else Status.FAILED, message=_note(done),
        title=text("course.correction_title")))
    return done


def _note(done: Correction) -> dict:
    what = done.exercise if done.case is None else f"{done.exercise}: {done.case}"
    note = text("course.correction", what=what, before=_pts(done.before), after=_pts(done.after))
    return {lang: f"{note[lang]} {done.comment}".strip() for lang in LANGUAGES}


def apply_corrections(result: GradeResult, rows: list[Row]) -> tuple[GradeResult, list[Correction]]:
    """A copy of `result` with every correction applied, and what each changed."""
    result = copy.deepcopy(result)
    done = [_apply_one(result, row) for row in rows]
    result.notes = [*result.notes, *(_note(c) for c in done)]
    return result, done


def apply_penalty(result: GradeResult, late: Lateness) -> tuple[GradeResult, float]:
    """`result` (a copy, from `apply_corrections`) with the late penalty as its own line, and the points taken."""
    penalty = round(max(result.score, 0.0) * late.percent / 100, 4)
    if not late.days or not (penalty or late.refused):
        return result, 0.0  # on time, or late with nothing to lose: no line about it
    key = "course.refused" if late.refused else "course.late"
    note = text(key, days=late.days, percent=_pts(late.percent), points=_pts(penalty),
                due=late.due.strftime("%Y-%m-%d %H:%M") if late.due else "-",
                submitted=late.submitted.strftime("%Y-%m-%d %H:%M") if late.submitted else "-")
    result.exercises.append(ExerciseResult(PENALTY, text("course.late_title"), [CaseResult(
        PENALTY, PENALTY, "-", True, 0.0, score=-penalty, status=Status.FAILED, kind="penalty", message=note,
        title=text("course.late_title"))]))
    result.notes = [*result.notes, note]
    return result, penalty
