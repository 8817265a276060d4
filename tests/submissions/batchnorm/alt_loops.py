# Batch normalisation with explicit loops over the features and the samples (float64 numpy
# arrays, one entry at a time), the way the formulas read on paper.
import math

import numpy as np


def _column_stats(X, j):
    n = X.shape[0]
    mean = 0.0
    for i in range(n):
        mean += X[i, j]
    mean /= n
    var = 0.0
    for i in range(n):
        var += (X[i, j] - mean) ** 2
    var /= n
    return mean, var


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    n, d = X.shape
    Y = np.zeros((n, d))
    for j in range(d):
        mean, var = _column_stats(X, j)
        std = math.sqrt(var + eps)
        for i in range(n):
            Y[i, j] = gamma[j] * (X[i, j] - mean) / std + beta[j]
    return Y


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    n, d = X.shape
    dX = np.zeros((n, d))
    dgamma = np.zeros(d)
    dbeta = np.zeros(d)
    for j in range(d):
        mean, var = _column_stats(X, j)
        std = math.sqrt(var + eps)
        xhat = [(X[i, j] - mean) / std for i in range(n)]
        dxhat = [dY[i, j] * gamma[j] for i in range(n)]
        for i in range(n):
            dbeta[j] += dY[i, j]
            dgamma[j] += dY[i, j] * xhat[i]
        # path through the variance: dL/dvar = sum_i dxhat_i (x_i - mean) * (-1/2) (var + eps)^(-3/2)
        dvar = 0.0
        for i in range(n):
            dvar += dxhat[i] * (X[i, j] - mean) * -0.5 * (var + eps) ** -1.5
        # path through the mean (directly and through the variance, whose part is 0)
        dmean = 0.0
        for i in range(n):
            dmean += -dxhat[i] / std
        for i in range(n):
            dmean += dvar * -2.0 * (X[i, j] - mean) / n
        for i in range(n):
            dX[i, j] = dxhat[i] / std + dvar * 2.0 * (X[i, j] - mean) / n + dmean / n
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    N, C, H, W = X.shape
    Y = np.zeros(X.shape)
    for c in range(C):
        total = 0.0
        for n in range(N):
            for h in range(H):
                for w in range(W):
                    total += X[n, c, h, w]
        mean = total / (N * H * W)
        sq = 0.0
        for n in range(N):
            for h in range(H):
                for w in range(W):
                    sq += (X[n, c, h, w] - mean) ** 2
        std = math.sqrt(sq / (N * H * W) + eps)
        for n in range(N):
            for h in range(H):
                for w in range(W):
                    Y[n, c, h, w] = gamma[c] * (X[n, c, h, w] - mean) / std + beta[c]
    return Y


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    n, d = X.shape
    new_mean = np.zeros(d)
    new_var = np.zeros(d)
    for j in range(d):
        mean, var = _column_stats(X, j)
        unbiased = var * n / (n - 1)
        new_mean[j] = (1 - momentum) * running_mean[j] + momentum * mean
        new_var[j] = (1 - momentum) * running_var[j] + momentum * unbiased
    return new_mean, new_var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    n, d = X.shape
    Y = np.zeros((n, d))
    for i in range(n):
        for j in range(d):
            Y[i, j] = gamma[j] * (X[i, j] - running_mean[j]) / math.sqrt(running_var[j] + eps) + beta[j]
    return Y
