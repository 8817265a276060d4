"""Moodle's files, as Moodle writes and reads them: the grading worksheet and the feedback zip.

The offline grading worksheet ("Download grading worksheet") is a CSV, UTF-8 with a byte order
mark, comma separated; Moodle's importer (mod/assign/feedback/offline/importgradeslib.php)
finds its columns by their header in the site's language ("Identifier", "Grade", "Last
modified (grade)", the feedback plugin's "Feedback comments"; German "ID", "Bewertung", ...)
and the student by the digits after "Participant " ("Teilnehmer/in" in German). We write the
worksheet back with only the grade and the feedback filled in, every other cell as it was.

"Upload multiple feedback files in a zip" (mod/assign/feedback/file/importziplib.php) splits
each path part at "_" into name, participant id, plugin type and plugin name, so a folder
"Erika Muster_12345_assignsubmission_file_" carries files for participant 12345, exactly
like the folders of the submissions download; a name's own "_" would shift the id, so Moodle
writes names with spaces instead, and so do we.
"""
from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import CourseError
from . import tables

IDENTIFIER = ("Identifier", "ID")
FULL_NAME = ("Full name", "Vollständiger Name")
EMAIL = ("Email address", "E-Mail-Adresse")
GRADE = ("Grade", "Bewertung")
MAX_GRADE = ("Maximum Grade", "Bestwertung")
CAN_CHANGE = ("Grade can be changed", "Bewertung kann geändert werden")
SUBMITTED = ("Last modified (submission)", "Zuletzt geändert (Abgabe)")
FEEDBACK = ("Feedback comments", "Feedback als Kommentar")
NO = ("no", "nein")
PLUGIN = "assignsubmission_file"
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|`'&]")

MONTHS = {name: i for i, names in enumerate((
    ("january", "januar", "jänner"), ("february", "februar", "feber"), ("march", "märz", "maerz"),
    ("april",), ("may", "mai"), ("june", "juni"), ("july", "juli"), ("august",),
    ("september",), ("october", "oktober"), ("november",), ("december", "dezember")), 1) for name in names}
DAY_MONTH = re.compile(r"(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\s+(?P<year>\d{4})")
MONTH_DAY = re.compile(r"(?P<month>[^\W\d_]+)\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
CLOCK = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<half>[AaPp][Mm])?")


def parse_time(text: str) -> datetime | None:
    """A time as Moodle prints it (userdate: "Friday, 27 November 2026, 11:59 PM",
    "Freitag, 27. November 2026, 23:59", US "Friday, November 27, 2026, 11:59 PM") or ISO 8601.

    Naive local time, as Moodle shows it to whoever downloaded the file; None for "-" or empty.
    """
    text = " ".join(str(text).split())
    if text in ("", "-"):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    date = DAY_MONTH.search(text) or MONTH_DAY.search(text)
    clock = CLOCK.search(text[date.end():]) if date else None
    month = MONTHS.get(date["month"].casefold()) if date else None
    if not date or not clock or not month:
        raise ValueError(f"not a time Moodle writes: {text!r}")
    hour = int(clock["hour"]) % 12 + (12 if (clock["half"] or "").lower() == "pm" else 0) if clock["half"] \
        else int(clock["hour"])
    return datetime(int(date["year"]), month, int(date["day"]), hour, int(clock["minute"]), int(clock["second"] or 0))


def participant_id(identifier: str) -> str | None:
    """12345 from "Participant 12345" / "Teilnehmer/in12345"."""
    match = re.search(r"(\d+)\s*$", identifier)
    return match.group(1) if match else None


@dataclass
class WorksheetRow:
    """One participant of the worksheet."""

    participant: str
    name: str
    email: str
    submitted: datetime | None
    can_change: bool
    index: int  # the row in the table


@dataclass
class Worksheet:
    """Moodle's grading worksheet: its rows by participant id, and the table to write back."""

    table: tables.Table
    rows: dict[str, WorksheetRow] = field(default_factory=dict)
    max_grade: float | None = None
    decimal_comma: bool = False
    decimals: int = 2
    feedback_column: int | None = None

    def format_grade(self, value: float) -> str:
        """A grade written as Moodle writes it in this file (e.g. "13,50" on a German site)."""
        text = f"{value:.{self.decimals}f}"
        return text.replace(".", ",") if self.decimal_comma else text

    def filled(self, grades: dict[str, tuple[float, str]]) -> str:
        """The worksheet with grade and feedback comment set for the given participants."""
        grade_col = self.table.column(*GRADE)
        rows = [list(r) for r in self.table.rows]
        for participant, (grade, comment) in grades.items():
            row = rows[self.rows[participant].index]
            row.extend([""] * (len(self.table.header) - len(row)))
            row[grade_col] = self.format_grade(grade)
            if self.feedback_column is not None:
                row[self.feedback_column] = comment
        return tables.Table(self.table.source, self.table.header, rows, self.table.delimiter, bom=True).text()


def _number(text: str) -> tuple[float, bool, int] | None:
    """A grade cell's value, whether it uses a decimal comma, and its number of decimals."""
    match = re.fullmatch(r"\s*(\d+)(?:([.,])(\d+))?\s*", text)
    if not match:
        return None
    whole, sep, frac = match.groups()
    return float(f"{whole}.{frac or 0}"), sep == ",", len(frac or "")


def read_worksheet(path: Path) -> Worksheet:
    """Moodle's grading worksheet, checked for the columns the importer needs."""
    table = tables.read(path)
    ident, name = table.column(*IDENTIFIER), table.column(*FULL_NAME)
    table.column(*GRADE)
    table.column("Last modified (grade)", "Zuletzt geändert (Bewertung)")
    email = table.column(*EMAIL, required=False)
    submitted, can_change = table.column(*SUBMITTED, required=False), table.column(*CAN_CHANGE, required=False)
    sheet = Worksheet(table, feedback_column=table.column(*FEEDBACK, required=False))
    maximum = table.column(*MAX_GRADE, required=False)
    for index, row in enumerate(table.rows):
        participant = participant_id(table.cell(row, ident))
        if participant is None:
            raise CourseError(f"{table.source}, line {index + 2}: no participant number in {table.cell(row, ident)!r}")
        try:
            when = parse_time(table.cell(row, submitted))
        except ValueError as exc:
            raise CourseError(f"{table.source}, line {index + 2}: {exc}") from None
        sheet.rows[participant] = WorksheetRow(participant, table.cell(row, name), table.cell(row, email), when,
                                               tables.normal(table.cell(row, can_change)) not in NO, index)
        found = _number(table.cell(row, maximum))
        if found and sheet.max_grade is None:
            sheet.max_grade, sheet.decimal_comma, sheet.decimals = found
    return sheet


def folder_name(name: str, participant: str) -> str:
    """The folder Moodle's download and feedback upload use for one participant."""
    clean = UNSAFE_IN_NAME.sub("", name.replace("_", " ")).strip() or "Participant"
    return f"{clean}_{participant}_{PLUGIN}_"


def write_feedback_zip(path: Path, files: dict[tuple[str, str], dict[str, bytes]]) -> Path:
    """The zip for "Upload multiple feedback files in a zip": (name, participant) -> {file name: bytes}."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for (name, participant), members in sorted(files.items(), key=lambda kv: kv[0][1]):
            for member, data in sorted(members.items()):
                info = zipfile.ZipInfo(f"{folder_name(name, participant)}/{member}", date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                archive.writestr(info, data)
    tmp.replace(path)
    return path
