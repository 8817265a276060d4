"""The course file: which sheets, where their batches are, deadlines, and the admission rule.

```toml
title = { de = "Deep Learning, WS 2026/27", en = "Deep learning, winter 2026/27" }
lang = "de"                      # the language of the reports and the Moodle feedback
extensions = "extensions.csv"    # optional: student, sheet, until
overrides = "overrides.csv"      # optional: student, sheet, exercise, case, points, comment
times = "times.csv"              # optional: student, sheet, submitted (where no Moodle worksheet says it)

[admission]
percent = 50                     # of all points of all sheets
sheet_percent = 0                # optional: at least this much on a sheet ...
sheets = 0                       # ... on at least this many sheets (0: on every sheet)

[[sheets]]
id = "sheet01"
batch = "batches/sheet01"        # the --out folder of `dlgrade grade-batch sheet01 ...`
worksheet = "moodle/sheet01.csv" # optional: Moodle's grading worksheet (names, times, the upload)
due = 2026-11-27T23:59:00        # optional: overrides the sheet's own `due`
late = { percent_per_day = 10, max_days = 3 }   # optional: overrides the sheet's [late]
```

Relative paths are relative to the course file. Everything is checked here, so a typo is one
clear message before anything is read or written.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import catalog
from ..errors import CourseError, UnknownExercise
from ..i18n import LANGUAGES
from .deadlines import LateRule, parse_deadline

TOP_KEYS = {"title", "lang", "extensions", "overrides", "times", "admission", "sheets"}
SHEET_KEYS = {"id", "batch", "worksheet", "due", "late"}
ADMISSION_KEYS = {"percent", "sheet_percent", "sheets"}


@dataclass(frozen=True)
class Admission:
    """The exam admission: `percent` of all points, and optionally `sheet_percent` on `sheets` sheets."""

    percent: float = 50.0
    sheet_percent: float = 0.0
    sheets: int = 0  # how many sheets must reach sheet_percent; 0 means every sheet


@dataclass
class SheetEntry:
    id: str
    batch: Path
    worksheet: Path | None = None
    due: datetime | None = None
    late: LateRule = field(default_factory=LateRule)


@dataclass
class Course:
    path: Path
    title: dict
    lang: str
    sheets: list[SheetEntry]
    admission: Admission
    extensions: Path | None = None
    overrides: Path | None = None
    times: Path | None = None


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise CourseError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}")


def _percent(table: dict, key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise CourseError(f"{where}: {key} must be a percentage from 0 to 100")
    return float(value)


def _admission(table: dict, n_sheets: int, where: str) -> Admission:
    _check_keys(table, ADMISSION_KEYS, f"{where} [admission]")
    sheets = table.get("sheets", 0)
    if isinstance(sheets, bool) or not isinstance(sheets, int) or not 0 <= sheets <= n_sheets:
        raise CourseError(f"{where} [admission]: sheets must be a whole number from 0 to {n_sheets}")
    return Admission(_percent(table, "percent", 50.0, where), _percent(table, "sheet_percent", 0.0, where), sheets)


def _sheet_defaults(sheet_id: str) -> tuple[datetime | None, dict]:
    """The sheet's own `due` and `[late]` table from exercises/<sheet>.toml (none for an exercise)."""
    path = catalog.EXERCISES / f"{sheet_id}.toml"
    if not path.exists():
        return None, {}
    meta = tomllib.loads(path.read_text(encoding="utf-8"))
    due = parse_deadline(meta["due"], str(path)) if meta.get("due") else None
    return due, meta.get("late") or {}


def _sheet(table: dict, base: Path, where: str) -> SheetEntry:
    _check_keys(table, SHEET_KEYS, where)
    sheet_id = table.get("id")
    if not isinstance(sheet_id, str) or not table.get("batch"):
        raise CourseError(f"{where}: every sheet needs an id and a batch folder")
    try:
        catalog.resolve(sheet_id)
    except UnknownExercise:
        raise CourseError(f"{where}: unknown sheet {sheet_id!r}; known: {', '.join(catalog.sheet_ids())}") from None
    due, late = _sheet_defaults(sheet_id)
    if "due" in table:
        due = parse_deadline(table["due"], f"{where} ({sheet_id})")
    late = table.get("late", late)
    if not isinstance(late, dict):
        raise CourseError(f"{where} ({sheet_id}): late must be a table, e.g. {{ percent_per_day = 10, max_days = 3 }}")
    worksheet = base / table["worksheet"] if table.get("worksheet") else None
    return SheetEntry(sheet_id, base / table["batch"], worksheet, due, LateRule.from_table(late, f"{where} ({sheet_id})"))


def load_course(path: Path) -> Course:
    """The course file, every field checked."""
    path = Path(path).resolve()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CourseError(f"cannot read the course file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"{path}: not valid TOML ({exc})") from None
    _check_keys(data, TOP_KEYS, str(path))
    base = path.parent
    sheets = [_sheet(s, base, f"{path} [[sheets]] #{i}") for i, s in enumerate(data.get("sheets") or [], 1)]
    if not sheets:
        raise CourseError(f"{path}: no [[sheets]]")
    ids = [s.id for s in sheets]
    if len(set(ids)) != len(ids):
        raise CourseError(f"{path}: a sheet is listed twice ({', '.join(sorted({i for i in ids if ids.count(i) > 1}))})")
    lang = data.get("lang", "de")
    if lang not in LANGUAGES:
        raise CourseError(f"{path}: lang must be one of {', '.join(LANGUAGES)}")
    title = data.get("title", path.stem)
    title = title if isinstance(title, dict) else {code: str(title) for code in LANGUAGES}
    files = {key: base / data[key] if data.get(key) else None for key in ("extensions", "overrides", "times")}
    return Course(path, title, lang, sheets, _admission(data.get("admission") or {}, len(sheets), str(path)), **files)
