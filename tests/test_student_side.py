"""The students' side without solutions: `dlgrade check` and the student package (`dlgrade export student`).

The package is installed into a fresh virtual environment (numpy, torch and the rest come from
the system's site-packages), where `dlgrade.solutions` must not be importable, and its
`dlgrade check` must give the same verdicts as the instructor's checkout.
"""
from __future__ import annotations

import ast
import glob
import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import dlgrade_command, run_dlgrade

from dlgrade import catalog

STUB_ONLY = "def predict(w, b, X):\n    raise NotImplementedError\n"


def check(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_dlgrade("check", *args, env=env)


def reference_file(exercise_id: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{exercise_id}_reference.py"
    path.write_text(catalog.load_exercise(exercise_id).reference_source())
    return path


def mistake_file(exercise_id: str, mistake_id: str, tmp_path: Path) -> Path:
    """The reference with one known mistake in it, as a student's .py."""
    exercise = catalog.load_exercise(exercise_id)
    mistake = next(m for m in exercise.mistakes if m.id == mistake_id)
    path = tmp_path / f"{exercise_id}_{mistake_id}.py"
    path.write_text(exercise.variant_source(mistake))
    return path


# ---------------------------------------------------------------- dlgrade check


def test_check_passes_the_reference_and_names_a_mistake(tmp_path):
    good = check("perceptron", str(reference_file("perceptron", tmp_path)))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Selbsttest perceptron: 6 von 6 öffentlichen Fällen richtig." in good.stdout and "✗" not in good.stdout
    wrong = check("perceptron", str(mistake_file("perceptron", "bias_not_updated", tmp_path)), "--lang", "en")
    assert wrong.returncode == 1
    assert "Self-check perceptron: 4 of 6 public cases correct." in wrong.stdout
    assert "Diagnosis: The bias is not updated in the step" in wrong.stdout
    assert "Expected:\n    w_new = [2., 4.]\n    b_new = -1.0" in wrong.stdout


def test_check_a_class_through_its_harness(tmp_path):
    """autodiff: the student's `Value` class, driven by the exercise's public harness; a known mistake is named."""
    good = check("autodiff", str(reference_file("autodiff", tmp_path)))
    assert good.returncode == 0, good.stdout + good.stderr
    wrong = check("autodiff", str(mistake_file("autodiff", "grad_overwritten", tmp_path)))
    assert wrong.returncode == 1 and "Diagnose:" in wrong.stdout
    diagnosis = catalog.load_exercise("autodiff").hidden_texts("mistakes.grad_overwritten.diagnosis")["de"]
    assert diagnosis in wrong.stdout


def _first_public_mistake(exercise_id: str) -> str:
    """A known mistake that some public case of the exercise can tell from the reference."""
    from dlgrade.sheets.pack import build_pack

    pack = build_pack(catalog.load_exercise(exercise_id))
    return next(m["id"] for case in pack["cases"] for m in case["mistakes"])


def _without_tracebacks(text: str) -> str:
    out, skipping = [], False
    for line in text.splitlines():
        label = line.strip()
        if label in ("Traceback:", "Input:", "Expected:", "Got:") or label.startswith(("✓", "✗", "Self-check")):
            skipping = label == "Traceback:"
            if skipping:
                continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("exercise_id", ["perceptron", "activations", "losses", "autodiff", "optimizers", "batchnorm",
                                         "init_regularization", "lstm", "metrics"])
def test_check_says_what_the_grader_says(exercise_id, tmp_path):
    """A known mistake: for every public case the grader fails, `dlgrade check` prints the grader's feedback
    (status, message, diagnosis, hint, inputs, expected, actual) word for word."""
    submission = mistake_file(exercise_id, _first_public_mistake(exercise_id), tmp_path)
    proc = run_dlgrade("grade", exercise_id, str(submission), "--out", str(tmp_path / "graded"), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "graded" / "results.json").read_text())
    wrong = [t for t in results["tests"] if t["extra_data"]["public"] and t["score"] < t["max_score"]]
    assert wrong and any(t["extra_data"]["diagnosis"] for t in wrong), exercise_id
    checked = check(exercise_id, str(submission), "--lang", "en")
    assert checked.returncode == 1
    for test in wrong:
        feedback = "    " + _without_tracebacks(test["output"]).replace("\n", "\n    ")
        assert feedback in _without_tracebacks(checked.stdout), test["name"]
    assert checked.stdout.count("✗") == len(wrong)


@pytest.mark.parametrize("args", [("sheet99", "x.py"), ("sheet01", "missing.py"), ("sheet01", "."), ("sheet01", "notes.txt")])
def test_check_usage_errors_exit_2(args, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    proc = subprocess.run([*dlgrade_command(), "check", *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("dlgrade: ") and "Traceback" not in proc.stderr, proc.stderr


def test_check_stops_a_hanging_call_and_a_hanging_load(tmp_path):
    hanging = tmp_path / "hang.py"
    loop = "\n\ndef predict(w, b, X):\n    while True:\n        pass\n"
    hanging.write_text(reference_file("perceptron", tmp_path).read_text() + loop)
    proc = check("perceptron", str(hanging), "--call-timeout", "1")
    assert proc.returncode == 1
    assert "[Zeitlimit]" in proc.stdout and "5 von 6 öffentlichen Fällen richtig" in proc.stdout  # only predict's case
    loading = tmp_path / "load.py"
    loading.write_text("while True:\n    pass\n")
    proc = check("perceptron", str(loading), "--import-timeout", "1")
    assert proc.returncode == 1 and "länger als 1 s" in proc.stdout and "0 von 6" in proc.stdout


def test_check_reports_a_failing_cell_and_a_forbidden_routine(tmp_path):
    crashing = tmp_path / "crash.py"
    crashing.write_text(STUB_ONLY + "raise RuntimeError('kaputt')\n")
    proc = check("perceptron", str(crashing), "--lang", "en")
    assert proc.returncode == 1 and "RuntimeError" in proc.stdout and "kaputt" in proc.stdout
    exercise = catalog.load_exercise("autodiff")
    assert "torch.*" in exercise.forbidden["graph_example"]
    forbidden = tmp_path / "torch_autograd.py"
    forbidden.write_text(exercise.reference_source() + "\n\ndef graph_example(x, y, z, w):\n    import torch\n"
                         "    t = torch.tensor([x, y, z, w], requires_grad=True)\n"
                         "    f = (t[0] * t[1] + torch.maximum(t[2], t[3])) ** 2\n    f.backward()\n"
                         "    return (float(f), *map(float, t.grad))\n")
    proc = check("autodiff", str(forbidden), "--lang", "en")
    assert proc.returncode == 1 and "[not allowed]" in proc.stdout and "torch" in proc.stdout


def test_check_of_a_notebook_runs_the_students_cells_not_the_self_check(tmp_path):
    out = tmp_path / "sheet"
    assert run_dlgrade("sheet", "build", "sheet01", "--out", str(out), "--solutions").returncode == 0
    proc = check("sheet01", str(out / "sheet01_solutions.ipynb"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("✓") == 14 and "Alle öffentlichen Fälle richtig." in proc.stdout


# ---------------------------------------------------------------- the student package


def _secret_lines(exercise) -> list[str]:
    """Distinctive lines of the reference, the hidden generators and the known mistakes (not in any public file)."""
    public = "".join(p.read_text() for p in exercise.folder.rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".toml"))
    engine = "".join(p.read_text() for p in (Path(catalog.__file__).parent).rglob("*.py"))
    lines = set()
    for name in ("reference.py", "hidden.py", "mistakes.py"):
        path = exercise.solution_folder / name
        if path.exists():
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    body = ast.get_source_segment(path.read_text(), node) or ""
                    lines |= {line.strip() for line in body.splitlines()[1:]}
    return sorted(line for line in lines if len(line) >= 24 and not line.startswith(("#", '"""', "'''"))
                  and line not in public and line not in engine)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student") / "sheet04-student"
    proc = run_dlgrade("export", "student", "sheet04", "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_student_package_holds_no_solution(bundle):
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert (bundle / "pyproject.toml").is_file() and (bundle / "sheet04.ipynb").is_file()
    assert not [p for p in bundle.rglob("*") if p.name == "solutions" or p.name in ("reference.py", "hidden.py", "mistakes.py")]
    text = "\n".join(p.read_text(errors="replace") for p in files)
    for exercise_id in catalog.load_sheet("sheet04").exercises:
        exercise = catalog.load_exercise(exercise_id)
        secret = _secret_lines(exercise)
        assert len(secret) > 10, exercise_id
        leaked = [line for line in secret if line in text]
        assert not leaked, f"{exercise_id}: solution code in the student package: {leaked[:3]}"
        assert (bundle / "dlgrade" / "exercises" / exercise_id / "selfcheck.json").is_file()
    carried = sorted(p.name for p in (bundle / "dlgrade" / "exercises").iterdir() if p.is_dir())
    assert carried == ["activations", "autodiff", "losses"]  # the sheet's exercises only


def test_student_package_replaces_itself_but_not_a_foreign_folder(bundle, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep me")
    proc = run_dlgrade("export", "student", "sheet04", "--out", str(foreign))
    assert proc.returncode == 1 and "not empty" in proc.stderr and (foreign / "thesis.tex").read_text() == "keep me"
    again = run_dlgrade("export", "student", "sheet04", "--out", str(bundle))
    assert again.returncode == 0, again.stderr


@pytest.fixture(scope="module")
def venv(bundle, tmp_path_factory) -> Path:
    """A fresh virtual environment with the student package installed, and no way to the checkout's solutions."""
    root = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(root)], check=True, timeout=300)
    python = root / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # The checkout's editable install reaches `dlgrade.solutions` through a finder that the system's site-packages
    # starts from a .pth file; a module of the same name in the venv comes first on sys.path and starts nothing.
    for finder in {Path(p).name for d in site.getsitepackages() for p in glob.glob(f"{d}/__editable___dlgrade*finder.py")}:
        (Path(purelib) / finder).write_text("def install():\n    pass\n")
    proc = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                           str(bundle)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root


def in_venv(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DLGRADE_SECRET")}
    return subprocess.run([str(venv / "bin" / "dlgrade"), *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_installed_student_package_has_no_solutions(venv, tmp_path):
    probe = ("import dlgrade, importlib.util\nprint(dlgrade.__file__)\n"
             "print(importlib.util.find_spec('dlgrade.solutions') is None)")
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    where, missing = proc.stdout.split()
    assert where.startswith(str(venv)) and missing == "True", proc.stdout + proc.stderr


@pytest.mark.parametrize("lang", ["de", "en"])
def test_grading_in_the_student_package_points_to_the_self_check(venv, lang, tmp_path):
    """No solutions, no grading: a usage error (exit 2) that names `dlgrade check`, not a traceback."""
    submission = reference_file("activations", tmp_path)
    proc = in_venv(venv, "grade", "sheet04", str(submission), "--out", str(tmp_path / "out"), "--lang", lang, cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert f"dlgrade check sheet04 {'YOUR_FILE' if lang == 'en' else 'DEINE_DATEI'}" in proc.stderr


@pytest.mark.parametrize(("target", "make"), [
    ("sheet04", lambda tmp: mistake_file("autodiff", "grad_overwritten", tmp)),
    ("losses", lambda tmp: mistake_file("losses", next(m.id for m in catalog.load_exercise("losses").mistakes), tmp)),
    ("activations", lambda tmp: reference_file("activations", tmp)),
])
def test_student_package_gives_the_same_verdicts(venv, target, make, tmp_path):
    """`dlgrade check` from the package (precomputed data, no solutions) says what the checkout says."""
    submission = make(tmp_path)
    here = run_dlgrade("check", target, str(submission))
    there = in_venv(venv, "check", target, str(submission), cwd=tmp_path)
    assert there.returncode == here.returncode and there.stdout == here.stdout, there.stderr[-2000:]
    assert "✓" in there.stdout


def test_student_package_notebook_self_check_without_solutions(venv, bundle, tmp_path):
    """The package's notebook runs its self-check with the package's dlgrade (imported, not embedded)."""
    script = ("import nbformat, os\nns = {'__name__': '__main__'}\n"
              f"for cell in nbformat.read({str(bundle / 'sheet04.ipynb')!r}, as_version=4).cells:\n"
              "    if cell.cell_type == 'code':\n        exec(compile(cell.source, '<cell>', 'exec'), ns)\n")
    env = {**os.environ, "DLGRADE_SELF_CHECK": "1"}
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", script], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Selbsttest autodiff: 0 von 9 öffentlichen Fällen richtig." in proc.stdout
    assert "eingebauten Kopie" not in proc.stdout  # dlgrade is installed there: its own modules ran
    assert "noch nicht implementiert" in proc.stdout
