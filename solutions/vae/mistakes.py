"""Known mistakes on the VAE loss, each a small variant of the reference.

Each function replaces the reference function of the same name; its source is appended to
the reference's, so it may use only what reference.py defines or imports (np, LOG_2PI,
_as_float, _per_sample_sum, _features, _softplus and the reference functions).
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import LOG_2PI, _as_float, _features, _per_sample_sum, _softplus  # noqa: F401

known = MistakeRegistry()


# --- reparameterize ---------------------------------------------------------------------


@known.mistake("reparam_exp_logvar_scale")
def reparameterize(mu, logvar, eps):
    mu, logvar, eps = _as_float(mu), _as_float(logvar), _as_float(eps)
    return mu + np.exp(logvar) * eps


@known.mistake("reparam_logvar_scale")
def reparameterize(mu, logvar, eps):
    mu, logvar, eps = _as_float(mu), _as_float(logvar), _as_float(eps)
    return mu + logvar * eps


# --- kl_divergence ----------------------------------------------------------------------


@known.mistake("kl_slide_sign")
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * _per_sample_sum(1.0 + logvar - mu**2 - np.exp(logvar))


@known.mistake("kl_mean_over_latent")
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * np.mean(mu**2 + np.exp(logvar) - 1.0 - logvar, axis=1)


@known.mistake("kl_missing_half")
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return _per_sample_sum(mu**2 + np.exp(logvar) - 1.0 - logvar)


@known.mistake("kl_summed_over_batch")
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return float(0.5 * np.sum(mu**2 + np.exp(logvar) - 1.0 - logvar))


@known.mistake("kl_without_minus_one")
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * _per_sample_sum(mu**2 + np.exp(logvar) - logvar)


@known.mistake("kl_logvar_as_log_sigma")
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * _per_sample_sum(mu**2 + np.exp(2.0 * logvar) - 1.0 - 2.0 * logvar)


# --- gaussian_log_likelihood ------------------------------------------------------------


@known.mistake("gaussian_constant_missing")
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * _per_sample_sum((x - x_mean) ** 2) / sigma2


@known.mistake("gaussian_log_sigma2_missing")
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (_features(x) * LOG_2PI + _per_sample_sum((x - x_mean) ** 2) / sigma2)


@known.mistake("gaussian_constant_once")
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (LOG_2PI + np.log(sigma2) + _per_sample_sum((x - x_mean) ** 2) / sigma2)


@known.mistake("gaussian_d_is_batch_size")
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (x.shape[0] * (LOG_2PI + np.log(sigma2)) + _per_sample_sum((x - x_mean) ** 2) / sigma2)


@known.mistake("sigma2_ignored")
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (_features(x) * LOG_2PI + _per_sample_sum((x - x_mean) ** 2))


@known.mistake("sigma2_as_std")
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    var = sigma2**2
    return -0.5 * (_features(x) * (LOG_2PI + np.log(var)) + _per_sample_sum((x - x_mean) ** 2) / var)


# --- bernoulli_log_likelihood -----------------------------------------------------------


@known.mistake("bernoulli_unstable_log_sigmoid")
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    with np.errstate(all="ignore"):
        p = 1.0 / (1.0 + np.exp(-logits))
        return _per_sample_sum(x * np.log(p) + (1.0 - x) * np.log(1.0 - p))


@known.mistake("bernoulli_clipped_probabilities")
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    with np.errstate(all="ignore"):
        p = np.clip(1.0 / (1.0 + np.exp(-logits)), 1e-7, 1.0 - 1e-7)
    return _per_sample_sum(x * np.log(p) + (1.0 - x) * np.log(1.0 - p))


@known.mistake("bernoulli_mean_over_features")
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    return -np.mean(x * _softplus(-logits) + (1.0 - x) * _softplus(logits), axis=1)


@known.mistake("bernoulli_returns_bce")
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    return _per_sample_sum(x * _softplus(-logits) + (1.0 - x) * _softplus(logits))


# --- elbo -------------------------------------------------------------------------------


@known.mistake("elbo_kl_added")
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) + beta * kl_divergence(mu, logvar)


@known.mistake("elbo_beta_on_reconstruction")
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return beta * gaussian_log_likelihood(x, x_mean, sigma2) - kl_divergence(mu, logvar)


@known.mistake("elbo_beta_ignored")
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) - kl_divergence(mu, logvar)


@known.mistake("elbo_returns_loss")
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return beta * kl_divergence(mu, logvar) - gaussian_log_likelihood(x, x_mean, sigma2)
