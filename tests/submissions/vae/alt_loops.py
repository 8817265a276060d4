"""A correct VAE submission with explicit loops over samples and features (standard library
only); it returns lists."""
import math


def _softplus(t):
    # log(1 + e^t) without overflow: max(t, 0) + log(1 + e^-|t|)
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def reparameterize(mu, logvar, eps):
    z = []
    for mu_row, lv_row, eps_row in zip(mu, logvar, eps):
        z.append([float(m) + math.exp(float(lv) / 2.0) * float(e) for m, lv, e in zip(mu_row, lv_row, eps_row)])
    return z


def kl_divergence(mu, logvar):
    out = []
    for mu_row, lv_row in zip(mu, logvar):
        total = 0.0
        for m, lv in zip(mu_row, lv_row):
            m, lv = float(m), float(lv)
            total += 0.5 * (m * m + math.exp(lv) - 1.0 - lv)
        out.append(total)
    return out


def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    out = []
    for x_row, m_row in zip(x, x_mean):
        total = 0.0
        for xi, mi in zip(x_row, m_row):
            total += -0.5 * math.log(2.0 * math.pi * sigma2) - (float(xi) - float(mi)) ** 2 / (2.0 * sigma2)
        out.append(total)
    return out


def bernoulli_log_likelihood(x, logits):
    out = []
    for x_row, l_row in zip(x, logits):
        total = 0.0
        for xi, li in zip(x_row, l_row):
            xi, li = float(xi), float(li)
            # log sigmoid(l) = -softplus(-l), log(1 - sigmoid(l)) = -softplus(l)
            if xi != 0.0:
                total -= xi * _softplus(-li)
            if xi != 1.0:
                total -= (1.0 - xi) * _softplus(li)
        out.append(total)
    return out


def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    ll = gaussian_log_likelihood(x, x_mean, sigma2)
    kl = kl_divergence(mu, logvar)
    return [a - beta * b for a, b in zip(ll, kl)]
