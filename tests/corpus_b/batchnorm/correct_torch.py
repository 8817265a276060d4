# CORRECT: torch float64 tensors, backward written as the staged chain rule through mean, variance and xhat
import numpy as np
import torch


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def _bn(X, gamma, beta, eps, dims, shape):
    mu = X.mean(dim=dims, keepdim=True)
    var = ((X - mu) ** 2).mean(dim=dims, keepdim=True)
    return gamma.reshape(shape) * (X - mu) / torch.sqrt(var + eps) + beta.reshape(shape)


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    X = _t(X)
    if X.dim() == 4:
        return batchnorm2d_forward(X, gamma, beta, eps)
    return _bn(X, _t(gamma), _t(beta), eps, (0,), (1, -1))


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _t(dY), _t(X), _t(gamma)
    N = X.shape[0]
    mu = X.mean(dim=0)
    xmu = X - mu
    var = (xmu ** 2).mean(dim=0)
    sqrtvar = torch.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    dbeta = dY.sum(dim=0)
    dgamma = (dY * xhat).sum(dim=0)
    dxhat = dY * gamma
    divar = (dxhat * xmu).sum(dim=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar / sqrtvar ** 2
    dvar = 0.5 * dsqrtvar / sqrtvar
    dxmu2 = 2.0 * xmu * dvar / N
    dx1 = dxmu1 + dxmu2
    dmu = -dx1.sum(dim=0)
    dX = dx1 + dmu / N
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    return _bn(_t(X), _t(gamma), _t(beta), eps, (0, 2, 3), (1, -1, 1, 1))


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    X = _t(X)
    batch_mean = X.mean(dim=0)
    batch_var = X.var(dim=0, unbiased=True)
    return ((1 - momentum) * _t(running_mean) + momentum * batch_mean,
            (1 - momentum) * _t(running_var) + momentum * batch_var)


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    X = _t(X)
    return _t(gamma) * (X - _t(running_mean)) / torch.sqrt(_t(running_var) + eps) + _t(beta)
