"""The acceptance scenario through the CLI: two sheets of thirty students from Moodle downloads,
graded with grade-batch, one late submission with an extension, one without, one correction;
`dlgrade course` writes the gradebooks, the Moodle worksheet and feedback zip (checked here the
way Moodle's importers read them) and the course CSV with the admission verdicts.
"""
from __future__ import annotations

import csv
import io
import math
import re
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from course_scenario import (
    CORRECTED,
    CORRECTION,
    DUE,
    EXTENSION_UNTIL,
    LATE,
    LATE_EXTENDED,
    NAMES,
    PERCENT_PER_DAY,
    email,
    plan,
    write_course,
    write_download,
    write_worksheet,
)
from helpers import run_dlgrade

FAST = ("--call-timeout", "5", "--import-timeout", "10", "--total-timeout", "120")
SHEETS = {"sheet01": ("20.00", "en"), "sheet02": ("20,00", "de")}


def ok(*args: str, timeout: float = 900) -> str:
    proc = run_dlgrade(*args, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    ok("sheet", "build", "sheet01", "--out", str(root / "nb"), "--solutions")
    notebook = (root / "nb" / "sheet01_solutions.ipynb").read_bytes()
    plans, batches, worksheets = {}, {}, {}
    for sheet, (max_grade, lang) in SHEETS.items():
        plans[sheet] = plan(sheet)
        download = write_download(root / "moodle" / sheet, sheet, plans[sheet], notebook if sheet == "sheet01" else None)
        worksheets[sheet] = write_worksheet(root / f"Bewertungen-{sheet}.csv", plans[sheet], max_grade, lang)
        batches[sheet] = root / "batches" / sheet
        ok("grade-batch", sheet, str(download), "--out", str(batches[sheet]), "--jobs", "2", *FAST)
    course_file = write_course(root, batches, worksheets)
    stdout = ok("course", str(course_file), "--out", str(root / "out"))
    return root, plans, stdout


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def participant(plans, sheet: str, name: str) -> str:
    return next(s.participant for s in plans[sheet] if s.name == name)


def sheet_row(root: Path, plans, sheet: str, name: str) -> dict:
    (row,) = [r for r in rows(root / "out" / sheet / "gradebook.csv") if r["Student ID"] == participant(plans, sheet, name)]
    return row


def moodle_float(text: str) -> float:
    """Moodle's unformat_float: the site's decimal separator (a comma here) or a dot."""
    return float(text.strip().replace(",", "."))


def test_every_student_is_in_the_course_once_matched_across_sheets(course):
    root, plans, stdout = course
    table = rows(root / "out" / "course.csv")
    assert sorted(r["Name"] for r in table) == sorted(NAMES)
    assert {r["Email"] for r in table} == {email(n) for n in NAMES}
    for sheet in SHEETS:  # Moodle's participant numbers differ per assignment; the course joins by email
        book = {r["Student ID"]: r for r in rows(root / "out" / sheet / "gradebook.csv")}
        assert set(book) == {s.participant for s in plans[sheet]}
        for person in table:
            pid = participant(plans, sheet, person["Name"])
            assert person[f"{sheet} (max 20)"] == book[pid]["Final"]
    assert "upload to Moodle" in stdout


def test_late_without_extension_loses_a_share_per_started_day(course):
    root, plans, _ = course
    row = sheet_row(root, plans, "sheet01", LATE)
    submitted = next(s.submitted for s in plan("sheet01") if s.name == LATE)
    days = math.ceil((submitted - DUE["sheet01"]) / timedelta(days=1))
    raw = float(row["Raw"])
    assert int(row["Days late"]) == days == 2
    assert float(row["Penalty"]) == pytest.approx(raw * days * PERCENT_PER_DAY / 100, abs=1e-3)
    assert float(row["Final"]) == pytest.approx(raw - float(row["Penalty"]), abs=1e-3) and float(row["Final"]) < raw


def test_late_with_an_extension_costs_nothing(course):
    root, plans, _ = course
    row = sheet_row(root, plans, "sheet01", LATE_EXTENDED)
    submitted = datetime.strptime(row["Submitted"], "%Y-%m-%d %H:%M")
    assert submitted > DUE["sheet01"]  # late for everyone else
    assert row["Due"] == EXTENSION_UNTIL and row["Days late"] == "0" and float(row["Penalty"]) == 0
    assert row["Final"] == row["Raw"]


def test_the_correction_sets_the_exercise_and_reaches_the_report(course):
    root, plans, _ = course
    exercise, points, comment = CORRECTION
    row = sheet_row(root, plans, "sheet01", CORRECTED)
    pid = participant(plans, "sheet01", CORRECTED)
    assert float(row[f"{exercise} (max 10)"]) == points
    assert float(row["Final"]) == pytest.approx(float(row["perceptron (max 10)"]) + points)
    assert float(row["Corrections"]) == pytest.approx(float(row["Final"]) - float(row["Raw"]))
    report = (root / "out" / "sheet01" / "students" / pid / "report.md").read_text()
    assert "Korrektur durch die Lehrenden (backprop)" in report and comment in report
    with zipfile.ZipFile(root / "out" / "sheet01" / "moodle" / "sheet01-feedback.zip") as archive:
        (member,) = [n for n in archive.namelist() if f"_{pid}_" in n]
        assert comment in archive.read(member).decode()


def test_the_correction_survives_a_regrade(course, tmp_path):
    root, plans, _ = course
    pid = participant(plans, "sheet01", CORRECTED)
    before = sheet_row(root, plans, "sheet01", CORRECTED)["Final"]
    ok("grade-batch", "sheet01", str(root / "moodle" / "sheet01"), "--out", str(root / "batches" / "sheet01"),
       "--regrade", pid, *FAST)
    ok("course", str(root / "course.toml"), "--out", str(tmp_path / "again"))
    again = [r for r in rows(tmp_path / "again" / "sheet01" / "gradebook.csv") if r["Student ID"] == pid]
    assert again[0]["Final"] == before and float(again[0]["Corrections"]) > 0


def read_worksheet_as_moodle(path: Path) -> tuple[list[str], list[list[str]]]:
    """What Moodle's CSV import sees: UTF-8, its byte order mark removed, comma separated."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    return table[0], table[1:]


@pytest.mark.parametrize("sheet", SHEETS)
def test_the_worksheet_is_moodles_own_with_grades_and_feedback(course, sheet):
    root, plans, _ = course
    before_header, before = read_worksheet_as_moodle(root / f"Bewertungen-{sheet}.csv")
    header, after = read_worksheet_as_moodle(root / "out" / sheet / "moodle" / f"{sheet}-worksheet.csv")
    assert header == before_header
    col = {name: header.index(name) for name in header}
    english = "Grade" in col
    grade, feedback = (col["Grade"], col["Feedback comments"]) if english else (col["Bewertung"], col["Feedback als Kommentar"])
    assert len(after) == len(before) == 30
    book = {r["Student ID"]: r for r in rows(root / "out" / sheet / "gradebook.csv")}
    for old, new in zip(before, after):
        kept = ["-" if c == "'-" else c for i, c in enumerate(new) if i not in (grade, feedback)]  # "'": csv_text's guard
        assert kept == [c for i, c in enumerate(old) if i not in (grade, feedback)]
        pid = re.search(r"(\d+)$", new[0]).group(1)  # importgradeslib: the number after "Participant "
        assert moodle_float(new[grade]) == pytest.approx(float(book[pid]["Final"]), abs=0.005)
        assert ("," in new[grade]) == (sheet == "sheet02")  # as Moodle wrote this file's numbers
        assert new[feedback] and "<" not in new[feedback]


def is_valid_filename_for_import(path: str, participants: set[str]) -> tuple[str, str] | None:
    """Moodle's assignfeedback_file_zip_importer::is_valid_filename_for_import, on a zip member's path."""
    parts = path.split("/")
    while parts:
        info = parts.pop(0).split("_", 4)
        if len(info) < 4 or not info[1].isdigit() or info[1] not in participants:
            continue
        if (info[2], info[3]) != ("assignsubmission", "file"):
            continue
        return info[1], "/".join([info[4] if len(info) > 4 else "", *parts])
    return None


def test_the_feedback_zip_is_what_moodles_zip_upload_accepts(course):
    root, plans, _ = course
    submitted = {s.participant: s.name for s in plans["sheet01"] if s.code}
    with zipfile.ZipFile(root / "out" / "sheet01" / "moodle" / "sheet01-feedback.zip") as archive:
        names = archive.namelist()
        found = {}
        for name in names:
            valid = is_valid_filename_for_import(name, {s.participant for s in plans["sheet01"]})
            assert valid, name
            found[valid[0]] = valid[1]
            assert archive.read(name).startswith(b"<!DOCTYPE html>")
    assert found == {pid: "/report.html" for pid in submitted}  # every submitter, one report each
    folders = {n.split("/")[0] for n in names}
    assert "Anna Lena Berg_" + participant(plans, "sheet01", "Anna_Lena Berg") + "_assignsubmission_file_" in folders
    assert any(f.startswith("Özlem Şahin_") for f in folders)


def test_the_admission_follows_the_rule(course):
    root, plans, _ = course
    for person in rows(root / "out" / "course.csv"):
        total = float(person["sheet01 (max 20)"]) + float(person["sheet02 (max 20)"])
        assert float(person["Total"]) == pytest.approx(total, abs=1e-3)
        assert person["Admission"] == ("admitted" if total >= 0.5 * 40 else "not_admitted")  # every sheet graded
        assert person["At risk"] == "no"
    verdicts = {p["Admission"] for p in rows(root / "out" / "course.csv")}
    assert verdicts == {"admitted", "not_admitted"}


def test_with_a_sheet_still_to_grade_the_verdict_is_open_and_some_are_at_risk(course, tmp_path):
    root, plans, _ = course
    pending = tmp_path / "course.toml"
    text = (root / "course.toml").read_text()
    for relative in ('"batches/', '"Bewertungen', '"extensions.csv', '"overrides.csv'):
        text = text.replace(relative, f'"{root}/{relative[1:]}')
    pending.write_text(text + '\n[[sheets]]\nid = "sheet03"\nbatch = "not-graded-yet"\n')
    stdout = ok("course", str(pending), "--out", str(tmp_path / "out"), "--lang", "en")
    assert "sheet03: not graded yet" in stdout
    table = rows(tmp_path / "out" / "course.csv")
    assert all(r["sheet03 (max 20)"] == "" for r in table)
    for person in table:
        reached = float(person["Total"])
        projected = reached / 40 * 60
        expected = "admitted" if reached >= 30 else "not_admitted" if reached + 20 < 30 else "open"
        assert person["Admission"] == expected
        assert person["At risk"] == ("yes" if expected == "open" and projected < 30 else "no")
    at_risk = [r["Name"] for r in table if r["At risk"] == "yes"]
    assert at_risk
    report = (tmp_path / "out" / "course_report.html").read_text()
    assert all(name in report for name in at_risk)
    assert "<h1>Course report</h1>" in report and "<h1>Kursbericht</h1>" in (root / "out" / "course_report.html").read_text()
    assert "<script" not in report and "src=\"http" not in report


def failing_course(root: Path, tmp_path: Path, overrides: str) -> str:
    shutil.copy(root / "course.toml", tmp_path / "course.toml")
    for name in ("extensions.csv", "Bewertungen-sheet01.csv", "Bewertungen-sheet02.csv"):
        shutil.copy(root / name, tmp_path / name)
    (tmp_path / "batches").symlink_to(root / "batches")
    (tmp_path / "overrides.csv").write_text(overrides)
    proc = run_dlgrade("course", str(tmp_path / "course.toml"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()  # nothing half written
    return proc.stderr


@pytest.mark.parametrize("line, expected", [
    ("Nobody Here,sheet01,backprop,,5,x", "no student 'Nobody Here' in sheet01"),
    (f"{CORRECTED},sheet01,backprop,,11,x", "worth 0 to 10 points, not 11"),
    (f"{CORRECTED},sheet01,convnet,,5,x", "no exercise 'convnet'"),
    (f"{CORRECTED},sheet01,backprop,no such case,1,x", "backprop has no case 'no such case'"),
    (f"{CORRECTED},sheet09,backprop,,5,x", "sheet 'sheet09' is not in the course"),
])
def test_a_wrong_correction_is_a_clear_message(course, tmp_path, line, expected):
    root, _, _ = course
    stderr = failing_course(root, tmp_path, f"student,sheet,exercise,case,points,comment\n{line}\n")
    assert expected in stderr and "overrides.csv, line 2" in stderr
