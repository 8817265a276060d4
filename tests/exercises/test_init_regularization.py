"""What is specific to init_regularization: the reference against torch (fans, stds, weight
decay, autograd, dropout), the statistical check of `initialize` (it passes correct draws, from
numpy and torch, and fails every known way of drawing wrongly), the worked examples, hidden
cases that keep the known mistakes visible, and the stub's signatures."""
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module

from dlgrade.catalog import load_exercise

torch = pytest.importorskip("torch")

EX = load_exercise("init_regularization")
REF = EX.reference
HIDDEN = pytest.importorskip("dlgrade.solutions.init_regularization.hidden")
HARNESS = EX.harness
SUBMISSIONS = Path(__file__).resolve().parent.parent / "submissions" / "init_regularization"
SEEDS = range(20)


def message_key(problem):
    """Which [messages] text a check returned (compared by its English wording)."""
    if problem is None:
        return None
    for key, text in HIDDEN.TEXTS.table("messages").items():
        pattern = ".*?".join(re.escape(part) for part in re.split(r"\{[^}]*\}", text["en"]))
        if re.fullmatch(pattern, problem["en"], flags=re.DOTALL):
            return key
    return "?"


# --- the stub and the exercise's declarations ---------------------------------------------


def test_stub_signatures_equal_the_reference():
    stub = load_module(EX.stub_path, "init_regularization_stub")
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name
        assert getattr(stub, name).__doc__, name


def test_stub_raises_not_implemented():
    stub = load_module(EX.stub_path, "init_regularization_stub2")
    with pytest.raises(NotImplementedError):
        stub.init_std("he", 4)


def test_forbidden_table_is_the_catalogs():
    assert EX.forbidden == {name: ["torch.nn.init.*"] for name in ("fan_in_out", "init_std", "initialize")}


# --- the reference against torch ----------------------------------------------------------


@pytest.mark.parametrize("shape", [(10, 784), (784, 10), (64, 3, 5, 5), (8, 3, 3, 5), (4, 2, 1, 1), (1, 1), (5, 4, 3)])
def test_fans_equal_torchs(shape):
    assert REF.fan_in_out(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


def test_fans_of_a_vector_raise_like_torch():
    with pytest.raises(ValueError):
        torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(5))
    with pytest.raises(ValueError):
        REF.fan_in_out((5,))


@pytest.mark.parametrize("shape", [(300, 100), (64, 32, 3, 3), (16, 48, 5, 3)])
def test_stds_equal_torchs_formulas(shape):
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    # torch: xavier_normal_ std = gain * sqrt(2 / (fan_in + fan_out)), kaiming_normal_ std = gain / sqrt(fan_in)
    assert math.isclose(REF.init_std("glorot", fan_in, fan_out), math.sqrt(2.0 / (fan_in + fan_out)), rel_tol=1e-12)
    gain = torch.nn.init.calculate_gain("relu")
    assert math.isclose(REF.init_std("he", fan_in, fan_out), gain / math.sqrt(fan_in), rel_tol=1e-12)
    assert math.isclose(REF.init_std("xavier", fan_in, fan_out), 1.0 / math.sqrt(fan_in), rel_tol=1e-12)


def test_init_std_errors():
    for bad in [("glorot", 10), ("glorot", 10, None), ("zeros", 10, 20), ("lecun", 10), ("Xavier", 10)]:
        with pytest.raises(ValueError):
            REF.init_std(*bad)


def test_hidden_target_std_is_the_reference_s():
    rng = np.random.default_rng(0)
    for _ in range(50):
        shape = HIDDEN.big_shape(rng, conv=bool(rng.integers(2)), square=bool(rng.integers(2)))
        for kind in ("xavier", "glorot", "he"):
            assert math.isclose(HIDDEN.target_std(shape, kind), REF.init_std(kind, *REF.fan_in_out(shape)), rel_tol=1e-12)


def test_l2_matches_sgd_weight_decay_and_autograd():
    """torch's SGD weight_decay=alpha adds alpha * w to the gradient: the penalty alpha/2 ||w||^2."""
    rng = np.random.default_rng(1)
    w0, alpha, lr = rng.normal(size=(4, 6)), 0.3, 0.1
    w = torch.tensor(w0, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, weight_decay=alpha)
    (0.0 * w.sum()).backward()
    opt.step()
    np.testing.assert_allclose(w.detach().numpy(), w0 - lr * REF.l2_grad(w0, alpha), rtol=1e-12)
    w = torch.tensor(w0, requires_grad=True)
    penalty = alpha / 2 * (w**2).sum()
    penalty.backward()
    assert math.isclose(REF.l2_penalty(w0, alpha), penalty.item(), rel_tol=1e-12)
    np.testing.assert_allclose(REF.l2_grad(w0, alpha), w.grad.numpy(), rtol=1e-12)


def test_l1_matches_autograd_including_zeros():
    w0 = np.array([[1.5, -2.0, 0.0], [-0.0, 3.0, -0.25]])
    w = torch.tensor(w0, requires_grad=True)
    penalty = 0.7 * w.abs().sum()
    penalty.backward()  # torch's subgradient of |w| at 0 is 0
    assert math.isclose(REF.l1_penalty(w0, 0.7), penalty.item(), rel_tol=1e-12)
    np.testing.assert_array_equal(REF.l1_grad(w0, 0.7), w.grad.numpy())


@pytest.mark.parametrize("p", [0.2, 0.5, 0.75])
def test_dropout_matches_torch(p):
    """torch.nn.functional.dropout is inverted dropout with p the drop probability."""
    torch.manual_seed(0)
    X = torch.randn(50, 40, dtype=torch.float64) + 5.0  # no zeros: the kept units are where the output != 0
    Y = torch.nn.functional.dropout(X, p=p, training=True)
    mask = (Y != 0).numpy()
    assert 0 < mask.mean() < 1
    for kind in (bool, np.int64, np.float64):
        np.testing.assert_allclose(REF.dropout_train(X.numpy(), mask.astype(kind), p), Y.numpy(), rtol=1e-12)
    eval_out = torch.nn.functional.dropout(X, p=p, training=False)
    np.testing.assert_array_equal(REF.dropout_inference(X.numpy(), p), eval_out.numpy())


def test_plain_dropout_keeps_the_expected_value_at_test_time():
    """Plain dropout: the mean over many masks of the training output equals the test-time output."""
    rng = np.random.default_rng(2)
    X, p = rng.normal(size=(3, 4)), 0.3
    masks = rng.uniform(size=(20000, 3, 4)) >= p
    mean_train = np.mean([REF.dropout_train(X, m, p, inverted=False) for m in masks], axis=0)
    np.testing.assert_allclose(mean_train, REF.dropout_inference(X, p, inverted=False), atol=0.03)


def test_reference_modifies_no_argument():
    rng = np.random.default_rng(3)
    X, w = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    mask = (rng.uniform(size=(3, 5)) > 0.5).astype(np.int64)
    copies = X.copy(), w.copy(), mask.copy()
    REF.dropout_train(X, mask, 0.3), REF.dropout_inference(X, 0.3), REF.l2_grad(w, 0.1), REF.l1_grad(w, 0.1)
    for before, after in zip(copies, (X, w, mask)):
        np.testing.assert_array_equal(before, after)
    assert REF.dropout_inference(X, 0.3) is not X


# --- the statistical check of initialize --------------------------------------------------


def test_false_failure_bounds_hold_at_the_smallest_size():
    """The arithmetic of the comment in hidden.py: every bound is inside the allowed band."""
    n = HIDDEN.MIN_SAMPLES
    x = 20.0  # Laurent & Massart with e^-x
    upper = math.sqrt(1 + 2 * math.sqrt(x / n) + 2 * x / n)
    lower = math.sqrt(1 - 2 * math.sqrt(x / n))
    assert 1 - HIDDEN.STD_TOLERANCE <= lower and upper <= 1 + HIDDEN.STD_TOLERANCE
    p_mean = math.erfc(HIDDEN.MEAN_Z / math.sqrt(2))
    p_std = 2 * math.exp(-x)
    p_shape = 2 * math.exp(-2 * HIDDEN.KS_T**2)  # Dvoretzky-Kiefer-Wolfowitz-Massart
    per_array = p_mean + p_std + p_shape
    arrays = sum(2 if c.harness else 1 for c in EX.hidden_cases(0) if c.check.custom is not None)
    assert arrays == 7
    assert per_array * arrays < 1e-7


def test_every_statistical_case_is_large_enough():
    for seed in SEEDS:
        for case in EX.hidden_cases(seed):
            if case.function == "initialize" and case.check.custom is not None:
                n = math.prod(case.args[0])
                assert HIDDEN.MIN_SAMPLES <= n <= HIDDEN.MAX_SAMPLES, case.name
                fan_in, fan_out = REF.fan_in_out(case.args[0])
                assert max(fan_in, fan_out) >= 1.8 * min(fan_in, fan_out), case.name  # 2 or 3 up to rounding


SHAPE, KIND = (256, 512), "he"  # n = 2**17, sigma = 1/16
SIGMA = 0.0625


@pytest.mark.parametrize("seed", range(10))
def test_correct_draws_pass(seed):
    for draw in (np.random.default_rng(seed).normal(0.0, SIGMA, SHAPE),
                 torch.randn(SHAPE, generator=torch.Generator().manual_seed(seed)).numpy() * np.float32(SIGMA)):
        assert HIDDEN.normal_sample_problem(draw, SIGMA) is None


def test_torchs_own_initialisers_pass_as_glorot_and_he():
    shape = (192, 96, 3, 3)
    for seed in range(3):
        torch.manual_seed(seed)
        glorot = torch.nn.init.xavier_normal_(torch.empty(shape)).numpy()
        he = torch.nn.init.kaiming_normal_(torch.empty(shape), nonlinearity="relu").numpy()
        assert HIDDEN.normal_sample_problem(glorot, HIDDEN.target_std(shape, "glorot")) is None
        assert HIDDEN.normal_sample_problem(he, HIDDEN.target_std(shape, "he")) is None
        # torch's "xavier" is not the slides' (fans 864 and 1728 differ): it fails as "xavier".
        assert message_key(HIDDEN.normal_sample_problem(glorot, HIDDEN.target_std(shape, "xavier"))) == "std"


@pytest.mark.parametrize("seed", range(10))
def test_wrong_draws_fail_with_the_right_message(seed):
    rng = np.random.default_rng(seed)
    bound = math.sqrt(3.0) * SIGMA
    wrong = {
        "not_normal": rng.uniform(-bound, bound, SHAPE),  # right std, uniform
        "std_is_variance": rng.normal(0.0, SIGMA**2, SHAPE),
        "std": rng.normal(0.0, SIGMA * math.sqrt(4 / 3), SHAPE),  # the smallest factor of a known mistake
        "mean": rng.uniform(0.0, 1.0, SHAPE),  # np.random.rand
    }
    truncated = rng.normal(0.0, SIGMA, 4 * SHAPE[0] * SHAPE[1])
    truncated = truncated[np.abs(truncated) < 2 * SIGMA][: SHAPE[0] * SHAPE[1]]
    for key, draw in wrong.items():
        assert message_key(HIDDEN.normal_sample_problem(draw, SIGMA)) == key
    # torch's trunc_normal_ at +-2 sigma without rescaling: too narrow
    assert HIDDEN.normal_sample_problem(truncated, SIGMA) is not None
    nan_draw = rng.normal(0.0, SIGMA, SHAPE)
    nan_draw[0, 0] = np.nan
    assert message_key(HIDDEN.normal_sample_problem(nan_draw, SIGMA)) == "not_finite"


@pytest.mark.parametrize("seed", range(10))
def test_a_uniform_draw_names_the_uniform_mistake_whatever_its_bounds(seed):
    rng = np.random.default_rng(seed)
    for bound in (SIGMA, math.sqrt(3.0) * SIGMA, 2.0 * SIGMA):  # std too small, right, too large
        problem = HIDDEN.normal_sample_problem(rng.uniform(-bound, bound, SHAPE), SIGMA)
        assert problem is not None and problem.get("mistake") == "uniform_draw", bound
    truncated = rng.normal(0.0, SIGMA, 4 * SHAPE[0] * SHAPE[1])
    truncated = truncated[np.abs(truncated) < 2 * SIGMA][: SHAPE[0] * SHAPE[1]]
    for draw in (rng.normal(0.0, SIGMA**2, SHAPE), rng.normal(0.0, 1.2 * SIGMA, SHAPE), truncated,
                 rng.laplace(0.0, SIGMA / math.sqrt(2.0), SHAPE)):  # normal but wrong std, not normal and not uniform
        problem = HIDDEN.normal_sample_problem(draw, SIGMA)
        assert problem is not None and "mistake" not in problem


def seed_case(name):
    return next(c for c in EX.hidden_cases(0) if c.name == name)


def test_seed_cases_catch_fixed_and_missing_seeds():
    differ = seed_case("initialize: two different seeds give different draws")
    repeat = seed_case("initialize: the same seed gives the same draw again")

    def fixed(shape, kind, seed):
        return np.random.default_rng(12345).normal(0.0, REF.init_std(kind, *REF.fan_in_out(shape)), size=shape)

    state = np.random.default_rng(99)

    def unseeded(shape, kind, seed):
        return state.normal(0.0, REF.init_std(kind, *REF.fan_in_out(shape)), size=shape)

    assert case_passes(EX, {"initialize": REF.initialize}, differ) and case_passes(EX, {"initialize": REF.initialize}, repeat)
    assert not case_passes(EX, {"initialize": fixed}, differ) and case_passes(EX, {"initialize": fixed}, repeat)
    assert case_passes(EX, {"initialize": unseeded}, differ) and not case_passes(EX, {"initialize": unseeded}, repeat)
    same = HIDDEN.seeds_differ(HARNESS.initialize_with_seeds(fixed, *differ.args), None, differ)
    assert message_key(same) == "same_draw_for_two_seeds" and same["mistake"] == "fixed_seed"
    assert message_key(HIDDEN.seed_repeats(HARNESS.initialize_with_seeds(unseeded, *repeat.args), None, repeat)) \
        == "not_reproducible"


def test_harness_copies_each_answer():
    buffer = np.zeros((2, 3))

    def reuses_buffer(shape, kind, seed):
        buffer[:] = seed
        return buffer

    first, second = HARNESS.initialize_with_seeds(reuses_buffer, (2, 3), "he", [1, 2])
    assert first[0, 0] == 1 and second[0, 0] == 2


# --- public and hidden cases --------------------------------------------------------------


def test_public_literals_are_the_reference_s():
    for case in EX.public_cases():
        assert case.has_literal_expected or case.raises, case.name
        assert case_passes(EX, REF, case), case.name


@pytest.mark.parametrize("seed", SEEDS)
def test_reference_passes_hidden_cases(seed):
    assert [c.name for c in EX.hidden_cases(seed) if not case_passes(EX, REF, c)] == []


def test_every_mistake_fails_for_more_seeds():
    for mistake in EX.mistakes:
        variant = EX.variant(mistake.id)
        for seed in range(6, 12):  # the contract test covers seeds 0-5
            cases = EX.public_cases() + EX.hidden_cases(seed)
            assert not all(case_passes(EX, variant, c) for c in cases), (mistake.id, seed)


def test_hidden_inputs_keep_the_mistakes_apart():
    for seed in SEEDS:
        for case in EX.hidden_cases(seed):
            if case.function == "dropout_train":
                X, mask, p = case.args[:3]
                assert mask.shape == X.shape
                assert p == 0.0 or abs(p - 0.5) >= 0.1
            if case.function == "dropout_inference":
                assert abs(case.args[1] - 0.5) >= 0.1
            if case.function == "l1_grad":
                assert np.any(case.args[0] == 0) and np.any(case.args[0] != 0)
            if case.function in ("l2_penalty", "l2_grad", "l1_penalty", "l1_grad"):
                assert not 0.5 < case.args[1] < 3.0
        masks = {c.args[1].dtype.kind for c in EX.hidden_cases(seed) if c.function == "dropout_train"}
        assert masks == {"b", "i", "f"}


def test_float32_answers_pass():
    alt = load_module(SUBMISSIONS / "alt_torch.py", "init_regularization_alt_torch")
    for seed in range(5):
        cases = EX.public_cases() + EX.hidden_cases(seed)
        assert [c.name for c in cases if not case_passes(EX, alt, c)] == [], seed


def test_in_place_mistake_is_caught_by_overwriting_x_alone():
    """The in-place variant's values are right; it loses its cases only because it overwrites X."""
    variant = EX.variant("dropout_in_place")
    for seed in range(12):
        failed = 0
        for case in EX.public_cases() + EX.hidden_cases(seed):
            if case.function == "dropout_train":
                X = case.args[0].copy()
                got = variant["dropout_train"](X, *case.args[1:], **case.kwargs)
                np.testing.assert_allclose(got, REF.dropout_train(*case.args, **case.kwargs), rtol=1e-12)
                if not np.array_equal(X, case.args[0]):
                    failed += 1
                    assert not case_passes(EX, variant, case), case.name
        assert failed >= 8, seed
