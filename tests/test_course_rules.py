"""The course's rules on their own: Moodle's times, late penalties, the admission, the files Moodle reads."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from course_scenario import userdate
from helpers import run_dlgrade

from dlgrade.course import moodle, tables
from dlgrade.course.admission import ADMITTED, NOT_ADMITTED, OPEN, verdict
from dlgrade.course.config import Admission
from dlgrade.course.deadlines import LateRule, lateness, parse_deadline
from dlgrade.errors import CourseError

DUE = datetime(2026, 11, 27, 23, 59)


@pytest.mark.parametrize("when", [datetime(2026, 11, 27, 23, 59), datetime(2026, 3, 2, 0, 5), datetime(2026, 12, 1, 12, 0)])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_moodle_times_are_read_as_moodle_prints_them(when, lang):
    assert moodle.parse_time(userdate(when, lang)) == when


def test_other_time_forms_and_none():
    assert moodle.parse_time("Friday, November 27, 2026, 11:59 PM") == DUE  # Moodle's US English
    assert moodle.parse_time("2026-11-27 23:59") == DUE
    assert moodle.parse_time("-") is None and moodle.parse_time("") is None
    with pytest.raises(ValueError, match="not a time"):
        moodle.parse_time("next Friday")


@pytest.mark.parametrize("hours, days, percent", [(0, 0, 0), (0.01, 1, 10), (24, 1, 10), (24.01, 2, 20), (72, 3, 30)])
def test_a_percentage_per_started_day(hours, days, percent):
    from datetime import timedelta

    late = lateness(DUE + timedelta(hours=hours), DUE, LateRule(10, 3))
    assert (late.days, late.percent, late.refused) == (days, percent, False)


def test_after_max_days_nothing_is_accepted_and_an_extension_moves_the_deadline():
    refused = lateness(datetime(2026, 12, 1, 0, 0), DUE, LateRule(10, 3))
    assert refused.refused and refused.percent == 100 and refused.days == 4
    extended = lateness(datetime(2026, 12, 1, 0, 0), DUE, LateRule(10, 3), parse_deadline("2026-12-01", "x"))
    assert extended.days == 0 and extended.due == datetime(2026, 12, 1, 23, 59, 59)
    assert lateness(None, DUE, LateRule(10)).days == 0  # no time known: on time
    assert lateness(datetime(2027, 1, 1), DUE, LateRule()).percent == 0  # no [late] rule: lateness costs nothing


def test_a_bad_late_rule_is_refused():
    with pytest.raises(CourseError, match="percent_per_day"):
        LateRule.from_table({"percent_per_day": 150}, "x")
    with pytest.raises(CourseError, match="unknown key"):
        LateRule.from_table({"percent": 10}, "x")


MAXIMA = {"s1": 20.0, "s2": 20.0, "s3": 20.0}


@pytest.mark.parametrize("points, graded, status, at_risk", [
    ({"s1": 20, "s2": 10}, {"s1", "s2"}, ADMITTED, False),       # 30 of 60 reached already
    ({"s1": 15, "s2": 10}, {"s1", "s2"}, OPEN, False),           # at this rate 37.5 of 60
    ({"s1": 10, "s2": 5}, {"s1", "s2"}, OPEN, True),             # at this rate 22.5 < 30
    ({"s1": 2, "s2": 3}, {"s1", "s2"}, NOT_ADMITTED, False),     # 5 + 20 < 30
    ({"s1": 10, "s2": 10, "s3": 9.99}, set(MAXIMA), NOT_ADMITTED, False),
])
def test_the_admission_verdict(points, graded, status, at_risk):
    v = verdict(points, MAXIMA, graded, Admission(percent=50))
    assert (v.status, v.at_risk) == (status, at_risk)


def test_per_sheet_minimums():
    rule = Admission(percent=50, sheet_percent=40, sheets=2)  # 40 % on two of three sheets
    assert verdict({"s1": 20, "s2": 20}, MAXIMA, {"s1", "s2"}, rule).status == ADMITTED
    assert verdict({"s1": 20, "s2": 7, "s3": 7}, MAXIMA, set(MAXIMA), rule).status == NOT_ADMITTED  # 34 points, one sheet
    assert verdict({"s1": 20, "s2": 7}, MAXIMA, {"s1", "s2"}, rule).status == OPEN


WORKSHEET = ("\ufeffIdentifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,"
             "Last modified (submission),Last modified (grade),Feedback comments\n"
             'Participant 7,"=HYPERLINK(""http://x"")",a@x,Submitted for grading,,"20,00",Yes,'
             '"Friday, 27 November 2026, 11:59 PM",-,\n'
             'Participant 9,Jürgen Groß,b@x,No submission,,"20,00",No,-,-,\n')


def test_the_worksheet_comes_back_as_moodle_reads_it(tmp_path):
    path = tmp_path / "ws.csv"
    path.write_bytes(WORKSHEET.encode())
    sheet = moodle.read_worksheet(path)
    assert sheet.rows["7"].submitted == DUE and sheet.rows["9"].submitted is None
    assert sheet.max_grade == 20 and sheet.decimal_comma and not sheet.rows["9"].can_change
    text = sheet.filled({"7": (13.5, "13,5 von 20 Punkten."), "9": (0, "Keine Abgabe.")})
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == next(csv.reader(io.StringIO(WORKSHEET[1:])))
    assert rows[1][4] == "13,50" and rows[1][9] == "13,5 von 20 Punkten." and rows[2][4] == "0,00"
    assert rows[1][1].startswith("'=")  # a name that would be a formula in a spreadsheet stays text


def test_a_worksheet_without_the_columns_moodle_needs_is_refused(tmp_path):
    path = tmp_path / "ws.csv"
    path.write_text("Name,Points\nx,1\n")
    with pytest.raises(CourseError, match="no column 'Identifier' / 'ID'"):
        moodle.read_worksheet(path)


def test_folder_names_as_moodle_writes_and_reads_them():
    assert moodle.folder_name("Anna_Lena Berg", "12") == "Anna Lena Berg_12_assignsubmission_file_"
    assert moodle.folder_name("a/b: <c>", "3") == "ab c_3_assignsubmission_file_"


def test_spreadsheet_csv_with_semicolons_in_windows_1252(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("Student;Sheet;Until\nJürgen Groß;sheet01;2026-12-01\n".encode("cp1252"))
    table = tables.read(path)
    assert table.delimiter == ";" and table.rows == [["Jürgen Groß", "sheet01", "2026-12-01"]]
    assert table.column("student") == 0 and table.column("UNTIL") == 2


@pytest.mark.parametrize("content, message", [
    ("[[sheets]]\nid = 'sheet01'\n", "every sheet needs an id and a batch folder"),
    ("[[sheets]]\nid = 'sheet99'\nbatch = 'b'\n", "unknown sheet 'sheet99'"),
    ("lang = 'fr'\n[[sheets]]\nid = 'sheet01'\nbatch = 'b'\n", "lang must be one of"),
    ("[admission]\npercent = 120\n[[sheets]]\nid = 'sheet01'\nbatch = 'b'\n", "percent must be a percentage"),
    ("[[sheets]]\nid = 'sheet01'\nbatch = 'b'\ndue = 'soon'\n", "'soon' is not a date"),
    ("[[sheets]]\nid = 'sheet01'\nbatch = 'b'\n[[sheets]]\nid = 'sheet01'\nbatch = 'c'\n", "listed twice"),
    ("title = 'x\n", "not valid TOML"),
    ("[[sheet]]\nid = 'sheet01'\n", "unknown key(s) sheet"),
])
def test_a_wrong_course_file_is_one_clear_message(tmp_path, content, message):
    path = tmp_path / "course.toml"
    path.write_text(content)
    proc = run_dlgrade("course", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_course_report_escapes_names_and_lists_who_is_at_risk(tmp_path):
    from dlgrade.course.book import CourseBook, Person
    from dlgrade.course.config import Course, SheetEntry
    from dlgrade.course.deadlines import Lateness
    from dlgrade.course.records import Student
    from dlgrade.course.report import write_course_report
    from dlgrade.course.sheetbook import Outcome, SheetBook

    hostile = "<script>alert(1)</script> Eve"
    graded = SheetBook(SheetEntry("sheet01", tmp_path), True, 20.0, {"perceptron": 10.0, "backprop": 10.0})
    for sid, name, final in (("1", hostile, 6.0), ("2", "Bob", 18.0)):
        graded.outcomes[sid] = Outcome(Student(sid, name, f"{sid}@x"), "graded", final, final, 0.0, final, Lateness(None, None))
    pending = SheetBook(SheetEntry("sheet02", tmp_path), False, 20.0)
    course = Course(tmp_path / "c.toml", {"de": "Kurs", "en": "Course"}, "de", [graded.entry, pending.entry],
                    Admission(percent=50))
    people = [Person(f"{o.student.local_id}@x", o.student.name, f"{o.student.local_id}@x", {"sheet01": o.final})
              for o in graded.outcomes.values()]
    book = CourseBook(course, [graded, pending], people)
    for person in people:
        person.verdict = verdict(person.final, book.maxima, book.graded, course.admission)
    html = write_course_report(book, tmp_path / "r.html", "en").read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Eve" in html
    at_risk = html[html.index("At risk: at the current rate"):]
    assert "Eve" in at_risk and "Bob" not in at_risk  # 6 of 20 so far: 12 of 40 projected, 20 needed


def test_moodle_download_folders_of_every_version_are_found(tmp_path):
    """Moodle >= 4.1 names folders without the trailing "_" that earlier versions wrote; single files keep their name."""
    from dlgrade.batch.discover import discover

    (tmp_path / "Jürgen Groß_101_assignsubmission_file").mkdir()
    (tmp_path / "Jürgen Groß_101_assignsubmission_file" / "sheet01.py").write_text("x = 1\n")
    (tmp_path / "Zoë Müller_102_assignsubmission_file_").mkdir()
    (tmp_path / "Zoë Müller_102_assignsubmission_file_" / "sheet01.py").write_text("x = 1\n")
    (tmp_path / "Ana López_103_assignsubmission_file_mine.ipynb").write_text("{}")
    entries, ignored = discover(tmp_path, "sheet01")
    assert [(e.student_id, e.name, e.layout, e.path.name if e.path else None) for e in entries] == [
        ("101", "Jürgen Groß", "moodle", "sheet01.py"), ("102", "Zoë Müller", "moodle", "sheet01.py"),
        ("103", "Ana López", "moodle", "Ana López_103_assignsubmission_file_mine.ipynb")]
    assert ignored == []
