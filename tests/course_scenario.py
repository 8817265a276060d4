"""A course as Moodle hands it out, generated into a temporary folder: the acceptance scenario.

Thirty students (names with umlauts, spaces, accents and an underscore) and two sheets: sheet01
(perceptron and backprop) and sheet02 (conv_shapes and conv2d). Each sheet is a Moodle
assignment download ("Full Name_<participant>_assignsubmission_file_/<file>") and the
assignment's offline grading worksheet, written the way Moodle writes it (UTF-8 with a byte
order mark, comma separated, English or German headers, "Participant N" / "Teilnehmer/inN",
times as Moodle's userdate prints them). Participant numbers differ between the two
assignments, as they do in Moodle, so the course has to match students by email.

The submissions are a mix: correct ones (the references, one as a notebook), wrong ones (known
mistakes of the exercises), and missing ones (in the worksheet, not in the download). Three
students are special: LATE_EXTENDED hands in sheet01 two days late but has an extension,
LATE hands it in 36 hours late without one, CORRECTED gets a correction of backprop.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from helpers import ROOT

from dlgrade import catalog

NAMES = [
    "Jürgen Groß", "Zoë Müller-Lüdenscheidt", "Ana María López", "Özlem Şahin", "Anna_Lena Berg",
    "Björn Ødegård", "Chloé Dubois", "Max Mustermann", "Erika Mustermann", "Ümit Yılmaz",
    "Søren Kierkegaard", "Lea Schäfer", "Paul Weiß", "Mia Köhler", "Ben Krüger",
    "Emma Schröder", "Noah Hoffmann", "Lina Böhm", "Elias Fuchs", "Hannah Jäger",
    "Luis Vogel", "Sophie Brandt", "Felix Engel", "Marie Sauer", "Jonas Graf",
    "Clara Lorenz", "David Roth", "Lara Winkler", "Tim Zimmer", "Nina Ruß",
]
DUE = {"sheet01": datetime(2026, 11, 27, 23, 59), "sheet02": datetime(2026, 12, 4, 23, 59)}
LATE_EXTENDED, LATE, CORRECTED = "Lea Schäfer", "Paul Weiß", "Mia Köhler"
EXTENSION_UNTIL = "2026-11-30 23:59"
PERCENT_PER_DAY, MAX_DAYS = 10, 3
CORRECTION = ("backprop", 8.0, "Rechenweg von Hand geprüft: nur ein Vorzeichenfehler im Bias.")
HEADERS = {
    "en": ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed",
           "Last modified (submission)", "Last modified (grade)", "Feedback comments"],
    "de": ["ID", "Vollständiger Name", "E-Mail-Adresse", "Status", "Bewertung", "Bestwertung",
           "Bewertung kann geändert werden", "Zuletzt geändert (Abgabe)", "Zuletzt geändert (Bewertung)",
           "Feedback als Kommentar"],
}
DAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]}
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"]}


def email(name: str) -> str:
    return "".join(c for c in name.lower().replace(" ", ".") if c.isascii() and (c.isalnum() or c in ".-")) + "@uni.example"


def userdate(when: datetime, lang: str) -> str:
    """A time as Moodle's userdate() prints it (strftimedaydatetime, day without a leading zero)."""
    day, month = DAYS[lang][when.weekday()], MONTHS[lang][when.month - 1]
    if lang == "de":
        return f"{day}, {when.day}. {month} {when.year}, {when:%H:%M}"
    return f"{day}, {when.day} {month} {when.year}, {int(when.strftime('%I'))}:{when:%M} {when:%p}"


def references(sheet: str) -> str:
    return "\n\n".join((ROOT / "solutions" / e.id / "reference.py").read_text() for e in catalog.resolve(sheet))


def with_mistake(sheet: str, exercise_id: str, mistake_id: str) -> str:
    """The sheet's references with one exercise replaced by one of its known mistakes."""
    parts = []
    for e in catalog.resolve(sheet):
        if e.id == exercise_id:
            parts.append(e.variant_source(next(m for m in e.mistakes if m.id == mistake_id)))
        else:
            parts.append((ROOT / "solutions" / e.id / "reference.py").read_text())
    return "\n\n".join(parts)


@dataclass
class Submission:
    name: str
    participant: str
    code: str | None  # None: nothing handed in
    submitted: datetime | None
    filename: str = "solution.py"


def plan(sheet: str) -> list[Submission]:
    """Who hands in what, and when."""
    base = 100000 if sheet == "sheet01" else 200000
    wrong = {"sheet01": [("perceptron", "loss_sign"), ("backprop", "missing_factor_two"),
                         ("perceptron", "bias_not_updated")],
             "sheet02": [("conv2d", "bias_forgotten"), ("conv_shapes", "ceil_not_floor")]}[sheet]
    out = []
    for i, name in enumerate(NAMES):
        participant = str(base + 7 * i + 3)
        on_time = DUE[sheet] - timedelta(hours=30 - i)
        if name == CORRECTED and sheet == "sheet01":
            out.append(Submission(name, participant, with_mistake(sheet, "backprop", "output_delta_without_sigma_prime"),
                                  on_time))
        elif (sheet == "sheet01" and i % 7 == 6) or (sheet == "sheet02" and i % 5 == 4):
            out.append(Submission(name, participant, None, None))  # nothing handed in
        elif i % 4 == 1:
            exercise, mistake = wrong[i % len(wrong)]
            out.append(Submission(name, participant, with_mistake(sheet, exercise, mistake), on_time))
        else:
            out.append(Submission(name, participant, references(sheet), on_time))
    for s in out:
        if sheet == "sheet01" and s.name == LATE_EXTENDED:
            s.submitted = DUE[sheet] + timedelta(days=2)
        if sheet == "sheet01" and s.name == LATE:
            s.submitted = DUE[sheet] + timedelta(hours=36)
    return out


def write_download(folder: Path, sheet: str, submissions: list[Submission], notebook: bytes | None = None) -> Path:
    """The unzipped "Download all submissions" of one assignment (folders as Moodle >= 3.1 names them)."""
    folder.mkdir(parents=True)
    for i, s in enumerate(x for x in submissions if x.code is not None):
        student = folder / f"{s.name.replace('_', ' ')}_{s.participant}_assignsubmission_file_"
        student.mkdir()
        if notebook is not None and i == 0:
            (student / f"{sheet}.ipynb").write_bytes(notebook)
        else:
            (student / s.filename).write_text(s.code, encoding="utf-8")
    return folder


def write_worksheet(path: Path, submissions: list[Submission], max_grade: str, lang: str = "en") -> Path:
    """The "Download grading worksheet" CSV of one assignment, before any grading."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS[lang])
    prefix = "Participant " if lang == "en" else "Teilnehmer/in"
    status = {"en": ("Submitted for grading", "No submission"), "de": ("Zur Bewertung abgegeben", "Keine Abgabe")}[lang]
    yes = "Yes" if lang == "en" else "Ja"
    for s in submissions:
        submitted = userdate(s.submitted, lang) if s.submitted else "-"
        writer.writerow([f"{prefix}{s.participant}", s.name, email(s.name), status[0] if s.code else status[1], "",
                         max_grade, yes, submitted, "-", ""])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


def write_course(root: Path, batches: dict[str, Path], worksheets: dict[str, Path]) -> Path:
    """The course file, the extensions and the corrections, as an instructor writes them."""
    (root / "extensions.csv").write_text(f"student,sheet,until\n{email(LATE_EXTENDED)},sheet01,{EXTENSION_UNTIL}\n",
                                         encoding="utf-8")
    exercise, points, comment = CORRECTION
    (root / "overrides.csv").write_text(f"student;sheet;exercise;case;points;comment\n{CORRECTED};sheet01;{exercise};;"
                                        f"{str(points).replace('.', ',')};{comment}\n", encoding="utf-8-sig")
    sheets = "".join(
        f'\n[[sheets]]\nid = "{sheet}"\nbatch = "{batches[sheet].relative_to(root)}"\n'
        f'worksheet = "{worksheets[sheet].relative_to(root)}"\ndue = {DUE[sheet]:%Y-%m-%dT%H:%M:00}\n'
        f"late = {{ percent_per_day = {PERCENT_PER_DAY}, max_days = {MAX_DAYS} }}\n" for sheet in batches)
    path = root / "course.toml"
    path.write_text('title = { de = "Deep Learning WS 2026/27", en = "Deep learning, winter 2026/27" }\n'
                    'lang = "de"\nextensions = "extensions.csv"\noverrides = "overrides.csv"\n\n'
                    "[admission]\npercent = 50\n" + sheets, encoding="utf-8")
    return path
