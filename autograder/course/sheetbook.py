"""One sheet of the course: every student's raw points, corrections, late penalty and final points.

Read from the sheet's batch store (what `grade-batch` graded), Moodle's worksheet (names,
emails, submission times, and the students who handed in nothing) and the instructor's files.
Nothing here writes; the result of a student is adjusted on a copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import catalog
from ..batch.gradebook import exercise_maxima
from ..batch.store import DB_NAME, ResultStore
from ..errors import CourseError
from ..grading import unusable_result
from ..i18n import text
from ..model import GradeResult
from .config import SheetEntry
from .corrections import Correction, apply_corrections, apply_penalty
from .deadlines import Lateness, lateness
from .moodle import Worksheet, read_worksheet
from .records import Roster, Row, Student

NO_SUBMISSION = "none"  # in Moodle's worksheet, not in the batch: nothing handed in


@dataclass
class Outcome:
    """One student on one sheet."""

    student: Student
    status: str  # the batch's status (graded, missing, ambiguous, internal) or "none"
    raw: float
    corrected: float
    penalty: float
    final: float
    late: Lateness
    corrections: list[Correction] = field(default_factory=list)
    result: GradeResult | None = None  # with corrections and penalty; None for "none" without corrections


@dataclass
class SheetBook:
    entry: SheetEntry
    graded: bool
    max_points: float
    maxima: dict[str, float] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # by the sheet's own student id
    worksheet: Worksheet | None = None
    hidden_visibility: str = "visible"

    @property
    def id(self) -> str:
        return self.entry.id


def catalog_max(sheet_id: str) -> float:
    """A sheet's points before anyone is graded: its `points`, else the sum of its cases."""
    points = catalog.load_sheet(sheet_id).points if (catalog.EXERCISES / f"{sheet_id}.toml").exists() else {}
    return sum(points.get(e.id, e.max_points(0)) for e in catalog.resolve(sheet_id))


def _open_store(entry: SheetEntry) -> ResultStore | None:
    if not (entry.batch / DB_NAME).exists():
        return None
    store = ResultStore(entry.batch)
    target = store.meta("target")
    if target not in (None, entry.id):
        store.close()
        raise CourseError(f"{entry.batch} holds a batch of {target!r}, not of {entry.id!r}")
    return store


def _students(store: ResultStore, worksheet: Worksheet | None) -> tuple[list[Student], dict[str, str]]:
    """Everyone of the sheet and their batch status ("none" for worksheet rows without a submission)."""
    sheet_rows = worksheet.rows if worksheet else {}
    students, status = [], {}
    for row in store.students():
        ws = sheet_rows.get(row.student_id)
        students.append(Student(row.student_id, ws.name if ws else row.name or "", ws.email if ws and ws.email
                                else row.email or ""))
        status[row.student_id] = row.status
    for pid, ws in sheet_rows.items():
        if pid not in status:
            students.append(Student(pid, ws.name, ws.email))
            status[pid] = NO_SUBMISSION
    return students, status


def _mine(rows: list[Row], sheet_id: str, roster: Roster, any_sheet: bool = False) -> dict[str, list[Row]]:
    """The rows for this sheet by student id; rows for every sheet (empty sheet) only where they fit."""
    out: dict[str, list[Row]] = {}
    for row in rows:
        if row.sheet == sheet_id:
            out.setdefault(roster.find(row.student, row.where).local_id, []).append(row)
        elif any_sheet and not row.sheet:
            try:
                out.setdefault(roster.find(row.student, row.where).local_id, []).append(row)
            except CourseError:
                continue  # not on this sheet; the course checks it fits somewhere
    return out


def build_sheet(entry: SheetEntry, extensions: list[Row], times: list[Row], overrides: list[Row]) -> SheetBook:
    """Every student's outcome on one sheet (an ungraded sheet has none)."""
    worksheet = read_worksheet(entry.worksheet) if entry.worksheet else None
    store = _open_store(entry)
    if store is None:
        return SheetBook(entry, False, catalog_max(entry.id), worksheet=worksheet)
    try:
        maxima = exercise_maxima(store, entry.id)
        book = SheetBook(entry, True, sum(maxima.values()), maxima, worksheet=worksheet,
                         hidden_visibility=store.meta("hidden_visibility") or "visible")
        students, status = _students(store, worksheet)
        roster = Roster(entry.id, students)
        extension = _mine(extensions, entry.id, roster, any_sheet=True)
        when = _mine(times, entry.id, roster)
        fixes = _mine(overrides, entry.id, roster)
        for student in students:
            sid = student.local_id
            until = max((r.values["until"] for r in extension.get(sid, [])), default=None)
            late = Lateness(entry.due, None) if status[sid] == NO_SUBMISSION else \
                lateness(_submitted(sid, when, worksheet), entry.due, entry.late, until)
            book.outcomes[sid] = _outcome(store, entry.id, student, status[sid], late, fixes.get(sid, []))
        return book
    finally:
        store.close()


def _submitted(sid: str, times: dict[str, list[Row]], worksheet: Worksheet | None):
    """When a student handed in: from the times file, else from Moodle's worksheet, else unknown."""
    if sid in times:
        return times[sid][-1].values["submitted"]
    return worksheet.rows[sid].submitted if worksheet and sid in worksheet.rows else None


def _outcome(store: ResultStore, sheet_id: str, student: Student, status: str, late: Lateness,
             fixes: list[Row]) -> Outcome:
    if status == NO_SUBMISSION:
        if not fixes:
            return Outcome(student, status, 0.0, 0.0, 0.0, 0.0, late)
        raw_result = unusable_result(sheet_id, "-", text("course.no_submission"))
    else:
        raw_result = store.result(student.local_id)
    result, corrections = apply_corrections(raw_result, fixes)
    corrected = result.score
    result, penalty = apply_penalty(result, late)
    return Outcome(student, status, raw_result.score, corrected, penalty, max(result.score, 0.0), late, corrections, result)
