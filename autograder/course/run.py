"""`dlgrade course COURSE_FILE --out DIR`: everything the course needs after grading, in one run.

For every graded sheet: DIR/SHEET/gradebook.csv (raw points, corrections, late penalty,
final points), every student's corrected report in DIR/SHEET/students/ID/, and, for a sheet
with a Moodle worksheet, the two files to upload (DIR/SHEET/moodle/). Then the course:
DIR/course.csv (points per sheet, the sum, the admission verdict) and DIR/course_report.html.
Grading itself stays with `grade-batch`; this reads its results and changes none of them.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .book import build_course, course_rows, sheet_rows, write_csv
from .config import load_course
from .feedback import render_reports, write_moodle
from .report import write_course_report


def run_course(course_file: Path, out: Path, lang: str | None = None, echo: Callable[[str], None] = print) -> int:
    """Process the course; returns the exit code."""
    course = load_course(course_file)
    lang = lang or course.lang
    out = Path(out)
    book = build_course(course)
    for sheet in book.sheets:
        if not sheet.graded:
            echo(f"{sheet.id}: not graded yet (no results in {sheet.entry.batch})")
            continue
        folder = out / sheet.id
        gradebook = write_csv(folder / "gradebook.csv", sheet_rows(sheet))
        rendered = render_reports(sheet, folder / "students", lang)
        late = sum(o.late.days > 0 for o in sheet.outcomes.values())
        corrected = sum(bool(o.corrections) for o in sheet.outcomes.values())
        echo(f"{sheet.id}: {len(sheet.outcomes)} students, {late} late, {corrected} corrected; {gradebook}"
             f" ({rendered} reports rendered)")
        if sheet.worksheet is not None:
            files = write_moodle(sheet, folder / "students", folder / "moodle", lang)
            echo(f"{sheet.id}: upload to Moodle: {files.worksheet} and {files.feedback}")
            if files.scaled:
                echo(f"{sheet.id}: Moodle's maximum grade {sheet.worksheet.max_grade:g} differs from the sheet's "
                     f"{sheet.max_points:g} points: grades scaled to it")
            if files.not_in_worksheet:
                echo(f"{sheet.id}: not in Moodle's worksheet (no grade written): {', '.join(files.not_in_worksheet[:20])}")
            if files.locked:
                echo(f"{sheet.id}: Moodle says their grade cannot be changed: {', '.join(files.locked[:20])}")
    table = write_csv(out / "course.csv", course_rows(book))
    report = write_course_report(book, out / "course_report.html", lang)
    at_risk = sum(p.verdict.at_risk for p in book.people)
    echo(f"course: {len(book.people)} students in {table}; {at_risk} at risk; report: {report}")
    return 0
