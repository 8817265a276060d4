"""The metrics exercise: the reference against independent formulas (loops, the pairwise
definition of the AUC, scipy's Mann-Whitney U), the worked example, the hidden cases' edges,
float32 answers and the alternative submissions (in process, no sandbox)."""
import inspect
import itertools
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module

from dlgrade.catalog import load_exercise

EX = load_exercise("metrics")
REF = EX.reference
SEEDS = range(20)
ROOT = Path(__file__).resolve().parents[2]
ALTERNATIVES = sorted((ROOT / "tests" / "submissions" / "metrics").glob("alt_*.py"))


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


# --- independent formulas ---------------------------------------------------------------

def loop_confusion(y_true, y_pred, C):
    M = np.zeros((C, C), dtype=int)
    for t, p in zip(y_true, y_pred):
        M[t, p] += 1
    return M


def counts_f1(tp, fp, fn):
    """F1 = 2 RP / (2 RP + FP + FN), 0 when the denominator is 0 (the same as 2PR/(P+R) with 0/0 = 0)."""
    return 0.0 if 2 * tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def pairwise_auc(y, s):
    """The definition: the fraction of (positive, negative) pairs ordered right, ties one half."""
    pos, neg = s[y == 1], s[y == 0]
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def brute_roc(y, s):
    thresholds = [np.inf] + sorted(set(s.tolist()), reverse=True)
    fpr = [np.mean(s[y == 0] >= t) for t in thresholds]
    tpr = [np.mean(s[y == 1] >= t) for t in thresholds]
    return np.array(fpr), np.array(tpr), np.array(thresholds, dtype=float)


def random_binary(rng, n, decimals):
    while True:
        y = rng.integers(0, 2, size=n)
        if 0 < y.sum() < n:
            return y, np.round(rng.normal(loc=0.7 * y, size=n), decimals)


# --- the exercise's files ---------------------------------------------------------------

def test_stub_matches_the_reference():
    stub = load_module(EX.stub_path, "metrics_stub")
    assert EX.functions == ["confusion_matrix", "accuracy", "precision_recall_f1", "macro_f1", "roc_curve", "roc_auc"]
    y = np.array([0, 1, 1])
    for name in EX.functions:
        fn = getattr(stub, name)
        assert inspect.signature(fn) == inspect.signature(getattr(REF, name)), name
        assert fn.__doc__ and "(n,)" in fn.__doc__, name
        args = (y, y, 2) if name in ("confusion_matrix", "macro_f1") else (y, y)
        with pytest.raises(NotImplementedError):
            fn(*args)


def test_statements_show_the_worked_example_and_the_forbidden_routines():
    forbidden = tomllib.loads((EX.folder / "exercise.toml").read_text())["forbidden"]
    assert forbidden == EX.forbidden
    routines = {r.removesuffix(".*") for names in forbidden.values() for r in names}
    for lang, heading in (("de", "## Nicht erlaubt"), ("en", "## Not allowed")):
        text = EX.statement(lang)
        assert heading in text
        tail = text.split(heading, 1)[1]
        assert all(r in tail for r in routines), lang
        for fact in ("(1, 1, 0, 1, 0, 0, 1, 0)", "0.75", r"\tfrac{13}{21}", "+\\infty", "ValueError", "drop_intermediate"):
            assert fact in text, (lang, fact)


def test_docstrings_are_translated_for_every_function():
    de = EX.texts.tables["de"]
    for name in EX.functions:
        assert de.get(f"docstrings.{name}", "").strip(), name


def test_public_cases_are_literal_and_the_reference_reproduces_them():
    cases = EX.public_cases()
    assert {c.function for c in cases} == set(EX.functions)
    for case in cases:
        assert case.has_literal_expected or case.raises, case.name
        assert case_passes(EX, REF, case), case.name


def test_worked_example_by_hand():
    y = np.array([1, 1, 0, 1, 0, 0, 1, 0])
    s = np.array([0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.4, 0.1])
    pred = (s >= 0.5).astype(int)
    assert REF.confusion_matrix(y, pred, 2).tolist() == [[2, 2], [1, 3]]
    assert REF.accuracy(y, pred) == pytest.approx(5 / 8)
    assert REF.precision_recall_f1(y, pred) == pytest.approx((3 / 5, 3 / 4, 2 / 3))
    assert REF.macro_f1(y, pred, 2) == pytest.approx(13 / 21)
    assert REF.roc_auc(y, s) == pytest.approx(12 / 16) == pytest.approx(pairwise_auc(y, s))


# --- the reference against independent formulas ------------------------------------------

@pytest.mark.parametrize("seed", range(30))
def test_counts_and_f_measures_against_loops(seed):
    rng = np.random.default_rng(seed)
    C = int(rng.integers(1, 7))
    n = int(rng.integers(1, 40))
    y_true, y_pred = rng.integers(0, C, size=n), rng.integers(0, C, size=n)
    M = loop_confusion(y_true, y_pred, C)
    got = REF.confusion_matrix(y_true, y_pred, C)
    assert got.dtype.kind == "i" and np.array_equal(got, M)
    assert REF.accuracy(y_true, y_pred) == pytest.approx(np.trace(M) / n)
    f1s = [counts_f1(M[c, c], M[:, c].sum() - M[c, c], M[c, :].sum() - M[c, c]) for c in range(C)]
    assert REF.macro_f1(y_true, y_pred, C) == pytest.approx(sum(f1s) / C)
    t, p = rng.integers(0, 2, size=n), rng.integers(0, 2, size=n)
    tp, fp, fn = int(np.sum((t == 1) & (p == 1))), int(np.sum((t == 0) & (p == 1))), int(np.sum((t == 1) & (p == 0)))
    expected = (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0, counts_f1(tp, fp, fn))
    assert REF.precision_recall_f1(t, p) == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(30))
def test_roc_and_auc_against_the_definitions(seed):
    rng = np.random.default_rng(seed)
    y, s = random_binary(rng, int(rng.integers(2, 40)), decimals=int(rng.integers(0, 3)))
    if seed % 3 == 0:
        s = np.round(s * 3).astype(np.int64)  # integer scores
    fpr, tpr, thr = REF.roc_curve(y, s)
    bf, bt, bth = brute_roc(y, s)
    assert np.allclose(fpr, bf) and np.allclose(tpr, bt) and np.array_equal(thr, bth)
    assert thr[0] == np.inf and np.all(np.diff(thr) < 0) and (fpr[-1], tpr[-1]) == (1.0, 1.0)
    assert REF.roc_auc(y, s) == pytest.approx(pairwise_auc(y, s), abs=1e-12)


def test_auc_equals_mann_whitney_u():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(7)
    y, s = random_binary(rng, 5000, decimals=2)  # many ties
    u = stats.mannwhitneyu(s[y == 1], s[y == 0], method="asymptotic").statistic
    assert REF.roc_auc(y, s) == pytest.approx(u / ((y == 1).sum() * (y == 0).sum()), rel=1e-12)


def test_auc_of_tied_and_separated_scores():
    y = np.array([0, 1, 0, 1, 1])
    assert REF.roc_auc(y, np.full(5, 3.0)) == 0.5
    assert REF.roc_auc(y, y * 2.0) == 1.0
    assert REF.roc_auc(y, -y * 2.0) == 0.0


@pytest.mark.parametrize("function", ["roc_curve", "roc_auc"])
@pytest.mark.parametrize("labels", [[1, 1, 1], [0, 0, 0], [0]])
def test_one_class_raises_value_error(function, labels):
    with pytest.raises(ValueError):
        getattr(REF, function)(np.array(labels), np.arange(len(labels), dtype=float))


def test_reference_leaves_its_inputs_unchanged():
    rng = np.random.default_rng(3)
    for seed in range(3):
        for case in all_cases(seed):
            if case.raises:
                continue
            before = [np.copy(a) for a in case.args if isinstance(a, np.ndarray)]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                getattr(REF, case.function)(*case.args)
            after = [a for a in case.args if isinstance(a, np.ndarray)]
            assert all(np.array_equal(b, a) for b, a in zip(before, after)), case.name
    (y, s), _ = EX.perf_cases()[0].make_inputs(rng, "cpu")
    y0, s0 = y.copy(), s.copy()
    REF.roc_auc(y, s)
    assert np.array_equal(y, y0) and np.array_equal(s, s0)


# --- the hidden cases cover the edges ----------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_cases_hold_the_edges(seed):
    cases = EX.hidden_cases(seed)
    by_function = {}
    for case in cases:
        by_function.setdefault(case.function, []).append(case)
    assert set(by_function) == set(EX.functions)
    # a confusion matrix where n_classes exceeds every label, one that is not symmetric, a single sample
    cm = by_function["confusion_matrix"]
    assert any(max(c.args[0].max(), c.args[1].max()) + 1 < c.args[2] for c in cm)
    assert any(not np.array_equal(REF.confusion_matrix(*c.args), REF.confusion_matrix(*c.args).T) for c in cm)
    assert any(len(c.args[0]) == 1 for c in cm)
    # every form of 0/0 in precision_recall_f1
    counts = []
    for c in by_function["precision_recall_f1"]:
        t, p = c.args
        counts.append((np.sum((t == 1) & (p == 1)), np.sum((t == 0) & (p == 1)), np.sum((t == 1) & (p == 0))))
    assert any(tp + fp == 0 and tp + fn > 0 for tp, fp, fn in counts)  # precision 0/0 only
    assert any(tp + fn == 0 and tp + fp > 0 for tp, fp, fn in counts)  # recall 0/0 only
    assert any(tp == 0 and fp > 0 and fn > 0 for tp, fp, fn in counts)  # F1 0/0 only
    assert any(tp == fp == fn == 0 for tp, fp, fn in counts)  # all three
    assert any(tp > 0 and fp > 0 and fn > 0 and fp != fn for tp, fp, fn in counts)  # P != R
    # macro F1 with classes absent from both labels and predictions
    assert any(len(set(c.args[0].tolist()) | set(c.args[1].tolist())) < c.args[2] for c in by_function["macro_f1"])
    # ROC and AUC: ties between a positive and a negative, all tied, integer scores, one class
    for name in ("roc_curve", "roc_auc"):
        valued = [c for c in by_function[name] if not c.raises]
        assert any(np.intersect1d(c.args[1][c.args[0] == 1], c.args[1][c.args[0] == 0]).size > 0 for c in valued)
        assert any(np.unique(c.args[1]).size == 1 for c in valued)
        assert any(c.args[1].dtype.kind == "i" for c in valued)
        assert any(c.raises == "ValueError" for c in by_function[name])


def test_timed_input_has_a_million_samples_and_ties():
    perf = EX.perf_cases()[0]
    (y, s), kwargs = perf.make_inputs(np.random.default_rng(0), "cpu")
    assert kwargs == {} and y.shape == s.shape == (1_000_000,)
    assert 1_000 < np.unique(s).size < 100_000  # ties that matter, but O(n m) loops stay far too slow
    assert perf.cpu_budget == 10.0


# --- float32 and the alternative submissions --------------------------------------------

def float32_reference():
    """The reference computing its rates and areas in float32 (scores cast to float32, as torch would)."""
    ns = dict(vars(REF))

    def roc_curve(y_true, scores):
        fpr, tpr, thr = REF.roc_curve(y_true, np.asarray(scores).astype(np.float32))
        return fpr.astype(np.float32), tpr.astype(np.float32), thr.astype(np.float32)

    def roc_auc(y_true, scores):
        fpr, tpr, _ = roc_curve(y_true, scores)
        return np.float32(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / np.float32(2), dtype=np.float32))

    ns.update(roc_curve=roc_curve, roc_auc=roc_auc,
              precision_recall_f1=lambda t, p: tuple(np.float32(v) for v in REF.precision_recall_f1(t, p)),
              macro_f1=lambda t, p, c: np.float32(REF.macro_f1(t, p, c)),
              accuracy=lambda t, p: np.float32(REF.accuracy(t, p)))
    return ns


@pytest.mark.parametrize("seed", range(8))
def test_a_float32_answer_passes_every_case(seed):
    ns = float32_reference()
    failed = [c.name for c in all_cases(seed) if not case_passes(EX, ns, c)]
    assert failed == []


def test_a_float32_answer_passes_the_timed_check():
    torch = pytest.importorskip("torch")
    alt = load_module(ROOT / "tests/submissions/metrics/alt_torch.py", "metrics_alt_torch_timed")
    perf = EX.perf_cases()[0]
    (y, s), _ = perf.make_inputs(np.random.default_rng(1), "cpu")
    got = alt.roc_auc(y, s)
    got = float(got.item() if isinstance(got, torch.Tensor) else got)
    assert np.isclose(got, REF.roc_auc(y, s), rtol=perf.check.rtol, atol=perf.check.atol)


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    module = load_module(path, f"metrics_{path.stem}")
    for seed in range(10):
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], seed


def test_there_are_really_different_alternatives():
    assert {p.stem for p in ALTERNATIVES} >= {"alt_loops", "alt_torch", "alt_ranks"}


@pytest.mark.parametrize("mistake", [m.id for m in EX.mistakes])
def test_every_mistake_fails_some_case_on_every_seed(mistake):
    variant = EX.variant(mistake)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in SEEDS:
            assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), seed


def test_ties_mistakes_and_rectangles_show_on_the_worked_example():
    y = np.array([1, 1, 0, 1, 0, 0, 1, 0])
    s = np.array([0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.4, 0.1])
    assert EX.variant("auc_ties_count_zero")["roc_auc"](y, s) == pytest.approx(11 / 16)
    assert EX.variant("auc_ties_count_one")["roc_auc"](y, s) == pytest.approx(13 / 16)
    assert EX.variant("auc_axes_swapped")["roc_auc"](y, s) == pytest.approx(1 - 12 / 16)


def test_in_place_mistake_returns_the_right_curve_but_changes_the_scores():
    y = np.array([1, 1, 0, 1, 0, 0, 1, 0])
    s = np.array([0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.4, 0.1])
    given = s.copy()
    got = EX.variant("scores_sorted_in_place")["roc_curve"](y, given)
    assert all(np.array_equal(a, b) for a, b in zip(got, REF.roc_curve(y, s)))
    assert not np.array_equal(given, s)
    case = next(c for c in EX.public_cases() if c.name == "roc_curve: the worked example")
    assert not case_passes(EX, EX.variant("scores_sorted_in_place"), case)
