# Batch normalisation in numpy, written differently from the usual textbook form:
# - the forward pass as one affine map per feature, Y = a * X + b with a = gamma / std and
#   b = beta - a * mean (what an inference engine "folds" into the previous layer);
# - the backward pass in the compact form dX = (n dxhat - sum dxhat - xhat sum(dxhat xhat)) / (n std);
# - the 2-d form by moving the channels last and reusing the 1-d forward pass;
# - the unbiased variance as the biased one times n / (n - 1).
import numpy as np


def _fold(mean, var, gamma, beta, eps):
    a = gamma / np.sqrt(var + eps)
    return a, beta - a * mean


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    mean = X.mean(axis=0)
    var = np.mean((X - mean) ** 2, axis=0)
    a, b = _fold(mean, var, gamma, beta, eps)
    return X * a + b


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    n = X.shape[0]
    mean = X.mean(axis=0)
    var = np.var(X, axis=0)
    std = np.sqrt(var + eps)
    xhat = (X - mean) / std
    dxhat = dY * gamma
    dX = (n * dxhat - dxhat.sum(axis=0) - xhat * np.sum(dxhat * xhat, axis=0)) / (n * std)
    return dX, np.einsum("ij,ij->j", dY, xhat), dY.sum(axis=0)


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    N, C, H, W = X.shape
    columns = np.moveaxis(X, 1, -1).reshape(-1, C)  # one row per (image, pixel), one column per channel
    Y = batchnorm_forward(columns, gamma, beta, eps)
    return np.moveaxis(Y.reshape(N, H, W, C), -1, 1)


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    n = X.shape[0]
    mean = X.mean(axis=0)
    unbiased = np.var(X, axis=0) * n / (n - 1)
    return (running_mean + momentum * (mean - running_mean),
            running_var + momentum * (unbiased - running_var))


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    a, b = _fold(running_mean, running_var, gamma, beta, eps)
    return X * a + b
