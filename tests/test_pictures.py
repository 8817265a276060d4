"""The report's pictures (inline SVG): ticks, colour scales from 0, what a hidden case may show,
when a picture is left out, the exercises' own pictures, escaping, and well-formed markup.

Unit tests on CaseResults built here; tests/test_reports.py grades real submissions through the
CLI and opens the reports in Chromium.
"""
from __future__ import annotations

import math
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from dlgrade.model import CaseResult, Status
from dlgrade.output import pictures, svg

SVG = "{http://www.w3.org/2000/svg}"


def case(exercise="conv2d", function="conv2d_forward", public=True, status=Status.FAILED, **fields) -> CaseResult:
    return CaseResult(exercise, "a case", function, public, 1.0, status=status, **fields)


def parsed(markup) -> ET.Element:
    """The SVG as XML: fails unless the markup is well-formed."""
    root = ET.fromstring(str(markup))
    assert root.tag == SVG + "svg"
    return root


def texts(markup) -> list[str]:
    return ["".join(t.itertext()).strip() for t in parsed(markup).iter(SVG + "text")]


def fills(markup, tag="rect") -> list[str]:
    return [e.get("fill") for e in parsed(markup).iter(SVG + tag)]


# ---------------------------------------------------------------- ticks and numbers

@pytest.mark.parametrize("lo, hi", [(-0.5, 2.5), (-0.5, 9.5), (-0.5, 47.5), (0, 1), (-0.5, 0.5), (-0.5, 999.5)])
def test_integer_ticks_are_whole_evenly_spaced_and_inside(lo, hi):
    ticks = svg.nice_ticks(lo, hi, 5, integer=True)
    assert ticks
    assert all(t == int(t) and lo <= t <= hi for t in ticks)
    assert len({b - a for a, b in zip(ticks, ticks[1:])}) <= 1
    assert len(ticks) <= 11


def test_integer_ticks_of_a_range_without_a_whole_number_are_empty():
    assert svg.nice_ticks(3.2, 3.9, 5, integer=True) == []


@pytest.mark.parametrize("lo, hi", [(0, 1), (-2.3, 3.1), (0.5, 30), (1e-4, 3e-4), (-1000, 17), (0, 22.5)])
def test_ticks_are_round_numbers(lo, hi):
    ticks = svg.nice_ticks(lo, hi, 5)
    assert 2 <= len(ticks) <= 11 and all(lo - 1e-12 <= t <= hi + 1e-12 for t in ticks)
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5)), step


def test_log_ticks_are_powers_of_ten_and_add_two_and_five_over_few_decades():
    assert svg.log_ticks(0.4, 8000) == [1.0, 10.0, 100.0, 1000.0]
    assert svg.log_ticks(0.5, 20) == [0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
    assert svg.log_ticks(-1, 10) == []


def test_tick_numbers_follow_the_language():
    assert svg.tick_text(0.25, 0.25, "de") == "0,25" and svg.tick_text(0.25, 0.25, "en") == "0.25"
    assert svg.tick_text(2.5, 2.5, "de") == "2,5" and svg.tick_text(4.0, 2.0, "de") == "4"
    assert svg.Axis().limits(0, 1).ticks("de")[1][1] == "0,2"


def test_colour_ramp_runs_from_light_to_dark_and_marks_nan_grey():
    light, dark = svg.ramp(0.0), svg.ramp(1.0)
    assert light == svg.SEQUENTIAL[0] and dark == svg.SEQUENTIAL[-1]
    assert svg.ramp(math.nan) == svg.NOT_FINITE
    assert svg.text_colour(dark) == "#ffffff" and svg.text_colour(light) == svg.INK


# ---------------------------------------------------------------- markup

def test_text_is_escaped_and_nothing_is_fetched_or_run():
    fig = svg.Figure(400, 200, "en")
    ax = fig.panel("<script>alert(1)</script>", xlabel='x" onload="alert(2)')
    ax.x.limits(0, 1)
    ax.y.limits(0, 1)
    ax.line([0, 1], [0, 1], label="<b>bold</b>").note("a & b")
    markup = str(fig.render("<img src=x>"))
    assert "<script" not in markup and "&lt;script&gt;" in markup and "<b>" not in markup
    assert 'onload="' not in markup and "<img" not in markup
    assert not re.search(r"url\(|href=|xlink|<image|<foreignObject|\bid=", markup)
    assert "a & b" in texts(markup)


def test_lines_break_at_nan_and_points_off_the_scale_are_left_out():
    fig = svg.Figure(400, 200)
    ax = fig.panel()
    ax.x.log = True
    ax.x.limits(0.5, 3)
    ax.y.limits(0, 3)
    ax.line([1, 2, math.nan, 2, 3], [1, 2, 2, 1, 3])
    ax.points([0, 1, math.inf], [1, 1, 1])  # 0 has no place on a log axis, inf none anywhere
    root = parsed(fig.render("test"))
    lines = [p for p in root.iter(SVG + "polyline") if p.get("stroke") == svg.INK]
    assert len(lines) == 2
    assert len(list(root.iter(SVG + "circle"))) == 1


def test_equal_axes_make_square_cells():
    fig = svg.Figure(600, 300)
    ax = fig.panel()
    ax.matrix(np.arange(6.0).reshape(2, 3), 0, 5)
    cells = [r for r in parsed(fig.render("m")).iter(SVG + "rect") if r.get("stroke") == "#ffffff"]
    assert len(cells) == 6
    assert {(round(float(r.get("width"))), round(float(r.get("height")))) for r in cells} == \
        {(round(float(cells[0].get("width"))),) * 2}


# ---------------------------------------------------------------- heat maps

def error_case(actual, expected, public=True, mismatch=None):
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    mask = ~np.isclose(actual, expected) if mismatch is None else mismatch
    values = {"actual_leaf": actual, "expected_leaf": expected, "path": ""} if public else None
    return case(exercise="losses", function="softmax", public=public, values=values, mismatch=mask)


def test_public_heat_map_scale_starts_at_zero():
    expected = np.zeros((3, 4))
    actual = expected + 5.0 + np.arange(12).reshape(3, 4) / 11  # every error between 5 and 6
    picture = pictures.heat_map(error_case(actual, expected), "en")
    colours = fills(picture.svg)
    assert svg.SEQUENTIAL[0] not in colours  # the smallest error is not drawn as "no error"
    assert svg.ramp(5 / 6) in colours and svg.ramp(1.0) in colours
    assert "0" in texts(picture.svg)  # the colour bar's lowest tick
    assert "12 of 12 values differ" in picture.caption and "marked ×" in picture.caption


@pytest.mark.parametrize("shape", [(3, 7), (2, 2), (5, 1), (40, 3)])
def test_heat_map_index_axes_have_whole_number_ticks(shape):
    mask = np.zeros(shape, dtype=bool)
    mask[0, 0] = True  # a hidden case: no colour bar, so every number in the picture is an index
    picture = pictures.heat_map(error_case(np.zeros(shape), np.zeros(shape), public=False, mismatch=mask), "de")
    numbers = [t for t in texts(picture.svg) if re.fullmatch(r"[-\d,.]+", t)]
    assert "0" in numbers and all(re.fullmatch(r"\d+", t) and int(t) < max(shape) for t in numbers), numbers
    assert "Spalte" in texts(picture.svg) and "Zeile" in texts(picture.svg)


def test_non_finite_errors_are_grey_and_named():
    expected = np.zeros((2, 2))
    actual = np.array([[np.nan, 1.0], [0.0, np.inf]])
    picture = pictures.heat_map(error_case(actual, expected), "en")
    assert svg.NOT_FINITE in fills(picture.svg) and "nan or inf" in texts(picture.svg)


HIDDEN_VALUES = np.array([[123.4567, 0.0], [0.0, 765.4321]])


def test_hidden_heat_map_shows_positions_never_values():
    mask = np.array([[True, False], [False, True]])
    hidden = error_case(HIDDEN_VALUES, np.zeros((2, 2)), public=False, mismatch=mask)
    hidden.values = {"actual_leaf": HIDDEN_VALUES, "expected_leaf": np.zeros((2, 2)), "actual": HIDDEN_VALUES}  # must stay unused
    picture = pictures.heat_map(hidden, "en")
    markup = str(picture.svg)
    for digits in ("123", "765", "4567", "4321"):
        assert digits not in markup
    assert set(fills(picture.svg)) <= {pictures.WRONG, pictures.RIGHT, "#ffffff"}
    assert "positions only" in picture.caption and "2 of 4" in picture.caption
    for text in texts(picture.svg):
        assert re.fullmatch(r"\d+|row|column|differs|matches", text), text


def test_no_heat_map_where_it_shows_nothing_new():
    everything = np.ones((3, 3), dtype=bool)
    assert pictures.heat_map(error_case(np.ones((3, 3)), np.zeros((3, 3)), public=False, mismatch=everything), "en") is None
    assert pictures.heat_map(error_case(np.ones(5), np.zeros(5)), "en") is None  # 1-D: the figures say it
    passed = error_case(np.ones((2, 2)), np.zeros((2, 2)))
    passed.status = Status.PASSED
    assert pictures.heat_map(passed, "en") is None


def test_large_arrays_are_pooled_into_blocks_that_keep_every_difference():
    expected = np.zeros((200, 300))
    actual = expected.copy()
    actual[137, 211] = 4.0
    picture = pictures.heat_map(error_case(actual, expected), "en")
    cells = parsed(picture.svg).iter(SVG + "rect")
    assert sum(1 for _ in cells) <= pictures.MAX_BLOCKS ** 2 + 40
    assert svg.ramp(1.0) in fills(picture.svg)  # the one wrong entry survives the pooling
    assert "block of up to 5 × 7 entries" in picture.caption and "marked" not in picture.caption
    assert len(str(picture.svg)) < 200_000


# ---------------------------------------------------------------- speed bars

def timed(ratio, budget=10.0):
    return case(status=Status.SLOW, timing={"ratio": ratio, "budget": budget, "device": "cpu"})


@pytest.mark.parametrize("ratio", [None, math.nan, math.inf, 0.0, -1.0, True, "3"])
def test_no_speed_bar_without_a_ratio(ratio):
    assert pictures.speed_bar(timed(ratio), "en") is None


def test_speed_bar_uses_a_log_scale_for_a_loop_and_a_linear_one_near_the_budget():
    slow = pictures.speed_bar(timed(300.0), "de")
    assert {"10×", "100×"} <= set(texts(slow.svg)) and "300×" in texts(slow.svg)
    assert "300-fache" in slow.caption and "(cpu)" in slow.caption
    assert pictures.SLOW in fills(slow.svg)
    near = pictures.speed_bar(timed(2.5, 4.0), "de")
    assert "2,5×" in texts(near.svg) and "0×" in texts(near.svg) and "Grenze 4×" in texts(near.svg)
    assert pictures.FAST in fills(near.svg)


# ---------------------------------------------------------------- exercise pictures

def public(exercise, function, args, expected, actual, mismatch=None, kwargs=None):
    return case(exercise, function, values={"args": args, "kwargs": kwargs or {}, "expected": expected, "actual": actual},
                mismatch=mismatch)


X = np.array([[2.0, 1.0], [-1.0, -1.0], [1.0, -2.0]])
Y = np.array([1.0, -1.0, -1.0])


def test_perceptron_boundary_shows_both_panels_and_says_when_w_is_zero():
    picture = pictures.exercise_picture(public("perceptron", "train_perceptron", (X, Y), (np.array([2.0, 4.0]), -1.0, 1),
                                               (np.zeros(2), 0.0, 1)), "en")
    assert "Decision boundary" in picture.caption
    words = texts(picture.svg)
    assert "Reference" in words and "Your weights" in words and any("no decision boundary" in w for w in words)
    assert len([p for p in parsed(picture.svg).iter(SVG + "polygon")]) == 1  # the shaded side, reference only


def test_conv2d_picture_frames_exactly_the_differing_cells_and_replaces_the_heat_map():
    expected = np.arange(18.0).reshape(1, 2, 3, 3)
    actual = expected.copy()
    actual[0, 1, 2, 0] += 1
    actual[0, 1, 0, 2] -= 1
    mask = actual != expected
    wrong = public("conv2d", "conv2d_forward", (), expected, actual, mask)
    wrong.values.update(actual_leaf=actual, expected_leaf=expected, path="")
    drawn = pictures.case_pictures(wrong, "en")
    assert len(drawn) == 1 and "map by map" in drawn[0].caption
    root = parsed(drawn[0].svg)
    frames = [r for r in root.iter(SVG + "rect") if r.get("fill") == "none" and r.get("stroke") == svg.INK]
    assert len(frames) == 2
    words = texts(drawn[0].svg)
    assert "Reference: n = 0, f = 1" in words and "16" in words and "17" in words and "15" in words


def test_conv2d_picture_of_a_wrong_shape_says_both_shapes():
    expected, actual = np.ones((1, 1, 3, 3)), np.ones((1, 1, 5, 5))
    picture = pictures.exercise_picture(public("conv2d", "conv2d_forward", (), expected, actual), "de")
    assert "(1, 1, 3, 3)" in picture.caption and "(1, 1, 5, 5)" in picture.caption


def test_roc_picture_draws_both_curves_and_the_diagonal():
    expected = (np.array([0, 0, 0.5, 1.0]), np.array([0, 0.5, 1.0, 1.0]), np.array([np.inf, 0.9, 0.5, 0.1]))
    actual = (np.array([0, 0.5, 1.0]), np.array([0, 0.5, 1.0]), np.array([0.9, 0.5, 0.1]))
    picture = pictures.exercise_picture(public("metrics", "roc_curve", (), expected, actual), "en")
    assert "ROC curve" in picture.caption
    lines = Counter(p.get("stroke") for p in parsed(picture.svg).iter(SVG + "polyline"))
    assert lines["#1f77b4"] >= 1 and lines["#ff7f0e"] >= 1 and lines["#8a94a0"] == 1
    assert "FPR (false positive rate)" in texts(picture.svg)


def test_confusion_matrix_picture_labels_true_and_predicted_classes():
    expected = np.array([[2, 2], [1, 3]])
    picture = pictures.exercise_picture(public("metrics", "confusion_matrix", (), expected, expected.T,
                                               expected != expected.T), "en")
    words = texts(picture.svg)
    assert "true class" in words and "predicted class" in words and words.count("3") >= 2


QUADRATIC = (np.diag([1.0, 10.0]), np.zeros(2), np.ones(2), "sgd", 2, 0.1)


def test_optimizer_picture_draws_the_trajectory_on_contours_in_two_dimensions():
    expected = np.array([[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]])
    actual = np.array([[1.0, 1.0], [1.1, 2.0], [1.21, 4.0]])  # walks uphill
    picture = pictures.exercise_picture(public("optimizers", "optimize_quadratic", QUADRATIC, expected, actual), "en")
    assert "contour lines" in picture.caption and "(sgd)" in picture.caption
    root = parsed(picture.svg)
    assert sum(p.get("stroke") == "#b8c2cc" for p in root.iter(SVG + "polyline")) >= 3  # contour lines
    assert {"0", "1", "2", "minimum w*"} <= set(texts(picture.svg))


def test_optimizer_picture_over_the_steps_in_one_dimension_has_whole_step_ticks():
    problem = (np.array([[1.0]]), np.zeros(1), np.ones(1), "momentum", 3, 0.5)
    expected, actual = np.array([[1.0], [0.5], [0.0], [-0.25]]), np.array([[0.5], [0.0], [-0.25]])
    picture = pictures.exercise_picture(public("optimizers", "optimize_quadratic", problem, expected, actual), "en")
    assert "over the steps" in picture.caption
    assert {"0", "1", "2", "3", "step k"} <= set(texts(picture.svg))
    x_ticks = [t.text for t in parsed(picture.svg).iter(SVG + "text")
               if t.get("text-anchor") == "middle" and re.fullmatch(r"[-\d.]+", t.text or "")]
    assert x_ticks == ["0", "1", "2", "3"]


GARBAGE = [None, "text", [[1, 2], [3]], np.array([np.nan, np.inf]), (np.ones(3),), {"a": 1}, np.ones((2, 3, 4, 5, 6)),
           np.zeros((0, 2)), 7]


@pytest.mark.parametrize("exercise, function, args, expected", [
    ("perceptron", "train_perceptron", (X, Y), (np.array([2.0, 4.0]), -1.0, 1)),
    ("conv2d", "conv2d_forward", (), np.ones((1, 1, 2, 2))),
    ("metrics", "roc_curve", (), (np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([np.inf, 1.0]))),
    ("metrics", "confusion_matrix", (), np.eye(2)),
    ("optimizers", "optimize_quadratic", QUADRATIC, np.array([[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]])),
])
def test_exercise_pictures_never_fail_on_garbage(exercise, function, args, expected, capsys):
    for actual in GARBAGE:
        for lang in ("de", "en"):
            drawn = pictures.case_pictures(public(exercise, function, args, expected, actual), lang)
            for picture in drawn:
                parsed(picture.svg)
    assert "left out" not in capsys.readouterr().err


def test_a_picture_that_cannot_be_drawn_is_left_out_and_said_on_stderr(monkeypatch, capsys):
    def broken(case, lang):
        raise RuntimeError("boom")

    monkeypatch.setattr(pictures, "exercise_picture", broken)
    assert pictures.case_pictures(timed(300.0), "en")  # the speed bar is still drawn
    assert "picture broken for 'a case' left out: RuntimeError: boom" in capsys.readouterr().err
    monkeypatch.setattr(pictures, "speed_bar", broken)
    assert pictures.case_pictures(timed(300.0), "en") == []
    assert "left out: RuntimeError: boom" in capsys.readouterr().err


def test_hidden_cases_get_no_exercise_picture():
    hidden = public("perceptron", "train_perceptron", (X, Y), (np.array([2.0, 4.0]), -1.0, 1), (np.zeros(2), 0.0, 1))
    hidden.public = False
    assert pictures.exercise_picture(hidden, "en") is None


# ---------------------------------------------------------------- the class report's charts

def test_class_histogram_counts_students_per_point():
    from dlgrade.batch import charts

    markup = charts.histogram([0.0, 1.0, 1.2, 22.0], 22.0, "en")
    titles = ["".join(t.itertext()) for t in parsed(markup).iter(SVG + "title")]
    assert sorted(titles) == ["0: 1", "1: 2", "22: 1"]
    assert {"0", "1", "2", "Points", "Count"} <= set(texts(markup))


def test_class_outcome_bars_split_each_case_by_status():
    from dlgrade.batch import charts

    stats = [SimpleNamespace(name="predict: one", total=4, passed=1, outcomes=Counter(failed=2, timeout=1)),
             SimpleNamespace(name="x" * 80, total=2, passed=2, outcomes=Counter())]
    markup = charts.outcomes(stats, "de")
    titles = ["".join(t.itertext()) for t in parsed(markup).iter(SVG + "title")]
    assert "predict: one: falsch 2/4" in titles and "predict: one: bestanden 1/4" in titles
    words = texts(markup)
    assert "x" * 59 + "…" in words and "Zeitlimit" in words and "Fehler" not in words


def test_no_picture_needs_matplotlib():
    """matplotlib is no dependency any more: every kind of picture is drawn with it unimportable."""
    code = textwrap.dedent("""
        import sys
        sys.modules["matplotlib"] = None
        from collections import Counter
        from types import SimpleNamespace
        import numpy as np
        import test_pictures as t
        from dlgrade.batch import charts
        from dlgrade.output import pictures
        boundary = t.public("perceptron", "train_perceptron", (t.X, t.Y), (np.array([2.0, 4.0]), -1.0, 1),
                            (np.ones(2), 0.0, 1))
        path = t.public("optimizers", "optimize_quadratic", t.QUADRATIC, np.array([[1.0, 1.0], [0.9, 0.0]]),
                        np.ones((2, 2)))
        drawn = [pictures.exercise_picture(boundary, "de"), pictures.exercise_picture(path, "en"),
                 pictures.heat_map(t.error_case(np.ones((2, 2)), np.zeros((2, 2))), "de"),
                 pictures.speed_bar(t.timed(300.0), "en"),
                 charts.histogram([1.0, 2.0], 4.0, "de"),
                 charts.outcomes([SimpleNamespace(name="a", total=1, passed=0, outcomes=Counter(failed=1))], "en")]
        assert all(drawn), drawn
        print("drawn without matplotlib")
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parent)
    assert proc.returncode == 0 and "drawn without matplotlib" in proc.stdout, proc.stderr[-2000:]
