# CORRECT: torch tensors in float32 (torch.sigmoid, cosh, logaddexp), returns tensors
import numpy as np
import torch


def _t(z):
    return torch.as_tensor(np.asarray(z, dtype=float), dtype=torch.float32)


def _check(name):
    if name not in ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus"):
        raise ValueError(f"unknown activation {name}")


def _dsig(z):
    e = torch.exp(-torch.abs(z))
    return e / (1 + e) ** 2             # = sigmoid(z) * (1 - sigmoid(z)), no cancellation


def activation(name, z):
    _check(name)
    z = _t(z)
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.clamp(z, min=0.0)
    if name == "leaky_relu":
        return torch.where(z > 0, z, 0.01 * z)
    if name == "swish":
        return z * torch.sigmoid(z)
    return torch.logaddexp(torch.zeros_like(z), z)     # softplus


def activation_grad(name, z):
    _check(name)
    z = _t(z)
    if name == "sigmoid":
        return _dsig(z)
    if name == "tanh":
        return 1.0 / torch.cosh(z) ** 2
    if name == "relu":
        return (z > 0).to(torch.float32)
    if name == "leaky_relu":
        return torch.where(z > 0, torch.ones_like(z), torch.full_like(z, 0.01))
    if name == "swish":
        return torch.sigmoid(z) + z * _dsig(z)
    return torch.sigmoid(z)                             # softplus
