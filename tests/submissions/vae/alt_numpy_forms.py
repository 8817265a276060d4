"""A correct VAE submission in numpy, with other (equivalent) formulas than the reference:
sigma from sqrt(exp(logvar)), the KL as the slide's expression negated, the squared norm via
einsum, and the Bernoulli term as x * l - softplus(l)."""
import numpy as np


def reparameterize(mu, logvar, eps):
    sigma = np.sqrt(np.exp(logvar))
    return mu + sigma * eps


def kl_divergence(mu, logvar):
    sigma2 = np.exp(logvar)
    neg_kl = 0.5 * np.sum(1 + np.log(sigma2) - mu**2 - sigma2, axis=-1)  # eq. (91) is -D_KL
    return -neg_kl


def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    diff = x - x_mean
    D = x.shape[1]
    return -np.einsum("nd,nd->n", diff, diff) / (2 * sigma2) - D / 2 * np.log(2 * np.pi) - D / 2 * np.log(sigma2)


def bernoulli_log_likelihood(x, logits):
    # x log p + (1 - x) log(1 - p) = x l - log(1 + e^l)
    softplus = np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))
    return (x * logits - softplus).sum(axis=1)


def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) - beta * kl_divergence(mu, logvar)
