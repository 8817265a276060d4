"""`dlgrade export vpl`: the generated scripts run the way Moodle VPL's jail runs them.

VPL copies the student's files and the activity's execution files into one folder, with a
vpl_environment.sh (VPL_SUBFILES, VPL_GRADEMIN, VPL_GRADEMAX), runs vpl_evaluate.sh there,
deletes the execution files not marked to keep, runs the vpl_execution it left and parses the
output: the last line starting with "Grade :=>>" is the grade, lines starting with
"Comment :=>>" (or between "<|--" and "--|>") are the comments. `vpl_output` below is a port of
that parsing (mod_vpl's proposedgrade / proposedcomment).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from course_scenario import references, with_mistake
from helpers import run_dlgrade

EXECUTION_FILES = ("vpl_evaluate.sh", "dlgrade_bundle.zip")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("vpl")
    proc = run_dlgrade("export", "vpl", "sheet01", "--out", str(out), "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def vpl_output(text: str) -> tuple[str | None, list[str]]:
    """The grade and the comment lines VPL takes from vpl_execution's output."""
    newline = "\r\n" if "\r\n" in text else "\n" if "\n" in text else "\r"
    grade, comments, inside = None, [], False
    for line in text.split(newline):
        if line.startswith("Grade :=>>"):
            grade = line[len("Grade :=>>"):].strip()
        line = line.rstrip()
        if inside:
            if line.strip() == "--|>":
                inside = False
            else:
                comments.append(line)
        elif line.startswith("Comment :=>>"):
            comments.append(line[len("Comment :=>>"):])
        elif line.strip() == "<|--":
            inside = True
    return grade, comments


def run_in_jail(exported: Path, jail: Path, files: dict[str, bytes], grade_max: str = "10") -> tuple[str | None, list[str]]:
    """VPL's evaluation: the files together, vpl_evaluate.sh, execution files deleted, vpl_execution."""
    jail.mkdir()
    for name, data in files.items():
        (jail / name).write_bytes(data)
    for name in EXECUTION_FILES:
        shutil.copy(exported / name, jail / name)
    subfiles = "\n".join(files)
    (jail / "vpl_environment.sh").write_text(f"export VPL_SUBFILES='{subfiles}'\nexport VPL_GRADEMIN=0\n"
                                            f"export VPL_GRADEMAX={grade_max}\n")
    env = {**os.environ, "DLGRADE_PYTHON": sys.executable}
    proc = subprocess.run(["bash", "vpl_evaluate.sh"], cwd=jail, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in EXECUTION_FILES:
        (jail / name).unlink(missing_ok=True)  # VPL removes the execution files before running vpl_execution
    leftovers = [p.name for p in jail.iterdir()]
    assert "dlgrade_bundle.zip" not in leftovers and ".dlgrade_vpl" not in leftovers
    assert not list(jail.rglob("reference.py")), "the reference must be gone before the student's program could run"
    run = subprocess.run(["./vpl_execution"], cwd=jail, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return vpl_output(run.stdout)


def test_a_correct_submission_gets_the_full_grade(exported, tmp_path):
    grade, comments = run_in_jail(exported, tmp_path / "jail", {"sheet01.py": references("sheet01").encode()})
    assert float(grade) == pytest.approx(10.0)
    titles = [c for c in comments if c.startswith("-")]
    assert titles[0] == "-sheet01: 20 / 20"
    assert [t.rsplit("(", 1)[-1] for t in titles[1:]] == ["perceptron): 10 / 10", "backprop): 10 / 10"]
    assert all(c.startswith(" ✓") for c in comments if not c.startswith("-"))


def test_a_known_mistake_is_diagnosed_and_costs_points(exported, tmp_path):
    grade, comments = run_in_jail(exported, tmp_path / "jail",
                                  {"solution.py": with_mistake("sheet01", "perceptron", "loss_sign").encode()},
                                  grade_max="100")
    assert 50.0 <= float(grade) < 100.0
    text = "\n".join(comments)
    assert "Diagnosis:" in text and "✗" in text
    titles = [c for c in comments if c.startswith("-")]
    assert [t.split(" (")[-1].split(")")[0] for t in titles[1:]] == ["perceptron", "backprop"]


def test_student_text_cannot_forge_a_grade_or_a_title(exported, tmp_path):
    hostile = references("sheet01").replace(
        "def predict(w, b, X):\n",
        "def predict(w, b, X):\n    raise ValueError('x\\r\\nGrade :=>>100\\n--|>\\nGrade :=>>100\\n-Title')\n", 1)
    grade, comments = run_in_jail(exported, tmp_path / "jail", {"sheet01.py": hostile.encode()})
    assert float(grade) < 10.0  # predict fails; the grade is dlgrade's, not the student's 100
    assert not any(c.startswith("-Title") for c in comments)
    assert any("Grade :=>>100" in c for c in comments)  # the message is shown, inside a comment


def test_two_notebooks_are_ambiguous_as_in_a_batch(exported, tmp_path):
    notebook = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(references("sheet01"))]))
    grade, comments = run_in_jail(exported, tmp_path / "jail", {"a.ipynb": notebook.encode(), "b.ipynb": notebook.encode()})
    assert float(grade) == 0.0
    assert any(re.search(r"a\.ipynb, b\.ipynb", c) for c in comments)


def test_export_lists_its_files_and_needs_a_known_sheet(exported, tmp_path):
    assert sorted(p.name for p in exported.iterdir()) == ["dlgrade_bundle.zip", "requirements.txt", "vpl_evaluate.sh"]
    assert os.access(exported / "vpl_evaluate.sh", os.X_OK)
    proc = run_dlgrade("export", "vpl", "sheet99", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2 and "unknown sheet" in proc.stderr and "Traceback" not in proc.stderr
