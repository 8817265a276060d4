"""Reference solution: variational autoencoders (lecture 001, eqs. 89-94).

Shapes: mu, logvar, eps are (n, d) (d latent dimensions); x, x_mean, logits are (n, D)
(D features). Every function returns one value per sample, shape (n,), except
`reparameterize`, which returns z with the shape of mu.
"""
import numpy as np

LOG_2PI = np.log(2.0 * np.pi)


def _as_float(a):
    return np.asarray(a, dtype=np.float64)


def _per_sample_sum(a):
    """Sum over every axis but the first (the batch axis): (n, ...) -> (n,)."""
    a = np.asarray(a)
    return a.reshape(a.shape[0], -1).sum(axis=1)


def _features(a):
    """D, the number of features of one sample."""
    a = np.asarray(a)
    return int(np.prod(a.shape[1:], dtype=np.int64))


def _softplus(t):
    """log(1 + exp(t)), exact for every float t (never overflows)."""
    return np.logaddexp(0.0, t)


def reparameterize(mu, logvar, eps):
    mu, logvar, eps = _as_float(mu), _as_float(logvar), _as_float(eps)
    return mu + np.exp(0.5 * logvar) * eps


def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    # sigma^2 - 1 - log sigma^2 via expm1: no cancellation for logvar near 0, and >= 0.
    return 0.5 * _per_sample_sum(mu**2 + np.expm1(logvar) - logvar)


def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    sq = _per_sample_sum((x - x_mean) ** 2)
    return -0.5 * (_features(x) * (LOG_2PI + np.log(sigma2)) + sq / sigma2)


def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    # log sigmoid(l) = -softplus(-l), log(1 - sigmoid(l)) = -softplus(l): both terms <= 0.
    return -_per_sample_sum(x * _softplus(-logits) + (1.0 - x) * _softplus(logits))


def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) - beta * kl_divergence(mu, logvar)
