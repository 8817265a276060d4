# CORRECT: equivalent forms (E[x^2] - E[x]^2, staged chain rule, 2d via reshape, folded affine inference)
import numpy as np


def _stats(X):
    mean = np.mean(X, axis=0)
    var = np.mean(X * X, axis=0) - mean * mean  # E[x^2] - E[x]^2 = biased variance
    return mean, np.maximum(var, 0.0)


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    mean, var = _stats(X)
    x_hat = (X - mean) / np.sqrt(var + eps)
    return gamma * x_hat + beta


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    # forward as a chain of small steps, then back through them in reverse order
    n = X.shape[0]
    mu = np.sum(X, axis=0) / n
    xc = X - mu
    var = np.sum(xc ** 2, axis=0) / n
    std = np.sqrt(var + eps)
    istd = 1.0 / std
    x_hat = xc * istd

    dbeta = np.sum(dY, axis=0)
    dgamma = np.sum(dY * x_hat, axis=0)
    dx_hat = dY * gamma
    distd = np.sum(dx_hat * xc, axis=0)
    dxc = dx_hat * istd
    dstd = -distd / std ** 2
    dvar = 0.5 * dstd / std
    dxc = dxc + 2.0 * xc * dvar / n
    dmu = -np.sum(dxc, axis=0)
    dX = dxc + dmu / n
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    N, C, H, W = X.shape
    rows = X.transpose(0, 2, 3, 1).reshape(-1, C)  # every pixel becomes a sample
    Y = batchnorm_forward(rows, gamma, beta, eps)
    return Y.reshape(N, H, W, C).transpose(0, 3, 1, 2)


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    n = X.shape[0]
    mean, var = _stats(X)
    unbiased = var * n / (n - 1)
    new_mean = running_mean + momentum * (mean - running_mean)
    new_var = running_var + momentum * (unbiased - running_var)
    return new_mean, new_var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    scale = gamma / np.sqrt(running_var + eps)
    shift = beta - running_mean * scale
    return X * scale + shift
