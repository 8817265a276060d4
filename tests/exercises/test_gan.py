"""The gan exercise: the reference against torch's BCE and finite differences, the worked examples,
the gradient-penalty harness, the hidden cases' promises (no gradient norm near 0), float32 and the
alternatives, and the known mistakes over more seeds than the contract test (in process)."""
import math
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module, told_apart

from dlgrade.catalog import load_exercise
from dlgrade.grading.diagnose import evaluate

torch = pytest.importorskip("torch")
F = torch.nn.functional

EX = load_exercise("gan")
REF = EX.reference
HIDDEN = __import__("dlgrade.solutions.gan.hidden", fromlist=["cases"])
SEEDS = range(25)
SUBMISSIONS = Path(__file__).resolve().parents[1] / "submissions" / "gan"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


def answer(functions, case):
    fn = functions[case.function] if isinstance(functions, dict) else getattr(functions, case.function)
    return evaluate(fn, case, EX.harness).value


def penalty_cases(seeds=range(1)):
    return [c for s in seeds for c in all_cases(s) if c.function == "gradient_penalty"]


# --- the exercise's files and the public cases --------------------------------------------------


def test_stub_raises_and_the_statements_allow_float32_and_a_small_epsilon():
    stub = load_module(EX.stub_path, "gan_stub")
    for name in EX.functions:
        with pytest.raises(NotImplementedError):
            getattr(stub, name)(*([None] * 4 if name == "gradient_penalty" else [np.zeros(1)] * (
                2 if name in ("discriminator_loss", "value_function", "optimal_discriminator", "wgan_critic_loss") else 1)))
    for lang in ("de", "en"):
        text = EX.statement(lang)
        assert "float32" in text and "10^{-5}" in text and "10^{-8}" in text and "create_graph=True" in text


def test_reference_gives_the_public_values_exactly():
    for case in EX.public_cases():
        got, want = answer(REF, case), case.expected
        if case.harness:
            assert got["is_tensor"] is want["is_tensor"] and got["value"] == pytest.approx(want["value"], abs=1e-15)
            for g, w in zip(got["grads"], want["grads"]):
                np.testing.assert_allclose(g, w, rtol=1e-14, atol=1e-14, err_msg=case.name)
        else:
            assert got == pytest.approx(want, rel=1e-14, abs=1e-15), case.name


def test_minimax_optimum_is_minus_log_4_and_value_is_minus_discriminator_loss():
    assert REF.value_function(np.full(3, 0.5), np.full(5, 0.5)) == pytest.approx(-math.log(4.0), abs=1e-15)
    assert np.all(REF.optimal_discriminator(np.array([0.3, 1.2]), np.array([0.3, 1.2])) == 0.5)
    rng = np.random.default_rng(3)
    real, fake = rng.normal(size=5), rng.normal(size=3)
    sig = lambda t: 1 / (1 + np.exp(-t))
    assert REF.value_function(sig(real), sig(fake)) == pytest.approx(-REF.discriminator_loss(real, fake))


# --- the reference against torch ----------------------------------------------------------------


def test_reference_losses_agree_with_torch_bce_with_logits():
    rng = np.random.default_rng(1)
    for real, fake in [(rng.normal(scale=3, size=7), rng.normal(scale=3, size=4)),
                       (np.array([1000.0, -1000.0, 0.0]), np.array([-1000.0, 1000.0, 50.0, -50.0]))]:
        r, f = torch.tensor(real), torch.tensor(fake)
        bce_d = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(
            f, torch.zeros_like(f))
        assert REF.discriminator_loss(real, fake) == pytest.approx(bce_d.item(), rel=1e-12, abs=1e-12)
        bce_g = F.binary_cross_entropy_with_logits(f, torch.ones_like(f))
        assert REF.generator_loss(fake) == pytest.approx(bce_g.item(), rel=1e-12, abs=1e-12)
        bce_s = F.binary_cross_entropy_with_logits(f, torch.zeros_like(f))
        assert REF.generator_loss(fake, non_saturating=False) == pytest.approx(-bce_s.item(), rel=1e-12, abs=1e-12)


def test_reference_is_finite_and_exact_for_extreme_logits():
    for seed in range(3):
        for case in EX.hidden_cases(seed):
            result = answer(REF, case)
            values = [result["value"], *result["grads"]] if case.harness else [result]
            assert all(np.all(np.isfinite(v)) for v in values), case.name
    big = np.array([1000.0, -1000.0])
    assert REF.discriminator_loss(big, -big) == 1000.0
    assert REF.generator_loss(np.array([-1000.0])) == 1000.0
    assert REF.generator_loss(np.array([1000.0]), non_saturating=False) == -1000.0


def test_penalty_gradients_match_finite_differences_and_reach_the_critic():
    case = next(c for c in EX.hidden_cases(4) if c.name == "gradient_penalty: flat inputs (n, d)")
    W1, b1, W2, b2, real, fake, alpha = case.args
    result = answer(REF, case)
    assert result["is_tensor"] is True and [g.shape for g in result["grads"]] == [a.shape for a in case.args[:4]]
    assert all(np.abs(g).max() > 1e-6 for g in result["grads"][:3]) and np.all(result["grads"][3] == 0)
    h = 1e-6
    for k in [(0, 0), (1, 2), (W1.shape[0] - 1, W1.shape[1] - 1)]:
        plus, minus = W1.copy(), W1.copy()
        plus[k] += h
        minus[k] -= h
        fp = EX.harness.gradient_penalty_case(REF.gradient_penalty, plus, b1, W2, b2, real, fake, alpha)
        fm = EX.harness.gradient_penalty_case(REF.gradient_penalty, minus, b1, W2, b2, real, fake, alpha)
        assert result["grads"][0][k] == pytest.approx((fp["value"] - fm["value"]) / (2 * h), rel=1e-5, abs=1e-8)


# --- the harness ---------------------------------------------------------------------------------


def test_harness_reports_non_tensor_and_wrong_shape_answers_and_ignores_leftover_gradients():
    case = EX.public_cases()[-2]
    as_float = EX.harness.gradient_penalty_case(lambda *a: REF.gradient_penalty(*a).item(), *case.args)
    assert as_float["is_tensor"] is False and as_float["value"] == 4.0 and all(np.all(g == 0) for g in as_float["grads"])
    assert EX.harness.gradient_penalty_case(lambda *a: REF.gradient_penalty(*a).reshape(1), *case.args)["is_tensor"] is False
    assert math.isnan(EX.harness.gradient_penalty_case(lambda *a: REF.gradient_penalty(*a).repeat(2), *case.args)["value"])

    def leaves_grads(critic, real, fake, alpha):
        critic(real).sum().backward()
        return REF.gradient_penalty(critic, real, fake, alpha)

    assert case_passes(EX, {"gradient_penalty": leaves_grads}, case)


# --- hidden cases ----------------------------------------------------------------------------


def test_hidden_cases_cover_the_required_inputs_and_keep_gradient_norms_away_from_0():
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        assert {c.function for c in cases} == set(EX.functions)
        gp = [c for c in cases if c.function == "gradient_penalty"]
        assert all(c.harness == "gradient_penalty_case" for c in gp)
        assert any(c.args[4].ndim == 4 and c.args[4].shape[0] > 1 and c.args[6].shape == (c.args[4].shape[0], 1, 1, 1)
                   for c in gp)
        for c in gp:
            W1, b1, W2, b2, real, fake, alpha = c.args
            assert HIDDEN.input_gradient_norms(W1, b1, W2, alpha * real + (1 - alpha) * fake).min() >= HIDDEN.MIN_NORM
        for name in ("discriminator_loss", "generator_loss"):
            assert any(any(np.any(np.abs(a) == 1000.0) for a in c.args) for c in cases if c.function == name)
            assert any(all(len(a) == 1 for a in c.args) for c in cases if c.function == name)


def test_input_gradient_norms_are_torch_autograds():
    for case in penalty_cases(range(3)):
        W1, b1, W2, b2, real, fake, alpha = case.args
        x_hat = torch.tensor(alpha * real + (1 - alpha) * fake, requires_grad=True)
        (grad,) = torch.autograd.grad(EX.harness.make_critic(W1, b1, W2, b2)(x_hat).sum(), x_hat)
        np.testing.assert_allclose(HIDDEN.input_gradient_norms(W1, b1, W2, x_hat.detach().numpy()),
                                   grad.reshape(len(grad), -1).norm(dim=1).numpy(), rtol=1e-12)


# --- float32, a small epsilon, the alternatives --------------------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    module = load_module(path, f"gan_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


def test_float32_alternative_uses_the_common_epsilon():
    assert "+ 1e-8)" in (SUBMISSIONS / "alt_torch_float32.py").read_text()


# --- known mistakes ----------------------------------------------------------------------------


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    with np.errstate(all="ignore"):
        for seed in SEEDS:
            assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


def test_new_mistakes_are_what_their_names_say():
    real, fake = np.array([2.0, -1.0]), np.array([0.5, 3.0])
    joint = EX.variant("one_bce_over_both_batches")["discriminator_loss"](real, fake)
    assert joint == pytest.approx(REF.discriminator_loss(real, fake) / 2)  # n = m: half the loss
    flat, image = penalty_cases()[:2]  # the public worked example (n, d) and the image-shaped public case
    dim_one = EX.variant("penalty_norm_over_dim_one")
    assert case_passes(EX, dim_one, flat) and not case_passes(EX, dim_one, image)  # only images tell
    number = answer(EX.variant("penalty_returned_as_number"), flat)
    assert number["is_tensor"] is False and number["value"] == pytest.approx(flat.expected["value"])
    with np.errstate(all="ignore"):
        assert not np.isfinite(EX.variant("unstable_log_sigmoid")["discriminator_loss"](np.array([1000.0, -1000.0]),
                                                                                        np.array([1000.0])))


def test_a_detached_penalty_gets_the_create_graph_diagnosis_that_names_detach():
    """.detach() and a missing create_graph leave the same observable answer; one diagnosis names both."""
    case = penalty_cases()[0]
    detached = {"gradient_penalty": lambda *a: REF.gradient_penalty(*a).detach()}
    assert not told_apart(EX, detached, EX.variant("penalty_no_create_graph"), [case])
    mistake = next(m for m in EX.mistakes if m.id == "penalty_no_create_graph")
    assert ".detach()" in mistake.diagnosis["de"] and ".detach()" in mistake.diagnosis["en"]


def test_known_mistakes_are_told_apart_from_each_other():
    cases = all_cases(0)
    ids = [m.id for m in EX.mistakes]
    with np.errstate(all="ignore"):
        for i, first in enumerate(ids):
            for second in ids[i + 1:]:
                assert told_apart(EX, EX.variant(first), EX.variant(second), cases), (first, second)
