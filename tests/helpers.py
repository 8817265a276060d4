"""Running the real `dlgrade` command line from tests."""
from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
ATTACKS = Path(__file__).resolve().parent / "attacks"
CORRECT = ROOT / "solutions/perceptron/samples/correct.py"  # a correct perceptron that is not the reference


def render_attack(name: str, **fields: str) -> str:
    """An attack's source with its placeholders ({CORRECT}, {OUT}, {ROOT}, {MARKER}, {PORT}) filled in."""
    text = (ATTACKS / f"{name}.py").read_text()
    for key, value in {"CORRECT": CORRECT.read_text(), "ROOT": str(ROOT), **fields}.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def gradebook(out: Path, timestamps: bool = False) -> list[dict]:
    """The rows of a batch's gradebook.csv (without the time of grading unless asked)."""
    with open(out / "gradebook.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    if not timestamps:
        for row in rows:
            row.pop("Graded at")
    return rows


def db_rows(out: Path) -> int:
    """How many students a batch's store holds, read-only (0 while it does not exist yet)."""
    try:
        conn = sqlite3.connect(f"file:{out / 'results.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM students").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def until(condition, seconds: float = 30, step: float = 0.1) -> bool:
    """Whether `condition()` came true within `seconds` (a deadline, never a measurement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def dlgrade_command() -> list[str]:
    exe = shutil.which("dlgrade")
    return [exe] if exe else [sys.executable, "-m", "dlgrade"]


def run_dlgrade(*args: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*dlgrade_command(), *args], capture_output=True, text=True, timeout=timeout, env=env)


def grade(target: str, submission: Path, out: Path, *extra: str, timeout: float = 300) -> dict:
    """Grade through the CLI and return results.json; the CLI must exit 0."""
    proc = run_dlgrade("grade", target, str(submission), "--out", str(out), "--lang", "en", *extra, timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((out / "results.json").read_text())


def grade_batch(target: str, sources: dict[str, str], root: Path, *extra: str, timeout: float = 1800) -> dict[str, dict]:
    """Grade many submissions (student id -> source) in one `dlgrade grade-batch` run through the CLI (one warm
    grader for all, as a course would) and return student id -> results.json; the CLI must exit 0."""
    submissions = root / "submissions"
    submissions.mkdir(parents=True)
    for student, source in sources.items():
        (submissions / f"{student}.py").write_text(source)
    proc = run_dlgrade("grade-batch", target, str(submissions), "--out", str(root / "batch"), "--lang", "en", *extra,
                       timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return {p.name: json.loads((p / "results.json").read_text()) for p in sorted((root / "batch" / "students").iterdir())}


def by_function(results: dict) -> dict[str, set[str]]:
    """function -> the set of statuses its cases got."""
    out: dict[str, set[str]] = {}
    for test in results["tests"]:
        function = test["tags"][1]
        out.setdefault(function, set()).add(test["extra_data"]["status"])
    return out


def points_of(results: dict, functions: set[str]) -> float:
    return sum(t["max_score"] for t in results["tests"] if t["tags"][1] in functions)


# ------------------------------------------------------------------ in-process checks of exercise content

def load_module(path: Path, name: str | None = None):
    """A submission or stub file as a module (trusted test inputs only: never a hostile file)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name or f"submission_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_passes(exercise, functions, case) -> bool:
    """Whether `functions` (a module or a namespace dict) passes `case` as the grader judges it.

    The same rules as the grader (expected from the reference or literal, `raises`, the case's
    Check with its custom check), without a sandbox: for the exercises' own content tests.
    """
    from dlgrade.grading.compare import compare
    from dlgrade.grading.diagnose import evaluate
    from dlgrade.sandbox.wire import as_plain

    lookup = functions.get if isinstance(functions, dict) else lambda name: getattr(functions, name, None)
    fn = lookup(case.function)
    if fn is None:
        return False
    expected = (type("E", (), {"value": as_plain(case.expected), "raised": None})() if case.has_literal_expected
                else evaluate(getattr(exercise.reference, case.function), case, exercise.harness))
    got = evaluate(fn, case, exercise.harness)
    wanted = case.raises or (expected.raised[0] if expected.raised else None)
    if wanted:
        return bool(got.raised) and wanted in got.raised
    if got.raised or got.mutated:  # a function that overwrites its inputs fails the case
        return False
    comparison = compare(got.value, expected.value, case.check, values=case.check.custom is None)
    if comparison.ok and case.check.custom is not None:
        return case.check.custom(got.value, expected.value, case) is None
    return comparison.ok


def told_apart(exercise, first, second, cases) -> bool:
    """Whether two implementations (modules or namespace dicts, e.g. two known mistakes) give, on
    some case, answers that the grader's diagnosis tells apart (a value, a raise or a mutation)."""
    from dlgrade.grading.diagnose import evaluate, matches

    def outcome(functions, case):
        fn = functions.get(case.function) if isinstance(functions, dict) else getattr(functions, case.function)
        return evaluate(fn, case, exercise.harness)

    return any(not matches(outcome(first, case), outcome(second, case), case) for case in cases)
