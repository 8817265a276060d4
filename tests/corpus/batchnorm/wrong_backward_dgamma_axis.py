# WRONG: batchnorm_backward: dgamma is summed over the feature axis (axis=1) instead of over the batch.
import numpy as np


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    mean = X.mean(axis=0)
    var = X.var(axis=0)  # biased (divides by n)
    return gamma * (X - mean) / np.sqrt(var + eps) + beta


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    n = X.shape[0]
    mean = X.mean(axis=0)
    inv_std = 1.0 / np.sqrt(X.var(axis=0) + eps)
    x_hat = (X - mean) * inv_std
    dbeta = dY.sum(axis=0)
    dgamma = (dY * x_hat).sum(axis=1)
    dX = gamma * inv_std / n * (n * dY - dbeta - x_hat * (dY * x_hat).sum(axis=0))
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    mean = X.mean(axis=(0, 2, 3), keepdims=True)
    var = X.var(axis=(0, 2, 3), keepdims=True)
    g = np.reshape(gamma, (1, -1, 1, 1))
    b = np.reshape(beta, (1, -1, 1, 1))
    return g * (X - mean) / np.sqrt(var + eps) + b


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    mean = (1 - momentum) * running_mean + momentum * X.mean(axis=0)
    var = (1 - momentum) * running_var + momentum * X.var(axis=0, ddof=1)
    return mean, var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (X - running_mean) / np.sqrt(running_var + eps) + beta
