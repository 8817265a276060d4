# CORRECT: torch float32 tensor operations, returns tensors
import torch


def _f(a):
    return torch.as_tensor(a).to(torch.float32)


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    X = _f(X)
    mean = X.mean(dim=0)
    var = X.var(dim=0, unbiased=False)
    return _f(gamma) * (X - mean) / torch.sqrt(var + eps) + _f(beta)


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    X, dY, gamma = _f(X), _f(dY), _f(gamma)
    n = X.shape[0]
    std = torch.sqrt(X.var(dim=0, unbiased=False) + eps)
    x_hat = (X - X.mean(dim=0)) / std
    dbeta = dY.sum(dim=0)
    dgamma = (dY * x_hat).sum(dim=0)
    dx_hat = dY * gamma
    dX = (dx_hat - dx_hat.mean(dim=0) - x_hat * (dx_hat * x_hat).mean(dim=0)) / std
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    X = _f(X)
    mean = X.mean(dim=(0, 2, 3), keepdim=True)
    var = X.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
    return _f(gamma).view(1, -1, 1, 1) * (X - mean) / torch.sqrt(var + eps) \
        + _f(beta).view(1, -1, 1, 1)


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    X = _f(X)
    mean = (1 - momentum) * _f(running_mean) + momentum * X.mean(dim=0)
    var = (1 - momentum) * _f(running_var) + momentum * X.var(dim=0, unbiased=True)
    return mean, var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    X = _f(X)
    return _f(gamma) * (X - _f(running_mean)) / torch.sqrt(_f(running_var) + eps) + _f(beta)
