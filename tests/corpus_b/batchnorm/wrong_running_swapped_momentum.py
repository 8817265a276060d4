# WRONG: update_running_stats: swaps the momentum weights, momentum * old + (1 - momentum) * batch (the Keras convention) instead of torch's (1 - momentum) * old + momentum * batch.
import numpy as np


def _axes(X):
    # statistics over every axis except the feature / channel axis 1
    return (0,) if X.ndim == 2 else (0,) + tuple(range(2, X.ndim))


def _param(p, X):
    p = np.asarray(p, dtype=float)
    return p if X.ndim == 2 else p.reshape((1, -1) + (1,) * (X.ndim - 2))


def _normalise(X, gamma, beta, eps):
    X = np.asarray(X, dtype=float)
    ax = _axes(X)
    mean = X.mean(axis=ax, keepdims=True)
    var = X.var(axis=ax, keepdims=True)             # biased
    return _param(gamma, X) * (X - mean) / np.sqrt(var + eps) + _param(beta, X)


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    return _normalise(X, gamma, beta, eps)


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    X = np.asarray(X, dtype=float)
    dY = np.asarray(dY, dtype=float)
    mean = X.mean(axis=0)
    std = np.sqrt(X.var(axis=0) + eps)
    xhat = (X - mean) / std
    dbeta = dY.sum(axis=0)
    dgamma = (dY * xhat).sum(axis=0)
    dX = np.asarray(gamma, dtype=float) / std * (dY - dY.mean(axis=0) - xhat * (dY * xhat).mean(axis=0))
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    return _normalise(X, gamma, beta, eps)


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    X = np.asarray(X, dtype=float)
    if X.shape[0] < 2:
        raise ValueError("the unbiased batch variance needs at least 2 samples")
    mean = momentum * np.asarray(running_mean, dtype=float) + (1 - momentum) * X.mean(axis=0)
    var = momentum * np.asarray(running_var, dtype=float) + (1 - momentum) * X.var(axis=0, ddof=1)
    return mean, var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    X = np.asarray(X, dtype=float)
    return gamma * (X - running_mean) / np.sqrt(np.asarray(running_var, dtype=float) + eps) + beta
