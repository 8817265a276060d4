"""Reference solution: batch normalisation (lecture notes 004, slide "Batch-Normalisierung").

Training mode normalises every feature (a column of X (n, d), a channel of an (N, C, H, W)
input) with the statistics of the batch: the mean and the BIASED variance (divide by n).
The running statistics follow torch's rule with the UNBIASED variance (divide by n - 1);
inference normalises with the running statistics instead of the batch's.
"""
import numpy as np


def _as_float(a):
    return np.asarray(a, dtype=np.float64)


def batch_moments(X, axes):
    """Mean and biased variance (mean of the squared deviations) over `axes`, kept as size-1 axes.

    Two passes (first the mean, then the squared deviations) rather than E[x^2] - E[x]^2, which
    cancels for features with a large mean.
    """
    mean = X.mean(axis=axes, keepdims=True)
    var = ((X - mean) ** 2).mean(axis=axes, keepdims=True)
    return mean, var


def inverse_std(var, eps):
    """1 / sqrt(var + eps): eps inside the square root, as in torch."""
    return 1.0 / np.sqrt(var + eps)


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    mean, var = batch_moments(X, axes=0)
    X_hat = (X - mean) * inverse_std(var, eps)
    return gamma * X_hat + beta


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _as_float(dY), _as_float(X), _as_float(gamma)
    mean, var = batch_moments(X, axes=0)
    inv_std = inverse_std(var, eps)
    X_hat = (X - mean) * inv_std
    dbeta = dY.sum(axis=0)
    dgamma = (dY * X_hat).sum(axis=0)
    # dL/dX_hat = gamma dY; the mean and the variance depend on every sample of the column, so
    # besides the direct path each sample gets the two paths through them (chain rule, summed):
    # dX = gamma / sqrt(var + eps) * (dY - mean(dY) - X_hat * mean(dY * X_hat))
    dX = gamma * inv_std * (dY - dY.mean(axis=0) - X_hat * (dY * X_hat).mean(axis=0))
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    mean, var = batch_moments(X, axes=(0, 2, 3))  # one mean and variance per channel
    X_hat = (X - mean) * inverse_std(var, eps)
    return gamma.reshape(1, -1, 1, 1) * X_hat + beta.reshape(1, -1, 1, 1)


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    running_mean, running_var, X = _as_float(running_mean), _as_float(running_var), _as_float(X)
    mean = X.mean(axis=0)
    var = X.var(axis=0, ddof=1)  # unbiased: divide by n - 1 (needs n >= 2)
    return (1.0 - momentum) * running_mean + momentum * mean, (1.0 - momentum) * running_var + momentum * var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    running_mean, running_var = _as_float(running_mean), _as_float(running_var)
    return gamma * (X - running_mean) * inverse_std(running_var, eps) + beta
