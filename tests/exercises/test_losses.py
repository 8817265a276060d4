"""What is specific to the losses exercise: the reference against torch and finite differences,
the worked example of notes 004, the kink convention, stability at +-1000, float32 answers,
and the known mistakes on the hidden cases alone."""
import inspect
import itertools
import math
import tomllib
import warnings

import numpy as np
import pytest
from helpers import ROOT, SUBMISSIONS, case_passes, load_module

from dlgrade.catalog import load_exercise

torch = pytest.importorskip("torch")
F = torch.nn.functional

EX = load_exercise("losses")
REF = EX.reference
S_SLIDE = np.array([[3.0, 1.0, -2.5], [3.0, -5.0, 1.5], [1.0, 3.2, -5.0]])
Y_SLIDE = np.array([1, 0, 2])


def random_problem(rng, n=None, C=None, scale=3.0):
    n = n or int(rng.integers(1, 9))
    C = C or int(rng.integers(2, 7))
    return rng.normal(scale=scale, size=(n, C)), rng.integers(0, C, size=n)


def torch_losses(S, y, margin=1.0):
    """softmax, cross-entropy, hinge per sample and both gradients of the mean, from torch."""
    St = torch.tensor(S, dtype=torch.float64, requires_grad=True)
    yt = torch.tensor(y, dtype=torch.long)
    ce = F.cross_entropy(St, yt, reduction="none")
    (g_ce,) = torch.autograd.grad(ce.mean(), St)
    # torch's multi_margin_loss divides the slide's sum over j != y_i by C.
    hinge = F.multi_margin_loss(St, yt, margin=margin, reduction="none") * S.shape[1]
    (g_hinge,) = torch.autograd.grad(hinge.mean(), St)
    return {"softmax": F.softmax(St, dim=1).detach().numpy(), "cross_entropy": ce.detach().numpy(),
            "hinge": hinge.detach().numpy(), "grad_ce": g_ce.numpy(), "grad_hinge": g_hinge.numpy()}


# --- the exercise's files -----------------------------------------------------------------


def test_stub_matches_the_reference_and_the_catalog():
    stub = load_module(EX.stub_path, "losses_stub")
    assert EX.functions == ["softmax", "cross_entropy", "hinge_loss", "loss_gradient", "mse", "mae"]
    german = EX.texts.table("docstrings")
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name
        assert getattr(stub, name).__doc__, name
        assert german.get(name, {}).get("de"), f"no German docstring for {name}"
    assert str(inspect.signature(REF.hinge_loss)) == "(S, y, margin=1.0)"
    assert str(inspect.signature(REF.loss_gradient)) == "(S, y, kind, margin=1.0)"
    with pytest.raises(NotImplementedError):
        stub.softmax(S_SLIDE)


def test_statements_name_the_slips_and_conventions():
    for lang, forbidden_title in (("de", "## Nicht erlaubt"), ("en", "## Not allowed")):
        text = EX.statement(lang)
        for needle in ("2.12", "2.1305", "(39)", "$\\pm 1000$", "ValueError", forbidden_title,
                       "torch.nn.functional.cross_entropy", "torch.autograd"):
            assert needle in text, (lang, needle)


def test_forbidden_routines_are_the_catalogs_and_qualified():
    meta = tomllib.loads((ROOT / "exercises/losses/exercise.toml").read_text())
    patterns = meta["forbidden"]["*"]
    assert EX.forbidden == {"*": patterns}
    for name in ("torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss",
                 "torch.nn.functional.multi_margin_loss", "torch.nn.functional.mse_loss",
                 "torch.nn.functional.l1_loss", "torch.nn.*Loss", "torch.softmax",
                 "torch.nn.functional.softmax", "torch.nn.functional.log_softmax", "torch.autograd.*"):
        assert name in patterns
    # A student's own helper called softmax or _log_softmax stays allowed: only library names.
    assert all(p.startswith("torch.") for p in patterns)


# --- the reference against torch and finite differences -------------------------------------


@pytest.mark.parametrize("seed", range(25))
def test_reference_agrees_with_torch(seed):
    rng = np.random.default_rng(seed)
    S, y = random_problem(rng)
    margin = float(rng.choice([0.0, 0.5, 1.0, 2.5]))
    want = torch_losses(S, y, margin)
    np.testing.assert_allclose(REF.softmax(S), want["softmax"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(REF.cross_entropy(S, y), want["cross_entropy"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(REF.hinge_loss(S, y, margin), want["hinge"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(REF.loss_gradient(S, y, "cross_entropy"), want["grad_ce"], rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(REF.loss_gradient(S, y, "hinge", margin), want["grad_hinge"], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("kind", ["cross_entropy", "hinge"])
def test_gradient_is_the_central_difference_of_the_mean_loss(kind):
    rng = np.random.default_rng(7)
    for _ in range(10):
        S, y = random_problem(rng, n=int(rng.integers(2, 6)))
        margin = 1.5

        def mean_loss(T, y=y, margin=margin):
            return float(np.mean(REF.cross_entropy(T, y) if kind == "cross_entropy" else REF.hinge_loss(T, y, margin)))

        G = REF.loss_gradient(S, y, kind, margin)
        h = 1e-6
        for i, j in itertools.product(range(S.shape[0]), range(S.shape[1])):
            E = np.zeros_like(S)
            E[i, j] = h
            numeric = (mean_loss(S + E) - mean_loss(S - E)) / (2 * h)
            assert math.isclose(G[i, j], numeric, rel_tol=1e-5, abs_tol=1e-7), (kind, i, j, G[i, j], numeric)


def test_mse_and_mae_are_means_over_all_entries():
    rng = np.random.default_rng(3)
    for shape in [(7,), (4, 3), (2, 3, 5), (1,)]:
        a, b = rng.normal(size=shape), rng.normal(size=shape)
        ta, tb = torch.tensor(a), torch.tensor(b)
        assert math.isclose(REF.mse(a, b), float(F.mse_loss(ta, tb)), rel_tol=1e-12)
        assert math.isclose(REF.mae(a, b), float(F.l1_loss(ta, tb)), rel_tol=1e-12)
        assert isinstance(REF.mse(a, b), float) and isinstance(REF.mae(a, b), float)


def test_unknown_kind_raises_value_error():
    for kind in ("mse", "Hinge", "softmax", ""):
        with pytest.raises(ValueError):
            REF.loss_gradient(S_SLIDE, Y_SLIDE, kind)


# --- the worked example of notes 004 --------------------------------------------------------


def test_slide_losses_fix_the_labels():
    """The slide shows the scores and the losses 3.0, 0, 16.2 (images missing): only y = (1, 0, 2) fits."""
    fitting = [y for y in itertools.product(range(3), repeat=3)
               if np.allclose(REF.hinge_loss(S_SLIDE, np.array(y)), [3.0, 0.0, 16.2])]
    assert fitting == [(1, 0, 2)]
    assert math.isclose(float(np.mean(REF.hinge_loss(S_SLIDE, Y_SLIDE))), 6.4)


def test_slide_cross_entropy_is_rounded():
    p = REF.softmax(S_SLIDE)[0]
    assert np.allclose(np.exp(S_SLIDE[0]), [20.08, 2.7, 0.08], atol=0.02)   # the slide's exp row
    assert round(p[1], 2) == 0.12 and round(-math.log(0.12), 2) == 2.12     # the slide: -ln 0.12
    assert round(float(REF.cross_entropy(S_SLIDE, Y_SLIDE)[0]), 4) == 2.1305  # exact
    assert abs(float(REF.cross_entropy(S_SLIDE, Y_SLIDE)[0]) - 2.12) > 0.01   # the grader does not accept 2.12


def test_public_literals_agree_with_torch_and_the_reference():
    cases = EX.public_cases()
    assert {c.function for c in cases} == set(EX.functions)
    for case in cases:
        assert case_passes(EX, REF, case), case.name
        if case.raises:
            continue
        assert case.has_literal_expected, case.name
        if case.function in ("softmax", "cross_entropy", "hinge_loss", "loss_gradient"):
            S, y = case.args[0], (case.args[1] if len(case.args) > 1 else np.zeros(len(case.args[0]), int))
            want = torch_losses(S, y, case.kwargs.get("margin", 1.0))
            key = {"softmax": "softmax", "cross_entropy": "cross_entropy", "hinge_loss": "hinge"}.get(case.function)
            if case.function == "loss_gradient":
                key = "grad_ce" if case.args[2] == "cross_entropy" else "grad_hinge"
            np.testing.assert_allclose(case.expected, want[key], rtol=1e-12, atol=1e-12, err_msg=case.name)


# --- the kink, stability, float32 -------------------------------------------------------------


def test_a_term_on_the_kink_has_the_left_derivative_zero():
    S = np.array([[2.0, 1.0, -4.0]])  # s_1 - s_0 + 1 = 0 exactly
    y = np.array([0])
    assert np.array_equal(REF.hinge_loss(S, y), [0.0])
    assert np.array_equal(REF.loss_gradient(S, y, "hinge"), np.zeros((1, 3)))
    E = np.zeros_like(S)
    E[0, 1] = 1e-3
    assert REF.hinge_loss(S - E, y)[0] == 0.0            # left of the kink: flat
    assert REF.hinge_loss(S + E, y)[0] == pytest.approx(1e-3)  # right of it: slope 1


def test_reference_is_finite_and_exact_at_1000():
    S = np.array([[1000.0, -1000.0, 999.0], [-1000.0, -1000.0, -1001.0]])
    y = np.array([1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, no division by zero
        P, L, G = REF.softmax(S), REF.cross_entropy(S, y), REF.loss_gradient(S, y, "cross_entropy")
    shifted = S - S.max(axis=1, keepdims=True)  # torch in float64 on shifted scores is exact here
    want = torch_losses(shifted, y)
    np.testing.assert_allclose(P, want["softmax"], rtol=1e-12, atol=0)
    np.testing.assert_allclose(L, want["cross_entropy"], rtol=1e-12)
    np.testing.assert_allclose(G, want["grad_ce"], rtol=1e-12, atol=1e-300)
    assert L[0] == pytest.approx(2000.0 + math.log1p(math.exp(-1.0)), rel=1e-15)


def test_hidden_hinge_scores_are_exact_in_float32_and_the_kink_cases_have_kinks():
    for seed in range(30):
        for case in EX.hidden_cases(seed):
            is_hinge = case.function == "hinge_loss" or (case.function == "loss_gradient" and case.args[2] == "hinge")
            if not is_hinge or case.raises:
                continue
            S, y = case.args[0], case.args[1]
            assert np.array_equal(S.astype(np.float32).astype(np.float64), S), case.name
            assert np.array_equal(S * 4, np.round(S * 4)), case.name
            if "kink" in case.name:
                margin = case.kwargs.get("margin", 1.0)
                args = S - S[np.arange(len(y)), y][:, None] + margin
                args[np.arange(len(y)), y] = -1.0
                assert (args == 0).any() and (args > 0).any(), case.name


def test_float32_torch_answer_passes_every_case():
    alt = load_module(SUBMISSIONS / "losses" / "alt_torch_float32.py", "losses_alt_torch_float32")
    for seed in range(40):
        failed = [c.name for c in EX.public_cases() + EX.hidden_cases(seed) if not case_passes(EX, alt, c)]
        assert failed == [], f"seed {seed}"


# --- the known mistakes ----------------------------------------------------------------------


def test_at_least_eight_known_mistakes_with_texts():
    assert len(EX.mistakes) >= 8
    for mistake in EX.mistakes:
        assert mistake.diagnosis.get("de") and mistake.diagnosis.get("en"), mistake.id
        assert mistake.hint.get("de") and mistake.hint.get("en"), mistake.id


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes if m.id != "shift_in_place"])
def test_known_mistake_fails_a_hidden_case_for_every_seed(mistake_id):
    """Stronger than the contract test: the hidden cases alone catch every value mistake."""
    variant = EX.variant(mistake_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for seed in range(30):
            assert not all(case_passes(EX, variant, c) for c in EX.hidden_cases(seed)), f"seed {seed}"


def test_in_place_mistake_changes_the_input_and_the_reference_never_does():
    variant = EX.variant("shift_in_place")
    S = S_SLIDE.copy()
    np.testing.assert_allclose(variant["softmax"](S), REF.softmax(S_SLIDE))  # right values ...
    assert not np.array_equal(S, S_SLIDE)                                    # ... but S was shifted
    for case in EX.public_cases() + EX.hidden_cases(0):
        args = [a.copy() if isinstance(a, np.ndarray) else a for a in case.args]
        try:
            getattr(REF, case.function)(*args, **case.kwargs)
        except ValueError:
            pass
        for before, after in zip(case.args, args):
            if isinstance(before, np.ndarray):
                assert np.array_equal(before, after), case.name
