"""The course gradebook: every sheet's outcomes, one row per person, and the admission verdicts.

Two CSV files come out of it: per sheet (raw points, corrections, late penalty, final points,
per exercise and in total) and for the course (final points per sheet, the sum, the verdict).
Points are written as the batch gradebook writes them (a dot, no trailing zeros).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..batch.gradebook import points
from ..errors import CourseError
from ..output.formats import csv_text, write_atomic
from . import records
from .admission import Verdict, verdict
from .config import Course
from .corrections import PENALTY, read_overrides
from .records import Roster, Row
from .sheetbook import SheetBook, build_sheet


@dataclass
class Person:
    """One student across the course."""

    key: str
    name: str = ""
    email: str = ""
    final: dict[str, float] = field(default_factory=dict)  # per graded sheet
    ids: dict[str, str] = field(default_factory=dict)  # per sheet: the id there
    verdict: Verdict | None = None

    @property
    def label(self) -> str:
        return self.email or self.name or self.key.removeprefix("id:")


@dataclass
class CourseBook:
    course: Course
    sheets: list[SheetBook]
    people: list[Person]

    @property
    def graded(self) -> set[str]:
        return {s.id for s in self.sheets if s.graded}

    @property
    def maxima(self) -> dict[str, float]:
        return {s.id: s.max_points for s in self.sheets}


def _check_sheets(rows: list[Row], sheet_ids: set[str], empty_ok: bool = False) -> None:
    for row in rows:
        if row.sheet not in sheet_ids and not (empty_ok and not row.sheet):
            raise CourseError(f"{row.where}: sheet {row.sheet!r} is not in the course ({', '.join(sorted(sheet_ids))})")


def _check_everywhere(rows: list[Row], sheets: list[SheetBook]) -> None:
    """A line for every sheet (empty sheet column) must name someone on at least one sheet."""
    rosters = [Roster(s.id, [o.student for o in s.outcomes.values()]) for s in sheets if s.graded]
    for row in (r for r in rows if not r.sheet):
        if not any(_fits(roster, row) for roster in rosters):
            raise CourseError(f"{row.where}: no student {row.student!r} on any graded sheet")


def _fits(roster: Roster, row: Row) -> bool:
    try:
        roster.find(row.student, row.where)
        return True
    except CourseError:
        return False


def _people(sheets: list[SheetBook]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for sheet in (s for s in sheets if s.graded):
        seen: dict[str, str] = {}
        for sid, outcome in sheet.outcomes.items():
            student = outcome.student
            if student.key in seen:
                raise CourseError(f"{sheet.id}: students {seen[student.key]} and {sid} are both {student.key!r}; "
                                  "give the sheet a Moodle worksheet (with email addresses) to tell them apart")
            seen[student.key] = sid
            person = people.setdefault(student.key, Person(student.key))
            person.name, person.email = person.name or student.name, person.email or student.email
            person.final[sheet.id] = float(points(outcome.final))  # as the sheet's gradebook and Moodle say it
            person.ids[sheet.id] = sid
    return people


def build_course(course: Course) -> CourseBook:
    """Every sheet and every person of the course, with their admission verdicts."""
    ids = {s.id for s in course.sheets}
    extensions, times = records.extensions(course.extensions), records.times(course.times)
    overrides = read_overrides(course.overrides)
    _check_sheets(extensions, ids, empty_ok=True)
    _check_sheets(times, ids)
    _check_sheets(overrides, ids)
    sheets = [build_sheet(entry, extensions, times, overrides) for entry in course.sheets]
    _check_everywhere(extensions, sheets)
    people = sorted(_people(sheets).values(), key=lambda p: (p.name.casefold(), p.key))
    book = CourseBook(course, sheets, people)
    for person in people:
        person.verdict = verdict(person.final, book.maxima, book.graded, course.admission)
    return book


def sheet_rows(sheet: SheetBook) -> tuple[list[str], list[list]]:
    """Per student of one sheet: when, how late, raw, corrections, penalty, final (also per exercise)."""
    header = ["Student ID", "Name", "Email", "Status", "Submitted", "Due", "Days late",
              *(f"{ex} (max {points(m)})" for ex, m in sheet.maxima.items()),
              "Raw", "Corrections", "Penalty", "Final", "Max"]
    rows = []
    for sid, o in sorted(sheet.outcomes.items()):
        per_exercise = {e.id: e.score for e in o.result.exercises if e.id != PENALTY} if o.result else {}
        stamp = (lambda t: t.strftime("%Y-%m-%d %H:%M") if t else "")
        rows.append([sid, o.student.name, o.student.email, o.status, stamp(o.late.submitted), stamp(o.late.due),
                     o.late.days, *(points(per_exercise.get(ex, 0.0)) for ex in sheet.maxima),
                     points(o.raw), points(o.corrected - o.raw), points(o.penalty), points(o.final),
                     points(sheet.max_points)])
    return header, rows


def course_rows(book: CourseBook) -> tuple[list[str], list[list]]:
    """One row per person: final points per sheet (empty where not graded), sum, verdict."""
    header = ["Student", "Name", "Email", *(f"{s.id} (max {points(s.max_points)})" for s in book.sheets),
              "Total", "Max", "Percent", "Admission", "At risk"]
    total_max = sum(book.maxima.values())
    rows = []
    for p in book.people:
        cells = [points(p.final.get(s.id, 0.0)) if s.graded else "" for s in book.sheets]
        rows.append([p.label, p.name, p.email, *cells, points(p.verdict.points), points(total_max),
                     points(100 * p.verdict.points / total_max) if total_max else "0", p.verdict.status,
                     "yes" if p.verdict.at_risk else "no"])
    return header, rows


def write_csv(path: Path, table: tuple[list[str], list[list]]) -> Path:
    write_atomic(Path(path), csv_text(*table))
    return Path(path)
