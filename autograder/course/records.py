"""Who is who across sheets, and the instructor's CSV files that name students.

A batch knows a student by the id its submissions folder gave them: Moodle's participant
number, which differs from assignment to assignment, or a folder name. Across the sheets of a
course a student is therefore matched by email address, else by full name, else by that id.
In the instructor's files (extensions, times, corrections) the `student` column may hold any
of the three; a name that fits no one, or more than one, is an error that says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import CourseError
from . import tables
from .deadlines import parse_deadline
from .moodle import parse_time

STUDENT = ("student", "Student", "Studierende", "Name", "Email", "E-Mail")
SHEET = ("sheet", "Blatt")


@dataclass(frozen=True)
class Student:
    """One student as one sheet knows them."""

    local_id: str  # the id in this sheet's batch (or Moodle participant number)
    name: str = ""
    email: str = ""

    @property
    def key(self) -> str:
        """The same for one person on every sheet."""
        if self.email:
            return self.email.strip().casefold()
        if self.name:
            return tables.normal(self.name)
        return f"id:{self.local_id}"


class Roster:
    """The students of one sheet, found by id, email or name."""

    def __init__(self, sheet_id: str, students: list[Student]) -> None:
        self.sheet_id = sheet_id
        self.by_id = {s.local_id: s for s in students}
        self._by_text: dict[str, set[str]] = {}
        for s in students:
            for text in (s.local_id, s.email, s.name):
                if text:
                    self._by_text.setdefault(tables.normal(text), set()).add(s.local_id)

    def find(self, text: str, where: str) -> Student:
        ids = self._by_text.get(tables.normal(text), set())
        if len(ids) == 1:
            return self.by_id[next(iter(ids))]
        if not ids:
            raise CourseError(f"{where}: no student {text!r} in {self.sheet_id} (use the id, email or full name)")
        raise CourseError(f"{where}: {text!r} fits several students of {self.sheet_id}; use the id or the email")


@dataclass(frozen=True)
class Row:
    """One line of an instructor's file, with where it came from."""

    student: str
    sheet: str
    where: str
    values: dict


def read_rows(path: Path | None, columns: dict[str, tuple[str, ...]], sheet_required: bool = True) -> list[Row]:
    """The lines of a CSV with a student column, a sheet column and `columns` (name -> header names)."""
    if path is None:
        return []
    table = tables.read(path)
    student, sheet = table.column(*STUDENT), table.column(*SHEET, required=sheet_required)
    found = {key: table.column(*names, required=not key.endswith("?")) for key, names in columns.items()}
    rows = []
    for n, row in enumerate(table.rows, 2):
        where = f"{path}, line {n}"
        if not table.cell(row, student):
            raise CourseError(f"{where}: no student")
        rows.append(Row(table.cell(row, student), table.cell(row, sheet), where,
                        {key.rstrip("?"): table.cell(row, i) for key, i in found.items()}))
    return rows


def extensions(path: Path | None) -> list[Row]:
    """student, sheet (empty: every sheet), until."""
    rows = read_rows(path, {"until": ("until", "bis", "extension", "Verlängerung")}, sheet_required=False)
    return [Row(r.student, r.sheet, r.where, {"until": parse_deadline(r.values["until"], r.where)}) for r in rows]


def times(path: Path | None) -> list[Row]:
    """student, sheet, submitted (ISO or as Moodle prints times)."""
    out = []
    for r in read_rows(path, {"submitted": ("submitted", "abgegeben", "time", "Zeit")}):
        try:
            when: datetime | None = parse_time(r.values["submitted"])
        except ValueError as exc:
            raise CourseError(f"{r.where}: {exc}") from None
        out.append(Row(r.student, r.sheet, r.where, {"submitted": when}))
    return out
