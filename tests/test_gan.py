"""In-process tests of the gan exercise: public values, reference, known mistakes, alternatives."""
import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlgrade.catalog import load_exercise

EX = load_exercise("gan")
SEEDS = range(50)
ALTERNATIVES = sorted((Path(__file__).parent / "submissions" / "gan").glob("alt_*.py"))


def plain(value):
    """What the grader would see: tensors and array-likes as numpy, containers element-wise."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and any(isinstance(v, (np.ndarray, torch.Tensor, dict)) for v in value):
        return [plain(v) for v in value]
    if isinstance(value, torch.Tensor):
        return value.detach().numpy()
    return np.asarray(value)


def same(actual, expected, rtol=1e-6, atol=1e-9):
    actual, expected = plain(actual), plain(expected)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            same(actual[k], expected[k], rtol, atol) for k in expected)
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            same(a, e, rtol, atol) for a, e in zip(actual, expected))
    actual, expected = np.asarray(actual), np.asarray(expected)
    if actual.shape != expected.shape:
        return False
    if expected.dtype == bool:
        return actual.dtype == bool and bool(np.all(actual == expected))
    return bool(np.all(np.isclose(actual, expected, rtol=rtol, atol=atol)))


def call(module_or_ns, case):
    """Call a case's function from a module or a variant namespace, through the harness if any."""
    fn = module_or_ns[case.function] if isinstance(module_or_ns, dict) else getattr(module_or_ns, case.function)
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in case.args]
    if case.harness:
        return getattr(EX.harness, case.harness)(fn, *args, **case.kwargs)
    with np.errstate(all="ignore"):
        return fn(*args, **case.kwargs)


def expected(case):
    return case.expected if case.has_literal_expected else call(EX.reference, case)


def load_submission(path):
    spec = importlib.util.spec_from_file_location(f"gan_submission_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- public cases ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", EX.public_cases(), ids=lambda c: c.name)
def test_reference_gives_the_literal_public_values(case):
    assert case.has_literal_expected
    assert same(call(EX.reference, case), case.expected, case.check.rtol, case.check.atol)


def test_public_minimax_optimum_is_minus_log_4():
    assert EX.reference.value_function(np.full(3, 0.5), np.full(5, 0.5)) == pytest.approx(-math.log(4.0), abs=1e-15)
    d = EX.reference.optimal_discriminator(np.array([0.3, 1.2]), np.array([0.3, 1.2]))
    assert np.all(d == 0.5)


def test_stub_raises_not_implemented():
    stub = load_submission(EX.stub_path)
    for name in EX.functions:
        with pytest.raises(NotImplementedError):
            getattr(stub, name)(*([None] * 4 if name == "gradient_penalty" else [np.zeros(1)] * (
                2 if name in ("discriminator_loss", "value_function", "optimal_discriminator", "wgan_critic_loss") else 1)))


# --- the reference ---------------------------------------------------------------------------

def test_reference_losses_agree_with_torch_bce_with_logits():
    rng = np.random.default_rng(1)
    for real, fake in [(rng.normal(scale=3, size=7), rng.normal(scale=3, size=4)),
                       (np.array([1000.0, -1000.0, 0.0]), np.array([-1000.0, 1000.0, 50.0, -50.0]))]:
        r, f = torch.tensor(real), torch.tensor(fake)
        bce_d = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(
            f, torch.zeros_like(f))
        assert EX.reference.discriminator_loss(real, fake) == pytest.approx(bce_d.item(), rel=1e-12, abs=1e-12)
        bce_g = F.binary_cross_entropy_with_logits(f, torch.ones_like(f))
        assert EX.reference.generator_loss(fake) == pytest.approx(bce_g.item(), rel=1e-12, abs=1e-12)
        # the saturating loss is minus the BCE of the fakes labelled 0
        bce_s = F.binary_cross_entropy_with_logits(f, torch.zeros_like(f))
        assert EX.reference.generator_loss(fake, non_saturating=False) == pytest.approx(-bce_s.item(), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reference_is_finite_and_exact_for_extreme_logits(seed):
    for case in EX.hidden_cases(seed):
        result = call(EX.reference, case)
        values = [result["value"]] + result["grads"] if case.harness else [result]
        assert all(np.all(np.isfinite(v)) for v in values), case.name
    big = np.array([1000.0, -1000.0])
    assert EX.reference.discriminator_loss(big, -big) == 1000.0
    assert EX.reference.generator_loss(np.array([-1000.0])) == 1000.0
    assert EX.reference.generator_loss(np.array([1000.0]), non_saturating=False) == -1000.0


def test_value_function_is_minus_discriminator_loss():
    rng = np.random.default_rng(3)
    real, fake = rng.normal(size=5), rng.normal(size=3)
    sig = lambda t: 1 / (1 + np.exp(-t))
    assert EX.reference.value_function(sig(real), sig(fake)) == pytest.approx(-EX.reference.discriminator_loss(real, fake))


def test_gradient_penalty_reaches_the_critic_parameters():
    case = next(c for c in EX.hidden_cases(0) if c.function == "gradient_penalty")
    result = call(EX.reference, case)
    assert result["is_tensor"] is True
    assert [g.shape for g in result["grads"]] == [a.shape for a in case.args[:4]]
    assert all(np.abs(g).max() > 1e-6 for g in result["grads"][:3])  # W1, b1, W2 (b2 drops out of the gradient)
    np.testing.assert_array_equal(result["grads"][3], 0.0)
    # ... and the penalty computed without create_graph leaves none.
    detached = call(EX.variant("penalty_no_create_graph"), case)
    assert detached["value"] == pytest.approx(result["value"])
    assert all(np.all(g == 0) for g in detached["grads"])


def test_gradient_penalty_gradient_matches_finite_differences():
    case = next(c for c in EX.hidden_cases(4) if c.function == "gradient_penalty")
    W1, b1, W2, b2, real, fake, alpha = case.args
    result = call(EX.reference, case)
    h = 1e-6
    for k in [(0, 0), (1, 2), (W1.shape[0] - 1, W1.shape[1] - 1)]:
        plus, minus = W1.copy(), W1.copy()
        plus[k] += h
        minus[k] -= h
        fp = EX.harness.gradient_penalty_case(EX.reference.gradient_penalty, plus, b1, W2, b2, real, fake, alpha)
        fm = EX.harness.gradient_penalty_case(EX.reference.gradient_penalty, minus, b1, W2, b2, real, fake, alpha)
        assert result["grads"][0][k] == pytest.approx((fp["value"] - fm["value"]) / (2 * h), rel=1e-5, abs=1e-8)


def test_harness_reports_non_tensor_and_wrong_shape_answers():
    case = EX.public_cases()[-2]
    as_float = EX.harness.gradient_penalty_case(lambda *a: EX.reference.gradient_penalty(*a).item(), *case.args)
    assert as_float["is_tensor"] is False and as_float["value"] == 4.0
    assert all(np.all(g == 0) for g in as_float["grads"])
    per_sample = EX.harness.gradient_penalty_case(lambda *a: EX.reference.gradient_penalty(*a).reshape(1), *case.args)
    assert per_sample["is_tensor"] is False
    vector = EX.harness.gradient_penalty_case(lambda *a: EX.reference.gradient_penalty(*a).repeat(2), *case.args)
    assert math.isnan(vector["value"])


def test_harness_ignores_gradients_left_behind_by_the_function():
    case = EX.public_cases()[-2]

    def leaves_grads(critic, real, fake, alpha):
        critic(real).sum().backward()
        return EX.reference.gradient_penalty(critic, real, fake, alpha)

    assert same(EX.harness.gradient_penalty_case(leaves_grads, *case.args), case.expected)


def test_hidden_cases_cover_the_required_inputs():
    cases = EX.hidden_cases(0)
    assert {c.function for c in cases} == set(EX.functions)
    gp = [c for c in cases if c.function == "gradient_penalty"]
    assert any(c.args[4].ndim == 4 and c.args[6].shape == (c.args[4].shape[0], 1, 1, 1) and c.args[4].shape[0] > 1
               for c in gp)
    assert all(c.harness == "gradient_penalty_case" for c in gp)
    for name in ("discriminator_loss", "generator_loss"):
        assert any(any(np.any(np.abs(a) == 1000.0) for a in c.args) for c in cases if c.function == name)
        assert any(all(len(a) == 1 for a in c.args) for c in cases if c.function == name)


# --- known mistakes --------------------------------------------------------------------------

REQUIRED_MISTAKES = {
    "unstable_log_sigmoid", "real_fake_swapped", "saturating_swapped", "saturating_sign", "sum_not_mean",
    "penalty_norm_over_batch", "penalty_no_create_graph", "wgan_sign_flipped", "optimal_discriminator_inverted",
}


def test_required_mistakes_are_registered_with_texts():
    ids = {m.id for m in EX.mistakes}
    assert REQUIRED_MISTAKES <= ids
    for m in EX.mistakes:
        assert m.diagnosis.get("de") and m.diagnosis.get("en"), m.id
        assert m.hint.get("de") and m.hint.get("en"), m.id
        assert set(m.functions) <= set(EX.functions) | {"log_sigmoid"}, m.id


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_every_mistake_loses_points_for_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        wrong = [c for c in cases if not same(call(variant, c), expected(c), c.check.rtol, c.check.atol)]
        assert wrong, f"{mistake_id} passes every hidden case for seed {seed}"


def test_unstable_log_sigmoid_gives_inf_or_nan_for_extreme_logits():
    variant = EX.variant("unstable_log_sigmoid")
    with np.errstate(all="ignore"):
        assert not np.isfinite(variant["discriminator_loss"](np.array([1000.0, -1000.0]), np.array([1000.0])))


# --- correct alternatives --------------------------------------------------------------------

@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_agree_with_the_reference(path):
    assert len(ALTERNATIVES) >= 2
    module = load_submission(path)
    for case in EX.public_cases():
        assert same(call(module, case), expected(case), case.check.rtol, case.check.atol), (path.stem, case.name)
    for seed in SEEDS:
        for case in EX.hidden_cases(seed):
            assert same(call(module, case), expected(case), case.check.rtol, case.check.atol), (path.stem, seed, case.name)
