"""Submissions as .py, .ipynb and .zip through the real CLI; bad files become clear results."""
from __future__ import annotations

import json
import zipfile

import nbformat
from helpers import ROOT, grade, run_dlgrade

REFERENCE = (ROOT / "solutions/perceptron/reference.py").read_text()


def notebook(*cells: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Blatt 1")] + [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb)


def test_notebook_cells_run_in_order_and_a_failing_cell_does_not_stop_the_rest(tmp_path):
    head, _, rest = REFERENCE.partition("def misclassified")
    path = tmp_path / "sub" / "perceptron.ipynb"
    path.parent.mkdir()
    path.write_text(notebook("%matplotlib inline\n!pip install numpy\n" + head,
                             "raise RuntimeError('my experiment failed')",
                             "def misclassified" + rest))
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == results["max_score"]
    assert "Cell 2 raised RuntimeError" in results["output"]
    assert "magic/shell command ignored: %matplotlib inline" in results["output"]
    assert "!pip install numpy" in results["output"]


def test_zip_with_one_python_file(tmp_path):
    path = tmp_path / "sub" / "abgabe.zip"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("perceptron.py", REFERENCE)
        archive.writestr("__MACOSX/._perceptron.py", "junk")
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == results["max_score"]


def test_zip_with_a_notebook(tmp_path):
    path = tmp_path / "sub" / "abgabe.zip"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("blatt/perceptron.ipynb", notebook(REFERENCE))
    assert grade("perceptron", path, tmp_path / "out")["score"] > 0


def test_zip_with_two_candidates_is_ambiguous(tmp_path):
    path = tmp_path / "sub" / "abgabe.zip"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.py", REFERENCE)
        archive.writestr("b.py", REFERENCE)
    results = grade("perceptron", path, tmp_path / "out")
    assert results["score"] == 0
    assert "exactly one .py or .ipynb" in results["tests"][0]["output"]


def test_damaged_zip_and_unknown_type(tmp_path):
    (tmp_path / "sub").mkdir()
    damaged = tmp_path / "sub" / "a.zip"
    damaged.write_bytes(b"PK\x03\x04 this is not a zip")
    assert "damaged" in grade("perceptron", damaged, tmp_path / "out1")["tests"][0]["output"]
    # a PDF is a usage error (exit status 2, tests/test_feedback.py), whose results.json still says why
    pdf = tmp_path / "sub" / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    proc = run_dlgrade("grade", "perceptron", str(pdf), "--out", str(tmp_path / "out2"), "--lang", "en")
    assert proc.returncode == 2
    results = json.loads((tmp_path / "out2" / "results.json").read_text())
    assert "unknown file type .pdf" in results["tests"][0]["output"]


def test_notebook_without_code_cells(tmp_path):
    path = tmp_path / "sub" / "empty.ipynb"
    path.parent.mkdir()
    path.write_text(notebook())
    assert "no code cells" in grade("perceptron", path, tmp_path / "out")["tests"][0]["output"]


def test_an_unusable_file_is_worth_as_much_as_a_graded_one(tmp_path):
    """A broken notebook for an exercise with a timed case: every case, the timed one too, is invalid, and
    the maximum is the same as for a graded file (the gradebook and results.json agree)."""
    path = tmp_path / "sub" / "conv2d.ipynb"
    path.parent.mkdir()
    path.write_text('{"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}')
    broken = grade("conv2d", path, tmp_path / "broken")
    graded = grade("conv2d", ROOT / "exercises/conv2d/stub.py", tmp_path / "stub")
    assert broken["max_score"] == graded["max_score"] > 0 and broken["score"] == 0
    assert {t["extra_data"]["status"] for t in broken["tests"]} == {"invalid"}
    assert any("performance" in t["tags"] for t in broken["tests"])


def test_a_deeply_nested_public_answer_is_judged_and_shown_briefly(tmp_path):
    """An answer nested 40 levels deep: a clean "failed" verdict in moments, its text cut to a few levels."""
    path = tmp_path / "sub" / "perceptron.py"
    path.parent.mkdir()
    path.write_text(REFERENCE + "\n\ndef predict(w, b, X):\n    d = {'v': 1.0}\n    for _ in range(40):\n"
                    "        d = {'v': d, 's': 'x'}\n    return d\n")
    results = grade("perceptron", path, tmp_path / "out", timeout=120)
    predict = [t for t in results["tests"] if t["tags"][1] == "predict"]
    assert {t["extra_data"]["status"] for t in predict} == {"failed"}
    assert "…" in predict[0]["output"] and len(predict[0]["output"]) < 5000
