"""Exercise sheets through the real CLI: build, keep solutions out, grade the notebooks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import grade, run_dlgrade

from dlgrade import catalog
from dlgrade.sheets.build import case_record, merge_reference
from dlgrade.spec import Case

SHEETS = ["sheet01", "sheet02", "sheet03"]


def build(sheet: str, out: Path, *extra: str) -> Path:
    proc = run_dlgrade("sheet", "build", sheet, "--out", str(out), *extra)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stem = f"{sheet}_solutions" if "--solutions" in extra else sheet
    for suffix in (".ipynb", ".md", ".html"):
        assert (out / f"{stem}{suffix}").is_file()
    return out / f"{stem}.ipynb"


def sources(path: Path) -> str:
    return "\n".join(cell.source for cell in nbformat.read(str(path), as_version=4).cells)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every sheet's student notebook (German) and solution notebook (English)."""
    out = tmp_path_factory.mktemp("sheets")
    notebooks = {}
    for sheet in SHEETS:
        notebooks[sheet, "student"] = build(sheet, out / sheet)
        notebooks[sheet, "solutions"] = build(sheet, out / sheet, "--lang", "en", "--solutions")
    return notebooks


def test_sheets_are_declared():
    assert catalog.sheet_ids()[:3] == SHEETS
    for sheet_id in SHEETS:
        sheet = catalog.load_sheet(sheet_id)
        assert set(sheet.title) == {"de", "en"} and sheet.due and len(sheet.due) == 10
        assert set(sheet.points) == set(sheet.exercises)
        for exercise in sheet.exercises:
            catalog.load_exercise(exercise)


def test_student_notebook_layout(built):
    nb = nbformat.read(str(built["sheet01", "student"]), as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4 and nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# Übungsblatt 1")  # German is the default
    text = sources(built["sheet01", "student"])
    assert "$$" in text and "\\mathbf" in text  # the statements' LaTeX math
    for exercise in ("perceptron", "backprop"):
        for function in catalog.load_exercise(exercise).functions:
            cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(f"def {function}(")]
            assert len(cells) == 1 and "raise NotImplementedError" in cells[0].source
        assert f'_dlgrade_self_check("{exercise}"' in text
    md = (built["sheet01", "student"].with_suffix(".md")).read_text()
    assert md.startswith("# Übungsblatt 1") and "```python\ndef predict(" in md
    page = built["sheet01", "student"].with_suffix(".html").read_text()
    assert "MathJax" in page and r"$\mathbf{x} \in \mathbb{R}^d$" in page


@pytest.mark.parametrize("sheet", SHEETS)
def test_student_notebook_holds_no_solution(built, sheet):
    """No line of a reference (that is not also in the stub) and no hidden case in the student version."""
    text = sources(built[sheet, "student"])
    for exercise in map(catalog.load_exercise, catalog.load_sheet(sheet).exercises):
        public = exercise.stub_path.read_text() + (exercise.folder / "public.py").read_text()
        if exercise.harness_path:
            public += exercise.harness_path.read_text()
        reference_lines = {line.strip() for line in exercise.reference_source().splitlines()}
        secret = [line for line in reference_lines if len(line) >= 20 and line not in public]
        assert secret, exercise.id
        leaked = [line for line in secret if line in text]
        assert not leaked, f"{exercise.id}: reference lines in the student notebook: {leaked[:3]}"
        public_names = {c.name for c in exercise.public_cases()}
        hidden = exercise.hidden_cases(0) + exercise.hidden_cases(1)
        names = {c.name for c in hidden if not any(c.name in p for p in public_names)}
        assert not [n for n in names if n in text], exercise.id
        floats = [repr(float(v)) for c in hidden for a in c.args if isinstance(a, np.ndarray) and a.dtype.kind == "f"
                  for v in a.ravel()[:3] if len(repr(float(v))) > 12]
        assert not [f for f in floats if f in text], exercise.id  # (conv_shapes has integer inputs only)


def test_solution_notebook_fills_the_stub(built):
    text = sources(built["sheet01", "solutions"])
    assert text.count("raise NotImplementedError") == 0
    assert "def margins(" in text  # the reference's helper travels with it
    assert nbformat.read(str(built["sheet01", "solutions"]), as_version=4).cells[0].source.startswith("# Exercise sheet 1")


@pytest.mark.parametrize("sheet", SHEETS)
def test_solution_notebook_grades_to_full_marks(built, sheet, tmp_path):
    results = grade(sheet, built[sheet, "solutions"], tmp_path)
    points = catalog.load_sheet(sheet).points
    assert results["max_score"] == pytest.approx(sum(points.values()))  # the sheet's points scale the cases
    assert results["score"] == pytest.approx(results["max_score"]), [t["name"] for t in results["tests"] if t["score"] < t["max_score"]]
    for exercise in catalog.load_sheet(sheet).exercises:
        got = sum(t["max_score"] for t in results["tests"] if t["tags"][0] == exercise)
        assert got == pytest.approx(points[exercise])


@pytest.mark.parametrize("sheet", SHEETS)
def test_unchanged_student_notebook_grades_to_zero(built, sheet, tmp_path):
    results = grade(sheet, built[sheet, "student"], tmp_path)
    assert results["score"] == 0 and results["max_score"] > 0
    assert {t["extra_data"]["status"] for t in results["tests"]} <= {"error", "failed"}
    assert "Cell" not in results["output"]  # no code cell raised (the self-check cells included)


def fill_as_student(student: Path, out: Path) -> Path:
    """The student notebook with the reference typed into its function cells, nothing else touched."""
    nb = nbformat.read(str(student), as_version=4)
    meta = nb.metadata["dlgrade"]
    for exercise in map(catalog.load_exercise, meta["exercises"]):
        parts = merge_reference(exercise)
        cells = [c for c in nb.cells if c.cell_type == "code"]
        for name, source in parts.functions.items():
            (cell,) = [c for c in cells if c.source.startswith(f"def {name}(")]
            cell.source = source
        first = next(c for c in cells if c.source.startswith(f"def {exercise.functions[0]}("))
        first.source = parts.helpers + "\n\n\n" + first.source  # helpers of their own, above a function
    nbformat.write(nb, str(out))
    return out


def test_student_notebook_filled_in_grades_to_full_marks(built, tmp_path):
    filled = fill_as_student(built["sheet01", "student"], tmp_path / "sheet01.ipynb")
    results = grade("sheet01", filled, tmp_path / "out")
    assert results["score"] == pytest.approx(20.0) and results["max_score"] == pytest.approx(20.0)


def test_a_hanging_function_costs_only_its_cases(built, tmp_path):
    """The self-check does not run in the grader: an endless loop cannot stall loading the notebook."""
    nb = nbformat.read(str(fill_as_student(built["sheet01", "student"], tmp_path / "f.ipynb")), as_version=4)
    (cell,) = [c for c in nb.cells if "def predict(" in c.source]
    cell.source = cell.source[: cell.source.index("def predict(")] + "def predict(w, b, X):\n    while True:\n        pass\n"
    path = tmp_path / "hang.ipynb"
    nbformat.write(nb, str(path))
    results = grade("sheet01", path, tmp_path / "out", "--call-timeout", "1")
    statuses = {t["tags"][1]: set() for t in results["tests"]}
    for t in results["tests"]:
        statuses[t["tags"][1]].add(t["extra_data"]["status"])
    assert statuses.pop("predict") <= {"timeout", "cpu"}
    assert all(s == {"passed"} for s in statuses.values()), statuses


def run_cells(notebook: Path, env: dict, block_autograder: bool = False) -> str:
    """Execute a notebook's code cells in a fresh interpreter (as a kernel would) and return stdout."""
    script = "import sys\n" + ("sys.modules['dlgrade'] = None\n" if block_autograder else "") + (
        "import nbformat\nns = {'__name__': '__main__'}\n"
        f"for cell in nbformat.read({str(notebook)!r}, as_version=4).cells:\n"
        "    if cell.cell_type == 'code':\n"
        "        exec(compile(cell.source, '<cell>', 'exec'), ns)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env}, cwd=notebook.parent)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_self_check_with_and_without_dlgrade(built, tmp_path):
    nb = nbformat.read(str(built["sheet01", "solutions"]), as_version=4)
    for cell in nb.cells:
        if cell.source.startswith("def perceptron_loss("):
            cell.source = "def perceptron_loss(w, b, X, y):\n    return 6.0\n"
        if cell.source.startswith("def forward("):
            cell.source = "def forward(X, W1, b1, W2, b2):\n    return X\n"
    path = tmp_path / "wrong.ipynb"
    nbformat.write(nb, str(path))
    installed = run_cells(path, {"DLGRADE_SELF_CHECK": "1"})
    assert "Self-check perceptron: 5 of 6 public cases correct." in installed
    assert "✗ perceptron_loss: eq. 22 on the worked example\n    1 of 1 values differ (largest absolute error 1," in installed
    assert "The answer is array (3, 3) float64; expected tuple of 4." in installed
    missing = run_cells(path, {"DLGRADE_SELF_CHECK": "1"}, block_autograder=True)
    assert "embedded copy" in missing
    verdicts = lambda out: [line for line in out.splitlines() if "embedded copy" not in line]  # noqa: E731
    assert verdicts(missing) == verdicts(installed)  # the same messages as the grader
    skipped = run_cells(path, {"DLGRADE_SELF_CHECK": ""})
    assert "skipped" in skipped and "✗" not in skipped  # no kernel, not forced: nothing is called


def test_public_expected_values_come_from_the_reference():
    exercise = catalog.load_exercise("perceptron")
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    record = case_record(exercise, Case("predict", (np.array([0.5, -1.0]), 0.25, X), name="no literal"))
    expected = exercise.reference.predict(np.array([0.5, -1.0]), 0.25, X)
    assert record["expected"] == {"$a": expected.tolist(), "dtype": expected.dtype.str.lstrip("<>=|"), "shape": [2]}
    raising = case_record(catalog.load_exercise("conv_shapes"), Case("conv_output_size", (2, 3)))
    assert raising["raises"] == "ValueError" and raising["expected"] is None
    json.dumps(record, allow_nan=False)


def test_unknown_sheet_is_a_usage_error(tmp_path):
    proc = run_dlgrade("sheet", "build", "sheet99", "--out", str(tmp_path))
    assert proc.returncode == 2 and "sheet01" in proc.stderr
