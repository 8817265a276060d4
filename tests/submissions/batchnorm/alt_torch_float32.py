# Batch normalisation with torch tensors in float32 (torch's default dtype), as a student
# who prototypes in torch would write it. No autograd: the backward pass is written out.
import torch


def _t(a):
    return torch.as_tensor(a, dtype=torch.float32)


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    X = _t(X)
    mean = X.mean(dim=0)
    var = X.var(dim=0, unbiased=False)
    return _t(gamma) * (X - mean) / torch.sqrt(var + eps) + _t(beta)


def batchnorm_backward(dY, X, gamma, eps=1e-5):
    dY, X, gamma = _t(dY), _t(X), _t(gamma)
    n = X.shape[0]
    mean = X.mean(dim=0)
    var = X.var(dim=0, unbiased=False)
    std = torch.sqrt(var + eps)
    x_hat = (X - mean) / std
    dbeta = dY.sum(dim=0)
    dgamma = (dY * x_hat).sum(dim=0)
    dx_hat = dY * gamma
    dX = (n * dx_hat - dx_hat.sum(dim=0) - x_hat * (dx_hat * x_hat).sum(dim=0)) / (n * std)
    return dX, dgamma, dbeta


def batchnorm2d_forward(X, gamma, beta, eps=1e-5):
    X = _t(X)
    mean = X.mean(dim=(0, 2, 3), keepdim=True)
    var = X.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
    g = _t(gamma).view(1, -1, 1, 1)
    b = _t(beta).view(1, -1, 1, 1)
    return g * (X - mean) / torch.sqrt(var + eps) + b


def update_running_stats(running_mean, running_var, X, momentum=0.1):
    X = _t(X)
    new_mean = (1 - momentum) * _t(running_mean) + momentum * X.mean(dim=0)
    new_var = (1 - momentum) * _t(running_var) + momentum * X.var(dim=0, unbiased=True)
    return new_mean, new_var


def batchnorm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    X = _t(X)
    return _t(gamma) * (X - _t(running_mean)) / torch.sqrt(_t(running_var) + eps) + _t(beta)
