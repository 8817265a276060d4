"""The results store of a batch: one SQLite database (WAL) in the batch's output folder.

Each student's result is one transaction: the row in `students` (with the results.json
text and the full result data, so every report can be rebuilt from here), the points per
exercise and the outcome of every case. The student id is the primary key, so a rerun
after an interruption can never count anyone twice.
"""
from __future__ import annotations

import base64
import dataclasses
import io
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..model import CaseResult, ExerciseResult, GradeResult, Status
from ..output.formats import readable
from ..sandbox import wire

DB_NAME = "results.sqlite"
DONE = ("graded", "ambiguous", "missing")  # 'internal' (the grader's own failure) is retried

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    student_id   TEXT PRIMARY KEY,
    name         TEXT,
    email        TEXT,
    layout       TEXT,
    source       TEXT,
    digest       TEXT,
    status       TEXT NOT NULL,
    score        REAL NOT NULL,
    max_score    REAL NOT NULL,
    seconds      REAL NOT NULL,
    graded_at    TEXT NOT NULL,
    results_json TEXT NOT NULL,
    result_data  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exercise_points (
    student_id TEXT NOT NULL,
    exercise   TEXT NOT NULL,
    score      REAL NOT NULL,
    max_score  REAL NOT NULL,
    PRIMARY KEY (student_id, exercise)
);
CREATE TABLE IF NOT EXISTS case_results (
    student_id   TEXT NOT NULL,
    idx          INTEGER NOT NULL,
    exercise     TEXT NOT NULL,
    case_name    TEXT NOT NULL,
    function     TEXT NOT NULL,
    public       INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    score        REAL NOT NULL,
    max_score    REAL NOT NULL,
    diagnosis_id TEXT,
    PRIMARY KEY (student_id, idx)
);
CREATE TABLE IF NOT EXISTS diagnoses (
    exercise     TEXT NOT NULL,
    diagnosis_id TEXT NOT NULL,
    texts        TEXT NOT NULL,
    PRIMARY KEY (exercise, diagnosis_id)
);
"""


@dataclass
class StudentRow:
    """One student's row as the exports need it."""

    student_id: str
    name: str | None
    email: str | None
    layout: str | None
    source: str | None
    digest: str | None
    status: str
    score: float
    max_score: float
    seconds: float
    graded_at: str
    results_json: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


MAX_STORED_ELEMENTS = 100_000  # per case: larger answers keep their text form only (no picture when re-rendered)


def _elements(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, dict):
        return sum(_elements(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_elements(v) for v in value)
    return 1


def _fields(obj: Any, skip: tuple[str, ...] = ()) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in skip}


def _bounded(case: CaseResult) -> dict:
    """A case as stored: what its reports need, with large values and masks left out."""
    data = _fields(case)
    if _elements(case.values) > MAX_STORED_ELEMENTS:
        data["values"] = None
    if case.mismatch is not None and case.mismatch.size > MAX_STORED_ELEMENTS:
        data["mismatch"] = None
    return data


def _inline_array(arr: np.ndarray) -> dict:
    return {"$n": base64.b64encode(wire.npy_bytes(arr)).decode("ascii")}


def _read_array(tag: str, inner: Any) -> np.ndarray:
    return np.load(io.BytesIO(base64.b64decode(inner)), allow_pickle=False)


def result_to_data(result: GradeResult) -> str:
    """A GradeResult as JSON in the project's one codec (written and read only by the trusted parent)."""
    data = _fields(result, skip=("exercises",))
    data["exercises"] = [{"id": e.id, "title": e.title, "cases": [_bounded(c) for c in e.cases]} for e in result.exercises]
    value, _ = wire.encode(data, max_depth=64, array=_inline_array)
    return json.dumps(value, allow_nan=False)  # ASCII: a student's lone surrogates stay \ud800 escapes


def _known(cls: type, data: dict) -> dict:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def result_from_data(text: str) -> GradeResult:
    data = wire.decode_value(json.loads(text), _read_array)
    exercises = []
    for e in data.pop("exercises"):
        cases = [CaseResult(**{**_known(CaseResult, c), "status": Status(c["status"])}) for c in e["cases"]]
        exercises.append(ExerciseResult(e["id"], e["title"], cases))
    return GradeResult(**_known(GradeResult, data), exercises=exercises)


class ResultStore:
    """The batch's SQLite database; used from one thread (the batch's client)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / DB_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")  # a committed student survives a power cut
        with self.conn:
            self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ meta

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, **values: str) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())

    # ------------------------------------------------------------ students

    def done(self) -> dict[str, str | None]:
        """Student id -> digest of the graded file, for every student whose result stands."""
        marks = ",".join("?" * len(DONE))
        return dict(self.conn.execute(f"SELECT student_id, digest FROM students WHERE status IN ({marks})", DONE))

    def save(self, student_id: str, result: GradeResult, results_json: str, *, status: str, name: str | None = None,
             email: str | None = None, layout: str | None = None, source: str | None = None,
             digest: str | None = None) -> None:
        """Replace everything stored for one student, in one transaction."""
        name, email, source = readable(name), readable(email), readable(source)  # file names may not decode
        cases = [(student_id, i, c.exercise, c.name, c.function, int(c.public), c.kind, c.status, c.score, c.max_score,
                  (c.diagnosis or {}).get("id")) for i, c in enumerate(result.cases)]
        diagnoses = {(c.exercise, c.diagnosis["id"]): json.dumps({k: v for k, v in c.diagnosis.items() if k != "id"},
                                                                 ensure_ascii=False)
                     for c in result.cases if c.diagnosis and c.diagnosis.get("id")}
        with self.conn:
            self.conn.execute("DELETE FROM case_results WHERE student_id = ?", (student_id,))
            self.conn.execute("DELETE FROM exercise_points WHERE student_id = ?", (student_id,))
            self.conn.execute(
                "INSERT OR REPLACE INTO students (student_id, name, email, layout, source, digest, status, score, "
                "max_score, seconds, graded_at, results_json, result_data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (student_id, name, email, layout, source, digest, status, round(result.score, 6),
                 round(result.max_score, 6), round(result.execution_time, 3), now(), results_json,
                 result_to_data(result)))
            self.conn.executemany("INSERT INTO exercise_points (student_id, exercise, score, max_score) VALUES (?,?,?,?)",
                                  [(student_id, e.id, round(e.score, 6), round(e.max_score, 6)) for e in result.exercises])
            self.conn.executemany("INSERT INTO case_results VALUES (?,?,?,?,?,?,?,?,?,?,?)", cases)
            self.conn.executemany("INSERT OR REPLACE INTO diagnoses (exercise, diagnosis_id, texts) VALUES (?,?,?)",
                                  [(ex, d, texts) for (ex, d), texts in diagnoses.items()])

    def update_results_json(self, student_id: str, results_json: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE students SET results_json = ? WHERE student_id = ?", (results_json, student_id))

    def students(self) -> list[StudentRow]:
        rows = self.conn.execute(
            "SELECT student_id, name, email, layout, source, digest, status, score, max_score, seconds, graded_at, "
            "results_json FROM students ORDER BY student_id").fetchall()
        return [StudentRow(*row) for row in rows]

    def result(self, student_id: str) -> GradeResult:
        (text,) = self.conn.execute("SELECT result_data FROM students WHERE student_id = ?", (student_id,)).fetchone()
        return result_from_data(text)

    def exercise_points(self) -> dict[str, dict[str, tuple[float, float]]]:
        """Student id -> exercise -> (points, max points)."""
        out: dict[str, dict[str, tuple[float, float]]] = {}
        for sid, ex, score, max_score in self.conn.execute("SELECT student_id, exercise, score, max_score FROM exercise_points"):
            out.setdefault(sid, {})[ex] = (score, max_score)
        return out

    def case_rows(self) -> list[sqlite3.Row]:
        """Every case of every student (joined with the student's status)."""
        self.conn.row_factory = sqlite3.Row
        try:
            return self.conn.execute(
                "SELECT c.*, s.status AS student_status FROM case_results c JOIN students s USING (student_id) "
                "ORDER BY c.student_id, c.idx").fetchall()
        finally:
            self.conn.row_factory = None

    def diagnosis_texts(self) -> dict[tuple[str, str], dict]:
        return {(ex, d): json.loads(texts) for ex, d, texts in self.conn.execute("SELECT * FROM diagnoses")}
