"""Hidden cases for the VAE exercise, generated from the per-submission seed.

Every generator keeps the inputs where the known mistakes show: mu and logvar away from 0
(so sigma != 1 and sigma != sigma^2), sigma2 and beta away from 1, more than one feature and
latent dimension where a mean instead of a sum would hide, and logits of +-1000 and about
+-50 (where sigmoid rounds to 0 or 1 in float64).
"""
import numpy as np

from dlgrade.exercises.vae.public import Float


def away_from_zero(rng, size, lo, hi):
    """Uniform magnitudes in [lo, hi] with random signs."""
    return rng.uniform(lo, hi, size=size) * rng.choice([-1.0, 1.0], size=size)


def odd(rng, lo, hi):
    """An odd integer in [lo, hi]."""
    return int(rng.choice(np.arange(lo | 1, hi + 1, 2)))


def features(rng, n, lo, hi):
    """An odd number of features D in [lo, hi + 2] that differs from the batch size n, so that a
    constant computed with n in place of D shows."""
    D = odd(rng, lo, hi)
    return D + 2 if D == n else D


def encoder_output(rng, n, d):
    """mu and logvar away from 0."""
    return away_from_zero(rng, (n, d), 0.3, 2.0), away_from_zero(rng, (n, d), 0.3, 2.5)


def decoder_output(rng, n, D):
    """Data x and a decoder mean x_mean near it."""
    x_mean = rng.normal(size=(n, D))
    return x_mean + rng.normal(scale=0.7, size=(n, D)), x_mean


def saturated_logits(rng, n, D, magnitude):
    """Logits of +-magnitude with binary x; the first row holds every (x, sign) pair."""
    logits = magnitude * rng.choice([-1.0, 1.0], size=(n, D))
    x = rng.integers(0, 2, size=(n, D)).astype(float)
    logits[0, :4] = magnitude * np.array([1.0, -1.0, 1.0, -1.0])
    x[0, :4] = [1.0, 0.0, 0.0, 1.0]  # right, right, wrong (-magnitude), wrong (-magnitude)
    return x, logits


def cases(rng):
    out = []

    d = odd(rng, 3, 7)
    mu, logvar = encoder_output(rng, 1, d)
    out.append(Float("reparameterize", (mu, logvar, away_from_zero(rng, (1, d), 0.2, 2.0)),
                     name="reparameterize: a batch of one sample, odd latent size"))
    n, d = int(rng.integers(5, 10)), odd(rng, 3, 9)
    out.append(Float("reparameterize", (2.0 * rng.normal(size=(n, d)), rng.uniform(-3.0, 3.0, size=(n, d)),
                                        rng.normal(size=(n, d))),
                     name="reparameterize: random batch"))
    n, d = int(rng.integers(2, 6)), odd(rng, 3, 7)
    out.append(Float("reparameterize", (rng.normal(size=(n, d)), rng.uniform(-8.0, -4.0, size=(n, d)),
                                        rng.normal(size=(n, d))),
                     name="reparameterize: small variances (logvar < 0)"))

    d = odd(rng, 3, 7)
    out.append(Float("kl_divergence", encoder_output(rng, 1, d),
                     name="kl_divergence: a batch of one sample, odd latent size"))
    n, d = int(rng.integers(6, 11)), odd(rng, 3, 9)
    out.append(Float("kl_divergence", (1.5 * rng.normal(size=(n, d)), rng.uniform(-3.0, 2.5, size=(n, d))),
                     name="kl_divergence: random batch"))
    out.append(Float("kl_divergence", encoder_output(rng, 4, 1), name="kl_divergence: a single latent dimension"))
    n, d = int(rng.integers(3, 6)), odd(rng, 3, 7)
    mu, logvar = encoder_output(rng, n, d)
    mu[1], logvar[1] = 0.0, 0.0
    out.append(Float("kl_divergence", (mu, logvar), name="kl_divergence: one sample whose q equals the prior"))

    D = odd(rng, 3, 9)
    out.append(Float("gaussian_log_likelihood", decoder_output(rng, 1, D),
                     name="gaussian_log_likelihood: a batch of one sample, sigma2 = 1"))
    n = int(rng.integers(3, 7))
    D = features(rng, n, 5, 11)
    out.append(Float("gaussian_log_likelihood", decoder_output(rng, n, D), {"sigma2": float(rng.uniform(0.05, 0.5))},
                     name="gaussian_log_likelihood: sigma2 < 1"))
    n = int(rng.integers(3, 7))
    D = features(rng, n, 3, 9)
    out.append(Float("gaussian_log_likelihood", (*decoder_output(rng, n, D), float(rng.uniform(1.5, 4.0))),
                     name="gaussian_log_likelihood: sigma2 > 1"))

    out.append(Float("bernoulli_log_likelihood", saturated_logits(rng, 1, odd(rng, 5, 9), 1000.0),
                     name="bernoulli_log_likelihood: logits of +-1000, a batch of one sample"))
    n, D = int(rng.integers(3, 6)), odd(rng, 5, 11)
    x, logits = saturated_logits(rng, n, D, 1000.0)
    logits[:, -2:] = rng.normal(scale=3.0, size=(n, 2))  # mixed with ordinary logits
    out.append(Float("bernoulli_log_likelihood", (x, logits),
                     name="bernoulli_log_likelihood: logits of +-1000 mixed with ordinary ones"))
    out.append(Float("bernoulli_log_likelihood", saturated_logits(rng, 3, odd(rng, 5, 9), float(rng.uniform(40.0, 60.0))),
                     name="bernoulli_log_likelihood: logits of about +-50"))
    n, D = int(rng.integers(4, 8)), odd(rng, 5, 11)
    out.append(Float("bernoulli_log_likelihood", (rng.integers(0, 2, size=(n, D)).astype(float),
                                                  rng.normal(scale=4.0, size=(n, D))),
                     name="bernoulli_log_likelihood: random binary data"))
    n, D = int(rng.integers(3, 6)), odd(rng, 5, 11)
    out.append(Float("bernoulli_log_likelihood", (rng.uniform(0.0, 1.0, size=(n, D)), rng.normal(scale=3.0, size=(n, D))),
                     name="bernoulli_log_likelihood: grey values x in [0, 1]"))

    d, D = odd(rng, 3, 7), odd(rng, 3, 9)
    out.append(Float("elbo", (*decoder_output(rng, 1, D), *encoder_output(rng, 1, d)),
                     {"sigma2": float(rng.uniform(0.2, 0.8)), "beta": float(rng.uniform(2.0, 6.0))},
                     name="elbo: a batch of one sample, sigma2 < 1, beta > 1"))
    n, d = int(rng.integers(3, 7)), odd(rng, 3, 7)
    D = features(rng, n, 5, 11)
    out.append(Float("elbo", (*decoder_output(rng, n, D), *encoder_output(rng, n, d)),
                     name="elbo: defaults sigma2 = 1, beta = 1"))
    n, d = int(rng.integers(3, 7)), odd(rng, 3, 7)
    D = features(rng, n, 5, 11)
    out.append(Float("elbo", (*decoder_output(rng, n, D), *encoder_output(rng, n, d),
                              float(rng.uniform(1.5, 3.0)), float(rng.uniform(0.1, 0.5))),
                     name="elbo: sigma2 > 1, beta < 1"))
    n, d = int(rng.integers(2, 5)), odd(rng, 3, 7)
    D = features(rng, n, 3, 9)
    out.append(Float("elbo", (*decoder_output(rng, n, D), *encoder_output(rng, n, d)), {"beta": 0.0},
                     name="elbo: beta = 0 (reconstruction only)"))
    return out
