"""Feedback reports through the real CLI: report.html and report.md beside results.json, in both
languages, self-contained, opened in headless Chromium, and never a hidden case's values.

Submissions are made here from the reference: perfect, a known mistake, a crash, an endless loop.
DLGRADE_SECRET is fixed, so the test can rebuild the hidden cases the grader used and look
for their inputs, expected and actual values in every report.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from helpers import ROOT, SUBMISSIONS, run_dlgrade

SECRET = "test-reports-secret"
FAST = ("--call-timeout", "1", "--import-timeout", "5", "--total-timeout", "120")
REFERENCE = ROOT / "solutions/perceptron/reference.py"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WORDS = {  # a few words each language's report must use, and the other's must not
    "de": ["Bewertung", "Gesamt", "Punkte", "Sandbox"],
    "en": ["Feedback", "Total", "Points", "Sandbox"],
}
FOREIGN = {"de": ["Diagnosis:", "Expected", "Hidden test", "Details", "Your weights"],
           "en": ["Diagnose:", "Erwartet", "Verdeckter Test", "Einzelheiten", "Deine Gewichte"]}


def _submissions(folder: Path) -> dict[str, Path]:
    """perfect, mistake (points on the boundary count as correct), crash, timeout."""
    folder.mkdir(parents=True, exist_ok=True)
    reference = REFERENCE.read_text()
    texts = {
        "perfect": reference,
        "mistake": reference.replace("return margins(w, b, X, y) <= 0", "return margins(w, b, X, y) < 0"),
        "crash": reference.replace("    M = misclassified(w, b, X, y)\n",
                                   "    X = X.reshape(-1, 7)  # a student's wrong reshape\n    M = misclassified(w, b, X, y)\n"),
        "timeout": reference + "\n\ndef train_perceptron(X, y, eta=1.0, max_epochs=1000):\n    while True:\n        pass\n",
    }
    assert texts["mistake"] != reference and texts["crash"] != reference
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / name / "perceptron.py"
        paths[name].parent.mkdir(exist_ok=True)
        paths[name].write_text(text)
    return paths


def grade_cli(target: str, submission: Path, out: Path, lang: str, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DLGRADE_SECRET": SECRET}
    proc = run_dlgrade("grade", target, str(submission), "--out", str(out), "--lang", lang, *FAST, *extra, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """(name, lang) -> {"out": folder, "stdout": ..., "submission": path} for the four submissions."""
    base = tmp_path_factory.mktemp("reports")
    runs = {}
    for name, path in _submissions(base / "submissions").items():
        for lang in ("de", "en"):
            out = base / f"{name}-{lang}"
            proc = grade_cli("perceptron", path, out, lang)
            runs[name, lang] = {"out": out, "stdout": proc.stdout, "submission": path}
    return runs


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"student_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _case_values(exercise, cases, student) -> list:
    values = []
    for case in cases:
        values += [case.args, *case.args, *case.kwargs.values()]
        values.append(getattr(exercise.reference, case.function)(*case.args, **case.kwargs))
        if student is not None:
            try:
                values.append(getattr(student, case.function)(*case.args, **case.kwargs))
            except Exception:
                pass
    return values


def hidden_values(submission: Path, monkeypatch) -> tuple[list, str]:
    """Every input, expected and (where the student's code ends) actual value of the hidden cases,
    and the public cases' values as text (a hidden value that is also a public one may appear)."""
    from dlgrade import catalog
    from dlgrade.grading.seeds import submission_seed
    from dlgrade.grading.shown import value_text

    monkeypatch.setenv("DLGRADE_SECRET", SECRET)
    exercise = catalog.load_exercise("perceptron")
    seed = submission_seed("perceptron", hashlib.sha256(submission.read_bytes()).hexdigest())
    student = load_module(submission) if "while True" not in submission.read_text() else None
    public = "\n".join(text for value in _case_values(exercise, exercise.public_cases(), student)
                       for text in renderings(value) | {value_text(value)})
    return _case_values(exercise, exercise.hidden_cases(seed), student), public


def renderings(value) -> set[str]:
    """How a value could appear in a report: whole-array texts and distinctive float digits."""
    from dlgrade.grading.shown import value_text

    out = set()
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        if isinstance(item, np.ndarray):
            out |= {value_text(item), str(item), repr(item), np.array2string(item, separator=", ")}
            if item.dtype.kind == "f":
                for v in item.ravel()[:50]:
                    text = f"{abs(v):.4f}"
                    if len(text.rstrip("0").split(".")[1]) >= 3:  # 0.1234, not 0.25: only digits a report cannot have by chance
                        out.add(text)
    out.add(value_text(value))
    return {text for text in out if len(text) >= 6}


TIMES = {"seconds", "reference_seconds", "wall_seconds", "cpu_seconds", "execution_time", "timing"}


def without_times(text: str) -> str:
    """The text without the grader's clock readings: they change from run to run, and on a busy machine
    one (a reference time of 0.092425 s) shared four digits with a hidden value by chance."""
    def scrub(node):
        if isinstance(node, dict):
            return {k: scrub(v) for k, v in node.items() if k not in TIMES}
        return [scrub(v) for v in node] if isinstance(node, list) else node

    try:
        return json.dumps(scrub(json.loads(text)))
    except ValueError:  # a report: a time is a number and its unit
        return re.sub(r"\d+(?:\.\d+)?(?: |\u00a0|&nbsp;)s\b", "", text)


def assert_no_hidden_values(text: str, hidden: tuple[list, str], where: str) -> None:
    values, public = hidden
    text = without_times(text)
    for value in values:
        for shown in renderings(value):
            if shown not in public:
                assert shown not in text, f"{where}: a hidden value {shown!r} appears"


def outside_code_blocks(md: str) -> str:
    """The Markdown text outside fenced code blocks; fails if a block is left open."""
    kept, fence = [], None
    for line in md.splitlines():
        run = re.match(r"^(`{3,})\s*$", line)
        if fence is None and run:
            fence = run.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            kept.append(line)
    assert fence is None, "a code block is not closed"
    return "\n".join(kept)


class Tags(HTMLParser):
    """Every tag and attribute of a page, to check that it loads nothing from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_self_contained(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "link", "iframe", "object", "embed", "base", "frame"}, names
    for tag, attrs in parser.tags:
        for key in ("src", "href", "srcset", "poster", "data"):
            if attrs.get(key) is not None:
                assert attrs[key].startswith(("data:", "#")), (tag, key, attrs[key][:80])
    assert "@import" not in html and not re.search(r"url\(", html)


def browser(page: Path, shot: Path, *flags: str) -> str:
    """Open `page` in headless Chromium: keep a screenshot at `shot`, return the rendered DOM."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    profile = shot.parent / f"{shot.stem}-profile"
    common = [CHROMIUM, *BROWSER_FLAGS, *flags, f"--user-data-dir={profile}", "--window-size=1200,2000"]
    snap = subprocess.run([*common, f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert snap.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, snap.stderr[-2000:]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0 and "</html>" in dom.stdout, dom.stderr[-2000:]
    return dom.stdout


def assert_painted(shot: Path) -> None:
    """The screenshot is 1200 x 2000 and not blank (something dark was painted)."""
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1200, 2000)
        grey = np.asarray(image.convert("L"))
    assert (grey < 100).mean() > 0.005


def pictures_render(page: Path, tmp_path: Path) -> str:
    """A copy of the report with a probe that writes, into the DOM, how many of its pictures (inline
    SVG in a figure) Chromium laid out at a readable size with something drawn in them."""
    probe = ("<script>window.addEventListener('load', () => { const all = [...document.querySelectorAll('figure svg')];"
             " const bad = all.filter(s => { const r = s.getBoundingClientRect();"
             " return !(r.width > 100 && r.height > 60 && s.querySelectorAll('rect, polyline, circle').length > 2); }).length;"
             " document.body.setAttribute('data-pictures', all.length + ' bad ' + bad); });</script>")
    copy = tmp_path / f"probe-{page.parent.name}.html"
    copy.write_text(page.read_text().replace("</body>", probe + "</body>"))
    dom = browser(copy, tmp_path / f"probe-{page.parent.name}.png", "--virtual-time-budget=5000")
    found = re.search(r'data-pictures="(\d+) bad (\d+)"', dom)
    assert found, "the probe did not run"
    return found.group(0)


# ---------------------------------------------------------------- files and languages

@pytest.mark.parametrize("name", ["perfect", "mistake", "crash", "timeout"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_run_writes_results_and_both_reports_in_its_language(graded, name, lang):
    out = graded[name, lang]["out"]
    results = json.loads((out / "results.json").read_text())
    html, md = (out / "report.html").read_text(), (out / "report.md").read_text()
    assert f'<html lang="{lang}">' in html
    assert_self_contained(html)
    score = f"{results['score']:g} / {results['max_score']:g}"
    assert score in html and score in md
    for text in (html, md):
        for word in WORDS[lang]:
            assert word in text, (name, lang, word)
        for word in FOREIGN[lang]:
            assert word not in text, (name, lang, word)
    assert all(test["visibility"] == "visible" for test in results["tests"])  # the default --hidden-visibility


@pytest.mark.parametrize("name", ["perfect", "mistake", "crash", "timeout"])
def test_no_report_shows_a_hidden_case_value(graded, name, monkeypatch):
    values = hidden_values(graded[name, "en"]["submission"], monkeypatch)
    assert len(values[0]) > 50
    for lang in ("de", "en"):
        out = graded[name, lang]["out"]
        for file in ("report.html", "report.md", "results.json"):
            assert_no_hidden_values((out / file).read_text(), values, f"{name}/{lang}/{file}")
        assert_no_hidden_values(graded[name, lang]["stdout"], values, f"{name}/{lang}/terminal")


def test_known_mistake_report_names_it_shows_figures_public_values_and_the_boundary(graded):
    html = (graded["mistake", "en"]["out"] / "report.html").read_text()
    md = (graded["mistake", "en"]["out"] / "report.md").read_text()
    assert "were counted as correctly classified" in html and "(after eq. 21)" in html  # diagnosis and hint
    assert "values differing" in html and "largest absolute error" in html
    assert "Expected" in html and "Got" in html and "[ True,  True,  True]" in html  # a public case side by side
    assert "<figure><svg" in html and "Decision boundary" in html
    assert "Diagnosis:" in md and "counted as correctly classified" in md
    outside_code_blocks(md)
    de = (graded["mistake", "de"]["out"] / "report.html").read_text()
    assert "als richtig klassifiziert gezählt" in de and "Entscheidungsgrenze" in de
    stdout = graded["mistake", "en"]["stdout"]
    assert "Diagnosis:" in stdout and "Hint:" in stdout


def test_perfect_report_draws_nothing(graded):
    html = (graded["perfect", "en"]["out"] / "report.html").read_text()
    assert "All tests passed." in html and "<svg" not in html and "<article" not in html


def test_crash_report_shows_the_students_own_line(graded):
    html = (graded["crash", "en"]["out"] / "report.html").read_text()
    md = (graded["crash", "en"]["out"] / "report.md").read_text()
    assert 'class="code">    X = X.reshape(-1, 7)' in html
    assert "cannot reshape array" in html and "/work/" not in html and str(ROOT) not in html
    assert "X = X.reshape(-1, 7)" in md


def test_timeout_report_says_so(graded):
    for lang, word in (("de", "Zeitlimit"), ("en", "timeout")):
        html = (graded["timeout", lang]["out"] / "report.html").read_text()
        assert f'badge timeout">{word}' in html


# ---------------------------------------------------------------- in the browser

@pytest.mark.parametrize("name", ["perfect", "mistake", "crash", "timeout"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_report_renders_in_chromium(graded, name, lang, tmp_path, monkeypatch):
    out = graded[name, lang]["out"]
    results = json.loads((out / "results.json").read_text())
    shot = tmp_path / f"report-{name}-{lang}.png"
    dom = browser(out / "report.html", shot)
    assert_painted(shot)
    assert f"{results['score']:g} / {results['max_score']:g}" in dom
    assert "<script" not in dom
    for word in WORDS[lang]:
        assert word in dom
    assert_no_hidden_values(dom, hidden_values(graded[name, lang]["submission"], monkeypatch), f"{name}/{lang}/DOM")
    if name == "mistake":
        assert ("Diagnose" if lang == "de" else "Diagnosis") in dom
        probe = pictures_render(out / "report.html", tmp_path)
        assert probe.endswith(' bad 0"') and not probe.startswith('data-pictures="0 '), probe


# ---------------------------------------------------------------- pictures, visibility, hostile text

def test_array_heat_maps_public_values_hidden_positions_only(tmp_path):
    path = tmp_path / "sub" / "conv2d.py"
    path.parent.mkdir()
    path.write_text((ROOT / "solutions/conv2d/reference.py").read_text()
                    + "\n\n_right = conv2d_forward\n\n\ndef conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):\n"
                      "    out = np.array(_right(x, w, b, stride, padding, dilation), dtype=float)\n"
                      "    out[..., 0, 0] += 1.0\n    return out\n")
    grade_cli("conv2d", path, tmp_path / "out", "en")
    html = (tmp_path / "out" / "report.html").read_text()
    assert "map by map" in html  # a public case: its output maps, the reference's and the student's values
    assert "Absolute error per entry" not in html  # conv2d's own picture replaces the generic heat map
    assert "a hidden test shows positions only, no values" in html  # a hidden case: a mask
    assert_self_contained(html)
    dom = browser(tmp_path / "out" / "report.html", tmp_path / "conv2d-heat.png")
    assert "positions only" in dom


def test_timed_case_shows_device_times_ratio_budget_and_a_bar(tmp_path):
    grade_cli("conv2d", SUBMISSIONS / "conv2d/perf_einsum.py", tmp_path / "out", "de")  # measured: it has a ratio
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    if not any(t["tags"][2] == "performance" for t in results["tests"]):
        pytest.skip("conv2d has no timed case in this engine yet")
    html = (tmp_path / "out" / "report.html").read_text()
    for label in ("Gerät", "Referenz", "Deine Abgabe", "Verhältnis", "erlaubt bis"):
        assert f"<th>{label}</th>" in html, label
    assert "-fache der Referenz" in html and "<figure><svg" in html
    dom = browser(tmp_path / "out" / "report.html", tmp_path / "timed.png")
    assert_painted(tmp_path / "timed.png")
    assert "Verhältnis" in dom


PICTURE_KINDS = {  # exercise: (its known mistakes graded together, a caption of each kind of picture it shows)
    "conv2d": (["conv2d_kernel_flipped"], ["map by map", "a hidden test shows positions only"]),
    "metrics": (["confusion_matrix_transposed", "roc_returns_tpr_first"],
                ["Confusion matrix (row = true class", "ROC curve of roc_curve"]),
    "optimizers": (["trajectory_without_w0"], ["over the contour lines", "w_k over the steps k"]),
    "losses": (["softmax_over_samples", "ce_gradient_sign_flipped"], ["Absolute error per entry"]),
}


def with_mistakes(exercise_id: str, mistake_ids: list[str]) -> str:
    """The reference with several known mistakes at once (each replaces its own functions)."""
    from dlgrade import catalog
    from dlgrade.catalog import function_source

    exercise = catalog.load_exercise(exercise_id)
    chosen = [m for m in exercise.mistakes if m.id in mistake_ids]
    assert len(chosen) == len(mistake_ids), mistake_ids
    parts = [exercise.reference_source()] + [function_source(f) for m in chosen for f in m.functions.values()]
    return "\n\n".join(parts) + "\n"


def test_every_kind_of_picture_renders_in_chromium(graded, tmp_path):
    """Reports with the boundary, conv maps, heat maps (public and hidden), ROC curve, confusion matrix and
    trajectories: each picture laid out by Chromium, and all of them in one screenshot. (The speed bar needs
    a measured ratio, which a loaded machine may not give: test_timed_case_... and test_pictures.py.)"""
    pages = [graded["mistake", "en"]["out"] / "report.html"]
    for exercise_id, (mistakes, captions) in PICTURE_KINDS.items():
        path = tmp_path / exercise_id / f"{exercise_id}.py"
        path.parent.mkdir()
        path.write_text(with_mistakes(exercise_id, mistakes))
        grade_cli(exercise_id, path, tmp_path / f"out-{exercise_id}", "en")
        page = tmp_path / f"out-{exercise_id}" / "report.html"
        html = page.read_text()
        assert_self_contained(html)
        for caption in captions:
            assert caption in html, (exercise_id, caption)
        pages.append(page)
    figures = []
    for page in pages:
        probe = pictures_render(page, tmp_path)
        assert probe.endswith(' bad 0"') and not probe.startswith('data-pictures="0 '), (page, probe)
        figures += re.findall(r"<figure>.*?</figure>", page.read_text(), re.S)
    style = re.search(r"<style>.*?</style>", pages[0].read_text(), re.S).group(0)
    gallery = tmp_path / "gallery" / "report.html"  # every picture of the five reports, one after the other
    gallery.parent.mkdir()
    gallery.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{style}</head>'
                       f'<body style="max-width: 900px">{"".join(figures)}</body></html>')
    shot = tmp_path / "pictures.png"
    height = min(400 * len(figures), 16000)
    common = [CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'gallery-profile'}", f"--window-size=960,{height}"]
    snap = subprocess.run([*common, f"--screenshot={shot}", gallery.as_uri()], capture_output=True, text=True, timeout=120)
    assert snap.returncode == 0 and shot.exists(), snap.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as image:
        rgb = np.asarray(image.convert("RGB")).astype(int)
    colours = {(r, g, b) for r, g, b in rgb[::4, ::4].reshape(-1, 3)}
    for colour in ("#1f77b4", "#ff7f0e", "#d62728"):  # reference, yours, a hidden mask's differing cells
        want = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
        assert any(np.abs(np.array(c) - want).max() <= 8 for c in colours), colour


def test_hidden_visibility_folds_hidden_cases(graded, tmp_path):
    grade_cli("perceptron", graded["mistake", "en"]["submission"], tmp_path / "out", "en", "--hidden-visibility", "hidden")
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert {t["visibility"] for t in results["tests"] if not t["extra_data"]["public"]} == {"hidden"}
    html = (tmp_path / "out" / "report.html").read_text()
    assert "points on the boundary count as wrong" not in html and "16 × hidden" in html
    assert "misclassified: w = 0, every point lies on the boundary" in html


def test_hostile_text_is_escaped_everywhere(tmp_path):
    path = tmp_path / "sub" / "perceptron.py"
    path.parent.mkdir()
    path.write_text(REFERENCE.read_text() + "\n\ndef predict(w, b, X):\n"
                    "    raise ValueError('```\\n<script>alert(1)</script> [/bold] [red]x <img src=http://example.com/a.png>')\n")
    proc = grade_cli("perceptron", path, tmp_path / "out", "en")
    assert "[/bold]" in proc.stdout  # the terminal prints it as text, rich markup does not trip on it
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert_self_contained(html)
    md = (tmp_path / "out" / "report.md").read_text()
    outside = outside_code_blocks(md)  # inside a fenced block, text is shown as text
    assert not re.search(r"(?<!\\)<", outside) and "\\<script\\>" in outside  # every < escaped as \<
    assert "````" in md  # a longer fence around a traceback that holds ```
    dom = browser(tmp_path / "out" / "report.html", tmp_path / "hostile.png")
    assert "<script" not in dom and "example.com" not in re.sub(r"&lt;img src=http://example\.com", "", dom)


def test_case_titles_follow_the_language(tmp_path):
    """A case's name is its stable id; students see its title in their own language."""
    from dlgrade.catalog import load_exercise

    case = load_exercise("perceptron").public_cases()[0]
    assert set(case.title) == {"de", "en"} and case.title["de"] != case.title["en"]
    for lang in ("de", "en"):
        proc = run_dlgrade("grade", "perceptron", str(ROOT / "exercises/perceptron/stub.py"), "--out",
                           str(tmp_path / lang), "--lang", lang)
        assert proc.returncode == 0
        results = json.loads((tmp_path / lang / "results.json").read_text())
        first = results["tests"][0]
        assert first["name"] == f"perceptron: {case.title[lang]}" and first["extra_data"]["case"] == case.name
        from markupsafe import escape

        assert str(escape(case.title[lang])) in (tmp_path / lang / "report.html").read_text()
