"""The otter-grader and Gradescope exports through the real CLI.

The otter tests run `otter assign` and `otter run` and skip where otter-grader (with a
Jupyter kernel) is not installed: `pip install otter-grader ipykernel`.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT, grade, run_dlgrade

from dlgrade import catalog
from dlgrade.exports.gradescope import unpack

HAVE_OTTER = all(importlib.util.find_spec(m) for m in ("otter", "ipykernel", "nbclient"))
needs_otter = pytest.mark.skipif(not HAVE_OTTER, reason="otter-grader not installed (pip install otter-grader ipykernel)")


def dlgrade_ok(*args: str) -> str:
    proc = run_dlgrade(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def otter(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "otter", *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def otter_scores(zip_path: Path, notebook: Path, out: Path) -> dict[str, tuple[float, float]]:
    out.mkdir()
    otter("run", "-a", str(zip_path), "-o", str(out), "--no-logo", str(notebook), cwd=out)
    tests = json.loads((out / "results.json").read_text())["tests"]
    return {t["name"]: (t["score"], t["max_score"]) for t in tests if t.get("max_score") is not None}


def test_otter_master_format(tmp_path):
    dlgrade_ok("export", "otter", "sheet01", "--out", str(tmp_path), "--seed", "1")
    nb = nbformat.read(str(tmp_path / "sheet01.ipynb"), as_version=4)
    raw = [c.source for c in nb.cells if c.cell_type == "raw"]
    assert raw[0].startswith("# ASSIGNMENT CONFIG\nname: sheet01")
    assert [r.splitlines()[1] for r in raw if r.startswith("# BEGIN QUESTION")] == ["name: perceptron", "name: backprop"]
    for block in ("SOLUTION", "TESTS", "QUESTION"):
        assert sum(r == f"# END {block}" for r in raw) == 2
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    tests = [c for c in code if c.removeprefix("# HIDDEN\n").startswith("def test_")]
    exercises = [catalog.load_exercise(e) for e in ("perceptron", "backprop")]
    assert len(tests) == sum(len(e.public_cases()) + len(e.hidden_cases(1)) for e in exercises)
    assert sum(c.startswith("# HIDDEN\n") for c in tests) == sum(len(e.hidden_cases(1)) for e in exercises)
    assert any("# BEGIN SOLUTION NO PROMPT" in c and '""" # BEGIN PROMPT' in c for c in code)
    points = [json.loads(line[len("points: "):]) for r in raw for line in r.splitlines() if line.startswith("points: ")]
    assert [sum(p) for p in points] == pytest.approx([10.0, 10.0])  # each exercise exactly its sheet points
    shares = [v for p in points for v in p]
    assert all(abs(v * 100 - round(v * 100)) < 1e-9 for v in shares)  # rounded to the sheet's step (0.01)
    assert len(set(points[0])) > 1 or 1000 % len(points[0]) == 0  # 1000 hundredths over n tests: uneven shares differ
    assert (tmp_path / "requirements.txt").read_text().split() == ["numpy"]


@needs_otter
def test_otter_assign_and_run(tmp_path):
    """otter assign accepts the master (and checks the reference passes); otter run: reference full, stub 0."""
    master = tmp_path / "master"
    dlgrade_ok("export", "otter", "sheet01", "--out", str(master), "--seed", "1")
    otter("assign", "sheet01.ipynb", "dist", cwd=master)
    (zip_path,) = (master / "dist" / "autograder").glob("sheet01-autograder_*.zip")
    student = master / "dist" / "student" / "sheet01.ipynb"
    student_text = student.read_text()
    assert "raise NotImplementedError" in student_text and "BEGIN SOLUTION" not in student_text
    hidden = {c.name for e in ("perceptron", "backprop") for c in catalog.load_exercise(e).hidden_cases(1)}
    public = {c.name for e in ("perceptron", "backprop") for c in catalog.load_exercise(e).public_cases()}
    assert not [n for n in hidden if not any(n in p for p in public) and n in student_text]
    full = otter_scores(zip_path, master / "dist" / "autograder" / "sheet01.ipynb", tmp_path / "full")
    assert full == {"perceptron": (10.0, 10.0), "backprop": (10.0, 10.0)}
    stub = otter_scores(zip_path, student, tmp_path / "stub")
    assert {k: v[0] for k, v in stub.items()} == {"perceptron": 0, "backprop": 0}


@needs_otter
def test_otter_assign_accepts_a_torch_sheet(tmp_path):
    """sheet03: tests with a torch harness (gradient penalty); otter assign fails unless the reference passes all."""
    dlgrade_ok("export", "otter", "sheet03", "--out", str(tmp_path), "--lang", "en", "--seed", "2")
    assert (tmp_path / "requirements.txt").read_text().split() == ["numpy", "torch"]
    otter("assign", "sheet03.ipynb", "dist", cwd=tmp_path)


@needs_otter
@pytest.mark.parametrize("sheet", ["sheet04", "sheet05", "sheet06", "sheet07", "sheet08"])
def test_otter_assign_accepts_the_new_sheets(sheet, tmp_path):
    """otter assign runs every test on the reference (and fails unless all pass); for sheet04 (a class stub,
    autodiff's Value) otter run also gives the reference full marks and the stub none."""
    dlgrade_ok("export", "otter", sheet, "--out", str(tmp_path), "--seed", "3")
    otter("assign", f"{sheet}.ipynb", "dist", cwd=tmp_path)
    if sheet != "sheet04":
        return
    (zip_path,) = (tmp_path / "dist" / "autograder").glob(f"{sheet}-autograder_*.zip")
    points = catalog.load_sheet(sheet).points
    full = otter_scores(zip_path, tmp_path / "dist" / "autograder" / f"{sheet}.ipynb", tmp_path / "full")
    assert full == {e: (points[e], points[e]) for e in points}
    student = tmp_path / "dist" / "student" / f"{sheet}.ipynb"
    assert "class Value:" in student.read_text() and "BEGIN SOLUTION" not in student.read_text()
    stub = otter_scores(zip_path, student, tmp_path / "stub")
    assert {k: v[0] for k, v in stub.items()} == dict.fromkeys(points, 0)


def gradescope_root(tmp_path: Path, sheet: str) -> Path:
    """A folder laid out like Gradescope's /autograder with the exported zip unpacked in source/."""
    zip_path = tmp_path / "autograder.zip"
    dlgrade_ok("export", "gradescope", sheet, "--out", str(zip_path))
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
    assert {"setup.sh", "run_autograder", "requirements.txt", "dlgrade/dlgrade/cli/__init__.py",
            f"dlgrade/dlgrade/exercises/{sheet}.toml", "dlgrade/dlgrade/templates/otter/checker.py"} <= names
    carried = {n.split("/")[3] for n in names if n.startswith("dlgrade/dlgrade/solutions/") and n.count("/") > 3}
    assert carried == {e.id for e in catalog.resolve(sheet)}  # only this sheet's references and hidden cases
    assert not [n for n in names if "__pycache__" in n or n.startswith("dlgrade/tests/")]
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    assert modes["dlgrade/.state/secret.key"] == 0o600
    root = tmp_path / "autograder"
    for sub in ("submission", "results", "source"):
        (root / sub).mkdir(parents=True)
    unpack(zip_path, root / "source")
    return root


def run_autograder(root: Path) -> dict:
    env = {**os.environ, "DLGRADE_GRADESCOPE_ROOT": str(root), "DLGRADE_PYTHON": sys.executable}
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads((root / "results" / "results.json").read_text())


def test_gradescope_zip_grades_the_reference_notebook(tmp_path):
    root = gradescope_root(tmp_path, "sheet01")
    dlgrade_ok("sheet", "build", "sheet01", "--out", str(tmp_path / "sheet"), "--solutions")
    notebook = tmp_path / "sheet" / "sheet01_solutions.ipynb"
    (root / "submission" / "sheet01.ipynb").write_bytes(notebook.read_bytes())
    results = run_autograder(root)
    assert results["score"] == pytest.approx(20.0) and results["max_score"] == pytest.approx(20.0)
    assert results["extra_data"]["target"] == "sheet01"
    hidden = [t for t in results["tests"] if not t["extra_data"]["public"]]
    graded_alone = grade("sheet01", notebook, tmp_path / "alone")  # `dlgrade grade` with its defaults
    alone_hidden = {t["visibility"] for t in graded_alone["tests"] if not t["extra_data"]["public"]}
    assert hidden and {t["visibility"] for t in hidden} == alone_hidden  # the same default visibility
    setup = (root / "source" / "setup.sh").read_text()
    assert "requirements.txt" in setup and "torch" in (root / "source" / "requirements.txt").read_text()


def test_gradescope_feedback_is_markdown_with_student_text_escaped(tmp_path):
    root = gradescope_root(tmp_path, "sheet01")
    code = "\n\n".join((ROOT / "solutions" / e / "reference.py").read_text() for e in ("perceptron", "backprop"))
    hostile = "<img src=x onerror=alert(1)> **bold** [link](http://example.org) `tick"
    code = code.replace("def predict(w, b, X):\n", f"def predict(w, b, X):\n    raise ValueError({hostile!r})\n", 1)
    (root / "submission" / "sheet01.py").write_text(code)
    results = run_autograder(root)
    assert results["output_format"] == "md" and results["test_output_format"] == "md"
    assert {t["output_format"] for t in results["tests"]} == {"md"}
    failed = [t for t in results["tests"] if t["extra_data"]["status"] == "error"]
    assert failed and results["score"] < 20
    for test in failed:
        message, rest = test["output"].split("\n\n", 1)
        assert message.startswith("**") and "\\<img" in message  # escaped, still readable
        assert not re.search(r"(?<!\\)(<img|\*\*bold|\]\(http|`tick)", message)
        assert "```" in rest  # the traceback as a code block
    assert results["output"].startswith("**sheet01: ")


def test_gradescope_two_notebooks_are_ambiguous_as_in_grade_batch(tmp_path):
    root = gradescope_root(tmp_path, "sheet01")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    batch = tmp_path / "subs" / "s1"
    batch.mkdir(parents=True)
    for folder in (root / "submission", batch):
        nbformat.write(notebook, str(folder / "mine.ipynb"))
        nbformat.write(notebook, str(folder / "copy.ipynb"))
    results = run_autograder(root)
    dlgrade_ok("grade-batch", "sheet01", str(tmp_path / "subs"), "--out", str(tmp_path / "batch"), "--lang", "de")
    in_batch = json.loads((tmp_path / "batch" / "students" / "s1" / "results.json").read_text())
    assert results["score"] == 0 and {t["extra_data"]["status"] for t in results["tests"]} == {"invalid"}
    assert results["tests"][0]["extra_data"]["message"] == in_batch["tests"][0]["extra_data"]["message"]
    assert "copy.ipynb, mine.ipynb" in results["tests"][0]["extra_data"]["message"]["en"]


def test_gradescope_without_a_submission_still_writes_results(tmp_path):
    root = gradescope_root(tmp_path, "sheet01")
    results = run_autograder(root)
    assert results["score"] == 0 and results["max_score"] > 0
    assert {t["extra_data"]["status"] for t in results["tests"]} == {"invalid"}
