"""The batchnorm exercise: the reference against torch (float64) and against central finite
differences, the worked example recomputed with exact fractions, the hidden cases' edges, the
gradient check's custom Check, float32 answers and the alternative submissions, and the known
mistakes over more seeds than the contract test (in process, no sandbox)."""
import copy
import inspect
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module

from dlgrade.catalog import load_exercise
from dlgrade.grading.diagnose import evaluate, matching_mistakes

EX = load_exercise("batchnorm")
REF = EX.reference
SEEDS = range(25)
ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = ROOT / "tests" / "submissions" / "batchnorm"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))
HIDDEN = __import__("dlgrade.solutions.batchnorm.hidden", fromlist=["cases"])


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


def random_batch(rng, n, d):
    X = rng.uniform(-3, 3, size=d) + rng.uniform(0.3, 3, size=d) * rng.normal(size=(n, d))
    return X, rng.normal(size=d), rng.normal(size=d)


# --- the exercise's files -------------------------------------------------------------------


def test_stub_and_reference_follow_the_contract():
    stub = load_module(EX.stub_path, "batchnorm_stub")
    assert EX.functions == ["batchnorm_forward", "batchnorm_backward", "batchnorm2d_forward",
                            "update_running_stats", "batchnorm_inference"]
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name
        assert getattr(stub, name).__doc__, name
    with pytest.raises(NotImplementedError):
        stub.batchnorm_forward(np.zeros((2, 1)), np.ones(1), np.zeros(1))
    assert EX.forbidden["*"] and "torch.nn.functional.batch_norm" in EX.forbidden["*"]
    assert "torch.autograd.*" in EX.forbidden["batchnorm_backward"]
    for lang in ("de", "en"):
        text = EX.statement(lang)
        assert "(52)" in text and "(50)" in text and "$" in text
        assert "torch.nn.functional.batch_norm" in text and "torch.autograd" in text


def test_every_function_has_public_and_hidden_cases():
    assert {c.function for c in EX.public_cases()} == set(EX.functions)
    assert {c.function for c in EX.hidden_cases(0)} == set(EX.functions)
    assert all(c.has_literal_expected for c in EX.public_cases())


# --- the reference against torch and finite differences ----------------------------------------


def test_reference_matches_torch_batchnorm1d_in_training_and_eval_mode():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    for n, d, eps, momentum in [(2, 3, 1e-5, 0.1), (7, 4, 1e-3, 0.3), (12, 1, 0.1, 0.05), (5, 6, 1e-5, 1.0)]:
        X, gamma, beta = random_batch(rng, n, d)
        rm, rv = rng.normal(size=d), rng.uniform(0.2, 3, size=d)
        bn = torch.nn.BatchNorm1d(d, eps=eps, momentum=momentum, dtype=torch.float64)
        with torch.no_grad():
            bn.weight.copy_(torch.tensor(gamma))
            bn.bias.copy_(torch.tensor(beta))
            bn.running_mean.copy_(torch.tensor(rm))
            bn.running_var.copy_(torch.tensor(rv))
        Xt = torch.tensor(X, requires_grad=True)
        Y = bn(Xt)
        np.testing.assert_allclose(REF.batchnorm_forward(X, gamma, beta, eps), Y.detach().numpy(), rtol=1e-12, atol=1e-12)
        new_mean, new_var = REF.update_running_stats(rm, rv, X, momentum)
        np.testing.assert_allclose(new_mean, bn.running_mean.numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(new_var, bn.running_var.numpy(), rtol=1e-12, atol=1e-14)
        dY = rng.normal(size=(n, d))
        Y.backward(torch.tensor(dY))
        dX, dgamma, dbeta = REF.batchnorm_backward(dY, X, gamma, eps)
        np.testing.assert_allclose(dX, Xt.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(dgamma, bn.weight.grad.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dbeta, bn.bias.grad.numpy(), rtol=1e-12, atol=1e-12)
        bn.eval()
        X2 = rng.normal(size=(3, d))
        with torch.no_grad():
            expected = bn(torch.tensor(X2)).numpy()
        got = REF.batchnorm_inference(X2, gamma, beta, bn.running_mean.numpy(), bn.running_var.numpy(), eps)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_reference_2d_matches_torch_batchnorm2d():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    for shape, eps in [((2, 3, 4, 5), 1e-5), ((1, 2, 3, 3), 1e-5), ((5, 4, 1, 1), 1e-2), ((3, 1, 2, 6), 0.1)]:
        C = shape[1]
        X = rng.uniform(-4, 4, size=(1, C, 1, 1)) + rng.uniform(0.5, 3, size=(1, C, 1, 1)) * rng.normal(size=shape)
        gamma, beta = rng.normal(size=C), rng.normal(size=C)
        bn = torch.nn.BatchNorm2d(C, eps=eps, dtype=torch.float64)
        with torch.no_grad():
            bn.weight.copy_(torch.tensor(gamma))
            bn.bias.copy_(torch.tensor(beta))
            expected = bn(torch.tensor(X)).numpy()
        np.testing.assert_allclose(REF.batchnorm2d_forward(X, gamma, beta, eps), expected, rtol=1e-12, atol=1e-12)


def test_reference_backward_matches_finite_differences():
    rng = np.random.default_rng(3)
    for n, d, eps in [(1, 3, 1e-5), (2, 2, 1e-5), (5, 3, 1e-5), (9, 4, 0.1)]:
        X, gamma, _ = random_batch(rng, n, d)
        dY = rng.normal(size=(n, d))
        numeric = HIDDEN.numerical_gradients(dY, X, gamma, eps)
        for got, num in zip(REF.batchnorm_backward(dY, X, gamma, eps), numeric):
            np.testing.assert_allclose(got, num, rtol=1e-6, atol=1e-7)


def test_reference_properties_the_statement_promises():
    rng = np.random.default_rng(4)
    X, gamma, beta = random_batch(rng, 6, 3)
    X_hat = REF.batchnorm_forward(X, np.ones(3), np.zeros(3), eps=0.0)
    np.testing.assert_allclose(X_hat.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_hat.var(axis=0), 1.0, rtol=1e-12)  # biased variance 1
    np.testing.assert_allclose(REF.batchnorm_forward(X[:1], gamma, beta), beta[None, :])  # n = 1 gives beta
    dY = np.repeat(rng.normal(size=(1, 3)), 6, axis=0)
    np.testing.assert_allclose(REF.batchnorm_backward(dY, X, gamma)[0], 0.0, atol=1e-12)  # constant dY
    dX = REF.batchnorm_backward(2.5 * X_hat, X, gamma, eps=0.0)[0]  # dY proportional to X_hat, eps = 0
    np.testing.assert_allclose(dX, 0.0, atol=1e-12)
    dX, dgamma, dbeta = REF.batchnorm_backward(dY[:1], X[:1], gamma)
    assert np.all(dX == 0) and np.all(dgamma == 0) and np.all(dbeta == dY[0])


# --- the worked example, exactly -----------------------------------------------------------------


def exact_batchnorm(X, gamma, beta, dY):
    """Eqs. (1)-(4) and the gradients with fractions (eps = 0), per column, from the definitions:
    dX by summing the three paths (direct, through the mean, through the variance)."""
    n = len(X)
    Y, dX = [[None] * len(gamma) for _ in X], [[None] * len(gamma) for _ in X]
    dgamma, dbeta = [], []
    for j in range(len(gamma)):
        col = [Fraction(row[j]) for row in X]
        mu = sum(col) / n
        var = sum((x - mu) ** 2 for x in col) / n
        std = next(Fraction(k, 1) for k in range(1, 100) if k * k == var)  # the example's variances are squares
        xh = [(x - mu) / std for x in col]
        g = [Fraction(row[j]) for row in dY]
        for i in range(n):
            Y[i][j] = gamma[j] * xh[i] + beta[j]
        dxh = [gamma[j] * gi for gi in g]
        dvar = sum(dxh[k] * (col[k] - mu) for k in range(n)) * Fraction(-1, 2) / std ** 3
        dmu = -sum(dxh) / std
        for i in range(n):
            dX[i][j] = dxh[i] / std + dvar * 2 * (col[i] - mu) / n + dmu / n
        dgamma.append(sum(gi * x for gi, x in zip(g, xh)))
        dbeta.append(sum(g))
    return Y, dX, dgamma, dbeta


def test_public_worked_example_is_exact():
    cases = {c.name: c for c in EX.public_cases()}
    fwd = cases["batchnorm_forward: worked example, eps = 0"]
    bwd = cases["batchnorm_backward: worked example, eps = 0"]
    X, gamma, beta = fwd.args
    gamma_f = [Fraction(g).limit_denominator() for g in gamma]
    beta_f = [Fraction(b).limit_denominator() for b in beta]
    Y, dX, dgamma, dbeta = exact_batchnorm(X.tolist(), gamma_f, beta_f, bwd.args[0].tolist())
    assert np.array_equal(fwd.expected, np.array(Y, dtype=float))
    assert np.array_equal(bwd.expected[0], np.array(dX, dtype=float))
    assert np.array_equal(bwd.expected[1], np.array(dgamma, dtype=float))
    assert np.array_equal(bwd.expected[2], np.array(dbeta, dtype=float))
    # the 2-d case holds the same numbers per channel, and its expected output the same y per value
    img = cases["batchnorm2d_forward: the worked example as images, eps = 0"]
    for c in range(2):
        assert sorted(img.args[0][:, c].ravel()) == sorted(X[:, c])
        pairs = sorted(zip(img.args[0][:, c].ravel(), img.expected[:, c].ravel()))
        assert pairs == sorted(zip(X[:, c], fwd.expected[:, c]))
    running = cases["update_running_stats: after the worked example's batch, momentum 0.1"]
    assert np.allclose(running.expected[1], [0.9 + Fraction(32, 70), 0.9 + Fraction(8, 70)], rtol=1e-15)
    small = cases["batchnorm_forward: a variance of 4e-6, where eps = 1e-5 matters"]
    assert np.allclose(small.expected.ravel(), [-np.sqrt(2 / 7), np.sqrt(2 / 7)], rtol=1e-15)


def test_reference_reproduces_every_public_literal():
    for case in EX.public_cases():
        assert case_passes(EX, REF, case), case.name


# --- hidden cases ----------------------------------------------------------------------------


X_POSITION = {"batchnorm_forward": 0, "batchnorm_backward": 1, "update_running_stats": 2, "batchnorm_inference": 0}


def test_hidden_cases_have_the_promised_edges():
    for seed in SEEDS:
        by_name = {c.name: c for c in EX.hidden_cases(seed)}
        for name, case in by_name.items():
            if case.function != "batchnorm2d_forward":  # every (n, d) batch has n != d
                X = case.args[X_POSITION[case.function]]
                assert X.ndim == 2 and X.shape[0] != X.shape[1], name
            if case.function == "update_running_stats":
                assert case.args[2].shape[0] >= 2  # never n = 1 (the statement promises it)
        assert by_name["batchnorm_forward: a batch of one sample"].args[0].shape[0] == 1
        assert by_name["batchnorm_backward: a batch of one sample (dX = 0)"].args[1].shape[0] == 1
        assert by_name["batchnorm2d_forward: a batch of one image (N = 1)"].args[0].shape[0] == 1
        assert by_name["batchnorm2d_forward: 1x1 feature maps (H = W = 1)"].args[0].shape[2:] == (1, 1)
        var = by_name["batchnorm_forward: small variances, where eps matters"].args[0].var(axis=0)
        assert np.all((var > 1e-7) & (var < 1e-4))  # comparable to eps = 1e-5
        X = by_name["batchnorm_forward: a constant feature (variance 0)"].args[0]
        assert np.sum(X.var(axis=0) == 0) == 1
        assert np.float32(X).mean(axis=0)[X.var(axis=0) == 0] == X[0, X.var(axis=0) == 0]  # exact in float32 too
        gamma = by_name["batchnorm_forward: random batch, n differs from d"].args[1]
        assert np.all(np.abs(np.abs(gamma) - 1) >= 0.05) and np.all(np.abs(gamma) >= 0.5)
        assert by_name["update_running_stats: momentum = 1 (only the batch counts)"].kwargs == {"momentum": 1.0}
        assert 0 in by_name["batchnorm_inference: a running variance of 0"].args[4]


def test_reference_passes_every_case_for_many_seeds():
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, REF, c)]
        assert failed == [], f"seed {seed}"


def gradcheck_cases(seed):
    return [c for c in EX.hidden_cases(seed) if c.check.custom is not None]


def test_gradient_check_accepts_the_reference_and_float32_and_explains_a_wrong_gradient():
    torch_alt = load_module(SUBMISSIONS / "alt_torch_float32.py", "batchnorm_alt_float32")
    pytest.importorskip("torch")
    cases = [c for seed in range(10) for c in gradcheck_cases(seed)]
    assert len(cases) == 30
    for case in cases:
        assert case.check.custom(REF.batchnorm_backward(*case.args, **case.kwargs), None, case) is None, case.name
        answer = tuple(t.numpy() for t in torch_alt.batchnorm_backward(*case.args, **case.kwargs))
        assert case.check.custom(answer, None, case) is None, case.name
        dX, dgamma, dbeta = REF.batchnorm_backward(*case.args, **case.kwargs)
        message = case.check.custom((dX, dgamma, 2 * dbeta), None, case)
        assert message and "dbeta" in message["en"] and "dbeta" in message["de"]
        message = case.check.custom((dX, dgamma[:-1], dbeta), None, case)
        assert message and "dgamma" in message["en"] and "shape" in message["en"]
        assert case.check.custom((dX, dgamma), None, case) is not None
        assert case.check.custom((dX + np.nan, dgamma, dbeta), None, case) is not None


# --- float32, alternatives and mistakes over many seeds ----------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    if "torch" in path.stem:
        pytest.importorskip("torch")
    module = load_module(path, f"batchnorm_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


def test_there_are_at_least_two_alternatives_one_in_float32_torch():
    assert len(ALTERNATIVES) >= 2
    assert any("float32" in p.read_text() for p in ALTERNATIVES)


IN_PLACE = "running_stats_in_place"
MISTAKES = [m.id for m in EX.mistakes]


def test_at_least_eight_known_mistakes():
    assert len(EX.mistakes) >= 8


@pytest.mark.parametrize("mistake_id", MISTAKES)
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0/0 of the eps and n - 1 mistakes
        for seed in SEEDS:
            assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


def test_in_place_mistake_changes_its_arguments_and_nothing_else():
    """Its values are right: only the check that arguments stay unchanged catches it (case_passes
    makes it too, like the grader)."""
    variant = EX.variant(IN_PLACE)
    case = next(c for c in EX.hidden_cases(0) if c.function == "update_running_stats")
    args = copy.deepcopy(case.args)
    got = variant["update_running_stats"](*args, **case.kwargs)
    want = REF.update_running_stats(*case.args, **case.kwargs)
    assert all(np.allclose(g, w) for g, w in zip(got, want))
    assert not np.array_equal(args[0], case.args[0]) and not np.array_equal(args[1], case.args[1])
    # the reference leaves its arguments alone, in every function
    for c in all_cases(0):
        before = copy.deepcopy(c.args)
        getattr(REF, c.function)(*c.args, **c.kwargs)
        assert all(np.array_equal(a, b) for a, b in zip(before, c.args) if isinstance(a, np.ndarray)), c.name


def named(source, case):
    """The known mistakes that a student's file (the reference with `source` appended) reproduces on `case`."""
    namespace = {}
    exec(compile(EX.reference_source() + "\n" + source, "student.py", "exec"), namespace)
    student = evaluate(namespace[case.function], case, None)
    return matching_mistakes(EX, case, student, evaluate(getattr(REF, case.function), case, None))


FORWARD_BY_VARIANCE = """
def batchnorm_forward(X, gamma, beta, eps=1e-5):
    X = _as_float(X)
    return gamma * (X - X.mean(axis=0)) / (X.var(axis=0) + eps) + beta
"""
RUNNING_STD = """
def update_running_stats(running_mean, running_var, X, momentum=0.1):
    X = _as_float(X)
    return ((1 - momentum) * running_mean + momentum * X.mean(axis=0),
            (1 - momentum) * running_var + momentum * X.std(axis=0, ddof=1))
"""


@pytest.mark.parametrize("function, source", [("batchnorm_forward", FORWARD_BY_VARIANCE),
                                              ("update_running_stats", RUNNING_STD)])
def test_variance_and_std_confused_in_one_function_only_is_named(function, source):
    variant = EX.variant("variance_std_confused")
    cases = [c for c in EX.public_cases() + EX.hidden_cases(0) if c.function == function and not case_passes(EX, variant, c)]
    assert cases and all("variance_std_confused" in named(source, c) for c in cases)
