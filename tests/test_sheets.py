"""Exercise sheets through the real CLI: build, keep solutions out, open clean, grade the notebooks."""
from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import grade, run_dlgrade

from dlgrade import catalog
from dlgrade.exports.gradescope import unpack
from dlgrade.sheets.code import merge_reference, with_docstrings
from dlgrade.sheets.document import for_notebook
from dlgrade.sheets.pack import case_record
from dlgrade.spec import Case

SHEETS = [f"sheet0{i}" for i in range(1, 9)]
NEW_SHEETS = {"sheet04": ["activations", "losses", "autodiff"], "sheet05": ["optimizers"],
              "sheet06": ["batchnorm", "init_regularization"], "sheet07": ["lstm"], "sheet08": ["metrics"]}


def build(sheet: str, out: Path, *extra: str) -> Path:
    proc = run_dlgrade("sheet", "build", sheet, "--out", str(out), *extra)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stem = f"{sheet}_solutions" if "--solutions" in extra else sheet
    for suffix in (".ipynb", ".md", ".html"):
        assert (out / f"{stem}{suffix}").is_file()
    return out / f"{stem}.ipynb"


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


def sources(path: Path) -> str:
    return "\n".join(cell.source for cell in read(path).cells)


def role(cell) -> str | None:
    return (cell.metadata.get("dlgrade") or {}).get("role")


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
    assert catalog.sheet_ids()[:8] == SHEETS
    dues = []
    for sheet_id in SHEETS:
        sheet = catalog.load_sheet(sheet_id)
        assert set(sheet.title) == {"de", "en"} and sheet.due and len(sheet.due) == 10
        assert set(sheet.points) == set(sheet.exercises) and sum(sheet.points.values()) == 20
        for exercise in sheet.exercises:
            catalog.load_exercise(exercise)
        dues.append(sheet.due)
    assert dues == sorted(set(dues))  # one due date per sheet, in order
    assert {s: catalog.load_sheet(s).exercises for s in NEW_SHEETS} == NEW_SHEETS


@pytest.mark.parametrize("sheet", SHEETS)
def test_student_notebook_opens_clean(built, sheet):
    """One collapsed setup cell, one line per self-check, nothing about files notebook students do not have."""
    path = built[sheet, "student"]
    nb = read(path)
    nbformat.validate(nb)
    checks = [c for c in nb.cells if role(c) == "self-check"]
    setup, calls = checks[0], checks[1:]
    assert nb.cells[1] is setup and setup.metadata["jupyter"]["source_hidden"] is True
    exercises = catalog.load_sheet(sheet).exercises
    assert [c.source for c in calls] == [f'_dlgrade_self_check("{e}")  # Selbsttest: öffentliche Fälle von {e}'
                                         for e in exercises]
    others = [c for c in nb.cells if c.cell_type == "code" and role(c) is None]
    assert others and not [c for c in others if "_dlgrade" in c.source]
    for cell in nb.cells:
        if cell.cell_type == "code":
            ast.parse(cell.source)  # every code cell is valid Python
    texts = [sources(path), path.with_suffix(".md").read_text(), path.with_suffix(".html").read_text()]
    assert not [t for t in texts if "public.py" in t]
    assert "_dlgrade_self_check" not in texts[1]  # the Markdown sheet leaves the self-check out


@pytest.mark.parametrize("sheet", SHEETS)
def test_html_sheet_renders_math_offline(built, sheet):
    page = built[sheet, "student"].with_suffix(".html").read_text()
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/1998/Math/MathML", "")
    assert "https://" not in page and page.count("<math") > 5
    assert 'class="tex"' not in page  # every formula was converted (none left as TeX source)
    prose = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", page, flags=re.S)
    assert "$" not in prose and "\\frac" not in prose  # no TeX left between dollars


def test_html_sheet_math_is_typeset_in_chromium(built, tmp_path):
    """Chromium lays the MathML out as math (a fraction's numerator above its denominator), with no network."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    probe = ("<script>window.addEventListener('load', () => { const f = [...document.querySelectorAll('mfrac')];"
             " const stacked = f.filter(m => m.children.length == 2 && m.children[0].getBoundingClientRect().bottom"
             " <= m.children[1].getBoundingClientRect().top + 1).length;"
             " document.body.setAttribute('data-fractions', f.length + ' stacked ' + stacked); });</script>")
    page = built["sheet01", "student"].with_suffix(".html").read_text()
    copy = tmp_path / "probe.html"
    copy.write_text(page.replace("</body>", probe + "</body>"))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", copy.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'data-fractions="(\d+) stacked (\d+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    assert int(found.group(1)) > 3 and found.group(1) == found.group(2)


def test_german_sheet_has_german_docstrings(built):
    nb = read(built["sheet04", "student"])
    (value,) = [c.source for c in nb.cells if c.cell_type == "code" and c.source.startswith("class Value")]
    assert '"""Ein skalarer Knoten eines Berechnungsgraphen.' in value and "A scalar node" not in value
    assert '"""Rückwärtsmodus: setzt .grad' in value and "Reverse mode" not in value
    (softmax,) = [c.source for c in nb.cells if c.source.startswith("def softmax(")]
    assert "Gib die Softmax jeder Zeile" in softmax
    assert not [c for c in nb.cells if role(c) is None and "Exercise:" in c.source]  # no English module docstring
    english = read(built["sheet04", "solutions"])
    (value_en,) = [c.source for c in english.cells if c.cell_type == "code" and c.source.startswith("class Value")]
    assert '"""A scalar node of a computational graph.' in value_en and "raise NotImplementedError" not in value_en


def test_a_class_stub_is_one_cell(built):
    """The autodiff stub defines `class Value`: one code cell the student completes, every method in it."""
    exercise = catalog.load_exercise("autodiff")
    stub_class = next(n for n in ast.parse(exercise.stub_path.read_text()).body if isinstance(n, ast.ClassDef))
    methods = {m.name for m in stub_class.body if isinstance(m, ast.FunctionDef)}
    nb = read(built["sheet04", "student"])
    cells = [c.source for c in nb.cells if c.cell_type == "code" and "class Value" in c.source and role(c) is None]
    assert len(cells) == 1 and cells[0].startswith("class Value:")
    (node,) = ast.parse(cells[0]).body
    assert {m.name for m in node.body if isinstance(m, ast.FunctionDef)} == methods
    assert cells[0].count("raise NotImplementedError") == len(methods)


def test_docstrings_are_rewritten_in_place():
    source = ('import x\n\n\nclass A:\n    """Old."""\n\n    def f(self):\n        return "ä"\n\n\n'
              'def g():\n    """Old g."""\n    return 1\n')
    new = with_docstrings(source, {"A": "Neu.", "A.f": "Zeile eins.\n\nZeile \\zwei.", "g": "Neues g."})
    assert new == ('import x\n\n\nclass A:\n    """Neu."""\n\n    def f(self):\n        r"""Zeile eins.\n\n'
                   '        Zeile \\zwei.\n        """\n        return "ä"\n\n\ndef g():\n    """Neues g."""\n    return 1\n')
    assert with_docstrings('"""Module."""\nimport x\n', {}, drop_module=True) == "import x\n"


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "Die öffentlichen Tests (`public.py`) enthalten es.", "Die öffentlichen Tests enthalten es."),
    ("de", "(In `public.py` sind die Eingaben Arrays.)", "(Im Selbsttest sind die Eingaben Arrays.)"),
    ("de", "gleich.\n`public.py` enthält dieses Beispiel", "gleich.\nDer Selbsttest enthält dieses Beispiel"),
    ("de", "Stellen; siehe `public.py`.", "Stellen; siehe den Selbsttest."),
    ("de", "- Öffentliche Fälle (`public.py`, die Beispiele oben)", "- Öffentliche Fälle (die Beispiele oben)"),
    ("en", "The public cases in `public.py` hold the examples", "The public cases in the self-check hold the examples"),
    ("en", "with (5); see `public.py`.", "with (5); see the self-check."),
])
def test_statements_point_at_the_self_check(lang, text, expected):
    assert for_notebook(text, lang) == expected


@pytest.mark.parametrize("sheet", SHEETS)
def test_student_notebook_holds_no_solution(built, sheet):
    """No line of a reference or a known mistake (that is not also public) and no hidden case in the student version."""
    text = sources(built[sheet, "student"])
    engine = "".join(p.read_text() for p in Path(catalog.__file__).parent.rglob("*.py"))  # public: embedded for the self-check
    for exercise in map(catalog.load_exercise, catalog.load_sheet(sheet).exercises):
        public = "".join(p.read_text() for p in exercise.folder.iterdir() if p.suffix in (".py", ".md"))  # stub, statements, ...
        secret_source = exercise.reference_source() + (exercise.solution_folder / "mistakes.py").read_text()
        secret = [line for line in {line.strip() for line in secret_source.splitlines()}
                  if len(line) >= 20 and line not in public + engine and not line.startswith(("#", '"""'))]
        assert secret, exercise.id
        leaked = [line for line in secret if line in text]
        assert not leaked, f"{exercise.id}: reference or mistake lines in the student notebook: {leaked[:3]}"
        public_names = {c.name for c in exercise.public_cases()}
        hidden = exercise.hidden_cases(0) + exercise.hidden_cases(1)
        names = {c.name for c in hidden if not any(c.name in p for p in public_names)}
        assert not [n for n in names if n in text], exercise.id
        floats = [repr(float(v)) for c in hidden for a in c.args if isinstance(a, np.ndarray) and a.dtype.kind == "f"
                  for v in a.ravel()[:3] if len(repr(float(v))) > 12]
        assert not [f for f in floats if f in text], exercise.id


def test_solution_notebook_fills_the_stub(built):
    text = sources(built["sheet01", "solutions"])
    assert text.count("raise NotImplementedError") == 0
    assert "def margins(" in text  # the reference's helper travels with it
    assert read(built["sheet01", "solutions"]).cells[0].source.startswith("# Exercise sheet 1")


@pytest.mark.parametrize("sheet", SHEETS)
def test_solution_notebook_grades_to_full_marks(built, sheet, tmp_path):
    results = grade(sheet, built[sheet, "solutions"], tmp_path)
    points = catalog.load_sheet(sheet).points
    assert results["max_score"] == pytest.approx(sum(points.values()))  # the sheet's points scale the cases
    lost = [t["name"] for t in results["tests"] if t["score"] < t["max_score"]]
    assert results["score"] == pytest.approx(results["max_score"]), lost
    for exercise in catalog.load_sheet(sheet).exercises:
        got = sum(t["extra_data"]["max_score_exact"] for t in results["tests"] if t["tags"][0] == exercise)
        assert got == pytest.approx(points[exercise])


@pytest.mark.parametrize("sheet", SHEETS)
def test_unchanged_student_notebook_grades_to_zero(built, sheet, tmp_path):
    results = grade(sheet, built[sheet, "student"], tmp_path)
    assert results["score"] == 0 and results["max_score"] > 0
    assert {t["extra_data"]["status"] for t in results["tests"]} <= {"error", "failed"}
    assert "Cell" not in results["output"]  # no code cell raised (the self-check cells included)


def fill_as_student(student: Path, out: Path) -> Path:
    """The student notebook with the reference typed into its function and class cells, nothing else touched."""
    nb = read(student)
    meta = nb.metadata["dlgrade"]
    for exercise in map(catalog.load_exercise, meta["exercises"]):
        parts = merge_reference(exercise, lang=meta["lang"])
        cells = [c for c in nb.cells if c.cell_type == "code"]
        for name, source in parts.functions.items():
            (cell,) = [c for c in cells if c.source.startswith((f"def {name}(", f"class {name}:", f"class {name}("))]
            cell.source = source
        first = next(c for c in cells if c.source.startswith((f"def {exercise.functions[0]}(", f"class {exercise.functions[0]}")))
        first.source = parts.helpers + "\n\n\n" + first.source  # helpers of their own, above a function
    nbformat.write(nb, str(out))
    return out


@pytest.mark.parametrize("sheet", ["sheet01", "sheet04"])
def test_student_notebook_filled_in_grades_to_full_marks(built, sheet, tmp_path):
    filled = fill_as_student(built[sheet, "student"], tmp_path / f"{sheet}.ipynb")
    results = grade(sheet, filled, tmp_path / "out")
    assert results["score"] == pytest.approx(20.0) and results["max_score"] == pytest.approx(20.0)


def test_a_hanging_function_costs_only_its_cases(built, tmp_path):
    """The self-check does not run in the grader: an endless loop cannot stall loading the notebook."""
    nb = read(fill_as_student(built["sheet01", "student"], tmp_path / "f.ipynb"))
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


def run_cells(notebook: Path, env: dict, block_dlgrade: bool = False) -> str:
    """Execute a notebook's code cells in a fresh interpreter (as a kernel would) and return stdout."""
    script = "import sys\n" + ("sys.modules['dlgrade'] = None\n" if block_dlgrade else "") + (
        "import nbformat\nns = {'__name__': '__main__'}\n"
        f"for cell in nbformat.read({str(notebook)!r}, as_version=4).cells:\n"
        "    if cell.cell_type == 'code':\n"
        "        exec(compile(cell.source, '<cell>', 'exec'), ns)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env}, cwd=notebook.parent)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def with_cells(student: Path, out: Path, replace: dict[str, str]) -> Path:
    """The notebook with the cells that define the named functions or classes replaced by student code."""
    nb = read(student)
    for cell in nb.cells:
        for name, source in replace.items():
            if cell.source.startswith((f"def {name}(", f"class {name}:")):
                cell.source = source
    nbformat.write(nb, str(out))
    return out


def without_tracebacks(text: str) -> str:
    """Feedback text without traceback blocks (the grader's are trimmed by the sandbox, the kernel's are not)."""
    out, skipping = [], False
    for line in text.splitlines():
        label = line.strip()
        if label in ("Traceback:", "Eingabe:", "Erwartet:", "Erhalten:") or label.startswith(("✓", "✗", "Selbsttest")):
            skipping = label == "Traceback:"
            if skipping:
                continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


def test_self_check_is_the_graders_feedback_with_and_without_dlgrade(built, tmp_path):
    """Wrong answers in a notebook: the self-check prints the grader's own feedback of each public case
    (message, diagnosis, hint, inputs, expected, actual), whether or not dlgrade is installed in the kernel."""
    mistake = next(m for m in catalog.load_exercise("perceptron").mistakes if m.id == "bias_not_updated")
    wrong = {"perceptron_step": catalog.function_source(mistake.functions["perceptron_step"]),
             "hidden_delta": "def hidden_delta(D2, W2, Z1, A1):\n    return (D2, W2)\n"}
    filled = fill_as_student(built["sheet01", "student"], tmp_path / "filled.ipynb")
    path = with_cells(filled, tmp_path / "wrong.ipynb", wrong)
    installed = run_cells(path, {"DLGRADE_SELF_CHECK": "1"})
    assert "Selbsttest perceptron: 4 von 6 öffentlichen Fällen richtig." in installed
    assert "Diagnose: Der Bias wird im Lernschritt nicht aktualisiert" in installed
    embedded = run_cells(path, {"DLGRADE_SELF_CHECK": "1"}, block_dlgrade=True)
    assert "eingebauten Kopie" in embedded
    verdicts = lambda out: [line for line in out.splitlines() if "eingebauten Kopie" not in line]  # noqa: E731
    assert verdicts(embedded) == verdicts(installed)
    proc = run_dlgrade("grade", "sheet01", str(path), "--out", str(tmp_path / "graded"), "--lang", "de")
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "graded" / "results.json").read_text())
    wrong_public = [t for t in results["tests"] if t["extra_data"]["public"] and t["score"] < t["max_score"]]
    assert {t["tags"][1] for t in wrong_public} >= {"perceptron_step", "hidden_delta"}
    for test in wrong_public:
        feedback = "    " + without_tracebacks(test["output"]).replace("\n", "\n    ")
        assert feedback in without_tracebacks(installed), test["name"]
    skipped = run_cells(path, {"DLGRADE_SELF_CHECK": ""})
    assert "übersprungen" in skipped and "✗" not in skipped  # no kernel, not forced: nothing is called


def test_self_check_runs_in_a_jupyter_kernel(built):
    """Run the untouched German notebook in a real kernel: the setup cell says nothing, each self-check cell one
    verdict per public case and its count, no cell raises."""
    if not all(importlib.util.find_spec(m) for m in ("nbclient", "ipykernel")):
        pytest.skip("nbclient/ipykernel not installed")
    from nbclient import NotebookClient

    nb = read(built["sheet04", "student"])
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert code[0].outputs == []  # dlgrade is installed here: the setup imports it and prints nothing
    for exercise in catalog.load_sheet("sheet04").exercises:
        (cell,) = [c for c in code if c.source.startswith(f'_dlgrade_self_check("{exercise}")')]
        printed = "".join(o.get("text", "") for o in cell.outputs)
        count = len(catalog.load_exercise(exercise).public_cases())
        assert printed.count("✗ ") == count and f"Selbsttest {exercise}: 0 von {count} öffentlichen" in printed
        assert "noch nicht implementiert" in printed and "Traceback" not in printed


def test_public_expected_values_come_from_the_reference():
    exercise = catalog.load_exercise("perceptron")
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    record = case_record(exercise, Case("predict", (np.array([0.5, -1.0]), 0.25, X), name="no literal"), 10.0)
    expected = exercise.reference.predict(np.array([0.5, -1.0]), 0.25, X)
    assert record["expected"] == {"$a": {"flat": expected.tolist(), "dtype": expected.dtype.str.lstrip("<>=|"), "shape": [2]}}
    raising = case_record(catalog.load_exercise("conv_shapes"), Case("conv_output_size", (2, 3)), 10.0)
    assert raising["raises"] == "ValueError" and raising["expected"] is None
    json.dumps(record, allow_nan=False)


def test_build_does_not_overwrite_an_edited_notebook(tmp_path):
    path = build("sheet01", tmp_path)
    build("sheet01", tmp_path)  # the same notebook again: nothing is lost, so no --force is needed
    nb = read(path)
    (cell,) = [c for c in nb.cells if c.source.startswith("def predict(")]
    cell.source += "\n# my work"
    nbformat.write(nb, str(path))
    edited = path.read_text()
    proc = run_dlgrade("sheet", "build", "sheet01", "--out", str(tmp_path))
    assert proc.returncode == 2 and "--force" in proc.stderr and "sheet01.ipynb" in proc.stderr
    assert "Traceback" not in proc.stderr and path.read_text() == edited
    build("sheet01", tmp_path, "--force")
    assert "# my work" not in path.read_text()


def test_unknown_sheet_is_a_usage_error(tmp_path):
    proc = run_dlgrade("sheet", "build", "sheet99", "--out", str(tmp_path))
    assert proc.returncode == 2 and "sheet01" in proc.stderr


@pytest.mark.parametrize("sheet", ["sheet04", "sheet07"])
def test_gradescope_zip_grades_a_new_sheet(built, sheet, tmp_path):
    """The new sheets export like the old ones: the Gradescope zip grades the solution notebook to full marks."""
    zip_path = tmp_path / "autograder.zip"
    proc = run_dlgrade("export", "gradescope", sheet, "--out", str(zip_path))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(zip_path) as archive:
        carried = {n.split("/")[3] for n in archive.namelist() if n.startswith("dlgrade/dlgrade/solutions/") and n.count("/") > 3}
    assert carried == set(catalog.load_sheet(sheet).exercises)
    root = tmp_path / "gs"
    for sub in ("submission", "results", "source"):
        (root / sub).mkdir(parents=True)
    unpack(zip_path, root / "source")
    (root / "submission" / f"{sheet}.ipynb").write_bytes(built[sheet, "solutions"].read_bytes())
    env = {**os.environ, "DLGRADE_GRADESCOPE_ROOT": str(root), "DLGRADE_PYTHON": sys.executable}
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == pytest.approx(20.0) and results["max_score"] == pytest.approx(20.0)
