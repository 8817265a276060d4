"""The vae exercise: the reference against torch.distributions, the public values exactly, the
hidden cases' promises, float32 and the alternatives, and the known mistakes over more seeds than
the contract test (in process)."""
import inspect
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module, told_apart

from dlgrade.catalog import load_exercise

EX = load_exercise("vae")
REF = EX.reference
SEEDS = range(25)
SUBMISSIONS = Path(__file__).resolve().parents[1] / "submissions" / "vae"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


# --- the exercise's files ---------------------------------------------------------------------


def test_stub_and_reference_follow_the_contract():
    stub = load_module(EX.stub_path, "vae_stub")
    assert EX.functions == ["reparameterize", "kl_divergence", "gaussian_log_likelihood",
                            "bernoulli_log_likelihood", "elbo"]
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name))
        assert getattr(stub, name).__doc__
    with pytest.raises(NotImplementedError):
        stub.kl_divergence(np.zeros((1, 1)), np.zeros((1, 1)))
    assert EX.forbidden == {"*": ["torch.distributions.*"]}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_statement_names_the_slip_in_eq_91_and_the_tolerance(lang):
    text = EX.statement(lang)
    assert "(91)" in text and "float32" in text and "10^{-5}" in text and "torch.distributions" in text


def test_german_statement_says_du():
    text = EX.statement("de")
    assert "Du implementierst" in text and not any(f" {word} " in text for word in ("Sie", "Ihnen", "Ihr"))


def test_public_values_are_exact():
    for case in EX.public_cases():
        assert case.has_literal_expected, case.name
        np.testing.assert_allclose(getattr(REF, case.function)(*case.args, **case.kwargs), case.expected,
                                   rtol=1e-13, atol=1e-13, err_msg=case.name)
    prior = next(c for c in EX.public_cases() if "KL(N(0,1) || N(0,1))" in c.name)
    assert REF.kl_divergence(*prior.args).tolist() == [0.0] == prior.expected.tolist()


# --- the reference against torch.distributions --------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_reference_agrees_with_torch_distributions(seed):
    torch = pytest.importorskip("torch")
    from torch.distributions import Bernoulli, Normal, kl_divergence

    rng = np.random.default_rng(1000 + seed)
    n, d, D = int(rng.integers(1, 8)), int(rng.integers(1, 8)), int(rng.integers(1, 12))
    mu, logvar, eps = rng.normal(size=(n, d)) * 2, rng.uniform(-5, 4, size=(n, d)), rng.normal(size=(n, d))
    x, x_mean = rng.normal(size=(n, D)), rng.normal(size=(n, D))
    sigma2, beta = float(rng.uniform(0.05, 5.0)), float(rng.uniform(0.0, 5.0))
    t = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float64))

    q = Normal(t(mu), torch.exp(0.5 * t(logvar)))
    prior = Normal(torch.zeros(n, d, dtype=torch.float64), torch.ones(n, d, dtype=torch.float64))
    kl = kl_divergence(q, prior).sum(1).numpy()
    np.testing.assert_allclose(REF.kl_divergence(mu, logvar), kl, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(REF.reparameterize(mu, logvar, eps), (q.loc + q.scale * t(eps)).numpy(), rtol=1e-12)
    ll = Normal(t(x_mean), math.sqrt(sigma2)).log_prob(t(x)).sum(1).numpy()
    np.testing.assert_allclose(REF.gaussian_log_likelihood(x, x_mean, sigma2), ll, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(REF.elbo(x, x_mean, mu, logvar, sigma2, beta), ll - beta * kl, rtol=1e-12, atol=1e-10)
    logits = rng.normal(scale=10.0, size=(n, D))
    logits[0, 0] = rng.choice([-1000.0, 1000.0])
    xb = rng.integers(0, 2, size=(n, D)).astype(float)
    bern = Bernoulli(logits=t(logits)).log_prob(t(xb)).sum(1).numpy()
    np.testing.assert_allclose(REF.bernoulli_log_likelihood(xb, logits), bern, rtol=1e-12, atol=1e-12)


def test_kl_is_never_negative_and_bernoulli_exact_for_saturated_logits():
    rng = np.random.default_rng(7)
    mu = rng.normal(size=(200, 5)) * rng.uniform(0, 1e-3, size=(200, 1))
    logvar = rng.normal(size=(200, 5)) * rng.uniform(0, 1e-3, size=(200, 1))
    assert (REF.kl_divergence(mu, logvar) >= 0).all()
    assert (REF.kl_divergence(rng.normal(size=(50, 3)), rng.normal(size=(50, 3))) > 0).all()
    x = np.array([[1.0, 0.0, 0.0, 1.0, 0.5]])
    logits = np.array([[1000.0, -1000.0, 1000.0, -1000.0, 1000.0]])
    assert REF.bernoulli_log_likelihood(x, logits).tolist() == [-2500.0]


# --- hidden cases ----------------------------------------------------------------------------


def test_hidden_cases_are_finite_and_cover_the_edges():
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        assert {c.function for c in cases} == set(EX.functions)
        for case in cases:
            assert np.isfinite(getattr(REF, case.function)(*case.args, **case.kwargs)).all(), (seed, case.name)
            if case.function in ("gaussian_log_likelihood", "elbo"):
                n, D = case.args[0].shape
                assert n == 1 or n != D, (seed, case.name)  # D taken as the batch size would show
        assert any(np.abs(c.args[1]).max() >= 1000 for c in cases if c.function == "bernoulli_log_likelihood")
        assert any(c.args[0].shape[0] == 1 for c in cases if c.function == "gaussian_log_likelihood")


# --- float32 and the alternatives --------------------------------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    if "torch" in path.stem:
        pytest.importorskip("torch")
    module = load_module(path, f"vae_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


def test_there_is_a_float32_alternative():
    assert any("float32" in p.read_text() for p in ALTERNATIVES)  # the grader checks its routines (contract test)


# --- known mistakes ----------------------------------------------------------------------------


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for seed in SEEDS:
            assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


def test_new_mistakes_are_what_their_names_say():
    rng = np.random.default_rng(3)
    mu, logvar = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    without = EX.variant("kl_without_minus_one")["kl_divergence"](mu, logvar)
    np.testing.assert_allclose(without - REF.kl_divergence(mu, logvar), 1.5)  # d / 2 with d = 3
    x, x_mean = rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    batch = EX.variant("gaussian_d_is_batch_size")["gaussian_log_likelihood"](x, x_mean, 0.5)
    np.testing.assert_allclose(batch - REF.gaussian_log_likelihood(x, x_mean, 0.5), 1.5 * math.log(2 * math.pi * 0.5))
    mu, logvar = np.array([[0.0, 1.0]]), np.array([[np.log(4.0), 0.0]])
    assert EX.variant("kl_slide_sign")["kl_divergence"](mu, logvar)[0] < 0 < REF.kl_divergence(mu, logvar)[0]


def test_known_mistakes_are_told_apart_from_each_other():
    cases = all_cases(0)
    ids = [m.id for m in EX.mistakes]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for i, first in enumerate(ids):
            for second in ids[i + 1:]:
                assert told_apart(EX, EX.variant(first), EX.variant(second), cases), (first, second)
