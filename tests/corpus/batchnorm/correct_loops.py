# CORRECT: explicit Python loops over features/channels and samples
import math
import numpy as np


def _mean_var(values):
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / n  # biased
    return mean, var


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    n, d = X.shape
    Y = np.empty((n, d))
    for j in range(d):
        col = [float(X[i, j]) for i in range(n)]
        mean, var = _mean_var(col)
        std = math.sqrt(var + eps)
        for i in range(n):
            Y[i, j] = gamma[j] * (col[i] - mean) / std + beta[j]
    return Y


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    n, d = X.shape
    dX = np.empty((n, d))
    dgamma = np.empty(d)
    dbeta = np.empty(d)
    for j in range(d):
        col = [float(X[i, j]) for i in range(n)]
        mean, var = _mean_var(col)
        std = math.sqrt(var + eps)
        xhat = [(v - mean) / std for v in col]
        g = [float(dY[i, j]) for i in range(n)]
        dbeta[j] = sum(g)
        dgamma[j] = sum(g[i] * xhat[i] for i in range(n))
        # chain rule through xhat, var and mean (lecture: backprop on a graph)
        dxhat = [g[i] * gamma[j] for i in range(n)]
        dvar = sum(dxhat[i] * (col[i] - mean) for i in range(n)) * -0.5 * std ** -3
        dmean = -sum(dxhat) / std + dvar * -2.0 * sum(v - mean for v in col) / n
        for i in range(n):
            dX[i, j] = dxhat[i] / std + dvar * 2.0 * (col[i] - mean) / n + dmean / n
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    N, C, H, W = X.shape
    Y = np.empty(X.shape)
    for c in range(C):
        values = [float(v) for v in X[:, c, :, :].ravel()]
        mean, var = _mean_var(values)
        std = math.sqrt(var + eps)
        Y[:, c, :, :] = gamma[c] * (X[:, c, :, :] - mean) / std + beta[c]
    return Y


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    n, d = X.shape
    new_mean = np.empty(d)
    new_var = np.empty(d)
    for j in range(d):
        mean, var = _mean_var([float(X[i, j]) for i in range(n)])
        unbiased = var * n / (n - 1)
        new_mean[j] = (1 - momentum) * running_mean[j] + momentum * mean
        new_var[j] = (1 - momentum) * running_var[j] + momentum * unbiased
    return new_mean, new_var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    n, d = X.shape
    Y = np.empty((n, d))
    for j in range(d):
        std = math.sqrt(running_var[j] + eps)
        for i in range(n):
            Y[i, j] = gamma[j] * (X[i, j] - running_mean[j]) / std + beta[j]
    return Y
