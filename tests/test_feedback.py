"""Feedback a student can act on (issue 13), through the real CLI: the wrong part named, each thing
said once, public inputs by name, points rounded, one language, an import crash told as a file and
line, true error signatures, and a command line that says what is wrong in one line.

Every submission here is the reference or a sample with one deliberate change, so each test
knows exactly which parts of which answers are wrong.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, run_dlgrade

FAST = ("--call-timeout", "5", "--import-timeout", "20", "--total-timeout", "200")
BIAS = ROOT / "solutions/perceptron/samples/bias_not_updated.py"
CRASHES = ROOT / "solutions/perceptron/samples/crashes.py"
PERCEPTRON = (ROOT / "solutions/perceptron/reference.py").read_text()
BACKPROP = (ROOT / "solutions/backprop/reference.py").read_text()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DIAGNOSIS_DE = "Der Bias wird im Lernschritt nicht aktualisiert"
UNROUNDED_POINTS = re.compile(r"\d[.,]\d{3,} ?/|/ ?\d+[.,]\d{3,}")  # "9.62121 / 20", "0/0.4545"


def grade(target: str, submission: Path, out: Path, lang: str = "en") -> subprocess.CompletedProcess:
    proc = run_dlgrade("grade", target, str(submission), "--out", str(out), "--lang", lang, *FAST)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def outputs(out: Path, name_start: str) -> list[str]:
    """The results.json texts of the wrong cases whose name starts with `name_start` ("perceptron: perceptron_step")."""
    return [t["output"] for t in results(out)["tests"] if t["name"].startswith(name_start) and t["status"] == "failed"]


def dom(page: Path, tmp_path: Path) -> str:
    """The page as headless Chromium renders it."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", f"--user-data-dir={tmp_path / 'chromium'}",
                           "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "</html>" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def bias(tmp_path_factory) -> dict:
    """The German and English grading of the bias_not_updated sample (the issue's screenshot pair)."""
    base = tmp_path_factory.mktemp("bias")
    return {lang: {"out": base / lang, "stdout": grade("perceptron", BIAS, base / lang, lang).stdout}
            for lang in ("de", "en")}


# ------------------------------------------------------------------ 1. name the wrong part

def test_a_wrong_tuple_element_is_named_not_indexed(bias):
    steps = outputs(bias["en"]["out"], "perceptron: perceptron_step")
    assert steps and all(o.startswith("[wrong] Wrong: b_new. Right: w_new. b_new is off") for o in steps), steps
    assert not any("index ()" in o for o in steps)
    trains = outputs(bias["en"]["out"], "perceptron: train_perceptron")
    assert any("Wrong: w, b, steps." in o for o in trains)  # every wrong element, not only the first
    test = next(t for t in results(bias["en"]["out"])["tests"] if t["name"].startswith("perceptron: perceptron_step"))
    assert [p["part"] for p in test["extra_data"]["figures"]["parts"]] == ["b_new"]


def test_every_wrong_dict_key_is_named(tmp_path):
    sub = write(tmp_path / "sub" / "backprop.py", BACKPROP + "\n\n_right = gradients\n\n\n"
                "def gradients(X, Y, W1, b1, W2, b2):\n    g = dict(_right(X, Y, W1, b1, W2, b2))\n"
                "    g['W1'] = 3 * g['W1'] + 1.0\n    g['b2'] = g['b2'] + 1.0\n    return g\n")
    grade("backprop", sub, tmp_path / "out")
    found = [o for o in outputs(tmp_path / "out", "backprop: gradients") if "Gradient check" not in o]  # the exercise's own check
    assert found and all("Wrong: W1, b2. Right: b1, W2." in o for o in found), found
    assert all("W1: " in o and ("b2 is off" in o or "b2: " in o) for o in found)


# ------------------------------------------------------------------ 2. say it once

def test_a_diagnosis_on_ten_cases_is_one_box_listing_them(bias, tmp_path):
    page = dom(bias["de"]["out"] / "report.html", tmp_path)
    assert page.count(DIAGNOSIS_DE) == 1
    box = re.search(r'<div class="finding diagnosis"[^>]*>(.*?)</div>\s*(?:<div class="finding|<h3)', page, re.S).group(1)
    wrong = [t for t in results(bias["de"]["out"])["tests"] if t["status"] == "failed"]
    assert box.count("<li>") == len(wrong) >= 6
    md = (bias["de"]["out"] / "report.md").read_text()
    assert md.count(DIAGNOSIS_DE) == 1 and f"Betroffene Tests ({len(wrong)}):" in md
    assert "Diagnose: wie oben" in bias["de"]["stdout"]  # the terminal says it once too


def test_the_same_crash_on_six_inputs_shows_one_traceback(tmp_path):
    grade("perceptron", CRASHES, tmp_path / "out", "de")
    html, md = (tmp_path / "out" / "report.html").read_text(), (tmp_path / "out" / "report.md").read_text()
    assert html.count("line 25, in train_perceptron") == 1 and md.count("line 25, in train_perceptron") == 1
    assert "train_perceptron löst ValueError aus" in html and "Betroffene Tests (6):" in md


def test_an_unusable_submission_is_one_box_not_one_per_case(tmp_path):
    sub = write(tmp_path / "sub" / "perceptron.py", "import os\nDATA = open('weights.csv').read()\n" + PERCEPTRON)
    proc = grade("perceptron", sub, tmp_path / "out", "de")
    html, md = (tmp_path / "out" / "report.html").read_text(), (tmp_path / "out" / "report.md").read_text()
    assert html.count('class="alert unusable"') == 1 and 'class="overview"' not in html and "<article" not in html
    assert html.count("Nicht definiert, weil") == 1 and md.count("Nicht definiert, weil") == 1
    assert "┏" not in proc.stdout and proc.stdout.count("Nicht definiert, weil") == 1  # no table of 22 rows
    page = dom(tmp_path / "out" / "report.html", tmp_path)
    assert "Das gilt für alle 22 Tests." in page


def test_an_empty_file_is_one_box(tmp_path):
    sub = write(tmp_path / "sub" / "perceptron.py", "\n\n")
    grade("perceptron", sub, tmp_path / "out", "en")
    html = (tmp_path / "out" / "report.html").read_text()
    assert html.count("the file is empty") == 1 and 'class="overview"' not in html


# ------------------------------------------------------------------ 3. public inputs with names

def test_public_inputs_and_answers_are_shown_by_name(bias):
    md = (bias["en"]["out"] / "report.md").read_text()
    assert "w = [0., 0.]\nb = 0.0\nX = [[ 2.,  1.],\n     [-1., -1.],\n     [ 1., -2.]]\ny = [ 1, -1, -1]\neta = 1.0" in md
    assert "w_new = [2., 4.]\nb_new = -1.0" in md and "w_new = [2., 4.]\nb_new = 0.0" in md


def test_a_long_dict_input_is_wrapped_one_key_per_line(tmp_path):
    sub = write(tmp_path / "sub" / "lstm.py", (ROOT / "solutions/lstm/reference.py").read_text()
                + "\n\n_cell = lstm_cell\n\n\ndef lstm_cell(x, h_prev, c_prev, params):\n"
                  "    h, c = _cell(x, h_prev, c_prev, params)\n    return h, c + 1.0\n")
    grade("lstm", sub, tmp_path / "out", "en")
    md = (tmp_path / "out" / "report.md").read_text()
    assert "params = {\n    'W_f': [[" in md and "\n    'b_o': " in md and "\n}" in md
    assert "x = " in md and "h_prev = " in md and "c_prev = " in md
    assert max(len(line) for line in md.split("```")[1::2][0].splitlines()) <= 100


# ------------------------------------------------------------------ 4. points rounded for people

def test_sheet_points_are_rounded_everywhere_and_the_exact_value_kept(tmp_path):
    sub = write(tmp_path / "sub" / "sheet01.py", BIAS.read_text() + "\n\n" + BACKPROP)
    proc = grade("sheet01", sub, tmp_path / "de", "de")
    data = results(tmp_path / "de")
    assert data["score"] == 15.45 and data["extra_data"]["score_exact"] == pytest.approx(10 * 12 / 22 + 10)
    assert data["output"].startswith("sheet01: 15,45 / 20")  # a German text: decimal comma
    assert all(round(t[key], 2) == t[key] for t in data["tests"] for key in ("score", "max_score"))
    assert any(t["extra_data"]["max_score_exact"] == pytest.approx(10 / 22) for t in data["tests"])
    for exercise in {t["tags"][0] for t in data["tests"]}:  # the cases a person reads add up to the total they read
        maxima = [t["max_score"] for t in data["tests"] if t["tags"][0] == exercise]
        assert round(sum(maxima), 2) == 10, (exercise, maxima)
    assert {t["max_score"] for t in data["tests"] if t["extra_data"]["max_score_exact"] == pytest.approx(10 / 22)} == {0.45, 0.46}
    assert round(sum(t["max_score"] for t in data["tests"]), 2) == data["max_score"] == 20
    html, md = (tmp_path / "de" / "report.html").read_text(), (tmp_path / "de" / "report.md").read_text()
    assert "15,45 / 20" in html and "15,45 / 20" in md and "Gesamt: 15,45 / 20" in proc.stdout
    assert "0,45" in md and "0.4545" not in md
    for text in (md, html, proc.stdout, data["output"]):
        assert not UNROUNDED_POINTS.search(text), UNROUNDED_POINTS.search(text)


def test_a_sheets_rounding_step_is_its_policy(monkeypatch):
    from decimal import Decimal

    from dlgrade import catalog
    from dlgrade.errors import SheetError
    from dlgrade.grading import points

    sheet = catalog.load_sheet("sheet01")
    monkeypatch.setattr(sheet, "rounding", "0.5")
    points.rounding_step.cache_clear()
    try:
        step = points.rounding_step("sheet01")
        assert step == Decimal("0.5") and points.shown(15.4545, step, "de") == "15,5"
        assert points.shown(15.2, step) == "15" and points.shown(0.4545, points.case_step(step)) == "0.45"
        assert points.rounding_step("perceptron") == Decimal("0.01")
    finally:
        points.rounding_step.cache_clear()
    with pytest.raises(SheetError):
        points.parse_step("half")
    assert points.shown(9.62121) == "9.62" and points.shown(-1e-12) == "0"


def test_gradebook_and_class_report_round_and_speak_german(tmp_path):
    subs = tmp_path / "subs"
    write(subs / "s01.py", BIAS.read_text() + "\n\n" + BACKPROP)
    write(subs / "s02.py", PERCEPTRON + "\n\n" + BACKPROP)
    proc = run_dlgrade("grade-batch", "sheet01", str(subs), "--out", str(tmp_path / "batch"), "--lang", "de",
                       "--jobs", "2", *FAST, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    csv = (tmp_path / "batch" / "gradebook.csv").read_text()
    assert ",15.45,20," in csv.replace('"', "") and ",5.45," in csv and "5.4545" not in csv
    html = (tmp_path / "batch" / "class_report.html").read_text()
    assert re.search(r"Erstellt \d\d\.\d\d\.\d{4}, \d\d:\d\d UTC", html)
    assert "17,73" in html and "17.73" not in html  # the mean of 15.45 and 20
    assert "<th class=\"num\">Max.</th>" in html and "Student ID" not in html


# ------------------------------------------------------------------ 5. one language per report

def test_a_german_report_has_no_english_words(bias):
    for name in ("report.html", "report.md"):
        text = (bias["de"]["out"] / name).read_text()
        for english in ("Wrong:", "Right:", " is off", "values differ", "expected", "a number", "Index ()"):
            assert english not in text, (name, english)
        assert re.search(r"Fehler \d+,\d+", text) and not re.search(r"Fehler \d+\.\d+", text)


# ------------------------------------------------------------------ 6. a .py that crashes at import

def test_an_import_crash_is_told_as_file_and_line_with_a_data_file_hint(tmp_path):
    sub = write(tmp_path / "sub" / "abgabe.py", PERCEPTRON.replace(
        "def misclassified", "W0 = __import__('numpy').load('weights.npy')\n\n\ndef misclassified", 1))
    line = sub.read_text().splitlines().index("W0 = __import__('numpy').load('weights.npy')") + 1
    grade("perceptron", sub, tmp_path / "out", "de")
    data, md = results(tmp_path / "out"), (tmp_path / "out" / "report.md").read_text()
    assert f"abgabe.py, Zeile {line}: FileNotFoundError" in data["output"] and "Zelle" not in data["output"]
    assert "leeren Ordner, ohne deine Dateien" in data["output"]
    assert all(t["score"] == t["max_score"] for t in data["tests"] if "predict" in t["tags"])  # defined above the line
    assert md.count("Nicht definiert, weil die Abgabe beim Laden abbricht") == 1
    assert md.count(f'File "abgabe.py", line {line}') == 1 and "submission.py" not in md
    assert "ist in der Abgabe nicht definiert" not in md


# ------------------------------------------------------------------ 7. error signatures that are true

def test_a_constant_factor_is_claimed_only_for_several_values(tmp_path):
    sub = write(tmp_path / "sub" / "perceptron.py", PERCEPTRON + "\n\n_predict, _loss = predict, perceptron_loss\n\n\n"
                "def predict(w, b, X):\n    return 3 * _predict(w, b, X)\n\n\n"
                "def perceptron_loss(w, b, X, y):\n    return 3 * _loss(w, b, X, y)\n")
    grade("perceptron", sub, tmp_path / "out", "en")
    predicts = outputs(tmp_path / "out", "perceptron: predict")
    assert any("everywhere 3 times the expected value" in o for o in predicts)
    losses = outputs(tmp_path / "out", "perceptron: perceptron_loss")
    assert losses and not any("times the expected" in o for o in losses)  # one number fits any factor


def test_no_label_is_said_twice():
    from dlgrade.model import CaseResult, ExerciseResult, GradeResult, Status
    from dlgrade.output.report import render_html, render_markdown
    from dlgrade.output.results import case_output

    case = CaseResult("perceptron", "x", "predict", False, 1.0, status=Status.FAILED, message={"de": "falsch", "en": "wrong"},
                      diagnosis={"de": "Diagnose: Vorzeichen", "en": "Diagnosis: sign"},
                      hint={"de": "Hinweis: prüfe Gl. 21", "en": "Hint: check eq. 21"})
    result = GradeResult("perceptron", "s.py", [ExerciseResult("perceptron", {"de": "P", "en": "P"}, [case])])
    for lang, labels in (("de", ("Hinweis: Hinweis", "Diagnose: Diagnose")), ("en", ("Hint: Hint", "Diagnosis: Diagnosis"))):
        for text in (case_output(case, lang), render_markdown(result, lang), render_html(result, lang)):
            assert not any(label in re.sub(r"<[^>]+>|\*\*", "", text) for label in labels), text


def test_a_wrong_answer_on_a_timed_input_says_so_without_times(tmp_path):
    sub = write(tmp_path / "sub" / "conv2d.py", (ROOT / "solutions/conv2d/reference.py").read_text()
                + "\n\n_right = conv2d_forward\n\n\ndef conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):\n"
                  "    out = _right(x, w, b, stride, padding, dilation)\n"
                  "    return out + 1.0 if x.shape[-1] >= 150 else out\n")
    proc = grade("conv2d", sub, tmp_path / "out", "en")
    timed = [t for t in results(tmp_path / "out")["tests"] if "performance" in t["tags"]]
    if not timed:
        pytest.skip("conv2d has no timed case")
    assert all("The answer on a timed input is wrong" in t["output"] for t in timed)
    md = (tmp_path / "out" / "report.md").read_text()
    for text in [t["output"] for t in timed] + [md, proc.stdout]:
        assert not re.search(r"\bnan\b|(?<![\d.,])0 ms", text), text


# ------------------------------------------------------------------ 8. a custom check names a known mistake

def test_a_custom_check_can_name_a_known_mistake(tmp_path, monkeypatch):
    from dlgrade import catalog
    from dlgrade.grading import grade as grade_in_process
    from dlgrade.spec import Case, Check

    exercise = catalog.load_exercise("init_regularization")
    mistake = next(iter(exercise.mistakes))

    def says_mistake(actual, expected, case):
        return {"de": "Streuung falsch", "en": "spread wrong", "mistake": mistake.id}

    case = Case("init_std", ("he", 4), check=Check(custom=says_mistake), name="custom check")
    monkeypatch.setattr(exercise, "paired_cases", lambda seed: [(case, False)])
    monkeypatch.setattr(exercise, "perf_cases", lambda: [])
    sub = write(tmp_path / "init_regularization.py", (ROOT / "solutions/init_regularization/reference.py").read_text())
    result = grade_in_process("init_regularization", sub)
    (only,) = result.cases
    assert only.status == "failed" and only.message == {"de": "Streuung falsch", "en": "spread wrong"}
    assert only.diagnosis["id"] == mistake.id and only.diagnosis["en"] == mistake.diagnosis["en"]


# ------------------------------------------------------------------ the command line

@pytest.mark.parametrize("kind", ["missing", "pdf", "folder", "out_is_a_file"])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, kind):
    (tmp_path / "thesis.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "taken").write_text("an existing file")
    submission, out = {"missing": ("nowhere.py", "out"), "pdf": ("thesis.pdf", "out"), "folder": ("folder", "out"),
                       "out_is_a_file": (str(BIAS), "taken")}[kind]
    proc = run_dlgrade("grade", "perceptron", str(tmp_path / submission), "--out", str(tmp_path / out), "--lang", "en")
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("dlgrade: ")
    assert {"missing": "does not exist", "pdf": "is not a .py, .ipynb or .zip", "folder": "is a folder",
            "out_is_a_file": "is a file"}[kind] in proc.stderr
    if kind != "out_is_a_file":  # an LMS still finds a results.json saying why
        assert {t["extra_data"]["status"] for t in results(tmp_path / "out")["tests"]} == {"invalid"}
    else:
        assert (tmp_path / "taken").read_text() == "an existing file"


def test_grade_and_demo_print_the_report_to_open(bias, tmp_path):
    assert f"Report (open it in a browser): {bias['en']['out'] / 'report.html'}" in bias["en"]["stdout"]
    proc = run_dlgrade("demo", "--out", str(tmp_path / "demo"), "--lang", "en", timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for sample in sorted((ROOT / "solutions").glob("*/samples/*.py")):
        report = tmp_path / "demo" / sample.parent.parent.name / sample.stem / "report.html"
        assert report.exists() and f"  {report}" in proc.stdout
    graded = {p.parent.name for p in (tmp_path / "demo").glob("*/*/results.json")}
    assert graded == {p.stem for p in (ROOT / "solutions").glob("*/samples/*.py")}  # samples only, never __pycache__
