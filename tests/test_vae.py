"""In-process tests of the vae exercise: reference, public literals, hidden cases, known
mistakes and alternative correct submissions (no sandbox, no CLI)."""
import importlib.util
import inspect
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from dlgrade.catalog import load_exercise

torch = pytest.importorskip("torch")

EX = load_exercise("vae")
REF = EX.reference
SEEDS = range(50)
SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "vae"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))


def call(namespace, case):
    fn = namespace[case.function] if isinstance(namespace, dict) else getattr(namespace, case.function)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*case.args, **case.kwargs)


def expected(case):
    return case.expected if case.has_literal_expected else call(REF, case)


def as_array(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def mismatch(actual, want, check):
    """Why `actual` fails the case's comparison (shape, then values), or None."""
    a, e = as_array(actual), as_array(want)
    if a.shape != e.shape:
        return f"shape {a.shape} != {e.shape}"
    ok = np.isclose(a, e, rtol=check.rtol, atol=check.atol)
    if not ok.all():
        return f"{(~ok).sum()} values differ: {a[~ok][:3]} vs {e[~ok][:3]}"
    return None


def load_submission(path):
    spec = importlib.util.spec_from_file_location(f"vae_submission_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the exercise's files ---------------------------------------------------------------


def test_stub_and_reference_follow_the_contract():
    stub = load_submission(EX.stub_path)
    assert EX.functions == ["reparameterize", "kl_divergence", "gaussian_log_likelihood",
                            "bernoulli_log_likelihood", "elbo"]
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name))
        assert getattr(stub, name).__doc__
    with pytest.raises(NotImplementedError):
        stub.kl_divergence(np.zeros((1, 1)), np.zeros((1, 1)))
    for lang in ("de", "en"):
        text = EX.statement(lang)
        assert "(91)" in text and "$" in text


def test_reference_reproduces_the_public_literals():
    cases = EX.public_cases()
    assert all(c.has_literal_expected for c in cases)
    assert {c.function for c in cases} == set(EX.functions)
    for case in cases:
        assert mismatch(call(REF, case), case.expected, case.check) is None, case.name
        np.testing.assert_allclose(as_array(call(REF, case)), as_array(case.expected), rtol=1e-13, atol=1e-13)


def test_kl_of_the_prior_with_itself_is_zero():
    case = next(c for c in EX.public_cases() if "KL(N(0,1) || N(0,1))" in c.name)
    assert case.expected.tolist() == [0.0]
    assert as_array(call(REF, case)).tolist() == [0.0]


# --- the reference against torch.distributions ------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_reference_agrees_with_torch_distributions(seed):
    from torch.distributions import Bernoulli, Normal, kl_divergence

    rng = np.random.default_rng(1000 + seed)
    n, d, D = int(rng.integers(1, 8)), int(rng.integers(1, 8)), int(rng.integers(1, 12))
    mu, logvar, eps = rng.normal(size=(n, d)) * 2, rng.uniform(-5, 4, size=(n, d)), rng.normal(size=(n, d))
    x, x_mean = rng.normal(size=(n, D)), rng.normal(size=(n, D))
    sigma2, beta = float(rng.uniform(0.05, 5.0)), float(rng.uniform(0.0, 5.0))
    t = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float64))  # noqa: E731

    q = Normal(t(mu), torch.exp(0.5 * t(logvar)))
    prior = Normal(torch.zeros(n, d, dtype=torch.float64), torch.ones(n, d, dtype=torch.float64))
    kl = kl_divergence(q, prior).sum(1).numpy()
    np.testing.assert_allclose(REF.kl_divergence(mu, logvar), kl, rtol=1e-12, atol=1e-12)

    torch.manual_seed(seed)
    z = q.rsample()
    eps_torch = ((z - q.loc) / q.scale).numpy()
    np.testing.assert_allclose(REF.reparameterize(mu, logvar, eps_torch), z.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(REF.reparameterize(mu, logvar, eps), (q.loc + q.scale * t(eps)).numpy(), rtol=1e-12)

    ll = Normal(t(x_mean), math.sqrt(sigma2)).log_prob(t(x)).sum(1).numpy()
    np.testing.assert_allclose(REF.gaussian_log_likelihood(x, x_mean, sigma2), ll, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(REF.elbo(x, x_mean, mu, logvar, sigma2, beta), ll - beta * kl, rtol=1e-12, atol=1e-10)

    logits = rng.normal(scale=10.0, size=(n, D))
    logits[0, 0] = rng.choice([-1000.0, 1000.0])
    xb = rng.integers(0, 2, size=(n, D)).astype(float)
    bern = Bernoulli(logits=t(logits)).log_prob(t(xb)).sum(1).numpy()
    np.testing.assert_allclose(REF.bernoulli_log_likelihood(xb, logits), bern, rtol=1e-12, atol=1e-12)


def test_kl_is_never_negative_and_zero_only_at_the_prior():
    rng = np.random.default_rng(7)
    mu = rng.normal(size=(200, 5)) * rng.uniform(0, 1e-3, size=(200, 1))
    logvar = rng.normal(size=(200, 5)) * rng.uniform(0, 1e-3, size=(200, 1))
    assert (REF.kl_divergence(mu, logvar) >= 0).all()
    assert (REF.kl_divergence(rng.normal(size=(50, 3)), rng.normal(size=(50, 3))) > 0).all()
    assert REF.kl_divergence(np.zeros((2, 4)), np.zeros((2, 4))).tolist() == [0.0, 0.0]


def test_bernoulli_is_exact_for_saturated_logits():
    x = np.array([[1.0, 0.0, 0.0, 1.0, 0.5]])
    logits = np.array([[1000.0, -1000.0, 1000.0, -1000.0, 1000.0]])
    assert REF.bernoulli_log_likelihood(x, logits).tolist() == [-2500.0]
    assert REF.bernoulli_log_likelihood(x[:, :2], logits[:, :2]).tolist() == [0.0]


# --- hidden cases -----------------------------------------------------------------------


def test_hidden_cases_are_reproducible_finite_and_cover_every_function():
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        assert {c.function for c in cases} == set(EX.functions)
        assert len({c.name for c in cases}) == len(cases)
        for case in cases:
            value = as_array(call(REF, case))
            assert np.isfinite(value).all(), (seed, case.name)
            assert value.shape[0] == np.asarray(case.args[0]).shape[0]
    a, b = EX.hidden_cases(3), EX.hidden_cases(3)
    for ca, cb in zip(a, b):
        for xa, xb in zip(ca.args, cb.args):
            np.testing.assert_array_equal(xa, xb)
    assert any(np.abs(c.args[1]).max() >= 1000 for c in a if c.function == "bernoulli_log_likelihood")
    assert any(np.asarray(c.args[0]).shape[0] == 1 for c in a)


# --- known mistakes ---------------------------------------------------------------------


def test_mistakes_are_described_in_both_languages():
    ids = [m.id for m in EX.mistakes]
    assert len(ids) == len(set(ids)) >= 9
    for required in ("kl_slide_sign", "reparam_exp_logvar_scale", "reparam_logvar_scale", "kl_mean_over_latent",
                     "gaussian_constant_missing", "sigma2_ignored", "elbo_beta_on_reconstruction",
                     "elbo_kl_added", "bernoulli_unstable_log_sigmoid"):
        assert required in ids
    for m in EX.mistakes:
        assert set(m.diagnosis) == {"de", "en"} and all(m.diagnosis.values()), m.id
        assert set(m.hint) == {"de", "en"} and all(m.hint.values()), m.id
        assert set(m.functions) <= set(EX.functions), m.id


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_every_mistake_loses_points_for_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        caught = [c.name for c in cases if mismatch(call(variant, c), expected(c), c.check)]
        assert caught, f"{mistake_id} passes every hidden case for seed {seed}"


def test_slide_sign_is_negative_and_unstable_sigmoid_is_not_finite():
    mu, logvar = np.array([[0.0, 1.0]]), np.array([[np.log(4.0), 0.0]])
    assert EX.variant("kl_slide_sign")["kl_divergence"](mu, logvar)[0] < 0 < REF.kl_divergence(mu, logvar)[0]
    x, logits = np.array([[1.0, 0.0]]), np.array([[1000.0, 1000.0]])
    with np.errstate(all="ignore"):
        unstable = EX.variant("bernoulli_unstable_log_sigmoid")["bernoulli_log_likelihood"](x, logits)
    assert not np.isfinite(unstable).any()
    assert REF.bernoulli_log_likelihood(x, logits).tolist() == [-1000.0]


# --- alternative correct submissions ----------------------------------------------------


def test_there_are_alternatives():
    assert len(ALTERNATIVES) >= 2


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternative_agrees_with_the_reference(path):
    module = load_submission(path)
    for case in EX.public_cases():
        assert mismatch(call(module, case), case.expected, case.check) is None, (path.stem, case.name)
    for seed in SEEDS:
        for case in EX.hidden_cases(seed):
            why = mismatch(call(module, case), expected(case), case.check)
            assert why is None, (path.stem, seed, case.name, why)
