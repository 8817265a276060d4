# FORBIDDEN: kl_divergence, gaussian_log_likelihood, elbo
"""A correct VAE submission written with torch.distributions; it returns torch tensors."""
import math

import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence as kl


def _t(a):
    return torch.as_tensor(a, dtype=torch.float64)


def reparameterize(mu, logvar, eps):
    mu, logvar, eps = _t(mu), _t(logvar), _t(eps)
    return mu + torch.exp(0.5 * logvar) * eps


def kl_divergence(mu, logvar):
    mu, logvar = _t(mu), _t(logvar)
    q = Normal(mu, torch.exp(0.5 * logvar))
    p = Normal(torch.zeros_like(mu), torch.ones_like(mu))
    return kl(q, p).sum(dim=1)


def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _t(x), _t(x_mean)
    return Normal(x_mean, math.sqrt(sigma2)).log_prob(x).flatten(1).sum(dim=1)


def bernoulli_log_likelihood(x, logits):
    x, logits = _t(x), _t(logits)
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(dim=1)


def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) - beta * kl_divergence(mu, logvar)
